import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { chainErrors } from '../errors';
import { FakeProvider } from '../test-support/fake-provider';
import { createChainClient } from './chain-client';
import type { ChainClient } from './chain-client';

const FAST = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 300 };
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);

const clients: ChainClient[] = [];
async function client(provider: FakeProvider): Promise<ChainClient> {
  const c = await createChainClient({ endpoint: 'finney', provider, retry: FAST, connectTimeoutMs: 2_000 });
  clients.push(c);
  return c;
}

function count(provider: FakeProvider, method: string): number {
  return provider.calls.filter((m) => m === method).length;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

describe('chain faults', () => {
  it('RPC down after connecting: CHAIN_UNAVAILABLE after a bounded number of retries', async () => {
    const provider = new FakeProvider();
    const c = await client(provider);
    provider.faults.down = true;
    const before = count(provider, 'state_call');
    const err = await c.metagraph(1).catch((e: unknown) => e);
    expect(chainErrors.is(err, 'CHAIN_UNAVAILABLE')).toBe(true);
    expect(chainErrors.is(err) && err.retryable).toBe(true);
    expect(count(provider, 'state_call') - before).toBe(FAST.attempts);
    await expect(c.currentBlock()).rejects.toMatchObject({ code: 'CHAIN_UNAVAILABLE' });
    provider.faults.down = false;
    expect(await c.currentBlock()).toBe(6852690);
  });

  it('RPC down at start: CHAIN_UNAVAILABLE instead of waiting forever', async () => {
    const err = await createChainClient({ endpoint: 'finney', provider: new FakeProvider({ faults: { down: true } }), connectTimeoutMs: 2_000 }).catch((e: unknown) => e);
    expect(chainErrors.is(err, 'CHAIN_UNAVAILABLE')).toBe(true);
  });

  it('no node listening on a ws URL: CHAIN_UNAVAILABLE within the connect timeout', async () => {
    const url = `ws://127.0.0.1:${await closedPort()}`;
    const started = Date.now();
    const err = await createChainClient({ endpoint: url, connectTimeoutMs: 500, retry: FAST }).catch((e: unknown) => e);
    expect(chainErrors.is(err, 'CHAIN_UNAVAILABLE')).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a stalled node: CHAIN_TIMEOUT after the retries', async () => {
    const provider = new FakeProvider();
    const c = await client(provider);
    provider.faults.hang = true;
    const started = Date.now();
    await expect(c.hyperparameters(1)).rejects.toMatchObject({ catalog: 'chain', code: 'CHAIN_TIMEOUT', retryable: true });
    // Each attempt waits timeoutMs; polkadot-js shares one in-flight request between identical calls.
    expect(Date.now() - started).toBeGreaterThanOrEqual(FAST.attempts * FAST.timeoutMs);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('malformed answers: CHAIN_RESPONSE_MALFORMED, not retried', async () => {
    const provider = new FakeProvider({ faults: { malformed: ['SubnetInfoRuntimeApi_get_selective_mechagraph'] } });
    const c = await client(provider);
    const before = count(provider, 'state_call');
    await expect(c.metagraph(1)).rejects.toMatchObject({ code: 'CHAIN_RESPONSE_MALFORMED', retryable: false });
    expect(count(provider, 'state_call') - before).toBe(1);

    const liteProvider = new FakeProvider({ faults: { withoutApis: ['SubnetInfoRuntimeApi'], malformed: ['NeuronInfoRuntimeApi_get_neurons_lite'] } });
    const lite = await client(liteProvider);
    await expect(lite.metagraph(1)).rejects.toMatchObject({ code: 'CHAIN_RESPONSE_MALFORMED' });
  });

  it('a runtime without the metagraph runtime APIs: CHAIN_RUNTIME_UNSUPPORTED at start', async () => {
    const provider = new FakeProvider({ faults: { withoutApis: ['SubnetInfoRuntimeApi', 'NeuronInfoRuntimeApi'] } });
    await expect(createChainClient({ endpoint: 'finney', provider })).rejects.toMatchObject({ code: 'CHAIN_RUNTIME_UNSUPPORTED' });
  });

  it('hyperparameters without the mechagraph API: CHAIN_RUNTIME_UNSUPPORTED', async () => {
    const c = await client(new FakeProvider({ faults: { withoutApis: ['SubnetInfoRuntimeApi'] } }));
    await expect(c.hyperparameters(1)).rejects.toMatchObject({ code: 'CHAIN_RUNTIME_UNSUPPORTED' });
    expect((await c.metagraph(1)).neurons).toHaveLength(1024);
  });

  it('an endpoint that is neither a network name nor a ws URL: CHAIN_ENDPOINT_INVALID', async () => {
    await expect(createChainClient({ endpoint: 'http://127.0.0.1:9944' })).rejects.toMatchObject({ code: 'CHAIN_ENDPOINT_INVALID' });
    await expect(createChainClient({ endpoint: 'not a url' })).rejects.toMatchObject({ code: 'CHAIN_ENDPOINT_INVALID' });
  });
});
