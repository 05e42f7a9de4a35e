import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executorIo } from '../io-errors';
import { ByteBudget } from './budget';
import { mapLimit } from './concurrency';
import { fnmatchRegExp, isAllowed } from './fnmatch';
import { resolveInside } from './safe-path';
import { redactUrl } from './safe-url';

describe('resolveInside', () => {
  const root = '/tmp/job/volume';
  it('accepts paths below the root, and the root itself', () => {
    expect(resolveInside(root, 'a/b.txt')).toBe(join(root, 'a/b.txt'));
    expect(resolveInside(root, './a/../b')).toBe(join(root, 'b'));
    expect(resolveInside(root, undefined)).toBe(resolve(root));
    expect(resolveInside(root, '')).toBe(resolve(root));
  });
  it('refuses absolute paths, .. escapes, backslashes, drives and NUL bytes', () => {
    for (const bad of ['/etc/passwd', '..', '../x', 'a/../../x', 'a\\..\\x', 'C:/x', 'a\0b']) expect(resolveInside(root, bad), bad).toBeUndefined();
  });
});

describe('fnmatch (allow_patterns)', () => {
  it('follows Python fnmatch: * crosses /, ? is one char, sets and negated sets', () => {
    expect(isAllowed('a/b/c.json', '*.json')).toBe(true);
    expect(isAllowed('x.json5', '*.json')).toBe(false);
    expect(isAllowed('model-01.bin', 'model-0?.bin')).toBe(true);
    expect(isAllowed('v1.txt', 'v[0-9].txt')).toBe(true);
    expect(isAllowed('va.txt', 'v[!0-9].txt')).toBe(true);
    expect(isAllowed('v1.txt', 'v[!0-9].txt')).toBe(false);
    expect(isAllowed('a+b(c).txt', 'a+b(c).txt')).toBe(true);
    expect(isAllowed('[x', '[x')).toBe(true);
    expect(isAllowed(']', '[]a]')).toBe(true);
    expect(isAllowed('b', '[!]a]')).toBe(true);
    expect(isAllowed('a\\b', 'a[\\]b')).toBe(true);
  });
  it('treats a trailing slash as a whole folder, and no patterns as everything', () => {
    expect(isAllowed('tok/vocab.txt', 'tok/')).toBe(true);
    expect(isAllowed('tokenizer.json', 'tok/')).toBe(false);
    expect(isAllowed('anything', null)).toBe(true);
    expect(isAllowed('a.bin', ['*.json', '*.bin'])).toBe(true);
    expect(fnmatchRegExp('a.b').test('aXb')).toBe(false);
  });
});

describe('ByteBudget', () => {
  it('charges, refuses an excess, and gives bytes back', () => {
    const budget = new ByteBudget(10);
    budget.take(6);
    expect(() => budget.take(5)).toThrow(expect.objectContaining({ code: 'VOLUME_TOO_LARGE' }));
    expect(() => budget.ensureRoom(5)).toThrow(expect.objectContaining({ code: 'VOLUME_TOO_LARGE' }));
    budget.release(6);
    budget.take(10);
    expect(budget.remaining).toBe(0);
  });
});

describe('mapLimit', () => {
  it('never runs more than the limit at once and keeps the order', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setImmediate(r));
      running--;
      return n * 2;
    });
    expect(results).toEqual([2, 4, 6, 8, 10, 12, 14]);
    expect(peak).toBe(3);
  });
  it('aborts the siblings of a failed task and rethrows the first failure', async () => {
    const aborted: number[] = [];
    const started: number[] = [];
    const err = await mapLimit([1, 2, 3, 4, 5], 2, async (n, signal) => {
      started.push(n);
      if (n === 1) throw executorIo.error('DOWNLOAD_FAILED');
      await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
      aborted.push(n);
    }).catch((e: unknown) => e);
    expect(executorIo.is(err, 'DOWNLOAD_FAILED')).toBe(true);
    expect(aborted).toEqual([2]);
    expect(started).toEqual([1, 2]);
  });
});

describe('redactUrl', () => {
  it('keeps scheme, host and path only', () => {
    expect(redactUrl('https://user:pw@s3.example.com:9000/b/k.zip?X-Amz-Signature=abc#frag')).toBe('https://s3.example.com:9000/b/k.zip');
    expect(redactUrl('not a url')).toBe('<invalid url>');
  });
});
