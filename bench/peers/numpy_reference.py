#!/usr/bin/python3
"""The Polarity tick as a Python analyst would write it: vectorised NumPy.

A peer for the engine's benchmarks (bench/README.md). It implements the deterministic tick
of docs/model.md -- phases 1-6 (coalition capability, raw threat, perception,
arms race and economy, allocation and stocks, alliances and stances), the alliance-level
crossings, and the cheap part of phase 9 (milex total, arms-race index, finite check) --
with perception noise, crisis onset (deterrence) and scheduled events switched off, which
is the configuration `WorldConfig::kPeer` of bench/synthetic_world.h gives the engine.
tests/perf/numpy_peer_test.cc checks that both produce the same trajectory (rel. 1e-9).

Input: a world directory written by bench/world_io.h (meta.json + column-major float64
arrays). Output (--output DIR): one file per variable holding ticks 1..T back to back,
each column-major, read by the test. --time R times R repetitions instead and prints JSON.

Run with Debian's /usr/bin/python3 and python3-numpy over OpenBLAS (libopenblas0-pthread).
OpenBLAS 0.3.21 picks its kernels from the CPU id; set OPENBLAS_CORETYPE to force a core
type (bench/run.sh chooses it by measuring, see bench/README.md).
"""

import argparse
import ctypes
import ctypes.util
import json
import os
import sys
import time

import numpy as np

LEVELS = np.array([0.2, 0.4, 0.6, 0.8])  # alliance level boundaries (MODEL.md section 1)


def load_world(directory):
    with open(os.path.join(directory, "meta.json")) as f:
        meta = json.load(f)
    arrays = {}
    for name, shape in meta["arrays"].items():
        data = np.fromfile(os.path.join(directory, name + ".bin"), dtype="<f8")
        if len(shape) == 2:
            data = data.reshape(shape, order="F")
        arrays[name] = np.ascontiguousarray(data)
    return meta, arrays


def initial_state(arrays):
    """The mutable part of the state, as fresh copies."""
    keys = ("milex", "gdp", "capability", "allocation", "stance", "alliance", "perceived_threat")
    return {key: arrays[key].copy() for key in keys}


def step(st, w, meta):
    """One tick. `st` is the mutable state (changed in place), `w` the fixed world."""
    n, dt = meta["n"], meta["dt"]
    S, A, P, C = st["stance"], st["alliance"], st["perceived_threat"], st["capability"]
    W, Pi = w["concern"], w["proximity"]

    # 1. Coalition capability C~ = C + A C.
    AC = A @ C
    Ct = C + AC
    # 2. Raw threat T = H o Pi o (W C~^T), zero diagonal.
    HPi = np.maximum(-S, 0.0) * Pi
    T = HPi * (W @ Ct.T)
    np.fill_diagonal(T, 0.0)
    # 3. Perception (noise off): P <- (1 - lag) P + lag T.
    if meta["perception"]["enabled"]:
        lag = meta["perception"]["lag"]
        P = (1.0 - lag) * P + lag * T
    else:
        P = T.copy()
    # 4. Arms race: theta = row sums of P - phi rows of W o (A C); then the economy.
    theta = P.sum(axis=1) - meta["arms_race"]["burden_sharing"] * (W * AC).sum(axis=1)
    #    Spending stays in [floor, cap], the cap b y winning over the floor, also after GDP moves.
    m, y = st["milex"], st["gdp"]
    def clamp_milex(m, y):
        cap = np.where(w["burden_cap"] > 0.0, w["burden_cap"] * y, np.inf)
        return np.minimum(cap, np.maximum(w["milex_floor"], m))
    if meta["arms_race"]["enabled"]:
        drift = w["reactivity"] * theta - w["fatigue"] * m + w["grievance"]
        m = clamp_milex(m + dt * drift, y)
    if meta["economy"]["enabled"]:
        y = y * (1.0 + dt * w["gdp_growth"])
        m = clamp_milex(m, y)
    # 5. Allocation toward the domain-threat mix, then stocks.
    a = st["allocation"]
    if meta["allocation"]["enabled"]:
        tau = W * (HPi @ Ct)
        total = tau.sum(axis=1)
        rate = min(1.0, meta["allocation"]["rate"] * dt)
        has = total > 0.0
        target = np.divide(tau, total[:, None], out=np.zeros_like(tau), where=has[:, None])
        a = np.where(has[:, None], a + rate * (target - a), a)
    if meta["capability"]["enabled"]:
        keep = np.maximum(0.0, 1.0 - dt * w["depreciation"][:, 0])
        C = keep * C + (dt * w["efficiency"] * m)[:, None] * a
    # 6. Alliances: shared threat Q = P^ P^T (rows of P at unit norm), balance B = S S / n.
    A_before = A
    B = (S @ S) / n
    if meta["alliance"]["enabled"]:
        al = meta["alliance"]
        norm = np.linalg.norm(P, axis=1)
        Ph = np.divide(P, norm[:, None], out=np.zeros_like(P), where=(norm > 0.0)[:, None])
        Q = Ph @ Ph.T
        friendly = np.minimum(S, S.T) > al["min_stance"]
        grow = al["rate"] * (Q + al["balance_weight"] * 0.5 * (B + B.T)) \
            - al["friction_weight"] * w["friction"] - al["decay"] * A
        A = np.clip(A + dt * np.where(friendly, grow, -al["decay"] * A), 0.0, 1.0)
        np.fill_diagonal(A, 0.0)
    #    Stances: S <- clip(S + dt (zB B - zT T^ (1 - E) + zA A)), T^ = T / row sums of T.
    if meta["stance"]["enabled"]:
        sp = meta["stance"]
        total = T.sum(axis=1)
        share = np.divide(T, total[:, None], out=np.zeros_like(T), where=(total > 0.0)[:, None])
        S = np.clip(S + dt * (sp["balance_rate"] * B - sp["threat_rate"] * share * (1.0 - w["interdependence"])
                              + sp["alliance_rate"] * A), -1.0, 1.0)
        np.fill_diagonal(S, 0.0)
    # Alliance-level crossings (events of the tick), upper triangle.
    crossed = np.argwhere(np.triu(np.digitize(A_before, LEVELS) != np.digitize(A, LEVELS), 1))
    # 9. Record (cheap part): milex total, arms-race index; then every value must be finite.
    total_before = st["milex_total"]
    total_now = m.sum()
    arms_race = np.log(total_now / total_before) / dt if total_before > 0 and total_now > 0 else 0.0
    for name, values in (("milex", m), ("gdp", y), ("capability", C), ("allocation", a),
                         ("perceived_threat", P), ("alliance", A), ("stance", S)):
        if not np.isfinite(values).all():
            raise FloatingPointError(f"non-finite {name}")
    st.update(milex=m, gdp=y, capability=C, allocation=a, stance=S, alliance=A,
              perceived_threat=P, milex_total=total_now, arms_race_index=arms_race,
              crossings=len(crossed))


