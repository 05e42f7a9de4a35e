#!/usr/bin/env bash
# Builds the image of one role: deploy/build.sh <miner|validator|facilitator> [tag]
#   tag         default horde/<role>:latest
#   BASE_IMAGE  any image with `node` (20+) on its PATH and a shell for one RUN line; default
#               node:22-bookworm-slim (tests pass a locally imported node image: no registry needed)
# The app's files are prepared on this host (scripts/deploy/bundle.ts: an esbuild bundle, its
# migrations and the few packages that load files of their own) into a temporary build context that
# holds only them, the Dockerfile and the health check, so `docker build` needs no network and no
# source, wallet or .env can reach the image.
set -euo pipefail

usage() { echo "usage: deploy/build.sh <miner|validator|facilitator> [tag]" >&2; exit 2; }
role=${1:-}
case "$role" in miner | validator | facilitator) ;; *) usage ;; esac
tag=${2:-horde/$role:latest}
base_image=${BASE_IMAGE:-node:22-bookworm-slim}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
(cd "$root" && node --import tsx scripts/deploy/bundle.ts "$role" "$context/app")
cp "$here/healthcheck.mjs" "$context/app/healthcheck.mjs"
cp "$here/$role/Dockerfile" "$context/Dockerfile"
docker build --quiet --build-arg "BASE_IMAGE=$base_image" --tag "$tag" "$context" >/dev/null
echo "$role: built $tag from $base_image"
