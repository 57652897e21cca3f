import type { Logger } from 'pino';
import type { Feature } from '../app/feature.ts';
import { errorBody } from '../http/errors.ts';
import type { RigApp } from '../http/server.ts';
import { EventsHub, type HubOptions, type TopicSource } from './hub.ts';
import { ConnectQuery } from './protocol.ts';

export type { TopicSource } from './hub.ts';
export { KeyedState } from './keyed-state.ts';
export type { ClientMessage, LiveEvent, ServerMessage } from './protocol.ts';
export { CLOSE_SLOW_CONSUMER } from './protocol.ts';

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
        config: { access: 'read' },
        websocket: true,
        schema: {
          tags: ['events'],
          summary: 'Websocket of live events: snapshots, then numbered changes; resume with ?since=&epoch=',
          description:
            'Server frames: hello, subscribed, snapshot, events, heartbeat, pong, error. ' +
            'Client frames: {"type":"subscribe","topics":[…]} and {"type":"ping"}. ' +
            `Topics: ${this.hub.topicNames().join(', ')}. See docs/api.md.`,
          querystring: ConnectQuery,
        },
        // The query is validated (400) before this; a request without Upgrade ends here.
        preHandler: (request, reply, done) => {
          if (request.ws) return done();
          void reply
            .code(426)
            .header('upgrade', 'websocket')
            .send(
              errorBody(
                'RIG_ERR_BAD_REQUEST',
                'this is a websocket endpoint: connect with Upgrade: websocket',
              ),
            );
        },
      },
      (socket, request) => this.hub.accept(socket, { ...request.query, principal: request.principal }),
    );
  }

  async start(): Promise<void> {
    await this.hub.start();
  }

  async stop(): Promise<void> {
    await this.hub.stop();
  }
}
