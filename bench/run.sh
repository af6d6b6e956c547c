#!/usr/bin/env bash
# Runs the whole benchmark suite on this machine and writes bench/RESULTS.md:
# machine limits (Eigen DGEMM/SYRK, STREAM triad; 1 and 2 cores), the engine's tick over
# the N grid, each phase, the metrics, sparse worlds against the dense N = 200 tick, and the
# NumPy peer on the same worlds, side by side.
# bench/README.md explains every number. Raw JSON is kept in bench/results/.
#
#   bench/run.sh                 # build in build-bench/, 5 repetitions
#   REPS=7 bench/run.sh          # more repetitions
#   BASELINE=/path/to/step_benchmark bench/run.sh
#                                # also time another build's BM_Step (before/after columns)
#   QUICK=1 bench/run.sh         # smoke run: 2 repetitions, N <= 200; results in
#                                # $BUILD/quick-results/ (or OUT), bench/ is not touched
#   OUT=/tmp/b bench/run.sh      # raw JSON and RESULTS.md in /tmp/b; bench/ is not touched
#   VARIANTS="native blas" bench/run.sh
#                                # the default; also build the engine with -DPOLARITY_NATIVE=ON
#                                # and with -DPOLARITY_BLAS=ON (each in $BUILD-native,
#                                # $BUILD-blas, or BUILD_NATIVE / BUILD_BLAS) and time their
#                                # BM_Step/peer and Eigen DGEMM/SYRK interleaved with the
#                                # default build's; "native+blas" is a third choice
#                                # (BUILD_NATIVE_BLAS); VARIANTS= (empty) skips them. A variant
#                                # that does not build is skipped with a warning.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$ROOT/build-bench}
REPS=${REPS:-5}
QUICK=${QUICK:-0}
if [ "$QUICK" = 1 ]; then OUT=${OUT:-$BUILD/quick-results}; else OUT=${OUT:-$ROOT/bench/results}; fi
VARIANTS=${VARIANTS-native blas}
# RESULTS.md goes to bench/ only when the raw results do.
if [ "$(cd "$(dirname "$OUT")" 2> /dev/null && pwd)/$(basename "$OUT")" = "$ROOT/bench/results" ]; then
  REPORT=$ROOT/bench/RESULTS.md
else
  REPORT=$OUT/RESULTS.md
fi
PYTHON=/usr/bin/python3
PEER=$ROOT/bench/peers/numpy_reference.py
mkdir -p "$OUT"
WORLDS=$(mktemp -d)
trap 'rm -rf "$WORLDS"' EXIT
log() { echo "run.sh: $*" >&2; }

# --- build (the engine's default flags; nothing here changes them) -----------------------
cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPOLARITY_NATIVE=OFF \
  -DPOLARITY_BLAS=OFF > /dev/null
cmake --build "$BUILD" -j2 --target step_benchmark machine_benchmark flagship_benchmark sparse_benchmark > /dev/null
STEP=$BUILD/bench/step_benchmark
MACHINE=$BUILD/bench/machine_benchmark

