/** Subtensor endpoints: the two public networks by name, or any ws(s) URL (devchain, a local node). */
import { chainErrors } from '../errors';

export const ENDPOINTS = {
  finney: 'wss://entrypoint-finney.opentensor.ai:443',
  test: 'wss://test.finney.opentensor.ai:443',
} as const;

export type Endpoint = keyof typeof ENDPOINTS | (string & {});

export function resolveEndpoint(endpoint: Endpoint): string {
  if (endpoint === 'finney') return ENDPOINTS.finney;
  if (endpoint === 'test') return ENDPOINTS.test;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch (cause) {
    throw chainErrors.error('CHAIN_ENDPOINT_INVALID', endpoint, { cause });
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw chainErrors.error('CHAIN_ENDPOINT_INVALID', endpoint);
  return endpoint;
}
