import { writeInside } from '../../src/keyexport/files.ts';

/**
 * Rewrites one file forever with two large versions in turn, through the export's atomic
 * writer; the crash test kills it with SIGKILL in the middle of a write.
 * Usage: node --import tsx crash-writer.ts ROOT REL
 */
const [root, rel] = process.argv.slice(2) as [string, string];
const versions = ['A', 'B'].map((c) => `# version ${c}\n${c.repeat(8 << 20)}\n`);
for (let i = 0; ; i++) {
  await writeInside(root, rel, versions[i % 2] as string);
  if (i === 0) process.stdout.write('ready\n');
}
