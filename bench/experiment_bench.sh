#!/usr/bin/env bash
# Experiment benchmarks: times `nisim ensemble scenarios/baseline.toml --runs N` at scale
# 0.01 (2010-2035) in one process with one job, in one process with all cores (the
# default --jobs), and under `mpirun -n 2` when OpenMPI is installed; then checks that the
# three wrote byte-identical summary.csv and indicators.csv, and compares peak memory of
# an ensemble of N/8 runs with one of N runs (memory must not grow with the number of runs).
#
#   bash bench/experiment_bench.sh              # N = 64
#   bash bench/experiment_bench.sh --runs 16    # a shorter check
#   bash bench/experiment_bench.sh --bin PATH   # another nisim binary (default build/nisim)
#
# Figures come from /usr/bin/time -v when it is installed (Debian package `time`),
# otherwise from the experiment's manifest.json. The table goes to stdout.
set -euo pipefail
shopt -s inherit_errexit

repo="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
bin="$repo/build/nisim"
scenario="$repo/scenarios/baseline.toml"
runs=64
while (($#)); do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --bin) bin="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) printf 'experiment_bench: unknown argument %s (try --help)\n' "$1" >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] && ((runs >= 8)) || { printf 'experiment_bench: --runs needs a whole number >= 8\n' >&2; exit 2; }
[[ -x "$bin" ]] || { printf 'experiment_bench: %s not found; build first: bash scripts/setup.sh\n' "$bin" >&2; exit 2; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/nisim-xbench.XXXXXX")"
trap 'rm -rf -- "$tmp"' EXIT
have_time=0
[[ -x /usr/bin/time ]] && have_time=1
field() { sed -n "s/^  \"$1\": \\([-+0-9.eE]*\\),\\{0,1\\}\$/\\1/p" "$2" | head -n1; }

# case NAME RUNS LAUNCHER... -- prints "NAME RUNS wall_s cpu_s peak_MiB"
bench_case() {
  local name="$1" n="$2"; shift 2
  local out="$tmp/$name" log="$tmp/$name.time"
  local cmd=("$@" "$bin" ensemble "$scenario" --runs "$n" --scale 0.01 --out "$out" --progress none)
  [[ "$name" == one-job* ]] && cmd+=(--jobs 1 --threads 1)
  printf 'experiment_bench: %s (%s runs) ...\n' "$name" "$n" >&2
  local wall cpu rss
  if ((have_time)); then
    /usr/bin/time -v -o "$log" "${cmd[@]}" >/dev/null
    wall="$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log" |
            awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')"
    cpu="$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$log")"
    rss="$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$log")"
  else
    "${cmd[@]}" >/dev/null
    wall="$(field wall_seconds "$out/manifest.json")"
    cpu="-"
    rss="$(awk -v b="$(field peak_rss_bytes "$out/manifest.json")" 'BEGIN { printf "%.1f", b / 1048576 }')"
  fi
  printf '%-18s %6s %9.2f %9s %10s %12.3f\n' "$name" "$n" "$wall" "$cpu" "$rss" "$(awk -v w="$wall" -v n="$n" 'BEGIN { print w / n }')"
}

printf '# nisim %s, %s cores, load before: %s\n' "$("$bin" --version | cut -d' ' -f2-)" "$(nproc)" \
  "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
printf '%-18s %6s %9s %9s %10s %12s\n' case runs "wall s" "cpu s" "peak MiB" "wall s/run"
bench_case one-job "$runs"
bench_case all-cores "$runs"
cmp -s "$tmp/one-job/summary.csv" "$tmp/all-cores/summary.csv" &&
  cmp -s "$tmp/one-job/indicators.csv" "$tmp/all-cores/indicators.csv" ||
  { printf 'experiment_bench: one-job and all-cores results differ\n' >&2; exit 1; }
if command -v mpirun >/dev/null 2>&1; then
  mpi=(mpirun -n 2 --mca btl self,vader)
  (("$(id -u)" == 0)) && mpi+=(--allow-run-as-root)
  bench_case mpirun-n-2 "$runs" "${mpi[@]}"
  cmp -s "$tmp/one-job/summary.csv" "$tmp/mpirun-n-2/summary.csv" &&
    cmp -s "$tmp/one-job/indicators.csv" "$tmp/mpirun-n-2/indicators.csv" ||
    { printf 'experiment_bench: mpirun and serial results differ\n' >&2; exit 1; }
else
  printf 'experiment_bench: mpirun not found; skipping the MPI case\n' >&2
fi
bench_case one-job-small "$((runs / 8))"
printf '# results identical across cases; peak memory of %s runs vs %s runs: compare the one-job rows\n' \
  "$runs" "$((runs / 8))"
