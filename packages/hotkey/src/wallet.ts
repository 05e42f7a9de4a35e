import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { hotkeyErrors } from './errors';
import { parseColdkeyPub, parseHotkeyfile, serializeColdkeyPub, serializeHotkeyfile } from './keyfile';
import { hotkeyFromSecret } from './keys';
import type { Hotkey, KeySecret } from './keys';

/**
 * Where a hotkey file is. Three layouts:
 * - `{ walletsDir, wallet, hotkey }`: bittensor's own tree, `<walletsDir>/<wallet>/hotkeys/<hotkey>`.
 *   `walletsDir` is normally `~/.bittensor/wallets`; the caller resolves it (this package reads no env).
 * - `{ walletDir, hotkey }`: one wallet directory mounted on its own (e.g. a container volume at
 *   `/wallet`), `<walletDir>/hotkeys/<hotkey>`.
 * - `{ file }`: the hotkey file itself, wherever it is (e.g. a mounted secret).
 */
export type HotkeyLocation =
  | { readonly walletsDir: string; readonly wallet: string; readonly hotkey: string }
  | { readonly walletDir: string; readonly hotkey: string }
  | { readonly file: string };

export function hotkeyPath(location: HotkeyLocation): string {
  if ('file' in location) return location.file;
  const walletDir = 'walletDir' in location ? location.walletDir : join(location.walletsDir, checkName('wallet', location.wallet));
  return join(walletDir, 'hotkeys', checkName('hotkey', location.hotkey));
}

/** Loads the hotkey at `location` (see `HotkeyLocation`). */
export async function loadHotkey(location: HotkeyLocation): Promise<Hotkey> {
  return loadKeyfile(hotkeyPath(location));
}

/**
 * Loads an unencrypted hotkey file. Typed errors: KEYFILE_NOT_FOUND, KEYFILE_UNREADABLE,
 * KEYFILE_ENCRYPTED, KEYFILE_INVALID, KEYFILE_NO_SECRET, KEYFILE_ADDRESS_MISMATCH.
 */
export async function loadKeyfile(path: string): Promise<Hotkey> {
  return parseHotkeyfile(await readKeyfile(path), path);
}

/** The coldkey address of a wallet, from `<walletDir>/coldkeypub.txt`. */
export async function loadColdkeyPub(walletDir: string): Promise<{ address: string; publicKey: Uint8Array }> {
  const path = join(walletDir, 'coldkeypub.txt');
  return parseColdkeyPub(await readKeyfile(path), path);
}

export interface WriteOptions {
  /** Replace an existing file. Default false: an existing file is KEYFILE_EXISTS. */
  readonly overwrite?: boolean;
}

/**
 * Writes a hotkey file in btwallet's format (see `serializeHotkeyfile`), unencrypted, mode 0600,
 * creating missing directories (mode 0700). The write is atomic: a temp file, then a rename (or a
 * hard link when not overwriting, so an existing file is never clobbered). Returns the key written.
 */
export async function writeKeyfile(path: string, key: Hotkey | KeySecret, options: WriteOptions = {}): Promise<Hotkey> {
  const hotkey = 'pair' in key ? key : hotkeyFromSecret(key);
  await writeSecretFile(path, serializeHotkeyfile(hotkey), options);
  return hotkey;
}

/** Writes `<walletDir>/coldkeypub.txt` for a coldkey's public key. Returns the file's path. */
export async function writeColdkeyPub(walletDir: string, publicKey: Uint8Array, options: WriteOptions = {}): Promise<string> {
  const path = join(walletDir, 'coldkeypub.txt');
  await writeSecretFile(path, serializeColdkeyPub(publicKey), options);
  return path;
}

async function readKeyfile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw hotkeyErrors.error('KEYFILE_NOT_FOUND', path, { cause, context: { path } });
    throw hotkeyErrors.error('KEYFILE_UNREADABLE', `${path} (${code ?? 'unknown error'})`, { cause, context: { path } });
  }
}

async function writeSecretFile(path: string, content: string, options: WriteOptions): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(temp, content, { mode: 0o600, flag: 'wx' });
    if (options.overwrite === true) {
      await rename(temp, path);
      return;
    }
    await link(temp, path);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') {
      throw hotkeyErrors.error('KEYFILE_EXISTS', path, { cause, context: { path } });
    }
    throw hotkeyErrors.error('KEYFILE_WRITE_FAILED', path, { cause, context: { path } });
  } finally {
    await unlink(temp).catch(() => undefined); // gone already after a rename
  }
}

/** Wallet and hotkey names are single path segments, as in bittensor. */
function checkName(what: string, name: string): string {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
    throw hotkeyErrors.error('WALLET_NAME_INVALID', `${what} name ${JSON.stringify(name)}`);
  }
  return name;
}
