#!/usr/bin/env bash
# Installs everything the build and the tests need on a fresh machine of this project's kind
# (Debian, root, rustup's stable toolchain, Node 20; registries: crates.io, npm, Debian).
#
# Idempotent: each step first checks whether its tool is already there at the right version
# and says so instead of reinstalling. Every step prints what it does and how long it took.
#
# The versions are pinned on purpose; see shared/spec/toolchain.md for why each one:
#   * trunk 0.21.14 (0.22 needs a newer rustc than 1.95),
#   * wasm-bindgen-cli 0.2.130, which must equal the `wasm-bindgen = "=0.2.130"` crate pin,
#   * wasm-opt from npm's binaryen@132 (Debian's binaryen 108 cannot read rustc 1.95's output),
#   * Debian's chromium and chromium-driver for the browser tests.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly TRUNK_VERSION="0.21.14"
readonly WASM_BINDGEN_VERSION="0.2.130"
readonly WASM_OPT_VERSION="version_132"
readonly WASM_TARGET="wasm32-unknown-unknown"

export PATH="$HOME/.cargo/bin:$PATH"

script_start_seconds=$SECONDS
step_start_seconds=$SECONDS

step() {
    step_start_seconds=$SECONDS
    echo "==> install-tools: $*"
}

done_step() {
    echo "    done in $((SECONDS - step_start_seconds)) s: $*"
}

skip_step() {
    echo "    already present: $*"
}

# --- Rust: components and the wasm32 target -------------------------------------------------

step "rustup components rustfmt and clippy"
missing_components=()
installed_components="$(rustup component list --installed)"
for component in rustfmt clippy; do
    if ! grep -q "^${component}" <<<"$installed_components"; then
        missing_components+=("$component")
    fi
done
if ((${#missing_components[@]} > 0)); then
    rustup component add "${missing_components[@]}"
    done_step "rustup component add ${missing_components[*]}"
else
    skip_step "$(rustfmt --version), $(cargo clippy --version)"
fi

step "rustup target $WASM_TARGET"
if rustup target list --installed | grep -qx "$WASM_TARGET"; then
    skip_step "$WASM_TARGET"
else
    rustup target add "$WASM_TARGET"
    done_step "rustup target add $WASM_TARGET"
fi

# --- npm packages: binaryen (wasm-opt), playwright-core, esbuild ----------------------------

step "npm packages from package-lock.json"
if [[ -x node_modules/.bin/wasm-opt ]] &&
    [[ "$(node_modules/.bin/wasm-opt --version 2>/dev/null)" == *"($WASM_OPT_VERSION)"* ]] &&
    npm ls --all >/dev/null 2>&1; then
    skip_step "node_modules matches package-lock.json; $(node_modules/.bin/wasm-opt --version)"
else
    echo "    npm ci"
    npm ci --no-audit --no-fund
    done_step "$(node_modules/.bin/wasm-opt --version)"
fi

# --- Debian: Chromium and ChromeDriver for the browser tests --------------------------------

step "chromium and chromium-driver (Debian)"
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
    skip_step "$(chromium --version 2>/dev/null), $(chromedriver --version 2>/dev/null | head -n 1)"
else
    if [[ "$(id -u)" -ne 0 ]]; then
        echo "install-tools: chromium is missing and this is not root; run as root or install" \
            "the Debian packages chromium and chromium-driver by hand" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    echo "    apt-get update"
    apt-get update
    echo "    apt-get install -y chromium chromium-driver"
    apt-get install -y chromium chromium-driver
    done_step "$(chromium --version 2>/dev/null)"
fi

# --- Cargo-installed tools ------------------------------------------------------------------
# Both are compiled from crates.io sources (prebuilt downloads do not work on this network).
# On 2 cores trunk takes about 14 minutes and wasm-bindgen-cli about 7.

step "trunk $TRUNK_VERSION"
if command -v trunk >/dev/null && [[ "$(trunk --version 2>/dev/null)" == "trunk $TRUNK_VERSION" ]]; then
    skip_step "$(trunk --version)"
else
    echo "    cargo install trunk --version $TRUNK_VERSION --locked"
    cargo install trunk --version "$TRUNK_VERSION" --locked
    done_step "$(trunk --version)"
fi

# wasm-bindgen-cli also installs wasm-bindgen-test-runner, which runs the component tests
# (scripts/test.sh) and must be the same version as the wasm-bindgen-test crate's wasm-bindgen.
step "wasm-bindgen-cli $WASM_BINDGEN_VERSION (with wasm-bindgen-test-runner)"
if command -v wasm-bindgen >/dev/null &&
    [[ "$(wasm-bindgen --version 2>/dev/null)" == "wasm-bindgen $WASM_BINDGEN_VERSION" ]] &&
    [[ "$(wasm-bindgen-test-runner --version 2>/dev/null)" == *"$WASM_BINDGEN_VERSION"* ]]; then
    skip_step "$(wasm-bindgen --version), $(wasm-bindgen-test-runner --version)"
else
    # No --locked: the published lockfile asks for a webpki-roots version the registry does
    # not serve, so the install resolves fresh dependency versions instead.
    echo "    cargo install wasm-bindgen-cli --version $WASM_BINDGEN_VERSION"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
    done_step "$(wasm-bindgen --version)"
fi

echo "==> install-tools: all tools present ($((SECONDS - script_start_seconds)) s in all)"
