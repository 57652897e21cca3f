import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import { coerceError } from '../lib/errors.ts';

export interface TlsFiles {
  cert?: string | undefined;
  key?: string | undefined;
}

/**
 * The PEM certificate and key of `tls.cert`/`tls.key`, read at start (the API server and
 * the sidecar face share them); undefined without TLS. A file that cannot be read stops
 * start-up with a message naming it, as does a pair that TLS cannot use.
 */
export async function readTlsFiles(files: TlsFiles): Promise<{ cert: Buffer; key: Buffer } | undefined> {
  const { cert, key } = files;
  if (!cert || !key) return undefined;
  const read = async (file: string, what: string) => {
    try {
      return await readFile(file);
    } catch (error) {
      throw new Error(`cannot read the TLS ${what} ${file}: ${coerceError(error).message}`);
    }
  };
  const pem = { cert: await read(cert, 'certificate'), key: await read(key, 'key') };
  try {
    // Fails on a file that is not PEM, or a key that does not match the certificate.
    createSecureContext(pem);
  } catch (error) {
    throw new Error(
      `the TLS certificate ${cert} and key ${key} are not usable: ${coerceError(error).message}`,
    );
  }
  return pem;
}
