import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { HuggingfaceVolume } from '@horde/protocol';
import { z } from 'zod';
import { executorIo } from '../io-errors';
import type { ByteBudget } from './budget';
import { mapLimit } from './concurrency';
import { isAllowed } from './fnmatch';
import { downloadToFile } from './http-download';
import type { ResolvedDownloadOptions } from './options';
import { attemptSignal, classifyTransferError, isTransientStatus, TransientFailure, withRetries } from './retry';
import { resolveInside } from './safe-path';
import { redactUrl } from './safe-url';

/** The part of the hub's `GET /api/{kind}s/{repo_id}/revision/{revision}` answer we use. */
const RepoInfo = z.object({
  sha: z.string().nullish(),
  siblings: z.array(z.object({ rfilename: z.string() })),
});

const KINDS = { model: { api: 'models', prefix: '' }, dataset: { api: 'datasets', prefix: 'datasets/' }, space: { api: 'spaces', prefix: 'spaces/' } } as const;

/**
 * Downloads a Hugging Face snapshot through the hub's HTTP API: lists the repo's files at the
 * revision, keeps those matching `allow_patterns`, and fetches each from
 * `{endpoint}/{prefix}{repo_id}/resolve/{commit}/{path}` (pinned to the listed commit so every
 * file comes from one snapshot), `concurrency` at a time. Returns the number of files.
 */
export async function downloadHuggingface(volume: HuggingfaceVolume, volumeDir: string, budget: ByteBudget, options: ResolvedDownloadOptions): Promise<number> {
  const kind = KINDS[(volume.repo_type ?? 'model') as keyof typeof KINDS];
  if (kind === undefined) throw executorIo.error('VOLUME_INVALID', `unknown repo_type ${JSON.stringify(volume.repo_type)}`);
  const endpoint = options.hfEndpoint.replace(/\/+$/, '');
  const token = volume.token ?? options.hfToken;
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const revision = encodeURIComponent(volume.revision ?? 'main');
  const info = await fetchRepoInfo(`${endpoint}/api/${kind.api}/${volume.repo_id}/revision/${revision}`, headers, options);
  const commit = info.sha ? encodeURIComponent(info.sha) : revision;
  const files = info.siblings.map((s) => s.rfilename).filter((path) => isAllowed(path, volume.allow_patterns));
  const targets = files.map((path) => {
    const target = resolveInside(volumeDir, path);
    if (target === undefined) throw executorIo.error('VOLUME_INVALID', `unsafe repo path ${JSON.stringify(path)}`);
    return { path, target };
  });
  await mapLimit(
    targets,
    options.concurrency,
    async ({ path, target }, signal) => {
      await mkdir(dirname(target), { recursive: true });
      const url = `${endpoint}/${kind.prefix}${volume.repo_id}/resolve/${commit}/${path.split('/').map(encodeURIComponent).join('/')}`;
      await downloadToFile(url, target, { ...options, budget, headers, signal });
    },
    options.signal,
  );
  return targets.length;
}

async function fetchRepoInfo(url: string, headers: Record<string, string>, options: ResolvedDownloadOptions): Promise<z.infer<typeof RepoInfo>> {
  const what = redactUrl(url);
  const failed = (detail: string, cause?: unknown, status?: number) => executorIo.error('DOWNLOAD_FAILED', `${detail}: ${what}`, { cause, context: { url: what, status } });
  return withRetries({ ...options, what }, async () => {
    try {
      const response = await fetch(url, { headers, signal: attemptSignal(options.signal, options.timeoutMs) });
      if (!response.ok) {
        await response.body?.cancel();
        const error = failed(`repo listing answered ${response.status}`, undefined, response.status);
        throw isTransientStatus(response.status) ? new TransientFailure(error) : error;
      }
      const parsed = RepoInfo.safeParse(await response.json());
      if (!parsed.success) throw failed('unexpected repo listing', parsed.error);
      return parsed.data;
    } catch (err) {
      throw classifyTransferError(err, options.signal, (cause) => failed('repo listing failed', cause));
    }
  });
}
