"""Reference vectors for the SDK request signature (reference: compute_horde_core/signature.py).

Run from the repo root:
    python3 packages/hotkey/scripts/request_vectors.py > packages/hotkey/src/fixtures/request-vectors.json

The models restate, field for field, compute_horde_core's SignedFields, StreamingDetails, volume and
output-upload models and the signed-fields part of fv_protocol's V2JobRequest (ComputeHorde). For
each case the script prints the SignedFields JSON (`model_dump_json`), the bytes that are hashed
(`json.dumps(that string, sort_keys=True)`) and the blake2b-512 digest of
`timestamp_ns (8 bytes, big-endian) || those bytes`.
"""

import enum
import hashlib
import json
import sys
from collections.abc import Mapping
from typing import Annotated, Literal

import pydantic
from pydantic import BaseModel, Field, JsonValue


class StreamingDetails(BaseModel):
    public_key: str
    executor_ip: str | None = None


class SignedFields(BaseModel):
    executor_class: str
    docker_image: str
    args: list[str]
    env: dict[str, str]
    use_gpu: bool
    artifacts_dir: str
    on_trusted_miner: bool
    download_time_limit: int
    execution_time_limit: int
    upload_time_limit: int
    streaming_start_time_limit: int
    streaming_details: StreamingDetails | None = None

    volumes: list[JsonValue]
    uploads: list[JsonValue]

    @staticmethod
    def from_facilitator_sdk_json(data):
        return SignedFields(
            executor_class=str(data.get("executor_class")),
            docker_image=str(data.get("docker_image", "")),
            args=data.get("args", []),
            env=data.get("env", {}),
            use_gpu=data.get("use_gpu", False),
            volumes=data.get("volumes", []),
            uploads=data.get("uploads", []),
            artifacts_dir=data.get("artifacts_dir") or "",
            on_trusted_miner=data.get("on_trusted_miner", False),
            download_time_limit=data.get("download_time_limit", 0),
            execution_time_limit=data.get("execution_time_limit", 0),
            upload_time_limit=data.get("upload_time_limit", 0),
            streaming_start_time_limit=data.get("streaming_start_time_limit", 0),
            streaming_details=StreamingDetails.model_validate(data["streaming_details"])
            if "streaming_details" in data
            else None,
        )


class VolumeType(str, enum.Enum):
    inline = "inline"
    zip_url = "zip_url"
    single_file = "single_file"
    multi_volume = "multi_volume"
    huggingface_volume = "huggingface_volume"


class HuggingfaceVolume(BaseModel):
    volume_type: Literal[VolumeType.huggingface_volume] = VolumeType.huggingface_volume
    repo_id: str
    repo_type: str | None = None
    revision: str | None = None
    relative_path: str | None = None
    allow_patterns: str | list[str] | None = None
    token: str | None = None


class InlineVolume(BaseModel):
    volume_type: Literal[VolumeType.inline] = VolumeType.inline
    contents: str
    relative_path: str | None = None


class ZipUrlVolume(BaseModel):
    volume_type: Literal[VolumeType.zip_url] = VolumeType.zip_url
    contents: str
    relative_path: str | None = None


class SingleFileVolume(BaseModel):
    volume_type: Literal[VolumeType.single_file] = VolumeType.single_file
    url: str
    relative_path: str


class MultiVolume(BaseModel):
    volume_type: Literal[VolumeType.multi_volume] = VolumeType.multi_volume
    volumes: list[
        Annotated[InlineVolume | ZipUrlVolume | SingleFileVolume | HuggingfaceVolume, Field(discriminator="volume_type")]
    ]


Volume = Annotated[
    InlineVolume | ZipUrlVolume | SingleFileVolume | MultiVolume | HuggingfaceVolume,
    Field(discriminator="volume_type"),
]


class OutputUploadType(str, enum.Enum):
    zip_and_http_post = "zip_and_http_post"
    zip_and_http_put = "zip_and_http_put"
    multi_upload = "multi_upload"
    single_file_post = "single_file_post"
    single_file_put = "single_file_put"


class ZipAndHttpPostUpload(BaseModel):
    output_upload_type: Literal[OutputUploadType.zip_and_http_post] = OutputUploadType.zip_and_http_post
    url: str
    form_fields: Mapping[str, str] | None = None


class ZipAndHttpPutUpload(BaseModel):
    output_upload_type: Literal[OutputUploadType.zip_and_http_put] = OutputUploadType.zip_and_http_put
    url: str


class SingleFilePostUpload(BaseModel):
    output_upload_type: Literal[OutputUploadType.single_file_post] = OutputUploadType.single_file_post
    url: str
    form_fields: Mapping[str, str] | None = None
    relative_path: str
    signed_headers: Mapping[str, str] | None = None


