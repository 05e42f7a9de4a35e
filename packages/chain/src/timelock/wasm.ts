/**
 * The `tle` crate (ideal-lab5/timelock, the one subtensor decrypts with) as WASM, from
 * @ideallabs/timelock_wasm_wrapper. The module is compiled synchronously from the package's own
 * .wasm file on first use, so callers stay synchronous and nothing is fetched. Its loose `any`
 * signatures are narrowed here; its errors come back as plain `Error`s and are typed by the caller.
 * A trap (a Rust panic) may leave the instance's memory inconsistent, so after one every call
 * fails with TIMELOCK_WASM_FAULT instead of computing on a broken instance.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initSync, tld, tle } from '@ideallabs/timelock_wasm_wrapper';
import { timelockErrors } from './errors';

/** The wrapper's name for BLS12-381 with signatures in G1 (drand quicknet's "TinyBLS381"). */
const CURVE = 'bls12_381';

/** WebAssembly's trap class (the repo's `lib` setting types WebAssembly as a namespace only). */
const { RuntimeError: WasmTrap } = (globalThis as unknown as { WebAssembly: { RuntimeError: new () => Error } }).WebAssembly;

let state: 'unloaded' | 'ready' | 'poisoned' = 'unloaded';

function load(): void {
  if (state === 'ready') return;
  if (state === 'poisoned') throw timelockErrors.error('TIMELOCK_WASM_FAULT', 'an earlier call trapped');
  try {
    const wasmPath = createRequire(import.meta.url).resolve('@ideallabs/timelock_wasm_wrapper/timelock_wasm_wrapper_bg.wasm');
    initSync({ module: readFileSync(wasmPath) });
    state = 'ready';
  } catch (cause) {
    throw timelockErrors.error('TIMELOCK_WASM_FAULT', 'cannot load the timelock WASM', { cause });
  }
}

/** Runs one wrapper call; a trap poisons the instance, any other throw is the crate's own error. */
function call(run: () => unknown): Uint8Array | Error {
  load();
  let out: unknown;
  try {
    out = run();
  } catch (err) {
    if (err instanceof WasmTrap) {
      state = 'poisoned';
      throw timelockErrors.error('TIMELOCK_WASM_FAULT', 'the timelock WASM trapped', { cause: err });
    }
    return err instanceof Error ? err : new Error(String(err));
  }
  if (!Array.isArray(out) && !(out instanceof Uint8Array)) throw timelockErrors.error('TIMELOCK_WASM_FAULT', 'the timelock WASM returned no bytes');
  return Uint8Array.from(out as ArrayLike<number>);
}

/** `tle`: IBE-encrypts `secret` for `identity` under `publicKey` (96-byte G2) and AES-GCMs `message` with it. */
export function wasmEncrypt(identity: Uint8Array, message: Uint8Array, secret: Uint8Array, publicKey: Uint8Array): Uint8Array | Error {
  return call(() => tle(identity, message, secret, publicKey, CURVE));
}

/** `tld`: opens a serialized TLECiphertext with a 48-byte G1 signature over its identity. */
export function wasmDecrypt(ciphertext: Uint8Array, signature: Uint8Array): Uint8Array | Error {
  return call(() => tld(ciphertext, signature, CURVE));
}
