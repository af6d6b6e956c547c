#!/usr/bin/env bash
# Sweep throughput and memory (issue 3), written to bench/sweep_results.md:
#  - runs/s of the flagship security-dilemma sweep at 250 replications a point (6,000 runs,
#    long enough that process and MPI start-up do not dominate) with 1 and 2 threads and
#    with 1 and 2 MPI ranks, medians of 5 hyperfine runs, measured side by side;
#  - peak resident memory of sweeps of 1,000, 10,000 and 100,000 runs without time series.
# Usage: bash bench/sweep_bench.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bin=$build/engine/polarity
[ -x "$bin" ] || { echo "build $bin first (cmake --build $build --target polarity)" >&2; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sweep=bench/sweeps/.security_dilemma_250.yaml
sed -e 's/^replications: 50/replications: 250/' -e 's|^scenario: ../northeast_asia_2023.yaml|scenario: ../../scenarios/northeast_asia_2023.yaml|' \
  scenarios/sweeps/security_dilemma.yaml > "$sweep"
runs=$("$bin" plan "$sweep" | head -1 | sed -E 's/.*= ([0-9]+) runs/\1/')

hyperfine --warmup 1 --runs 5 --export-json "$tmp/throughput.json" \
  -n "threads=1" "$bin sweep $sweep -o $tmp/t1 --threads 1 --force" \
  -n "threads=2" "$bin sweep $sweep -o $tmp/t2 --threads 2 --force" \
  -n "mpi np=1"  "mpirun -np 1 $bin sweep $sweep -o $tmp/m1 --force" \
  -n "mpi np=2"  "mpirun -np 2 $bin sweep $sweep -o $tmp/m2 --force" >&2
rm -f "$sweep"

# Peak memory for growing sweeps: same design, 10x more points each time.
for samples in 10 100 1000; do
  sed "s/samples: 1000/samples: $samples/" bench/sweeps/memory_sweep.yaml > "bench/sweeps/.memory_$samples.yaml"
  /usr/bin/time -f "%M %e" -o "$tmp/mem_$samples" \
    "$bin" sweep "bench/sweeps/.memory_$samples.yaml" -o "$tmp/mem$samples" --threads 2 --force 2>/dev/null
  rm -f "bench/sweeps/.memory_$samples.yaml"
done

/usr/bin/python3 - "$tmp" "$runs" <<'PY' > bench/sweep_results.md
import json, statistics, sys, platform, subprocess
tmp, runs = sys.argv[1], int(sys.argv[2])
results = json.load(open(f"{tmp}/throughput.json"))["results"]
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
print("# Sweep throughput and memory\n")
print(f"Machine: {cpu}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores, {platform.platform()}.")
print("Command: `bash bench/sweep_bench.sh` (hyperfine --warmup 1 --runs 5; medians, with min-max).\n")
print(f"## Flagship security-dilemma sweep at 250 replications ({runs} runs, 80 ticks, 8 actors, no time series)\n")
print("| how | median wall (s) | min-max (s) | runs/s | speed-up vs 1 |")
print("|---|---|---|---|---|")
base = {}
for r in results:
    med = statistics.median(r["times"])
    base.setdefault("threads" if r["command"].startswith("threads") else "mpi", med)
for r in results:
    med = statistics.median(r["times"])
    ref = base["threads" if r["command"].startswith("threads") else "mpi"]
    print(f"| {r['command']} | {med:.3f} | {min(r['times']):.3f}-{max(r['times']):.3f} | {runs/med:.0f} | {ref/med:.2f}x |")
print("\n## Peak memory without time series (`/usr/bin/time -f %M`, 2 threads)\n")
print("| runs | peak RSS (MiB) | wall (s) |")
print("|---|---|---|")
for samples in (10, 100, 1000):
    kib, wall = open(f"{tmp}/mem_{samples}").read().split()
    print(f"| {samples*100:,} | {int(kib)/1024:.1f} | {float(wall):.1f} |")
PY
cat bench/sweep_results.md
