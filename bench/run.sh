#!/usr/bin/env bash
# Runs every benchmark in release mode and prints one table: each figure, its baseline measured
# in the same run, and the ratio; the in-process figures also by instruction count under
# callgrind (valgrind), which their targets are judged by. Usage: bash bench/run.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(rustc --version)"
cargo build --release -q -p fluxturn-bench
./target/release/fluxturn-bench "$@"

# Build cost: a clean release build of the connectors crate in its own target directory, then the
# rebuild after touching one connector file; the macro crate's share from `cargo build --timings`.
target=target/bench-build
rm -rf "$target"
start=$(date +%s.%N)
cargo build --release -q -p connectors --target-dir "$target" --timings
clean=$(python3 -c "print($(date +%s.%N) - $start)")
timings=$(ls -t "$target"/cargo-timings/cargo-timing-*.html | head -1)
macro_share=$(python3 - "$timings" <<'PY'
import json, re, sys
html = open(sys.argv[1]).read()
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);", html, re.S).group(1))
total = max(u["start"] + u["duration"] for u in units)
macros = sum(u["duration"] for u in units if u["name"] == "fluxturn-macros")
users = sum(u["duration"] for u in units if u["name"].startswith("connectors") or u["name"] == "fluxturn-core")
print(f"fluxturn-macros {macros:.1f} s of {total:.1f} s wall ({100 * macros / total:.0f}%); connector crates + core {users:.1f} s")
PY
)
touch connectors/catalogue/acme/src/acme.rs
start=$(date +%s.%N)
cargo build --release -q -p connectors --target-dir "$target"
incremental=$(python3 -c "print($(date +%s.%N) - $start)")
printf '| build: clean `cargo build --release -p connectors` | %.1f s | - | - | report |\n' "$clean"
printf '| build: rebuild after touching one connector file | %.1f s | %.1f s clean | %.2fx | report |\n' "$incremental" "$clean" "$(python3 -c "print($incremental / $clean)")"
echo "| build: macro crate's share (--timings) | $macro_share | - | - | report |"
