import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hotkeyFromSeed } from './keys';
import { sign, verify } from './sign';
import { TEST_WALLETS, TEST_WALLET_NAMES, testColdkey, testKeypair, writeTestWallet } from './test-wallets';
import { loadColdkeyPub, loadHotkey } from './wallet';

let walletsDir: string;

beforeAll(async () => {
  walletsDir = await mkdtemp(join(tmpdir(), 'horde-test-wallets-'));
});

afterAll(async () => {
  await rm(walletsDir, { recursive: true, force: true });
});

describe('test wallets', () => {
  it('are deterministic: the documented seed recipe gives a pinned address', () => {
    // blake2b-256("horde-test-hotkey/validator"); pinned so that a change of recipe is noticed.
    expect(testKeypair('validator').address).toBe(TEST_WALLETS.validator.address);
    expect(hotkeyFromSeed(testKeypair('validator').secretSeed).address).toBe(TEST_WALLETS.validator.address);
    expect(u8aToHex(TEST_WALLETS.validator.secretSeed)).toBe('0x46bc4a6cf45ce8832a49df933eaa65a2a398eaae67e8a6b5b89ff46329f7d0da');
    expect(TEST_WALLETS.validator.address).toBe('5FPN9jyE2yYxVHJLLceE3uwwVCe1G32kwYeGtqE1irZn9zyE');
  });

  it('are distinct for every name, and hotkeys differ from coldkeys', () => {
    const addresses = TEST_WALLET_NAMES.map((name) => TEST_WALLETS[name].address);
    expect(new Set(addresses).size).toBe(TEST_WALLET_NAMES.length);
    expect(addresses).not.toContain(testColdkey('validator').address);
    expect(Object.keys(TEST_WALLETS)).toEqual([...TEST_WALLET_NAMES]);
  });

  it('sign and verify', () => {
    const signature = sign(TEST_WALLETS.miner, 'x');
    expect(verify('x', signature, TEST_WALLETS.miner.address)).toBe(true);
    expect(verify('x', signature, TEST_WALLETS.miner2.address)).toBe(false);
  });

  it('writeTestWallet writes real wallet files that load back', async () => {
    const wallet = await writeTestWallet(walletsDir, 'horde-validator', 'default', 'validator');
    expect(wallet.hotkey.address).toBe(TEST_WALLETS.validator.address);
    expect((await loadHotkey({ walletsDir, wallet: 'horde-validator', hotkey: 'default' })).address).toBe(TEST_WALLETS.validator.address);
    expect((await loadColdkeyPub(wallet.walletDir)).address).toBe(testColdkey('horde-validator').address);
    const file = JSON.parse(await readFile(wallet.hotkeyPath, 'utf8')) as { ss58Address: string };
    expect(file.ss58Address).toBe(TEST_WALLETS.validator.address);
    // Writing again is harmless: same files, no KEYFILE_EXISTS.
    const again = await writeTestWallet(walletsDir, 'horde-validator', 'default', 'validator');
    expect(again.coldkeyPubPath).toBe(wallet.coldkeyPubPath);
  });
});
