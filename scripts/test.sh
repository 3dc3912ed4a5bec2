#!/usr/bin/env bash
# THE test command: `bash scripts/test.sh`. Runs every gate in order and stops at the first
# that fails:
#   1. cargo fmt --check
#   2. cargo clippy, native, all targets, warnings denied
#   3. cargo clippy, wasm32 (the page, then the lib's tests), warnings denied
#   4. the component tests (src/ui/component_tests.rs): wasm-bindgen-test in headless
#      Chromium, through wasm-bindgen-test-runner, chromedriver and webdriver.json
#   5. cargo test (native)
#   6. trunk build --release into dist/
#   7. the browser tests against dist/ served from a sub-path, one file per part of the page
#      (the list is `browser_tests` below): smoke (boot, CSP), page (the notes' story through
#      the editor, the console and the cluster view, plus the first-render time), timeline
#      (reload brings the work back, scrub and fork, unreadable saved work, the panic panel),
#      editor (CodeMirror, diagnostics while typing, undo, search, the file tabs), view (the
#      cluster view, pod actions, the compact grid, themes, completion), classroom (languages,
#      lessons, share links, hostile fragments, embed mode in an iframe, presenter mode)
# Then prints a summary: each step's time, the gzip size of dist/, and the tests counted by
# cargo test, the component tests and the browser tests together as `tests: N passed, M failed`.
#
# The tools come from scripts/install-tools.sh, which runs first (it is idempotent and takes a
# couple of seconds when everything is already installed), so this one command works on a
# fresh machine.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
repository_root="$PWD"

export PATH="$repository_root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Trunk must never try to download tools or check for updates: nothing but the package
# registries is reachable here (see shared/spec/toolchain.md).
export TRUNK_OFFLINE=true
export TRUNK_SKIP_VERSION_CHECK=true
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

log_directory="$(mktemp -d "${TMPDIR:-/tmp}/sts-playground-test.XXXXXX")"
trap 'rm -rf "$log_directory"' EXIT

script_start_seconds=$SECONDS
step_names=()
step_results=()
step_seconds=()

print_summary() {
    echo
    echo "==> test.sh summary"
    local index
    for index in "${!step_names[@]}"; do
        printf '    %-4s %-48s %5d s\n' "${step_results[$index]}" "${step_names[$index]}" \
            "${step_seconds[$index]}"
    done
    echo "    total time $((SECONDS - script_start_seconds)) s"
}

# run_step NAME LOG_FILE COMMAND...: runs COMMAND, copies its output to LOG_FILE as well as
# to the terminal, records its time, and on failure prints the summary and exits.
run_step() {
    local name="$1" log_file="$2"
    shift 2
    echo
    echo "==> $name"
    echo "    \$ $*"
    local start_seconds=$SECONDS status=0
    "$@" 2>&1 | tee "$log_file" || status=${PIPESTATUS[0]}
    step_names+=("$name")
    step_seconds+=($((SECONDS - start_seconds)))
    if ((status == 0)); then
        step_results+=("ok")
    else
        step_results+=("FAIL")
        print_summary
        echo "test.sh: FAILED at step: $name (exit status $status)"
        exit 1
    fi
}

run_step "install the tools (scripts/install-tools.sh)" "$log_directory/install.log" \
    bash scripts/install-tools.sh

run_step "cargo fmt --check" "$log_directory/fmt.log" \
    cargo fmt --all --check

run_step "cargo clippy (native, all targets)" "$log_directory/clippy-native.log" \
    cargo clippy --all-targets -- -D warnings

# The wasm32 check covers the library and the binary: what ships in the page. Not
# --all-targets: the integration tests in tests/ are native-only. The second check is the
# lib's own tests on wasm32 (`--profile test` turns cfg(test) on), where the component tests
# live; on wasm32 proptest comes without fork/timeout and getrandom with "wasm_js" (Cargo.toml).
run_step "cargo clippy (wasm32, lib and bins)" "$log_directory/clippy-wasm32.log" \
    cargo clippy --target wasm32-unknown-unknown --lib --bins -- -D warnings
