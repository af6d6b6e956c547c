#!/usr/bin/python3
"""Calibrate the Richardson coefficients of a Polarity scenario and check its baseline.

Usage (Debian's python3 with python3-numpy and python3-yaml):

    /usr/bin/python3 scripts/seed_flagship.py scenarios/northeast_asia_2023.yaml
    /usr/bin/python3 scripts/seed_flagship.py scenarios/northeast_asia_2023.yaml --apply
    /usr/bin/python3 scripts/seed_flagship.py scenarios/variants/dprk_shock.yaml --no-calibrate

What it does, following docs/model.md exactly:

1. Reads the scenario (and the files it `extends`), fills every default the engine fills
   (include/polarity/scenario.h, include/polarity/parameters.h) and builds the tick-0 state.
2. Computes phases 1-4 at tick 0:
       C~ = C + A C,  G = W C~^T,  T = h o pi o G (T_ii = 0),  P = T,
       theta_i = sum_j P_ij - phi sum_j A_ij (w_i . c_j)
   with h = max(0, -S) and pi_ij = exp(-d_ij / R_j) from great-circle distances.
3. Calibration. For each actor a target growth r_i of spending: the annualised real growth
   2014-2023 in SIPRI constant 2023 US$ (sipri_milex_long_1949-2014.csv row <country> 2014,
   sipri_milex_2023_seed_actors.csv row <country> 2023), read from ../shared/data when it is
   there (the values are also tabulated below), or a judgement where SIPRI has no figure.
   The gross inflow (r_i + alpha_i) m_i that produces that growth against fatigue is split
   between the threat term k_i theta_i (a share s_i, judgement, THREAT_SHARE below) and the
   grievance/ambition term g_i (the rest):
       g_i = (1 - s_i) (r_i + alpha_i) m_i,   k_i = s_i (r_i + alpha_i) m_i / theta_i
   so that dm/dt = k theta - alpha m + g = r m at tick 0. k_i >= 0 needs theta_i > 0; where
   theta_i <= 0 the script sets k_i = 0 and puts the whole inflow in g_i, and says so.
   With --apply the computed reactivity and grievance are written into the scenario file.
4. Checks the baseline: a deterministic forward simulation of phases 1-6 and 8 (no
   perception noise, no crises; scheduled events applied except crisis effects) over the
   scenario's ticks, printing spending at start, +10 and +20 years against the burden caps,
   alliance depth of key pairs and the largest eigenvalue of the linearised arms race
   (capability at its steady state e m a / delta): negative means no runaway.
5. Prints the tick-0 crisis onset rates of every hostile ordered pair (phase 7 formula).
"""

from __future__ import annotations

import argparse
import copy
import csv
import math
import os
import re
import sys

import numpy as np
import yaml

DOMAINS_DEFAULT = ["land", "air", "naval", "strike", "nuclear", "cyber_space", "isr"]

# Model parameter defaults (include/polarity/parameters.h; read from the header at run time
# when it is there, this table is the fallback).
PARAM_DEFAULTS = {
    "perception": {"enabled": 1, "lag": 0.3, "noise": 0.1},
    "arms_race": {"enabled": 1, "burden_sharing": 0.5},
    "allocation": {"enabled": 1, "rate": 0.2},
    "capability": {"enabled": 1, "depreciation": 0.08},
    "economy": {"enabled": 1},
    "alliance": {"enabled": 1, "rate": 0.1, "balance_weight": 0.5, "decay": 0.1,
                 "min_stance": -0.2, "friction_weight": 0.1, "bloc_threshold": 0.4},
    "stance": {"enabled": 1, "balance_rate": 0.2, "threat_rate": 0.1, "alliance_rate": 0.05},
    "deterrence": {"enabled": 1, "base_rate": 0.2, "force_exponent": 1.0, "war_cost": 0.5,
                   "onset_bias": -2.0, "onset_utility": 3.0, "onset_fear": 1.0,
                   "threat_reference": 1000.0},
    "crisis": {"escalation": 0.35, "backdown": 0.35, "max_ticks": 8, "threat_shock": 0.1,
               "stance_shock": 0.05, "mobilisation": 0.05, "solidarity": 0.05,
               "abandonment": 0.05},
    "events": {"enabled": 1},
}

STRUCT_GROUPS = {"PerceptionParameters": "perception", "ArmsRaceParameters": "arms_race",
                 "AllocationParameters": "allocation", "CapabilityParameters": "capability",
                 "EconomyParameters": "economy", "AllianceParameters": "alliance",
                 "StanceParameters": "stance", "DeterrenceParameters": "deterrence",
                 "CrisisParameters": "crisis", "EventParameters": "events"}


def read_parameter_defaults(header):
    """The defaults are the member initialisers of include/polarity/parameters.h: read them
    from there when the header is present, so this script follows the engine."""
    out = copy.deepcopy(PARAM_DEFAULTS)
    if not os.path.exists(header):
        return out, False
    with open(header, encoding="utf-8") as fh:
        text = fh.read()
    for struct, group in STRUCT_GROUPS.items():
        m = re.search(r"struct " + struct + r" \{(.*?)\};", text, re.S)
        if not m:
            continue
        for name, value in re.findall(r"(?:double|int|bool)\s+(\w+)\s*=\s*([-\w.]+)\s*;", m.group(1)):
            out[group][name] = {"true": 1.0, "false": 0.0}.get(value, None) if value in ("true", "false") else float(value)
    return out, True


