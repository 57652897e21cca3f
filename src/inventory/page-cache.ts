import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** One serialised answer, and its gzip form once a client asked for it. */
export interface CachedPage {
  body: Buffer;
  gzipped?: Promise<Buffer>;
}

/**
 * Serialised answers of `GET /api/v1/devices`, keyed by the parsed query, dropped as soon
 * as any device changes (the inventory announces every write on the bus). Listing 1000
 * devices costs milliseconds to read and serialise, and 370 KiB to send; the cached bytes,
 * compressed once, cost next to nothing.
 *
 * A read that was under way when a change was announced is answered but not kept: a page
 * is stored only if no change came between the start of its read and its end, so the
 * cache never holds a page older than the last announced change.
 */
export class DevicePageCache {
  private generation = 0;
  private readonly pages = new Map<string, CachedPage>();

  constructor(private readonly maxPages = 64) {}

  /** Forgets every page (a device was created, changed or deleted). */
  invalidate(): void {
    this.generation++;
    this.pages.clear();
  }

  async get(key: string, read: () => Promise<unknown>): Promise<CachedPage> {
    const cached = this.pages.get(key);
    if (cached) return cached;
    const generation = this.generation;
    const page: CachedPage = { body: Buffer.from(JSON.stringify(await read())) };
    if (generation === this.generation) {
      // Oldest first out: filters are few in practice; this only bounds odd clients.
      if (this.pages.size >= this.maxPages) this.pages.delete(this.pages.keys().next().value as string);
      this.pages.set(key, page);
    }
    return page;
  }

  /** The page gzipped, compressed once per page (off the event loop). */
  gzipped(page: CachedPage): Promise<Buffer> {
    page.gzipped ??= gzipAsync(page.body);
    return page.gzipped;
  }
}

/** Whether an Accept-Encoding header admits gzip (`gzip` or `*`, with a q above 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}
