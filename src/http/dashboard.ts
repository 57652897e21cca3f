import fastifyStatic from '@fastify/static';
import type { RigApp } from './server.ts';

const notBuilt = `<!doctype html><meta charset="utf-8"><title>Rig</title>
<p>The dashboard is not built. Run <code>npm run build</code>, then reload. The API is at
<a href="/api/docs">/api/docs</a>.</p>`;

/**
 * Serves the built dashboard (web/dist) at `/`. Vite names assets by their content hash, so
 * they can be cached for good; index.html must be revalidated so a new build is picked up.
 */
export async function registerDashboard(app: RigApp, dir: string | undefined): Promise<void> {
  if (!dir) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/html').send(notBuilt),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    index: 'index.html',
    wildcard: false,
    setHeaders: (reply, file) => {
      const hashed = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.\w+$/.test(file);
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
