import { z } from 'zod';
import { UserName } from '../schema.ts';
import { keyTypes, MAX_COMMENT, MAX_KEY_TEXT } from './parse.ts';

/** The contract of SSH keys: a user's public keys, as the API and the CLI see them. */

export const SshKey = z
  .strictObject({
    id: z.number().int(),
    user: UserName.describe('Owner'),
    algorithm: z.enum(keyTypes),
    bits: z.number().int(),
    fingerprint: z.string().describe('As `ssh-keygen -l` prints it: SHA256:…'),
    comment: z.string(),
    public_key: z.string().describe('`<algorithm> <base64>`, without the comment'),
    created_at: z.string(),
  })
  .meta({ id: 'SshKey' });
export type SshKey = z.infer<typeof SshKey>;

export const SshKeyCreate = z
  .strictObject({
    key: z
      .string()
      .max(MAX_KEY_TEXT, `the key text is too long (at most ${MAX_KEY_TEXT} characters)`)
      .describe('One OpenSSH public key line: `<type> <base64> [comment]` (the .pub file)'),
    comment: z
      .string()
      .max(MAX_COMMENT)
      .optional()
      .describe("Replaces the line's own comment; shown in lists and in authorized_keys"),
  })
  .meta({ id: 'SshKeyCreate' });
export type SshKeyCreate = z.infer<typeof SshKeyCreate>;

/** The keys of one member of a slice, for the accounts export. */
export interface MemberKeys {
  user: string;
  keys: ReadonlyArray<{ public_key: string; comment: string; fingerprint: string }>;
}

/** A slice's members (enabled users only) and their keys. */
export interface SliceKeys {
  slice: string;
  members: MemberKeys[];
}
