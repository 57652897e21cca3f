import { Agent, request } from 'node:http';

/**
 * A lean HTTP client for the lease benchmark: node:http over keep-alive sockets. Node's
 * `fetch` costs about a millisecond per request on this machine, as much as the cheap reads
 * of the baseline, and would measure itself.
 */
export class BenchHttp {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });

  constructor(private readonly base: string) {}

  /** Sends a request and resolves with the status once the whole answer came. */
  call(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<number> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.base}${path}`,
        {
          method,
          agent: this.agent,
          headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
