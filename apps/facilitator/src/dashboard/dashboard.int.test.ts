/**
 * The dashboard in Debian's headless Chromium (playwright-core) against a real facilitator, with a
 * fake validator pushing statuses over the real channel.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_WALLETS, writeTestWallet } from '@horde/hotkey';
import type { z } from 'zod';
import type { JobStatusMetadata } from '@horde/protocol';
import { useTestDatabase } from '@horde/testkit/vitest';
import { facilitatorTemplate, jobBody, login, startFacilitator, submitJob, testRedis } from '../test-support/harness';
import type { TestFacilitator } from '../test-support/harness';
import type { ValidatorClient } from '../test-support/validator-client';
import { loginLink } from './login-link';
import { launchChromium } from './test-chromium';
import { DASHBOARD_CSP } from './register';

const SCREENSHOTS = fileURLToPath(new URL('./__screenshots__/', import.meta.url));
const UI_TIMEOUT = { timeout: 10_000 };

const database = useTestDatabase({ template: facilitatorTemplate });
const redis = testRedis();
let fac: TestFacilitator;
let validator: ValidatorClient;
let token: string;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  fac = await startFacilitator({ databaseUrl: database.url, redisPrefix: redis.prefix });
  validator = await fac.connectValidator({ features: ['cancel'] });
  token = await login(fac.baseUrl);
});
afterAll(async () => {
  await browser?.close();
  await validator?.close();
  await fac?.close();
  await redis.cleanup();
});

async function createJob(args: string[]): Promise<string> {
  const created = await submitJob(fac.baseUrl, token, jobBody(TEST_WALLETS.validator.address, { args }));
  expect(created.response.status).toBe(201);
  const uuid = created.body.uuid as string;
  expect((await validator.nextOfType('V2JobRequest')).uuid).toBe(uuid);
  return uuid;
}

async function push(uuid: string, statuses: readonly string[], metadata: z.input<typeof JobStatusMetadata> | null = null): Promise<void> {
  for (const status of statuses) {
    validator.send({ message_type: 'V0JobStatusUpdate', uuid, status, metadata: status === statuses.at(-1) ? metadata : null });
    expect(await validator.nextResponse()).toMatchObject({ status: 'success' });
  }
}

/** A page that records dialogs (a script that ran) and console errors (CSP violations among them). */
async function openPage(): Promise<{ page: Page; dialogs: string[]; consoleErrors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1300 } });
  const dialogs: string[] = [];
  const consoleErrors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  return { page, dialogs, consoleErrors };
}

const texts = (page: Page, selector: string) => page.locator(selector).evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-status') ?? node.textContent ?? ''));

