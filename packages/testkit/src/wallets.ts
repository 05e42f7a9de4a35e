/**
 * Test wallets come from @horde/hotkey (deterministic keys, real bittensor wallet files); they are
 * re-exported so that tests find every fixture in the testkit. `ready()` must resolve before the keys
 * are used (sr25519 is WebAssembly).
 */
export { ready, TEST_WALLETS, TEST_WALLET_NAMES, testColdkey, testKeypair, writeTestWallet } from '@horde/hotkey';
export type { TestWallet, TestWalletName } from '@horde/hotkey';
