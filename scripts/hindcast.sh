#!/usr/bin/env bash
# Hindcast protocol (issue 5, item 5; docs/validation.md, section 10).
#
#   scripts/hindcast.sh OUTDIR
#
# 1. OUTDIR/observed_1992_2014.csv: SIPRI military expenditure of the eight actors, 1992-2014
#    (constant 2023 US$ bn), from the extract tests/data/fidelity/sipri_milex_hindcast_1992_2014.csv;
#    rows after 2014 are dropped even if present.
# 2. polarity calibrate: every Richardson value of every actor (actors.*.richardson.*), fitted
#    on 1992-2014 with relative residuals -> OUTDIR/calibration/ (calibrated.yaml, report.md,
#    estimates.csv, residuals.csv).
# 3. polarity run of the calibrated scenario from 1992 to 2024 (128 quarterly ticks) -> OUTDIR/run/.
# 4. OUTDIR/forecast.csv: actor,year,milex_constant_usd_bn for 2015-2024.
#
# The binary is $POLARITY, or build/engine/polarity under the repository. Nothing after 2014
# enters: the scenario is seeded from 1992 values, and the calibration window ends in 2014.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: scripts/hindcast.sh OUTDIR" >&2
  exit 64
fi
out=$1
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
polarity=${POLARITY:-$root/build/engine/polarity}
scenario=$root/scenarios/hindcast_asia_pacific_1992.yaml
extract=$root/tests/data/fidelity/sipri_milex_hindcast_1992_2014.csv
if [[ ! -x $polarity ]]; then
  echo "hindcast: no polarity executable at $polarity (build it, or set POLARITY)" >&2
  exit 66
fi
mkdir -p "$out"

# 1. Observations: SIPRI country names to actor ids, US$ m to US$ bn, years 1992-2014.
sed 's/"Korea, South"/Korea South/' "$extract" | awk -F, '
  BEGIN {
    id["United States of America"] = "USA"; id["China"] = "CHN"; id["Japan"] = "JPN";
    id["Korea South"] = "KOR"; id["Russia"] = "RUS"; id["Taiwan"] = "TWN";
    id["Australia"] = "AUS"; id["India"] = "IND";
    print "actor,year,variable,value"
  }
  /^#/ || $1 == "country" { next }
  $2 >= 1992 && $2 <= 2014 {
    if (!($1 in id)) { print "hindcast: unknown country " $1 > "/dev/stderr"; exit 65 }
    printf "%s,%s,milex,%.10g\n", id[$1], $2, $3 / 1000
  }' > "$out/observed_1992_2014.csv"

# 2. Calibration on 1992-2014.
"$polarity" calibrate "$scenario" --data "$out/observed_1992_2014.csv" \
  --fit 'actors.*.richardson.*' --from 1992 --to 2014 --relative \
  -o "$out/calibration" --force

# 3. The calibrated scenario, run from 1992 to 2024.
"$polarity" run "$out/calibration/calibrated.yaml" --ticks 128 -o "$out/run" --force

# 4. Forecast: per-actor milex at the whole years 2015-2024, actors in scenario order.
awk -F, '
  NR == 1 { next }
  $7 == "milex" && $5 != "" && $6 == "" && $4 >= 2015 && $4 <= 2024 && $4 == int($4) {
    if (!($5 in seen)) { seen[$5] = 1; order[++n] = $5 }
    value[$5, $4] = $8
  }
  END {
    print "actor,year,milex_constant_usd_bn"
    for (a = 1; a <= n; ++a) for (y = 2015; y <= 2024; ++y) {
      if (!((order[a], y) in value)) { print "hindcast: no milex for " order[a] " in " y > "/dev/stderr"; exit 70 }
      print order[a] "," y "," value[order[a], y]
    }
  }' "$out/run/timeseries.csv" > "$out/forecast.csv"

echo "hindcast: in-sample fit in $out/calibration/report.md; forecast in $out/forecast.csv" >&2
