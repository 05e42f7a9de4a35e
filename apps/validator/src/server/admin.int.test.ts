import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_WALLETS } from '@horde/testkit';
import { logger, startTestValidator } from '../test-support/harness';
import type { TestValidator } from '../test-support/harness';
import { createAdminServer } from './admin';

/* The admin API's edges: bearer auth, hostile bodies (typed 4xx, never a 500), miners, whitelist, OpenAPI. */
let validator: TestValidator;

beforeAll(async () => {
  validator = await startTestValidator({ worker: false });
}, 60_000);

afterAll(async () => {
  await validator?.close();
});

const valid = () => ({ uuid: randomUUID(), image: 'busybox', executor_class: 'always_on.test', args: ['true'] });

describe('admin API', () => {
  it('refuses requests without the token or with a wrong one (401), on every route', async () => {
    for (const [method, path] of [
      ['GET', '/admin/v1/jobs'],
      ['POST', '/admin/v1/jobs'],
      ['GET', `/admin/v1/jobs/${randomUUID()}`],
      ['GET', '/admin/v1/miners'],
      ['GET', '/admin/v1/openapi.json'],
    ] as const) {
      for (const token of [null, 'wrong', '', 'test-admin-token-012345678']) {
        const answer = await validator.api(path, { method, token, ...(method === 'POST' ? { body: valid() } : {}) });
        expect(answer.status, `${method} ${path} with ${String(token)}`).toBe(401);
        expect(answer.body.error.code).toBe('UNAUTHORIZED');
      }
    }
    expect((await validator.app.jobs.unfinished()).length).toBe(0);
  });

  it('refuses to build without a token', () => {
    const app = validator.app;
    const deps = { logger, organicJobs: app.organicJobs, bus: app.bus, keepAliveMs: 1000, miners: app.miners, whitelist: app.whitelist, incidentWindowMs: 1000 };
    expect(() => createAdminServer({ ...deps, token: '' })).toThrow(/VALIDATOR_ADMIN_TOKEN/);
  });

  it('answers hostile job bodies with typed 400s and never a 500', async () => {
    const hostile: unknown[] = [
      'not json',
      '[]',
      'null',
      { ...valid(), image: 42 },
      { ...valid(), image: 'x'.repeat(100_000) },
      { ...valid(), args: 'echo hi' },
      { ...valid(), args: Array.from({ length: 10_000 }, () => 'a') },
      { ...valid(), env: { 'BAD KEY': 'x' } },
      { ...valid(), env: { OK: 5 } },
      { ...valid(), execution_time_limit: -1 },
      { ...valid(), download_time_limit: 1.5 },
      { ...valid(), execution_time_limit: 1e12 },
      { ...valid(), volume: { volume_type: 'ftp', url: 'ftp://x' } },
      { ...valid(), volume: { volume_type: 'single_file', url: 42 } },
      { ...valid(), output_upload: { output_upload_type: 'carrier_pigeon' } },
      { ...valid(), artifacts_dir: 'relative/dir' },
      { ...valid(), surprise: true },
      { ...valid(), uuid: 'not-a-uuid' },
      { ...valid(), executor_class: '' },
      { ...valid(), __proto__: { polluted: true }, constructor: { prototype: { x: 1 } } },
      { ...valid(), source: 'facilitator' },
    ];
    for (const body of hostile) {
      const answer = await validator.api('/admin/v1/jobs', { body });
      expect(answer.status, JSON.stringify(body).slice(0, 200)).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(answer.body.error.code).toMatch(/^[A-Z_]+$/);
    }
    const huge = await validator.api('/admin/v1/jobs', { body: { ...valid(), env: { BIG: 'x'.repeat(2 * 1024 * 1024) } } });
    expect(huge.status).toBe(413);
    expect((await validator.app.jobs.unfinished()).length).toBe(0);
  });

  it('answers bad params and queries with 400 and unknown jobs with 404', async () => {
    expect((await validator.api('/admin/v1/jobs/not-a-uuid')).status).toBe(400);
    expect((await validator.api('/admin/v1/jobs?limit=0')).status).toBe(400);
    expect((await validator.api('/admin/v1/jobs?limit=abc')).status).toBe(400);
    expect((await validator.api('/admin/v1/jobs?status=RUNNINGISH')).status).toBe(400);
    expect((await validator.api('/admin/v1/jobs?before=yesterday')).status).toBe(400);
    expect((await validator.api(`/admin/v1/jobs/${randomUUID()}`)).body.error.code).toBe('JOB_NOT_FOUND');
    expect((await validator.api(`/admin/v1/jobs/${randomUUID()}/cancel`, { body: {} })).status).toBe(404);
    expect((await validator.api(`/admin/v1/jobs/${randomUUID()}/events`)).status).toBe(404);
  });

  it('takes a valid job (PENDING, received), refuses its uuid twice, lists and cancels it while queued', async () => {
    const body = valid();
    const watched = await validator.watch(body.uuid);
    expect((await validator.api('/admin/v1/jobs', { body })).status).toBe(201);
    expect((await validator.api('/admin/v1/jobs', { body })).status).toBe(409);
    const listed = await validator.api('/admin/v1/jobs?limit=10');
    expect(listed.body.jobs.map((j: { uuid: string }) => j.uuid)).toContain(body.uuid);
    expect((await validator.api(`/admin/v1/jobs/${body.uuid}/cancel`, { body: { reason: 'changed my mind' } })).status).toBe(202);
    expect((await watched.ended).status).toBe('cancelled');
    expect(watched.statuses.map((s) => s.status)).toEqual(['received', 'cancelled']);
    expect((await validator.api(`/admin/v1/jobs/${body.uuid}`)).body).toMatchObject({ status: 'CANCELLED' });
    expect((await validator.api(`/admin/v1/jobs/${body.uuid}/cancel`, { body: {} })).body.error.code).toBe('JOB_TERMINAL');
  });

  it('adds, lists and removes miners and whitelist entries', async () => {
    const hotkey = TEST_WALLETS.miner.address;
    expect((await validator.api('/admin/v1/miners', { body: { hotkey, address: '127.0.0.1', port: 8000 } })).status).toBe(201);
    expect((await validator.api('/admin/v1/miners', { body: { hotkey, address: '127.0.0.1', port: 70_000 } })).status).toBe(400);
    expect((await validator.api('/admin/v1/miners')).body.miners).toMatchObject([{ hotkey, port: 8000, source: 'cli', active: true }]);
    expect((await validator.api(`/admin/v1/miners/${hotkey}`, { method: 'DELETE' })).status).toBe(204);
    expect((await validator.api(`/admin/v1/miners/${hotkey}`, { method: 'DELETE' })).status).toBe(404);

    const user = TEST_WALLETS.user.address;
    expect((await validator.api('/admin/v1/whitelist', { body: { hotkey: user } })).status).toBe(201);
    expect(await validator.app.whitelist.isAllowed(user)).toBe(true);
    expect((await validator.api(`/admin/v1/whitelist/${user}`, { method: 'DELETE' })).status).toBe(204);
    expect(await validator.app.whitelist.isAllowed(user)).toBe(false);
  });

  it('serves /health without a token, checking the database and Redis', async () => {
    expect(await validator.api('/health', { token: null })).toMatchObject({ status: 200, body: { status: 'ok', checks: { database: { status: 'ok' }, redis: { status: 'ok' } } } });
  });

  it('serves an OpenAPI document listing its routes', async () => {
    const doc = (await validator.api('/admin/v1/openapi.json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/admin/v1/jobs', '/admin/v1/jobs/{uuid}', '/admin/v1/jobs/{uuid}/events', '/admin/v1/miners']));
  });

  it('pages through jobs newest first without losing or repeating any', async () => {
    const uuids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const body = valid();
      uuids.push(body.uuid);
      expect((await validator.api('/admin/v1/jobs', { body })).status).toBe(201);
    }
    const seen: string[] = [];
    let before: string | null = null;
    do {
      const page: { jobs: Array<{ uuid: string }>; next_before: string | null } = (await validator.api(`/admin/v1/jobs?limit=2&status=PENDING${before ? `&before=${before}` : ''}`)).body;
      expect(page.jobs.length).toBeLessThanOrEqual(2);
      seen.push(...page.jobs.map((j) => j.uuid));
      before = page.next_before;
    } while (before);
    expect(seen.sort()).toEqual([...uuids].sort());
  });
});
