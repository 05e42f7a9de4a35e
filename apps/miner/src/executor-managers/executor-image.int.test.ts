import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type Dockerode from 'dockerode';
import { ensureNodeImage, requireDocker, startTcpListener } from '@horde/testkit';
import type { TcpListener } from '@horde/testkit';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS } from './docker-containers';
import { createExecutorManager } from './factory';
import type { ExecutorManager } from './types';

const BUILD_SH = fileURLToPath(new URL('../../../../deploy/executor/build.sh', import.meta.url));
const IMAGE = 'horde-test/executor:latest';

let docker: Dockerode;
let tempDir: string;
let listener: TcpListener | undefined;
let manager: ExecutorManager | undefined;

beforeAll(async () => {
  docker = await requireDocker();
  const base = await ensureNodeImage(docker);
  // The whole deploy path: bundle the executor, build the image from the given base.
  await promisify(execFile)('bash', [BUILD_SH, base.tag, IMAGE], { maxBuffer: 16 * 1024 * 1024 });
  tempDir = mkdtempSync('/tmp/horde-ei-');
});

afterAll(async () => {
  await manager?.close();
  await listener?.close();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
});

describe('the executor image', () => {
  it('runs the real executor, which dials the loopback miner address from the host network', async () => {
    listener = await startTcpListener();
    manager = createExecutorManager(
      { kind: 'docker', image: IMAGE, tempDir, defaultExecutorClass: 'always_on.test', env: { EXECUTOR_NO_GPU: 'true' } },
      { logger: pino({ level: 'silent' }), docker },
    );
    const token = `ei-${process.pid}-${Date.now()}`;
    const handle = await manager.start({ token, jobUuid: 'job-ei', executorClass: 'always_on.test', minerAddress: `ws://127.0.0.1:${listener.port}`, startupTimeLimitS: 20, ttlMs: 60_000 });
    expect(await listener.waitForConnection(30_000)).toBeGreaterThan(0);
    await manager.kill(handle);
    expect(await docker.listContainers({ all: true, filters: { label: [`${LABELS.executorToken}=${token}`] } })).toEqual([]);
  });
});
