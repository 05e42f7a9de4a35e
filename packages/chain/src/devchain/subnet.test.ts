import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSubnet } from './subnet';

function write(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'devchain-subnet-')), 'subnet.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('loadSubnet', () => {
  it('reads the example file with defaults filled in', () => {
    const subnet = loadSubnet(new URL('./example-subnet.json', import.meta.url).pathname);
    expect(subnet.netuid).toBe(1);
    expect(subnet.neurons[0]).toMatchObject({ stake: 1000, validator_permit: true, active: true });
    expect(subnet.neurons[1]?.axon).toEqual({ ip: '127.0.0.1', port: 8091, protocol: 4, version: 0, block: 0 });
    expect(subnet.hyperparameters).toMatchObject({ weights_rate_limit: 5, commit_reveal_weights_enabled: true, max_uids: 256 });
  });

  it('a description without neurons or with a bad port is rejected', () => {
    expect(() => loadSubnet(write({ netuid: 1 }))).toThrow(/neurons/);
    expect(() => loadSubnet(write({ netuid: 1, neurons: [{ hotkey: 'a', coldkey: 'b', axon: { ip: '1.2.3.4', port: 70000 } }] }))).toThrow(/port/);
  });
});
