import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package root: two levels above this file, from src/lib or from dist/lib. */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(`${packageRoot}package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export function dashboardDir(): string | undefined {
  const dir = `${packageRoot}web/dist`;
  return existsSync(`${dir}/index.html`) ? dir : undefined;
}
