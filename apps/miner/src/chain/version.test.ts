import { describe, expect, it } from 'vitest';
import { minerErrors } from '../errors';
import { minerPackageVersion, versionAsInt } from './version';

describe('versionAsInt', () => {
  it('packs major.minor.patch as bittensor does', () => {
    expect(versionAsInt('9.11.1')).toBe(9_011_001);
    expect(versionAsInt('0.1.0')).toBe(1_000);
    expect(versionAsInt('1.2.3-beta.1')).toBe(1_002_003);
  });

  it('refuses what it cannot pack', () => {
    expect(() => versionAsInt('1.2')).toThrowError(/not major.minor.patch/);
    expect(minerErrors.is(captured(() => versionAsInt('1.1000.0')), 'CONFIG_INVALID')).toBe(true);
  });

  it('reads the package version', () => {
    expect(minerPackageVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

function captured(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}
