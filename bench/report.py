#!/usr/bin/python3
"""Writes bench/RESULTS.md from the raw results of bench/run.sh (bench/results/*.json).

Usage: report.py RESULTS_DIR [--commands TEXT] > RESULTS.md

Every figure is a median over repetitions, with its spread as [min, max]. The minimum
time of a tick is the roofline of bench/README.md: max(F / F_peak, B / BW) with F and B
the flop and byte counts of one tick and F_peak, BW the best Eigen DGEMM/SYRK rate and the
triad bandwidth measured in the same run.
"""

import argparse
import glob
import json
import os
import statistics

K = 7
GRID = (6, 20, 50, 200, 1000, 2000)
GOALS = {6: 50.0, 20: 50.0, 200: 3.0, 2000: 1.5}  # engine/NumPy ratio goals of issue 4


def tick_flops(n, k=K):
    """Flops of one tick (peer configuration): three N^2 K products, SYRK, GEMM."""
    return 6.0 * n * n * k + n * n * (n + 1.0) + 2.0 * n ** 3


def tick_bytes(n, k=K):
    """Compulsory memory traffic of one tick: six N x N arrays read (S, A, P, F, E, Pi),
    three written (S, A, P), and the N x K / N arrays (C, a, W read; C, a written; eleven
    actor vectors), 8 bytes each. Scratch that a fused tick could keep in cache is not
    counted: this is a lower bound."""
    return 8.0 * (9.0 * n * n + 5.0 * n * k + 11.0 * n)


def load(path):
    with open(path) as f:
        return json.load(f)


def seconds(entry):
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[entry["time_unit"]]
    return entry["real_time"] * scale, entry["cpu_time"] * scale


def gb_runs(*paths):
    """{run_name: {"real": [s...], "cpu": [s...], "counters": [{...}...]}} per repetition, over
    every file given (several when each holds one round's repetition)."""
    runs = {}
    for path in paths:
        if not os.path.exists(path):
            continue
        for b in load(path)["benchmarks"]:
            if b.get("run_type") != "iteration":
                continue
            real, cpu = seconds(b)
            r = runs.setdefault(b["run_name"], {"real": [], "cpu": [], "counters": []})
            r["real"].append(real)
            r["cpu"].append(cpu)
            r["counters"].append({k: v for k, v in b.items() if k in ("flops", "bytes", "N")})
    return runs


def med(xs):
    return statistics.median(xs)


def spread(xs, scale=1.0, fmt="{:.3g}"):
    return "[" + fmt.format(min(xs) * scale) + ", " + fmt.format(max(xs) * scale) + "]"


def time_spread(xs):
    return f"[{fmt_time(min(xs))}, {fmt_time(max(xs))}]"


def fmt_time(s):
    if s < 1e-3:
        return f"{s * 1e6:.3g} µs"
    if s < 1.0:
        return f"{s * 1e3:.3g} ms"
    return f"{s:.3g} s"


def work_per_iteration(name):
    """Flops (or bytes, for the triad) of one iteration of a machine benchmark."""
    kernel, size = name.split("/")[0], float(name.split("/")[1])
    if kernel in ("BM_EigenGemm", "BM_ExactGemm"):
        return 2.0 * size ** 3
    if kernel in ("BM_EigenSyrk", "BM_ExactSyrk"):
        return size * size * (size + 1.0)
    return 24.0 * size  # BM_Triad


def rate_stats(run, name, clock="real", scale=1e-9):
    """Median and per-repetition rates: work per iteration / time per iteration. Google
    Benchmark reports a threaded run's real time per iteration as wall time / iterations of
    all threads, so this is the aggregate rate of all threads (rates are computed here
    rather than read from the counters, which double-counted threads in an early version
    of machine_benchmark.cc)."""
    w = work_per_iteration(name)
    values = [w / t * scale for t in run[clock]]
    return med(values), values


def peak_rate(machine, clock="real"):
    """Best one-core Eigen or exact-product DGEMM/SYRK median rate (GFLOP/s), n = 200 ... 2000."""
    best = 0.0
    for kernel in ("BM_EigenGemm", "BM_EigenSyrk", "BM_ExactGemm", "BM_ExactSyrk"):
        for size in (200, 500, 1000, 2000):
            run = machine.get(f"{kernel}/{size}/real_time/threads:1")
            if run:
                best = max(best, rate_stats(run, f"{kernel}/{size}", clock)[0])
    return best


def gb_rounds(directory, prefix):
    """gb_runs over every round file DIR/PREFIX_<round>.json, repetitions concatenated."""
    runs = {}
    for path in sorted(glob.glob(os.path.join(directory, f"{prefix}_*.json"))):
        for name, r in gb_runs(path).items():
            acc = runs.setdefault(name, {"real": [], "cpu": [], "counters": []})
            for key in acc:
                acc[key].extend(r[key])
    return runs


