#!/usr/bin/env bash
# Installs every Debian 12 package Polarity needs to build, test and benchmark.
# Idempotent: packages already present are skipped, so a second run costs one dpkg query.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libeigen3-dev libboost-graph-dev libyaml-cpp-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev librandom123-dev nlohmann-json3-dev libfmt-dev
  libopenmpi-dev openmpi-bin libboost-mpi-dev
  hyperfine python3-numpy python3-pandas python3-networkx
  libopenblas0-pthread  # NumPy peer (bench/): without it NumPy runs on reference BLAS
  libopenblas-dev       # the -DPOLARITY_BLAS=ON build (docs/performance.md section 5)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "install_deps: all ${#packages[@]} packages present" >&2
  exit 0
fi

echo "install_deps: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install_deps: done" >&2
