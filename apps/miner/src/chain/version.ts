/** The miner's version as announced in its axon: bittensor's `version_as_int` of the package version. */
import { readFileSync } from 'node:fs';
import { minerErrors } from '../errors';

/** `major.minor.patch` → major*10^6 + minor*10^3 + patch (bittensor's `version_as_int`; 9.11.1 → 9011001). */
export function versionAsInt(version: string): number {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (match === null) throw minerErrors.error('CONFIG_INVALID', `version ${version} is not major.minor.patch`);
  const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number];
  if (minor > 999 || patch > 999) throw minerErrors.error('CONFIG_INVALID', `version ${version}: minor and patch must be below 1000`);
  return major * 1_000_000 + minor * 1_000 + patch;
}

/** The `version` of apps/miner/package.json. */
export function minerPackageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
