import { hotkeyErrors } from './errors';
import { pydanticDatetime } from './pydantic-datetime';
import type { PythonJsonValue } from './python-json';

/** The three receipt types (the reference's `ReceiptType` values, also the `receipt_type` literal). */
export const RECEIPT_TYPES = ['JobStartedReceipt', 'JobAcceptedReceipt', 'JobFinishedReceipt'] as const;
export type ReceiptType = (typeof RECEIPT_TYPES)[number];

/**
 * A receipt payload as it travels on the wire (datetimes as ISO strings). Deliberately loose: the
 * zod schemas live in @horde/protocol; this package only needs enough shape to build the blob.
 */
export type ReceiptPayloadInput = { readonly receipt_type?: string } & { readonly [field: string]: unknown };

type FieldKind = 'str' | 'datetime' | 'int' | 'bool' | 'int[]';

const BASE_FIELDS = {
  job_uuid: 'str',
  miner_hotkey: 'str',
  validator_hotkey: 'str',
  timestamp: 'datetime',
} as const satisfies Record<string, FieldKind>;

/** Fields of each pydantic payload model (`compute_horde/receipts/schemas.py`), `receipt_type` aside. */
/** Fields the reference models give a default; a payload that omits them dumps the default. */
const DEFAULTS: Readonly<Record<string, PythonJsonValue>> = {
  // Added to JobFinishedReceiptPayload after the first receipts existed, with an empty default.
  block_numbers: [],
};

const MODEL_FIELDS: Readonly<Record<ReceiptType, Readonly<Record<string, FieldKind>>>> = {
  JobStartedReceipt: { ...BASE_FIELDS, executor_class: 'str', is_organic: 'bool', ttl: 'int' },
  JobAcceptedReceipt: { ...BASE_FIELDS, time_accepted: 'datetime', ttl: 'int' },
  JobFinishedReceipt: { ...BASE_FIELDS, time_started: 'datetime', time_took_us: 'int', score_str: 'str', block_numbers: 'int[]' },
};

/**
 * The dict pydantic's `model_dump(mode="json")` yields for this payload: only the model's fields
 * (unknown ones are dropped, as pydantic's default `extra="ignore"` does), datetimes re-emitted by
 * `pydanticDatetime`, and `receipt_type` filled in when absent (the reference models default it).
 *
 * `type` is the model the payload is validated as; it defaults to the payload's own `receipt_type`
 * (the discriminated union in a `Receipt`). Pass it where the reference uses one model directly
 * (e.g. `job_started_receipt_payload` in `V0InitialJobRequest`), so that a missing `receipt_type`
 * still yields the right blob. Values are checked strictly (no lax coercion of `"5"` to 5); a value
 * pydantic would refuse, or coerce, throws `RECEIPT_PAYLOAD_INVALID`. Integers are safe-integer
 * numbers or bigints (a larger number has already lost digits); datetimes are strings as on the wire
 * (see `pydanticDatetime`; unix-timestamp numbers are refused) or Dates.
 */
export function receiptPayloadDump(payload: ReceiptPayloadInput, type?: ReceiptType): Record<string, PythonJsonValue> {
  const receiptType = resolveType(payload, type);
  const out: Record<string, PythonJsonValue> = { receipt_type: receiptType };
  for (const [field, kind] of Object.entries(MODEL_FIELDS[receiptType])) {
    if (!Object.hasOwn(payload, field) || payload[field] === undefined) {
      const fallback = DEFAULTS[field];
      if (fallback === undefined) throw invalid(`${receiptType}.${field} is missing`);
      out[field] = fallback;
      continue;
    }
    out[field] = dumpField(`${receiptType}.${field}`, kind, payload[field]);
  }
  return out;
}

function resolveType(payload: ReceiptPayloadInput, type: ReceiptType | undefined): ReceiptType {
  const declared = payload.receipt_type;
  if (declared !== undefined && !(RECEIPT_TYPES as readonly unknown[]).includes(declared)) {
    throw invalid(`unknown receipt_type ${JSON.stringify(declared)}`);
  }
  if (type !== undefined && declared !== undefined && declared !== type) {
    throw invalid(`receipt_type is ${declared}, expected ${type}`);
  }
  const resolved = type ?? (declared as ReceiptType | undefined);
  if (resolved === undefined) throw invalid('receipt_type is missing');
  return resolved;
}

function dumpField(name: string, kind: FieldKind, value: unknown): PythonJsonValue {
  switch (kind) {
    case 'str':
      if (typeof value === 'string') return value;
      break;
    case 'bool':
      if (typeof value === 'boolean') return value;
      break;
    case 'int':
      if (isInt(value)) return value;
      break;
    case 'int[]':
      if (Array.isArray(value) && value.every(isInt)) return value as (number | bigint)[];
      break;
    case 'datetime':
      if (typeof value === 'string' || value instanceof Date) {
        try {
          return pydanticDatetime(value);
        } catch (cause) {
          throw hotkeyErrors.error('RECEIPT_PAYLOAD_INVALID', `${name} is not a valid datetime`, { cause });
        }
      }
      break;
  }
  throw invalid(`${name} must be ${kind}`);
}

function isInt(value: unknown): value is number | bigint {
  return typeof value === 'bigint' || Number.isSafeInteger(value);
}

function invalid(detail: string) {
  return hotkeyErrors.error('RECEIPT_PAYLOAD_INVALID', detail);
}
