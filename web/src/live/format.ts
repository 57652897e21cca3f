/** Short OS name of a node for its tile: ubuntu-22.04 → u22, fedora-41 → f41. */
export function shortOs(release: unknown): string | undefined {
  if (typeof release !== 'string' || !release) return undefined;
  const match = /^(ubuntu|fedora|centos)-(\d+)/.exec(release);
  if (!match) return release === 'other' ? 'other' : release.slice(0, 6);
  return `${match[1]?.[0]}${match[2]}`;
}

export function clockTime(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour12: false });
}

/** "just now", "12 s ago", "3 min ago", "2 h ago". */
export function ago(ms: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - ms) / 1000));
  if (seconds < 2) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  return `${Math.floor(minutes / 60)} h ago`;
}

/** A JSON value as one readable line. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (value === '') return '(empty)';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const units: Record<string, string> = {
  voltage: 'V',
  current: 'A',
  temperature: '°C',
  setpoint: '°C',
  power: 'W',
  pressure: 'bar',
  flow: 'l/min',
};

/** An instrument reading with its unit when the name tells it. */
export function reading(name: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const unit = units[name.toLowerCase()];
  const text =
    Math.abs(value) < 0.1 && value !== 0 ? value.toPrecision(2) : String(Math.round(value * 100) / 100);
  return unit ? `${text} ${unit}` : text;
}
