import type { DeviceKind } from '../lib/device-ref.ts';

/** R2lab sidecar envelopes (sidecar-protocol.md §3). */
export const sidecarCategories = ['nodes', 'phones', 'pdus', 'leases'] as const;
export type SidecarCategory = (typeof sidecarCategories)[number];
export type StatusCategory = Exclude<SidecarCategory, 'leases'>;

export const kindOfStatusCategory: Record<StatusCategory, DeviceKind> = {
  nodes: 'node',
  phones: 'phone',
  pdus: 'pdu',
};
export const statusCategoryOfKind: Partial<Record<DeviceKind, StatusCategory>> = {
  node: 'nodes',
  phone: 'phones',
  pdu: 'pdus',
};

export interface Umbrella {
  category: SidecarCategory;
  action: 'request' | 'info' | 'delete';
  message: unknown;
  incremental?: true;
}

export interface ParsedFrame {
  umbrella: Umbrella;
  /**
   * The frame as received, for a request's echo "unchanged" — with NaN and Infinity
   * replaced by null, so that the echo is JSON every client can parse.
   */
  text: string;
}

/**
 * Python emits NaN and Infinity (e.g. an unset PDU icon coordinate), which JSON.parse
 * rejects. Outside strings, they become null; everything else is left as it is.
 */
export function sanitiseNonFinite(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
    } else if (text.startsWith('NaN', i)) {
      out += 'null';
      i += 2;
    } else if (text.startsWith('-Infinity', i)) {
      out += 'null';
      i += 8;
    } else if (text.startsWith('Infinity', i)) {
      out += 'null';
      i += 7;
    } else out += c;
  }
  return out;
}

/** Parses a frame; returns the text that parsed, sanitised if it had NaN or Infinity. */
function parseJson(text: string): { value: unknown; text: string } | undefined {
  try {
    return { value: JSON.parse(text), text };
  } catch {
    if (!/NaN|Infinity/.test(text)) return undefined;
    const sanitised = sanitiseNonFinite(text);
    try {
      return { value: JSON.parse(sanitised), text: sanitised };
    } catch {
      return undefined;
    }
  }
}

/**
 * A valid frame (§5.1): a JSON object with a known action and category and a `message`
 * key, which must be a list for `info` and `delete`. Anything else is undefined: ignored,
 * with no reply and without closing the connection (unlike R2lab's 1011 close).
 */
export function parseFrame(text: string): ParsedFrame | undefined {
  const parsed = parseJson(text);
  const value = parsed?.value;
  if (!parsed || typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const frame = value as Record<string, unknown>;
  const { action, category } = frame;
  if (action !== 'request' && action !== 'info' && action !== 'delete') return undefined;
  if (!sidecarCategories.includes(category as SidecarCategory)) return undefined;
  if (!('message' in frame)) return undefined;
  if (action !== 'request' && !Array.isArray(frame.message)) return undefined;
  return { umbrella: frame as unknown as Umbrella, text: parsed.text };
}
