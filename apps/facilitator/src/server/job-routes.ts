import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { JobsRepo } from '../db/jobs';
import { facilitatorErrors } from '../errors';
import type { JobSubmission } from '../services/job-submission';
import type { PresenceRegistry } from '../services/presence';
import type { TokenService } from '../services/tokens';
import { caller, requireCaller } from './auth';
import { jobView } from './job-view';
import { CancelBody, JobCreateBody, JobListQuery, JobParams, jsonSchema } from '../api-schemas';
import { addRoute } from './route';

export interface JobRoutesDeps {
  readonly jobs: JobsRepo;
  readonly submission: JobSubmission;
  readonly presence: PresenceRegistry;
  readonly tokens: TokenService;
}

const bearer = [{ bearer: [] }];

/** The users' job API under /api/v1 (every route needs a token). */
export function registerJobRoutes(app: FastifyInstance, deps: JobRoutesDeps): void {
  const authenticated = (request: FastifyRequest) => requireCaller(request, deps.tokens);

  addRoute(app, {
    method: 'POST',
    url: '/api/v1/job-docker/',
    schema: { tags: ['jobs'], summary: 'Submit a signed docker job (X-CH-* signature headers)', security: bearer, body: jsonSchema(JobCreateBody) },
    onRequest: authenticated,
    handler: async (request, reply) => {
      const job = await deps.submission.create(caller(request), request.body, request.headers);
      const [history] = (await deps.jobs.histories([job.id])).values();
      return reply.code(201).send(jobView(job, history ?? []));
    },
  });

  addRoute(app, {
    method: 'GET',
    url: '/api/v1/jobs/',
    schema: { tags: ['jobs'], summary: "The caller's jobs, newest first", security: bearer, querystring: jsonSchema(JobListQuery) },
    onRequest: authenticated,
    handler: async (request) => {
      const query = JobListQuery.parse(request.query);
      const { total, rows } = await deps.jobs.list({ submitter: caller(request), page: query.page, pageSize: query.page_size, tag: query.tag, uuid: query.uuid });
      const histories = await deps.jobs.histories(rows.map((row) => row.id));
      const pageUrl = (page: number) => {
        const params = new URLSearchParams({ page: String(page), page_size: String(query.page_size) });
        if (query.tag !== undefined) params.set('tag', query.tag);
        if (query.uuid !== undefined) params.set('uuid', query.uuid);
        return `${request.protocol}://${request.host}/api/v1/jobs/?${params.toString()}`;
      };
      return {
        count: total,
        next: query.page * query.page_size < total ? pageUrl(query.page + 1) : null,
        previous: query.page > 1 ? pageUrl(query.page - 1) : null,
        results: rows.map((row) => jobView(row, histories.get(row.id) ?? [])),
      };
    },
  });

  addRoute(app, {
    method: 'GET',
    url: '/api/v1/jobs/:uuid/',
    schema: { tags: ['jobs'], summary: 'One job with its status history', security: bearer, params: jsonSchema(JobParams) },
    onRequest: authenticated,
    handler: async (request) => {
      const { uuid } = parseParams(request);
      const job = await deps.jobs.find(uuid);
      if (job === undefined || job.submitter !== caller(request)) throw facilitatorErrors.error('JOB_NOT_FOUND');
      return jobView(job, await deps.jobs.history(job.id));
    },
  });

  addRoute(app, {
    method: 'POST',
    url: '/api/v1/jobs/:uuid/cancel',
    schema: { tags: ['jobs'], summary: 'Ask the validator to cancel the job (ends with status cancelled)', security: bearer, params: jsonSchema(JobParams) },
    onRequest: authenticated,
    handler: async (request, reply) => {
      const { uuid } = parseParams(request);
      const body = CancelBody.parse(request.body);
      await deps.submission.cancel(caller(request), uuid, body.reason);
      return reply.code(202).send({ status: 'cancel_requested' });
    },
  });

  addRoute(app, {
    method: 'GET',
    url: '/api/v1/validators',
    schema: { tags: ['validators'], summary: 'Validators heard from in the last 3 minutes', security: bearer },
    onRequest: authenticated,
    handler: async () => ({ results: await deps.presence.list() }),
  });
}

/** The `:uuid` parameter, or JOB_UUID_INVALID. */
export function parseParams(request: FastifyRequest): { uuid: string } {
  const parsed = JobParams.safeParse(request.params);
  if (!parsed.success) throw facilitatorErrors.error('JOB_UUID_INVALID');
  return parsed.data;
}
