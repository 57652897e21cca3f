import { redactTokens } from '../lib/redact.ts';

/** Query parameters whose values are credentials: a token pasted where it does not belong. */
const SECRET_PARAMETER = /token|pass|secret|csrf|key|session|auth|cookie|sig|credential/i;

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

/**
 * A request URL as it may be logged: the values of credential-like query parameters and
 * anything shaped like a Rig token are replaced, so that a token sent in a URL (as the
 * sidecar accepts, or by mistake) never reaches the log file.
 */
export function loggableUrl(url: string): string {
  const at = url.indexOf('?');
  const path = redactTokens(at < 0 ? url : url.slice(0, at));
  if (at < 0) return path;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return redactTokens(pair);
      const name = pair.slice(0, eq);
      if (SECRET_PARAMETER.test(decoded(name))) return `${name}=[redacted]`;
      return redactTokens(pair);
    });
  return `${path}?${query.join('&')}`;
}
