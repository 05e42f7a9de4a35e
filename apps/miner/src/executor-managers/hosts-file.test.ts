import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dockerOptionsFor } from './docker-clients';
import { executorManagerErrors } from './errors';
import { HostsSource, manifestOf, parseHostsFile, readHostsFile } from './hosts-file';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function writeHosts(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'horde-hosts-'));
  dirs.push(dir);
  const path = join(dir, 'hosts.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const FILE = {
  'gpu-1': { executor_class: 'always_on.gpu-24gb', mode: 'ssh', host: '10.0.0.5', username: 'horde', key_path: '/keys/id', future_key: true },
  'gpu-2': { executor_class: 'always_on.gpu-24gb', mode: 'ssh', host: '10.0.0.6', ssh_port: 2222, username: 'horde', key_path: '/keys/id', count: 2 },
  here: { executor_class: 'always_on.test', mode: 'local', count: 3 },
};

describe('hosts file', () => {
  it('parses local and ssh hosts with their defaults, ignoring unknown keys', () => {
    const hosts = parseHostsFile(JSON.stringify(FILE));
    expect(hosts).toEqual([
      { name: 'gpu-1', executor_class: 'always_on.gpu-24gb', mode: 'ssh', host: '10.0.0.5', ssh_port: 22, username: 'horde', key_path: '/keys/id', count: 1 },
      { name: 'gpu-2', executor_class: 'always_on.gpu-24gb', mode: 'ssh', host: '10.0.0.6', ssh_port: 2222, username: 'horde', key_path: '/keys/id', count: 2 },
      { name: 'here', executor_class: 'always_on.test', mode: 'local', count: 3 },
    ]);
    expect(manifestOf(hosts)).toEqual({ 'always_on.gpu-24gb': 3, 'always_on.test': 3 });
  });

  it('rejects broken files with HOSTS_FILE_INVALID', async () => {
    const cases = ['{ not json', JSON.stringify({ x: { executor_class: 'a', mode: 'ssh', host: 'h', key_path: '/k' } }), JSON.stringify({ x: { executor_class: 'a', mode: 'tcp' } }), '[]'];
    for (const text of cases) {
      expect(executorManagerErrors.is(catchSync(() => parseHostsFile(text)), 'HOSTS_FILE_INVALID'), text).toBe(true);
    }
    const missing = await readHostsFile('/nonexistent/hosts.json').catch((e: unknown) => e);
    expect(executorManagerErrors.is(missing, 'HOSTS_FILE_INVALID')).toBe(true);
  });

  it('reads the file again only after the cache time', async () => {
    const path = writeHosts({ a: { executor_class: 'x', mode: 'local' } });
    const clock = { now: 0 };
    const source = new HostsSource(path, 'unused', 1_000, () => clock.now);
    expect(manifestOf(await source.hosts())).toEqual({ x: 1 });
    writeFileSync(path, JSON.stringify({ a: { executor_class: 'x', mode: 'local', count: 4 } }));
    clock.now = 999;
    expect(manifestOf(await source.hosts())).toEqual({ x: 1 });
    clock.now = 1_000;
    expect(manifestOf(await source.hosts())).toEqual({ x: 4 });
  });

  it('defaults to one local host of the default class without a file', async () => {
    expect(await new HostsSource(undefined, 'spin_up-4min.gpu-24gb', 0).hosts()).toEqual([{ name: 'local', mode: 'local', executor_class: 'spin_up-4min.gpu-24gb', count: 1 }]);
  });

  it('reaches ssh hosts through dockerode ssh with the key file, local ones through the default client', () => {
    const [ssh, , local] = parseHostsFile(JSON.stringify(FILE));
    const read: string[] = [];
    const key = Buffer.from('KEY');
    expect(dockerOptionsFor(ssh!, (path) => (read.push(path), key))).toEqual({ protocol: 'ssh', host: '10.0.0.5', port: 22, username: 'horde', sshOptions: { privateKey: key } });
    expect(read).toEqual(['/keys/id']);
    expect(dockerOptionsFor(local!)).toBeUndefined();
  });
});

function catchSync(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}
