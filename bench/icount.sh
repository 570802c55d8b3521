#!/usr/bin/env bash
# The CI gate of the in-process figures: builds the bench binary in release mode and counts their
# instructions under callgrind, without the load tests; fails when a ratio crosses its gate.
# Needs valgrind: without it, fails when CI=true and skips with the reason elsewhere.
# Usage: bash bench/icount.sh   (FLUXTURN_BENCH_REGRESS=dispatch shows it failing)
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release -q -p fluxturn-bench
./target/release/fluxturn-bench --icount-only