# Actor defaults (include/polarity/scenario.h).
ACTOR_DEFAULTS = {"reach_km": 2000.0, "gdp_growth": 0.02, "milex_floor": 0.0,
                  "burden_cap": 0.1, "efficiency": 1.0, "resolve": 0.5, "revisionism": 0.0,
                  "reactivity": 0.01, "fatigue": 0.05, "grievance": 0.0}

# SIPRI country names of the actors that have a SIPRI series.
SIPRI_NAMES = {"USA": "United States of America", "CHN": "China", "JPN": "Japan",
               "KOR": "Korea, South", "RUS": "Russia", "TWN": "Taiwan", "AUS": "Australia"}

# Target growth of real spending, 2014-2023 annualised, SIPRI constant 2023 US$ (the script
# recomputes these from ../shared/data when the files are there and stops if they differ).
# PRK: SIPRI publishes no US$ figure; 0.03 is a judgement (about the ROK's rate; a004: "it
# fired a record number of missiles in 2022").
TARGET_GROWTH = {"USA": 0.01051, "CHN": 0.05414, "JPN": 0.02555, "KOR": 0.03240,
                 "RUS": 0.05088, "TWN": 0.04887, "AUS": 0.03365, "PRK": 0.03}

# Judgement: share of each actor's spending impulse that answers the regional threat the model
# represents (the rest is grievance/ambition g: global commitments, the war in Ukraine,
# prestige, domestic politics). Reasons in docs/scenarios.md.
THREAT_SHARE = {"USA": 0.25, "CHN": 0.5, "JPN": 0.7, "KOR": 0.7, "RUS": 0.3, "PRK": 0.8,
                "TWN": 0.8, "AUS": 0.5}


# ----------------------------------------------------------------------------- loading

def deep_merge(base, over):
    """Scalars and nested maps override key by key; `relations` and `events` append
    (an event with the id of a base event replaces it)."""
    out = copy.deepcopy(base)
    for key, value in over.items():
        if key == "extends":
            continue
        if key == "relations":
            out["relations"] = list(out.get("relations") or []) + list(value or [])
        elif key == "events":
            events = list(out.get("events") or [])
            for ev in value or []:
                ids = [e.get("id") for e in events]
                if ev.get("id") in ids:
                    events[ids.index(ev.get("id"))] = ev
                else:
                    events.append(ev)
            out["events"] = events
        elif isinstance(value, dict) and isinstance(out.get(key), dict) and not is_sourced(value):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def load_scenario(path):
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f) or {}
    if "extends" in doc:
        base = load_scenario(os.path.join(os.path.dirname(path), doc["extends"]))
        doc = deep_merge(base, doc)
    return doc


def is_sourced(x):
    return isinstance(x, dict) and "value" in x


def val(x, default=None):
    if x is None:
        return default
    if is_sourced(x):
        return float(x["value"])
    return float(x)


def set_path(doc, assignment):
    path, value = assignment.split("=", 1)
    keys = path.split(".")
    targets = [doc]
    for key in keys[:-1]:
        nxt = []
        for t in targets:
            if key == "*":
                nxt += list(t.values())
            else:
                nxt.append(t.setdefault(key, {}))
        targets = nxt
    for t in targets:
        old = t.get(keys[-1])
        if is_sourced(old):
            old["value"] = float(value)
        else:
            t[keys[-1]] = float(value)


# ----------------------------------------------------------------------------- the model

def great_circle_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


