/**
 * Where the `horde` CLI finds its facilitator, key and validator: flags first, then the
 * environment (HORDE_FACILITATOR_URL, HORDE_WALLET, HORDE_VALIDATOR, HORDE_WALLETS_DIR).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { loadHotkey } from '@horde/hotkey';
import type { Hotkey } from '@horde/hotkey';
import { sdkErrors } from '../errors';

export interface ConnectionFlags {
  readonly facilitator?: string | undefined;
  readonly wallet?: string | undefined;
  readonly validator?: string | undefined;
  readonly walletsDir?: string | undefined;
}

export type CliEnv = Readonly<Record<string, string | undefined>>;

export interface Connection {
  readonly facilitatorUrl: string;
  readonly hotkey: Hotkey;
  readonly validatorHotkey: string;
}

export async function resolveConnection(flags: ConnectionFlags, env: CliEnv): Promise<Connection> {
  const facilitatorUrl = required(flags.facilitator ?? env['HORDE_FACILITATOR_URL'], '--facilitator or HORDE_FACILITATOR_URL');
  try {
    new URL(facilitatorUrl);
  } catch (err) {
    throw sdkErrors.error('CONFIG_INVALID', `facilitator URL ${JSON.stringify(facilitatorUrl)} is not a URL`, { cause: err });
  }
  const wallet = required(flags.wallet ?? env['HORDE_WALLET'], '--wallet or HORDE_WALLET');
  const validatorHotkey = required(flags.validator ?? env['HORDE_VALIDATOR'], '--validator or HORDE_VALIDATOR');
  const walletsDir = flags.walletsDir ?? env['HORDE_WALLETS_DIR'] ?? join(homedir(), '.bittensor', 'wallets');
  return { facilitatorUrl, hotkey: await loadWallet(wallet, walletsDir), validatorHotkey };
}

/**
 * `wallet` is a hotkey file path, or `<wallet>/<hotkey>` inside `walletsDir` (bittensor's layout)
 * when it is two plain names and no such file exists.
 */
export async function loadWallet(wallet: string, walletsDir: string): Promise<Hotkey> {
  const names = /^([^/.][^/]*)\/([^/]+)$/.exec(wallet);
  const location = names && !isAbsolute(wallet) && !existsSync(wallet) ? { walletsDir, wallet: names[1]!, hotkey: names[2]! } : { file: wallet };
  try {
    return await loadHotkey(location);
  } catch (err) {
    throw sdkErrors.error('CONFIG_INVALID', `cannot load hotkey ${JSON.stringify(wallet)}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

function required(value: string | undefined, what: string): string {
  if (value === undefined || value === '') throw sdkErrors.error('CONFIG_INVALID', `missing ${what}`);
  return value;
}
