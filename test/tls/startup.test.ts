import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from '../cli/cli-process.ts';
import { startRig } from '../helpers/rig.ts';
import { type SelfSigned, selfSigned } from './certificate.ts';

describe('TLS start-up and stop', () => {
  let cert: SelfSigned;
  let other: SelfSigned;
  let dir: string;

  beforeAll(async () => {
    [cert, other] = await Promise.all([selfSigned(), selfSigned()]);
    dir = await mkdtemp(path.join(tmpdir(), 'rig-tls-start-'));
  });
  afterAll(async () => {
    await cert?.remove();
    await other?.remove();
    await rm(dir, { recursive: true, force: true });
  });

  it('stops `rig serve` with exit 1 and a message naming a missing certificate file', async () => {
    await ensureBuilt();
    const missing = path.join(dir, 'missing-cert.pem');
    const args = ['serve', '--port', '0', '--sidecar-port', '0', '--data', path.join(dir, 'data')];
    const { code, stderr } = await runCli([...args, '--tls-cert', missing, '--tls-key', cert.keyFile]);
    expect(code).toBe(1);
    expect(stderr).toContain(`cannot read the TLS certificate ${missing}`);
  });

  it('refuses to start with a missing key, a file that is not PEM, or a key of another certificate', async () => {
    const notPem = path.join(dir, 'not.pem');
    await writeFile(notPem, 'hello\n');
    const cases: Array<[{ cert: string; key: string }, string]> = [
      [
        { cert: cert.certFile, key: path.join(dir, 'nope.key') },
        `cannot read the TLS key ${path.join(dir, 'nope.key')}`,
      ],
      [
        { cert: notPem, key: cert.keyFile },
        `the TLS certificate ${notPem} and key ${cert.keyFile} are not usable`,
      ],
      [{ cert: cert.certFile, key: other.keyFile }, 'are not usable'],
    ];
    for (const [tls, message] of cases) {
      await expect(startRig({ sidecar: true, config: { tls } })).rejects.toThrow(message);
    }
  });

  it('stops at once although a client connected to the TLS ports and sent nothing', async () => {
    const t = await startRig({ sidecar: true, config: { tls: { cert: cert.certFile, key: cert.keyFile } } });
    const silent = [t.url, t.sidecarUrl!].map((url) => {
      const socket = connect(Number(new URL(url).port), '127.0.0.1');
      socket.on('error', () => {});
      return socket;
    });
    await Promise.all(silent.map((socket) => new Promise((resolve) => socket.once('connect', resolve))));
    // Without closing them, the stop would wait for these sockets' 120 s timeout (the test's is 30 s).
    await t.destroy();
    for (const socket of silent) socket.destroy();
  });
});
