import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { promisify } from 'node:util';
import { isDynamicElf } from './elf';
import { testkitErrors } from './errors';
import { Rootfs } from './rootfs';

const run = promisify(execFile);

/** Where Debian's busybox-static installs busybox. */
const BUSYBOX_CANDIDATES = ['/bin/busybox', '/usr/bin/busybox'];

const PASSWD = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n';
const GROUP = 'root:x:0:\nnobody:x:65534:\nnogroup:x:65534:\n';
const HOSTS = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n';

/** Finds the host's busybox, or explains how to install it. */
export async function findBusybox(): Promise<string> {
  for (const candidate of BUSYBOX_CANDIDATES) {
    try {
      await access(candidate);
      return candidate;
    } catch {
      // try the next place
    }
  }
  throw testkitErrors.error('IMAGE_BUILD_FAILED', `busybox not found at ${BUSYBOX_CANDIDATES.join(' or ')}: install it with \`apt-get install busybox-static\``);
}

/**
 * A minimal Linux userland: busybox with a symlink per applet (at the paths `busybox --list-full`
 * gives), root and nobody, a sticky world-writable /tmp, and the few /etc files libc reads.
 */
export async function busyboxRootfs(busybox: string): Promise<Rootfs> {
  const rootfs = new Rootfs();
  await addExecutable(rootfs, 'bin/busybox', busybox);
  const { stdout } = await run(busybox, ['--list-full']).catch((err: unknown) => {
    throw testkitErrors.error('IMAGE_BUILD_FAILED', `\`${busybox} --list-full\` failed`, { cause: err });
  });
  for (const applet of stdout.split('\n').map((line) => line.trim()).filter(Boolean)) {
    rootfs.symlink(applet, '/bin/busybox');
  }
  return rootfs
    .dir('sbin')
    .dir('usr/sbin')
    .dir('usr/local/bin')
    .dir('root', 0o700)
    .dir('home')
    .dir('var/tmp', 0o1777)
    .dir('tmp', 0o1777)
    .file('etc/passwd', PASSWD)
    .file('etc/group', GROUP)
    .file('etc/hosts', HOSTS)
    .file('etc/nsswitch.conf', 'passwd: files\ngroup: files\nhosts: files dns\n');
}

/** The busybox userland plus the host's node at /usr/local/bin/node (and /usr/bin/node). */
export async function nodeRootfs(node: string, busybox: string): Promise<Rootfs> {
  const rootfs = await busyboxRootfs(busybox);
  await addExecutable(rootfs, 'usr/local/bin/node', node);
  return rootfs.symlink('usr/bin/node', '/usr/local/bin/node');
}

/**
 * Copies a host executable to `path` and, when it is dynamically linked, every shared library `ldd`
 * lists at the same path as on the host (the dynamic loader included).
 */
async function addExecutable(rootfs: Rootfs, path: string, source: string): Promise<void> {
  await rootfs.hostFile(path, source);
  if (!(await isDynamicElf(source))) return;
  for (const library of await sharedLibraries(source)) {
    await rootfs.hostFile(library, library);
  }
}

/** Absolute paths of the shared libraries `ldd` resolves for `binary` (vdso excluded). */
async function sharedLibraries(binary: string): Promise<string[]> {
  const { stdout } = await run('ldd', [binary]).catch((err: unknown) => {
    throw testkitErrors.error('IMAGE_BUILD_FAILED', `\`ldd ${binary}\` failed`, { cause: err });
  });
  const libraries: string[] = [];
  for (const line of stdout.split('\n')) {
    // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)", "/lib64/ld-linux-x86-64.so.2 (0x...)",
    // "linux-vdso.so.1 (0x...)" (no file), or "libfoo.so => not found".
    const resolved = line.includes('=>') ? line.split('=>')[1]?.trim() : line.trim();
    if (!resolved) continue;
    if (resolved.startsWith('not found')) {
      throw testkitErrors.error('IMAGE_BUILD_FAILED', `${binary} needs a library the host lacks: ${line.trim()}`);
    }
    const path = resolved.split(' (')[0]?.trim();
    if (path?.startsWith('/')) libraries.push(path);
  }
  return libraries;
}
