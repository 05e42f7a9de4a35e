#!/usr/bin/env bash
# Builds the executor image: deploy/executor/build.sh [base-image] [tag]
#   base-image  default node:22-bookworm-slim (any image with `node` on its PATH)
#   tag         default horde/executor:latest
# Bundles the executor first (pnpm --filter @horde/executor bundle), unless HORDE_EXECUTOR_BUNDLE
# names an already built bundle to put in the image instead.
set -euo pipefail

base_image=${1:-node:22-bookworm-slim}
tag=${2:-horde/executor:latest}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

bundle=${HORDE_EXECUTOR_BUNDLE:-}
if [ -z "$bundle" ]; then
  (cd "$root" && pnpm --filter @horde/executor bundle)
  bundle=$root/apps/executor/dist/executor.mjs
fi
if [ ! -f "$bundle" ]; then
  echo "build.sh: no executor bundle at $bundle" >&2
  exit 1
fi

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp "$here/Dockerfile" "$context/Dockerfile"
cp "$bundle" "$context/executor.mjs"
docker build --build-arg "BASE_IMAGE=$base_image" --tag "$tag" "$context"
