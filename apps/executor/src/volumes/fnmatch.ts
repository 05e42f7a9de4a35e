/**
 * Python `fnmatch` semantics, as `huggingface_hub` applies `allow_patterns` to repo paths: `*`
 * matches any run of characters, `/` included; `?` one character; `[seq]` / `[!seq]` a set.
 * A pattern ending in `/` matches everything below that folder.
 */
export function fnmatchRegExp(pattern: string): RegExp {
  const source = pattern.endsWith('/') ? `${pattern}*` : pattern;
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const end = classEnd(source, i);
      if (end === -1) out += '\\[';
      else {
        let body = source.slice(i + 1, end).replace(/[\\\]]/g, '\\$&');
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        else if (body.startsWith('^')) body = `\\${body}`;
        out += `[${body}]`;
        i = end;
      }
    } else out += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${out}$`, 's');
}

/** Index of the `]` closing the set opened at `start`, or -1 (then `[` is literal). */
function classEnd(pattern: string, start: number): number {
  let j = start + 1;
  if (pattern[j] === '!') j++;
  if (pattern[j] === ']') j++;
  return pattern.indexOf(']', j);
}

/** Whether `path` passes `allowPatterns` (none given: everything passes). */
export function isAllowed(path: string, allowPatterns: string | readonly string[] | null | undefined): boolean {
  if (allowPatterns === null || allowPatterns === undefined) return true;
  const patterns = typeof allowPatterns === 'string' ? [allowPatterns] : allowPatterns;
  return patterns.some((pattern) => fnmatchRegExp(pattern).test(path));
}
