import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Server as TlsServer } from 'node:tls';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  LogController,
  type RawServerDefault,
} from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Access } from './access.ts';
import { type AuthenticationOptions, installAuthentication } from './authenticate.ts';
import {
  clientErrorHandler,
  ErrorEnvelope,
  frameworkErrorHandler,
  installErrorHandlers,
  writeRawError,
} from './errors.ts';
import { installJsonBodyParser } from './json-body.ts';
import { loggableUrl } from './log-url.ts';
import { answerPlainHttp } from './plain-http.ts';

export type RigApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface HttpOptions {
  logger: FastifyBaseLogger;
  bodyLimit: number;
  version: string;
  authentication: AuthenticationOptions;
  /** PEM certificate and key: serve HTTPS (and WSS). */
  tls?: { cert: Buffer; key: Buffer } | undefined;
  /** Networks of reverse proxies whose X-Forwarded-* headers are believed (request.ip, protocol). */
  trustProxy?: readonly string[] | undefined;
}

/**
 * Routes added by plugins (Swagger UI, the dashboard's static files) cannot declare their
 * access; these are public. Any other route without a declared access is refused at
 * registration, so none can slip past the policy.
 */
function defaultAccess(url: string): Access | undefined {
  if (url === '/api/docs' || url.startsWith('/api/docs/')) return 'public';
  if (!url.startsWith('/api/')) return 'public';
  return undefined;
}

/** One method of one route, as registered (HEAD routes that fastify adds included). */
export interface RouteEntry {
  method: string;
  url: string;
  /** A websocket route: a GET that expects an upgrade. */
  websocket: boolean;
  /** Who may call it (http/access.ts). */
  access: Access;
}

const routeTableName = 'rigRouteTable';

/** Every route of the server, whoever registered it (tests fuzz them all; nothing is hard-coded). */
export function listRoutes(app: FastifyInstance): readonly RouteEntry[] {
  return app.getDecorator<RouteEntry[]>(routeTableName);
}

/** Common error answers, for the OpenAPI document. */
export const errorResponses = {
  400: ErrorEnvelope.describe('Invalid input'),
  404: ErrorEnvelope.describe('Not found'),
} as const;

/**
 * The API server, configured but not listening: features add their routes, then the
 * composition root calls `listen`.
 */
export async function createHttpServer(options: HttpOptions): Promise<RigApp> {
  const app = Fastify({
    ...(options.tls ? { https: { cert: options.tls.cert, key: options.tls.key } } : {}),
    trustProxy: options.trustProxy?.length ? [...options.trustProxy] : false,
    loggerInstance: options.logger,
    // Requests are logged once, by the onResponse hook below (debug; errors at error).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit,
    routerOptions: { maxParamLength: 256 },
    return503OnClosing: true,
    forceCloseConnections: true,
    frameworkErrors: frameworkErrorHandler,
    // Requests Node's HTTP parser rejects (unknown method, bad header) never reach fastify.
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>() as unknown as RigApp;
  if (options.tls) {
    const plain = answerPlainHttp(app.server as unknown as TlsServer, 'https');
    app.addHook('preClose', (done) => {
      plain.dropWaiting();
      done();
    });
  }

  // Before any plugin, so that the routes of plugins (swagger UI, static files) are listed too.
  const routes: RouteEntry[] = [];
  app.decorate(routeTableName, { getter: () => routes });
  app.addHook('onRoute', (route) => {
    if (route.config?.access === undefined) {
      const access = defaultAccess(route.url);
      if (!access)
        throw new Error(`route ${String(route.method)} ${route.url} declares no access (config.access)`);
      route.config = { ...route.config, access };
    }
    const websocket = (route as { websocket?: boolean }).websocket === true;
    const access = route.config.access as Access;
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, websocket, access });
  });

  app.setValidatorCompiler(validatorCompiler);
  // Response schemas document the API; handlers are typed by them already, so the reply is
  // serialised without validating it again (listing 1000 devices must stay cheap).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  installErrorHandlers(app);

  await app.register(fastifyCookie);
  installAuthentication(app, options.authentication);
  installJsonBodyParser(app);
  app.addContentTypeParser(
    ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain'],
    { parseAs: 'string' },
    (_request, body, done) => done(null, body),
  );

  // No sniffing of content types, no framing by other sites (clickjacking), no full URLs
  // (which may carry ids) leaked to other origins.
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'same-origin');
    done(null, payload);
  });

  app.addHook('onResponse', (request, reply, done) => {
    const entry = {
      method: request.method,
      url: loggableUrl(request.url),
      status: reply.statusCode,
      ms: reply.elapsedTime,
    };
    if (reply.statusCode >= 500) request.log.error(entry, 'request failed');
    else request.log.debug(entry, 'request');
    // A websocket handshake refused by the authentication hook (401, 403) never reaches the
    // websocket plugin's hook that would close its socket: close it here, or it stays open
    // (and `close()` waits for it forever). Accepted handshakes are hijacked: no onResponse.
    if (request.raw.headers.upgrade) request.raw.socket.destroy();
    done();
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Rig API',
        version: options.version,
        description:
          'Control plane for shared hardware testbeds. Errors: `{"error":{"code","message","details"}}`.',
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  await app.register(fastifyWebsocket, {
    options: { maxPayload: 1 << 20 },
    // Closing: clients learn that the server is going away (1001), not an unexplained 1005.
    preClose(done) {
      for (const client of this.websocketServer.clients) client.close(1001, 'server stopping');
      // Refuses new upgrades from here on, as the plugin's default pre-close does.
      this.websocketServer.close();
      done();
    },
  });
  // Without these listeners a CONNECT request is dropped unanswered, and ws refuses a
  // malformed websocket handshake with a text/html body.
  app.server.on('connect', (_request, socket: Duplex) =>
    writeRawError(socket, 405, 'RIG_ERR_METHOD_NOT_ALLOWED', 'CONNECT is not supported'),
  );
  app.websocketServer.on('wsClientError', (error: Error, socket: Duplex) => {
    const [status, code] = /method/i.test(error.message)
      ? ([405, 'RIG_ERR_METHOD_NOT_ALLOWED'] as const)
      : ([400, 'RIG_ERR_BAD_REQUEST'] as const);
    writeRawError(socket, status, code, `websocket handshake refused: ${error.message}`);
  });

  app.get('/api/openapi.json', { schema: { hide: true }, config: { access: 'public' } }, async () =>
    app.swagger(),
  );
  return app;
}

export interface Probes {
  /** Undefined when ready; otherwise why not (starting, stopping, store unreachable). */
  notReady(): Promise<string | undefined>;
}

export function registerHealthRoutes(app: RigApp, probes: Probes): void {
  const Health = z.strictObject({ status: z.string() });
  app.get(
    '/healthz',
    {
      schema: { tags: ['operations'], summary: 'Liveness: the process answers', response: { 200: Health } },
      config: { access: 'public' },
    },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: started, store reachable',
        response: { 200: Health, 503: ErrorEnvelope },
      },
      config: { access: 'public' },
    },
    async (_request, reply) => {
      const problem = await probes.notReady();
      if (!problem) return { status: 'ready' };
      return reply.code(503).send({ error: { code: 'RIG_ERR_UNAVAILABLE', message: problem } });
    },
  );
}
