#!/usr/bin/env bash
# Scale robustness, full size (issue 10, point 7): the baseline at scale 0.01 (mean of 8
# seeds) against scale 0.1 (mean of 2 seeds), 2010 to --until (default 2035). Prints, for
# each national indicator, the largest relative gap over the years and the year it occurs,
# and for the capability ratios the largest absolute gap per area. About 90 s on 2 cores.
# The CI test (tests/validation/scale_test.cpp) runs the same comparison to 2016.
#   bash scripts/scale_check.sh [--until YEAR] [--bin PATH]
set -euo pipefail
until=2035
bin="$(cd "$(dirname "$0")/.." && pwd)/build/nisim"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --until) until="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    *) echo "usage: $0 [--until YEAR] [--bin PATH]" >&2; exit 2 ;;
  esac
done
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$bin" ensemble "$root/scenarios/baseline.toml" --scale 0.01 --runs 8 --until "$until" --out "$tmp/small" --progress none >/dev/null
"$bin" ensemble "$root/scenarios/baseline.toml" --scale 0.1 --runs 2 --until "$until" --out "$tmp/large" --progress none >/dev/null
python3 - "$tmp/small/indicators.csv" "$tmp/large/indicators.csv" <<'PY'
import csv, collections, sys
def load(path):
    d = collections.defaultdict(lambda: collections.defaultdict(list))
    for r in csv.DictReader(open(path)):
        d[r['indicator']][int(r['year'])].append(float(r['value']))
    return {k: {y: sum(v) / len(v) for y, v in ys.items()} for k, ys in d.items()}
small, large = load(sys.argv[1]), load(sys.argv[2])
print(f"{'indicator':36} {'largest gap':>12} {'year':>6}")
for name in ['gerd_cny_bn', 'rd_intensity_pct', 'rd_personnel_fte_10k', 'papers', 'highly_cited_papers',
             'invention_patent_grants_domestic', 'pct_applications', 'tfp_index', 'capability_mean',
             'gap1_conversion_rate', 'gap2_conversion_rate', 'basic_share_pct', 'rd_performing_firms']:
    gaps = [(abs(large[name][y] / small[name][y] - 1), y) for y in small[name] if small[name][y]]
    g, y = max(gaps)
    print(f"{name:36} {100 * g:11.1f}% {y:6d}")
caps = [k for k in small if k.startswith('capability_ratio.')]
worst = max((abs(large[k][y] - small[k][y]), y, k) for k in caps for y in small[k])
print(f"largest per-area capability gap: {worst[0]:.3f} ({worst[2][17:]}, {worst[1]})")
PY
