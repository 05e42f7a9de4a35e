"""Reference vectors for @horde/hotkey, computed with real pydantic v2 and Python's json module.

Run from the repo root:
    python3 packages/hotkey/scripts/vectors.py > packages/hotkey/src/fixtures/python-vectors.json

The receipt models restate compute_horde/receipts/schemas.py (ComputeHorde) field for field; the
blob is what BaseReceiptPayload.blob_for_signing returns. Each receipt input is kept as the JSON
text a peer would send, parsed here with model_validate_json as the reference parses frames.
A test checks that the committed fixture is exactly what this script prints.
"""

import datetime
import enum
import json
import sys
from typing import Annotated, Literal

import pydantic
from pydantic import BaseModel, Field, TypeAdapter


class ReceiptType(enum.StrEnum):
    JobStartedReceipt = "JobStartedReceipt"
    JobAcceptedReceipt = "JobAcceptedReceipt"
    JobFinishedReceipt = "JobFinishedReceipt"


class ExecutorClass(enum.StrEnum):
    spin_up_4min__gpu_24gb = "spin_up-4min.gpu-24gb"
    always_on__gpu_24gb = "always_on.gpu-24gb"
    always_on__llm__a6000 = "always_on.llm.a6000"


class BaseReceiptPayload(BaseModel):
    job_uuid: str
    miner_hotkey: str
    validator_hotkey: str
    timestamp: datetime.datetime

    def blob_for_signing(self) -> str:
        return json.dumps(self.model_dump(mode="json"), sort_keys=True)


class JobStartedReceiptPayload(BaseReceiptPayload):
    receipt_type: Literal[ReceiptType.JobStartedReceipt] = ReceiptType.JobStartedReceipt
    executor_class: ExecutorClass
    is_organic: bool
    ttl: int


class JobAcceptedReceiptPayload(BaseReceiptPayload):
    receipt_type: Literal[ReceiptType.JobAcceptedReceipt] = ReceiptType.JobAcceptedReceipt
    time_accepted: datetime.datetime
    ttl: int


class JobFinishedReceiptPayload(BaseReceiptPayload):
    receipt_type: Literal[ReceiptType.JobFinishedReceipt] = ReceiptType.JobFinishedReceipt
    time_started: datetime.datetime
    time_took_us: int
    score_str: str
    # Reference HEAD: allowance blocks that paid for the job; older peers omit it (empty default).
    block_numbers: list[int] = Field(default_factory=list)


ReceiptPayload = Annotated[
    JobStartedReceiptPayload | JobAcceptedReceiptPayload | JobFinishedReceiptPayload,
    Field(discriminator="receipt_type"),
]
UNION = TypeAdapter(ReceiptPayload)
MODELS = {
    "JobStartedReceipt": JobStartedReceiptPayload,
    "JobAcceptedReceipt": JobAcceptedReceiptPayload,
    "JobFinishedReceipt": JobFinishedReceiptPayload,
}

ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"
JOB = "7b5f6b5e-1f0e-4c55-9a3e-2d8c2b4f9a10"
MAX_SAFE = 2**53 - 1


def started(**fields):
    base = {"job_uuid": JOB, "miner_hotkey": BOB, "validator_hotkey": ALICE,
            "timestamp": "2025-03-04T05:06:07.123456+00:00", "receipt_type": "JobStartedReceipt",
            "executor_class": "spin_up-4min.gpu-24gb", "is_organic": True, "ttl": 30}
    return {**base, **fields}


def accepted(**fields):
    base = {"job_uuid": JOB, "miner_hotkey": BOB, "validator_hotkey": ALICE,
            "timestamp": "2025-03-04T05:06:08Z", "receipt_type": "JobAcceptedReceipt",
            "time_accepted": "2025-03-04T05:06:08.5Z", "ttl": 300}
    return {**base, **fields}


def finished(**fields):
    base = {"job_uuid": JOB, "miner_hotkey": BOB, "validator_hotkey": ALICE,
            "timestamp": "2025-03-04T05:16:07.000001Z", "receipt_type": "JobFinishedReceipt",
            "time_started": "2025-03-04T05:06:09.250+00:00", "time_took_us": 598_750_000,
            "score_str": "12.500000", "block_numbers": [5_000_000, 5_000_001]}
    return {**base, **fields}


def without(payload, field):
    return {k: v for k, v in payload.items() if k != field}


