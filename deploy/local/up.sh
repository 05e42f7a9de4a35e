#!/usr/bin/env bash
# Starts a whole local horde in containers (deploy/local/docker-compose.yml): deploy/local/up.sh
# It builds the images (deploy/build.sh for miner, validator and facilitator, deploy/devchain/build.sh,
# deploy/executor/build.sh), writes the test wallets and an .env (mode 600; its secrets are kept
# across runs), then runs `docker-compose up -d`. Settings, all optional:
#   HORDE_LOCAL_DIR         wallets and .env (default deploy/local/.state)
#   COMPOSE_PROJECT_NAME    default horde-local
#   BASE_IMAGE              base of the Horde images, any image with node 20+ (default node:22-bookworm-slim)
#   HORDE_IMAGE_PREFIX      the images are <prefix>/<role>:latest (default horde)
#   HORDE_SKIP_BUILD=1      use the images already built
#   HORDE_EXECUTOR_BUNDLE   an executor bundle already built, for the executor image (deploy/executor/build.sh)
#   HORDE_POSTGRES_IMAGE, HORDE_REDIS_IMAGE   default postgres:16-bookworm, redis:7-bookworm
#   HORDE_SUBNET            the compose network, a /24 (default 172.31.212.0/24); the miner is its .10
#   HORDE_FACILITATOR_PORT, HORDE_ADMIN_PORT, HORDE_MINER_PORT, HORDE_DEVCHAIN_PORT
#                           ports published on 127.0.0.1 (default 9000, 8100, 8000, 9944)
# Stop and remove everything: docker-compose -p <project> -f deploy/local/docker-compose.yml --env-file <dir>/.env down -v
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
state=${HORDE_LOCAL_DIR:-$here/.state}
project=${COMPOSE_PROJECT_NAME:-horde-local}
prefix=${HORDE_IMAGE_PREFIX:-horde}
subnet=${HORDE_SUBNET:-172.31.212.0/24}
[[ "$subnet" =~ ^([0-9]+\.[0-9]+\.[0-9]+)\.0/24$ ]] || { echo "up.sh: HORDE_SUBNET must be a /24 such as 172.31.212.0/24, not $subnet" >&2; exit 2; }
miner_ip=${BASH_REMATCH[1]}.10
command -v docker-compose >/dev/null || { echo "up.sh: docker-compose is not installed (apt-get install docker-compose)" >&2; exit 1; }

if [ "${HORDE_SKIP_BUILD:-}" != 1 ]; then
  export BASE_IMAGE=${BASE_IMAGE:-node:22-bookworm-slim}
  for role in miner validator facilitator; do bash "$root/deploy/build.sh" "$role" "$prefix/$role:latest"; done
  bash "$here/../devchain/build.sh" "$prefix/devchain:latest"
  bash "$root/deploy/executor/build.sh" "$BASE_IMAGE" "$prefix/executor:latest" >/dev/null
  echo "executor: built $prefix/executor:latest from $BASE_IMAGE"
fi

mkdir -p "$state"
state=$(cd "$state" && pwd)
hotkeys=$(cd "$root" && node --import tsx scripts/deploy/local-horde-wallets.ts "$state/wallets")
hotkey() { sed -n "s/^$1: //p" <<<"$hotkeys"; }
user_hotkey=$(hotkey user)
# The containers run as uid 1000 and must read the hotkeys.
if [ "$(id -u)" = 0 ]; then chown -R 1000:1000 "$state/wallets"; else echo "warning: not root: chown -R 1000:1000 $state/wallets so that the containers can read the hotkeys" >&2; fi

env_file=$state/.env
# A secret from the previous .env, else a new random one.
secret() { { [ -f "$env_file" ] && sed -n "s/^$1=//p" "$env_file"; } | grep . || head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
postgres_password=$(secret POSTGRES_PASSWORD)
facilitator_secret=$(secret FACILITATOR_SECRET)
admin_token=$(secret VALIDATOR_ADMIN_TOKEN)
umask 077
cat > "$env_file" <<ENV
POSTGRES_PASSWORD=$postgres_password
FACILITATOR_SECRET=$facilitator_secret
VALIDATOR_ADMIN_TOKEN=$admin_token
HORDE_WALLETS_DIR=$state/wallets
HORDE_VALIDATOR_HOTKEY=$(hotkey validator)
HORDE_USER_HOTKEY=$user_hotkey
HORDE_SUBNET=$subnet
HORDE_MINER_IP=$miner_ip
DOCKER_GID=$(stat -c %g /var/run/docker.sock)
HORDE_DEVCHAIN_IMAGE=$prefix/devchain:latest
HORDE_FACILITATOR_IMAGE=$prefix/facilitator:latest
HORDE_VALIDATOR_IMAGE=$prefix/validator:latest
HORDE_MINER_IMAGE=$prefix/miner:latest
HORDE_EXECUTOR_IMAGE=$prefix/executor:latest
HORDE_POSTGRES_IMAGE=${HORDE_POSTGRES_IMAGE:-postgres:16-bookworm}
HORDE_REDIS_IMAGE=${HORDE_REDIS_IMAGE:-redis:7-bookworm}
HORDE_FACILITATOR_PORT=${HORDE_FACILITATOR_PORT:-9000}
HORDE_ADMIN_PORT=${HORDE_ADMIN_PORT:-8100}
HORDE_MINER_PORT=${HORDE_MINER_PORT:-8000}
HORDE_DEVCHAIN_PORT=${HORDE_DEVCHAIN_PORT:-9944}
ENV

compose=(docker-compose --project-name "$project" --file "$here/docker-compose.yml" --env-file "$env_file")
"${compose[@]}" up -d
# The user's jobs come through the facilitator, and the validator runs only whitelisted submitters'.
for _ in $(seq 1 90); do
  if "${compose[@]}" exec -T validator horde-validator whitelist add "$user_hotkey" --note "local horde user" >/dev/null 2>&1; then
    whitelisted=yes
    break
  fi
  sleep 1 # the validator is still starting
done
[ "${whitelisted:-}" = yes ] || echo "warning: could not whitelist the user $user_hotkey on the validator (see: ${compose[*]} logs validator)" >&2
cat <<DONE
local horde '$project' starting (state in $state)
  validator admin API  http://127.0.0.1:${HORDE_ADMIN_PORT:-8100}  (bearer: VALIDATOR_ADMIN_TOKEN in $env_file)
  facilitator          http://127.0.0.1:${HORDE_FACILITATOR_PORT:-9000}  (user wallet: $state/wallets/user)
  devchain             ws://127.0.0.1:${HORDE_DEVCHAIN_PORT:-9944}
  status               ${compose[*]} ps
  stop and remove      ${compose[*]} down -v
DONE
