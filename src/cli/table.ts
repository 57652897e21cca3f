/** Plain-text layout for people: aligned columns and aligned `key: value` lines. */

/** Columns separated by two spaces, each as wide as its widest cell; the last is not padded. */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const last = headers.length - 1;
  return all
    .map((row) =>
      headers
        .map((_, column) => {
          const cell = row[column] ?? '';
          return column === last ? cell : cell.padEnd(widths[column] ?? 0);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `key:` padded so that the values line up. */
export function formatPairs(pairs: ReadonlyArray<readonly [string, string]>, indent = ''): string {
  const width = Math.max(0, ...pairs.map(([key]) => key.length)) + 1;
  return pairs.map(([key, value]) => `${indent}${`${key}:`.padEnd(width)} ${value}`.trimEnd()).join('\n');
}

/** A value in a cell: strings as they are, nothing as `-`, anything else as JSON. */
export function cell(value: unknown): string {
  if (value === undefined || value === null || value === '') return '-';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
