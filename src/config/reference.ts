import { stringify } from 'yaml';
import { z } from 'zod';
import { cliFlags, configSchema, envOverrides } from './schema.ts';

/**
 * The configuration reference (docs/configuration.md), generated from the one zod schema
 * so that it cannot drift: `npm run docs:config` writes it, and a test fails when the
 * committed file differs from what this renders.
 */

interface JsonSchema {
  type?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  properties?: Record<string, JsonSchema>;
}

interface Row {
  key: string;
  schema: JsonSchema;
}

const envOfKey = new Map<string, string>(Object.entries(envOverrides).map(([env, key]) => [key, env]));
const flagOfKey = new Map<string, string>(Object.entries(cliFlags));

const code = (text: string) => `\`${text}\``;
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function typeOf(schema: JsonSchema): string {
  if (schema.enum) return `one of ${schema.enum.map((v) => code(String(v))).join(', ')}`;
  const bounds: string[] = [];
  if (schema.exclusiveMinimum !== undefined) bounds.push(`> ${schema.exclusiveMinimum}`);
  // Zod gives every integer the safe-integer bounds; they say nothing to a reader.
  if (schema.minimum !== undefined && schema.minimum > Number.MIN_SAFE_INTEGER) {
    bounds.push(`≥ ${schema.minimum}`);
  }
  if (schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER) {
    bounds.push(`≤ ${schema.maximum}`);
  }
  if (schema.minLength) bounds.push('not empty');
  return [schema.type ?? 'any', ...bounds].join(', ');
}

function defaultOf(schema: JsonSchema): string {
  if (schema.default === undefined) return '—';
  if (schema.default === '') return '(empty)';
  return code(JSON.stringify(schema.default));
}

/** Leaf keys grouped by section: top-level scalars first, then one group per object. */
function sections(schema: JsonSchema): Array<{ name: string; description?: string; rows: Row[] }> {
  const groups: Array<{ name: string; description?: string; rows: Row[] }> = [];
  const walk = (node: JsonSchema, prefix: string, rows: Row[]) => {
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      const key = prefix ? `${prefix}.${name}` : name;
      if (child.type === 'object' && child.properties) {
        const group: { name: string; description?: string; rows: Row[] } = { name: key, rows: [] };
        if (child.description) group.description = child.description;
        groups.push(group);
        walk(child, key, group.rows);
      } else {
        rows.push({ key, schema: child });
      }
    }
  };
  const top: Row[] = [];
  groups.push({ name: '', rows: top });
  walk(schema, '', top);
  return groups.filter((g) => g.rows.length);
}

function table(rows: Row[]): string[] {
  const lines = ['| Key | Type | Default | Environment | Flag | Description |', '|---|---|---|---|---|---|'];
  for (const { key, schema } of rows) {
    const env = envOfKey.get(key);
    const flag = flagOfKey.get(key);
    lines.push(
      `| ${[
        code(key),
        typeOf(schema),
        defaultOf(schema),
        env ? code(env) : '',
        flag ? code(flag) : '',
        schema.description ?? '',
      ]
        .map(cell)
        .join(' | ')} |`,
    );
  }
  return lines;
}

export function renderConfigReference(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input' }) as JsonSchema;
  const out = [
    '# Configuration reference',
    '',
    '<!-- Generated from src/config/schema.ts by `npm run docs:config`; do not edit by hand. -->',
    '',
    '`rig serve` takes its configuration from, lowest precedence first: the defaults below, the',
    'YAML file given by `--config` (or `RIG_CONFIG`), environment variables, then command-line',
    'flags. An invalid value stops start-up with a message naming the key and the problem, with',
    'its line in the file or the variable or flag it came from; unknown keys are errors too.',
    '',
  ];
  for (const group of sections(schema)) {
    out.push(group.name ? `## ${code(group.name)}` : '## Top level', '');
    if (group.description) out.push(`${group.description}.`, '');
    out.push(...table(group.rows), '');
  }
  const defaults = { ...configSchema.parse({}) } as Record<string, unknown>;
  out.push(
    '## Example',
    '',
    'A `rig.yaml` holding every default (any key may be left out):',
    '',
    '```yaml',
    stringify(defaults).trimEnd(),
    '```',
    '',
  );
  return out.join('\n');
}