TRAJECTORY = ("milex", "gdp", "capability", "allocation", "perceived_threat", "alliance", "stance")


def run(meta, world, ticks, output):
    st = initial_state(world)
    st["milex_total"] = st["milex"].sum()
    files = {name: open(os.path.join(output, name + ".bin"), "wb") for name in TRAJECTORY}
    try:
        for _ in range(ticks):
            step(st, world, meta)
            for name in TRAJECTORY:
                files[name].write(np.asfortranarray(st[name]).tobytes(order="F"))
    finally:
        for f in files.values():
            f.close()


def openblas_info():
    """OpenBLAS core type and thread count as the library reports them (None if absent)."""
    for name in ("libopenblas.so.0", ctypes.util.find_library("openblas")):
        if not name:
            continue
        try:
            lib = ctypes.CDLL(name)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
            return {"corename": lib.openblas_get_corename().decode(),
                    "config": lib.openblas_get_config().decode(),
                    "threads": lib.openblas_get_num_threads()}
        except (OSError, AttributeError):
            continue
    return None


def time_ticks(meta, world, ticks, reps, reset_every):
    """Wall and process-CPU seconds per tick for each repetition (CPU time sums every
    BLAS thread). The state is reset (untimed) every `reset_every` ticks, as the engine's
    benchmark does, so both see the same states."""
    st = initial_state(world)
    st["milex_total"] = st["milex"].sum()
    step(st, world, meta)  # warm-up
    wall, cpu = [], []
    for _ in range(reps):
        elapsed = used = 0.0
        done = 0
        while done < ticks:
            st = initial_state(world)
            st["milex_total"] = st["milex"].sum()
            block = min(reset_every, ticks - done)
            start, start_cpu = time.perf_counter(), time.process_time()
            for _ in range(block):
                step(st, world, meta)
            elapsed += time.perf_counter() - start
            used += time.process_time() - start_cpu
            done += block
        wall.append(elapsed / ticks)
        cpu.append(used / ticks)
    return wall, cpu


def gemm_rate(n, reps):
    """NumPy (OpenBLAS) DGEMM GFLOP/s at n x n x n, best of reps."""
    rng = np.random.default_rng(1)
    a, b = rng.random((n, n)), rng.random((n, n))
    a @ b
    best = min(_timed(lambda: a @ b) for _ in range(reps))
    return 2.0 * n ** 3 / best / 1e9


def _timed(f):
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--input", help="world directory (bench/world_io.h)")
    parser.add_argument("--ticks", type=int, default=40)
    parser.add_argument("--output", help="trajectory directory")
    parser.add_argument("--time", type=int, metavar="REPS", help="time REPS repetitions, print JSON")
    parser.add_argument("--reset-every", type=int, default=40)
    parser.add_argument("--gemm", type=int, metavar="N", help="print NumPy DGEMM GFLOP/s at N, JSON")
    args = parser.parse_args()

    if args.gemm:
        print(json.dumps({"n": args.gemm, "gflops": gemm_rate(args.gemm, 5),
                          "openblas": openblas_info(), "numpy": np.__version__}))
        return 0
    if not args.input:
        parser.error("--input is required")
    meta, world = load_world(args.input)
    if meta["perception"]["noise"] != 0.0 or meta["deterrence"]["enabled"] or meta["events"]["enabled"]:
        sys.exit("numpy_reference: the peer implements the tick with noise, deterrence and events off")
    if args.time:
        wall, cpu = time_ticks(meta, world, args.ticks, args.time, args.reset_every)
        print(json.dumps({"n": meta["n"], "ticks": args.ticks, "seconds_per_tick": wall,
                          "cpu_seconds_per_tick": cpu,
                          "openblas": openblas_info(), "numpy": np.__version__,
                          "python": sys.version.split()[0]}))
        return 0
    if not args.output:
        parser.error("--output or --time is required")
    os.makedirs(args.output, exist_ok=True)
    run(meta, world, args.ticks, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
