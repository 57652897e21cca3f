/** Writes docs/configuration.md from the configuration schema (`npm run docs:config`). */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderConfigReference } from '../src/config/reference.ts';

const target = fileURLToPath(new URL('../docs/configuration.md', import.meta.url));
await writeFile(target, renderConfigReference());
process.stdout.write(`wrote ${target}\n`);
