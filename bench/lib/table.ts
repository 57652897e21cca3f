/** A plain-text table, also valid Markdown (for docs/benchmarks.md). */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export const fmtRate = (perSec: number) =>
  perSec >= 10_000 ? `${(perSec / 1000).toFixed(0)}k/s` : `${perSec.toFixed(0)}/s`;
export const fmtMs = (ms: number) => (ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`);
export const fmtRatio = (ratio: number) => (ratio >= 10 ? `${ratio.toFixed(1)}×` : `${ratio.toFixed(2)}×`);
