import { stringToU8a } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { join } from 'node:path';
import { hotkeyFromSeed } from './keys';
import type { Hotkey } from './keys';
import { hotkeyPath, writeColdkeyPub, writeKeyfile } from './wallet';

/*
 * Deterministic keys for tests and the local horde. Never use them on a real network: anyone can
 * recompute them.
 *
 * Seed = blake2b-256(UTF-8 `horde-test-hotkey/<name>`) (coldkeys: `horde-test-coldkey/<wallet>`).
 * A hashed seed rather than `//name` derivation from the dev phrase: a derived sr25519 key has no
 * 32-byte seed that polkadot-js exposes, and wallet files need one (`secretSeed`) so that
 * btwallet and this package load the same key.
 */

const cache = new Map<string, Hotkey>();

function seeded(domain: string, name: string): Hotkey {
  const label = `${domain}/${name}`;
  let key = cache.get(label);
  if (key === undefined) {
    key = hotkeyFromSeed(blake2AsU8a(stringToU8a(label), 256));
    cache.set(label, key);
  }
  return key;
}

/** The test hotkey called `name` (same name, same key, on every machine). */
export function testKeypair(name: string): Hotkey {
  return seeded('horde-test-hotkey', name);
}

/** The coldkey of test wallet `wallet` (what `writeTestWallet` puts in its coldkeypub.txt). */
export function testColdkey(wallet: string): Hotkey {
  return seeded('horde-test-coldkey', wallet);
}

export const TEST_WALLET_NAMES = [
  'validator',
  'validator2',
  'validator3',
  'miner',
  'miner2',
  'miner3',
  'facilitator',
  'user',
  'user2',
] as const;
export type TestWalletName = (typeof TEST_WALLET_NAMES)[number];

/**
 * Named test keys, `TEST_WALLETS.validator === testKeypair('validator')`. The keys are made on
 * first access, so importing this module costs nothing.
 */
export const TEST_WALLETS: { readonly [name in TestWalletName]: Hotkey } = Object.defineProperties(
  {} as { [name in TestWalletName]: Hotkey },
  Object.fromEntries(TEST_WALLET_NAMES.map((name) => [name, { get: () => testKeypair(name), enumerable: true }])),
);

export interface TestWallet {
  readonly hotkey: Hotkey;
  readonly coldkey: Hotkey;
  readonly walletDir: string;
  readonly hotkeyPath: string;
  readonly coldkeyPubPath: string;
}

/**
 * Writes a real bittensor wallet for test key `name`: `<walletsDir>/<wallet>/hotkeys/<hotkey>` and
 * `<walletsDir>/<wallet>/coldkeypub.txt` (coldkey `testColdkey(wallet)`). Existing files are
 * replaced, which is harmless: the same inputs always write the same keys.
 */
export async function writeTestWallet(walletsDir: string, wallet: string, hotkey: string, name: string): Promise<TestWallet> {
  const path = hotkeyPath({ walletsDir, wallet, hotkey });
  const key = await writeKeyfile(path, testKeypair(name), { overwrite: true });
  const walletDir = join(walletsDir, wallet);
  const coldkey = testColdkey(wallet);
  const coldkeyPubPath = await writeColdkeyPub(walletDir, coldkey.publicKey, { overwrite: true });
  return { hotkey: key, coldkey, walletDir, hotkeyPath: path, coldkeyPubPath };
}
