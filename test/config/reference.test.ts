import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerServe } from '../../src/cli/serve.ts';
import { renderConfigReference } from '../../src/config/reference.ts';
import { cliFlags, configSchema, envOverrides } from '../../src/config/schema.ts';

const docFile = new URL('../../docs/configuration.md', import.meta.url);

function leafKeys(value: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]) =>
    typeof child === 'object' && child !== null && !Array.isArray(child)
      ? leafKeys(child as Record<string, unknown>, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

describe('configuration reference', () => {
  it('docs/configuration.md is what the schema generates', async () => {
    const committed = await readFile(docFile, 'utf8').catch(() => '');
    expect(
      committed === renderConfigReference(),
      'docs/configuration.md is out of date with src/config/schema.ts: run `npm run docs:config`',
    ).toBe(true);
  });

  it('documents every key with its default, and the env var and flag that set it', () => {
    const text = renderConfigReference();
    for (const key of [...leafKeys(configSchema.parse({})), 'sidecar.host', 'status.r2labDir']) {
      expect(text, key).toContain(`| \`${key}\` |`);
    }
    expect(text).toMatch(/\| `port` \| integer, ≥ 0, ≤ 65535 \| `8080` \| `RIG_PORT` \| `--port` \|/);
    for (const env of Object.keys(envOverrides)) expect(text).toContain(`\`${env}\``);
  });

  it('names only flags that `rig serve` has, and every setting flag it has', () => {
    const program = new Command('rig');
    registerServe(program);
    const serve = program.commands.find((c) => c.name() === 'serve');
    const flags = new Set(serve?.options.map((o) => o.long));
    for (const flag of Object.values(cliFlags)) expect(flags, flag).toContain(flag);
    const documented = new Set<string>([...Object.values(cliFlags), '--config']);
    for (const flag of flags) expect(documented, `${flag} is missing from cliFlags`).toContain(flag);
  });
});