# Build variants of bench/run.sh (VARIANTS): result directory -> label in RESULTS.md.
VARIANT_LABELS = {
    "default": "default",
    "native": "native",
    "blas": "blas",
    "blas_2thr": "blas, 2 BLAS threads",
    "native_blas": "native+blas",
    "native_blas_2thr": "native+blas, 2 BLAS threads",
}


def variant_section(d, grid, peers, peers1, bw, w):
    """The build-variant tables: every build's BM_Step/peer/N and one-core DGEMM/SYRK,
    measured interleaved in rounds (bench/run.sh), against the same NumPy runs."""
    vdir = os.path.join(d, "variants")
    if not os.path.isdir(vdir) or not os.path.exists(os.path.join(d, "variants.json")):
        return {}
    builds = load(os.path.join(d, "variants.json"))
    steps, peaks, machines = {}, {}, {}
    for key in VARIANT_LABELS:
        step = gb_rounds(os.path.join(vdir, key), "step")
        if step:
            steps[key] = step
        machine = gb_rounds(os.path.join(vdir, key), "machine")
        if machine:
            machines[key] = machine
            peaks[key] = peak_rate(machine)
    if len(steps) < 2:
        return {}
    # A 2-thread BLAS row uses its build's one-core peak only to show it; its minimum time
    # (a one-core bound) is not given.
    for key in list(steps):
        if key.endswith("_2thr") and key[:-5] in peaks:
            peaks.setdefault(key, peaks[key[:-5]])
    rounds = max(len(v["real"]) for s in steps.values() for v in s.values())
    w("## Build options: native and BLAS builds, side by side")
    w("")
    w("The same engine built with the CMake options of `docs/performance.md` §5, beside the "
      "default, portable build: `-DPOLARITY_NATIVE=ON` (`-march=native`: Eigen's AVX-512/FMA "
      "kernels on this CPU) and `-DPOLARITY_BLAS=ON` (`EIGEN_USE_BLAS`: Eigen hands its "
      "products, GEMM, SYRK and GEMV, to OpenBLAS). Both change the floating-point results (the "
      "golden hashes hold only in the default build); neither changes the model. Each build is "
      "compiled by `run.sh` in "
      f"its own directory; in each of {rounds} rounds every build runs its Eigen DGEMM/SYRK "
      "(one core) and `BM_Step/peer/N` once, in an order that rotates between rounds, so all "
      "builds share the machine's load. The engine runs a tick on one thread; BLAS builds run "
      "with `OPENBLAS_NUM_THREADS=1` (the same binary once more with 2 OpenBLAS threads, the "
      "peer's setting) under the `OPENBLAS_CORETYPE` chosen above. The NumPy columns are the "
      "peer runs of the table above (same run).")
    w("")
    w("| build | CMake options | compiler flags | F_peak, 1 core (best Eigen DGEMM/SYRK), GFLOP/s |")
    w("|---|---|---|---|")
    for b in builds:
        key = b["name"].replace("+", "_")
        if not b.get("built"):
            w(f"| {b['name']} | `{b['cmake']}` | did not build (`{b['build_dir']}`) | – |")
            continue
        cmake = f"`{b['cmake']}`" if b["cmake"] else "–"
        w(f"| {VARIANT_LABELS.get(key, key)} | {cmake} | `{b['flags']}` | "
          f"{peaks.get(key, float('nan')):.1f} |")
    w("")
    keys = [k for k in VARIANT_LABELS if k in machines]
    w("Eigen DGEMM and SYRK on one core, GFLOP/s, median [min, max] over rounds:")
    w("")
    w("| kernel | size | " + " | ".join(VARIANT_LABELS[k] for k in keys) + " |")
    w("|---|---|" + "---|" * len(keys))
    for kernel, label in (("BM_EigenGemm", "DGEMM"), ("BM_EigenSyrk", "SYRK")):
        for size in (200, 500, 1000, 2000):
            cells = []
            for k in keys:
                run = machines[k].get(f"{kernel}/{size}/real_time/threads:1")
                if not run:
                    cells.append("–")
                    continue
                m, vals = rate_stats(run, f"{kernel}/{size}")
                cells.append(f"{m:.1f} {spread(vals, 1.0, '{:.1f}')}")
            if any(c != "–" for c in cells):
                w(f"| {label} | {size} | " + " | ".join(cells) + " |")
    w("")
    w("Ticks/s = 1 / median wall time per tick [min, max] over rounds. ÷ NumPy = engine ticks/s "
      "÷ NumPy ticks/s. Minimum time = max(F / F_peak, B / BW) on one core with this build's own "
      "F_peak (BW: the triad above).")
    w("")
    w("| N | build | ticks/s | time/tick | ÷ NumPy (2 thr) | ÷ NumPy (1 thr) | vs default "
      "| min time (1 core) | measured / min |")
    w("|---|---|---|---|---|---|---|---|---|")
    rows = {}
    for n in grid:
        base = steps.get("default", {}).get(f"BM_Step/peer/{n}")
        for key in VARIANT_LABELS:
            e = steps.get(key, {}).get(f"BM_Step/peer/{n}")
            if not e:
                continue
            e_med = med(e["real"])
            p = med(peers[n]["seconds_per_tick"])
            p1 = peers1.get(n, {}).get("seconds_per_tick")
            ratio, ratio1 = p / e_med, (med(p1) / e_med if p1 else float("nan"))
            f, b = tick_flops(n), tick_bytes(n)
            if key in peaks and not key.endswith("_2thr") and bw.get(1):
                t_min = max(f / (peaks[key] * 1e9), b / (bw[1] * 1e9))
                over, tmin_s, over_s = e_med / t_min, fmt_time(t_min), f"{e_med / t_min:.3g}"
            else:
                over, tmin_s, over_s = float("nan"), "–", "–"
            rows.setdefault(key, {})[n] = dict(e=e_med, ratio=ratio, ratio1=ratio1, over=over)
            w(f"| {n} | {VARIANT_LABELS[key]} | {1 / e_med:,.4g} "
              f"{spread([1 / x for x in e['real']], 1, '{:,.4g}')} | {fmt_time(e_med)} "
              f"| **{ratio:.3g}×** | {ratio1:.3g}× | "
              f"{(med(base['real']) / e_med) if base else float('nan'):.2f}× | {tmin_s} | {over_s} |")
    w("")
    keys = [k for k in VARIANT_LABELS if k in rows]
    w("Goals of issue 4 per build (wall time; ratios against 2-thread NumPy):")
    w("")
    w("| goal | " + " | ".join(VARIANT_LABELS[k] for k in keys) + " |")
    w("|---|" + "---|" * len(keys))
    for n, goal in GOALS.items():
        cells = []
        for k in keys:
            r = rows[k].get(n)
            cells.append(f"{r['ratio']:.3g}× {'yes' if r['ratio'] >= goal else 'no'}" if r else "–")
        if any(c != "–" for c in cells):
            w(f"| ≥ {goal:g}× NumPy at N = {n} | " + " | ".join(cells) + " |")
    for n in (200, 1000, 2000):
        cells = []
        for k in keys:
            r = rows[k].get(n)
            if not r or r["over"] != r["over"]:
                cells.append("–")
            else:
                cells.append(f"{r['over']:.3g}× {'yes' if r['over'] <= 1.5 else 'no'}")
        if any(c != "–" for c in cells):
            w(f"| within 1.5× of the minimum time at N = {n} | " + " | ".join(cells) + " |")
    w("")
    return rows