class World:
    """The tick-0 state of a scenario, as dense numpy arrays (actors in file order)."""

    def __init__(self, doc, defaults=None):
        self.doc = doc
        self.params = copy.deepcopy(defaults or PARAM_DEFAULTS)
        for group, fields in (doc.get("parameters") or {}).items():
            for k, v in (fields or {}).items():
                self.params[group][k] = val(v)
        self.domains = list(doc.get("domains") or DOMAINS_DEFAULT)
        self.ids = list(doc["actors"].keys())
        self.idx = {a: i for i, a in enumerate(self.ids)}
        self.groups = {g: list(m) for g, m in (doc.get("groups") or {}).items()}
        n, k = len(self.ids), len(self.domains)
        self.n, self.k = n, k
        t = doc.get("time") or {}
        self.start, self.dt, self.ticks = t.get("start", 2023.5), t.get("dt", 0.25), t.get("ticks", 80)
        dep = self.params["capability"]["depreciation"]
        self.delta = np.array([val((doc.get("depreciation") or {}).get(d), dep) for d in self.domains])

        f = {name: np.zeros(n) for name in ["milex", "gdp"] + list(ACTOR_DEFAULTS)}
        self.lat, self.lon = np.zeros(n), np.zeros(n)
        self.C, self.Aloc, self.W = np.zeros((n, k)), np.zeros((n, k)), np.zeros((n, k))
        for i, a in enumerate(self.ids):
            spec = doc["actors"][a] or {}
            rich = spec.get("richardson") or {}
            loc = spec.get("location") or {}
            self.lat[i], self.lon[i] = val(loc.get("lat"), 0.0), val(loc.get("lon"), 0.0)
            f["milex"][i] = val(spec["milex"])
            f["gdp"][i] = val(spec["gdp"])
            for name, default in ACTOR_DEFAULTS.items():
                src = rich if name in ("reactivity", "fatigue", "grievance") else spec
                f[name][i] = val(src.get(name), default)
            for row, key in ((self.Aloc, "allocation"), (self.W, "concern")):
                given = spec.get(key) or {}
                for d, dom in enumerate(self.domains):
                    row[i, d] = val(given.get(dom), 1.0) if given else 1.0
                s = row[i].sum()
                row[i] = row[i] / s if s > 0 else 1.0 / k
            cap = spec.get("capability") or {}
            for d, dom in enumerate(self.domains):
                steady = f["efficiency"][i] * f["milex"][i] * self.Aloc[i, d] / self.delta[d]
                self.C[i, d] = val(cap.get(dom), steady)
        self.f = f

        self.S, self.A = np.zeros((n, n)), np.zeros((n, n))
        self.F, self.E = np.zeros((n, n)), np.zeros((n, n))
        self.D = np.zeros((n, n))
        for i in range(n):
            for j in range(n):
                if i != j:
                    self.D[i, j] = great_circle_km(self.lat[i], self.lon[i], self.lat[j], self.lon[j])
        for rel in doc.get("relations") or []:
            directed = "from" in rel
            first = self.expand(rel["from"] if directed else rel["between"][0])
            second = self.expand(rel["to"] if directed else rel["between"][1])
            for a in first:
                for b in second:
                    if a == b:
                        continue
                    i, j = self.idx[a], self.idx[b]
                    if "stance" in rel:
                        self.S[i, j] = val(rel["stance"])
                        if not directed:
                            self.S[j, i] = val(rel["stance"])
                    for key, M in (("alliance", self.A), ("friction", self.F), ("interdependence", self.E)):
                        if key in rel:
                            M[i, j] = M[j, i] = val(rel[key])
                    if "distance_km" in rel:
                        self.D[i, j] = self.D[j, i] = val(rel["distance_km"])
        self.events = self.compile_events(doc.get("events") or [])

    def expand(self, name):
        if isinstance(name, list):
            out = []
            for x in name:
                out += self.expand(x)
            return out
        if name in self.groups:
            return list(self.groups[name])
        if name not in self.idx:
            raise SystemExit(f"unknown actor or group {name!r}")
        return [name]

    def proximity(self, reach):
        P = np.exp(-self.D / reach[None, :])
        np.fill_diagonal(P, 1.0)
        return P

    def compile_events(self, events):
        out = []
        for ev in events:
            if "tick" in ev:
                tick = int(ev["tick"])
            else:
                tick = max(1, math.ceil((float(ev["at"]) - self.start) / self.dt - 1e-9))
            out.append((tick, ev))
        out.sort(key=lambda x: x[0])  # stable: file order within a tick
        return out


def apply_op(old, op, v):
    return {"set": v, "add": old + v, "scale": old * v}[op]


def apply_event(w, st, ev):
    """Scheduled-event effects on the simulation state `st` (crisis effects are skipped)."""
    for eff in ev.get("effects") or []:
        (field, body), = eff.items()
        if field == "crisis":
            continue
        op = next(o for o in ("set", "add", "scale") if o in body)
        v = float(body[op])
        if field in ("alliance", "stance", "friction", "interdependence"):
            pairs = []
            if "among" in body:
                mem = w.expand(body["among"])
                pairs = [(a, b) for a in mem for b in mem if a != b]
            elif "between" in body:
                x, y = w.expand(body["between"][0]), w.expand(body["between"][1])
                pairs = [(a, b) for a in x for b in y if a != b] + [(b, a) for a in x for b in y if a != b]
            else:
                x, y = w.expand(body["from"]), w.expand(body["to"])
                pairs = [(a, b) for a in x for b in y if a != b]
            M = {"alliance": st["A"], "stance": st["S"], "friction": st["F"], "interdependence": st["E"]}[field]
            done = set()
            for a, b in pairs:
                i, j = w.idx[a], w.idx[b]
                if field != "stance":
                    key = (min(i, j), max(i, j))
                    if key in done:
                        continue
                    done.add(key)
                    M[i, j] = M[j, i] = apply_op(M[i, j], op, v)
                else:
                    M[i, j] = apply_op(M[i, j], op, v)
            lo, hi = {"alliance": (0, 1), "stance": (-1, 1), "friction": (0, np.inf), "interdependence": (0, 1)}[field]
            np.clip(M, lo, hi, out=M)
        elif field == "capability":
            d = w.domains.index(body["domain"])
            for a in w.expand(body["actor"]):
                i = w.idx[a]
                st["C"][i, d] = max(0.0, apply_op(st["C"][i, d], op, v))
        elif field == "parameter":
            pass
        else:
            key = {"reach_km": "reach_km"}.get(field, field)
            for a in w.expand(body["actor"]):
                i = w.idx[a]
                st[key][i] = apply_op(st[key][i], op, v)
            if field == "reach_km":
                st["Pi"] = w.proximity(st["reach_km"])


def tick0(w, reactivity=None):
    """Phases 1-4 at tick 0: returns dict with Ct, G, T, P, theta."""
    f = w.f
    h = np.maximum(0.0, -w.S)
    Pi = w.proximity(f["reach_km"])
    Ct = w.C + w.A @ w.C                      # phase 1
    G = w.W @ Ct.T                            # phase 2
    T = h * Pi * G
    np.fill_diagonal(T, 0.0)
    P = T.copy()                              # tick-0 perception: P = T
    phi = w.params["arms_race"]["burden_sharing"]
    allied = (w.A * (w.W @ w.C.T)).sum(axis=1)
    theta = P.sum(axis=1) - phi * allied      # phase 4
    return {"h": h, "Pi": Pi, "Ct": Ct, "G": G, "T": T, "P": P, "theta": theta,
            "threat": P.sum(axis=1), "allied": phi * allied}


