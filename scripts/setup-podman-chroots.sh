#!/usr/bin/env bash
# Newer podmans in chroots beside the host's podman 4.3.1, so the truth and quadlet suites compare
# the model with each version for real: Debian 13 (trixie) has podman 5.4.2, Debian sid 5.8.x
# (sid moves: the version it got is printed, and the truth table shows it). Each is built once
# under /var/cache (outside the repo, reused between runs), mounted idempotently, and loaded with
# the local test image. Usage: scripts/setup-podman-chroots.sh [SUITE...] (default: all of them).
# Run one with scripts/podman-chroot SUITE ARGS... (scripts/podman5, scripts/podman58).
# Never deletes a built chroot: while /sys and /dev are bound inside, `rm -rf` would reach the host's.
set -euo pipefail
cd "$(dirname "$0")/.."
CHROOTS=(trixie sid)
BASE="${PODMAN_CHROOTS:-/var/cache/podman-kube}"
IMAGE="docker.io/valkey/valkey:8"
MIRROR="$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
mounted() { mountpoint -q "$1"; }

setup() {
  local suite="$1" DIR="$BASE/$1"
  if [ ! -x "$DIR/usr/bin/podman" ]; then
    local partial="$DIR.partial"
    # A partial tree from an interrupted run is removed only when nothing is mounted inside it.
    if [ -e "$partial" ]; then
      if [ -n "$(findmnt -rn -o TARGET | grep -F "$partial" || true)" ]; then
        echo "$partial has mounts left from an interrupted build: unmount them (umount -R) and run again" >&2
        exit 1
      fi
      rm -rf --one-file-system "$partial"
    fi
    mkdir -p "$BASE"
    echo "Building a Debian $suite chroot with its podman in $DIR (~1 min, once)"
    debootstrap --variant=minbase --include=podman,catatonit,runc,netavark,aardvark-dns,iptables,ca-certificates \
      "$suite" "$partial" "$MIRROR" > "$BASE/debootstrap-$suite.log" 2>&1 \
      || { tail -20 "$BASE/debootstrap-$suite.log" >&2; exit 1; }
    mv "$partial" "$DIR"
  fi

  # The chroot's root must be a mount point (image unpacking remounts /); /dev is a minimal one.
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

  # podman-compose 1.6.0 beside sid's podman: the reference the compose conversion is played
  # against. The mirror's sid Release may be past its Valid-Until (debootstrap does not check it).
  if [ "$suite" = sid ] && [ ! -x "$DIR/usr/bin/podman-compose" ]; then
    echo "Installing podman-compose in the $suite chroot"
    chroot "$DIR" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
      sh -c 'apt-get -o Acquire::Check-Valid-Until=false update -qq && apt-get install -y -qq --no-install-recommends podman-compose' > "$BASE/compose-$suite.log" 2>&1 \
      || { tail -20 "$BASE/compose-$suite.log" >&2; exit 1; }
  fi

  # Same sandbox fixes as the host's test configuration; netavark from trixie on defaults to
  # nftables, which this machine cannot run, and events go to a file (no journald here).
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

  if ! scripts/podman-chroot "$suite" image exists "$IMAGE"; then
    # The host's test storage has the image (scripts/setup-podman.sh); copy it across.
    eval "$(bash scripts/setup-podman.sh | sed 's/^/export /')"
    podman save -o "$DIR/tmp/test-image.tar" "$IMAGE" >/dev/null
    scripts/podman-chroot "$suite" load -q -i /tmp/test-image.tar >/dev/null
    rm -f "$DIR/tmp/test-image.tar"
  fi
  echo "PODMAN_CHROOT $suite=$DIR podman $(scripts/podman-chroot "$suite" version --format '{{.Client.Version}}')"
}

for suite in "${@:-${CHROOTS[@]}}"; do
  case " ${CHROOTS[*]} " in *" $suite "*) setup "$suite" ;; *) echo "unknown chroot $suite; known: ${CHROOTS[*]}" >&2; exit 2 ;; esac
done
