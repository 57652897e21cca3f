/** Rig's API tokens (`rig_` and 43 base64url characters), and anything close enough to one. */
const RIG_TOKEN = /rig_[A-Za-z0-9_-]{16,}/g;

/**
 * Text with every Rig token in it replaced: for what is logged or audited from input that
 * should never hold one (a URL, a path parameter), in case a caller put a token there.
 */
export function redactTokens(text: string): string {
  return text.replace(RIG_TOKEN, 'rig_[redacted]');
}
