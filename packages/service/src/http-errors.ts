import type { FastifyError, FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HordeError } from '@horde/protocol';
import { serviceErrors } from './errors';
import type { ServiceErrorCode } from './errors';

export interface ErrorIssue {
  readonly path: string;
  readonly message: string;
}

/** The body of every error answer. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly retryable: boolean; readonly issues?: readonly ErrorIssue[] };
}

interface Answer {
  readonly status: number;
  readonly body: ErrorBody;
}

/**
 * Installs the error and not-found handlers: HordeError → its http status and code; zod and Fastify
 * schema failures → 400 VALIDATION_FAILED with issues; Fastify's own client errors (bad JSON, body
 * too large, ...) → their 4xx status; anything else → 500 INTERNAL, with no detail or stack.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const answer = toAnswer(error);
    if (answer.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.debug({ code: answer.body.error.code }, 'request rejected');
    return reply.code(answer.status).send(answer.body);
  });
  app.setNotFoundHandler((request, reply) => {
    const answer = fromCatalog('NOT_FOUND', `${request.method} ${request.routeOptions.url ?? 'route'}`);
    return reply.code(answer.status).send(answer.body);
  });
}

export function toAnswer(error: unknown): Answer {
  if (error instanceof HordeError) {
    return { status: error.http, body: { error: { code: error.code, message: error.message, retryable: error.retryable } } };
  }
  if (error instanceof z.core.$ZodError) {
    const issues = error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
    return withIssues(issues);
  }
  const fastifyError = error as Partial<FastifyError>;
  if (Array.isArray(fastifyError.validation)) {
    const issues = fastifyError.validation.map((issue) => ({ path: issue.instancePath, message: issue.message ?? 'invalid' }));
    return withIssues(issues);
  }
  const status = fastifyError.statusCode;
  if (typeof fastifyError.code === 'string' && fastifyError.code.startsWith('FST_') && status !== undefined && status >= 400 && status < 500) {
    const code: ServiceErrorCode = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 404 ? 'NOT_FOUND' : 'REQUEST_INVALID';
    return { ...fromCatalog(code, fastifyError.message), status };
  }
  return fromCatalog('INTERNAL');
}

function withIssues(issues: ErrorIssue[]): Answer {
  const answer = fromCatalog('VALIDATION_FAILED');
  return { status: answer.status, body: { error: { ...answer.body.error, issues } } };
}

function fromCatalog(code: ServiceErrorCode, detail?: string): Answer {
  const error = serviceErrors.error(code, detail);
  return { status: error.http, body: { error: { code, message: error.message, retryable: error.retryable } } };
}
