#!/usr/bin/env bash
# Whole-run benchmarks: times `nisim run scenarios/baseline.toml` (2010-2035, monthly
# ticks) at several scales and prints one table. See bench/README.md.
#
#   bash bench/run_bench.sh            # scales 0.01 and 0.1, plus thread scaling at 0.1
#   bash bench/run_bench.sh --full     # also scale 1.0 (minutes)
#   bash bench/run_bench.sh --bin PATH # another nisim binary (default: build/nisim)
#   bash bench/run_bench.sh --repeat 3 # run each case 3 times, keep the fastest
#
# Figures come from /usr/bin/time -v when it is installed (Debian package `time`) and
# otherwise from the run's manifest.json (wall_seconds, peak_rss_bytes); agent_ticks and
# the number of years always come from the manifest. The table goes to stdout, progress
# messages to stderr.
set -euo pipefail
shopt -s inherit_errexit  # a failing run inside $(...) stops the script too

repo="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
bin="$repo/build/nisim"
scenario="$repo/scenarios/baseline.toml"
scales=(0.01 0.1)
scaling_scale=0.1
repeat=1

while (($#)); do
  case "$1" in
    --full) scales+=(1.0); shift ;;
    --bin) bin="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) printf 'run_bench: unknown argument %s (try --help)\n' "$1" >&2; exit 2 ;;
  esac
done

[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || { printf 'run_bench: --repeat needs a positive integer\n' >&2; exit 2; }
[[ -x "$bin" ]] || { printf 'run_bench: %s not found; build first: bash scripts/setup.sh\n' "$bin" >&2; exit 2; }

load_before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
have_time=0
[[ -x /usr/bin/time ]] && have_time=1
tmp="$(mktemp -d "${TMPDIR:-/tmp}/nisim-bench.XXXXXX")"
trap 'rm -rf -- "$tmp"' EXIT

# Value of a top-level number field of a pretty-printed manifest.json ("key": value,).
field() { sed -n "s/^  \"$1\": \\([-+0-9.eE]*\\),\\{0,1\\}\$/\\1/p" "$2" | head -n1; }
# Value of years.start / years.end.
year_field() { sed -n "/\"years\"/,/}/s/^    \"$1\": \\([0-9]*\\).*/\\1/p" "$2" | head -n1; }

# run_once SCALE THREADS REP -> prints "wall_s cpu_s rss_bytes agent_ticks years threads source outdir"
run_once() {
  local scale="$1" threads="$2" out="$tmp/run-$1-$2" log="$tmp/time-$1-$2.txt"
  local cmd=("$bin" run "$scenario" --scale "$scale" --threads "$threads" --out "$out"
             --progress none --force)
  printf 'run_bench: scale %s, threads %s, repetition %s of %s ...\n' "$scale" "$threads" "$3" "$repeat" >&2
  local rc=0
  if ((have_time)); then
    /usr/bin/time -v -o "$log" "${cmd[@]}" >/dev/null || rc=$?
  else
    "${cmd[@]}" >/dev/null || rc=$?
  fi
  if ((rc != 0)); then
    printf 'run_bench: nisim failed (exit %s): %s\n' "$rc" "${cmd[*]}" >&2
    exit 1
  fi
  local m="$out/manifest.json" wall cpu rss src
  if ((have_time)); then
    # "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:01.23"
    wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")"
    rss="$(awk -F': ' '/Maximum resident set size/ {print $2*1024}' "$log")"
    cpu="$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$log")"
    src="time-v"
  else
    wall="$(field wall_seconds "$m")"
    rss="$(field peak_rss_bytes "$m")"
    cpu="-"
    src="manifest"
  fi
  local years=$(( $(year_field end "$m") - $(year_field start "$m") + 1 ))
  echo "$wall $cpu $rss $(field agent_ticks "$m") $years $(field threads "$m") $src $out"
}

# run_one SCALE THREADS: the fastest of $repeat runs (same fields as run_once).
run_one() {
  local best="" line i
  for ((i = 1; i <= repeat; i++)); do
    line="$(run_once "$1" "$2" "$i")"
    if [[ -z "$best" ]] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
      best="$line"
    fi
  done
  echo "$best"
}

row() {  # row LABEL SCALE wall cpu rss ticks years threads src
  awk -v label="$1" -v scale="$2" -v wall="$3" -v cpu="$4" -v rss="$5" -v ticks="$6" \
      -v years="$7" -v thr="$8" -v src="$9" 'BEGIN {
    printf "%-8s %6s %7d %9.2f %9s %12.3f %14.3e %13.1f  %s\n", label, scale, thr, wall,
           (cpu == "-" ? "-" : sprintf("%.2f", cpu)), wall / years, (wall > 0 ? ticks / wall : 0),
           rss / 1048576, src }'
}

header() {
  printf '%-8s %6s %7s %9s %9s %12s %14s %13s  %s\n' "row" "scale" "threads" "wall s" \
         "cpu s" "s/sim-year" "agent-ticks/s" "peak RSS MiB" "source"
}

results=()
for s in "${scales[@]}"; do
  results+=("$s $(run_one "$s" 0)")
done
read -r w1 c1 r1 t1 y1 th1 src1 out1 <<<"$(run_one "$scaling_scale" 1)"
read -r w2 c2 r2 t2 y2 th2 src2 out2 <<<"$(run_one "$scaling_scale" 2)"
if cmp -s "$out1/indicators.csv" "$out2/indicators.csv"; then same="identical"; else same="DIFFERENT"; fi

echo "nisim whole-run benchmark: $("$bin" --version), scenario baseline $( \
  year_field start "$out1/manifest.json")-$(year_field end "$out1/manifest.json"), $(nproc) cores, best of $repeat, load average before: $load_before"
header
for rec in "${results[@]}"; do
  read -r s w c r t y th src _ <<<"$rec"
  row "run" "$s" "$w" "$c" "$r" "$t" "$y" "$th" "$src"
done
row "threads" "$scaling_scale" "$w1" "$c1" "$r1" "$t1" "$y1" "$th1" "$src1"
row "threads" "$scaling_scale" "$w2" "$c2" "$r2" "$t2" "$y2" "$th2" "$src2"
awk -v a="$w1" -v b="$w2" -v same="$same" 'BEGIN {
  printf "thread scaling at scale '"$scaling_scale"': 1 -> 2 threads speed-up %.2fx; indicators.csv %s\n",
         (b > 0 ? a / b : 0), same }'
[[ "$same" == "identical" ]] || { echo "run_bench: results depend on the thread count" >&2; exit 1; }
