/**
 * Machine specs in the reference's shape (`V0MachineSpecsRequest.specs.specs`):
 * `{gpu: {count, details: [{name, driver, capacity, cuda, power_limit, graphics_speed,
 * memory_speed, uuid, serial}]}, cpu: {count, model, clocks}, ram: {available, free, total, used},
 * hard_disk: {total, used, free}, os}`, sizes in KiB, GPU figures as the strings nvidia-smi prints.
 * A part that cannot be read is replaced by `<part>_scrape_error`, as the reference does.
 * Everything is read from the host directly (files, statfs, one nvidia-smi call when it is on the
 * PATH), so it is fast and can run while the executor waits for its first message.
 */
import { execFile } from 'node:child_process';
import { readFile, statfs } from 'node:fs/promises';
import { cpus } from 'node:os';
import { promisify } from 'node:util';
import type { JsonValue } from '@horde/protocol';

const run = promisify(execFile);

/** nvidia-smi's query, in the order of the fields in `details`. */
const GPU_QUERY = ['name', 'driver_version', 'memory.total', 'compute_cap', 'power.limit', 'clocks.gr', 'clocks.mem', 'uuid', 'serial'];
const GPU_FIELDS = ['name', 'driver', 'capacity', 'cuda', 'power_limit', 'graphics_speed', 'memory_speed', 'uuid', 'serial'];

export interface SpecsOptions {
  /** Directory whose file system is reported as `hard_disk` (the executor's temp root). */
  diskPath: string;
  /** Skip nvidia-smi: report no GPU (the reference's DEBUG_NO_GPU_MODE). */
  noGpu: boolean;
  /** Bound on nvidia-smi (default 10 s). */
  gpuTimeoutMs?: number;
}

export type Specs = Record<string, JsonValue>;

export async function collectSpecs(options: SpecsOptions): Promise<Specs> {
  const specs: Specs = {};
  const parts: Array<[string, () => Promise<JsonValue>]> = [
    ['gpu', () => (options.noGpu ? Promise.resolve({ count: 0, details: [] }) : gpuSpecs(options.gpuTimeoutMs ?? 10_000))],
    ['cpu', cpuSpecs],
    ['ram', ramSpecs],
    ['hard_disk', () => diskSpecs(options.diskPath)],
    ['os', osName],
  ];
  await Promise.all(
    parts.map(async ([key, read]) => {
      try {
        specs[key] = await read();
      } catch (err) {
        specs[key] = key === 'gpu' ? { count: 0, details: [] } : key === 'os' ? '' : {};
        specs[`${key}_scrape_error`] = err instanceof Error ? err.message : String(err);
      }
    }),
  );
  return specs;
}

async function gpuSpecs(timeoutMs: number): Promise<JsonValue> {
  let stdout: string;
  try {
    ({ stdout } = await run('nvidia-smi', [`--query-gpu=${GPU_QUERY.join(',')}`, '--format=csv,noheader,nounits'], { timeout: timeoutMs }));
  } catch (err) {
    // No nvidia-smi on the PATH: a host without NVIDIA GPUs.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { count: 0, details: [] };
    throw err;
  }
  return parseNvidiaSmi(stdout);
}

/** Rows of `nvidia-smi --query-gpu=... --format=csv,noheader,nounits` as the reference's `gpu` part. */
export function parseNvidiaSmi(csv: string): { count: number; details: Array<Record<string, string>> } {
  const details = csv
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const cells = line.split(',').map((cell) => cell.trim());
      return Object.fromEntries(GPU_FIELDS.map((field, i) => [field, cells[i] ?? '']));
    });
  return { count: details.length, details };
}

async function cpuSpecs(): Promise<JsonValue> {
  const list = cpus();
  let model = list[0]?.model ?? '';
  let clocks = list.map((cpu) => cpu.speed);
  try {
    const parsed = parseCpuinfo(await readFile('/proc/cpuinfo', 'utf8'));
    if (parsed.model) model = parsed.model;
    if (parsed.clocks.length > 0) clocks = parsed.clocks;
  } catch {
    // Not Linux: os.cpus() already gave what there is.
  }
  return { count: list.length, model, clocks };
}

/** `model name` and the `cpu MHz` of every processor in /proc/cpuinfo. */
export function parseCpuinfo(text: string): { model: string; clocks: number[] } {
  const model = /^model name\s*:\s*(.*)$/m.exec(text)?.[1]?.trim() ?? '';
  const clocks = [...text.matchAll(/^cpu MHz\s*:\s*([\d.]+)$/gm)].map((m) => Number(m[1]));
  return { model, clocks };
}

async function ramSpecs(): Promise<JsonValue> {
  return parseMeminfo(await readFile('/proc/meminfo', 'utf8'));
}

/** The reference's `ram` part from /proc/meminfo, in KiB (`used` = total - free). */
export function parseMeminfo(text: string): { available: number; free: number; total: number; used: number } {
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s*(\\d+)\\s+kB$`, 'm').exec(text);
    if (!match) throw new Error(`${name} missing from /proc/meminfo`);
    return Number(match[1]);
  };
  const total = field('MemTotal');
  const free = field('MemFree');
  return { available: field('MemAvailable'), free, total, used: total - free };
}

async function diskSpecs(path: string): Promise<JsonValue> {
  const fs = await statfs(path);
  const total = Math.floor((fs.blocks * fs.bsize) / 1024);
  const free = Math.floor((fs.bavail * fs.bsize) / 1024);
  return { total, used: total - Math.floor((fs.bfree * fs.bsize) / 1024), free };
}

async function osName(): Promise<JsonValue> {
  const text = await readFile('/etc/os-release', 'utf8');
  return parseOsRelease(text);
}

/** PRETTY_NAME of /etc/os-release (what `lsb_release -d` prints), else NAME VERSION. */
export function parseOsRelease(text: string): string {
  const value = (key: string): string | undefined => {
    const raw = new RegExp(`^${key}=(.*)$`, 'm').exec(text)?.[1]?.trim();
    return raw?.replace(/^(["'])(.*)\1$/, '$2');
  };
  return value('PRETTY_NAME') ?? [value('NAME'), value('VERSION')].filter(Boolean).join(' ');
}
