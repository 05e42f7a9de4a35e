/**
 * The operations endpoint of a validator process that does not serve the admin API (a split
 * deployment: workers, the chain role or the facilitator client in their own processes): /health,
 * /metrics and /version only, no token, nothing that reads or changes jobs.
 */
import type { AddressInfo } from 'node:net';
import { createHttpServer, registerVersion } from '@horde/service';
import type { HealthCheck, Logger, Registry } from '@horde/service';
import { VALIDATOR_VERSION } from '../observability/version';

export interface OpsServerOptions {
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly healthChecks?: Readonly<Record<string, HealthCheck>>;
}

export interface OpsServer {
  listen(host: string, port: number): Promise<number>;
  close(): Promise<void>;
}

export function createOpsServer(options: OpsServerOptions): OpsServer {
  const http = createHttpServer({ logger: options.logger, metrics: options.metrics });
  registerVersion(http, 'horde_validator_', VALIDATOR_VERSION);
  for (const [name, check] of Object.entries(options.healthChecks ?? {})) http.addHealthCheck(name, check);
  return {
    async listen(host, port) {
      await http.listen({ host, port });
      return (http.server.address() as AddressInfo).port;
    },
    close: () => http.close(),
  };
}
