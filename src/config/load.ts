import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeIssues, type IssueDetail, parseYaml, YamlSyntaxError } from '../lib/yaml.ts';
import { configSchema, envOverrides, type RigConfig } from './schema.ts';

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly issues: IssueDetail[] = [],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface ConfigSources {
  /** Path of a rig.yaml file. */
  file?: string | undefined;
  env?: Record<string, string | undefined>;
  /** Values from command-line flags, by dotted key (`sidecar.port`); they win over all else. */
  overrides?: Record<string, unknown>;
}

const numericKeys = new Set(['port', 'sidecar.port', 'demo.seed']);
const booleanKeys = new Set(['demo.enabled']);

function setDotted(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
}

function envValue(key: string, raw: string): unknown {
  if (numericKeys.has(key) && /^\s*-?\d+(\.\d+)?\s*$/.test(raw)) return Number(raw);
  if (booleanKeys.has(key)) {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
  }
  return raw;
}

/**
 * Builds the configuration: defaults < rig.yaml < environment < flags. Any problem is a
 * ConfigError whose message names each bad key (and its line in the file).
 */
export async function loadConfig(sources: ConfigSources = {}): Promise<RigConfig> {
  let input: Record<string, unknown> = {};
  let doc: ReturnType<typeof parseYaml> | undefined;
  const file = sources.file;
  if (file) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new ConfigError(`cannot read config file ${file}: ${(error as Error).message}`);
    }
    try {
      doc = parseYaml(text);
    } catch (error) {
      const line = error instanceof YamlSyntaxError && error.line ? ` (line ${error.line})` : '';
      throw new ConfigError(`config file ${file} is not valid YAML${line}: ${(error as Error).message}`);
    }
    if (doc.value !== null && doc.value !== undefined) {
      if (typeof doc.value !== 'object' || Array.isArray(doc.value)) {
        throw new ConfigError(`config file ${file} must hold a mapping of keys`);
      }
      input = structuredClone(doc.value as Record<string, unknown>);
    }
  }
  const env = sources.env ?? {};
  for (const [name, key] of Object.entries(envOverrides)) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') setDotted(input, key, envValue(key, raw));
  }
  for (const [key, value] of Object.entries(sources.overrides ?? {})) {
    if (value !== undefined) setDotted(input, key, value);
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error.issues, doc);
    const where = file ? ` (${file})` : '';
    const lines = issues.map((i) => `  ${i.path}: ${i.message}${i.line ? ` (line ${i.line})` : ''}`);
    throw new ConfigError(`invalid configuration${where}:\n${lines.join('\n')}`, issues);
  }
  return resolvePaths(parsed.data);
}

/** Fills derived defaults: absolute data dir, and the SQLite file inside it. */
export function resolvePaths(config: RigConfig): RigConfig {
  const data = path.resolve(config.data);
  const db = config.db || `sqlite:${path.join(data, 'rig.db')}`;
  return { ...config, data, db };
}