# --- build variants (docs/performance.md section 5): same sources, other CMake options -----
# Each in its own build directory; what was built and with which flags: $OUT/variants.json.
variant_flags() {
  case $1 in
    native) echo "-DPOLARITY_NATIVE=ON -DPOLARITY_BLAS=OFF" ;;
    blas) echo "-DPOLARITY_NATIVE=OFF -DPOLARITY_BLAS=ON" ;;
    native+blas) echo "-DPOLARITY_NATIVE=ON -DPOLARITY_BLAS=ON" ;;
    *) return 1 ;;
  esac
}
# The compiler flags of step_benchmark.cc in a build (optimisation, warnings, -m, -f, and the
# -D that change arithmetic), from its compile_commands.json.
build_flags() {
  "$PYTHON" - "$1/compile_commands.json" << 'PY'
import json, shlex, sys
for e in json.load(open(sys.argv[1])):
    if e["file"].endswith("bench/step_benchmark.cc"):
        words = shlex.split(e.get("command") or " ".join(e["arguments"]))
        keep = [w for w in words[1:] if w[:2] in ("-O", "-W", "-f", "-m")
                or w.startswith(("-DEIGEN_USE_BLAS", "-DPOLARITY_PORTABLE_FP"))]
        print(" ".join(keep))
        break
PY
}
rm -rf "$OUT/variants" "$OUT/variants.json"
labels=(default); declare -A V_STEP V_MACHINE V_THREADS
V_STEP[default]=$STEP; V_MACHINE[default]=$MACHINE; V_THREADS[default]=1
vjson="{\"name\": \"default\", \"cmake\": \"\", \"build_dir\": \"$BUILD\", \"built\": true, \"flags\": \"$(build_flags "$BUILD")\"}"
for v in $VARIANTS; do
  if ! flags=$(variant_flags "$v"); then
    log "warning: unknown variant '$v' (native, blas, native+blas): skipped"
    continue
  fi
  var="BUILD_$(echo "$v" | tr 'a-z+' 'A-Z_')"
  dir=${!var:-$BUILD-${v/+/-}}
  label=${v/+/_}
  mkdir -p "$OUT/variants/$label"
  log "building variant $v in $dir ($flags)"
  # shellcheck disable=SC2086
  if cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release $flags \
       > "$OUT/variants/$label/build.log" 2>&1 &&
     cmake --build "$dir" -j2 --target step_benchmark machine_benchmark \
       >> "$OUT/variants/$label/build.log" 2>&1; then
    built=true
    labels+=("$label")
    V_STEP[$label]=$dir/bench/step_benchmark; V_MACHINE[$label]=$dir/bench/machine_benchmark
    V_THREADS[$label]=1
    if [[ $v == *blas* ]]; then
      labels+=("${label}_2thr")
      V_STEP[${label}_2thr]=$dir/bench/step_benchmark; V_MACHINE[${label}_2thr]=""
      V_THREADS[${label}_2thr]=2
      mkdir -p "$OUT/variants/${label}_2thr"
    fi
    vflags=$(build_flags "$dir")
  else
    built=false; vflags=""
    log "warning: variant $v does not build ($OUT/variants/$label/build.log): skipped"
  fi
  vjson+=", {\"name\": \"$v\", \"cmake\": \"$flags\", \"build_dir\": \"$dir\", \"built\": $built, \"flags\": \"$vflags\"}"
done
echo "[$vjson]" > "$OUT/variants.json"

# --- the peer needs NumPy over OpenBLAS -------------------------------------------------
if ! "$PYTHON" -c 'import numpy' 2> /dev/null; then
  echo "run.sh: /usr/bin/python3 with python3-numpy is required" >&2
  exit 1
fi
if [ ! -e /usr/lib/x86_64-linux-gnu/libopenblas.so.0 ]; then
  log "warning: libopenblas0 is not installed; NumPy runs on reference BLAS (apt-get install libopenblas0-pthread)"
fi

# --- machine description ----------------------------------------------------------------
# "commit" gets "+dirty" when the sources differ from it (this run's own outputs do not count).
{
  echo "{"
  echo "  \"cpu\": \"$(lscpu | sed -n 's/^Model name: *//p' | head -1)\","
  echo "  \"cpu_family_model\": \"$(lscpu | sed -n 's/^CPU family: *//p' | head -1)/$(lscpu | sed -n 's/^Model: *//p' | head -1)\","
  echo "  \"cores\": $(nproc),"
  echo "  \"l2\": \"$(lscpu | sed -n 's/^L2 cache: *//p')\", \"l3\": \"$(lscpu | sed -n 's/^L3 cache: *//p')\","
  echo "  \"memory_gib\": $(free -g | awk '/^Mem:/{print $2}'),"
  echo "  \"kernel\": \"$(uname -r)\","
  echo "  \"compiler\": \"$(c++ --version | head -1)\","
  echo "  \"eigen\": \"$(sed -n 's/^Version: //p' /usr/share/pkgconfig/eigen3.pc 2> /dev/null || echo unknown)\","
  echo "  \"flags\": \"$(grep -o '\-O[0-9].*-ffp-contract=off' "$BUILD/compile_commands.json" | head -1 | sed 's/-I[^ ]*//g;s/-D[^ ]*//g;s/  */ /g')\","
  echo "  \"commit\": \"$(git -C "$ROOT" rev-parse --short=12 HEAD 2> /dev/null || echo unknown)$(git -C "$ROOT" diff --quiet -- . ':!bench/results' ':!bench/RESULTS.md' 2> /dev/null || echo '+dirty')\","
  echo "  \"date\": \"$(date -u +%Y-%m-%dT%H:%MZ)\","
  echo "  \"load_before\": \"$(cut -d' ' -f1-3 /proc/loadavg)\","
  echo "  \"reps\": $REPS"
  echo "}"
} > "$OUT/machine_info.json"

