import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDynamicElf } from './elf';
import { testkitErrors } from './errors';
import { findBusybox } from './recipes';

describe('isDynamicElf', () => {
  it('tells the dynamically linked node from the static busybox', async () => {
    expect(await isDynamicElf(process.execPath)).toBe(true);
    expect(await isDynamicElf(await findBusybox())).toBe(false);
  });

  it('rejects a file that is not an ELF executable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'testkit-elf-'));
    try {
      const script = join(dir, 'script.sh');
      await writeFile(script, '#!/bin/sh\necho hi\n'.padEnd(64, ' '));
      const err = await isDynamicElf(script).catch((e: unknown) => e);
      expect(testkitErrors.is(err, 'IMAGE_BUILD_FAILED')).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
