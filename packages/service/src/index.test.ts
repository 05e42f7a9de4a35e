import { describe, expect, it } from 'vitest';
import * as service from './index';

describe('@horde/service entry point', () => {
  it('exposes the kit', () => {
    for (const name of ['defineEnv', 'createLogger', 'createShutdown', 'createHttpServer', 'createMetricsRegistry', 'registerTypedSocket', 'connectTypedSocket', 'openDatabase']) {
      expect(typeof (service as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(service.CloseCode.MESSAGE_TOO_BIG).toBe(1009);
    expect(service.serviceErrors.name).toBe('service');
  });

  it('gives every error code a close code within the documented sets', () => {
    const documented = new Set<number>([...Object.values(service.CloseCode), ...Object.values(service.ReferenceFacilitatorCloseCode)]);
    for (const code of service.serviceErrors.codes) {
      expect(documented.has(service.serviceErrors.specs[code].wsClose), code).toBe(true);
    }
  });
});