# --- OpenBLAS core type: measured, not trusted ---------------------------------------------
# Debian's OpenBLAS (0.3.21, DYNAMIC_ARCH) picks kernels from the CPU id; on CPUs newer than
# the library it can pick a slower path. Time DGEMM (n = 1000, one thread) under each
# candidate and use the fastest for every peer run below.
log "OpenBLAS core types"
echo -n "[" > "$OUT/openblas_coretypes.json"
best=""; best_rate=0; first=1
for core in auto Haswell Zen SkylakeX Cooperlake; do
  if [ "$core" = auto ]; then env_core=(); else env_core=(OPENBLAS_CORETYPE=$core); fi
  # A core type this CPU lacks the instructions for (SkylakeX without AVX-512: OpenBLAS
  # 0.3.21 takes the request as it is) dies of SIGILL; it is recorded and skipped.
  status=0
  line=$(env "${env_core[@]}" OPENBLAS_NUM_THREADS=1 "$PYTHON" "$PEER" --gemm 1000 2> /dev/null) || status=$?
  [ $first = 1 ] || echo -n "," >> "$OUT/openblas_coretypes.json"; first=0
  if [ $status != 0 ]; then
    log "  $core: the peer exited with status $status (this CPU cannot run that core type); skipped"
    echo -n "{\"requested\": \"$core\", \"result\": null, \"exit_status\": $status}" >> "$OUT/openblas_coretypes.json"
    continue
  fi
  echo -n "{\"requested\": \"$core\", \"result\": $line}" >> "$OUT/openblas_coretypes.json"
  rate=$(echo "$line" | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["gflops"])')
  if "$PYTHON" -c "import sys; sys.exit(0 if $rate > $best_rate else 1)"; then best=$core; best_rate=$rate; fi
done
echo "]" >> "$OUT/openblas_coretypes.json"
if [ "$best" = auto ]; then unset OPENBLAS_CORETYPE; else export OPENBLAS_CORETYPE=$best; fi
log "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-<auto>} ($best_rate GFLOP/s at n=1000, 1 thread)"
echo "{\"chosen\": \"$best\"}" > "$OUT/openblas_choice.json"

# REP_FLAGS: repetitions of one benchmark; GB_FLAGS: of a suite, in random order.
REP_FLAGS=(--benchmark_repetitions="$REPS" --benchmark_out_format=json)
GB_FLAGS=("${REP_FLAGS[@]}" --benchmark_enable_random_interleaving=true)
if [ "$QUICK" = 1 ]; then
  REP_FLAGS=(--benchmark_repetitions=2 --benchmark_out_format=json --benchmark_min_time=0.05)
  GB_FLAGS=("${REP_FLAGS[@]}")
  GRID=(6 20 50 200)
  STEP_FILTER='BM_Step/.*/(6|20|50|200)$|BM_Phase.*/(20|200)$|BM_Metrics/(20|200)$'
  MACHINE_FILTER='BM_EigenGemm/(200|500)/|BM_EigenSyrk/(200|500)/|BM_Triad'
  SPARSE_FILTER='BM_SparseStep/peer/(1000|5000)/20$|BM_DenseStep/peer/'
else
  GRID=(6 20 50 200 1000 2000)
  STEP_FILTER='.'
  MACHINE_FILTER='.'
  SPARSE_FILTER='.'
fi

# --- machine limits, then the engine, then the peer: one invocation ------------------------
log "machine limits (Eigen DGEMM/SYRK, triad; 1 and 2 threads)"
"$MACHINE" --benchmark_filter="$MACHINE_FILTER" "${GB_FLAGS[@]}" \
  --benchmark_out="$OUT/machine.json" > "$OUT/machine.txt"
