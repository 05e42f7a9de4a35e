import type { FastifyInstance } from 'fastify';
import { isTerminalJobStatus, JobStatus } from '@horde/protocol';
import type { JobsRepo, StatusEntry } from '../db/jobs';
import { facilitatorErrors } from '../errors';
import type { FacilitatorMetrics } from '../observability/metrics';
import type { JobEvents } from '../services/job-events';
import type { TokenService } from '../services/tokens';
import { caller, requireCaller } from './auth';
import { parseParams } from './job-routes';
import { statusView } from './job-view';
import { jsonSchema, JobParams } from '../api-schemas';

export interface JobEventsRouteDeps {
  readonly jobs: JobsRepo;
  readonly events: JobEvents;
  readonly tokens: TokenService;
  /** Comment line sent this often so that proxies keep the stream open (15 s). */
  readonly keepAliveMs: number;
  readonly metrics: FacilitatorMetrics;
}

function isTerminal(status: string): boolean {
  const parsed = JobStatus.safeParse(status);
  return parsed.success && isTerminalJobStatus(parsed.data);
}

/**
 * `GET /api/v1/jobs/:uuid/events` (beyond the reference): Server-Sent Events, one `status` event per
 * stored status, `id` = the status id. First the history (after `Last-Event-ID` when resuming), then
 * each status the moment any replica stores it; the stream ends after a terminal status.
 */
export function registerJobEventsRoute(app: FastifyInstance, deps: JobEventsRouteDeps): void {
  // Open streams would keep the server from closing: end them first (clients reconnect elsewhere).
  const open = new Set<() => void>();
  app.addHook('preClose', (done) => {
    for (const end of [...open]) end();
    done();
  });
  app.get(
    '/api/v1/jobs/:uuid/events',
    {
      schema: { tags: ['jobs'], summary: 'Live job statuses as Server-Sent Events (token also as ?access_token=)', security: [{ bearer: [] }], params: jsonSchema(JobParams) },
      onRequest: (request) => requireCaller(request, deps.tokens, true),
    },
    async (request, reply) => {
      const { uuid } = parseParams(request);
      const job = await deps.jobs.find(uuid);
      if (job === undefined || job.submitter !== caller(request)) throw facilitatorErrors.error('JOB_NOT_FOUND');
      const header = request.headers['last-event-id'];
      let lastSent = typeof header === 'string' && /^\d{1,15}$/.test(header) ? Number(header) : 0;

      const raw = reply.raw;
      let ready = false;
      let ended = false;
      const pending: StatusEntry[] = [];
      const end = () => {
        if (ended) return;
        ended = true;
        open.delete(end);
        deps.metrics.sseClosed();
        clearInterval(keepAlive);
        void unsubscribe.then((stop) => stop());
        raw.end();
      };
      const send = (entry: StatusEntry) => {
        if (ended || entry.id <= lastSent) return;
        lastSent = entry.id;
        raw.write(`id: ${entry.id}\nevent: status\ndata: ${JSON.stringify(statusView(entry))}\n\n`);
        if (isTerminal(entry.status)) end();
      };
      // Subscribe before reading the history, so that no status falls between the two.
      const unsubscribe = deps.events.subscribe(uuid, (entry) => (ready ? send(entry) : pending.push(entry)));
      const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), deps.keepAliveMs);
      raw.on('close', end);
      open.add(end);
      deps.metrics.sseOpened();
      await unsubscribe;

      reply.hijack();
      raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      raw.write('retry: 2000\n\n');
      for (const entry of await deps.jobs.history(job.id, lastSent)) send(entry);
      for (const entry of pending.splice(0)) send(entry);
      ready = true;
      const current = await deps.jobs.find(uuid);
      if (current !== undefined && isTerminal(current.status)) {
        for (const entry of await deps.jobs.history(job.id, lastSent)) send(entry);
        end();
      }
    },
  );
}
