#!/usr/bin/env bash
# The page benchmarks: `bash scripts/bench-page.sh`. Builds a release dist/ with
# `trunk build --release` (incremental: when nothing changed, cargo does nothing and only
# wasm-bindgen and wasm-opt run again), then runs every tests/browser/bench-*.mjs against it,
# served from a sub-path as the browser tests are. Each prints `bench: <what>: <number> <unit>`
# lines; the README's Performance section lists them.
#
# Environment:
#   BENCH_SKIP_BUILD=1   use the dist/ that is there (for example right after scripts/test.sh),
#                        which must be a release build.
#   TRUNK_LOCK=FILE      take `flock FILE` around the build only, for machines where several
#                        checkouts share one CARGO_TARGET_DIR (trunk stages files inside it under
#                        names that collide). Do not also wrap this script in the same flock.
#   BENCH_LOADS=N        fresh page loads for the first-render median (default 7).
# Plus what tests/browser/harness.mjs reads (CHROMIUM_PATH, DIST_DIRECTORY).
#
# Benchmarks measure time: run them on a quiet machine, and once, not in a loop.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_OFFLINE=true
export TRUNK_SKIP_VERSION_CHECK=true

if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
    bash scripts/install-tools.sh
    echo "==> bench-page: trunk build --release"
    if [[ -n "${TRUNK_LOCK:-}" ]]; then
        flock "$TRUNK_LOCK" trunk build --release
    else
        trunk build --release
    fi
fi

if [[ ! -f dist/index.html ]]; then
    echo "bench-page: dist/index.html is missing; build the page first" >&2
    exit 1
fi

status=0
shopt -s nullglob
for bench in tests/browser/bench-*.mjs; do
    echo "==> bench-page: node $bench"
    node "$bench" || status=1
done
exit "$status"
