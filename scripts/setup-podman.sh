#!/usr/bin/env bash
# Prepares podman for the tests: throw-away storage under .vscode-test/podman (so tests never
# touch a user's images or pods) and a local Valkey-compatible image tagged with the name the
# samples and snippets use, built from Debian's busybox and redis binaries (no registry here).
# Prints the environment the tests export.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
DIR="$ROOT/.vscode-test/podman"
IMAGE="docker.io/valkey/valkey:8"
mkdir -p "$DIR/storage" "$DIR/run"
cat > "$DIR/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$DIR/storage"
runroot = "$DIR/run"
CONF
export CONTAINERS_CONF="$ROOT/test/fixtures/podman/containers.conf"
export CONTAINERS_STORAGE_CONF="$DIR/storage.conf"

if ! podman image exists "$IMAGE" 2>/dev/null; then
  rootfs="$(mktemp -d)"
  trap 'rm -rf "$rootfs"' EXIT
  mkdir -p "$rootfs"/{bin,usr/bin,data,tmp,etc}
  cp /bin/busybox "$rootfs/bin/busybox"
  for applet in sh sleep cat echo ls env seq true; do ln -s busybox "$rootfs/bin/$applet"; done
  # The manifests run `bash -c '...'`; busybox has no bash applet, its sh runs those scripts.
  printf '#!/bin/sh\nexec /bin/sh "$@"\n' > "$rootfs/bin/bash"
  chmod +x "$rootfs/bin/bash"
  cp /usr/bin/redis-server /usr/bin/redis-cli "$rootfs/usr/bin/"
  ln -s redis-server "$rootfs/usr/bin/valkey-server"
  ln -s redis-cli "$rootfs/usr/bin/valkey-cli"
  for lib in $(ldd /usr/bin/redis-server /usr/bin/redis-cli | awk '/=>/ {print $3} /^[ \t]+\// {print $1}' | sort -u); do
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done
  echo "root:x:0:0:root:/root:/bin/sh" > "$rootfs/etc/passwd"
  tar -C "$rootfs" -cf "$DIR/rootfs.tar" .
  # Like the real image: the server listens on all addresses, without protected mode.
  podman import --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' --change 'CMD ["valkey-server", "--protected-mode", "no", "--save", ""]' --change 'WORKDIR /data' "$DIR/rootfs.tar" "$IMAGE" >/dev/null
  rm -f "$DIR/rootfs.tar"
fi
echo "CONTAINERS_CONF=$CONTAINERS_CONF"
echo "CONTAINERS_STORAGE_CONF=$CONTAINERS_STORAGE_CONF"
