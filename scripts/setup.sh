#!/usr/bin/env bash
# Installs what is missing, then builds nisim in Release into <repo>/build.
#
#   bash scripts/setup.sh
#
# Meant for Debian 12 (bookworm), minimal or not: it needs only bash, dpkg and apt-get.
# Runs as root, or as a user who may use sudo. Installs Debian packages only when one of
# the list below is missing (checked with dpkg-query); afterwards the program is
# build/nisim, the tests are in build/ (ctest --test-dir build) and, when Google
# Benchmark is installed, the kernel benchmarks are build/nisim_bench.
# Works from any current directory. Messages go to stderr.
set -euo pipefail

PACKAGES=(
  build-essential cmake git pkg-config ca-certificates
  libtomlplusplus-dev libcli11-dev libfmt-dev libspdlog-dev nlohmann-json3-dev
  libtbb-dev librandom123-dev libeigen3-dev libnlopt-cxx-dev libsqlite3-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev sqlite3 python3
  libboost-dev libopenmpi-dev openmpi-bin
)

say() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

repo="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
[[ -f "$repo/CMakeLists.txt" ]] || die "cannot find the repository root (looked in $repo)"
cd "$repo"

# --- 1. Debian packages -----------------------------------------------------------------
if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  die "dpkg-query/apt-get not found: this script supports Debian 12 (bookworm). Elsewhere install the equivalents of: ${PACKAGES[*]}; then run: cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build"
fi

missing=()
for p in "${PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  say "all ${#PACKAGES[@]} required Debian packages are installed"
else
  say "missing Debian packages: ${missing[*]}"
  if [[ "$(id -u)" -eq 0 ]]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
    say "not root: using sudo for apt-get"
  else
    die "not root and sudo is not installed; as root run: apt-get update && apt-get install -y --no-install-recommends ${PACKAGES[*]}"
  fi
  apt=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300)
  say "running apt-get update"
  "${apt[@]}" update >&2 || die "apt-get update failed (network or apt sources?)"
  say "installing ${#PACKAGES[@]} packages (apt-get install -y --no-install-recommends)"
  "${apt[@]}" install -y --no-install-recommends "${PACKAGES[@]}" >&2 ||
    die "apt-get install failed; is this Debian 12 (bookworm)?"
fi

# --- 2. Release build -------------------------------------------------------------------
jobs="$(nproc)"
say "configuring: cmake -S $repo -B $repo/build -DCMAKE_BUILD_TYPE=Release"
cmake -S "$repo" -B "$repo/build" -DCMAKE_BUILD_TYPE=Release >&2 || die "cmake configuration failed"
say "building with $jobs parallel jobs"
cmake --build "$repo/build" -j"$jobs" >&2 || die "build failed"
say "done: the program is $repo/build/nisim"
