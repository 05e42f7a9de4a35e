import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { collectSpecs, parseCpuinfo, parseMeminfo, parseNvidiaSmi, parseOsRelease } from './specs';

describe('collectSpecs', () => {
  it('reports this host in the reference shape, fast', async () => {
    const started = performance.now();
    const specs = await collectSpecs({ diskPath: tmpdir(), noGpu: false });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(500);
    expect(specs).toMatchObject({
      gpu: { count: expect.any(Number), details: expect.any(Array) },
      cpu: { count: expect.any(Number), model: expect.any(String), clocks: expect.any(Array) },
      ram: { available: expect.any(Number), free: expect.any(Number), total: expect.any(Number), used: expect.any(Number) },
      hard_disk: { total: expect.any(Number), used: expect.any(Number), free: expect.any(Number) },
      os: expect.any(String),
    });
    const ram = specs.ram as { total: number; used: number; free: number };
    expect(ram.total).toBeGreaterThan(0);
    expect(ram.used + ram.free).toBe(ram.total);
    expect((specs.cpu as { count: number }).count).toBeGreaterThan(0);
    expect((specs.hard_disk as { total: number }).total).toBeGreaterThan(0);
    expect(Object.keys(specs).filter((k) => k.endsWith('_scrape_error'))).toEqual([]);
  });

  it('reports no GPU without asking nvidia-smi in no-GPU mode', async () => {
    const specs = await collectSpecs({ diskPath: tmpdir(), noGpu: true });
    expect(specs.gpu).toEqual({ count: 0, details: [] });
  });

  it('turns an unreadable part into <part>_scrape_error', async () => {
    const specs = await collectSpecs({ diskPath: '/nonexistent/horde-specs', noGpu: true });
    expect(specs.hard_disk).toEqual({});
    expect(specs.hard_disk_scrape_error).toMatch(/ENOENT/);
  });
});

describe('parsers', () => {
  it('parses nvidia-smi csv rows into the reference fields', () => {
    const csv = 'NVIDIA RTX A6000, 550.54.15, 49140, 8.6, 300.00, 210, 405, GPU-4a7b, 1322521051234\nNVIDIA RTX A6000, 550.54.15, 49140, 8.6, 300.00, 210, 405, GPU-9c1d, [N/A]\n';
    expect(parseNvidiaSmi(csv)).toEqual({
      count: 2,
      details: [
        { name: 'NVIDIA RTX A6000', driver: '550.54.15', capacity: '49140', cuda: '8.6', power_limit: '300.00', graphics_speed: '210', memory_speed: '405', uuid: 'GPU-4a7b', serial: '1322521051234' },
        { name: 'NVIDIA RTX A6000', driver: '550.54.15', capacity: '49140', cuda: '8.6', power_limit: '300.00', graphics_speed: '210', memory_speed: '405', uuid: 'GPU-9c1d', serial: '[N/A]' },
      ],
    });
    expect(parseNvidiaSmi('')).toEqual({ count: 0, details: [] });
  });

  it('parses /proc/cpuinfo', () => {
    const text = 'processor\t: 0\nmodel name\t: AMD EPYC 7543 32-Core Processor\ncpu MHz\t\t: 2800.000\n\nprocessor\t: 1\nmodel name\t: AMD EPYC 7543 32-Core Processor\ncpu MHz\t\t: 1500.5\n';
    expect(parseCpuinfo(text)).toEqual({ model: 'AMD EPYC 7543 32-Core Processor', clocks: [2800, 1500.5] });
  });

  it('parses /proc/meminfo in KiB and refuses a missing field', () => {
    const text = 'MemTotal:       24000000 kB\nMemFree:        20000000 kB\nMemAvailable:   22000000 kB\n';
    expect(parseMeminfo(text)).toEqual({ available: 22_000_000, free: 20_000_000, total: 24_000_000, used: 4_000_000 });
    expect(() => parseMeminfo('MemTotal: 1 kB\n')).toThrow(/MemFree/);
  });

  it('reads the OS name from os-release', () => {
    expect(parseOsRelease('NAME="Ubuntu"\nVERSION="22.04.3 LTS (Jammy Jellyfish)"\nPRETTY_NAME="Ubuntu 22.04.3 LTS"\n')).toBe('Ubuntu 22.04.3 LTS');
    expect(parseOsRelease("NAME='Alpine Linux'\nVERSION=3.19\n")).toBe('Alpine Linux 3.19');
  });
});