# (name, model used to validate or None for the discriminated union, payload as sent)
RECEIPTS = [
    ("started, microseconds, +00:00", None, started()),
    ("started, milliseconds, Z, not organic", None, started(timestamp="2025-03-04T05:06:07.123Z", is_organic=False)),
    ("started, no fraction, +02:00", None, started(timestamp="2025-03-04T05:06:07+02:00", executor_class="always_on.llm.a6000")),
    ("started, naive datetime", None, started(timestamp="2025-03-04T05:06:07.5")),
    ("started, receipt_type omitted (model used directly)", "JobStartedReceipt", without(started(), "receipt_type")),
    ("started, unknown extra field dropped", None, started(extra_field={"x": 1}, comment="dropped")),
    ("started, non-ASCII and escapes in strings", None, started(
        job_uuid="é 日本 \U0001F600 \u0001\u001f\u007f \"quoted\" back\\slash \n\r\t\b\f \u2028 \ufeff end")),
    ("started, large ttl", None, started(ttl=MAX_SAFE, timestamp="2025-03-04 05:06:07,987654z")),
    ("accepted, ms fraction Z", None, accepted()),
    ("accepted, -00:00 and lowercase separators", None, accepted(timestamp="2025-03-04t05:06:08-00:00", time_accepted="2025-03-04T05:06:08.000000+0000")),
    ("accepted, offset -05:30, date only", None, accepted(timestamp="2025-03-04", time_accepted="2025-03-04T05:06-05:30")),
    ("accepted, seven fraction digits truncated", None, accepted(time_accepted="2025-03-04T05:06:08.9999999+14:00")),
    ("finished, microseconds and block numbers", None, finished()),
    ("finished, zero score, no blocks, U+2212 offset", None, finished(score_str="0.000000", block_numbers=[], time_started="2025-03-04T05:06:09.000100\u221201:00")),
    ("finished, block_numbers omitted by an older peer", None, without(finished(), "block_numbers")),
    ("finished, large ints", None, finished(time_took_us=MAX_SAFE, block_numbers=[0, 2**32 - 1, MAX_SAFE])),
    ("finished, non-ASCII hotkeys", None, finished(miner_hotkey="minér-\U0001F680", validator_hotkey="検証者", score_str="１.５")),
]

DATETIMES = [
    "2025-03-04T05:06:07.123456Z", "2025-03-04T05:06:07.123Z", "2025-03-04T05:06:07Z",
    "2025-03-04T05:06:07+00:00", "2025-03-04T05:06:07-00:00", "2025-03-04T05:06:07+0000",
    "2025-03-04T05:06:07+02:00", "2025-03-04T05:06:07-02:30", "2025-03-04T05:06:07+0530",
    "2025-03-04T05:06:07\u221202:00", "2025-03-04T05:06:07+23:59", "2025-03-04T05:06:07-23:59",
    "2025-03-04T05:06:07", "2025-03-04T05:06:07.1", "2025-03-04T05:06:07.000001",
    "2025-03-04T05:06:07.000000Z", "2025-03-04T05:06:07.000Z", "2025-03-04T05:06:07.100000Z",
    "2025-03-04T05:06:07.1234567Z", "2025-03-04T05:06:07.9999999Z",
    "2025-03-04T05:06:07.12345678901234567890Z", "2025-03-04T05:06:07,5Z",
    "2025-03-04 05:06:07Z", "2025-03-04t05:06:07z", "2025-03-04_05:06:07Z", "2025-03-04T05:06Z",
    "2025-03-04T05:06", "2025-03-04T05:06+01:00", "2025-03-04", "2024-02-29", "2000-02-29T00:00:00Z",
    "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z", "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-01:00", "1970-01-01T00:00:00Z",
    # refused by pydantic
    "", "2025-03", "2025-03-04T", "2025-03-04 ", "2025-03-04Z", "2025-03-04X05:06:07",
    "2025/03/04T05:06:07Z", "2025-3-4T05:06:07Z", "25-03-04T05:06:07Z", "12025-03-04T05:06:07Z",
    "0000-01-01T00:00:00Z", "2025-13-01T00:00:00Z", "2025-00-01T00:00:00Z", "2025-01-00T00:00:00Z",
    "2025-01-32T00:00:00Z", "2025-04-31T00:00:00Z", "2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
    "2025-03-04T24:00:00Z", "2025-03-04T23:60:00Z", "2025-03-04T23:59:60Z", "2025-03-04T5:06:07Z",
    "2025-03-04T05:6:07Z", "2025-03-04T05:06:7Z", "2025-03-04T05Z", "2025-03-04T05:06:",
    "2025-03-04T05:06.5Z", "2025-03-04T05:06:07.Z", "2025-03-04T05:06:07,", "2025-03-04T05:06:07.ab",
    "2025-03-04T05:06:07+02", "2025-03-04T05:06:07+2:00", "2025-03-04T05:06:07+02:0",
    "2025-03-04T05:06:07+24:00", "2025-03-04T05:06:07+00:60", "2025-03-04T05:06:07+02:00:00",
    "2025-03-04T05:06:07+02:00Z", "2025-03-04T05:06:07Zz", "2025-03-04T05:06:07UTC",
    "2025-03-04T05:06:07 ", " 2025-03-04T05:06:07", "2025-03-04T05:06:07\u0000",
    "２０２５-03-04T05:06:07Z", "2025-03-04T05:06:07\u0660Z", "20250304T050607Z",
]

