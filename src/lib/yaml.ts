import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';

export interface YamlDocument {
  value: unknown;
  /** 1-based line of the node at `path`, or of its closest existing parent. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

export class YamlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
  ) {
    super(message);
    this.name = 'YamlSyntaxError';
  }
}

/** Parses YAML (or JSON, a subset) keeping node positions, so errors can name a line. */
export function parseYaml(text: string): YamlDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    // Without prettyErrors the library gives offsets only; the line counter maps them.
    const line = first.linePos?.[0]?.line ?? lineCounter.linePos(first.pos[0]).line;
    throw new YamlSyntaxError(first.message.split('\n')[0] ?? first.message, line);
  }
  return {
    value: doc.toJS({ maxAliasCount: 100 }),
    lineOf(path) {
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n) as unknown[], true);
        if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      }
      return undefined;
    },
  };
}

/** `a.b[2].c` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

export interface IssueDetail {
  path: string;
  message: string;
  line?: number;
}

export function describeIssues(issues: readonly z.core.$ZodIssue[], doc?: YamlDocument): IssueDetail[] {
  const detail = (path: PropertyKey[], message: string): IssueDetail => {
    const line = doc?.lineOf(path);
    return { path: formatPath(path), message, ...(line ? { line } : {}) };
  };
  return issues.flatMap((issue) => {
    // An unknown key is reported on its parent; name each key itself, at its own line.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => detail([...issue.path, key], 'unknown key'));
    }
    return [detail([...issue.path], issue.message)];
  });
}