class SingleFilePutUpload(BaseModel):
    output_upload_type: Literal[OutputUploadType.single_file_put] = OutputUploadType.single_file_put
    url: str
    relative_path: str
    signed_headers: Mapping[str, str] | None = None


class MultiUpload(BaseModel):
    output_upload_type: Literal[OutputUploadType.multi_upload] = OutputUploadType.multi_upload
    uploads: list[Annotated[SingleFilePostUpload | SingleFilePutUpload, Field(discriminator="output_upload_type")]]
    system_output: ZipAndHttpPostUpload | ZipAndHttpPutUpload | None = None


OutputUpload = Annotated[
    SingleFilePostUpload | SingleFilePutUpload | ZipAndHttpPostUpload | ZipAndHttpPutUpload | MultiUpload,
    Field(discriminator="output_upload_type"),
]


class V2JobRequest(BaseModel):
    type: Literal["job.new"] = "job.new"
    message_type: Literal["V2JobRequest"] = "V2JobRequest"
    uuid: str
    executor_class: str
    docker_image: str
    args: list[str]
    env: dict[str, str]
    use_gpu: bool
    volume: Volume | None = None
    output_upload: OutputUpload | None = None
    artifacts_dir: str | None = None
    on_trusted_miner: bool = False
    download_time_limit: int
    execution_time_limit: int
    upload_time_limit: int
    streaming_start_time_limit: int
    streaming_details: StreamingDetails | None = None

    def get_signed_fields(self) -> SignedFields:
        def dump(items):
            return [x.model_dump() for x in items]

        volumes = (
            dump(self.volume.volumes if isinstance(self.volume, MultiVolume) else [self.volume]) if self.volume else []
        )
        uploads = (
            dump(self.output_upload.uploads if isinstance(self.output_upload, MultiUpload) else [self.output_upload])
            if self.output_upload
            else []
        )
        return SignedFields(
            executor_class=self.executor_class,
            docker_image=self.docker_image,
            args=self.args,
            env=self.env,
            use_gpu=self.use_gpu,
            artifacts_dir=self.artifacts_dir or "",
            on_trusted_miner=self.on_trusted_miner,
            volumes=volumes,
            uploads=uploads,
            download_time_limit=self.download_time_limit,
            execution_time_limit=self.execution_time_limit,
            upload_time_limit=self.upload_time_limit,
            streaming_start_time_limit=self.streaming_start_time_limit,
            streaming_details=self.streaming_details,
        )


def digest(timestamp_ns: int, payload) -> str:
    if not isinstance(payload, bytes):
        payload = json.dumps(payload, sort_keys=True).encode("utf-8")
    hasher = hashlib.blake2b()
    hasher.update(timestamp_ns.to_bytes(8, "big"))
    hasher.update(payload)
    return hasher.hexdigest()


LIMITS = {"download_time_limit": 60, "execution_time_limit": 300, "upload_time_limit": 90, "streaming_start_time_limit": 5}

