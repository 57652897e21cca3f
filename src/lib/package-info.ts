import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root: the nearest folder above this module holding Rig's package.json. The
 * module may be src/lib (development), or a bundle chunk under dist/cli (built).
 */
function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'rig')
          return `${dir}/`;
      } catch {
        // not ours; keep climbing
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return fileURLToPath(new URL('../../', import.meta.url));
    dir = parent;
  }
}

export const packageRoot = findPackageRoot();

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
