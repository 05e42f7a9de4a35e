import { open } from 'node:fs/promises';
import { testkitErrors } from './errors';

const PT_INTERP = 3;

/**
 * True when the ELF executable at `path` names a dynamic loader (PT_INTERP), i.e. needs shared
 * libraries at run time. Reads the program headers of 64-bit little-endian ELF files.
 */
export async function isDynamicElf(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const ident = Buffer.alloc(64);
    await file.read(ident, 0, 64, 0);
    if (ident.readUInt32BE(0) !== 0x7f454c46 || ident[4] !== 2 || ident[5] !== 1) {
      throw testkitErrors.error('IMAGE_BUILD_FAILED', `${path} is not a 64-bit little-endian ELF executable`);
    }
    const phoff = Number(ident.readBigUInt64LE(32));
    const phentsize = ident.readUInt16LE(54);
    const phnum = ident.readUInt16LE(56);
    const headers = Buffer.alloc(phentsize * phnum);
    await file.read(headers, 0, headers.length, phoff);
    for (let i = 0; i < phnum; i++) {
      if (headers.readUInt32LE(i * phentsize) === PT_INTERP) return true;
    }
    return false;
  } finally {
    await file.close();
  }
}