def simulate(w, k, g, events=True, alliance=True, stance=True, allocation=True, ticks=None):
    """Deterministic phases 1-6 and 8: no noise, no crises. Returns recorded series."""
    f, p, dt = w.f, w.params, w.dt
    st = {"m": f["milex"].copy(), "y": f["gdp"].copy(), "C": w.C.copy(), "a": w.Aloc.copy(),
          "S": w.S.copy(), "A": w.A.copy(), "F": w.F.copy(), "E": w.E.copy(),
          "reach_km": f["reach_km"].copy(), "k": np.array(k, float), "g": np.array(g, float),
          "alpha": f["fatigue"].copy(), "cap": f["burden_cap"].copy(), "floor": f["milex_floor"].copy(),
          "gamma": f["gdp_growth"].copy(), "e": f["efficiency"].copy()}
    for name in ("resolve", "revisionism"):
        st[name] = f[name].copy()
    st["reactivity"], st["grievance"], st["fatigue"] = st["k"], st["g"], st["alpha"]
    st["milex"], st["gdp"], st["burden_cap"], st["milex_floor"] = st["m"], st["y"], st["cap"], st["floor"]
    st["gdp_growth"], st["efficiency"] = st["gamma"], st["e"]
    st["Pi"] = w.proximity(st["reach_km"])
    lam = p["perception"]["lag"] if p["perception"]["enabled"] else 1.0
    phi = p["arms_race"]["burden_sharing"]
    mu, n = p["allocation"]["rate"], w.n
    al, sp = p["alliance"], p["stance"]
    ticks = w.ticks if ticks is None else ticks
    h0 = np.maximum(0.0, -st["S"])
    T0 = h0 * st["Pi"] * (w.W @ (st["C"] + st["A"] @ st["C"]).T)
    np.fill_diagonal(T0, 0.0)
    P = T0.copy()
    rec = {"m": [st["m"].copy()], "y": [st["y"].copy()], "A": [st["A"].copy()], "S": [st["S"].copy()],
           "theta": [], "C": [st["C"].copy()], "capped": [np.zeros(n, bool)]}
    for t in range(1, ticks + 1):
        h = np.maximum(0.0, -st["S"])
        Ct = st["C"] + st["A"] @ st["C"]                                  # 1
        T = h * st["Pi"] * (w.W @ Ct.T)                                   # 2
        np.fill_diagonal(T, 0.0)
        P = (1 - lam) * P + lam * T                                       # 3 (no noise)
        theta = P.sum(axis=1) - phi * (st["A"] * (w.W @ st["C"].T)).sum(axis=1)   # 4
        rec["theta"].append(theta.copy())
        m_new = st["m"] + dt * (st["k"] * theta - st["alpha"] * st["m"] + st["g"])
        cap = np.where(st["cap"] > 0, st["cap"] * st["y"], np.inf)
        st["m"][:] = np.clip(m_new, st["floor"], cap)
        rec["capped"].append(m_new >= cap)
        st["y"][:] = st["y"] * (1 + st["gamma"] * dt)
        if allocation:                                                    # 5
            tau = w.W * ((h * st["Pi"]) @ Ct)
            tot = tau.sum(axis=1)
            for i in range(n):
                if tot[i] > 0:
                    st["a"][i] += mu * dt * (tau[i] / tot[i] - st["a"][i])
        st["C"][:] = (1 - w.delta[None, :] * dt) * st["C"] + dt * (st["e"] * st["m"])[:, None] * st["a"]
        norms = np.linalg.norm(P, axis=1)                                 # 6
        Ph = np.divide(P, norms[:, None], out=np.zeros_like(P), where=norms[:, None] > 0)
        Q = Ph @ Ph.T
        B = st["S"] @ st["S"] / n
        Bt = (B + B.T) / 2
        if alliance:
            A = st["A"]
            for i in range(n):
                for j in range(i + 1, n):
                    if min(st["S"][i, j], st["S"][j, i]) > al["min_stance"]:
                        v = A[i, j] + dt * (al["rate"] * (Q[i, j] + al["balance_weight"] * Bt[i, j])
                                            - al["friction_weight"] * st["F"][i, j] - al["decay"] * A[i, j])
                    else:
                        v = A[i, j] - dt * al["decay"] * A[i, j]
                    A[i, j] = A[j, i] = min(1.0, max(0.0, v))
        if stance:
            rs = T.sum(axis=1)
            That = np.divide(T, rs[:, None], out=np.zeros_like(T), where=rs[:, None] > 0)
            S = st["S"] + dt * (sp["balance_rate"] * B - sp["threat_rate"] * That * (1 - st["E"])
                                + sp["alliance_rate"] * st["A"])
            np.fill_diagonal(S, 0.0)
            st["S"][:] = np.clip(S, -1, 1)
        if events:                                                        # 8
            for tick, ev in w.events:
                if tick == t:
                    apply_event(w, st, ev)
        rec["m"].append(st["m"].copy())
        rec["y"].append(st["y"].copy())
        rec["A"].append(st["A"].copy())
        rec["S"].append(st["S"].copy())
        rec["C"].append(st["C"].copy())
    return rec


