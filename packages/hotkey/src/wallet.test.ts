import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hotkeyErrors } from './errors';
import type { HotkeyErrorCode } from './errors';
import { hotkeyFromSeed } from './keys';
import { sign, verify } from './sign';
import { hotkeyPath, loadColdkeyPub, loadHotkey, loadKeyfile, writeColdkeyPub, writeKeyfile } from './wallet';

const ALICE_SEED = '0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a';
const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const ALICE_PUBLIC = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';
const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';
const DEV_PHRASE_SEED = '0xfac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e';
const DEV_PHRASE_ADDRESS = '5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'horde-hotkey-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function put(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(root, 'raw', name);
  await mkdir(join(root, 'raw'), { recursive: true });
  await writeFile(path, content);
  return path;
}

async function codeOf(promise: Promise<unknown>): Promise<HotkeyErrorCode | 'no error'> {
  try {
    await promise;
    return 'no error';
  } catch (err) {
    if (hotkeyErrors.is(err)) return err.code;
    throw err;
  }
}

describe('loading hotkeys', () => {
  it('loads from the bittensor tree and from a mounted wallet dir or file', async () => {
    const walletsDir = join(root, 'wallets');
    const written = await writeKeyfile(hotkeyPath({ walletsDir, wallet: 'validator', hotkey: 'default' }), { seed: ALICE_SEED });
    expect(written.address).toBe(ALICE);
    expect((await loadHotkey({ walletsDir, wallet: 'validator', hotkey: 'default' })).address).toBe(ALICE);
    expect((await loadHotkey({ walletDir: join(walletsDir, 'validator'), hotkey: 'default' })).address).toBe(ALICE);
    const file = join(walletsDir, 'validator', 'hotkeys', 'default');
    expect((await loadHotkey({ file })).address).toBe(ALICE);
    expect((await loadKeyfile(file)).address).toBe(ALICE);
  });

  it('writes btwallet JSON with mode 0600, and the loaded key signs', async () => {
    const path = join(root, 'written', 'hotkeys', 'phrase');
    await writeKeyfile(path, { mnemonic: DEV_PHRASE });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const json = JSON.parse(await readFile(path, 'utf8')) as Record<string, string>;
    expect(Object.keys(json).sort()).toEqual(['accountId', 'publicKey', 'secretPhrase', 'secretSeed', 'ss58Address']);
    expect(json).toMatchObject({ secretPhrase: DEV_PHRASE, secretSeed: DEV_PHRASE_SEED, ss58Address: DEV_PHRASE_ADDRESS });
    expect(json['accountId']).toBe(json['publicKey']);
    const key = await loadKeyfile(path);
    expect(verify('blob', sign(key, 'blob'), DEV_PHRASE_ADDRESS)).toBe(true);
  });

  it('secretPhrase-only and secretSeed-only files give the same address', async () => {
    const phraseOnly = await put('phrase-only', JSON.stringify({ secretPhrase: DEV_PHRASE }));
    const seedOnly = await put('seed-only', JSON.stringify({ secretSeed: DEV_PHRASE_SEED }));
    expect((await loadKeyfile(phraseOnly)).address).toBe(DEV_PHRASE_ADDRESS);
    expect((await loadKeyfile(seedOnly)).address).toBe(DEV_PHRASE_ADDRESS);
  });

  it("Alice's seed file gives Alice, and the phrase wins over the seed (btwallet order)", async () => {
    expect((await loadKeyfile(await put('alice', JSON.stringify({ secretSeed: ALICE_SEED, ss58Address: ALICE })))).address).toBe(ALICE);
    const both = await put('both', JSON.stringify({ secretPhrase: DEV_PHRASE, secretSeed: ALICE_SEED, privateKey: null }));
    expect((await loadKeyfile(both)).address).toBe(DEV_PHRASE_ADDRESS);
  });

  it('refuses encrypted files', async () => {
    const nacl = Buffer.concat([Buffer.from('$NACL'), Buffer.from([0xff, 0xfe, 0x00, 0x80])]);
    for (const content of [nacl, '$ANSIBLE_VAULT;1.1;AES256\n6162', 'gAAAAABkZ']) {
      expect(await codeOf(loadKeyfile(await put('encrypted', content)))).toBe('KEYFILE_ENCRYPTED');
    }
  });

  it('refuses invalid files', async () => {
    const cases = ['', 'not json', '[1]', '"x"', JSON.stringify({ secretSeed: 5 }), JSON.stringify({ secretSeed: '0x12' }), JSON.stringify({ secretPhrase: 'one two three' }), JSON.stringify({ secretSeed: ALICE_SEED, ss58Address: 'nope' })];
    for (const content of cases) {
      expect(await codeOf(loadKeyfile(await put('invalid', content))), content).toBe('KEYFILE_INVALID');
    }
    expect(await codeOf(loadKeyfile(await put('latin1', Buffer.from([0x7b, 0xe9, 0x7d]))))).toBe('KEYFILE_INVALID');
  });

  it('refuses files without a usable secret', async () => {
    for (const content of [{ ss58Address: ALICE }, { privateKey: `0x${'ab'.repeat(64)}`, ss58Address: ALICE }, {}]) {
      expect(await codeOf(loadKeyfile(await put('public', JSON.stringify(content))))).toBe('KEYFILE_NO_SECRET');
    }
  });

  it('refuses a file whose stated address or public key is not its key', async () => {
    const wrongAddress = await put('mismatch', JSON.stringify({ secretSeed: ALICE_SEED, ss58Address: BOB }));
    expect(await codeOf(loadKeyfile(wrongAddress))).toBe('KEYFILE_ADDRESS_MISMATCH');
    const wrongKey = await put('mismatch-key', JSON.stringify({ secretSeed: DEV_PHRASE_SEED, publicKey: ALICE_PUBLIC }));
    expect(await codeOf(loadKeyfile(wrongKey))).toBe('KEYFILE_ADDRESS_MISMATCH');
    const rightKey = await put('match-key', JSON.stringify({ secretSeed: ALICE_SEED, publicKey: ALICE_PUBLIC.slice(2).toUpperCase(), accountId: ALICE_PUBLIC }));
    expect((await loadKeyfile(rightKey)).address).toBe(ALICE);
  });

  it('reports missing and unreadable files', async () => {
    expect(await codeOf(loadHotkey({ walletsDir: root, wallet: 'absent', hotkey: 'default' }))).toBe('KEYFILE_NOT_FOUND');
    expect(await codeOf(loadKeyfile(root))).toBe('KEYFILE_UNREADABLE');
  });

  it('refuses wallet or hotkey names that are not one path segment', () => {
    for (const [wallet, hotkey] of [['..', 'x'], ['a/b', 'x'], ['w', ''], ['w', '../../etc/passwd']] as const) {
      expect(() => hotkeyPath({ walletsDir: root, wallet, hotkey })).toThrow(expect.objectContaining({ code: 'WALLET_NAME_INVALID' }));
    }
  });
});

