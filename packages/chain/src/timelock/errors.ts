/**
 * Errors of timelock encryption (commit-reveal v4): bad inputs, a commit over the chain's size
 * bound, ciphertexts a signature does not open, plaintexts that are not a weights payload, and a
 * WASM module that failed to load or trapped.
 */
import { defineErrors } from '@horde/protocol';

const POLICY_VIOLATION = 1008;
const INTERNAL_ERROR = 1011;

export const timelockErrors = defineErrors('timelock', {
  TIMELOCK_INPUT_INVALID: { message: 'Timelock input is invalid (round, key, signature or weights)', http: 400, wsClose: POLICY_VIOLATION, retryable: false },
  TIMELOCK_COMMIT_TOO_LARGE: { message: 'Timelocked commit exceeds the chain bound', http: 413, wsClose: POLICY_VIOLATION, retryable: false },
  TIMELOCK_DECRYPT_FAILED: { message: 'Ciphertext does not decrypt with this signature', http: 422, wsClose: POLICY_VIOLATION, retryable: false },
  TIMELOCK_PAYLOAD_MALFORMED: { message: 'Decrypted bytes are not a weights payload', http: 422, wsClose: POLICY_VIOLATION, retryable: false },
  TIMELOCK_WASM_FAULT: { message: 'Timelock WASM module failed to load or trapped', http: 500, wsClose: INTERNAL_ERROR, retryable: false },
});

export type TimelockErrorCode = (typeof timelockErrors.codes)[number];