run_step "cargo clippy (wasm32, the lib's tests)" "$log_directory/clippy-wasm32-tests.log" \
    cargo clippy --target wasm32-unknown-unknown --lib --profile test -- -D warnings

# The component tests: the lib's unit tests built for wasm32 and run by
# wasm-bindgen-test-runner (installed with wasm-bindgen-cli) in headless Chromium through
# chromedriver; the browser's flags are in webdriver.json next to Cargo.toml. Only the
# `#[wasm_bindgen_test]` functions run there (src/ui/component_tests.rs); the native unit
# tests run in `cargo test` below.
run_step "component tests (wasm-bindgen-test in Chromium)" \
    "$log_directory/component-test.log" \
    env CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}" \
    cargo test --target wasm32-unknown-unknown --lib

run_step "cargo test" "$log_directory/cargo-test.log" \
    cargo test

run_step "trunk build --release" "$log_directory/trunk.log" \
    trunk build --release

# The browser tests, one file per part of the page; each ends with `N passed, M failed`.
# A new file is one more line here.
browser_tests=(
    "smoke:browser smoke test"
    "page:browser page tests: the notes' story"
    "timeline:browser timeline tests"
    "editor:browser editor tests"
    "view:browser cluster-view tests"
    "classroom:browser classroom tests"
)
browser_logs=()
for browser_test in "${browser_tests[@]}"; do
    browser_file="${browser_test%%:*}"
    browser_log="$log_directory/browser-$browser_file.log"
    browser_logs+=("$browser_log")
    run_step "${browser_test#*:} (tests/browser/$browser_file.mjs)" "$browser_log" \
        node "tests/browser/$browser_file.mjs"
done

# Count the tests: every `test result:` line of cargo test and of the component tests, and
# the browser test's last line.
count_cargo_results() {
    awk '/^test result:/ {
            for (field = 1; field <= NF; field++) {
                if ($(field) ~ /^passed;?$/) passed += $(field - 1)
                if ($(field) ~ /^failed;?$/) failed += $(field - 1)
            }
        }
        END { print passed + 0, failed + 0 }' "$1"
}
read -r cargo_passed cargo_failed < <(count_cargo_results "$log_directory/cargo-test.log")
read -r component_passed component_failed < <(
    count_cargo_results "$log_directory/component-test.log"
)
# Each browser test file ends with one `N passed, M failed` line.
read -r browser_passed browser_failed < <(
    for browser_log in "${browser_logs[@]}"; do
        sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p' \
            "$browser_log" | tail -n 1
    done | awk '{ passed += $1; failed += $2 } END { print passed + 0, failed + 0 }'
)
browser_skipped="$(sed -n 's/^\([0-9][0-9]*\) skipped$/\1/p' "$log_directory/browser-page.log" | tail -n 1)"
first_render="$(sed -n 's/.*first render \([0-9][0-9]*\) ms after navigation start.*/\1/p' \
    "$log_directory/browser-page.log" | tail -n 1)"
dist_gzip_bytes=0
while IFS= read -r -d '' dist_file; do
    dist_gzip_bytes=$((dist_gzip_bytes + $(gzip -9c "$dist_file" | wc -c)))
done < <(find dist -type f -print0)

print_summary
echo "    cargo test:   ${cargo_passed} passed, ${cargo_failed} failed"
echo "    component test (wasm, Chromium): ${component_passed} passed, ${component_failed} failed"
echo "    browser test: ${browser_passed:-0} passed, ${browser_failed:-0} failed${browser_skipped:+, ${browser_skipped} skipped}"
echo "    dist/: $(du -sh dist | cut -f1) ($(find dist -type f | wc -l) files), $((dist_gzip_bytes / 1024)) KiB gzip -9"
echo "    first render in headless Chromium: ${first_render:-?} ms after navigation start"
echo "tests: $((cargo_passed + component_passed + ${browser_passed:-0})) passed, $((cargo_failed + component_failed + ${browser_failed:-0})) failed"
