import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@horde/service';
import { ensureBusyboxImage, requireDocker } from '@horde/testkit';
import { executorErrors } from './errors';
import { compareVersions, runSecurityChecks } from './security-checks';
import type { SecurityCheck } from './security-checks';
import { startFakeMiner } from './test-support/fake-miner';
import { containersOf, newToken, startExecutor } from './test-support/harness';
import { initialJobRequest, newJobUuid } from './test-support/messages';

let docker: Docker;
let image: string;

beforeAll(async () => {
  docker = await requireDocker();
  image = (await ensureBusyboxImage(docker)).tag;
});

function check(expect: string, extra: Partial<Extract<SecurityCheck, { kind: 'output_contains' }>> = {}): SecurityCheck {
  return { kind: 'output_contains', image, cmd: ['echo', 'Contained: cannot escape'], expect, gpu_only: false, ...extra };
}

describe('security checks', () => {
  it('pass when the probe prints what is expected, and leave no container behind', async () => {
    const token = newToken();
    await runSecurityChecks([check('Contained: cannot escape')], { docker, token, jobUuid: 'j', gpu: false, timeoutMs: 20_000 });
    expect(await containersOf(docker, token)).toEqual([]);
  });

  it('fail with SECURITY_CHECK_FAILED on missing output or a non-zero exit', async () => {
    const ctx = { docker, token: newToken(), jobUuid: 'j', gpu: false, timeoutMs: 20_000 };
    const missing = await runSecurityChecks([check('Escaped!')], ctx).catch((e: unknown) => e);
    expect(executorErrors.is(missing, 'SECURITY_CHECK_FAILED')).toBe(true);
    expect((missing as Error).message).toContain('"Escaped!" not in stdout');
    const exit = await runSecurityChecks([check('x', { cmd: ['sh', '-c', 'echo x; exit 1'] })], ctx).catch((e: unknown) => e);
    expect((exit as Error).message).toContain('exit status 1');
    expect(await containersOf(docker, ctx.token)).toEqual([]);
  });

  it('skip GPU-only checks (and the nvidia toolkit check) for jobs without GPU', async () => {
    const ctx = { docker, token: newToken(), jobUuid: 'j', gpu: false, timeoutMs: 20_000 };
    const gpuOnly: SecurityCheck[] = [check('never printed', { gpu_only: true }), { kind: 'nvidia_toolkit_version', image: '127.0.0.1:9/horde/absent:1', min_version: '1.17.4' }];
    await expect(runSecurityChecks(gpuOnly, ctx)).resolves.toBeUndefined();
    await expect(runSecurityChecks(gpuOnly, { ...ctx, gpu: true })).rejects.toSatisfy((e) => executorErrors.is(e, 'SECURITY_CHECK_FAILED'));
  });

  it('compare dotted versions numerically', () => {
    expect(compareVersions('1.17.4', '1.17.4')).toBe(0);
    expect(compareVersions('1.17.10', '1.17.4')).toBeGreaterThan(0);
    expect(compareVersions('1.16.2', '1.17.4')).toBeLessThan(0);
    expect(compareVersions('2', '1.17.4')).toBeGreaterThan(0);
  });

  it('turn a failed check into a horde failure security_check_failed before the executor is ready', async () => {
    const logger = createLogger({ name: 'executor-test', level: 'silent' });
    const miner = await startFakeMiner(logger);
    const tempRoot = await mkdtemp(join(tmpdir(), 'horde-executor-test-'));
    try {
      const checks = JSON.stringify([{ kind: 'output_contains', image, cmd: ['echo', 'Escaped via CVE-2022-0492'], expect: 'Contained: cannot escape via CVE-2022-0492' }]);
      const executor = startExecutor({ docker, logger, miner, tempRoot, env: { EXECUTOR_SECURITY_CHECK_IMAGES: checks } });
      await miner.connected();
      const uuid = newJobUuid();
      miner.send(initialJobRequest(uuid, { docker_image: image }));
      const failed = await miner.expect('V0HordeFailedRequest', 20_000);
      expect(failed).toMatchObject({ job_uuid: uuid, reason: 'security_check_failed', reported_by: 'executor', context: { stage: 'executor_startup' } });
      expect(miner.received.map((m) => m.message_type)).toEqual(['V0HordeFailedRequest']);
      expect((await executor.done).outcome).toBe('horde_failed');
    } finally {
      await miner.close();
      await rm(tempRoot, { recursive: true, force: true });
    }
  });
});
