/**
 * Frames a broken or malicious facilitator might send: not JSON, binary, wrong shapes, unknown
 * types, valid shapes with forged signatures, spurious answers, deep nesting, huge strings.
 * Deterministic (seeded), so a failure can be replayed.
 */
import { randomUUID } from 'node:crypto';
import { FacilitatorToValidatorMessage, serializeFrame, stringifyJson } from '@horde/protocol';
import { TEST_WALLETS } from '@horde/hotkey';
import { signedJob } from './jobs';

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const MESSAGE_TYPES = ['V2JobRequest', 'V0JobCheated', 'HordeJobCancelRequest', 'V0JobStatusUpdate', 'V0AuthenticationRequest', '', 'job.new', '__proto__'];

export function hostileFrames(count: number, seed = 4): (string | Buffer)[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const text = (length: number): string => Array.from({ length }, () => String.fromCharCode(Math.floor(random() * 0x2fff))).join('');
  const junk = (): unknown => pick<() => unknown>([() => null, () => random() * 1e30, () => text(8), () => [1, 'a', null], () => ({ a: { b: [] } }), () => -1, () => true, () => 2n ** 70n])();
  const frames: (string | Buffer)[] = [];
  for (let i = 0; i < count; i++) {
    const job = signedJob(TEST_WALLETS.user);
    switch (i % 12) {
      case 0:
        frames.push(text(1 + Math.floor(random() * 200)));
        break;
      case 1:
        frames.push(Buffer.from(Array.from({ length: 64 }, () => Math.floor(random() * 256))));
        break;
      case 2:
        frames.push(stringifyJson(junk()));
        break;
      case 3:
        frames.push(stringifyJson({ message_type: `${pick(MESSAGE_TYPES)}${text(3)}`, uuid: randomUUID() }));
        break;
      case 4: {
        // A job with one field removed or given a wrong type.
        const fields = Object.keys(job).filter((key) => key !== 'message_type');
        const victim = pick(fields);
        const broken: Record<string, unknown> = { ...job, signature: null };
        if (random() < 0.5) delete broken[victim];
        else broken[victim] = junk();
        frames.push(stringifyJson(broken));
        break;
      }
      case 5:
        // A well-formed job with a forged signature: must be rejected, never submitted.
        frames.push(serializeFrame(FacilitatorToValidatorMessage, { ...job, signature: job.signature ? { ...job.signature, signature: Buffer.from(text(16)).toString('base64') } : null }));
        break;
      case 6:
        frames.push(stringifyJson({ message_type: 'HordeJobCancelRequest', job_uuid: random() < 0.5 ? randomUUID() : junk(), reason: junk() }));
        break;
      case 7:
        frames.push(stringifyJson(random() < 0.5 ? { status: pick(['success', 'error', 'maybe']), errors: junk() } : { errors: [] }));
        break;
      case 8:
        frames.push(`${'['.repeat(5_000)}${']'.repeat(5_000)}`);
        break;
      case 9:
        frames.push(stringifyJson({ message_type: 'V0JobCheated', job_uuid: randomUUID(), trusted_job_uuid: randomUUID(), details: junk(), signature: random() < 0.5 ? junk() : job.signature ? { ...job.signature, timestamp_ns: 1 } : null }));
        break;
      case 10:
        frames.push(stringifyJson({ ...job, signature: null, docker_image: 'x'.repeat(1_000_000), env: { [text(4)]: text(4) } }));
        break;
      default:
        frames.push(random() < 0.5 ? 'PING' : `{"message_type":"V2JobRequest",${text(20)}`);
    }
  }
  return frames;
}
