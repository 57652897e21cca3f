// Bundles the server and the CLI (src/cli/main.ts) into dist/cli/ with esbuild: one file
// (plus chunks loaded on demand) starts in a third of the time of hundreds of ESM modules,
// which is most of Rig's cold start. Type checking is tsc's job (`npm run typecheck`).
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));

// Only the bundle's folder: dist/ also holds the test runs' build stamp and lock.
await rm(`${root}dist/cli`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: 'dist/cli',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
  // Native code, a driver loaded only for postgres:// URLs, and a plugin that serves files
  // from its own folder stay in node_modules.
  external: ['better-sqlite3', 'pg', '@fastify/swagger-ui'],
  // CommonJS dependencies inside an ES module still call require() and read __dirname.
  banner: {
    js: [
      "import { createRequire as __rigRequire } from 'node:module';",
      "import { fileURLToPath as __rigPath } from 'node:url';",
      'const require = __rigRequire(import.meta.url);',
      'const __filename = __rigPath(import.meta.url);',
      "const __dirname = __rigPath(new URL('.', import.meta.url));",
    ].join('\n'),
  },
});
