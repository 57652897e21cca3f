/**
 * Deepest nesting of arrays and objects accepted in a request body. Validators and
 * serialisers recurse, so a body nested 20 000 deep (40 KB) would overflow the stack and
 * answer 500; real documents stay far below this.
 */
export const MAX_NESTING = 64;

/** Whether JSON text nests deeper than `max`: a linear scan, before anything is built. */
export function jsonTextTooDeep(text: string, max = MAX_NESTING): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      if (++depth > max) return true;
    } else if (c === ']' || c === '}') depth--;
  }
  return false;
}

/** Whether a parsed value (e.g. from YAML) nests deeper than `max`; iterative, cycles included. */
export function valueTooDeep(value: unknown, max = MAX_NESTING): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, depth] = next;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}
