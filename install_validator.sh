#!/usr/bin/env bash
# Installs (or updates) a Horde validator on this Debian/Ubuntu host: Docker when missing, then in the
# install dir (default /opt/horde-validator) a copy of the hotkey, the compose file of
# deploy/validator and an .env (mode 600), and starts the stack. Idempotent: run it again to change a
# setting or upgrade; secrets already in .env (the admin token, the database password) are kept, and
# so are variables it does not manage. The admin token is generated when none is given and printed
# only with --show-token.
#
# From a laptop:  bash install_validator.sh --ssh root@host \
#                   --hotkey-file ~/.bittensor/wallets/validator/hotkeys/default [--push-images] [options]
#   copies the hotkey (and coldkeypub.txt) to the host's ~/.bittensor/wallets over ssh, then runs
#   itself there with the same options (the admin token goes through ssh's stdin).
# On the host:    sudo bash install_validator.sh [options]   (the wallet already there)
#
# The validator image must be on the host or in a registry it can pull from:
# deploy/build.sh validator on the laptop, then --push-images (docs/deploy.md).
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: install_validator.sh --ssh [USER@]HOST --hotkey-file FILE [options]   (from a laptop)
       install_validator.sh [options]                                       (on the host)
every option also reads the HORDE_* variable shown.
  --ssh [USER@]HOST      install on HOST over ssh from this machine (laptop mode)
  --hotkey-file FILE     with --ssh: the hotkey on this machine, <wallets>/<wallet>/hotkeys/<hotkey>; it
                         and the wallet's coldkeypub.txt are copied to the host's --wallet-dir
  --ssh-port N           with --ssh: ssh port (default: ssh's)
  --ssh-key FILE         with --ssh: ssh identity file (default: ssh's)
  --ssh-option OPT       with --ssh: an ssh -o option, e.g. StrictHostKeyChecking=accept-new (repeatable)
  --push-images          with --ssh: docker save the image here | docker load on the host, when the
                         host lacks it or has it with another id
  --wallet-dir DIR       bittensor wallets directory on the host (HORDE_WALLET_DIR; ~/.bittensor/wallets)
  --wallet NAME          wallet name (HORDE_WALLET; default, or with --ssh the hotkey file's)
  --hotkey NAME          hotkey name (HORDE_HOTKEY; default, or with --ssh the hotkey file's)
  --chain CHAIN          finney, test or a ws:// / wss:// subtensor URL (HORDE_CHAIN; finney)
  --netuid N             subnet (HORDE_NETUID; 12, or 174 on test)
  --admin-token TOKEN    admin API bearer token, 16+ of [A-Za-z0-9._~-] (HORDE_ADMIN_TOKEN; kept from
                         .env, else generated)
  --show-token           print the admin token at the end
  --admin-port N         admin API port on the host's loopback (HORDE_ADMIN_PORT; 8100)
  --facilitator-url URL  the facilitator's ws(s)://.../ws/v0/ (HORDE_FACILITATOR_URL; none)
  --miners LIST          comma list of hotkey@host:port miners always known (HORDE_VALIDATOR_MINERS)
  --image IMAGE          validator image (HORDE_VALIDATOR_IMAGE; horde/validator:latest)
  --install-dir DIR      where the files go (HORDE_INSTALL_DIR; /opt/horde-validator)
  --no-start             write the files, do not start the stack
  --dry-run              check the arguments and show what would be written; change nothing
  -h, --help             this text
USAGE
}

die() { echo "install_validator.sh: $*" >&2; exit 1; }
log() { echo "== $*"; }

wallet_dir=${HORDE_WALLET_DIR:-${HOME:-/root}/.bittensor/wallets}
wallet=${HORDE_WALLET:-default}
hotkey=${HORDE_HOTKEY:-default}
chain=${HORDE_CHAIN:-finney}
netuid=${HORDE_NETUID:-}
admin_token=${HORDE_ADMIN_TOKEN:-}
show_token=0
admin_port=${HORDE_ADMIN_PORT:-8100}
facilitator_url=${HORDE_FACILITATOR_URL:-}
miners=${HORDE_VALIDATOR_MINERS:-}
image=${HORDE_VALIDATOR_IMAGE:-horde/validator:latest}
install_dir=${HORDE_INSTALL_DIR:-/opt/horde-validator}
start=1
dry_run=0
ssh_dest=''
ssh_port=''
ssh_key=''
ssh_options=()
laptop_hotkey=''
coldkeypub=''
push_images=0
wallet_dir_given=${HORDE_WALLET_DIR:+1}
wallet_given=${HORDE_WALLET:+1}
hotkey_given=${HORDE_HOTKEY:+1}

value() { [ $# -ge 2 ] && [ -n "$2" ] && [[ "$2" != --* ]] || die "$1 needs a value"; printf '%s' "$2"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --wallet-dir) wallet_dir=$(value "$@"); wallet_dir_given=1; shift 2 ;;
    --wallet) wallet=$(value "$@"); wallet_given=1; shift 2 ;;
    --hotkey) hotkey=$(value "$@"); hotkey_given=1; shift 2 ;;
    --chain) chain=$(value "$@"); shift 2 ;;
    --netuid) netuid=$(value "$@"); shift 2 ;;
    --admin-token) admin_token=$(value "$@"); shift 2 ;;
    --show-token) show_token=1; shift ;;
    --admin-port) admin_port=$(value "$@"); shift 2 ;;
    --facilitator-url) facilitator_url=$(value "$@"); shift 2 ;;
    --miners) miners=$(value "$@"); shift 2 ;;
    --image) image=$(value "$@"); shift 2 ;;
    --install-dir) install_dir=$(value "$@"); shift 2 ;;
    --ssh) ssh_dest=$(value "$@"); shift 2 ;;
    --ssh-port) ssh_port=$(value "$@"); shift 2 ;;
    --ssh-key) ssh_key=$(value "$@"); shift 2 ;;
    --ssh-option) ssh_options+=(-o "$(value "$@")"); shift 2 ;;
    --hotkey-file) laptop_hotkey=$(value "$@"); shift 2 ;;
    --push-images) push_images=1; shift ;;
    --no-start) start=0; shift ;;
    --dry-run) dry_run=1; shift ;;
    --) shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

