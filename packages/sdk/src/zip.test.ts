import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sdkErrors } from './errors';
import { inlineVolume } from './volumes';
import { zipFiles } from './zip';

/** Python's zipfile (what the reference executor unpacks with) reads the archive back. */
function unzipWithPython(zip: Buffer): Record<string, string> {
  const script = `
import base64, io, json, sys, zipfile
z = zipfile.ZipFile(io.BytesIO(base64.b64decode(sys.stdin.read())))
assert z.testzip() is None
print(json.dumps({i.filename: base64.b64encode(z.read(i)).decode() for i in z.infolist()}))
`;
  const result = spawnSync('python3', ['-c', script], { input: zip.toString('base64'), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as Record<string, string>;
}

describe('zipFiles', () => {
  it('writes an archive that zipfile reads back exactly (deflated, stored, UTF-8 names, binary)', () => {
    const binary = new Uint8Array(256).map((_, i) => i);
    const files = { 'a.txt': 'hello '.repeat(100), 'dir/ünï.txt': 'x', 'bin/data': binary, 'empty': '' };
    const read = unzipWithPython(zipFiles(files));
    expect(Object.keys(read)).toEqual(Object.keys(files));
    expect(Buffer.from(read['a.txt']!, 'base64').toString()).toBe(files['a.txt']);
    expect(Buffer.from(read['dir/ünï.txt']!, 'base64').toString()).toBe('x');
    expect(Buffer.from(read['bin/data']!, 'base64').equals(Buffer.from(binary))).toBe(true);
    expect(read['empty']).toBe('');
  });

  it('is deterministic and refuses paths that would escape the volume', () => {
    expect(zipFiles({ a: 'b' }).equals(zipFiles({ a: 'b' }))).toBe(true);
    for (const bad of ['/etc/passwd', '../x', 'a/../../x', '', 'a//b', 'a\\b']) {
      expect(() => zipFiles({ [bad]: 'x' }), bad).toThrow(expect.objectContaining({ code: 'JOB_SPEC_INVALID' }));
    }
    expect(sdkErrors.specs.JOB_SPEC_INVALID.retryable).toBe(false);
  });

  it('inlineVolume.fromFiles is that zip in base64', () => {
    const volume = inlineVolume.fromFiles({ 'in.txt': 'data' });
    expect(volume.kind).toBe('inline');
    expect(Buffer.from(unzipWithPython(Buffer.from(volume.contents, 'base64'))['in.txt']!, 'base64').toString()).toBe('data');
  });
});
