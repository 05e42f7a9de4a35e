import { describe, expect, it } from 'vitest';
import { createLogger, redactPaths, REDACTED } from './logger';
import type { LoggerOptions } from './logger';
import { lineCollector } from './test-fixtures/lines';

function capture(options: Omit<LoggerOptions, 'destination' | 'name'> = {}) {
  const { stream, lines, text } = lineCollector();
  const logger = createLogger({ name: 'test', level: 'debug', ...options, destination: stream });
  return { logger, lines, text };
}

describe('createLogger', () => {
  it('never prints a job env object, at any of the covered depths', () => {
    const { logger, text } = capture();
    const env = { HF_TOKEN: 'env-secret-1', AWS_SECRET: 'env-secret-2' };
    logger.info({ env }, 'top level');
    logger.info({ job: { uuid: 'j1', env } }, 'one deep');
    logger.info({ msg_in: { job: { env } } }, 'two deep');
    logger.child({ component: 'executor', env }).info('child bindings');
    expect(text()).not.toContain('env-secret');
    expect(text()).toContain(REDACTED);
    expect(text()).toContain('"uuid":"j1"');
  });

  it('never prints values of declared secrets or of well-known secret keys', () => {
    const { logger, text } = capture({ secrets: ['MINER_WALLET_PASSWORD', 'x-horde-key'] });
    logger.info({ MINER_WALLET_PASSWORD: 'declared-secret', config: { MINER_WALLET_PASSWORD: 'declared-secret' } }, 'config');
    logger.info({ headers: { authorization: 'Bearer tok-secret', 'x-horde-key': 'dashed-secret' } }, 'request');
    logger.info({ req: { headers: { authorization: 'Bearer deep-secret', cookie: 'sid=cookie-secret' } } }, 'nested request');
    logger.info({ password: 'pw-secret', token: 'plain-token-secret', user: { api_key: 'api-secret' } }, 'misc');
    expect(text()).not.toMatch(/declared-secret|tok-secret|dashed-secret|deep-secret|cookie-secret|pw-secret|plain-token-secret|api-secret/);
    expect(text()).toContain('"msg":"nested request"');
  });

  it('names the service and carries child bindings', () => {
    const { logger, lines } = capture();
    logger.child({ component: 'http' }).warn({ jobUuid: 'j2' }, 'slow');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ name: 'test', component: 'http', jobUuid: 'j2', msg: 'slow', level: 40 });
  });

  it('pretty-prints with redaction still applied', () => {
    const { logger, text } = capture({ pretty: true });
    logger.info({ env: { A: 'pretty-secret' } }, 'pretty line');
    expect(text()).toContain('pretty line');
    expect(text()).not.toContain('pretty-secret');
    expect(() => JSON.parse(text())).toThrow();
  });

  it('quotes keys that are not identifiers', () => {
    expect(redactPaths(['a-b'])).toEqual(['["a-b"]', '*["a-b"]', '*.*["a-b"]']);
    expect(redactPaths(['ok'])).toEqual(['ok', '*.ok', '*.*.ok']);
  });
});
