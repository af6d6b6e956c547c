#!/usr/bin/env bash
# Checks the README's two commands as a new user meets them: on a bare Debian 12.
#
# Builds a minimal Debian 12 root (debootstrap --variant=minbase: about 90 packages, no
# compiler, no git), clones this repository's HEAD into it with ../shared beside it (as CI
# has it), and runs as root inside it, timing each:
#   bash scripts/quickstart.sh   installs what is missing, builds, runs the flagship scenario
#   bash .ci/run                 the README's test command, then the sanitizer suite
#
#   bash scripts/fresh_debian_check.sh                   both
#   bash scripts/fresh_debian_check.sh --quickstart-only the first only
#
# Needs root (debootstrap, chroot, mount) and Debian's package archive (MIRROR, default
# deb.debian.org). The root lives in a temporary directory under /var/tmp and is removed at
# the end (KEEP=1 keeps it). Exit status: that of the first command that failed, else 0.
set -euo pipefail
cd "$(dirname "$0")/.."

only_quickstart=0
[ "${1:-}" = "--quickstart-only" ] && only_quickstart=1
if [ "$(id -u)" -ne 0 ]; then
  echo "fresh_debian_check: needs root (debootstrap, chroot, mount)" >&2
  exit 2
fi
repo=$PWD
if [ ! -d ../shared ]; then
  echo "fresh_debian_check: ../shared not found beside $repo (CI puts it there)" >&2
  exit 2
fi
shared=$(cd ../shared && pwd -P)
mirror=${MIRROR:-http://deb.debian.org/debian}

if ! command -v debootstrap >/dev/null; then
  echo "fresh_debian_check: installing debootstrap" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi

root=$(mktemp -d /var/tmp/polarity-fresh.XXXXXX)
mounts=(proc sys dev dev/shm)
cleanup() {
  local m i
  for ((i = ${#mounts[@]} - 1; i >= 0; --i)); do
    m=$root/${mounts[i]}
    if mountpoint -q "$m"; then umount "$m" || umount -l "$m"; fi
  done
  if [ -n "${KEEP:-}" ]; then
    echo "fresh_debian_check: kept $root" >&2
  elif grep -q " $root/" /proc/mounts; then
    echo "fresh_debian_check: $root still has mounts; not removed" >&2
  else
    rm -rf --one-file-system "$root"
  fi
}
trap cleanup EXIT

seconds() { date +%s; }
t0=$(seconds)
echo "fresh_debian_check: debootstrap --variant=minbase bookworm $root" >&2
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 || {
  tail -20 "$root.log" >&2
  exit 1
}
rm -f "$root.log"
echo "fresh_debian_check: base system, $(chroot "$root" dpkg-query -W | wc -l) packages, in $(($(seconds) - t0)) s" >&2

# What a tick's tests need of the host: /proc, /sys (Open MPI's hwloc), /dev and a private
# /dev/shm (Open MPI's shared memory); name resolution for apt.
mount -t proc proc "$root/proc"
mount --bind /sys "$root/sys"
mount --bind /dev "$root/dev"
mount -t tmpfs tmpfs "$root/dev/shm"
cp /etc/resolv.conf "$root/etc/resolv.conf"

mkdir -p "$root/root/work"
git clone -q "$repo" "$root/root/work/main"
cp -a "$shared" "$root/root/work/shared"
echo "fresh_debian_check: cloned $(git -C "$repo" rev-parse --short HEAD) with ../shared beside it" >&2

inside() {  # runs $1 in the clone, as root with a clean environment, and times it
  local start status
  start=$(seconds)
  echo "fresh_debian_check: $1" >&2
  status=0
  chroot "$root" env -i HOME=/root TERM=dumb PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    bash -c "cd /root/work/main && $1" || status=$?
  echo "fresh_debian_check: '$1' exited $status after $(($(seconds) - start)) s" >&2
  return "$status"
}
inside "bash scripts/quickstart.sh"
[ "$only_quickstart" -eq 1 ] || inside "bash .ci/run"
echo "fresh_debian_check: all done in $(($(seconds) - t0)) s" >&2
