import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { coerceError } from '../lib/errors.ts';
import {
  describeIssues,
  type IssueDetail,
  parseYaml,
  type YamlDocument,
  YamlSyntaxError,
} from '../lib/yaml.ts';
import { cliFlags, configSchema, envOverrides, type RigConfig } from './schema.ts';

/** A problem with a key; `source` names where a value that did not come from the file came from. */
export interface ConfigIssue extends IssueDetail {
  source?: string;
}

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly issues: ConfigIssue[] = [],
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
const booleanKeys = new Set(['demo.enabled', 'auth.enabled']);

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

/** Environment values are text: give them the type of their key, or leave them for zod to reject. */
function envValue(key: string, raw: string): unknown {
  if (numericKeys.has(key) && /^\s*-?\d+(\.\d+)?\s*$/.test(raw)) return Number(raw);
  if (booleanKeys.has(key)) {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
  }
  return raw;
}

async function readConfigFile(file: string): Promise<{ input: Record<string, unknown>; doc: YamlDocument }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${file}: ${coerceError(error).message}`);
  }
  let doc: YamlDocument;
  try {
    doc = parseYaml(text);
  } catch (error) {
    const line = error instanceof YamlSyntaxError && error.line ? ` (line ${error.line})` : '';
    throw new ConfigError(`config file ${file} is not valid YAML${line}: ${coerceError(error).message}`);
  }
  // An empty file (or one holding only comments) is an empty configuration.
  if (doc.value === null || doc.value === undefined) return { input: {}, doc };
  if (typeof doc.value !== 'object' || Array.isArray(doc.value)) {
    throw new ConfigError(`config file ${file} must hold a mapping of keys, like "port: 8080"`);
  }
  return { input: structuredClone(doc.value as Record<string, unknown>), doc };
}

/**
 * Builds the configuration: defaults < rig.yaml < environment < flags. Any problem is a
 * ConfigError whose message names each bad key, and its line in the file or the variable
 * or flag it came from.
 */
export async function loadConfig(sources: ConfigSources = {}): Promise<RigConfig> {
  const file = sources.file;
  const { input, doc } = file ? await readConfigFile(file) : { input: {}, doc: undefined };
  // Where each key set outside the file came from, so an error does not point into the file.
  const origin = new Map<string, string>();
  const env = sources.env ?? {};
  for (const [name, key] of Object.entries(envOverrides)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    setDotted(input, key, envValue(key, raw));
    origin.set(key, `environment variable ${name}`);
  }
  for (const [key, value] of Object.entries(sources.overrides ?? {})) {
    if (value === undefined) continue;
    setDotted(input, key, value);
    origin.set(key, `flag ${(cliFlags as Record<string, string>)[key] ?? key}`);
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error.issues, doc).map((issue): ConfigIssue => {
      const source = origin.get(issue.path);
      if (!source) return issue;
      const { line: _line, ...rest } = issue;
      return { ...rest, source };
    });
    const where = file ? ` (${file})` : '';
    const lines = issues.map((i) => {
      const at = i.source ? ` (from ${i.source})` : i.line ? ` (line ${i.line})` : '';
      return `  ${i.path}: ${i.message}${at}`;
    });
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
