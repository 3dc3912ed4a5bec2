#!/usr/bin/env bash
# The first command: `bash scripts/serve.sh`. Installs the tools if needed, builds the page
# with trunk into dist/, and serves dist/ on http://127.0.0.1:8080/ (or $PORT) until Ctrl-C.
#
# It serves the built files with the same small static server the browser tests use, not
# with `trunk serve`: trunk's live-reload script is inline, which the page's
# Content-Security-Policy forbids. Rerun this script after a change.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

port="${PORT:-8080}"

bash scripts/install-tools.sh

export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_OFFLINE=true
export TRUNK_SKIP_VERSION_CHECK=true

echo "==> serve: trunk build --release"
trunk build --release

echo "==> serve: http://127.0.0.1:${port}/  (Ctrl-C stops it)"
exec node scripts/static-server.mjs --root dist --base / --port "$port"
