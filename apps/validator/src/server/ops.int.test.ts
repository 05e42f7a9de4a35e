import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestValidator } from '../test-support/harness';
import type { TestValidator } from '../test-support/harness';
import type { OpsServer } from './ops';

/** A process without the admin API still exposes its health, metrics and version, and nothing else. */
describe('validator ops endpoint', () => {
  let validator: TestValidator;
  let ops: OpsServer;
  let base: string;
  beforeAll(async () => {
    validator = await startTestValidator({ worker: false });
    ops = validator.app.opsServer();
    base = `http://127.0.0.1:${await ops.listen('127.0.0.1', 0)}`;
  });
  afterAll(async () => {
    await ops?.close();
    await validator?.close();
  });

  it('serves /health with the database and Redis checks', async () => {
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    expect(JSON.stringify(await response.json())).toContain('redis');
  });

  it('serves the validator metrics and its build info without a token', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('horde_validator_miners_active');
    expect(text).toMatch(/horde_validator_build_info\{[^}]*version="\d+\.\d+\.\d+"/);
    const version = (await (await fetch(`${base}/version`)).json()) as { name: string };
    expect(version.name).toBe('@horde/validator');
  });

  it('has no admin routes: jobs can be neither read nor submitted here', async () => {
    expect((await fetch(`${base}/admin/v1/jobs`)).status).toBe(404);
    expect((await fetch(`${base}/admin/v1/jobs`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(404);
  });
});
