/**
 * Security checks run in the startup stage, before the job is accepted as ready. The reference
 * runs two hard-coded ones: a CVE-2022-0492 probe image whose stdout must contain
 * `Contained: cannot escape via CVE-2022-0492`, and, on GPU hosts, `nvidia-container-toolkit
 * --version` in a privileged container with the host's /usr mounted, which must be >= 1.17.4.
 * Their images come from registries a host may not reach, so here the list is configuration
 * (EXECUTOR_SECURITY_CHECK_IMAGES, a JSON array, empty by default). The reference's pair is:
 *
 * ```json
 * [{"kind": "output_contains",
 *   "image": "us-central1-docker.pkg.dev/twistlock-secresearch/public/can-ctr-escape-cve-2022-0492:latest",
 *   "expect": "Contained: cannot escape via CVE-2022-0492"},
 *  {"kind": "nvidia_toolkit_version", "image": "ubuntu:latest", "min_version": "1.17.4"}]
 * ```
 *
 * `nvidia_toolkit_version` checks (and any check with `gpu_only: true`) run only for jobs of a
 * GPU class on an executor that gives jobs GPUs. Any failure is a horde failure
 * `security_check_failed`.
 */
import type Docker from 'dockerode';
import { z } from 'zod';
import { executorErrors } from './errors';
import { ensureImage } from './docker/image';
import { runOnce } from './docker/run-once';
import { normalizeImage } from './docker/job-container';

const OutputContainsCheck = z.object({
  kind: z.literal('output_contains'),
  image: z.string().min(1),
  /** Command; the image's default when omitted. */
  cmd: z.array(z.string()).optional(),
  /** Text the check's stdout must contain (its exit status must be 0 too). */
  expect: z.string().min(1),
  gpu_only: z.boolean().default(false),
});

const NvidiaToolkitCheck = z.object({
  kind: z.literal('nvidia_toolkit_version'),
  /** An image with bash, run privileged with the host's /, /usr/bin and /usr/lib mounted. */
  image: z.string().min(1).default('ubuntu:latest'),
  min_version: z
    .string()
    .regex(/^\d+(\.\d+)*$/)
    .default('1.17.4'),
});

export const SecurityCheck = z.discriminatedUnion('kind', [OutputContainsCheck, NvidiaToolkitCheck]);
export type SecurityCheck = z.infer<typeof SecurityCheck>;

/** The environment form: JSON text holding an array of checks. */
export const SecurityCheckList = z
  .string()
  .transform((text, ctx): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.array(SecurityCheck));

export interface SecurityCheckContext {
  docker: Docker;
  token: string;
  jobUuid: string;
  /** The job gets GPUs: run the GPU-only checks too. */
  gpu: boolean;
  /** Bound on each check container. */
  timeoutMs: number;
}

/** Runs the applicable checks one after another; throws SECURITY_CHECK_FAILED at the first failure. */
export async function runSecurityChecks(checks: readonly SecurityCheck[], ctx: SecurityCheckContext): Promise<void> {
  for (const check of checks) {
    if (check.kind === 'output_contains') {
      if (check.gpu_only && !ctx.gpu) continue;
      await runOutputCheck(check, ctx);
    } else if (ctx.gpu) {
      await runNvidiaToolkitCheck(check, ctx);
    }
  }
}

async function runOutputCheck(check: z.infer<typeof OutputContainsCheck>, ctx: SecurityCheckContext): Promise<void> {
  const create: Docker.ContainerCreateOptions = { Image: normalizeImage(check.image), ...(check.cmd ? { Cmd: check.cmd } : {}) };
  const result = await run(create, check.image, ctx);
  if (result.exitCode !== 0 || !result.stdout.includes(check.expect)) {
    throw failed(check.image, result.exitCode !== 0 ? `exit status ${result.exitCode}` : `"${check.expect}" not in stdout`, result);
  }
}

async function runNvidiaToolkitCheck(check: z.infer<typeof NvidiaToolkitCheck>, ctx: SecurityCheckContext): Promise<void> {
  const create: Docker.ContainerCreateOptions = {
    Image: normalizeImage(check.image),
    Cmd: ['bash', '-c', 'nvidia-container-toolkit --version'],
    HostConfig: { Privileged: true, Binds: ['/:/host:ro', '/usr/bin:/usr/bin', '/usr/lib:/usr/lib'] },
  };
  const result = await run(create, check.image, ctx);
  if (result.exitCode !== 0) throw failed(check.image, `nvidia-container-toolkit exit status ${result.exitCode}`, result);
  const version = result.stdout.split('\n')[0]?.trim().split(' ').pop() ?? '';
  if (!/^\d+(\.\d+)*$/.test(version) || compareVersions(version, check.min_version) < 0) {
    throw failed(check.image, `nvidia-container-toolkit ${version || '(no version)'} is older than ${check.min_version}`, result);
  }
}

async function run(create: Docker.ContainerCreateOptions, image: string, ctx: SecurityCheckContext) {
  try {
    await ensureImage(ctx.docker, image);
    return await runOnce(ctx.docker, create, { token: ctx.token, jobUuid: ctx.jobUuid, role: 'security-check', timeoutMs: ctx.timeoutMs });
  } catch (cause) {
    throw executorErrors.error('SECURITY_CHECK_FAILED', `could not run ${image}`, { cause, context: { image } });
  }
}

function failed(image: string, why: string, result: { exitCode: number | null; stdout: string; stderr: string }) {
  return executorErrors.error('SECURITY_CHECK_FAILED', `${image}: ${why}`, {
    context: { image, return_code: result.exitCode, stdout: result.stdout.slice(0, 2000), stderr: result.stderr.slice(0, 2000) },
  });
}

/** Compares dotted numeric versions: negative when `a` < `b`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
