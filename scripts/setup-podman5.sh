#!/usr/bin/env bash
# Podman 5.4.2 (Debian 13's package) in a chroot beside the host's podman 4.3.1, so the truth
# suite can compare the model with both versions for real. Built once into /var/cache (outside
# the repo, reused between runs), mounted idempotently, loaded with the local test image.
# Prints PODMAN5_ROOT=DIR. Run scripts/podman5 to use it.
# Never deletes a built chroot: while /sys and /dev are bound inside, `rm -rf` would reach the host's.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${PODMAN5_ROOT:-/var/cache/podman-kube/trixie}"
IMAGE="docker.io/valkey/valkey:8"
MIRROR="$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"

if [ ! -x "$DIR/usr/bin/podman" ]; then
  partial="$DIR.partial"
  # A partial tree from an interrupted run is removed only when nothing is mounted inside it.
  if [ -e "$partial" ]; then
    if [ -n "$(findmnt -rn -o TARGET | grep -F "$partial" || true)" ]; then
      echo "$partial has mounts left from an interrupted build: unmount them (umount -R) and run again" >&2
      exit 1
    fi
    rm -rf --one-file-system "$partial"
  fi
  mkdir -p "$(dirname "$DIR")"
  echo "Building a Debian 13 chroot with podman 5.4 in $DIR (~1 min, once)"
  debootstrap --variant=minbase --include=podman,catatonit,runc,netavark,aardvark-dns,iptables,ca-certificates \
    trixie "$partial" "$MIRROR" > "$(dirname "$DIR")/debootstrap.log" 2>&1 \
    || { tail -20 "$(dirname "$DIR")/debootstrap.log" >&2; exit 1; }
  mv "$partial" "$DIR"
fi

# The chroot's root must be a mount point (image unpacking remounts /); /dev is a minimal one.
mounted() { mountpoint -q "$1"; }
mounted "$DIR" || mount --bind "$DIR" "$DIR"
mounted "$DIR/proc" || mount -t proc proc "$DIR/proc"
mounted "$DIR/sys" || mount --rbind /sys "$DIR/sys"
if ! mounted "$DIR/dev"; then
  mount -t tmpfs -o mode=755,nosuid devtmp "$DIR/dev"
  for n in null zero full random urandom tty; do touch "$DIR/dev/$n"; mount --bind "/dev/$n" "$DIR/dev/$n"; done
  mkdir -p "$DIR/dev/pts" "$DIR/dev/shm"
  mount -t devpts -o newinstance,ptmxmode=0666 devpts "$DIR/dev/pts"
  ln -sf pts/ptmx "$DIR/dev/ptmx"
  mount -t tmpfs shm "$DIR/dev/shm"
fi

# Same sandbox fixes as the host's test configuration; trixie's netavark defaults to nftables,
# which this machine cannot run, and its events go to a file (no journald here).
mkdir -p "$DIR/etc/containers"
cat > "$DIR/etc/containers/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
[engine]
runtime = "runc"
events_logger = "file"
[network]
firewall_driver = "iptables"
CONF

if ! scripts/podman5 image exists "$IMAGE"; then
  # The host's test storage has the image (scripts/setup-podman.sh); copy it across.
  eval "$(bash scripts/setup-podman.sh | sed 's/^/export /')"
  podman save -o "$DIR/tmp/test-image.tar" "$IMAGE" >/dev/null
  scripts/podman5 load -q -i /tmp/test-image.tar >/dev/null
  rm -f "$DIR/tmp/test-image.tar"
fi
echo "PODMAN5_ROOT=$DIR"