log "NumPy DGEMM (n = 2000; 1 and 2 threads)"
OPENBLAS_NUM_THREADS=1 "$PYTHON" "$PEER" --gemm 2000 > "$OUT/numpy_gemm_1.json"
OPENBLAS_NUM_THREADS=2 "$PYTHON" "$PEER" --gemm 2000 > "$OUT/numpy_gemm_2.json"

log "engine: tick, phases, metrics"
"$STEP" --benchmark_filter="$STEP_FILTER" "${GB_FLAGS[@]}" \
  --benchmark_out="$OUT/engine.json" > "$OUT/engine.txt"
"$BUILD/bench/flagship_benchmark" "${GB_FLAGS[@]}" --benchmark_out="$OUT/flagship.json" \
  > "$OUT/flagship.txt"
log "engine: sparse worlds (polarity generate), beside the dense N = 200 tick"
"$BUILD/bench/sparse_benchmark" --benchmark_filter="$SPARSE_FILTER" "${GB_FLAGS[@]}" \
  --benchmark_out="$OUT/sparse.json" > "$OUT/sparse.txt"
# Before/after only from this run's BASELINE. The two binaries alternate, one repetition of
# every BM_Step each per round (the order swapping between rounds), so that both see the
# same minutes of a machine whose speed drifts; the engine's own BM_Step above is not reused.
rm -rf "$OUT/baseline.json" "$OUT/baseline.txt" "$OUT/beside"
if [ -n "${BASELINE:-}" ]; then
  log "baseline engine beside this one, alternating: $BASELINE"
  mkdir -p "$OUT/beside"
  BESIDE_FLAGS=(--benchmark_filter='^BM_Step(TwoThreads)?/')  # the 1- and 2-thread tick
  rounds=$REPS
  if [ "$QUICK" = 1 ]; then
    BESIDE_FLAGS=(--benchmark_filter='^BM_Step/peer/(6|20|200)$|^BM_StepTwoThreads/peer/200/' --benchmark_min_time=0.05)
    rounds=2
  fi
  BESIDE_FLAGS+=(--benchmark_repetitions=1 --benchmark_out_format=json)
  for ((round = 1; round <= rounds; round++)); do
    order=(baseline engine)
    if ((round % 2 == 0)); then order=(engine baseline); fi
    for side in "${order[@]}"; do
      binary=$STEP
      if [ "$side" = baseline ]; then binary=$BASELINE; fi
      "$binary" "${BESIDE_FLAGS[@]}" --benchmark_out="$OUT/beside/${side}_$round.json" > /dev/null
    done
  done
fi

