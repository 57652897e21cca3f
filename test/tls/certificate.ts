import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface SelfSigned {
  dir: string;
  certFile: string;
  keyFile: string;
  /** The certificate's PEM, to trust it as a CA. */
  ca: Buffer;
  remove(): Promise<void>;
}

/** A self-signed P-256 certificate for 127.0.0.1 and localhost, made by openssl. */
export async function selfSigned(): Promise<SelfSigned> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rig-tls-'));
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  const args = [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout',
    keyFile,
    '-out',
    certFile,
  ];
  await new Promise<void>((resolve, reject) =>
    execFile('openssl', args, (error, _stdout, stderr) =>
      error ? reject(new Error(`openssl failed (is it installed?): ${stderr || error.message}`)) : resolve(),
    ),
  );
  return {
    dir,
    certFile,
    keyFile,
    ca: await readFile(certFile),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
