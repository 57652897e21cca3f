import type { DeviceKind, StatusRecord } from './types.ts';

/** A node's state as R2lab's livemap shows it, from its status record (sidecar-protocol.md §7.1). */
export const nodeStates = ['ssh', 'ping', 'on', 'off', 'fail', 'unavailable', 'unknown'] as const;
export type NodeState = (typeof nodeStates)[number];
export type PowerState = Exclude<NodeState, 'unavailable'>;

export const nodeStateInfo: Record<NodeState, { label: string; description: string }> = {
  ssh: { label: 'ssh', description: 'Up: answers ssh' },
  ping: { label: 'ping', description: 'Booting: answers ping, not ssh yet' },
  on: { label: 'on', description: 'Powered, not answering' },
  off: { label: 'off', description: 'Powered off' },
  fail: { label: 'fail', description: 'Power controller failed or unreachable' },
  unavailable: { label: 'unavailable', description: 'Taken out of service (available = ko)' },
  unknown: { label: 'unknown', description: 'No status received yet' },
};

/** What power and the control network say, ignoring availability. */
export function powerState(record: StatusRecord | undefined): PowerState {
  if (!record) return 'unknown';
  if (record.cmc_on_off === 'fail') return 'fail';
  if (record.cmc_on_off === 'off') return 'off';
  if (record.control_ssh === 'on') return 'ssh';
  if (record.control_ping === 'on') return 'ping';
  if (record.cmc_on_off === 'on') return 'on';
  return 'unknown';
}

/** A node marked unavailable shows as such whatever its power; `available` missing means ok. */
export function nodeState(record: StatusRecord | undefined): NodeState {
  return record?.available === 'ko' ? 'unavailable' : powerState(record);
}

/** The colour family of a state: shared by every kind so that green always means the same. */
export type Tone = 'ok' | 'busy' | 'warn' | 'off' | 'fail' | 'unavailable' | 'unknown';

export interface Summary {
  tone: Tone;
  label: string;
}

const nodeTone: Record<NodeState, Tone> = {
  ssh: 'ok',
  ping: 'busy',
  on: 'warn',
  off: 'off',
  fail: 'fail',
  unavailable: 'unavailable',
  unknown: 'unknown',
};

function onOff(value: unknown): Summary {
  if (value === 'on') return { tone: 'ok', label: 'on' };
  if (value === 'off') return { tone: 'off', label: 'off' };
  if (value === 'fail') return { tone: 'fail', label: 'fail' };
  return { tone: 'unknown', label: 'unknown' };
}

/** One line of state for any device: a tone and a short label. */
export function summarize(kind: DeviceKind, record: StatusRecord | undefined): Summary {
  if (!record) return { tone: 'unknown', label: 'no status' };
  switch (kind) {
    case 'node': {
      const state = nodeState(record);
      return { tone: nodeTone[state], label: nodeStateInfo[state].label };
    }
    case 'phone':
      // Airplane mode on means the phone's radio is off.
      if (record.airplane_mode === 'on') return { tone: 'off', label: 'airplane' };
      if (record.airplane_mode === 'off') return { tone: 'ok', label: 'radio on' };
      return onOff(record.airplane_mode);
    case 'switch': {
      const power = onOff(record.on_off);
      if (power.tone === 'ok' && record.control_ping === 'off') return { tone: 'warn', label: 'no ping' };
      return power;
    }
    case 'instrument': {
      const power = onOff(record.on_off);
      if (typeof record.state !== 'string' || !record.state) return power;
      const state = record.state;
      if (/fault|error|trip|alarm|fail/i.test(state)) return { tone: 'fail', label: state };
      if (/ramp|starting|stopping|busy/i.test(state)) return { tone: 'busy', label: state };
      return { tone: power.tone, label: state };
    }
    default:
      return onOff(record.on_off);
  }
}
