#!/usr/bin/env bash
# Builds the devchain image: deploy/devchain/build.sh [tag]
#   tag         default horde/devchain:latest
#   BASE_IMAGE  any image with `node` (20+) on its PATH; default node:22-bookworm-slim
# Its files are prepared on this host (scripts/deploy/local-horde-bundle.ts) into a temporary build
# context that holds only them and the Dockerfile, so `docker build` needs no network.
set -euo pipefail

tag=${1:-horde/devchain:latest}
base_image=${BASE_IMAGE:-node:22-bookworm-slim}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
(cd "$root" && node --import tsx scripts/deploy/local-horde-bundle.ts "$context/app")
cp "$here/Dockerfile" "$context/Dockerfile"
docker build --quiet --build-arg "BASE_IMAGE=$base_image" --tag "$tag" "$context" >/dev/null
echo "devchain: built $tag from $base_image"
