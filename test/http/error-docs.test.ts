import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { errorStatus } from '../../src/lib/errors.ts';

describe('the error reference in docs/api.md', () => {
  it('lists every error code with its status', async () => {
    const doc = await readFile(new URL('../../docs/api.md', import.meta.url), 'utf8');
    const errors = doc.slice(doc.indexOf('\n## Errors\n'));
    for (const [code, status] of Object.entries(errorStatus))
      expect(errors).toContain(`| \`${code}\` | ${status} |`);
  });
});
