#!/usr/bin/env bash
# Installs what is missing, builds Polarity, and runs the flagship scenario
# (Northeast Asia after Camp David, 100 replications) into results/northeast-asia-2023/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)" --target polarity
./build/engine/polarity run scenarios/northeast_asia_2023.yaml --replications 100 --threads "$(nproc)" --force