def compare_with_engine(w, rec, directory):
    """Max differences between this script's deterministic run and an engine run made with
    `--set parameters.perception.noise=0 --set parameters.deterrence.enabled=0` (the two
    should agree to rounding: same phases, no randomness)."""
    import pandas as pd  # only needed here
    ts = pd.read_csv(os.path.join(directory, "timeseries.csv"), keep_default_na=False, na_values=[""])
    out = {}
    m = ts[ts["variable"] == "milex"].pivot(index="tick", columns="actor", values="value")[w.ids].to_numpy()
    py = np.array(rec["m"])[: m.shape[0]]
    out["milex (max relative)"] = float(np.max(np.abs(m - py) / py))
    for var, key in (("alliance", "A"), ("stance", "S")):
        sub = ts[ts["variable"] == var]
        worst = 0.0
        for (a, b), grp in sub.groupby(["actor", "counterpart"]):
            i, j = w.idx[a], w.idx[b]
            series = grp.sort_values("tick")["value"].to_numpy()
            worst = max(worst, float(np.max(np.abs(series - np.array(rec[key])[: len(series), i, j]))))
        out[f"{var} (max absolute)"] = worst
    return out


def linear_stability(w, k):
    """Largest real eigenvalue of J = K dtheta/dm - diag(alpha) with c_j = e_j m_j a_j / delta."""
    f, n = w.f, w.n
    h = np.maximum(0.0, -w.S)
    Pi = w.proximity(f["reach_km"])
    phi = w.params["arms_race"]["burden_sharing"]
    unit = (f["efficiency"][:, None] * w.Aloc) / w.delta[None, :]   # dc_j/dm_j per domain
    WU = w.W @ unit.T                                               # (i, j): w_i . dc_j/dm_j
    HP = h * Pi
    np.fill_diagonal(HP, 0.0)
    # d theta_i / d m_j = HP_ij WU_ij + sum_l HP_il A_lj WU_lj ... (coalition term uses w_i)
    dtheta = HP * WU + (HP @ w.A) * WU - phi * w.A * WU
    J = np.diag(k) @ dtheta - np.diag(f["fatigue"])
    return float(np.max(np.linalg.eigvals(J).real))


# ----------------------------------------------------------------------------- calibration

def sipri_targets(data_dir):
    """Annualised 2014-2023 real growth from the SIPRI files, or None if absent."""
    long_f = os.path.join(data_dir, "sipri", "sipri_milex_long_1949-2014.csv")
    seed_f = os.path.join(data_dir, "sipri", "sipri_milex_2023_seed_actors.csv")
    if not (os.path.exists(long_f) and os.path.exists(seed_f)):
        return None
    with open(long_f, newline="", encoding="utf-8") as fh:
        m14 = {r["country"]: float(r["constant_usd_m"]) for r in csv.DictReader(fh)
               if r["year"] == "2014" and r["constant_usd_m"]}
    with open(seed_f, newline="", encoding="utf-8") as fh:
        m23 = {r["country"]: float(r["constant_usd_m"]) for r in csv.DictReader(fh) if r["constant_usd_m"]}
    return {a: (m23[c] / m14[c]) ** (1 / 9) - 1 for a, c in SIPRI_NAMES.items() if c in m14 and c in m23}


def calibrate(w, z0, targets):
    f = w.f
    k, g, notes = np.zeros(w.n), np.zeros(w.n), []
    for i, a in enumerate(w.ids):
        r, alpha, m = targets[a], f["fatigue"][i], f["milex"][i]
        inflow = (r + alpha) * m
        s = THREAT_SHARE.get(a, 0.5)
        if z0["theta"][i] > 0:
            g[i] = (1 - s) * inflow
            k[i] = s * inflow / z0["theta"][i]
            notes.append("")
        else:
            g[i], k[i] = inflow, 0.0
            notes.append("theta <= 0: k = 0, all in g")
    return k, g, notes


def apply_to_file(path, w, k, g, targets, command):
    """Rewrite the reactivity and grievance lines of each actor in the scenario file."""
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    actor = None
    for n, line in enumerate(lines):
        m = re.match(r"^  ([A-Z]{3}):\s*$", line)
        if m:
            actor = m.group(1)
            continue
        if re.match(r"^\S", line):
            actor = None
        if actor is None or actor not in w.idx:
            continue
        i = w.idx[actor]
        r, s = targets[actor], THREAT_SHARE.get(actor, 0.5)
        why = ("SIPRI real growth 2014-2023" if actor in SIPRI_NAMES else "modelling choice, no SIPRI series")
        if re.match(r"^      reactivity: ", line):
            extra = "; theta <= 0 at tick 0, so k = 0" if k[i] == 0 else ""
            lines[n] = (f"      reactivity: {{value: {k[i]:.6f}, source: calibration, note: \"initial dm/dt = "
                        f"k theta - alpha m + g equals r m, r = {r:.4f} ({why}), threat share s = {s} "
                        f"(modelling choice){extra}; command: {command}\"}}")
        elif re.match(r"^      grievance: ", line):
            rule = "(1 - s) (r + alpha) m" if k[i] > 0 else "(r + alpha) m (theta <= 0: no threat term)"
            lines[n] = (f"      grievance: {{value: {g[i]:.4f}, source: calibration, note: \"g = {rule}, "
                        f"s = {s}, r = {r:.4f}; command: {command}\"}}")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines))


# ----------------------------------------------------------------------------- reports