# --- build variants, interleaved with the default build (built above) ---------------------
# Every round runs, for each build in turn (the order rotates between rounds), its Eigen
# DGEMM/SYRK on one core and BM_Step/peer/N once, so that all builds share the machine's
# load. Engine ticks run on one thread; BLAS builds run with OPENBLAS_NUM_THREADS=1 (the
# engine parallelises across runs, one core per tick), and their BM_Step once more with 2
# OpenBLAS threads (the peer's setting), under the OPENBLAS_CORETYPE chosen above.
# Raw results: $OUT/variants/<build>/{machine,step}_<round>.json.
if ((${#labels[@]} > 1)); then
  grid_re=$(IFS='|'; echo "${GRID[*]}")
  VSTEP_FILTER="BM_Step/peer/($grid_re)\$"
  if [ "$QUICK" = 1 ]; then
    VMACHINE_FILTER='BM_Eigen(Gemm|Syrk)/(200|500)/real_time/threads:1$'
    VGB_FLAGS=(--benchmark_repetitions=1 --benchmark_out_format=json --benchmark_min_time=0.05)
    rounds=2
  else
    VMACHINE_FILTER='BM_Eigen(Gemm|Syrk)/[0-9]+/real_time/threads:1$'
    VGB_FLAGS=(--benchmark_repetitions=1 --benchmark_out_format=json)
    rounds=$REPS
  fi
  mkdir -p "$OUT/variants/default"
  log "build variants: ${labels[*]}, $rounds rounds"
  for ((r = 0; r < rounds; r++)); do
    count=${#labels[@]}
    for ((k = 0; k < count; k++)); do
      label=${labels[$(((k + r) % count))]}
      export OPENBLAS_NUM_THREADS=${V_THREADS[$label]}
      if [ -n "${V_MACHINE[$label]}" ]; then
        "${V_MACHINE[$label]}" --benchmark_filter="$VMACHINE_FILTER" "${VGB_FLAGS[@]}" \
          --benchmark_out="$OUT/variants/$label/machine_$r.json" > /dev/null
      fi
      "${V_STEP[$label]}" --benchmark_filter="$VSTEP_FILTER" "${VGB_FLAGS[@]}" \
        --benchmark_out="$OUT/variants/$label/step_$r.json" > /dev/null
      unset OPENBLAS_NUM_THREADS
    done
  done
fi

# Ticks per timed repetition of the peer: enough for ~0.5 s at small N, at least 3.
peer_ticks() {
  case $1 in
    6|20) echo 400 ;; 50) echo 200 ;; 200) echo 40 ;; 1000) echo 6 ;; *) echo 3 ;;
  esac
}
# The peer's time per tick differs by up to 2x between Python processes on this machine (at
# N = 20: 140 or 250-290 us a tick, whatever OPENBLAS_CORETYPE says), so each setting runs in
# PEER_PROCESSES processes and the report takes the fastest process: NumPy at its best.
PEER_PROCESSES=${PEER_PROCESSES:-3}
log "NumPy peer (default threads, and 1 thread; $PEER_PROCESSES processes each)"
# Before each 2-thread process, the engine's BM_Step/peer/N once more (REPS repetitions), and
# from N = 200, where it is timed, BM_StepTwoThreads/peer/N as well: report.py pairs each
# with the process, a ratio of the same minutes ($OUT/paired_engine_N_P.json).
rm -f "$OUT"/peer_*.json "$OUT"/peer1_*.json "$OUT"/paired_engine_*.json
for n in "${GRID[@]}"; do
  "$STEP" --dump_world="$WORLDS/$n" --dump_actors="$n"
  for process in $(seq "$PEER_PROCESSES"); do
    "$STEP" --benchmark_filter="^BM_Step(TwoThreads)?/peer/$n(/real_time)?\$" "${REP_FLAGS[@]}" \
      --benchmark_out="$OUT/paired_engine_${n}_$process.json" > /dev/null
    "$PYTHON" "$PEER" --input "$WORLDS/$n" --ticks "$(peer_ticks "$n")" --time "$REPS" \
      > "$OUT/peer_${n}_$process.json"
    OPENBLAS_NUM_THREADS=1 "$PYTHON" "$PEER" --input "$WORLDS/$n" --ticks "$(peer_ticks "$n")" \
      --time "$REPS" > "$OUT/peer1_${n}_$process.json"
  done
  rm -rf "${WORLDS:?}/$n"
done
# Limits again at the end: the machine is shared, and a limit is the best the machine did,
# so report.py keeps the better of the two measurements of each kernel.
log "machine limits again"
"$MACHINE" --benchmark_filter="$MACHINE_FILTER" "${GB_FLAGS[@]}" \
  --benchmark_out="$OUT/machine_end.json" > "$OUT/machine_end.txt"
echo "{\"load_after\": \"$(cut -d' ' -f1-3 /proc/loadavg)\"}" > "$OUT/load_after.json"

# --- the report ------------------------------------------------------------------------------
if [ "$QUICK" = 1 ]; then
  "$PYTHON" "$ROOT/bench/report.py" "$OUT" --commands "QUICK=1 VARIANTS=\"$VARIANTS\" bench/run.sh" \
    > "$OUT/RESULTS.quick.md"
  log "quick run: $OUT/RESULTS.quick.md"
else
  "$PYTHON" "$ROOT/bench/report.py" "$OUT" \
    --commands "REPS=$REPS ${BASELINE:+BASELINE=$BASELINE }VARIANTS=\"$VARIANTS\" bench/run.sh" > "$REPORT"
  log "wrote $REPORT"
fi
