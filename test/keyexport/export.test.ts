import {
  chown,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  rmdir,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyExportFeature } from '../../src/keyexport/index.ts';
import type { Lease } from '../../src/leases/schema.ts';
import { api } from '../helpers/http.ts';
import { postgresReachable } from '../helpers/postgres.ts';
import { type Dialect, startRig, type TestRig } from '../helpers/rig.ts';
import { KeyGen } from '../keys/keygen.ts';
import { ExportLab } from './lab.ts';

const HOUR = 3_600_000;
const runPg = (await postgresReachable()) || process.env.CI === 'true';

/** The key lines of an exported file (its comment lines left out), or undefined when absent. */
async function keyLines(file: string): Promise<string[] | undefined> {
  try {
    return (await readFile(file, 'utf8')).split('\n').filter((l) => l && !l.startsWith('#'));
  } catch {
    return undefined;
  }
}

describe.each<Dialect>(['sqlite', 'postgres'])(
  'the accounts export, one file per slice, on %s',
  (dialect) => {
    const skip = dialect === 'postgres' && !runPg;
    let t: TestRig;
    let dir: string;
    let lab: ExportLab;
    let exporter: KeyExportFeature;
    const keygen = new KeyGen();
    const lines: Record<string, string[]> = {};
    let alphaLease: Lease;
    const file = (slice: string) => path.join(dir, `${slice}.authorized_keys`);
    const settled = () => exporter.settled();

    beforeAll(async () => {
      if (skip) return;
      dir = await mkdtemp(path.join(tmpdir(), 'rig-export-'));
      // Before the start: a file of another tool, and one an earlier run wrote for a slice
      // that holds no lease any more.
      await writeFile(path.join(dir, 'gamma.authorized_keys'), 'ssh-ed25519 AAAA not ours\n');
      await writeFile(path.join(dir, 'notes.txt'), 'hello\n');
      await writeFile(
        path.join(dir, 'stale.authorized_keys'),
        '# rig accounts export: slice stale\nssh-ed25519 A\n',
      );
      t = await startRig({ auth: true, dialect, config: { accounts: { exportDir: dir, layout: 'file' } } });
      exporter = t.rig.features.keyexport as KeyExportFeature;
      lab = new ExportLab(t, keygen);
      for (const name of ['alice', 'bob', 'carol']) await lab.user(name);
      lines.alice = [
        (await lab.key('alice', 'ed25519', 'alice@laptop')).line,
        (await lab.key('alice', 'ecdsa')).line,
      ];
      lines.bob = [(await lab.key('bob', 'rsa', 'bob desk')).line];
      lines.carol = [(await lab.key('carol', 'ed25519')).line];
      await lab.slice('alpha', ['alice', 'bob']);
      await lab.slice('beta', ['carol']);
    });
    afterAll(async () => {
      await t?.destroy();
      await keygen.dispose();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it.skipIf(skip)(
      'removes at start the files it wrote for slices without a lease, and only those',
      async () => {
        expect((await readdir(dir)).sort()).toEqual(['gamma.authorized_keys', 'notes.txt']);
      },
    );

    it.skipIf(skip)("writes exactly the members' keys of a slice with a current lease, 0600", async () => {
      alphaLease = await lab.lease('alpha', Date.now() - 600_000, Date.now() + HOUR);
      await lab.lease('beta', Date.now() + HOUR, Date.now() + 2 * HOUR);
      await settled();
      expect(await keyLines(file('alpha'))).toEqual([...(lines.alice ?? []), ...(lines.bob ?? [])]);
      expect((await stat(file('alpha'))).mode & 0o777).toBe(0o600);
      // beta's lease has not started.
      expect(await keyLines(file('beta'))).toBeUndefined();
    });

    it.skipIf(skip)('rewrites when the members of the slice change', async () => {
      await lab.call('PUT', '/api/v1/slices/alpha/members/carol', undefined, lab.admin, 200);
      await lab.call('DELETE', '/api/v1/slices/alpha/members/bob', undefined, lab.admin, 200);
      await settled();
      expect(await keyLines(file('alpha'))).toEqual([...(lines.alice ?? []), ...(lines.carol ?? [])]);
    });

    it.skipIf(skip)('rewrites when keys change or a member is disabled', async () => {
      const alice = lab.tokens.get('alice') ?? {};
      const [first] = await lab.call('GET', '/api/v1/keys', undefined, alice, 200);
      await lab.call('DELETE', `/api/v1/keys/${first.id}`, undefined, alice, 204);
      const added = await lab.key('alice', 'ed25519', 'new laptop');
      await settled();
      expect(await keyLines(file('alpha'))).toEqual([lines.alice?.[1], added.line, ...(lines.carol ?? [])]);
      await lab.call('PATCH', '/api/v1/users/carol', { disabled: true }, lab.admin, 200);
      await settled();
      expect(await keyLines(file('alpha'))).toEqual([lines.alice?.[1], added.line]);
    });

    it.skipIf(skip)('makes one rewrite of a burst of changes', async () => {
      const before = exporter.passes;
      for (let i = 0; i < 20; i++) t.rig.bus.emit('sshKeysChanged', { userId: 1 });
      await settled();
      expect(exporter.passes).toBe(before + 1);
    });

    it.skipIf(skip)('logs a failed write, keeps serving, and writes on the next change', async () => {
      // Something that is not a file stands where beta's file goes.
      await mkdir(file('beta'));
      await lab.lease('beta', Date.now() - 600_000, Date.now() + HOUR);
      await settled();
      expect(exporter.lastPass).toBeUndefined();
      expect((await api(t.url, 'GET', '/healthz')).status).toBe(200);
      // The other slices are still served.
      expect(await keyLines(file('alpha'))).toHaveLength(2);
      await rmdir(file('beta'));
      await lab.call('PATCH', '/api/v1/users/carol', { disabled: false }, lab.admin, 200);
      await settled();
      expect(exporter.lastPass?.slices).toEqual(['alpha', 'beta']);
      expect(await keyLines(file('beta'))).toEqual(lines.carol);
    });

    it.skipIf(skip)('refuses a slice name that would lead out of the directory', async () => {
      // Names are checked when slices are made; this one is forced into the store.
      const evil = `../escape-${path.basename(dir)}`;
      const now = new Date().toISOString();
      await t.rig.store.db
        .insertInto('slices')
        .values({ name: evil, description: '', created_at: now, updated_at: now })
        .execute();
      await lab.lease(evil, Date.now() - 600_000, Date.now() + HOUR);
      await settled();
      expect(exporter.lastPass?.slices).toEqual(['alpha', 'beta']);
      await expect(stat(path.join(dir, `${evil}.authorized_keys`))).rejects.toThrow(/ENOENT/);
    });

    it.skipIf(skip)(
      'removes the file of a slice whose lease ended, and never a file it did not write',
      async () => {
        await lab.end(alphaLease);
        await settled();
        expect(await keyLines(file('alpha'))).toBeUndefined();
        expect((await readdir(dir)).sort()).toEqual([
          'beta.authorized_keys',
          'gamma.authorized_keys',
          'notes.txt',
        ]);
        expect(await readFile(path.join(dir, 'gamma.authorized_keys'), 'utf8')).toBe(
          'ssh-ed25519 AAAA not ours\n',
        );
      },
    );
  },
);

describe('the accounts export, one home per slice', () => {
  let t: TestRig;
  let base: string;
  let dir: string;
  let lab: ExportLab;
  const keygen = new KeyGen();

  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'rig-export-home-'));
    dir = path.join(base, 'homes');
    await mkdir(path.join(base, 'outside'));
    t = await startRig({ auth: true, config: { accounts: { exportDir: dir, layout: 'home' } } });
    lab = new ExportLab(t, keygen);
    await lab.user('alice');
    await lab.user('bob');
    await lab.slice('alpha', ['alice']);
    await lab.slice('beta', ['bob']);
  });
  afterAll(async () => {
    await t?.destroy();
    await keygen.dispose();
    await rm(base, { recursive: true, force: true });
  });

  it('writes <slice>/.ssh/authorized_keys, 0600 in a 0700 directory, and removes it at the end', async () => {
    const key = await lab.key('alice', 'ed25519');
    const lease = await lab.lease('alpha', Date.now() - 600_000, Date.now() + HOUR);
    const exporter = t.rig.features.keyexport as KeyExportFeature;
    await exporter.settled();
    const file = path.join(dir, 'alpha', '.ssh', 'authorized_keys');
    expect(await keyLines(file)).toEqual([key.line]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    await lab.end(lease);
    await exporter.settled();
    expect(await keyLines(file)).toBeUndefined();
    // The home stays: only the file it wrote goes.
    expect(await readdir(path.join(dir, 'alpha'))).toEqual(['.ssh']);
  });

  it.skipIf(process.getuid?.() !== 0)(
    "gives .ssh and the file to the home's owner when Rig runs as root",
    async () => {
      await lab.slice('gamma', ['alice']);
      await mkdir(path.join(dir, 'gamma'));
      await chown(path.join(dir, 'gamma'), 4242, 4343);
      await lab.lease('gamma', Date.now() - 600_000, Date.now() + HOUR);
      await (t.rig.features.keyexport as KeyExportFeature).settled();
      for (const [rel, mode] of [
        ['gamma/.ssh', 0o700],
        ['gamma/.ssh/authorized_keys', 0o600],
      ] as const) {
        const info = await stat(path.join(dir, rel));
        expect({ rel, uid: info.uid, gid: info.gid, mode: info.mode & 0o777 }).toEqual({
          rel,
          uid: 4242,
          gid: 4343,
          mode,
        });
      }
    },
  );

  it('refuses a home that is a symlink, and writes nothing through it', async () => {
    await symlink(path.join(base, 'outside'), path.join(dir, 'beta'));
    await lab.key('bob', 'ed25519');
    await lab.lease('beta', Date.now() - 600_000, Date.now() + HOUR);
    const exporter = t.rig.features.keyexport as KeyExportFeature;
    await exporter.settled();
    expect(exporter.lastPass).toBeUndefined();
    expect(await readdir(path.join(base, 'outside'))).toEqual([]);
  });
});
