import { request } from 'node:http';

export interface AddressedAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
  body: any;
}

/**
 * A JSON POST from a chosen loopback source address (127.0.0.x), so that tests can be
 * several clients: fetch cannot choose its source address.
 */
export function postFrom(
  localAddress: string,
  base: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<AddressedAnswer> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, base),
      {
        method: 'POST',
        localAddress,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
          ...headers,
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: text ? JSON.parse(text) : undefined,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}
