#!/usr/bin/env bash
# The main job on a fresh machine: install what Horde needs, then start a whole local horde
# (facilitator, validator, miner, executor, S3) and run a hello-world job through it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec pnpm demo
