import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer } from './http';
import type { HttpServer } from './http';
import { createLogger } from './logger';
import { sampleValue } from './metrics-text';
import { registerVersion, versionBody } from './version';

const logger = createLogger({ name: 'version-test', level: 'silent' });
const servicePackage = new URL('../package.json', import.meta.url);
const servers: HttpServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(gitCommit: string | undefined): Promise<string> {
  const server = createHttpServer({ logger });
  servers.push(server);
  registerVersion(server, 'horde_test_', { packageJson: servicePackage, features: ['executor-classes', 'cancel'], gitCommit });
  await server.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
}

describe('GET /version', () => {
  it('answers the package name and version, node, the features and the commit, over a real socket', async () => {
    const base = await serve('0123abcd');
    const response = await fetch(`${base}/version`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: '@horde/service', version: '0.1.0', node: process.versions.node, features: ['cancel', 'executor-classes'], commit: '0123abcd' });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(sampleValue(metrics, 'horde_test_build_info', { version: '0.1.0', commit: '0123abcd', node: process.versions.node })).toBe(1);
  });

  it('leaves the commit out when none is stamped or it is not a plain token', async () => {
    const base = await serve(undefined);
    expect(await (await fetch(`${base}/version`)).json()).not.toHaveProperty('commit');
    expect(versionBody({ packageJson: servicePackage, features: [], gitCommit: 'abc"} evil' })).not.toHaveProperty('commit');
  });

  it('throws CONFIG_INVALID for a missing package.json', () => {
    expect(() => versionBody({ packageJson: new URL('./nope/package.json', import.meta.url), features: [] })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
