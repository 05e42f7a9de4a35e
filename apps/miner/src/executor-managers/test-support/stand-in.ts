import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@horde/testkit';

/** Path of the stand-in executor script (see stand-in-executor.mjs). */
export const STAND_IN = fileURLToPath(new URL('./stand-in-executor.mjs', import.meta.url));

export interface StandInReport {
  env: Record<string, string>;
  dockerSocket: boolean;
}

/** Waits for the report a stand-in started with STANDIN_REPORT=1 writes into `dir` once it is ready. */
export function reportOf(dir: string, token: string, timeoutMs = 5_000): Promise<StandInReport> {
  const path = join(dir, `standin-${token}.json`);
  return waitFor(() => (existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as StandInReport) : undefined), { what: `report ${path}`, timeoutMs });
}
