import type Docker from 'dockerode';
import { executorErrors } from '../errors';
import { normalizeImage } from './job-container';

/**
 * Makes sure `image` is present on the engine: a local image is used as is (jobs are expected to
 * use preloaded images, and a pull would cost the job's startup time); an absent one is pulled.
 * Resolves with what was done; throws IMAGE_PULL_FAILED.
 */
export async function ensureImage(docker: Docker, image: string): Promise<'present' | 'pulled'> {
  const name = normalizeImage(image);
  if (await isPresent(docker, name)) return 'present';
  let lastError: string | undefined;
  try {
    const stream = await docker.pull(name);
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (err) => (err ? reject(err) : resolve()),
        // The engine reports a failed pull inside the progress stream, not as a stream error.
        (event: { error?: string; errorDetail?: { message?: string } }) => {
          lastError = event.errorDetail?.message ?? event.error ?? lastError;
        },
      );
    });
  } catch (cause) {
    throw executorErrors.error('IMAGE_PULL_FAILED', name, { cause, context: { image: name } });
  }
  if (!(await isPresent(docker, name))) {
    throw executorErrors.error('IMAGE_PULL_FAILED', `${name}${lastError ? `: ${lastError}` : ''}`, { context: { image: name } });
  }
  return 'pulled';
}

async function isPresent(docker: Docker, name: string): Promise<boolean> {
  try {
    await docker.getImage(name).inspect();
    return true;
  } catch (cause) {
    if ((cause as { statusCode?: number }).statusCode === 404) return false;
    throw executorErrors.error('IMAGE_PULL_FAILED', `inspect ${name}`, { cause, context: { image: name } });
  }
}
