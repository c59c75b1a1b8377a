#!/usr/bin/env bash
# Prepares rootless podman for the tests (needs root): a user `pkrootless` with subordinate ids,
# its runtime directory, and the local test image in its own storage, copied from the root test
# storage that scripts/setup-podman.sh made. scripts/podman-rootless then runs podman as that user.
set -euo pipefail
cd "$(dirname "$0")/.."
USER_NAME=pkrootless
IMAGE="docker.io/valkey/valkey:8"
if ! id "$USER_NAME" >/dev/null 2>&1; then
  useradd --create-home --shell /bin/sh "$USER_NAME"
fi
# Debian's useradd adds subordinate ids when /etc/subuid exists; a machine without it gets the range
# after every one already given.
for kind in uid gid; do
  file="/etc/sub$kind"
  if ! grep -q "^$USER_NAME:" "$file" 2>/dev/null; then
    first="$(awk -F: 'BEGIN { n = 100000 } $2 + $3 > n { n = $2 + $3 } END { print n }' "$file" 2>/dev/null || echo 100000)"
    usermod "--add-sub${kind}s" "$first-$((first + 65535))" "$USER_NAME"
  fi
done
uid="$(id -u "$USER_NAME")"
# What systemd-logind makes at login, on a machine without it: podman's rootless network needs
# XDG_RUNTIME_DIR at /run/user/UID.
install -d -m 700 -o "$USER_NAME" -g "$USER_NAME" "/run/user/$uid"
# slirp4netns opens /dev/net/tun as the user: udev makes it 0666 on a desktop, this sandbox has no udev.
[ -c /dev/net/tun ] && chmod 0666 /dev/net/tun
if ! scripts/podman-rootless image exists "$IMAGE" 2>/dev/null; then
  tar="$(mktemp /tmp/pk-rootless-image-XXXXXX.tar)"
  trap 'rm -f "$tar"' EXIT
  CONTAINERS_CONF="$PWD/test/fixtures/podman/containers.conf" CONTAINERS_STORAGE_CONF="$PWD/.vscode-test/podman/storage.conf" \
    podman save --quiet -o "$tar" "$IMAGE"
  chmod 0644 "$tar"
  scripts/podman-rootless load --quiet -i "$tar" >/dev/null
fi