describe('dashboard', () => {
  it('lists jobs, shows a job with stages, live statuses, stdout and an artifact, hostile output as text, and validators', async () => {
    const hello = await createJob(['sh', '-c', 'echo hello']);
    await push(hello, ['received', 'accepted', 'executor_ready']);
    const hostile = await createJob(['sh', '-c', 'echo "<script>alert(1)</script>"; exit 1']);
    await push(hostile, ['received', 'accepted', 'failed'], {
      job_failure_details: {
        reason: 'nonzero_return_code',
        stage: 'execution',
        message: 'exit 1 <img src=x onerror="alert(2)">',
        docker_process_exit_status: 1,
        docker_process_stdout: '<script>alert(1)</script>\n',
        docker_process_stderr: '<b>bold?</b>',
      },
    });
    const { page, dialogs, consoleErrors } = await openPage();

    // The token in the address (login-link.ts) is taken and removed from it.
    const link = await loginLink(fac.baseUrl, TEST_WALLETS.user);
    await page.goto(`${link}#/jobs`);
    await page.locator('#jobs tbody tr').nth(1).waitFor(UI_TIMEOUT);
    expect(page.url()).toBe(`${fac.baseUrl}/dashboard/#/jobs`);
    expect(await page.evaluate<string[]>('Object.values(sessionStorage)')).toEqual([new URL(link).searchParams.get('token')]);
    const helloRow = page.locator(`#jobs tr[data-uuid="${hello}"]`);
    expect(await helloRow.locator('.status').getAttribute('data-status')).toBe('executor_ready');
    expect(await helloRow.textContent()).toContain('busybox:latest');
    expect(await helloRow.textContent()).toContain('always_on.llm.a6000');
    expect(await page.locator(`#jobs tr[data-uuid="${hostile}"] .status`).getAttribute('data-status')).toBe('failed');
    expect(await page.locator('.pager').textContent()).toContain('2 jobs');

    // The detail: stages so far with the time between them.
    await helloRow.locator('a').click();
    await page.locator('#job-uuid').filter({ hasText: hello }).waitFor(UI_TIMEOUT);
    expect(await texts(page, '#timeline li')).toEqual(['sent', 'received', 'accepted', 'executor_ready']);
    expect(await page.locator('#timeline .delta').count()).toBe(3);
    await page.locator('#live').filter({ hasText: 'Following' }).waitFor(UI_TIMEOUT);

    // Statuses pushed after the page loaded appear without a reload.
    await push(hello, ['volumes_ready', 'execution_done', 'completed'], {
      miner_response: { docker_process_stdout: 'hello from the horde\n', docker_process_stderr: '', artifacts: { '/artifacts/result.txt': Buffer.from('42\n').toString('base64') } },
    });
    await page.locator('#job-status [data-status="completed"]').waitFor(UI_TIMEOUT);
    expect(await texts(page, '#timeline li')).toEqual(['sent', 'received', 'accepted', 'executor_ready', 'volumes_ready', 'execution_done', 'completed']);
    expect(await page.locator('#stdout').textContent()).toBe('hello from the horde\n');
    const artifact = page.locator('#artifacts tr[data-path="/artifacts/result.txt"]');
    expect(await artifact.locator('td').nth(1).textContent()).toBe('3 B');
    const download = artifact.locator('a');
    expect(await download.getAttribute('download')).toBe('result.txt');
    const href = (await download.getAttribute('href')) ?? '';
    expect(href.startsWith('data:application/octet-stream;base64,')).toBe(true);
    expect(Buffer.from(href.split(',')[1]!, 'base64').toString()).toBe('42\n');
    await page.locator('#live').filter({ hasText: /^$/ }).waitFor({ state: 'attached', ...UI_TIMEOUT });
    mkdirSync(SCREENSHOTS, { recursive: true });
    const screenshot = `${SCREENSHOTS}job-detail.png`;
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`dashboard screenshot: ${screenshot}`);

    // Markup in a job's output and error is shown as text; nothing runs.
    await page.evaluate(`window.location.hash = '#/jobs/${hostile}'`);
    await page.locator('#job-uuid').filter({ hasText: hostile }).waitFor(UI_TIMEOUT);
    expect(await page.locator('#stdout').textContent()).toBe('<script>alert(1)</script>\n');
    expect(await page.locator('#stderr').textContent()).toBe('<b>bold?</b>');
    const error = await page.locator('#job-error').textContent();
    expect(error).toContain('Job failed');
    expect(error).toContain('nonzero_return_code');
    expect(error).toContain('execution');
    expect(error).toContain('exit 1 <img src=x onerror="alert(2)">');
    expect(await page.locator('#view script, #view img, #view b').count()).toBe(0);

    // Validators: the connected one with its features.
    await page.locator('[data-nav="validators"]').click();
    const row = page.locator(`#validators tr[data-hotkey="${TEST_WALLETS.validator.address}"]`);
    await row.waitFor(UI_TIMEOUT);
    expect(await row.textContent()).toContain('connected');
    expect(await row.textContent()).toContain('cancel');
    expect(await row.textContent()).toContain('ago');

    expect(dialogs).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.close();
  }, 60_000);

  it('is served with a strict CSP and no inline script; a refused token leads to the login view, a pasted one in', async () => {
    const response = await fetch(`${fac.baseUrl}/dashboard/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toContain("default-src 'self'");
    expect(DASHBOARD_CSP).not.toContain('unsafe');
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\son[a-z]+=/);
    const script = await fetch(`${fac.baseUrl}/dashboard/js/main.js`);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(script.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    const bare = await fetch(`${fac.baseUrl}/dashboard`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/dashboard/');

    const { page, consoleErrors } = await openPage();
    await page.goto(`${fac.baseUrl}/dashboard/?token=not-a-token`);
    await page.locator('#login').waitFor(UI_TIMEOUT);
    expect(await page.locator('.error').textContent()).toContain('AUTH_TOKEN_INVALID');
    expect(await page.evaluate<number>('sessionStorage.length')).toBe(0);
    await page.locator('#token').fill(token);
    await page.locator('#login button[type="submit"]').click();
    await page.locator('#jobs').waitFor(UI_TIMEOUT);
    expect(await page.locator('#nav').isVisible()).toBe(true);
    // The refused token's 401 shows in the console; nothing else does.
    expect(consoleErrors.filter((text) => !text.includes('401'))).toEqual([]);
    await page.close();
  }, 60_000);

  it('login-link.ts run as a command prints a dashboard link with a working token for a hotkey file', async () => {
    const walletsDir = mkdtempSync(join(tmpdir(), 'horde-dashboard-'));
    try {
      const wallet = await writeTestWallet(walletsDir, 'default', 'default', 'user');
      const script = fileURLToPath(new URL('./login-link.ts', import.meta.url));
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, `${fac.baseUrl}/`, wallet.hotkeyPath], { timeout: 30_000 });
      const link = new URL(stdout.trim());
      expect(`${link.origin}${link.pathname}`).toBe(`${fac.baseUrl}/dashboard/`);
      const response = await fetch(`${fac.baseUrl}/api/v1/jobs/`, { headers: { authorization: `Bearer ${link.searchParams.get('token')}` } });
      expect(response.status).toBe(200);
    } finally {
      rmSync(walletsDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('pages through the jobs list, shows a new job without a reload, and shows rejection and horde failure details', async () => {
    const { count } = (await (await fetch(`${fac.baseUrl}/api/v1/jobs/`, { headers: { authorization: `Bearer ${token}` } })).json()) as { count: number };
    const rejected = await createJob(['true']);
    await push(rejected, ['rejected'], { job_rejection_details: { rejected_by: 'validator', reason: 'no_miner_for_job', message: 'no miner for <this> job' } });
    const hordeFailed = await createJob(['true']);
    await push(hordeFailed, ['received', 'horde_failed'], { horde_failure_details: { reported_by: 'miner', reason: 'unhandled_exception', message: 'executor crashed', context: { exit: 137 } } });
    for (let i = count + 2; i < 21; i += 1) await createJob(['echo', String(i)]);
    const { page, dialogs, consoleErrors } = await openPage();
    await page.goto(await loginLink(fac.baseUrl, TEST_WALLETS.user));

    await page.locator('#jobs tbody tr').nth(19).waitFor(UI_TIMEOUT);
    expect(await page.locator('#jobs tbody tr').count()).toBe(20);
    expect(await page.locator('.pager').textContent()).toContain('Page 1 of 2 · 21 jobs');
    await page.locator('.pager a[rel="next"]').click();
    await page.locator('.pager').filter({ hasText: 'Page 2 of 2' }).waitFor(UI_TIMEOUT);
    expect(await page.locator('#jobs tbody tr').count()).toBe(1);
    await page.locator('.pager a[rel="prev"]').click();
    await page.locator('.pager').filter({ hasText: 'Page 1 of 2' }).waitFor(UI_TIMEOUT);

    // The list refreshes itself: a job created now shows up.
    const fresh = await createJob(['echo', 'fresh']);
    await page.locator(`#jobs tr[data-uuid="${fresh}"]`).waitFor(UI_TIMEOUT);
    expect(await page.locator('.pager').textContent()).toContain('22 jobs');

    await page.locator(`#jobs tr[data-uuid="${rejected}"] a`).click();
    await page.locator('#job-error').waitFor(UI_TIMEOUT);
    const rejection = await page.locator('#job-error').textContent();
    expect(rejection).toContain('Rejected');
    expect(rejection).toContain('no_miner_for_job');
    expect(rejection).toContain('no miner for <this> job');
    expect(await page.locator('#job-status .status').getAttribute('data-status')).toBe('rejected');

    await page.evaluate(`window.location.hash = '#/jobs/${hordeFailed}'`);
    await page.locator('#job-uuid').filter({ hasText: hordeFailed }).waitFor(UI_TIMEOUT);
    const failure = await page.locator('#job-error').textContent();
    expect(failure).toContain('Horde failure');
    expect(failure).toContain('unhandled_exception');
    expect(failure).toContain('miner');
    expect(failure).toContain('"exit": 137');
    expect(dialogs).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.close();
  }, 60_000);
});