V2_CASES = {
    "minimal": {
        "uuid": "7b2f0d8e-0000-4000-8000-000000000001",
        "executor_class": "always_on.llm.a6000",
        "docker_image": "alpine",
        "args": [],
        "env": {},
        "use_gpu": False,
        **LIMITS,
    },
    "multi volume, multi upload, artifacts, trusted": {
        "uuid": "7b2f0d8e-0000-4000-8000-000000000002",
        "executor_class": "always_on.gpu-24gb",
        "docker_image": "backenddevelopersltd/compute-horde-job-echo:v0-latest",
        "args": ["sh", "-c", "echo hi > /output/a.txt"],
        "env": {"B": "2", "A": "1"},
        "use_gpu": True,
        "artifacts_dir": "/artifacts",
        "on_trusted_miner": True,
        "volume": {
            "volume_type": "multi_volume",
            "volumes": [
                {"volume_type": "inline", "contents": "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==", "relative_path": "in"},
                {"volume_type": "single_file", "url": "https://example.com/x?a=1&b=2", "relative_path": "x.bin"},
                {"volume_type": "zip_url", "contents": "https://example.com/z.zip"},
                {"volume_type": "huggingface_volume", "repo_id": "org/model", "allow_patterns": ["*.json", "*.bin"]},
            ],
        },
        "output_upload": {
            "output_upload_type": "multi_upload",
            "uploads": [
                {"output_upload_type": "single_file_post", "url": "https://s3/up", "relative_path": "a.txt", "form_fields": {"key": "k", "policy": "p"}},
                {"output_upload_type": "single_file_put", "url": "https://s3/put", "relative_path": "b.txt", "signed_headers": {"x-amz-acl": "private"}},
            ],
            "system_output": {"output_upload_type": "zip_and_http_put", "url": "https://s3/sys"},
        },
        **LIMITS,
    },
    "single volume and single upload, non-ASCII env, streaming": {
        "uuid": "7b2f0d8e-0000-4000-8000-000000000003",
        "executor_class": "spin_up-4min.gpu-24gb",
        "docker_image": "ghcr.io/x/y@sha256:abc",
        "args": ["--name", "Zoë 日本 😀", "quote\" back\\slash\nnewline\ttab\u0001ctl/slash"],
        "env": {"GREETING": "héllo wörld", "EMOJI": "😀", "EMPTY": ""},
        "use_gpu": False,
        "artifacts_dir": None,
        "volume": {"volume_type": "huggingface_volume", "repo_id": "org/ds", "repo_type": "dataset", "revision": "main", "relative_path": "ds", "allow_patterns": "*.txt", "token": "hf_x"},
        "output_upload": {"output_upload_type": "zip_and_http_post", "url": "https://up/post", "form_fields": {"a": "b"}},
        "streaming_details": {"public_key": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"},
        "download_time_limit": 0,
        "execution_time_limit": 1,
        "upload_time_limit": 2,
        "streaming_start_time_limit": 3,
    },
}

BODY_CASES = {
    "sdk body with volumes and uploads": {
        "target_validator_hotkey": "5F3sa2TJAWMqDhXG6jhV4N8ko9SxwGy8TpaNS1repo5EYjQX",
        "executor_class": "always_on.llm.a6000",
        "docker_image": "alpine",
        "job_namespace": "SN123.0",
        "args": ["echo", "hi"],
        "env": {"K": "v"},
        "use_gpu": True,
        "artifacts_dir": "/artifacts",
        "on_trusted_miner": False,
        "download_time_limit": 10,
        "execution_time_limit": 20,
        "streaming_start_time_limit": 5,
        "upload_time_limit": 30,
        "volumes": [
            {"volume_type": "inline", "contents": "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==", "relative_path": "data"},
            {"volume_type": "single_file", "url": "https://example.com/f", "relative_path": "f"},
        ],
        "uploads": [
            {"output_upload_type": "single_file_put", "url": "https://s3/put", "relative_path": "out.txt", "signed_headers": None},
        ],
    },
    "body without optional fields": {
        "executor_class": "always_on.llm.a6000",
        "docker_image": "alpine",
        "use_gpu": False,
        "artifacts_dir": None,
        "download_time_limit": 1,
        "execution_time_limit": 2,
        "upload_time_limit": 3,
    },
    "body with streaming and non-ASCII": {
        "executor_class": "always_on.llm.a6000",
        "docker_image": "alpine",
        "args": ["ünïcode", "\u2028"],
        "env": {"X": "日本"},
        "use_gpu": False,
        "on_trusted_miner": True,
        "download_time_limit": 1,
        "execution_time_limit": 2,
        "upload_time_limit": 3,
        "streaming_start_time_limit": 4,
        "streaming_details": {"public_key": "PEM"},
    },
}

TIMESTAMPS = [0, 1, 1_700_000_000_123_456_789, 2**63 - 1]


def vector(name: str, kind: str, data: dict, fields: SignedFields, timestamp_ns: int) -> dict:
    signed = fields.model_dump_json()
    return {
        "name": name,
        "kind": kind,
        "input": json.dumps(data, ensure_ascii=False),
        "signed_fields": signed,
        "payload": json.dumps(signed, sort_keys=True),
        "timestamp_ns": str(timestamp_ns),
        "digest": digest(timestamp_ns, signed),
    }


def main() -> None:
    vectors = []
    for i, (name, data) in enumerate(V2_CASES.items()):
        fields = V2JobRequest.model_validate(data).get_signed_fields()
        vectors.append(vector(name, "v2", data, fields, TIMESTAMPS[i % len(TIMESTAMPS)]))
    for i, (name, data) in enumerate(BODY_CASES.items()):
        fields = SignedFields.from_facilitator_sdk_json(data)
        vectors.append(vector(name, "body", data, fields, TIMESTAMPS[(i + 1) % len(TIMESTAMPS)]))
    raw = [{"timestamp_ns": str(t), "payload_hex": b"\x00raw\xff".hex(), "digest": digest(t, b"\x00raw\xff")} for t in TIMESTAMPS]
    json.dump({"pydantic": pydantic.VERSION, "signed_fields": vectors, "raw": raw}, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
