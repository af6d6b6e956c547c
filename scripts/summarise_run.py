#!/usr/bin/python3
"""Summarise `polarity run` output directories (INTERFACE.md "Output directory").

Usage (Debian's python3 with python3-pandas):

    /usr/bin/python3 scripts/summarise_run.py DIR [DIR ...] [--labels a,b,...] [--years 2023.5,2033.5,2043.5]
                                               [--pairs USA-JPN,JPN-KOR,...] [--markdown]

For each directory it reads timeseries.csv, events.csv and outcomes.csv and prints, as means
over replications (with the 5th-95th percentile range where it helps):
  - military expenditure per actor (and its share of GDP) at the chosen years,
  - alliance depth of key pairs at those years,
  - the number of blocs at those years,
  - crises started (in all, per challenger -> target pair from events.csv), deterrence
    successes and failures, concessions and wars by the end of the run,
  - the status counts of outcomes.csv.
With several directories it ends with a side-by-side table of the headline numbers, the
first directory taken as the baseline. --markdown prints tables in Markdown for docs/.
"""

from __future__ import annotations

import argparse
import os
import re
import sys

import pandas as pd

DEFAULT_PAIRS = "USA-JPN,USA-KOR,JPN-KOR,CHN-RUS,CHN-PRK,RUS-PRK,USA-TWN,JPN-AUS"
SYSTEM_FINALS = ["crises_total", "deterrence_successes", "deterrence_failures", "concessions", "wars"]


