import { RigClientError } from '../client/index.ts';
import { coerceError } from '../lib/errors.ts';
import { CliError } from './context.ts';
import { EXIT_FAILURE, EXIT_REJECTED, EXIT_UNREACHABLE } from './exit-codes.ts';

interface Issue {
  path?: unknown;
  message?: unknown;
  line?: unknown;
}

const lineSuffix = (line: unknown) => (typeof line === 'number' ? ` (line ${line})` : '');

/** The issues of a validation error's details (`{issues:[{path,message,line}]}`), one per line. */
function issueLines(details: unknown): string[] {
  const issues = (details as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.map((raw: Issue) => {
    const path = typeof raw.path === 'string' ? raw.path : '(root)';
    const message = typeof raw.message === 'string' ? raw.message : 'invalid';
    return `  ${path}: ${message}${lineSuffix(raw.line)}`;
  });
}

/**
 * The text after `rig: ` for an error: the server's message (which names the first
 * validation issue), then each further issue with its path and line.
 */
export function describeError(value: unknown): string {
  const error = coerceError(value);
  if (!(error instanceof RigClientError)) return error.message;
  let message = error.message;
  const line = (error.details as { line?: unknown } | undefined)?.line;
  if (typeof line === 'number' && !/\bline \d+/.test(message)) message += lineSuffix(line);
  // The message names the first issue; the others follow, one per line.
  const others = issueLines(error.details).slice(1);
  if (others.length) message += `\n${others.join('\n')}`;
  return message;
}

export function exitCodeOf(value: unknown): number {
  if (value instanceof CliError) return value.exitCode;
  if (value instanceof RigClientError) {
    if (value.kind === 'rejected') return EXIT_REJECTED;
    if (value.kind === 'unreachable') return EXIT_UNREACHABLE;
  }
  return EXIT_FAILURE;
}

/** Prints `rig: <message>` to stderr and returns the exit code for the error. */
export function reportError(value: unknown, prefix = ''): number {
  process.stderr.write(`rig: ${prefix}${describeError(value)}\n`);
  return exitCodeOf(value);
}
