import type { z } from 'zod';
import type {
  Device,
  DeviceCreate,
  DeviceListQuery,
  DevicePage,
  DeviceUpdate,
  ImportMode,
  ImportResult,
  InventoryFile,
} from '../inventory/index.ts';
import type { DeviceKind, StatusId } from '../lib/device-ref.ts';
import type { StatusRecord, StatusSnapshot, StatusUpdate, StatusUpdateResult } from '../status/index.ts';
import { AccountsClient } from './accounts.ts';
import { fromErrorResponse, RigClientError, unreachable } from './errors.ts';
import { KeysClient } from './keys.ts';
import { LeasesClient } from './leases.ts';

export interface RigClientOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:8080`. */
  server: string;
  /** A request without an answer for this long fails as unreachable (default 30 s). */
  timeoutMs?: number;
  /** An API token (`rig_…`), sent as `Authorization: Bearer` on every request. */
  token?: string | undefined;
  /** Restates a failure before it is thrown (the CLI turns a 401 into "run rig login"). */
  mapError?: ((error: RigClientError) => Error) | undefined;
}

/** What `GET /api/v1/devices` accepts; every field optional. */
export type DeviceQuery = Partial<DeviceListQuery>;
export type DeviceFilter = Omit<DeviceQuery, 'limit' | 'offset'>;
export type DeviceCreateInput = z.input<typeof DeviceCreate>;
export type DeviceUpdateInput = z.input<typeof DeviceUpdate>;
export type StatusUpdateInput = z.input<typeof StatusUpdate>;

type QueryValue = string | number | boolean | undefined | ReadonlyArray<string | number>;

/** One call of the API, for the feature clients built on RigClient (accounts.ts, leases.ts, …). */
export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Content type of a string body (objects are sent as JSON). */
  contentType?: string;
  /** Return the body as text instead of parsing JSON. */
  text?: boolean;
}

const PAGE_SIZE = 1000;

/** Checks and normalises a server URL (`http(s)://host:port`, no trailing slash). */
export function parseServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${JSON.stringify(text)} is not a URL (expected e.g. http://127.0.0.1:8080)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`${JSON.stringify(text)} is not an http:// or https:// URL`);
  }
  return url.toString().replace(/\/+$/, '');
}

const segment = (id: StatusId) => encodeURIComponent(String(id));

/**
 * The typed HTTP client of Rig's API, over Node's fetch. Every failure is a
 * RigClientError: the server's envelope for 4xx/5xx, `unreachable` when nothing answered.
 * Devices, status and inventory are methods here; the other features have their own
 * client on top of `request` (`client.accounts`, `client.leases`, `client.keys`).
 */
export class RigClient {
  readonly server: string;
  readonly accounts: AccountsClient;
  readonly leases: LeasesClient;
  readonly keys: KeysClient;
  private readonly timeoutMs: number;
  private readonly token: string | undefined;
  private readonly mapError: (error: RigClientError) => Error;

  constructor(options: RigClientOptions) {
    this.server = parseServerUrl(options.server);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.token = options.token;
    this.mapError = options.mapError ?? ((error) => error);
    this.accounts = new AccountsClient(this);
    this.leases = new LeasesClient(this);
    this.keys = new KeysClient(this);
  }

  /** Whether requests carry a token. */
  get authenticated(): boolean {
    return this.token !== undefined;
  }

  listDevices(query: DeviceQuery = {}): Promise<DevicePage> {
    return this.request('GET', '/api/v1/devices', { query: { ...query } });
  }

  /** Every device matching the filter, read a page at a time. */
  async allDevices(filter: DeviceFilter = {}, pageSize = PAGE_SIZE): Promise<Device[]> {
    const devices: Device[] = [];
    for (;;) {
      const page = await this.listDevices({ ...filter, limit: pageSize, offset: devices.length });
      devices.push(...page.items);
      if (!page.items.length || devices.length >= page.total) return devices;
    }
  }

  getDevice(kind: DeviceKind, id: StatusId): Promise<Device> {
    return this.request('GET', `/api/v1/devices/${kind}/${segment(id)}`);
  }

  /** The devices of any kind with this id (ids are unique per kind only). */
  findDevices(id: StatusId): Promise<Device[]> {
    return this.allDevices({ id: [id] });
  }

  createDevice(input: DeviceCreateInput): Promise<Device> {
    return this.request('POST', '/api/v1/devices', { body: input });
  }

  updateDevice(kind: DeviceKind, id: StatusId, change: DeviceUpdateInput): Promise<Device> {
    return this.request('PATCH', `/api/v1/devices/${kind}/${segment(id)}`, { body: change });
  }

  async deleteDevice(kind: DeviceKind, id: StatusId): Promise<void> {
    await this.request('DELETE', `/api/v1/devices/${kind}/${segment(id)}`);
  }

  getStatus(kind: DeviceKind, id: StatusId): Promise<StatusRecord> {
    return this.request('GET', `/api/v1/status/${kind}/${segment(id)}`);
  }

  /** The live status of one device, or undefined when it has none. */
  async findStatus(kind: DeviceKind, id: StatusId): Promise<StatusRecord | undefined> {
    try {
      return await this.getStatus(kind, id);
    } catch (error) {
      if (error instanceof RigClientError && error.status === 404) return undefined;
      throw error;
    }
  }

  listStatus(kind?: DeviceKind): Promise<StatusSnapshot> {
    return this.request('GET', '/api/v1/status', { query: { kind } });
  }

  postStatus(update: StatusUpdateInput): Promise<StatusUpdateResult> {
    return this.request('POST', '/api/v1/status', { body: update });
  }

  /** Imports an inventory file given as YAML (or JSON) text; all or nothing. */
  importInventory(text: string, mode: ImportMode = 'merge'): Promise<ImportResult> {
    return this.request('POST', '/api/v1/inventory/import', {
      query: { mode },
      body: text,
      contentType: 'application/yaml',
    });
  }

  exportInventory(format?: 'yaml'): Promise<string>;
  exportInventory(format: 'json'): Promise<InventoryFile>;
  exportInventory(format: 'yaml' | 'json' = 'yaml'): Promise<string | InventoryFile> {
    return this.request('GET', '/api/v1/inventory/export', { query: { format }, text: format === 'yaml' });
  }

  /** Calls the API: JSON in and out; any failure is thrown as a RigClientError (through mapError). */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    try {
      return await this.send<T>(method, path, options);
    } catch (error) {
      throw error instanceof RigClientError ? this.mapError(error) : error;
    }
  }

  private async send<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    const url = new URL(`${this.server}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
    }
    const headers: Record<string, string> = { accept: options.text ? '*/*' : 'application/json' };
    if (this.token !== undefined) headers.authorization = `Bearer ${this.token}`;
    let body: string | undefined;
    if (typeof options.body === 'string') {
      body = options.body;
      headers['content-type'] = options.contentType ?? 'text/plain';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    let status: number;
    let statusText: string;
    let text: string;
    try {
      const response = await fetch(url, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      statusText = response.statusText;
      text = await response.text();
    } catch (error) {
      throw unreachable(this.server, error, this.timeoutMs);
    }
    const where = `${method} ${url.pathname}`;
    if (status >= 400) throw fromErrorResponse(where, url.toString(), status, statusText, text);
    if (options.text) return text as T;
    if (status === 204 || !text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new RigClientError({
        kind: 'failed',
        code: 'BAD_RESPONSE',
        message: `${where} answered ${status} with a body that is not JSON: ${text.slice(0, 200)}`,
        url: url.toString(),
        status,
      });
    }
  }
}