# pydantic reads digit strings as unix timestamps; @horde/hotkey refuses them on purpose.
UNIX_TIMESTAMP_STRINGS = ["2025", "1700000000", "1700000000.5", "-1", "0", "1700000000000", ".5"]

AUTH = [
    (ALICE, BOB, 1741064767),
    ("5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV", ALICE, 0),
]

STREAMING = [
    (JOB, "203.0.113.7", 6006, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"),
    (JOB, None, 443, "pem"),
]

JSON_VALUES = [
    '{"b": 1, "a": [true, false, null], "c": {"z": "x", "y": []}}',
    '{"\\ue000": 1, "\\ud83d\\ude00": 2, "\\uffff": 3, "a": 4, "": 5, "A": 6, "\\u00e9": 7}',
    '["\\u0000\\u001f\\u007f\\u0080\\u2028", "\\"\\\\/", "\\ud800", "\\udfff", "x\\ud83dy"]',
    '[0.1, -0.0001, 1e-05, 1.5e-07, 123.456, 5e-324, 2.2250738585072014e-308, 0.30000000000000004, 4503599627370495.5]',
    '[0, -1, 9007199254740991, -9007199254740991, 1e21, 1.0, -0.0]',
    '{"nested": {"deeper": {"deepest": [{}, [], [[]], ""]}}}',
    '{"1": "a", "10": "b", "2": "c", "b": "d", "a": "e"}',
]


def js_reorders_keys(value):
    """JavaScript objects list array-index keys ("0", "1", ...) first, in numeric order."""
    if isinstance(value, list):
        return any(js_reorders_keys(v) for v in value)
    if isinstance(value, dict):
        return any(k.isdigit() and str(int(k)) == k for k in value) or any(js_reorders_keys(v) for v in value.values())
    return False


def datetime_output(text):
    class M(BaseModel):
        t: datetime.datetime
    try:
        return M(t=text).model_dump(mode="json")["t"]
    except pydantic.ValidationError:
        return None


def integral_floats_as_ints(text):
    """JSON numbers the way JavaScript sees them: an integral float is indistinguishable from an int."""
    value = float(text)
    return int(value) if value.is_integer() else value


def json_vector(text):
    value = json.loads(text, parse_float=integral_floats_as_ints)
    return {
        "json": text,
        "dumps": json.dumps(value),
        "sorted": json.dumps(value, sort_keys=True),
        "jsReordersKeys": js_reorders_keys(value),
    }


def main():
    receipts = []
    for name, model, payload in RECEIPTS:
        wire = json.dumps(payload, ensure_ascii=False)
        parsed = MODELS[model].model_validate_json(wire) if model else UNION.validate_json(wire)
        receipts.append({"name": name, "type": model, "wire": wire, "blob": parsed.blob_for_signing()})
    out = {
        "generator": "packages/hotkey/scripts/vectors.py",
        "pydantic": pydantic.VERSION,
        "receipts": receipts,
        "datetimes": [{"input": d, "output": datetime_output(d)} for d in DATETIMES],
        "unixTimestampStrings": [{"input": d, "output": datetime_output(d)} for d in UNIX_TIMESTAMP_STRINGS],
        "validatorAuth": [
            {"validator_hotkey": v, "miner_hotkey": m, "timestamp": t, "blob": f"{v}:{m}:{t}"} for v, m, t in AUTH
        ],
        "streamingReady": [
            {"job_uuid": j, "ip": ip, "port": p, "public_key": k, "blob": f"{j}:{ip}:{p}:{k}"} for j, ip, p, k in STREAMING
        ],
        "json": [json_vector(text) for text in JSON_VALUES],
    }
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
