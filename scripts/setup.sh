#!/usr/bin/env bash
# Prepares a Debian/Ubuntu machine for Horde: system packages (Docker engine, busybox for the
# locally built job image, iproute2, chromium for the dashboard test, docker-compose and
# openssh-server for the deploy tests; PostgreSQL and Redis are expected to be there), pnpm at the version package.json pins, the dependencies, and a
# running dockerd. Idempotent; used by .ci/run and scripts/demo.sh. Needs root (or sudo) for apt.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

missing=()
for pkg in docker.io busybox-static iproute2 chromium docker-compose openssh-server; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PNPM_VERSION=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  log "pnpm $PNPM_VERSION"
  $SUDO npm install -g "pnpm@$PNPM_VERSION" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  log "starting dockerd"
  ($SUDO setsid dockerd >/tmp/horde-dockerd.log 2>&1 &)
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
fi
docker info --format 'docker {{.ServerVersion}} ({{.Driver}})'

log "dependencies"
pnpm install --frozen-lockfile
