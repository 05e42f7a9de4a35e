import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ready, TEST_WALLETS, testKeypair, writeTestWallet } from './index';

describe('test wallets (re-exported from @horde/hotkey)', () => {
  it('gives the same named keys and writes a wallet holding them', async () => {
    await ready();
    expect(TEST_WALLETS.miner.address).toBe(testKeypair('miner').address);
    expect(TEST_WALLETS.miner.address).not.toBe(TEST_WALLETS.validator.address);
    const dir = await mkdtemp(join(tmpdir(), 'testkit-wallets-'));
    try {
      const wallet = await writeTestWallet(dir, 'validator', 'default', 'validator');
      expect(wallet.hotkey.address).toBe(TEST_WALLETS.validator.address);
      expect(await readFile(wallet.hotkeyPath, 'utf8')).toContain(TEST_WALLETS.validator.address);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
