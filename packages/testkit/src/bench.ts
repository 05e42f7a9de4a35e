/** What every `pnpm bench:*` shares: arguments, percentiles, the bare `docker run` baseline, the machine line. */
import { execFile } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `--name N` from the command line, or `fallback`. */
export function benchArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** The nearest-rank `p`th percentile (NaN for no values). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Milliseconds of one `docker run --rm --network none <image> echo hello`: the baseline a job is compared with. */
export async function bareDockerRun(image: string): Promise<number> {
  const t0 = performance.now();
  const { stdout } = await run('docker', ['run', '--rm', '--network', 'none', image, 'echo', 'hello']);
  if (stdout !== 'hello\n') throw new Error(`baseline printed ${JSON.stringify(stdout)}`);
  return performance.now() - t0;
}

/** The "Machine: …" line of a benchmark report. */
export async function machineLine(): Promise<string> {
  const dockerVersion = (await run('docker', ['version', '--format', '{{.Server.Version}}'])).stdout.trim();
  return `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, Docker ${dockerVersion}.`;
}
