import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { CliError } from './context.ts';
import { EXIT_CONFIG } from './exit-codes.ts';

/** All of standard input as text. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A password piped in (`--password-stdin`): the first line, without its line break. */
export async function passwordFromStdin(): Promise<string> {
  const password = (await readStdin()).split(/\r?\n/)[0] ?? '';
  if (!password) throw new CliError('no password on standard input', EXIT_CONFIG);
  return password;
}

/** Asks on the terminal (prompt on stderr, so stdout stays clean); `secret`: without echo. */
function ask(question: string, secret: boolean): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, encoding, done) {
      if (!muted) process.stderr.write(chunk, encoding);
      done();
    },
  });
  const reader = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve, reject) => {
    reader.on('SIGINT', () => {
      reader.close();
      process.stderr.write('\n');
      reject(new CliError('cancelled', EXIT_CONFIG));
    });
    reader.question(question, (answer) => {
      reader.close();
      if (secret) process.stderr.write('\n');
      resolve(answer);
    });
    // After the question is written: only the typed characters are hidden.
    muted = secret;
  });
}

export const isInteractive = (): boolean => process.stdin.isTTY === true;

/** A line typed on the terminal, or `fallback` when the answer is empty. */
export async function promptLine(question: string, fallback?: string): Promise<string> {
  const answer = (await ask(question, false)).trim();
  return answer || fallback || '';
}

/** A password typed on the terminal, not echoed. */
export async function promptSecret(question: string): Promise<string> {
  if (!isInteractive()) {
    throw new CliError(
      'standard input is not a terminal: pipe the password with --password-stdin',
      EXIT_CONFIG,
    );
  }
  const answer = await ask(question, true);
  if (!answer) throw new CliError('no password given', EXIT_CONFIG);
  return answer;
}