# ---- laptop mode hooks: what this role pushes, sends as secrets and passes to itself on the host --
script_name=install_validator.sh
role_images() { printf '%s\n' "$image"; }
# The admin token reaches the host on ssh's stdin, as the variable the script reads.
secrets_env() { [ -z "$admin_token" ] || printf 'export HORDE_ADMIN_TOKEN=%q\n' "$admin_token"; }
remote_args=()
host_args() {
  remote_args=(--wallet-dir "$wallet_dir" --wallet "$wallet" --hotkey "$hotkey" --chain "$chain" --netuid "$netuid"
    --admin-port "$admin_port" --image "$image" --install-dir "$install_dir")
  [ -z "$facilitator_url" ] || remote_args+=(--facilitator-url "$facilitator_url")
  [ -z "$miners" ] || remote_args+=(--miners "$miners")
  [ "$show_token" = 0 ] || remote_args+=(--show-token)
  [ "$start" = 1 ] || remote_args+=(--no-start)
  [ "$dry_run" = 0 ] || remote_args+=(--dry-run)
}

# ---- laptop mode (--ssh): the same block in install_miner.sh and install_validator.sh -------------
# Checks the local hotkey file, copies it (and the wallet's coldkeypub.txt) into the host's wallets
# directory over ssh (mode 600, owned by the ssh user), optionally pushes the images, then runs this
# script on the host in host mode with the same settings. Secrets travel on ssh's stdin, never on a
# command line (which `ps` on the host would show).
ssh_cmd=()
on_host() { "${ssh_cmd[@]}" "$@"; }
quoted() { local arg out=''; for arg in "$@"; do out+=" $(printf '%q' "$arg")"; done; printf '%s' "${out# }"; }

# With --ssh the wallet and hotkey names come from the hotkey file's path (<wallet>/hotkeys/<hotkey>).
laptop_names() {
  [ -n "$laptop_hotkey" ] || die "--ssh needs --hotkey-file: the hotkey on this machine to install on the host"
  local hotkeys_dir
  hotkeys_dir=$(dirname -- "$laptop_hotkey")
  [ "$hotkey_given" = 1 ] || hotkey=$(basename -- "$laptop_hotkey")
  if [ "$(basename -- "$hotkeys_dir")" = hotkeys ]; then
    [ "$wallet_given" = 1 ] || wallet=$(basename -- "$(dirname -- "$hotkeys_dir")")
    coldkeypub=$(dirname -- "$hotkeys_dir")/coldkeypub.txt
  elif [ "$wallet_given" != 1 ]; then
    die "cannot tell the wallet name from --hotkey-file '$laptop_hotkey' (not <wallet>/hotkeys/<hotkey>): give --wallet"
  fi
}

