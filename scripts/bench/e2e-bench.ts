/**
 * `pnpm bench:e2e [--jobs N] [--warmup N]`: hello-world jobs through a whole local horde (child
 * processes, Postgres, Redis), submitted (a) through the validator's admin API and (b) through the
 * facilitator with the SDK, interleaved with a bare `docker run --rm --network none` of the same
 * image. Per-stage times are when each status reaches the submitter; the status push latency is
 * that arrival minus the moment the miner recorded the executor's report (same machine, same clock).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { HordeClient } from '@horde/sdk';
import { bareDockerRun, benchArg, machineLine, percentile } from '@horde/testkit';
import { ROOT, startLocalHorde } from '../horde/local-horde';
import type { LocalHorde } from '../horde/local-horde';

const STAGES = ['accepted', 'executor_ready', 'volumes_ready', 'execution_done', 'completed'] as const;
type Stage = (typeof STAGES)[number];
type Arrivals = Partial<Record<string, number>>;
const MINER_COLUMNS: Partial<Record<Stage, string>> = {
  executor_ready: 'executor_ready_at',
  volumes_ready: 'volumes_ready_at',
  execution_done: 'execution_done_at',
  completed: 'finished_at',
};




/** Reads `event: status` frames of an SSE response, calling `onStatus(status)` as each arrives. */
async function readSse(response: Response, onStatus: (status: string) => boolean): Promise<void> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame.split('\n').find((line) => line.startsWith('data:'));
      if (!data) continue;
      const status = (JSON.parse(data.slice(5)) as { status?: string }).status;
      if (status && onStatus(status)) {
        await reader.cancel();
        return;
      }
    }
  }
}

const TERMINAL = new Set(['completed', 'failed', 'horde_failed', 'rejected', 'cancelled']);

async function adminJob(horde: LocalHorde): Promise<{ uuid: string; t0: number; arrivals: Arrivals }> {
  const uuid = randomUUID();
  const headers = { authorization: `Bearer ${horde.adminToken}`, 'content-type': 'application/json' };
  const t0 = Date.now();
  const created = await fetch(`${horde.adminUrl}/admin/v1/jobs`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ uuid, image: horde.image, args: ['echo', 'hello'], executor_class: 'always_on.test', download_time_limit: 10, execution_time_limit: 30, upload_time_limit: 10 }),
  });
  if (!created.ok) throw new Error(`admin API: HTTP ${created.status} ${await created.text()}`);
  const arrivals: Arrivals = {};
  const events = await fetch(`${horde.adminUrl}/admin/v1/jobs/${uuid}/events`, { headers });
  await readSse(events, (status) => {
    arrivals[status] ??= Date.now();
    return TERMINAL.has(status);
  });
  return { uuid, t0, arrivals };
}

async function sdkJob(client: HordeClient, image: string): Promise<{ uuid: string; t0: number; arrivals: Arrivals }> {
  const t0 = Date.now();
  const job = await client.createJob({ docker_image: image, executor_class: 'always_on.test', args: ['echo', 'hello'], download_time_limit_sec: 10, execution_time_limit_sec: 30, upload_time_limit_sec: 10 });
  const arrivals: Arrivals = {};
  const result = await client.waitForJob(job.uuid, { timeoutMs: 120_000, onStatus: (entry) => void (arrivals[entry.status] ??= Date.now()) });
  if (result.status !== 'completed') throw new Error(`SDK job ended ${result.status}: ${JSON.stringify(result.error)}`);
  return { uuid: job.uuid, t0, arrivals };
}

async function main(): Promise<void> {
  process.removeAllListeners('warning');
  const jobs = benchArg('jobs', 20);
  const warmup = benchArg('warmup', 3);
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/horde_bench';
  const stops: Array<() => Promise<void>> = [];
  const say = (line: string) => console.error(`bench ▸ ${line}`);
  try {
    const horde = await startLocalHorde({ home: join(ROOT, '.horde', 'bench'), fresh: true, say, manifest: { 'always_on.test': 1 }, logLevel: 'warn' }, stops);
    const minerDb = new pg.Client({ connectionString: horde.databases.miner });
    await minerDb.connect();
    stops.push(() => minerDb.end());
    const client = new HordeClient({ facilitatorUrl: horde.facilitatorUrl, hotkey: horde.user, validatorHotkey: horde.validatorHotkey });

    const baseline: number[] = [];
    const paths = { admin: new Map<string, number[]>(), sdk: new Map<string, number[]>() };
    const push = new Map<string, number[]>();
    const add = (map: Map<string, number[]>, key: string, value: number) => map.set(key, [...(map.get(key) ?? []), value]);
    for (let i = 0; i < warmup + jobs; i++) {
      const b = await bareDockerRun(horde.image);
      const a = await adminJob(horde);
      const s = await sdkJob(client, horde.image);
      if (i < warmup) continue;
      baseline.push(b);
      for (const [name, job] of [['admin', a], ['sdk', s]] as const) {
        for (const stage of STAGES) if (job.arrivals[stage] !== undefined) add(paths[name], stage, job.arrivals[stage]! - job.t0);
      }
      const row = (await minerDb.query('SELECT * FROM accepted_jobs WHERE job_uuid = $1', [s.uuid])).rows[0] as Record<string, Date | null> | undefined;
      for (const stage of STAGES) {
        const column = MINER_COLUMNS[stage];
        const at = column ? row?.[column] : undefined;
        if (at && s.arrivals[stage] !== undefined) add(push, stage, s.arrivals[stage]! - at.getTime());
      }
    }

    const f = (v: number) => (Number.isNaN(v) ? '–' : v.toFixed(0));
    const cell = (values: number[] | undefined) => `${f(percentile(values ?? [], 50))} / ${f(percentile(values ?? [], 99))}`;
    const base50 = percentile(baseline, 50);
    const lines = [
      `### bench:e2e — ${new Date().toISOString().slice(0, 10)}`,
      '',
      await machineLine(),
      `${jobs} jobs per path after ${warmup} warm-up rounds; each round: bare docker run, one admin-API job, one SDK job (\`echo hello\` in ${horde.image}).`,
      '',
      '| status reaches the submitter (ms after submit, p50 / p99) | admin API | SDK via facilitator |',
      '|---|---|---|',
      ...STAGES.map((stage) => `| ${stage} | ${cell(paths.admin.get(stage))} | ${cell(paths.sdk.get(stage))} |`),
      `| baseline \`docker run --rm --network none\` | ${cell(baseline)} | |`,
      '',
      `Ratio end to end (completed, p50) / baseline p50: admin API **${(percentile(paths.admin.get('completed') ?? [], 50) / base50).toFixed(2)}**, SDK **${(percentile(paths.sdk.get('completed') ?? [], 50) / base50).toFixed(2)}** (goal ≤ 1.3).`,
      '',
      '| status push latency, miner got the executor report → SDK got the status (ms) | p50 | p99 |',
      '|---|---|---|',
      ...STAGES.filter((stage) => push.has(stage)).map((stage) => `| ${stage} | ${f(percentile(push.get(stage)!, 50))} | ${f(percentile(push.get(stage)!, 99))} |`),
      '',
      'Goal: status push p99 < 100 ms.',
    ];
    console.log(lines.join('\n'));
  } finally {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