def sparse_section(d, w):
    """Sparse worlds (issue 4 item 6): BM_SparseStep/<config>/N/M beside BM_DenseStep/<config>/200."""
    runs = gb_runs(os.path.join(d, "sparse.json"))
    if not runs:
        return
    w("## Big worlds: sparse mode")
    w("")
    w("Worlds from `polarity generate` (N actors, N·M/2 ties, 80 % between nearest neighbours), "
      "`network: {sparse: true}`; one thread, wall time per tick, median [min, max] over "
      "repetitions, measured in the same run as the dense tick at N = 200 (`BM_DenseStep`, the "
      "synthetic dense world of the table above). × dense 200 = sparse time / dense N = 200 time, "
      "same configuration. Goal (issue 4): N = 5000, M = 20 at most 30×.")
    w("")
    w("| config | N | ties per actor M | undirected ties | time/tick | ns per tie | × dense N = 200 |")
    w("|---|---|---|---|---|---|---|")
    plot = []
    for config in ("peer", "full"):
        dense = runs.get(f"BM_DenseStep/{config}/200")
        keys = []
        for name in runs:
            parts = name.split("/")
            if parts[0] == "BM_SparseStep" and parts[1] == config:
                keys.append((int(parts[2]), int(parts[3]), name))
        for n, m, name in sorted(keys):
            r = runs[name]
            t = med(r["real"])
            ties = n * m / 2
            ratio = f"{t / med(dense['real']):.3g}×" if dense else "–"
            if n == 5000 and m == 20:
                ratio = f"**{ratio}**"
            w(f"| {config} | {n} | {m} | {ties:,.0f} | {fmt_time(t)} {time_spread(r['real'])} "
              f"| {t / ties * 1e9:.0f} | {ratio} |")
            plot.append(f"{config}, {n}, {m}, {t:.6g}")
        if dense:
            w(f"| {config} (dense) | 200 | all pairs | – | {fmt_time(med(dense['real']))} "
              f"{time_spread(dense['real'])} | – | 1 |")
    metrics = runs.get("BM_SparseMetrics/5000/20")
    w("")
    if metrics:
        w(f"Record phase of the N = 5000, M = 20 world (blocs, polarisation, balance over the tie "
          f"graph's triangles), on recorded ticks only: {fmt_time(med(metrics['real']))} "
          f"{time_spread(metrics['real'])}.")
        w("")
    w("```")
    w("# sparse plot data: config, N, M, seconds per tick")
    for line in plot:
        w(line)
    w("```")
    w("")


