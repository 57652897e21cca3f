import type { SliceKeys } from '../accounts/index.ts';

/** The content of a slice's authorized_keys file. */

/** First line of every file the export writes: how it recognises its own files. */
export const headerOf = (slice: string): string => `# rig accounts export: slice ${slice}\n`;

/** `<algorithm> <base64>` as the keys feature stores it; anything else is left out. */
const publicKey = /^[a-z0-9@.-]+ [A-Za-z0-9+/]+={0,2}$/;
/** Comments were checked on the way in; this keeps any other row from adding a line. */
const oneLine = (text: string) => text.replace(/[\p{Cc}\u2028\u2029]/gu, ' ').trim();

export function renderAuthorizedKeys(slice: SliceKeys): string {
  const lines = [
    headerOf(slice.slice).trimEnd(),
    '# The SSH keys of its members while it holds a lease. Rig rewrites this file: do not edit it.',
  ];
  for (const member of slice.members) {
    for (const key of member.keys) {
      if (!publicKey.test(key.public_key)) continue;
      lines.push(`${key.public_key} ${oneLine(key.comment) || member.user} # user ${member.user}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