def check_quotes(doc, root):
    """Every `quote:` must occur verbatim in the article file its source's citation names."""
    files = {}
    for src in doc.get("sources") or []:
        m = re.search(r"shared/articles/(\S+?\.txt)", src.get("citation", ""))
        if m:
            files[src["id"]] = os.path.join(root, "..", "shared", "articles", m.group(1))
    found, problems = 0, []

    def visit(node, where):
        nonlocal found
        if isinstance(node, dict):
            if "quote" in node and node.get("source") in files:
                path = files[node["source"]]
                if not os.path.exists(path):
                    return
                with open(path, encoding="utf-8") as fh:
                    text = fh.read()
                if node["quote"] in text:
                    found += 1
                else:
                    problems.append(f"{where}: quote not in {os.path.basename(path)}: {node['quote'][:60]}...")
            for k2, v in node.items():
                visit(v, f"{where}.{k2}")
        elif isinstance(node, list):
            for n2, v in enumerate(node):
                visit(v, f"{where}[{n2}]")

    for key in ("actors", "relations", "events"):
        visit(doc.get(key), key)
    return found, problems


def onset_rates(w, z0):
    f, p = w.f, w.params["deterrence"]
    size = w.C.sum(axis=1)
    Pi, A, rho = z0["Pi"], w.A, f["resolve"]
    rows = []
    for j in range(w.n):          # challenger
        for i in range(w.n):      # target
            if i == j or f["revisionism"][j] * max(0.0, -w.S[j, i]) <= 0:
                continue
            pJ = size[j] + sum(A[j, l] * rho[l] * Pi[i, l] * size[l] for l in range(w.n) if l != j)
            pI = size[i] + sum(A[i, l] * rho[l] * Pi[i, l] * size[l] for l in range(w.n) if l != i)
            r = p["force_exponent"]
            q = pJ ** r / (pJ ** r + pI ** r)
            U = q * f["revisionism"][j] - (1 - q) * p["war_cost"]
            x = p["onset_bias"] + p["onset_utility"] * U + p["onset_fear"] * z0["P"][j, i] / p["threat_reference"]
            rate = p["base_rate"] / (1 + math.exp(-x))
            rows.append((w.ids[j], w.ids[i], q, U, rate))
    return rows


def lint_provenance(doc):
    """Seeded actor and relation values that `polarity check` may flag: uncited ones, and notes
    that name a declared source id other than the value's own source together with a number
    (the scenario format's way of recording a disagreement)."""
    ids = {s["id"] for s in doc.get("sources") or []}
    uncited, flagged = [], []

    def visit(node, where):
        if is_sourced(node):
            src = node.get("source")
            if src not in ids:
                uncited.append(where)
            note = str(node.get("note", ""))
            others = [i for i in ids if i != src and re.search(rf"(?<![\w.-]){re.escape(i)}(?![\w-])", note)]
            if others and re.search(r"\d", note):
                flagged.append(f"{where}: note names {', '.join(sorted(others))}: {note[:70]}")
        elif isinstance(node, dict):
            for k2, v in node.items():
                visit(v, f"{where}.{k2}")
        elif isinstance(node, list):
            for n2, v in enumerate(node):
                visit(v, f"{where}[{n2}]")
        elif isinstance(node, (int, float)) and not isinstance(node, bool):
            uncited.append(where)

    for a, spec in (doc.get("actors") or {}).items():
        visit({k2: v for k2, v in (spec or {}).items() if k2 != "name"}, f"actors.{a}")
    for n2, rel in enumerate(doc.get("relations") or []):
        visit({k2: v for k2, v in rel.items() if k2 not in ("between", "from", "to")}, f"relations[{n2}]")
    return uncited, flagged


def ladder_outcomes(q, rho_j, rho_i, escalation, backdown, max_ticks):
    """Exact outcome shares of one crisis on the ladder of docs/model.md phase 7,
    with q and resolves held at their onset values: returns dict of P(held by back-down),
    P(conceded), P(lapsed), P(limited_clash reached), P(war)."""
    pcb, pce = backdown * (1 - q) * (1 - rho_j), escalation * q * rho_j
    pdb, pde = backdown * q * (1 - rho_i), escalation * (1 - q) * rho_i
    hold = (1 - pcb - pce) * (1 - pdb - pde)
    up = (1 - pcb) * (1 - pdb) - hold
    res = {"held": 0.0, "conceded": 0.0, "lapsed": 0.0, "limited_clash": 0.0, "war": 0.0}
    dist = {(1, 0): 1.0}                       # (rung, age) -> probability
    while dist and sum(dist.values()) > 1e-13:
        nxt = {}
        for (rung, age), p in dist.items():
            age += 1
            res["held"] += p * pcb
            res["conceded"] += p * (1 - pcb) * pdb
            if rung + 1 == 3:
                res["limited_clash"] += p * up
            if rung + 1 == 4:
                res["war"] += p * up
            else:
                nxt[(rung + 1, age)] = nxt.get((rung + 1, age), 0.0) + p * up
            if age >= max_ticks:
                res["lapsed"] += p * hold
            else:
                nxt[(rung, age)] = nxt.get((rung, age), 0.0) + p * hold
        dist = nxt
    return res


def ladder_report(w, z0, escalation, backdown, max_ticks):
    """Onset-rate-weighted outcome shares of a crisis at tick 0."""
    f, size, A, Pi, rho = w.f, w.C.sum(axis=1), w.A, z0["Pi"], w.f["resolve"]
    rates = {(c, t): r for c, t, q, U, r in onset_rates(w, z0)}
    total, acc = 0.0, {}
    for (c, t), rate in rates.items():
        j, i = w.idx[c], w.idx[t]
        pJ = size[j] + sum(A[j, l] * rho[l] * Pi[i, l] * size[l] for l in range(w.n) if A[j, l] > 0)
        pI = size[i] + sum(A[i, l] * rho[l] * Pi[i, l] * size[l] for l in range(w.n) if A[i, l] > 0)
        q = pJ / (pJ + pI)
        rho_i = rho[i] + (1 - rho[i]) * (pI - size[i]) / pI
        out = ladder_outcomes(q, rho[j], rho_i, escalation, backdown, max_ticks)
        total += rate
        for k2, v in out.items():
            acc[k2] = acc.get(k2, 0.0) + rate * v
    return {k2: v / total for k2, v in acc.items()}, total