laptop_checks() {
  self=${BASH_SOURCE[0]}
  [ -f "$self" ] && [ -r "$self" ] || die "--ssh: run the script file (bash $script_name --ssh ...), not the script on stdin"
  [ -f "$laptop_hotkey" ] || die "no hotkey file at $laptop_hotkey (--hotkey-file)"
  [ -r "$laptop_hotkey" ] || die "cannot read $laptop_hotkey (--hotkey-file)"
  grep -Eq '"secret(Seed|Phrase)"' "$laptop_hotkey" || die "$laptop_hotkey holds no secretSeed or secretPhrase: not an unencrypted bittensor hotkey file"
  [ ! -e "$coldkeypub" ] || [ -r "$coldkeypub" ] || die "cannot read $coldkeypub"
  [[ "$ssh_dest" =~ ^([A-Za-z0-9._-]+@)?[A-Za-z0-9_][A-Za-z0-9._:-]*$ ]] || die "bad --ssh '$ssh_dest': host or user@host"
  [ -z "$ssh_port" ] || { [[ "$ssh_port" =~ ^[0-9]{1,5}$ ]] && [ "$ssh_port" -ge 1 ] && [ "$ssh_port" -le 65535 ]; } || die "bad --ssh-port '$ssh_port': 1-65535"
  [ -z "$ssh_key" ] || [ -r "$ssh_key" ] || die "cannot read --ssh-key $ssh_key"
  [ "$wallet_dir_given" != 1 ] || [[ "$wallet_dir" == /* ]] || die "--wallet-dir: with --ssh, the wallets directory on the host, an absolute path (not '$wallet_dir')"
  command -v ssh >/dev/null 2>&1 || die "ssh is not installed on this machine"
  local img
  if [ "$push_images" = 1 ]; then
    command -v docker >/dev/null 2>&1 || die "--push-images: docker is not installed on this machine"
    for img in $(role_images); do
      docker image inspect "$img" >/dev/null 2>&1 || die "--push-images: image $img is not on this machine (deploy/build.sh builds it)"
    done
  fi
  ssh_cmd=(ssh "${ssh_options[@]}" -o ConnectTimeout=15)
  [ -z "$ssh_port" ] || ssh_cmd+=(-p "$ssh_port")
  [ -z "$ssh_key" ] || ssh_cmd+=(-i "$ssh_key")
  ssh_cmd+=("$ssh_dest")
}

# Connects once before anything is copied; sets the host's wallets directory (default ~/.bittensor/wallets there).
laptop_probe() {
  local code=0 home
  home=$(on_host 'command -v bash >/dev/null 2>&1 || exit 3; printf "%s" "$HOME"' </dev/null) || code=$?
  case "$code" in
    0) ;;
    3) die "$ssh_dest has no bash" ;;
    *) die "cannot run a command on $ssh_dest over ssh (ssh exited $code; its error is above)" ;;
  esac
  [ "$wallet_dir_given" = 1 ] || wallet_dir=${home:-/root}/.bittensor/wallets
}

# docker save | docker load for the images whose id differs on the host (or that it lacks).
laptop_push_images() {
  local img local_id host_id missing=()
  on_host 'command -v docker >/dev/null 2>&1' </dev/null || die "--push-images: $ssh_dest has no Docker yet: run once without --push-images (it installs Docker), then again"
  for img in $(role_images); do
    local_id=$(docker image inspect --format '{{.Id}}' "$img")
    host_id=$(on_host "docker image inspect --format '{{.Id}}' $(quoted "$img") 2>/dev/null || true" </dev/null)
    if [ "$host_id" = "$local_id" ]; then echo "$img: already on $ssh_dest ($local_id)"; else missing+=("$img"); fi
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  if [ "$dry_run" = 1 ]; then echo "would push ${missing[*]} to $ssh_dest (docker save | docker load)"; return; fi
  log "pushing ${missing[*]} to $ssh_dest (docker save | docker load)"
  docker save "${missing[@]}" | on_host 'docker load' || die "pushing ${missing[*]} to $ssh_dest failed"
}

# Copies FILE to the host's PATH with mode 600 (umask 077, through a temporary name).
laptop_copy() {
  local file=$1 path=$2
  on_host "umask 077 && mkdir -p $(quoted "$(dirname -- "$path")") && cat > $(quoted "$path.new") && mv -f $(quoted "$path.new" "$path")" <"$file" ||
    die "copying $file to $ssh_dest:$path failed"
}

laptop_install() {
  laptop_checks
  laptop_probe
  [ "$push_images" = 0 ] || laptop_push_images
  local target=$wallet_dir/$wallet
  if [ "$dry_run" = 1 ]; then
    echo "would copy $laptop_hotkey to $ssh_dest:$target/hotkeys/$hotkey (mode 600)"
  else
    log "copying the hotkey to $ssh_dest:$target/hotkeys/$hotkey (mode 600)"
    laptop_copy "$laptop_hotkey" "$target/hotkeys/$hotkey"
    [ ! -f "$coldkeypub" ] || laptop_copy "$coldkeypub" "$target/coldkeypub.txt"
  fi
  log "running $script_name on $ssh_dest"
  local code=0
  host_args
  # The script goes as one function that bash reads whole before running it with stdin closed, so
  # that nothing it runs (apt-get, docker) can read the rest of the script as its input.
  {
    # A dry run copies nothing: the host-side dry run takes the hotkey as checked here.
    [ "$dry_run" = 0 ] || echo 'export HORDE_HOTKEY_CHECKED_ON_LAPTOP=1'
    secrets_env
    echo 'horde_install() {'
    cat -- "$self"
    printf '\n}\nhorde_install "$@" </dev/null\n'
  } | on_host "bash -s -- $(quoted "${remote_args[@]}")" || code=$?
  exit "$code"
}
# ---- end of laptop mode ---------------------------------------------------------------------------

if [ -n "$ssh_dest" ]; then
  laptop_names
elif [ -n "$laptop_hotkey$ssh_port$ssh_key${ssh_options[*]}" ] || [ "$push_images" = 1 ]; then
  die "--hotkey-file, --ssh-port, --ssh-key, --ssh-option and --push-images go with --ssh (installing from a laptop)"
fi

# ---- checks: everything is validated before anything is changed -------------------------------
case "$chain" in
  finney | test) ;;
  ws://?* | wss://?*) [[ "$chain" =~ ^wss?://[^[:space:]\'\"\$\#]+$ ]] || die "bad --chain '$chain': not a URL" ;;
  *) die "bad --chain '$chain': use finney, test or a ws:// / wss:// URL of a subtensor node" ;;
esac
[ -n "$netuid" ] || { [ "$chain" = test ] && netuid=174 || netuid=12; }
[[ "$netuid" =~ ^[0-9]{1,5}$ ]] && [ "$netuid" -le 65535 ] || die "bad --netuid '$netuid': a subnet number (0-65535)"
[[ "$admin_port" =~ ^[0-9]{1,5}$ ]] && [ "$admin_port" -ge 1 ] && [ "$admin_port" -le 65535 ] || die "bad --admin-port '$admin_port': 1-65535"
[ -z "$admin_token" ] || [[ "$admin_token" =~ ^[A-Za-z0-9._~-]{16,}$ ]] || die "bad --admin-token: 16 or more of A-Z a-z 0-9 . _ ~ -"
[ -z "$facilitator_url" ] || [[ "$facilitator_url" =~ ^wss?://[^[:space:]\'\"\$\#]+$ ]] || die "bad --facilitator-url '$facilitator_url': a ws:// or wss:// URL"
[[ "$miners" =~ ^([A-Za-z0-9]+@[A-Za-z0-9.:-]+:[0-9]+(,|$))*$ ]] || die "bad --miners '$miners': comma list of hotkey@host:port"
for name in "$wallet" "$hotkey"; do [[ "$name" =~ ^[A-Za-z0-9_.-]+$ ]] || die "bad wallet or hotkey name '$name'"; done
[[ "$image" =~ ^[A-Za-z0-9._/:@-]+$ ]] || die "bad image name '$image'"
[[ "$install_dir" == /* ]] || die "--install-dir must be an absolute path, not '$install_dir'"
[ -z "$ssh_dest" ] || laptop_install
hotkey_file=$wallet_dir/$wallet/hotkeys/$hotkey
if [ "${HORDE_HOTKEY_CHECKED_ON_LAPTOP:-}" != 1 ] || [ "$dry_run" = 0 ]; then
  [ -f "$hotkey_file" ] || die "no hotkey file at $hotkey_file (check --wallet-dir, --wallet, --hotkey)"
  [ -r "$hotkey_file" ] || die "cannot read $hotkey_file (run as root or as the wallet's owner)"
  grep -Eq '"secret(Seed|Phrase)"' "$hotkey_file" || die "$hotkey_file holds no secretSeed or secretPhrase: not an unencrypted bittensor hotkey file"
fi

# ---- helpers ------------------------------------------------------------------------------------
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else die "needs root for: $*"; fi
}
# The value of KEY in an existing .env, if any (to keep secrets across runs).
existing() { [ -f "$install_dir/.env" ] && sed -n "s/^$1=//p" "$install_dir/.env" | tail -1 || true; }
random_hex() { od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'; }
# Lines of an existing .env whose variable is not in the managed list "$1" (kept as the operator set them).
kept_lines() { [ -f "$install_dir/.env" ] && grep -E '^[A-Za-z_][A-Za-z0-9_]*=' "$install_dir/.env" | grep -Ev "^($1)=" || true; }
ensure_docker() {
  command -v docker >/dev/null 2>&1 && return
  command -v apt-get >/dev/null 2>&1 || die "Docker is missing and apt-get is not available: install Docker first"
  log "installing Docker (apt: docker.io)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
}
compose=()
ensure_compose() {
  if docker compose version >/dev/null 2>&1; then compose=(docker compose); return; fi
  if command -v docker-compose >/dev/null 2>&1; then compose=(docker-compose); return; fi
  local pkg=docker-compose
  apt-cache show docker-compose-v2 >/dev/null 2>&1 && pkg=docker-compose-v2
  log "installing Docker Compose (apt: $pkg)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null
  if docker compose version >/dev/null 2>&1; then compose=(docker compose); else compose=(docker-compose); fi
}

# ---- the files ----------------------------------------------------------------------------------
postgres_password=$(existing POSTGRES_PASSWORD)
[ -n "$postgres_password" ] || postgres_password=$(random_hex 24)
[ -n "$admin_token" ] || admin_token=$(existing VALIDATOR_ADMIN_TOKEN)
[ -n "$admin_token" ] || admin_token=$(random_hex 24)
managed='HORDE_VALIDATOR_IMAGE|POSTGRES_PASSWORD|VALIDATOR_ADMIN_TOKEN|VALIDATOR_ADMIN_PORT|VALIDATOR_HOTKEY|VALIDATOR_CHAIN|VALIDATOR_NETUID|VALIDATOR_FACILITATOR_URL|VALIDATOR_MINERS'

env_file() {
  local password=$1 token=$2
  echo "# Horde validator settings, written by install_validator.sh (run it again to change them: it"
  echo "# keeps the secrets and any variable it does not manage). docs/deploy.md lists the variables."
  echo "HORDE_VALIDATOR_IMAGE=$image"
  echo "POSTGRES_PASSWORD=$password"
  echo "VALIDATOR_ADMIN_TOKEN=$token"
  echo "VALIDATOR_ADMIN_PORT=$admin_port"
  echo "VALIDATOR_HOTKEY=$wallet/$hotkey"
  echo "VALIDATOR_CHAIN=$chain"
  echo "VALIDATOR_NETUID=$netuid"
  [ -z "$facilitator_url" ] || echo "VALIDATOR_FACILITATOR_URL=$facilitator_url"
  [ -z "$miners" ] || echo "VALIDATOR_MINERS=$miners"
  kept_lines "$managed"
}

compose_file() {
  cat <<'COMPOSE'
# The Horde validator on one host: the validator (every role in one process), its PostgreSQL and its
# Redis. Settings live in .env beside this file (install_validator.sh writes it, mode 600;
# docs/deploy.md lists the variables). Start: docker compose up -d
services:
  validator:
    image: ${HORDE_VALIDATOR_IMAGE:-horde/validator:latest}
    restart: unless-stopped
    env_file: .env
    environment:
      DATABASE_URL: postgres://horde:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}@postgres:5432/horde
      REDIS_URL: redis://redis:6379
      # For the CLI inside the container: docker compose exec validator horde-validator miners list
      VALIDATOR_ADMIN_URL: http://127.0.0.1:${VALIDATOR_ADMIN_PORT:-8100}
    ports:
      # The admin API (jobs, miners, whitelist; bearer VALIDATOR_ADMIN_TOKEN) on the host's loopback only.
      - "127.0.0.1:${VALIDATOR_ADMIN_PORT:-8100}:${VALIDATOR_ADMIN_PORT:-8100}"
    volumes:
      - ./wallets:/wallets:ro
      - validator-data:/data
    depends_on:
      postgres:
        condition: service_healthy
      redis:
        condition: service_healthy
    # Running jobs get up to 30 s to finish on SIGTERM.
    stop_grace_period: 40s
    logging:
      driver: json-file
      options: { max-size: 50m, max-file: "5" }

  postgres:
    image: ${HORDE_POSTGRES_IMAGE:-postgres:16-bookworm}
    restart: unless-stopped
    environment:
      POSTGRES_USER: horde
      POSTGRES_DB: horde
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}
    volumes:
      - postgres-data:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD", "pg_isready", "-U", "horde", "-d", "horde"]
      interval: 5s
      timeout: 5s
      retries: 12

  redis:
    image: ${HORDE_REDIS_IMAGE:-redis:7-bookworm}
    restart: unless-stopped
    # The job queue lives here: keep it across restarts.
    command: ["redis-server", "--appendonly", "yes"]
    volumes:
      - redis-data:/data
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
      interval: 5s
      timeout: 5s
      retries: 12

volumes:
  validator-data:
  postgres-data:
  redis-data:
COMPOSE
}

if [ "$dry_run" = 1 ]; then
  log "dry run: nothing is changed"
  echo "would write $install_dir/docker-compose.yml (deploy/validator/docker-compose.yml)"
  echo "would copy $hotkey_file to $install_dir/wallets/$wallet/hotkeys/$hotkey (mode 600, uid 1000)"
  echo "would write $install_dir/.env (mode 600):"
  env_file '<secret>' '<secret>' | sed 's/^/  /'
  command -v docker >/dev/null 2>&1 || echo "would install Docker (apt: docker.io)"
  [ "$start" = 0 ] || echo "would start the stack (docker compose up -d)"
  exit 0
fi

ensure_docker
mkdir -p "$install_dir" 2>/dev/null || die "cannot create $install_dir (run as root, or give --install-dir)"
[ -w "$install_dir" ] || die "cannot write to $install_dir (run as root, or give --install-dir)"

log "writing $install_dir"
umask 077
env_file "$postgres_password" "$admin_token" > "$install_dir/.env.new"
chmod 600 "$install_dir/.env.new"
mv -f "$install_dir/.env.new" "$install_dir/.env"
compose_file > "$install_dir/docker-compose.yml.new"
chmod 644 "$install_dir/docker-compose.yml.new"
mv -f "$install_dir/docker-compose.yml.new" "$install_dir/docker-compose.yml"
hotkeys_dir=$install_dir/wallets/$wallet/hotkeys
mkdir -p "$hotkeys_dir"
cp -f "$hotkey_file" "$hotkeys_dir/$hotkey"
chmod 600 "$hotkeys_dir/$hotkey"
[ ! -f "$wallet_dir/$wallet/coldkeypub.txt" ] || cp -f "$wallet_dir/$wallet/coldkeypub.txt" "$install_dir/wallets/$wallet/coldkeypub.txt"
chmod 755 "$install_dir"
# The container runs as uid 1000: it must read the hotkey, nobody else may.
if [ "$(id -u)" = 0 ]; then
  chown -R 1000:1000 "$install_dir/wallets"
elif [ "$(id -u)" != 1000 ]; then
  echo "warning: not root: chown -R 1000:1000 $install_dir/wallets so that the validator container can read the hotkey" >&2
fi
echo "wrote $install_dir/.env (mode 600), $install_dir/docker-compose.yml, $hotkeys_dir/$hotkey"
if [ "$show_token" = 1 ]; then
  echo "admin token: $admin_token"
else
  echo "admin token: in $install_dir/.env (VALIDATOR_ADMIN_TOKEN); --show-token prints it"
fi

if [ "$start" = 0 ]; then
  log "not started (--no-start): cd $install_dir && docker compose up -d"
  exit 0
fi
ensure_compose
docker image inspect "$image" >/dev/null 2>&1 || echo "note: image $image is not on this host; docker will try to pull it (docs/deploy.md: building and loading images)" >&2
log "starting the validator (${compose[*]} up -d)"
(cd "$install_dir" && "${compose[@]}" up -d)
log "started: admin API on http://127.0.0.1:$admin_port (bearer VALIDATOR_ADMIN_TOKEN); logs with  cd $install_dir && ${compose[*]} logs -f validator"
