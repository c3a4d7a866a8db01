#!/usr/bin/env bash
# Regenerates docs/validation.md: the validation experiments of the briefs' findings
# (MODEL.md section 7, issue 10) at full size, 32 central seeds and a Latin hypercube of
# 24 points with 4 seeds each over the judgement parameters of each finding, at scale
# 0.01. About 15 minutes on 2 cores. The CI test (tests/validation/findings_test.cpp)
# runs the same experiments with 12 seeds and 20 points of 1 seed.
#   bash scripts/validation.sh [--bin PATH] [extra `nisim findings` flags, e.g. --id stable_funding]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="$root/build/nisim"
if [[ "${1:-}" == "--bin" ]]; then bin="$2"; shift 2; fi
cd "$root"
# A relative binary path keeps the command line in the report free of this machine's paths.
rel="$(realpath --relative-to="$root" "$bin")"
"./$rel" findings --seeds 32 --points 24 --point-seeds 4 --scale 0.01 --threads 2 --scenarios scenarios \
  --markdown docs/validation.md --force "$@"
