#!/usr/bin/env bash
# Builds Polarity and runs the whole test suite.
#   bash scripts/test.sh              Release build in build/, all tests
#   bash scripts/test.sh --sanitize   Debug build with ASan + UBSan in build-asan/, all tests
# Installs missing Debian packages first (idempotent), so it works on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=release
[ "${1:-}" = "--sanitize" ] && mode=sanitize

bash scripts/install_deps.sh
jobs=$(nproc)

if [ "$mode" = sanitize ]; then
  dir=build-asan
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPOLARITY_SANITIZE=ON \
        -DPOLARITY_BUILD_BENCH=OFF >/dev/null
  export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
else
  dir=build
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$dir" -j "$jobs"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
ctest --test-dir "$dir" -j "$jobs" --output-on-failure --timeout 900
