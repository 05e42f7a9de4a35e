/**
 * The devchain's pool refuses what substrate's pool refuses, with substrate's JSON-RPC codes and
 * wording, and survives hostile frames.
 */
import type { ApiPromise } from '@polkadot/api';
import { testColdkey, testKeypair } from '@horde/hotkey';
import { compactFromU8a, hexToU8a, u8aToHex } from '@polkadot/util';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevchain } from './server';
import type { Devchain } from './server';
import { include, rawCall, stockApi, tx } from './testing';

const NETUID = 3;
const miner = testKeypair('devchain-pool-miner');
const other = testKeypair('devchain-pool-other');

describe('devchain pool', () => {
  let devchain: Devchain;
  let api: ApiPromise;
  beforeAll(async () => {
    devchain = await createDevchain({
      blockTimeMs: 0,
      subnet: { netuid: NETUID, tempo: 10, neurons: [{ hotkey: miner.address, coldkey: testColdkey('pool').address }], hyperparameters: { serving_rate_limit: 0 } },
    });
    api = await stockApi(devchain);
  });
  afterAll(async () => {
    await api?.disconnect();
    await devchain?.close();
  });

  const serve = (port: number) => tx(api, 'subtensorModule', 'serveAxon')(NETUID, 1, 0x0a000001, port, 4, 4, 0, 0);
  /** Signs offline, immortal, with explicit options. */
  const signed = (port: number, nonce: number, genesisHash = api.genesisHash.toHex()): string =>
    serve(port).sign(miner.pair, { nonce, era: api.createType('ExtrinsicEra', '0x00'), blockHash: api.genesisHash, genesisHash, runtimeVersion: api.runtimeVersion }).toHex();
  const submit = (hex: string): Promise<string> => api.rpc.author.submitExtrinsic(hex).then((h) => h.toHex());

  it('an immortal extrinsic signed offline is accepted and included', async () => {
    const nonce = (await api.rpc.system.accountNextIndex(miner.address)).toNumber();
    const hash = await submit(signed(8100, nonce));
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect((await api.rpc.system.accountNextIndex(miner.address)).toNumber()).toBe(nonce + 1);
    expect((await api.rpc.author.pendingExtrinsics()).length).toBe(1);
    const block = devchain.produceBlock();
    expect(devchain.extrinsics().at(-1)).toMatchObject({ block: block.number, hash, success: true, nonce });
    const body = await api.rpc.chain.getBlock(block.hash);
    expect(body.block.extrinsics.map((x) => x.hash.toHex())).toEqual([hash]);
  });

  it('a bad signature is 1010 "Transaction has a bad signature"', async () => {
    const nonce = (await api.rpc.system.accountNextIndex(miner.address)).toNumber();
    await expect(submit(signed(8101, nonce, u8aToHex(new Uint8Array(32).fill(0x22))))).rejects.toThrow(/^1010: Invalid Transaction: Transaction has a bad signature/);
    // length prefix, version byte, MultiAddress::Id (1 + 32), MultiSignature::Sr25519 tag: then the signature.
    const bytes = hexToU8a(signed(8101, nonce));
    const signatureAt = compactFromU8a(bytes)[0] + 1 + 33 + 1;
    bytes[signatureAt + 7] = (bytes[signatureAt + 7] ?? 0) ^ 0xff;
    await expect(submit(u8aToHex(bytes))).rejects.toThrow(/^1010: Invalid Transaction: Transaction has a bad signature/);
  });

  it('a signing payload over 256 bytes is hashed before signing, as substrate does, and verifies', async () => {
    const big = tx(api, 'subtensorModule', 'commitTimelockedWeights')(NETUID, u8aToHex(new Uint8Array(400).fill(7)), 1, 4);
    expect(big.method.encodedLength).toBeGreaterThan(256);
    const result = await include(devchain, big, miner.pair);
    expect(devchain.extrinsics().at(-1)).toMatchObject({ hash: result.txHash.toHex(), call: 'commit_timelocked_weights', success: true });
  });

  it('a stale nonce is 1010 "Transaction is outdated"; a far-future one 1010 "will be valid in the future"', async () => {
    await include(devchain, serve(8102), miner.pair);
    const next = (await api.rpc.system.accountNextIndex(miner.address)).toNumber();
    expect(next).toBeGreaterThan(0);
    await expect(submit(signed(8103, next - 1))).rejects.toThrow(/^1010: Invalid Transaction: Transaction is outdated/);
    await expect(submit(signed(8103, next + 5))).rejects.toThrow(/^1010: Invalid Transaction: Transaction will be valid in the future/);
  });

  it('the same extrinsic twice is 1013, another with a taken nonce 1014, an unsigned one 1011, garbage 1001', async () => {
    const next = (await api.rpc.system.accountNextIndex(miner.address)).toNumber();
    const hex = signed(8104, next);
    await submit(hex);
    await expect(submit(hex)).rejects.toThrow(/^1013: Transaction Already Imported/);
    await expect(submit(signed(8105, next))).rejects.toThrow(/^1014: Priority is too low/);
    devchain.produceBlock();
    await expect(submit(serve(8106).toHex())).rejects.toThrow(/^1011: Unknown Transaction Validity/);
    for (const garbage of ['0x1234', '0x', 'zz', 42, '0x' + '84'.repeat(100)]) {
      const reply = await rawCall(devchain, 'author_submitExtrinsic', [garbage]);
      expect(reply.error?.code).toBe(1001);
      expect(reply.error?.message).toMatch(/^Extrinsic has invalid format/);
    }
  });

  it('a signer without any registration can still sign (Pays::No): the call fails in the block, the nonce moves', async () => {
    const result = await include(devchain, serve(8107), other.pair);
    expect(result.dispatchError?.isModule).toBe(true);
    expect(devchain.state().nonces[other.address]).toBe(1);
  });

  it('300 hostile frames each get an error or a result, and the server still answers', async () => {
    const socket = new WebSocket(devchain.url);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const bytes = (n: number): string => u8aToHex(Uint8Array.from({ length: n }, () => Math.floor(random() * 256)));
    const methods = ['author_submitExtrinsic', 'author_submitAndWatchExtrinsic', 'state_getStorage', 'state_call', 'chain_getBlock', 'chain_getBlockHash', 'state_queryStorageAt', 'state_getKeysPaged', 'system_accountNextIndex', 'state_subscribeStorage', 'no_such_method'];
    const params = (): unknown => [
      [bytes(1 + Math.floor(random() * 300))],
      ['0x' + '84'.repeat(600_000)],
      [{ a: 1 }, null, 7],
      'not-an-array',
      [bytes(2), bytes(40)],
      [['0x00', 12], -1, 'x'],
      ['NeuronInfoRuntimeApi_get_neurons_lite', bytes(3)],
      [Number.MAX_SAFE_INTEGER],
    ][Math.floor(random() * 8)];
    const frames: string[] = [];
    for (let i = 0; i < 300; i += 1) {
      const kind = i % 5;
      if (kind === 0) frames.push(bytes(20));
      else if (kind === 1) frames.push(JSON.stringify(random() < 0.5 ? null : [1, 'two', { id: i }]));
      else frames.push(JSON.stringify({ jsonrpc: '2.0', id: i, method: methods[Math.floor(random() * methods.length)], params: params() }));
    }
    const replies: unknown[] = [];
    const received = new Promise<void>((resolve) =>
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as { method?: string };
        if (message.method) return; // a subscription notification
        replies.push(message);
        if (replies.length === frames.length) resolve();
      }),
    );
    for (const frame of frames) socket.send(frame);
    await received;
    const extrinsicReplies = replies.filter((r): r is { id: number; error?: unknown } => typeof (r as { id?: unknown }).id === 'number' && JSON.parse(frames[(r as { id: number }).id] ?? '{}').method?.startsWith('author_'));
    expect(extrinsicReplies.length).toBeGreaterThan(10);
    expect(extrinsicReplies.every((r) => r.error !== undefined)).toBe(true);
    socket.close();
    expect((await api.rpc.system.chain()).toString()).toBe('Bittensor');
    expect(devchain.produceBlock().number).toBe(devchain.blockNumber());
  });
});
