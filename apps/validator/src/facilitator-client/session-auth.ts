/**
 * The first exchange of a facilitator connection (reference §5.2): we send V0AuthenticationRequest
 * (our public key as hex without `0x`, and `0x`-hex sr25519 over its raw bytes), the facilitator
 * answers `Response`. A refusal (bad signature, unknown validator) comes as an error Response and/or
 * a close with 3000/3001.
 */
import { facilitatorAuthBlob, sign } from '@horde/hotkey';
import type { Hotkey } from '@horde/hotkey';
import type { HordeError, Response, ValidatorToFacilitatorMessage } from '@horde/protocol';
import { ReferenceFacilitatorCloseCode } from '@horde/service';
import { facilitatorClientErrors } from './errors';
import type { FacilitatorClientErrorCode } from './errors';
import type { FacilitatorSocket } from './facilitator-socket';

/** Error types of a Response that mean "this validator is refused", not a passing fault. */
const REFUSAL_TYPES: ReadonlySet<string> = new Set(['auth.signature_invalid', 'auth.validator_not_found']);
const REFUSAL_CLOSE_CODES: ReadonlySet<number> = new Set(Object.values(ReferenceFacilitatorCloseCode));

export type AuthResult = { readonly ok: true } | { readonly ok: false; readonly error: HordeError<FacilitatorClientErrorCode> };

export function authenticationRequest(hotkey: Hotkey): ValidatorToFacilitatorMessage {
  const publicKeyHex = Buffer.from(hotkey.publicKey).toString('hex');
  return { message_type: 'V0AuthenticationRequest', public_key: publicKeyHex, signature: sign(hotkey, facilitatorAuthBlob(publicKeyHex)) };
}

/**
 * Sends our authentication and waits for the facilitator's verdict: `answer` (the first Response
 * on the connection), the socket's close, or `timeoutMs`, whichever comes first.
 */
export async function authenticate(
  conn: FacilitatorSocket,
  hotkey: Hotkey,
  answer: Promise<Pick<Response, 'status' | 'errors'>>,
  timeoutMs: number,
): Promise<AuthResult> {
  try {
    conn.send(authenticationRequest(hotkey));
  } catch (cause) {
    return { ok: false, error: facilitatorClientErrors.error('CONNECTION_LOST', 'before authentication was sent', { cause }) };
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<AuthResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: facilitatorClientErrors.error('AUTH_TIMEOUT', `no answer in ${timeoutMs} ms`) }), timeoutMs);
  });
  const answered = answer.then((response): AuthResult => {
    if (response.status === 'success') return { ok: true };
    const types = response.errors.map((error) => error.type);
    const code = types.some((type) => REFUSAL_TYPES.has(type)) ? 'AUTH_REFUSED' : 'AUTH_REJECTED';
    return { ok: false, error: facilitatorClientErrors.error(code, types.join(', ') || undefined, { context: { errors: types } }) };
  });
  const closed = conn.closed.then(({ code, reason }): AuthResult => {
    const errorCode = REFUSAL_CLOSE_CODES.has(code) ? 'AUTH_REFUSED' : 'CONNECTION_LOST';
    return { ok: false, error: facilitatorClientErrors.error(errorCode, `closed with ${code} before authentication was answered`, { context: { code, reason } }) };
  });
  try {
    return await Promise.race([answered, closed, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
