/**
 * Admin API job routes: submit, get (with status history), list (paginated), live statuses (SSE),
 * cancel. Bodies, params and queries are parsed with zod (typed 400s).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { isTerminalJobStatus, JobStatus } from '@horde/protocol';
import type { V0JobStatusUpdate } from '@horde/protocol';
import { validatorErrors } from '../errors';
import type { JobStatusBus } from '../services/job-status-bus';
import { sharedJobSpec } from '../services/organic-job-request';
import type { OrganicJobs } from '../services/organic-jobs';
import { CancelBody, JobCreateBody, JobListQuery, JobParams, jsonSchema } from './admin-schemas';
import { jobView, statusView } from './job-view';

export interface JobRoutesDeps {
  readonly organicJobs: OrganicJobs;
  readonly bus: JobStatusBus;
  /** Comment line sent this often on SSE streams (15 s). */
  readonly keepAliveMs: number;
}

const security = [{ bearer: [] }];

function isTerminal(status: string): boolean {
  const parsed = JobStatus.safeParse(status);
  return parsed.success && isTerminalJobStatus(parsed.data);
}

export function registerJobRoutes(app: FastifyInstance, deps: JobRoutesDeps): void {
  const { organicJobs } = deps;

  app.post('/admin/v1/jobs', { schema: { tags: ['jobs'], summary: 'Run a job (routed, or on miner_hotkey)', security, body: jsonSchema(JobCreateBody) } }, async (request, reply) => {
    const body = JobCreateBody.parse(request.body);
    const { jobUuid } = await organicJobs.submit({
      ...sharedJobSpec(body),
      uuid: body.uuid ?? randomUUID(),
      docker_image: body.image,
      miner_hotkey: body.miner_hotkey ?? null,
      namespace: body.namespace ?? null,
      source: body.source,
    });
    return reply.code(201).send({ uuid: jobUuid });
  });

  app.get('/admin/v1/jobs', { schema: { tags: ['jobs'], summary: 'Jobs, newest first', security, querystring: jsonSchema(JobListQuery) } }, async (request) => {
    const query = JobListQuery.parse(request.query);
    const rows = await organicJobs.list({ limit: query.limit, ...(query.before ? { before: query.before } : {}), ...(query.status ? { status: query.status } : {}) });
    const next = rows.length === query.limit ? rows[rows.length - 1]!.jobUuid : null;
    return { jobs: rows.map((row) => jobView(row)), next_before: next };
  });

  app.get('/admin/v1/jobs/:uuid', { schema: { tags: ['jobs'], summary: 'A job with its status history', security, params: jsonSchema(JobParams) } }, async (request) => {
    const { uuid } = JobParams.parse(request.params);
    const found = await organicJobs.get(uuid);
    if (!found) throw validatorErrors.error('JOB_NOT_FOUND', uuid);
    return jobView(found.job, found.history);
  });

  app.post('/admin/v1/jobs/:uuid/cancel', { schema: { tags: ['jobs'], summary: 'Cancel a job at any stage', security, params: jsonSchema(JobParams) } }, async (request, reply) => {
    const { uuid } = JobParams.parse(request.params);
    const body = CancelBody.parse(request.body);
    await organicJobs.cancel(uuid, body.reason ?? 'cancelled by the operator');
    return reply.code(202).send({ uuid });
  });

  app.get(
    '/admin/v1/jobs/:uuid/events',
    { schema: { tags: ['jobs'], summary: 'Live job statuses as Server-Sent Events (history first)', security, params: jsonSchema(JobParams) } },
    async (request, reply) => {
      const { uuid } = JobParams.parse(request.params);
      if (!(await organicJobs.get(uuid))) throw validatorErrors.error('JOB_NOT_FOUND', uuid);
      const raw = reply.raw;
      const seen = new Set<string>();
      const pending: V0JobStatusUpdate[] = [];
      let ready = false;
      let ended = false;
      const end = (): void => {
        if (ended) return;
        ended = true;
        clearInterval(keepAlive);
        void unsubscribe.then((stop) => stop());
        raw.end();
      };
      // Statuses never repeat within a job, so the status name dedupes history against live updates.
      const send = (entry: { status: string; metadata: unknown; at: string }): void => {
        if (ended || seen.has(entry.status)) return;
        seen.add(entry.status);
        raw.write(`event: status\ndata: ${JSON.stringify(entry)}\n\n`);
        if (isTerminal(entry.status)) end();
      };
      const live = (update: V0JobStatusUpdate): void => send({ status: update.status, metadata: update.metadata ?? null, at: new Date().toISOString() });
      // Subscribe before reading the history, so that no status falls between the two.
      const unsubscribe = deps.bus.subscribe(uuid, (update) => (ready ? live(update) : pending.push(update)));
      const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), deps.keepAliveMs);
      raw.on('close', end);
      await unsubscribe;

      reply.hijack();
      raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      const history = (await organicJobs.get(uuid))?.history ?? [];
      for (const row of history) send(statusView(row));
      ready = true;
      for (const update of pending.splice(0)) live(update);
    },
  );
}