def table(df: pd.DataFrame, markdown: bool, floatfmt: str = "{:.2f}") -> str:
    if df.empty:
        return "(none)"
    shown = df.copy()
    for c in shown.columns:
        if pd.api.types.is_float_dtype(shown[c]):
            shown[c] = shown[c].map(lambda v: "" if pd.isna(v) else floatfmt.format(v))
    if not markdown:
        return shown.to_string()
    cols = [shown.index.name or ""] + [str(c) for c in shown.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for idx, row in shown.iterrows():
        lines.append("| " + " | ".join([str(idx)] + [str(v) for v in row.values]) + " |")
    return "\n".join(lines)


def nearest_ticks(ts: pd.DataFrame, years: list[float]) -> dict[float, int]:
    times = ts[["tick", "time"]].drop_duplicates().sort_values("tick")
    out = {}
    for y in years:
        row = times.iloc[(times["time"] - y).abs().argsort().iloc[0]]
        out[y] = int(row["tick"])
    return out


def load(directory: str):
    def read(name):
        path = os.path.join(directory, name)
        if not os.path.exists(path):
            return None
        return pd.read_csv(path, keep_default_na=False, na_values=[""])
    ts = read("timeseries.csv")
    if ts is None:
        sys.exit(f"{directory}: no timeseries.csv")
    ts["actor"] = ts["actor"].fillna("")
    ts["counterpart"] = ts["counterpart"].fillna("")
    return ts, read("events.csv"), read("outcomes.csv")


def summarise(directory: str, years, pairs, markdown: bool, out: list[str]) -> dict:
    ts, events, outcomes = load(directory)
    reps = ts["replication"].nunique()
    ticks = nearest_ticks(ts, years)
    head = {}
    out.append(f"\n### {directory}  ({reps} replications)\n")

    # Spending per actor.
    mil = ts[(ts["variable"] == "milex") & (ts["tick"].isin(ticks.values()))]
    piv = mil.groupby(["actor", "tick"])["value"].mean().unstack("tick")
    piv = piv.rename(columns={t: f"{y:g}" for y, t in ticks.items()})
    lo = mil[mil["tick"] == ticks[years[-1]]].groupby("actor")["value"].quantile(0.05)
    hi = mil[mil["tick"] == ticks[years[-1]]].groupby("actor")["value"].quantile(0.95)
    piv[f"p5-p95 {years[-1]:g}"] = [f"{lo[a]:.1f}-{hi[a]:.1f}" for a in piv.index]
    bur = ts[(ts["variable"] == "burden") & (ts["tick"] == ticks[years[-1]])]
    if not bur.empty:
        piv[f"burden {years[-1]:g}"] = bur.groupby("actor")["value"].mean() * 100
    order = list(dict.fromkeys(ts[ts["variable"] == "milex"]["actor"]))
    piv = piv.reindex(order)
    piv.index.name = "actor"
    out.append("Military expenditure, US$ bn (mean over replications; burden in % of GDP):\n")
    out.append(table(piv, markdown))
    tot = ts[(ts["variable"] == "milex_total") & (ts["tick"].isin(ticks.values()))]
    tot_mean = tot.groupby("tick")["value"].mean()
    out.append("\nTotal: " + ", ".join(f"{y:g}: {tot_mean.get(t, float('nan')):.1f}" for y, t in ticks.items()))
    for y in years[1:]:
        for a in piv.index:
            head[f"milex {a} {y:g}"] = piv.loc[a, f"{y:g}"]
        head[f"milex total {y:g}"] = tot_mean.get(ticks[y], float("nan"))

    # Alliance depth of key pairs (written for actor index < counterpart index).
    al = ts[(ts["variable"] == "alliance") & (ts["tick"].isin(ticks.values()))]
    rows = []
    for p in pairs:
        a, b = p.split("-")
        sel = al[((al["actor"] == a) & (al["counterpart"] == b)) | ((al["actor"] == b) & (al["counterpart"] == a))]
        m = sel.groupby("tick")["value"].mean()
        rows.append([p] + [m.get(t, float("nan")) for t in ticks.values()])
        for y in years[1:]:
            head[f"alliance {p} {y:g}"] = m.get(ticks[y], float("nan"))
    adf = pd.DataFrame(rows, columns=["pair"] + [f"{y:g}" for y in ticks]).set_index("pair")
    out.append("\nAlliance depth (mean; levels 0.2 partnership, 0.4 security cooperation, 0.6 quasi-alliance, 0.8 treaty):\n")
    out.append(table(adf, markdown))

    # Blocs.
    bl = ts[(ts["variable"] == "blocs") & (ts["tick"].isin(ticks.values()))]
    bm = bl.groupby("tick")["value"].mean()
    out.append("\nBlocs (mean count): " + ", ".join(f"{y:g}: {bm.get(t, float('nan')):.2f}" for y, t in ticks.items()))
    head[f"blocs {years[-1]:g}"] = bm.get(ticks[years[-1]], float("nan"))
    pol = ts[(ts["variable"] == "polarization") & (ts["tick"] == ticks[years[-1]])]["value"].mean()
    out.append(f"Polarization at {years[-1]:g} (mean): {pol:.3f}")

    # Crisis counters by the end of the run.
    last = ts["tick"].max()
    fin = ts[(ts["tick"] == last) & (ts["variable"].isin(SYSTEM_FINALS))]
    fm = fin.groupby("variable")["value"].mean()
    out.append("\nBy the end of the run (mean per replication): " +
               ", ".join(f"{v} {fm.get(v, float('nan')):.2f}" for v in SYSTEM_FINALS))
    for v in SYSTEM_FINALS:
        head[v] = fm.get(v, float("nan"))
    if "wars" in fm.index:
        share = (fin[fin["variable"] == "wars"]["value"] > 0).mean()
        out.append(f"Share of replications with at least one war: {share:.2f}")
        head["share with war"] = share

    # Crises started per challenger -> target, from events.csv.
    if events is not None and not events.empty:
        cs = events[events["type"] == "crisis_start"]
        if not cs.empty:
            def pair(s):
                ids = [x for x in re.split(r"[^A-Za-z0-9_]+", str(s)) if x]
                return "->".join(ids[:2])
            counts = cs["actors"].map(pair).value_counts() / reps
            cdf = counts.rename("per replication").to_frame()
            cdf.index.name = "challenger->target"
            out.append("\nCrises started, per challenger -> target (mean per replication, includes scheduled crises):\n")
            out.append(table(cdf.head(15), markdown))
        kinds = events["type"].value_counts() / reps
        out.append("\nEvents per replication by type: " + ", ".join(f"{k} {v:.2f}" for k, v in kinds.items()))
    if outcomes is not None and "status" in outcomes.columns:
        out.append("Run status: " + ", ".join(f"{k} {v}" for k, v in outcomes["status"].value_counts().items()))
    return head


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--labels", default=None, help="comma-separated names for the directories")
    ap.add_argument("--years", default="2023.5,2033.5,2043.5")
    ap.add_argument("--pairs", default=DEFAULT_PAIRS)
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    years = [float(y) for y in args.years.split(",")]
    pairs = [p for p in args.pairs.split(",") if p]
    labels = args.labels.split(",") if args.labels else [os.path.basename(os.path.normpath(d)) for d in args.dirs]
    out: list[str] = []
    heads = {}
    for label, d in zip(labels, args.dirs):
        heads[label] = summarise(d, years, pairs, args.markdown, out)
    if len(args.dirs) > 1:
        comp = pd.DataFrame(heads)
        base = labels[0]
        for lab in labels[1:]:
            comp[f"{lab} - {base}"] = comp[lab] - comp[base]
        comp.index.name = "quantity"
        out.append(f"\n### Comparison (first column is the baseline)\n")
        out.append(table(comp, args.markdown))
    print("\n".join(out))


if __name__ == "__main__":
    main()
