import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Resolves `relativePath` (from a job, a zip entry or a hub listing) below `root`, or returns
 * undefined when it is unsafe: absolute, a Windows drive or backslash path, holding a NUL byte,
 * or climbing out of `root` with `..`. An empty or missing path is `root` itself.
 */
export function resolveInside(root: string, relativePath: string | null | undefined): string | undefined {
  const path = relativePath ?? '';
  if (path.includes('\0') || path.includes('\\') || isAbsolute(path) || /^[A-Za-z]:/.test(path)) return undefined;
  const base = resolve(root);
  const target = resolve(base, path);
  const rel = relative(base, target);
  if (rel === '') return target;
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return target;
}