def mid_record(data_dir, codes, first, last):
    """MID 5.0 disputes with actors of the scenario on both sides, started first..last:
    count, and how many reached use of force (hostlev 4), war (hostlev 5), fatalities."""
    fa = os.path.join(data_dir, "cow-mid", "MIDA 5.0.csv")
    fb = os.path.join(data_dir, "cow-mid", "MIDB 5.0.csv")
    if not (os.path.exists(fa) and os.path.exists(fb)):
        return None
    sides = {}
    with open(fb, newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if int(r["ccode"]) in codes:
                sides.setdefault(r["dispnum"], set()).add(r["sidea"])
    n = force = war = fatal = 0
    with open(fa, newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if sides.get(r["dispnum"]) == {"0", "1"} and first <= int(r["styear"]) <= last:
                n += 1
                force += int(r["hostlev"]) >= 4
                war += int(r["hostlev"]) >= 5
                fatal += int(r["fatality"]) > 0
    return n, force, war, fatal


COW_CODES = {"USA": 2, "JPN": 740, "KOR": 732, "CHN": 710, "RUS": 365, "PRK": 731, "TWN": 713, "AUS": 900}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scenario")
    ap.add_argument("--data", default=None, help="shared data folder (default ../shared/data from the repo root)")
    ap.add_argument("--apply", action="store_true", help="write reactivity and grievance into the file")
    ap.add_argument("--no-calibrate", action="store_true", help="use the file's k and g; only check the baseline")
    ap.add_argument("--no-events", action="store_true")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--compare", metavar="DIR", default=None,
                    help="compare the deterministic run with an engine output directory made with "
                         "--set parameters.perception.noise=0 --set parameters.deterrence.enabled=0")
    ap.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
                    help="override a value before calibrating, e.g. parameters.stance.threat_rate=0.05 "
                         "or actors.*.richardson.fatigue=0.1 (* = every actor); not with --apply")
    args = ap.parse_args()
    if args.set and args.apply:
        sys.exit("--set and --apply together would write numbers calibrated for another file")

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    data_dir = args.data or os.path.join(root, "..", "shared", "data")
    doc = load_scenario(args.scenario)
    for assignment in args.set:
        set_path(doc, assignment)
    defaults, from_header = read_parameter_defaults(os.path.join(root, "include", "polarity", "parameters.h"))
    w = World(doc, defaults)
    z0 = tick0(w)
    f = w.f

    targets = dict(TARGET_GROWTH)
    from_data = sipri_targets(data_dir)
    if from_data:
        for a, r in from_data.items():
            if abs(r - TARGET_GROWTH[a]) > 5e-5:
                sys.exit(f"SIPRI growth for {a} is {r:.5f}, table says {TARGET_GROWTH[a]:.5f}: update the table")
        targets.update({a: r for a, r in from_data.items()})
    src = "recomputed from shared/data SIPRI files" if from_data else "tabulated (shared/data not found)"

    print(f"# {doc.get('name')}: {w.n} actors, {w.k} domains, tick 0 = {w.start}, dt = {w.dt}")
    found, problems = check_quotes(doc, root)
    print(f"# quotes checked against the article files: {found} verbatim, {len(problems)} not found")
    for p in problems:
        print("#   " + p)
    uncited, flagged = lint_provenance(doc)
    print(f"# provenance: {len(uncited)} seeded values without a declared source, "
          f"{len(flagged)} notes recording a disagreement")
    for p in uncited + flagged:
        print("#   " + p)
    print(f"# parameter defaults {'read from include/polarity/parameters.h' if from_header else 'as tabulated in this script'}; "
          f"in force: " + "; ".join(f"{g}: " + ", ".join(f"{k2} {v:g}" for k2, v in fields.items())
                                    for g, fields in w.params.items() if g in ("arms_race", "alliance", "stance", "crisis")))
    print("\n## Tick 0 (phases 1-4; P = T)")
    print(f"{'actor':5} {'milex':>9} {'threat':>9} {'allies':>9} {'theta':>9}  main threats (P_ij)")
    for i, a in enumerate(w.ids):
        top = sorted(((z0["P"][i, j], w.ids[j]) for j in range(w.n) if z0["P"][i, j] > 0), reverse=True)[:3]
        tops = ", ".join(f"{b} {v:.0f}" for v, b in top)
        print(f"{a:5} {f['milex'][i]:9.2f} {z0['threat'][i]:9.1f} {z0['allied'][i]:9.1f} {z0['theta'][i]:9.1f}  {tops}")

    if args.no_calibrate:
        k, g = f["reactivity"].copy(), f["grievance"].copy()
    else:
        k, g, notes = calibrate(w, z0, targets)
        print(f"\n## Calibration (target growth {src}; threat share s is a judgement)")
        print(f"{'actor':5} {'r':>8} {'alpha':>6} {'s':>5} {'theta':>9} {'k (1/yr)':>10} {'g (bn/yr)':>10}")
        for i, a in enumerate(w.ids):
            print(f"{a:5} {targets[a]:8.4f} {f['fatigue'][i]:6.3f} {THREAT_SHARE.get(a, 0.5):5.2f} "
                  f"{z0['theta'][i]:9.1f} {k[i]:10.6f} {g[i]:10.4f} {notes[i]}")
        print("\nYAML (richardson of each actor):")
        for i, a in enumerate(w.ids):
            print(f"  {a}: reactivity {k[i]:.6f}  grievance {g[i]:.4f}  fatigue {f['fatigue'][i]}")
        if args.apply:
            cmd = "/usr/bin/python3 scripts/seed_flagship.py scenarios/northeast_asia_2023.yaml --apply"
            apply_to_file(args.scenario, w, k, g, targets, cmd)
            print(f"\nwritten into {args.scenario}")

    growth0 = (k * z0["theta"] - f["fatigue"] * f["milex"] + g) / f["milex"]
    print("\n## Check: initial dm/dt / m = (k theta - alpha m + g) / m")
    print("  " + "  ".join(f"{a} {growth0[i]:+.4f}" for i, a in enumerate(w.ids)))
    print(f"\n## Linearised arms race at tick 0 (c = e m a / delta): largest eigenvalue "
          f"{linear_stability(w, k):+.4f} /yr (negative: no runaway)")

    rec = simulate(w, k, g, events=not args.no_events)
    if args.compare:
        diffs = compare_with_engine(w, rec, args.compare)
        print(f"\n## Engine comparison with {args.compare}: " + ", ".join(f"{k2} {v:.2e}" for k2, v in diffs.items()))
    m, y = np.array(rec["m"]), np.array(rec["y"])
    marks = [0, min(40, w.ticks), w.ticks]
    print("\n## Baseline forward simulation: phases 1-6 and 8, no noise, no crises")
    print(f"{'actor':5} " + " ".join(f"{w.start + t * w.dt:>9.1f}" for t in marks)
          + f" {'g/yr':>7} {'share@end':>9} {'cap':>7}  cap binds from")
    for i, a in enumerate(w.ids):
        sh = m[-1, i] / y[-1, i]
        capped = np.array(rec["capped"])[:, i]
        binds = f"{w.start + np.argmax(capped) * w.dt:.2f}" if capped.any() else "no"
        gr = (m[-1, i] / m[0, i]) ** (1 / (w.ticks * w.dt)) - 1
        print(f"{a:5} " + " ".join(f"{m[t, i]:9.2f}" for t in marks)
              + f" {gr:+7.4f} {sh:9.4f} {f['burden_cap'][i]:7.4f}  {binds}")
    total = m.sum(axis=1)
    print(f"total " + " ".join(f"{total[t]:9.1f}" for t in marks))
    if not args.quiet:
        A = np.array(rec["A"])
        S = np.array(rec["S"])
        pairs = [("USA", "JPN"), ("USA", "KOR"), ("JPN", "KOR"), ("CHN", "RUS"), ("CHN", "PRK"),
                 ("RUS", "PRK"), ("USA", "TWN"), ("JPN", "AUS"), ("KOR", "CHN"), ("JPN", "CHN")]
        print("\n## Alliance depth A and stances S_ij / S_ji")
        for a, b in pairs:
            if a in w.idx and b in w.idx:
                i, j = w.idx[a], w.idx[b]
                print(f"{a}-{b}: A " + " ".join(f"{A[t, i, j]:.2f}" for t in marks)
                      + "   S " + " ".join(f"{S[t, i, j]:+.2f}/{S[t, j, i]:+.2f}" for t in marks))
        print("\n## Tick-0 crisis onset rates (per year) of hostile ordered pairs, challenger -> target")
        rows = sorted(onset_rates(w, z0), key=lambda r: -r[4])
        for c, t, q, U, rate in rows:
            print(f"  {c}->{t}: q {q:.2f}  U {U:+.2f}  rate {rate:.4f}")
        print(f"  sum {sum(r[4] for r in rows):.3f} crises/yr expected at tick 0")
        cp = w.params["crisis"]
        print(f"\n## Crisis ladder at tick 0 (escalation {cp['escalation']}, backdown {cp['backdown']}, "
              f"max_ticks {cp['max_ticks']}): outcome shares weighted by onset rate")
        shares, _ = ladder_report(w, z0, cp["escalation"], cp["backdown"], int(cp["max_ticks"]))
        print("  " + ", ".join(f"{k2} {v:.3f}" for k2, v in shares.items())
              + "   (limited_clash counts crises that reached it, war included)")
        print("  escalation scan (backdown as set): " + ", ".join(
            f"{e}: LC {ladder_report(w, z0, e, cp['backdown'], int(cp['max_ticks']))[0]['limited_clash']:.3f} "
            f"war {ladder_report(w, z0, e, cp['backdown'], int(cp['max_ticks']))[0]['war']:.3f}"
            for e in (0.35, 0.2, 0.15, 0.1, 0.05)))
        codes = {COW_CODES[a] for a in w.ids if a in COW_CODES}
        for first, last in ((1954, 2014), (1990, 2014)):
            rec_mid = mid_record(data_dir, codes, first, last)
            if rec_mid:
                n, force, war, fatal = rec_mid
                print(f"  MID 5.0 {first}-{last}, these actors on both sides: {n} disputes "
                      f"({n / (last - first + 1):.2f}/yr), use of force {force} ({force / n:.3f}), "
                      f"fatal {fatal} ({fatal / n:.3f}), war {war} ({war / n:.3f})")


if __name__ == "__main__":
    main()
