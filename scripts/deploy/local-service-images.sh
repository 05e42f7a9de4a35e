#!/usr/bin/env bash
# Test stand-ins for the postgres and redis images of the compose files, where no registry can be
# reached: scripts/deploy/local-service-images.sh [postgres-tag] [redis-tag]
#   defaults horde-test/postgres:latest, horde-test/redis:latest
# Each is the host's own PostgreSQL (Debian's /usr/lib/postgresql/<v>) or redis-server, with the
# shared libraries ldd lists, on the busybox image testkit builds (horde-test/busybox:latest, which
# must exist). They honour what the compose files use of the official images: POSTGRES_USER /
# POSTGRES_PASSWORD / POSTGRES_DB and the data directory on first start, pg_isready and redis-cli
# for the health checks, `redis-server` as the command, and both listening on the container's network.
set -euo pipefail

postgres_tag=${1:-horde-test/postgres:latest}
redis_tag=${2:-horde-test/redis:latest}
base=horde-test/busybox:latest
docker image inspect "$base" >/dev/null 2>&1 || { echo "local-service-images.sh: $base is missing (testkit's ensureBusyboxImage builds it)" >&2; exit 1; }
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pg_bin" ] || { echo "local-service-images.sh: no PostgreSQL under /usr/lib/postgresql" >&2; exit 1; }
pg_version=$(basename "$(dirname "$pg_bin")")
command -v redis-server >/dev/null || { echo "local-service-images.sh: redis-server is not installed" >&2; exit 1; }

# Copies files (following symlinks) into the rootfs at the same paths.
add() { for file in "$@"; do cp -L --parents "$file" "$rootfs/"; done; }
# Copies an executable or a shared object and every library ldd lists for it.
add_elf() {
  add "$1"
  ldd "$1" | awk '/=> \// { print $3 } /^[[:space:]]*\// { print $1 }' | while read -r lib; do add "$lib"; done
}

build() {
  local tag=$1 dockerfile=$2
  printf '%s\n' "$dockerfile" > "$context/Dockerfile"
  docker build --quiet --tag "$tag" "$context" >/dev/null
}

context=$(mktemp -d)
cd /  # cp --parents misplaces absolute sources from some working directories
trap 'rm -rf "$context"' EXIT
rootfs=$context/rootfs

# ---- postgres -----------------------------------------------------------------------------------
mkdir -p "$rootfs"
cp -a --parents "/usr/lib/postgresql/$pg_version" "/usr/share/postgresql/$pg_version" "$rootfs/"
# No JIT: llvmjit would bring LLVM (over 100 MB) for nothing a test does.
rm -rf "$rootfs/usr/lib/postgresql/$pg_version/lib/bitcode" "$rootfs/usr/lib/postgresql/$pg_version"/lib/llvmjit*
for elf in "$pg_bin"/postgres "$pg_bin"/initdb "$pg_bin"/pg_isready "$rootfs/usr/lib/postgresql/$pg_version"/lib/*.so; do add_elf "${elf#"$rootfs"}"; done
add /usr/share/zoneinfo/UTC /usr/share/zoneinfo/Etc/UTC
mkdir -p "$rootfs/usr/local/bin"
for tool in postgres initdb pg_isready; do ln -s "$pg_bin/$tool" "$rootfs/usr/local/bin/$tool"; done
cat > "$rootfs/usr/local/bin/docker-entrypoint.sh" <<'SCRIPT'
#!/bin/sh
# First start: a cluster whose superuser is POSTGRES_USER with POSTGRES_PASSWORD, and POSTGRES_DB.
set -e
PGDATA=/var/lib/postgresql/data
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  printf '%s' "$POSTGRES_PASSWORD" > /tmp/pwfile
  initdb -D "$PGDATA" -U "${POSTGRES_USER:-postgres}" --pwfile=/tmp/pwfile --auth-local=trust --auth-host=scram-sha-256 --locale=C -E UTF8 >/dev/null
  rm -f /tmp/pwfile
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  echo "CREATE DATABASE \"${POSTGRES_DB:-postgres}\"" | postgres --single -D "$PGDATA" postgres >/dev/null
fi
exec postgres -D "$PGDATA" -c listen_addresses='*'
SCRIPT
chmod 755 "$rootfs/usr/local/bin/docker-entrypoint.sh"
mkdir -p "$rootfs/var/lib/postgresql/data" "$rootfs/var/run/postgresql"
build "$postgres_tag" "FROM $base
COPY rootfs/ /
RUN chown -R 65534:65534 /var/lib/postgresql /var/run/postgresql && chmod 700 /var/lib/postgresql/data
ENV TZ=UTC PGDATA=/var/lib/postgresql/data
USER 65534:65534
ENTRYPOINT [\"/usr/local/bin/docker-entrypoint.sh\"]"

# ---- redis --------------------------------------------------------------------------------------
rm -rf "$rootfs" && mkdir -p "$rootfs/usr/local/bin" "$rootfs/data"
add_elf "$(readlink -f "$(command -v redis-server)")"
add_elf "$(command -v redis-cli)"
cp -L "$(command -v redis-server)" "$rootfs/usr/local/bin/redis-server"
cp -L "$(command -v redis-cli)" "$rootfs/usr/local/bin/redis-cli"
cat > "$rootfs/usr/local/bin/docker-entrypoint.sh" <<'SCRIPT'
#!/bin/sh
# As the official image: reachable from other containers when started without a config file.
if [ "$1" = redis-server ]; then shift; exec redis-server --protected-mode no "$@"; fi
exec "$@"
SCRIPT
chmod 755 "$rootfs/usr/local/bin/docker-entrypoint.sh"
build "$redis_tag" "FROM $base
COPY rootfs/ /
RUN chown 65534:65534 /data
USER 65534:65534
WORKDIR /data
ENTRYPOINT [\"/usr/local/bin/docker-entrypoint.sh\"]
CMD [\"redis-server\"]"
echo "built $postgres_tag (PostgreSQL $pg_version) and $redis_tag"
