import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import { testkitErrors } from './errors';
import { statusCode } from './docker';
import { busyboxRootfs, findBusybox, nodeRootfs } from './recipes';
import type { Rootfs } from './rootfs';
import { tarStream } from './tar';

/** Image label holding the digest of everything the image was built from. */
export const IMAGE_INPUTS_LABEL = 'horde.testkit.inputs';
/** Bump when the way images are assembled changes, to rebuild them everywhere. */
const RECIPE_VERSION = 1;
const PATH_ENV = 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface EnsuredImage {
  /** Full image id (`sha256:...`). */
  readonly id: string;
  readonly tag: string;
  /** False when an image with the same inputs already existed (the fast path). */
  readonly built: boolean;
}

/** A local image with busybox as its userland (no registry needed). */
export async function ensureBusyboxImage(docker: Dockerode, tag = 'horde-test/busybox:latest', options: { busybox?: string } = {}): Promise<EnsuredImage> {
  const rootfs = await busyboxRootfs(options.busybox ?? (await findBusybox()));
  return ensureImage(docker, tag, rootfs, [PATH_ENV, 'CMD ["/bin/sh"]']);
}

/** A local image running the host's node binary (same version as the tests), with busybox for `sh`. */
export async function ensureNodeImage(docker: Dockerode, tag = 'horde-test/node:latest', options: { node?: string; busybox?: string } = {}): Promise<EnsuredImage> {
  const rootfs = await nodeRootfs(options.node ?? process.execPath, options.busybox ?? (await findBusybox()));
  return ensureImage(docker, tag, rootfs, [PATH_ENV, 'CMD ["node"]']);
}

/**
 * Imports `rootfs` as `tag` unless the image there already carries the same inputs digest. The import
 * goes to a temporary tag first and moves to `tag` only if no concurrent caller got there first, so
 * racing test files end with one right image and no leftovers.
 */
async function ensureImage(docker: Dockerode, tag: string, rootfs: Rootfs, changes: string[]): Promise<EnsuredImage> {
  const digest = await rootfs.digest(`recipe ${RECIPE_VERSION}\n${changes.join('\n')}`);
  const before = await inspectImage(docker, tag);
  if (before && labelOf(before) === digest) return { id: before.Id, tag, built: false };

  const { repo, version } = splitTag(tag);
  const buildTag = `build-${randomBytes(6).toString('hex')}`;
  const temporary = `${repo}:${buildTag}`;
  try {
    const progress = await docker.importImage(tarStream(rootfs.entries()), {
      repo,
      tag: buildTag,
      message: 'horde testkit rootfs',
      changes: [...changes, `LABEL ${IMAGE_INPUTS_LABEL}=${digest}`],
    });
    await importResult(progress);
  } catch (err) {
    throw testkitErrors.error('IMAGE_BUILD_FAILED', `import ${tag}`, { cause: err });
  }

  const current = await inspectImage(docker, tag);
  if (current && labelOf(current) === digest) {
    await removeImage(docker, temporary); // a concurrent caller finished first
    return { id: current.Id, tag, built: false };
  }
  try {
    await docker.getImage(temporary).tag({ repo, tag: version });
  } catch (err) {
    throw testkitErrors.error('IMAGE_BUILD_FAILED', `tag ${temporary} as ${tag}`, { cause: err });
  }
  await removeImage(docker, temporary); // the image keeps `tag`: this only drops the temporary name
  const after = await inspectImage(docker, tag);
  if (!after || labelOf(after) !== digest) {
    throw testkitErrors.error('IMAGE_BUILD_FAILED', `${tag} does not carry the expected inputs after import (replaced concurrently by a different build?)`);
  }
  if (before && before.Id !== after.Id) await removeImage(docker, before.Id);
  return { id: after.Id, tag, built: true };
}

function labelOf(image: Dockerode.ImageInspectInfo): string | undefined {
  return image.Config.Labels?.[IMAGE_INPUTS_LABEL];
}

async function inspectImage(docker: Dockerode, tag: string): Promise<Dockerode.ImageInspectInfo | undefined> {
  try {
    return await docker.getImage(tag).inspect();
  } catch (err) {
    if (statusCode(err) === 404) return undefined;
    throw testkitErrors.error('IMAGE_BUILD_FAILED', `inspect ${tag}`, { cause: err });
  }
}

/** Reads the import's JSON progress stream to its end; the engine reports failures inside it. */
async function importResult(progress: NodeJS.ReadableStream): Promise<void> {
  let text = '';
  for await (const chunk of progress) text += chunk.toString();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const message = JSON.parse(line) as { error?: string; errorDetail?: { message?: string } };
    if (message.error !== undefined || message.errorDetail !== undefined) {
      throw testkitErrors.error('IMAGE_BUILD_FAILED', message.errorDetail?.message ?? message.error);
    }
  }
}

/** Removes an image or a tag of it, unless a container still uses it (409) or it is already gone (404). */
async function removeImage(docker: Dockerode, name: string): Promise<void> {
  try {
    await docker.getImage(name).remove();
  } catch (err) {
    const code = statusCode(err);
    if (code !== 404 && code !== 409) throw testkitErrors.error('IMAGE_BUILD_FAILED', `remove image ${name}`, { cause: err });
  }
}

function splitTag(tag: string): { repo: string; version: string } {
  const colon = tag.lastIndexOf(':');
  return colon > tag.lastIndexOf('/') ? { repo: tag.slice(0, colon), version: tag.slice(colon + 1) } : { repo: tag, version: 'latest' };
}
