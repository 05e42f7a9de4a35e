/**
 * Every error catalog of every package and app, found by shape among their exports, so that a new
 * catalog is documented without registering it anywhere.
 */
import type { ErrorCatalog } from '@horde/protocol';
import * as protocol from '@horde/protocol';
import * as hotkey from '@horde/hotkey';
import * as chain from '@horde/chain';
import * as service from '@horde/service';
import * as testkit from '@horde/testkit';
import * as executor from '@horde/executor';
import * as miner from '@horde/miner';
import * as validator from '@horde/validator';
import * as facilitator from '@horde/facilitator';
import * as sdk from '@horde/sdk';

const modules: Record<string, Record<string, unknown>> = {
  '@horde/protocol': protocol,
  '@horde/hotkey': hotkey,
  '@horde/chain': chain,
  '@horde/service': service,
  '@horde/testkit': testkit,
  '@horde/executor': executor,
  '@horde/miner': miner,
  '@horde/validator': validator,
  '@horde/facilitator': facilitator,
  '@horde/sdk': sdk,
};

function isCatalog(value: unknown): value is ErrorCatalog<string> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<ErrorCatalog<string>>;
  return typeof v.name === 'string' && Array.isArray(v.codes) && typeof v.specs === 'object' && typeof v.error === 'function';
}

export interface FoundCatalog {
  module: string;
  catalog: ErrorCatalog<string>;
}

export function collectCatalogs(): FoundCatalog[] {
  const seen = new Set<string>();
  const found: FoundCatalog[] = [];
  for (const [module, exports] of Object.entries(modules)) {
    for (const value of Object.values(exports)) {
      if (isCatalog(value) && !seen.has(value.name)) {
        seen.add(value.name);
        found.push({ module, catalog: value });
      }
    }
  }
  return found.sort((a, b) => a.catalog.name.localeCompare(b.catalog.name));
}
