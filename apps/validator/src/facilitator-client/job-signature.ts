/**
 * Reference §4.4 item 1: a job from the facilitator runs only when its end-user signature covers
 * the request (`SignedFields`, §6.3 item 5) and the signer is this validator or allowed by policy.
 */
import { v2JobSignedPayload, verifyRequestSignature } from '@horde/hotkey';
import type { V2JobRequest } from '@horde/protocol';
import type { SignerPolicy } from './ports';

export type SignatureCheck = { readonly ok: true; readonly signatory: string } | { readonly ok: false; readonly message: string };

export async function checkJobSignature(request: V2JobRequest, ownHotkey: string, policy: SignerPolicy): Promise<SignatureCheck> {
  const signature = request.signature;
  if (!signature) return { ok: false, message: 'the job request is not signed' };
  let valid: boolean;
  try {
    valid = verifyRequestSignature(signature, v2JobSignedPayload(request));
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, message: 'the signature does not match the job request' };
  const signatory = signature.signatory;
  if (signatory !== ownHotkey && !(await policy.isAllowed(signatory))) {
    return { ok: false, message: `signer ${signatory} is not allowed to submit jobs to this validator` };
  }
  return { ok: true, signatory };
}