def same_minutes(pairs, n):
    """The per-process ratios at N, and the ratio of NumPy's fastest process (NaN when none)."""
    ratios = [r for _, _, r in pairs.get(n, [])]
    best = min(pairs[n], key=lambda t: t[1])[2] if ratios else float("nan")
    return ratios, best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--commands", default="bench/run.sh")
    args = parser.parse_args()
    d = args.results

    info = load(os.path.join(d, "machine_info.json"))
    load_after = load(os.path.join(d, "load_after.json"))["load_after"]
    # Machine limits were measured at the start and at the end of the run: keep, per
    # kernel, the measurement with the better median (a limit is the best the machine did).
    machine = gb_runs(os.path.join(d, "machine.json"))
    for name, run in gb_runs(os.path.join(d, "machine_end.json")).items():
        if name not in machine or med(run["real"]) < med(machine[name]["real"]):
            machine[name] = run
    engine = gb_runs(os.path.join(d, "engine.json"))
    # Before/after: the rounds in which run.sh alternated the baseline with this build, or, in
    # results of run.sh before it did (commit 00a1838), the baseline timed after the engine.
    rounds = {side: sorted(glob.glob(os.path.join(d, "beside", f"{side}_*.json"))) for side in ("baseline", "engine")}
    alternated = bool(rounds["baseline"])
    if alternated:
        baseline, after = gb_runs(*rounds["baseline"]), gb_runs(*rounds["engine"])
    else:
        baseline, after = gb_runs(os.path.join(d, "baseline.json")), engine
    cores = load(os.path.join(d, "openblas_coretypes.json"))
    chosen = load(os.path.join(d, "openblas_choice.json"))["chosen"]
    np1 = load(os.path.join(d, "numpy_gemm_1.json"))
    np2 = load(os.path.join(d, "numpy_gemm_2.json"))
    # Several processes per N (run.sh: PEER_PROCESSES): the fastest one's repetitions, and
    # every process's median for the record.
    def fastest_peers(pattern):
        best, medians = {}, {}
        for path in sorted(glob.glob(os.path.join(d, pattern))):
            p = load(path)
            medians.setdefault(p["n"], []).append(med(p["seconds_per_tick"]))
            if p["n"] not in best or med(p["seconds_per_tick"]) < med(best[p["n"]]["seconds_per_tick"]):
                best[p["n"]] = p
        return best, medians
    peers, peer_medians = fastest_peers("peer_*.json")
    peers1, _ = fastest_peers("peer1_*.json")
    # Same minutes: each 2-thread NumPy process beside the engine's BM_Step/peer/N timed just
    # before it (run.sh, paired_engine_N_P.json): per process (engine s, NumPy s, ratio).
    # From N = 200 the engine's 2-thread tick too (paired2), against the same process.
    paired, paired2 = {}, {}
    for path in sorted(glob.glob(os.path.join(d, "paired_engine_*.json"))):
        n, process = (int(x) for x in os.path.basename(path)[len("paired_engine_"):-len(".json")].split("_"))
        peer_path = os.path.join(d, f"peer_{n}_{process}.json")
        if not os.path.exists(peer_path):
            continue
        q_s = med(load(peer_path)["seconds_per_tick"])
        runs = gb_runs(path)
        for name, into in ((f"BM_Step/peer/{n}", paired), (f"BM_StepTwoThreads/peer/{n}/real_time", paired2)):
            if name in runs:
                e_s = med(runs[name]["real"])
                into.setdefault(n, []).append((e_s, q_s, q_s / e_s))
    grid = [n for n in GRID if n in peers and f"BM_Step/peer/{n}" in engine]

    out = []
    w = out.append
    w("# Benchmark results")
    w("")
    w("Written by `bench/report.py` from the raw JSON in `bench/results/` (kept with it).")
    w("What each number means and how the minimum time is derived: `bench/README.md`;")
    w("the discussion: `docs/performance.md`.")
    w("")
    w("## Machine and commands")
    w("")
    w(f"- CPU: {info['cpu']} (family/model {info['cpu_family_model']}), {info['cores']} cores, "
      f"L2 {info['l2']}, L3 {info['l3']}, {info['memory_gib']} GiB; kernel {info['kernel']}")
    w(f"- Compiler: {info['compiler']}; Eigen {info['eigen']}; engine flags: `{info['flags']}` "
      "(no `-march`: SSE2 code on x86-64)")
    w(f"- Commit: `{info['commit']}`; date {info['date']}; {info['reps']} repetitions per figure")
    w(f"- Load average (1, 5, 15 min) before: {info['load_before']}; after: {load_after} "
      "(a shared 2-core machine: other engineers' builds may run during the measurement)")
    ob = np2.get("openblas") or {}
    w(f"- NumPy {np2.get('numpy')} over {ob.get('config', 'unknown BLAS')}; "
      f"`OPENBLAS_CORETYPE={chosen if chosen != 'auto' else '(unset)'}` chosen by measurement (below)")
    w("- Commands:")
    w("")
    w("```")
    w(args.commands)
    w("# which runs, in this order:")
    w("machine_benchmark --benchmark_repetitions=R --benchmark_enable_random_interleaving=true "
      "--benchmark_out=bench/results/machine.json --benchmark_out_format=json   # also at the end")
    w("OPENBLAS_NUM_THREADS={1,2} python3 bench/peers/numpy_reference.py --gemm 2000")
    w("step_benchmark --benchmark_repetitions=R --benchmark_enable_random_interleaving=true "
      "--benchmark_out=bench/results/engine.json --benchmark_out_format=json")
    w("flagship_benchmark --benchmark_repetitions=R ... --benchmark_out=bench/results/flagship.json")
    if alternated:
        w("for each of REPS rounds (2 with QUICK=1; order swapped every round), when BASELINE is given:")
        w("  BASELINE_step_benchmark --benchmark_filter='^BM_Step(TwoThreads)?/' --benchmark_repetitions=1 --benchmark_out=bench/results/beside/baseline_R.json")
        w("  step_benchmark --benchmark_filter='^BM_Step(TwoThreads)?/' --benchmark_repetitions=1 --benchmark_out=bench/results/beside/engine_R.json")
    else:
        w("BASELINE_step_benchmark --benchmark_filter=BM_Step/ ...   # when BASELINE is given")
    w("step_benchmark --dump_world=DIR --dump_actors=N      # per N, the same world for the peer")
    w("step_benchmark --benchmark_filter='^BM_Step(TwoThreads)?/peer/N(/real_time)?$' --benchmark_repetitions=R   "
      "# the engine again (from N = 200 on 2 threads too), just before each NumPy process")
    w("python3 bench/peers/numpy_reference.py --input DIR --ticks T --time R   # default threads (2)")
    w("OPENBLAS_NUM_THREADS=1 python3 bench/peers/numpy_reference.py --input DIR --ticks T --time R")
    if os.path.exists(os.path.join(d, "variants.json")) and len(load(os.path.join(d, "variants.json"))) > 1:
        w("# build variants (VARIANTS), R rounds, builds in rotating order within each round:")
        w("cmake -S . -B BUILD-VARIANT -DPOLARITY_NATIVE=ON|-DPOLARITY_BLAS=ON ...; "
          "cmake --build BUILD-VARIANT --target step_benchmark machine_benchmark")
        w("OPENBLAS_NUM_THREADS=1 BUILD/bench/machine_benchmark "
          "--benchmark_filter='BM_Eigen(Gemm|Syrk)/[0-9]+/real_time/threads:1$' "
          "--benchmark_repetitions=1 --benchmark_out=bench/results/variants/BUILD/machine_ROUND.json")
        w("OPENBLAS_NUM_THREADS={1,2} BUILD/bench/step_benchmark --benchmark_filter='BM_Step/peer/(6|20|...)$' "
          "--benchmark_repetitions=1 --benchmark_out=bench/results/variants/BUILD/step_ROUND.json")
    w("```")
    w("")

    # --- machine limits ---
    w("## Limits of this machine (same run)")
    w("")
    w("Eigen built with the engine's flags; the engine's exact products (`core/exact_product.h`, "
      "the kernels the tick uses, at the widest instruction set this CPU has) and NumPy's "
      "OpenBLAS DGEMM beside them. Two threads = two independent copies, one per core "
      "(aggregate rate). Median [min, max] over repetitions.")
    w("")
    w("| kernel | size | 1 core | 2 cores |")
    w("|---|---|---|---|")
    peak = {1: 0.0, 2: 0.0}
    for kernel, label in (("BM_EigenGemm", "Eigen DGEMM, GFLOP/s"), ("BM_EigenSyrk", "Eigen SYRK (A Aᵀ), GFLOP/s"),
                          ("BM_ExactGemm", "engine exact GEMM, GFLOP/s"),
                          ("BM_ExactSyrk", "engine exact SYRK (A Aᵀ), GFLOP/s")):
        for size in (200, 500, 1000, 2000):
            cells = []
            for threads in (1, 2):
                run = machine.get(f"{kernel}/{size}/real_time/threads:{threads}")
                if not run:
                    cells.append("–")
                    continue
                m, vals = rate_stats(run, f"{kernel}/{size}")
                peak[threads] = max(peak[threads], m)
                cells.append(f"{m:.1f} {spread(vals, 1.0, '{:.1f}')}")
            w(f"| {label} | {size} | {cells[0]} | {cells[1]} |")
    # CPU-time rates on one core (the time the process actually ran: on a loaded machine the
    # better estimate of what the code costs; wall-time rates include waiting for the core).
    peak_cpu = 0.0
    for kernel in ("BM_EigenGemm", "BM_EigenSyrk", "BM_ExactGemm", "BM_ExactSyrk"):
        for size in (200, 500, 1000, 2000):
            run = machine.get(f"{kernel}/{size}/real_time/threads:1")
            if run:
                peak_cpu = max(peak_cpu, rate_stats(run, f"{kernel}/{size}", "cpu")[0])
    bw_cpu = 0.0
    run = machine.get("BM_Triad/16777216/real_time/threads:1")
    if run:
        bw_cpu = rate_stats(run, "BM_Triad/16777216", "cpu")[0]
    bw = {}
    for threads in (1, 2):
        run = machine.get(f"BM_Triad/16777216/real_time/threads:{threads}")
        if run:
            m, vals = rate_stats(run, "BM_Triad/16777216")
            bw[threads] = m
    if bw:
        w(f"| STREAM triad (3 × 128 MiB), GB/s | 2²⁴ doubles | "
          f"{bw.get(1, 0):.1f} | {bw.get(2, 0):.1f} |")
    kernels = (np1.get("openblas") or {}).get("corename", "?")  # which of OpenBLAS's kernels ran
    w(f"| NumPy/OpenBLAS DGEMM ({kernels} kernels, FMA), GFLOP/s | 2000 | {np1['gflops']:.1f} | {np2['gflops']:.1f} |")
    w("")
    # The roof is the best DGEMM-class rate measured on this machine by anything: OpenBLAS's
    # FMA kernels included (the engine's exact products forgo FMA to keep their bits).
    peak[1] = max(peak[1], np1["gflops"])
    peak[2] = max(peak[2], np2["gflops"])
    peak_cpu = max(peak_cpu, np1["gflops"])
    w(f"Roofline inputs (wall time): F_peak = {peak[1]:.1f} GFLOP/s (1 core), {peak[2]:.1f} "
      f"(2 cores); BW = {bw.get(1, 0):.1f} GB/s (1 core), {bw.get(2, 0):.1f} (2 cores). "
      f"On CPU time (1 core): F_peak = {peak_cpu:.1f} GFLOP/s, BW = {bw_cpu:.1f} GB/s.")
    w("")
    w("OpenBLAS core type, DGEMM n = 1000 on one thread (best of 5), under each `OPENBLAS_CORETYPE`:")
    w("")
    w("| requested | OpenBLAS used | GFLOP/s |")
    w("|---|---|---|")
    for c in cores:
        r = c["result"]
        if r is None:  # the peer died under that core type (bench/run.sh)
            w(f"| {c['requested']} | – (exit status {c.get('exit_status', '?')}: not on this CPU) | – |")
            continue
        w(f"| {c['requested']} | {(r.get('openblas') or {}).get('corename', '?')} | {r['gflops']:.1f} |")
    w("")

    # --- main table ---
    w("## The tick: engine vs NumPy, and vs the minimum time")
    w("")
    w("Peer configuration (noise, crisis onset and events off; `tests/perf/numpy_peer_test.cc` "
      "shows both compute the same trajectory to 1e-9). Engine: one thread, `BM_Step/peer/N`. "
      "NumPy: `numpy_reference.py --time`, OpenBLAS with its default 2 threads (and with 1), "
      "the fastest of several processes (below). "
      "Ticks/s = 1 / median wall time per tick; [min, max] over repetitions. Ratio = engine "
      "ticks/s ÷ NumPy ticks/s. Minimum time = max(F / F_peak, B / BW) on one core. "
      "Engine, 2 threads: `BM_StepTwoThreads/peer/N`, the tick's N³ products split between two "
      "threads (what `polarity run --threads 2` does for one large run; from N ≈ 160), wall "
      "time, against NumPy on its 2 OpenBLAS threads.")
    w("")
    w("| N | engine ticks/s | NumPy ticks/s (2 thr) | ratio | engine, 2 threads: ticks/s | ratio (2 thr) "
      "| NumPy ticks/s (1 thr) | ratio (1 thr) "
      "| CPU-time ratio (1 thr) | engine CPU time/tick | min time (1 core) | measured / min "
      "| CPU time / min (CPU) | bound |")
    w("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    rows = {}
    for n in grid:
        e = engine[f"BM_Step/peer/{n}"]
        p = peers[n]["seconds_per_tick"]
        p1 = peers1.get(n, {}).get("seconds_per_tick")
        p1_cpu = peers1.get(n, {}).get("cpu_seconds_per_tick")
        e_med, e_cpu = med(e["real"]), med(e["cpu"])
        ratio = med(p) / e_med
        ratio1 = med(p1) / e_med if p1 else float("nan")
        ratio_cpu = med(p1_cpu) / e_cpu if p1_cpu else float("nan")
        f, b = tick_flops(n), tick_bytes(n)
        t_flop, t_byte = f / (peak[1] * 1e9), b / (bw.get(1, 1) * 1e9)
        t_min = max(t_flop, t_byte)
        t_min_cpu = max(f / (peak_cpu * 1e9), b / (bw_cpu * 1e9)) if peak_cpu and bw_cpu else float("nan")
        e2 = engine.get(f"BM_StepTwoThreads/peer/{n}/real_time")
        ratio2 = med(p) / med(e2["real"]) if e2 else float("nan")
        rows[n] = dict(e=e_med, p=med(p), ratio=ratio, ratio1=ratio1, ratio_cpu=ratio_cpu, tmin=t_min,
                       over=e_med / t_min, over_cpu=e_cpu / t_min_cpu, cpu=e_cpu, ratio2=ratio2)
        two = (f"{1 / med(e2['real']):,.4g} {spread([1 / x for x in e2['real']], 1, '{:,.4g}')} | **{ratio2:.3g}×**"
               if e2 else "– | –")
        w(f"| {n} | {1 / e_med:,.4g} {spread([1 / x for x in e['real']], 1, '{:,.4g}')} "
          f"| {1 / med(p):,.4g} {spread([1 / x for x in p], 1, '{:,.4g}')} | **{ratio:.3g}×** | {two} "
          f"| {(1 / med(p1)) if p1 else float('nan'):,.4g} | {ratio1:.3g}× | {ratio_cpu:.3g}× "
          f"| {fmt_time(e_cpu)} | {fmt_time(t_min)} | {e_med / t_min:.3g} | {e_cpu / t_min_cpu:.3g} "
          f"| {'flops' if t_flop >= t_byte else 'bytes'} |")
    w("")
    w("NumPy's time per tick differs by up to 2× between Python processes on this machine, so "
      "each setting ran in several processes and the table uses the fastest (NumPy at its best). "
      "Median wall time per tick of each process, 2 OpenBLAS threads: " +
      "; ".join(f"N = {n}: " + ", ".join(fmt_time(x) for x in peer_medians[n]) for n in grid if n in peer_medians) +
      ".")
    w("")
    def paired_table(pairs, intro, engine_column):
        """Per N: each process's engine and NumPy times, their ratios, and the median ratio."""
        if not pairs:
            return
        w(intro)
        w("")
        w(f"| N | {engine_column}, per process | NumPy time/tick (2 thr), per process | ratio, per process | median ratio |")
        w("|---|---|---|---|---|")
        for n in grid:
            if n not in pairs:
                continue
            ps = pairs[n]
            w(f"| {n} | {', '.join(fmt_time(e) for e, _, _ in ps)} | {', '.join(fmt_time(q) for _, q, _ in ps)} "
              f"| {', '.join(f'{r:.3g}×' for _, _, r in ps)} | **{med([r for _, _, r in ps]):.3g}×** |")
        w("")

    paired_table(paired,
                 "Engine and NumPy in the same minutes: before each 2-thread NumPy process, the engine's "
                 "`BM_Step/peer/N` ran again (same repetitions), so each process has an engine time from "
                 "the same minute. Ratio = NumPy median ÷ engine median, per process; the machine's drift "
                 "cancels in it. The goals below are judged against NumPy's fastest process.",
                 "engine time/tick")
    paired_table(paired2,
                 "The engine on 2 threads (`BM_StepTwoThreads/peer/N`) in the same minutes: timed just "
                 "after the 1-thread tick above, before the same 2-thread NumPy process.",
                 "engine time/tick (2 thr)")
    w("Full configuration (every mechanism on: perception noise, crisis onset and escalation), "
      "engine only (the peer does not implement crises):")
    w("")
    w("| N | engine ticks/s | time/tick | vs peer configuration |")
    w("|---|---|---|---|")
    for n in GRID:
        e = engine.get(f"BM_Step/full/{n}")
        if not e:
            continue
        base = engine.get(f"BM_Step/peer/{n}")
        w(f"| {n} | {1 / med(e['real']):,.4g} {spread([1 / x for x in e['real']], 1, '{:,.4g}')} "
          f"| {fmt_time(med(e['real']))} | {med(e['real']) / med(base['real']):.2f}× |")
    w("")

    # --- goals ---
    w("## Goals of issue 4 on this machine")
    w("")
    w("| goal | measured | met |")
    w("|---|---|---|")
    for n, goal in GOALS.items():
        if n in rows:
            r, r2 = rows[n]["ratio"], rows[n]["ratio2"]
            two = f"; engine on 2 threads: {r2:.3g}×" if r2 == r2 else ""
            # Same minutes, NumPy at its best: the ratio of the fastest NumPy process to the
            # engine timed just before it (the median over processes is shown beside it).
            same, best = same_minutes(paired, n)
            same_text = (f"; same minutes: {best:.3g}× against NumPy's fastest process, "
                         f"{med(same):.3g}× {spread(same, 1, '{:.3g}')} the median over {len(same)} processes"
                         if same else "")
            same2, best2 = same_minutes(paired2, n)
            if same2:
                same_text += (f"; 2 threads, same minutes: {best2:.3g}× against NumPy's fastest process, "
                              f"{med(same2):.3g}× {spread(same2, 1, '{:.3g}')} the median")
            met = ("yes" if r >= goal else "yes, on 2 threads" if r2 == r2 and r2 >= goal else
                   "in the same minutes" if best >= goal else
                   "on 2 threads, in the same minutes only" if best2 >= goal else "no")
            w(f"| ≥ {goal:g}× NumPy at N = {n} | {r:.3g}× wall vs 2-thread NumPy (1-thread: "
              f"{rows[n]['ratio1']:.3g}×; CPU time vs 1-thread: {rows[n]['ratio_cpu']:.3g}×{two}{same_text}) "
              f"| {met} |")
    for n in (200, 1000, 2000):
        if n in rows:
            o = rows[n]["over"]
            w(f"| within 1.5× of the minimum time at N = {n} | {o:.3g}× wall (CPU time: "
              f"{rows[n]['over_cpu']:.3g}×) | {'yes' if o <= 1.5 else 'no'} |")
    w("")

    variant_section(d, grid, peers, peers1, bw, w)

    # --- before/after ---
    if baseline:
        w("## Core changes: before and after (same run, side by side)")
        w("")
        label = os.environ.get("BASELINE_LABEL", "the engine as it was at the start of this work (a copy "
                               "of engine/core built with the same flags)")
        if alternated:
            how = (f"The two `step_benchmark` binaries alternated, one repetition each per round, "
                   f"{len(rounds['baseline'])} rounds (the order swapped every round), so that both saw "
                   "the same minutes of the machine.")
        else:
            how = ("The baseline ran after the engine's whole suite, minutes later, not alternated with "
                   "it: on a machine whose speed drifts the two columns are not a fair comparison.")
        w(f"`before`: {label}; `after`: this tree. {how} Median wall time per tick [min, max].")
        w("")
        w("| benchmark | before | after | speed-up |")
        w("|---|---|---|---|")
        # BM_Step (one thread) first, then BM_StepTwoThreads; by configuration, then N.
        for name in sorted(baseline, key=lambda s: (s.split("/")[0], s.split("/")[1], int(s.split("/")[2]))):
            if name not in after:
                continue
            b, a = baseline[name]["real"], after[name]["real"]
            w(f"| {name} | {fmt_time(med(b))} [{fmt_time(min(b))}, {fmt_time(max(b))}] "
              f"| {fmt_time(med(a))} [{fmt_time(min(a))}, {fmt_time(max(a))}] | {med(b) / med(a):.2f}× |")
        w("")

    # --- phases ---
    w("## Each phase alone (engine, full configuration, wall time per call)")
    w("")
    w("| phase | N = 20 | N = 200 | N = 2000 |")
    w("|---|---|---|---|")
    phases = sorted({k.rsplit("/", 1)[0] for k in engine if k.startswith("BM_Phase")})
    for ph in phases + ["BM_Metrics"]:
        cells = []
        for n in (20, 200, 2000):
            r = engine.get(f"{ph}/{n}")
            cells.append(f"{fmt_time(med(r['real']))}" if r else "–")
        w(f"| {ph.replace('BM_', '')} | " + " | ".join(cells) + " |")
    w("")
    w("Metrics (record phase: blocs, polarisation, structural balance with its two triad "
      "products) run only on recorded ticks (`outputs.every`); BM_Step above excludes them.")
    w("")

    # --- flagship ---
    flagship = gb_runs(os.path.join(d, "flagship.json"))
    if flagship:
        w("## Flagship scenario (scenarios/northeast_asia_2023.yaml)")
        w("")
        w("| benchmark | wall time | CPU time |")
        w("|---|---|---|")
        for name in ("BM_FlagshipLoad", "BM_FlagshipCompile", "BM_FlagshipLoadAndCompile", "BM_FlagshipRun"):
            r = flagship.get(name)
            if r:
                w(f"| {name.replace('BM_', '')} | {fmt_time(med(r['real']))} "
                  f"[{fmt_time(min(r['real']))}, {fmt_time(max(r['real']))}] "
                  f"| {fmt_time(med(r['cpu']))} |")
        w("")
        w("FlagshipRun: Reset and all the scenario's ticks with every mechanism on and metrics on "
          "every recorded tick (outputs.every = 1), in memory (no files written).")
        w("")

    # --- sparse worlds ---
    sparse_section(d, w)

    # --- plot data ---
    w("## Plot data")
    w("")
    w("```")
    w("# N, engine_s_per_tick, numpy_s_per_tick_2thr, min_s_per_tick_1core, flops_per_tick, bytes_per_tick")
    for n in grid:
        r = rows[n]
        w(f"{n}, {r['e']:.6g}, {r['p']:.6g}, {r['tmin']:.6g}, {tick_flops(n):.6g}, {tick_bytes(n):.6g}")
    w("```")
    out.append("")
    out.append("## Sweeps")
    out.append("")
    out.append("Sweep throughput with 1 and 2 threads and 1 and 2 MPI ranks, and the peak memory of "
               "sweeps of 1,000 to 100,000 runs: `bench/sweep_results.md`, written by "
               "`bash bench/sweep_bench.sh`.")
    print("\n".join(out))


if __name__ == "__main__":
    main()
