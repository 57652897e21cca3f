import type { Logger } from 'pino';
import type { Feature } from '../app/feature.ts';
import type { RigApp } from '../http/server.ts';
import { EventsHub, type HubOptions, type TopicSource } from './hub.ts';
import { ConnectQuery } from './protocol.ts';

export type { TopicSource } from './hub.ts';
export type { ServerMessage } from './protocol.ts';

/** The /api/v1/events websocket. Topics are added by the composition root. */
export class EventsFeature implements Feature {
  readonly name = 'events';
  readonly hub: EventsHub;

  constructor(options: HubOptions, logger: Logger) {
    this.hub = new EventsHub(options, logger);
  }

  addTopic(source: TopicSource): void {
    this.hub.addTopic(source);
  }

  publish(topic: string, type: string, data: unknown): void {
    this.hub.publish(topic, type, data);
  }

  registerRoutes(app: RigApp): void {
    app.get(
      '/api/v1/events',
      {
        websocket: true,
        schema: {
          tags: ['events'],
          summary: 'Websocket of live events: snapshot, then numbered changes; resume with ?since=',
          description:
            'Server frames: hello, snapshot (one per topic), events (a list), heartbeat, pong, error. ' +
            'Client frames: {"type":"subscribe","topics":[…],"since":N,"epoch":E} and {"type":"ping"}. ' +
            'Topics: ' +
            this.hub.topicNames().join(', ') +
            '. See docs/api.md.',
          querystring: ConnectQuery,
        },
      },
      (socket, request) => {
        const query = request.query as { topics?: string; since?: number; epoch?: string };
        const topics = query.topics
          ?.split(',')
          .map((t) => t.trim())
          .filter(Boolean);
        this.hub.accept(socket, topics, query.since, query.epoch);
      },
    );
  }

  async start(): Promise<void> {
    this.hub.start();
  }

  async stop(): Promise<void> {
    this.hub.stop();
  }
}
