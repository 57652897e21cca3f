import { createServer, type Server, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/http.ts';
import { createPgSchema, type PgSchema, requirePostgres } from '../helpers/postgres.ts';
import { startRig, type TestRig } from '../helpers/rig.ts';

/** A TCP relay to PostgreSQL that the test can cut, as a network failure would. */
class Relay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async open(port = 0): Promise<void> {
    this.server = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(5432, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

const runPg = await requirePostgres();

describe.skipIf(!runPg)('when the database goes away', () => {
  const relay = new Relay();
  let schema: PgSchema;
  let t: TestRig;

  beforeAll(async () => {
    await relay.open();
    schema = await createPgSchema();
    const url = new URL(schema.url);
    url.port = String(relay.port);
    t = await startRig({ db: url.toString() });
  });
  afterAll(async () => {
    await t?.destroy();
    await relay.cut().catch(() => {});
    await schema?.drop();
  });

  it('answers 503 RIG_ERR_UNAVAILABLE, not 500, and recovers when it is back', async () => {
    // A lookup reads the database (listings may be answered from memory).
    const lookup = '/api/v1/devices/node/1';
    expect((await api(t.url, 'GET', lookup)).status).toBe(404);
    await relay.cut();
    const down = await api(t.url, 'GET', lookup);
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('RIG_ERR_UNAVAILABLE');
    const ready = await api(t.url, 'GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.error.message).toMatch(/store unreachable/);
    await relay.open(relay.port);
    expect((await api(t.url, 'GET', lookup)).status).toBe(404);
    expect((await api(t.url, 'GET', '/readyz')).status).toBe(200);
  });
});
