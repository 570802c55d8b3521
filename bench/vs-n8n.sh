#!/usr/bin/env bash
# FluxTurn and n8n side by side on this machine, in one run: installs n8n (pinned) from the npm
# registry into a temporary folder, builds FluxTurn in release mode, and drives both with the same
# load generator against the same local upstream (fluxturn-bench --vs-n8n, bench/src/vs_n8n/).
# Prints one table. BENCHMARKS.md, "Against n8n", says what is measured and how.
#
# Usage: bash bench/vs-n8n.sh [--quick] [--requests N] [--warmup N] [--clients 1,8,32]
#                             [--systems fluxturn,n8n,n8n-nosave]
# FLUXTURN_N8N_DIR=DIR reuses (or keeps) an n8n install there; FLUXTURN_BENCH_KEEP=1 keeps the
# servers' folders and logs.
set -euo pipefail
cd "$(dirname "$0")/.."

# n8n 2.x needs Node 24 and 1.x from 1.123.75 on needs Node 22 to build isolated-vm: 1.123.50 is
# the newest that installs on this machine's Node 20.
N8N_VERSION=1.123.50

work=$(mktemp -d "${TMPDIR:-/tmp}/fluxturn-vs-n8n.XXXXXX")
n8n_dir=${FLUXTURN_N8N_DIR:-$work/n8n}
cleanup() {
    if [ -z "${FLUXTURN_BENCH_KEEP:-}" ]; then rm -rf "$work"; else echo "kept: $work" >&2; fi
}
trap cleanup EXIT

command -v node >/dev/null || { echo "node is needed (n8n runs on Node.js 20 here)" >&2; exit 1; }
installed=$(node -p "try { require('$n8n_dir/node_modules/n8n/package.json').version } catch { '' }" 2>/dev/null || true)
if [ "$installed" != "$N8N_VERSION" ]; then
    echo "installing n8n $N8N_VERSION into $n8n_dir (about 3 minutes, 1.7 GB)" >&2
    mkdir -p "$n8n_dir"
    # n8n-nodes-base asks for xlsx from a tarball outside the npm registry, unreachable here; the
    # registry's 0.18.5 replaces it (only the spreadsheet nodes use it, none of the workloads).
    cat > "$n8n_dir/package.json" <<'JSON'
{"name": "fluxturn-bench-n8n", "private": true, "overrides": {"xlsx": "0.18.5"}}
JSON
    start=$(date +%s)
    (cd "$n8n_dir" && npm install "n8n@$N8N_VERSION" --save-exact --no-audit --no-fund --loglevel=error >&2)
    echo "n8n installed in $(( $(date +%s) - start )) s, $(du -sh "$n8n_dir" | cut -f1)" >&2
fi

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "FluxTurn $(git rev-parse --short HEAD 2>/dev/null || echo '?') ($(rustc --version)), n8n $N8N_VERSION (Node.js $(node --version))"
cargo build --release -q -p fluxturn -p fluxturn-bench
./target/release/fluxturn-bench --vs-n8n --fluxturn target/release/fluxturn --n8n "$n8n_dir" --work "$work/run" "$@"
