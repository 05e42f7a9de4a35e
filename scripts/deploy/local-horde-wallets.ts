/**
 * Writes the wallets of the local horde in containers (deploy/local/up.sh): the well-known test keys
 * of @horde/hotkey for the validator, the miner and a user, as bittensor wallets
 * `<dir>/<name>/hotkeys/default`. These keys are public (anyone can recompute them): never fund or
 * register them on a real network. The devchain's subnet (deploy/devchain/local-horde-subnet.json)
 * registers the same hotkeys.
 *
 * Usage: tsx scripts/deploy/local-horde-wallets.ts <wallets-dir>
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ready, writeTestWallet } from '@horde/hotkey';

export const LOCAL_HORDE_WALLETS = ['validator', 'miner', 'user'] as const;

/** Writes one wallet per name, hotkey `default`; returns the hotkeys' addresses by name. */
export async function writeLocalHordeWallets(dir: string): Promise<Record<(typeof LOCAL_HORDE_WALLETS)[number], string>> {
  await ready();
  const addresses = {} as Record<(typeof LOCAL_HORDE_WALLETS)[number], string>;
  for (const name of LOCAL_HORDE_WALLETS) addresses[name] = (await writeTestWallet(dir, name, 'default', name)).hotkey.address;
  return addresses;
}

const invokedDirectly = process.argv[1] !== undefined && createRequire(import.meta.url).resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const [dir] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: tsx scripts/deploy/local-horde-wallets.ts <wallets-dir>');
    process.exit(2);
  }
  const addresses = await writeLocalHordeWallets(dir);
  for (const [name, address] of Object.entries(addresses)) console.log(`${name}: ${address}`);
}