describe('writing', () => {
  it('does not overwrite unless asked, and leaves no temp files', async () => {
    const dir = join(root, 'overwrite', 'hotkeys');
    const path = join(dir, 'default');
    await writeKeyfile(path, { seed: ALICE_SEED });
    expect(await codeOf(writeKeyfile(path, { seed: DEV_PHRASE_SEED }))).toBe('KEYFILE_EXISTS');
    expect((await loadKeyfile(path)).address).toBe(ALICE);
    await writeKeyfile(path, hotkeyFromSeed(DEV_PHRASE_SEED), { overwrite: true });
    expect((await loadKeyfile(path)).address).toBe(DEV_PHRASE_ADDRESS);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['default']);
  });

  it('writes and loads coldkeypub.txt', async () => {
    const walletDir = join(root, 'coldwallet');
    const path = await writeColdkeyPub(walletDir, hotkeyFromSeed(ALICE_SEED).publicKey);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ accountId: ALICE_PUBLIC, publicKey: ALICE_PUBLIC, ss58Address: ALICE });
    const cold = await loadColdkeyPub(walletDir);
    expect(cold.address).toBe(ALICE);
    await writeFile(path, JSON.stringify({ ss58Address: BOB, publicKey: ALICE_PUBLIC }));
    expect(await codeOf(loadColdkeyPub(walletDir))).toBe('KEYFILE_ADDRESS_MISMATCH');
    await writeFile(path, JSON.stringify({ publicKey: ALICE_PUBLIC }));
    expect(await codeOf(loadColdkeyPub(walletDir))).toBe('KEYFILE_INVALID');
    expect(await codeOf(loadColdkeyPub(join(root, 'nowhere')))).toBe('KEYFILE_NOT_FOUND');
  });

  it('reports a write failure as KEYFILE_WRITE_FAILED', async () => {
    const blocker = await put('a-file', 'x');
    expect(await codeOf(writeKeyfile(join(blocker, 'hotkeys', 'default'), { seed: ALICE_SEED }))).toBe('KEYFILE_WRITE_FAILED');
  });
});
