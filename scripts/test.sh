#!/usr/bin/env bash
# Installs everything the tests need and runs the whole suite:
#   1. UI: type check (svelte-check) and unit tests (Vitest), then the production build
#   2. Rust: format check, clippy (the workspace lints, warnings are errors), then every core, CLI and shell test (cargo nextest), including
#      OpenCC's 556 official checks, a byte-for-byte comparison with OpenCC's CLI, provider
#      tests against local servers and third-party mocks (aimock, Prism + DeepL's spec),
#      and the keychain tests against a real Secret Service (scripts/test-keychain.sh); the
#      shell's tests also write the UI's TypeScript bindings (ui/src/lib/bindings), and the
#      run fails when those differ from the committed ones (a Rust type changed without them)
#   3. End-to-end: the real app under Xvfb, driven through WebKitWebDriver (not tauri-driver,
#      whose proxy drops commands: tests/e2e/webdriver.mjs);
#      screenshots in target/e2e/
#   4. Linux packages (scripts/check-package.sh): the .deb and .rpm built and checked, the .deb
#      installed, the installed app launched on a fixture, then removed (root or sudo)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
started=$(date +%s)
bash "$root/scripts/setup.sh" --test
source "$root/scripts/env.sh"
cd "$root"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "UI: svelte-check, vitest, build"
(cd ui && npm run --silent check && npm test --silent && npm run --silent build)

step "Scripts: fetch-opencc's target mapping and stamp (offline unit tests)"
python3 -m unittest discover -s scripts -p 'test_*.py'

step "Rust: rustfmt"
cargo fmt --all --check

# One feature selection for every cargo step, so nothing is compiled twice.
features=(--workspace --locked --features custom-protocol)
step "Rust: clippy (workspace lints in Cargo.toml; warnings are errors)"
cargo clippy "${features[@]}" --all-targets -- -D warnings
step "Rust: build"
cargo build "${features[@]}" --all-targets
step "Rust: tests"
cargo nextest run "${features[@]}" --no-fail-fast -E 'not package(duizhao-keychain)'
step "Rust: the UI's TypeScript bindings are current"
# The tests above wrote ui/src/lib/bindings from the Rust types (src-tauri/src/bindings.rs);
# what they wrote must be what is committed (or staged), or the UI was checked against stale types.
bindings=ui/src/lib/bindings
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  untracked="$(git ls-files --others --exclude-standard -- "$bindings")"
  if ! git diff --quiet -- "$bindings" || [[ -n "$untracked" ]]; then
    git --no-pager diff --stat -- "$bindings"
    [[ -z "$untracked" ]] || printf 'new: %s\n' $untracked
    echo "test: the TypeScript bindings in $bindings are stale: the Rust types changed and the" >&2
    echo "      tests regenerated them. Review and commit them (then run the UI checks again)." >&2
    exit 1
  fi
  echo "up to date"
else
  echo "not a git checkout: not compared"
fi
step "Rust: keychain tests (a private DBus session with gnome-keyring, then none)"
bash scripts/test-keychain.sh "${features[@]}" -E 'package(duizhao-keychain)'

step "End-to-end (Xvfb + WebKitWebDriver)"
e2e_started=$(date +%s)
E2E_APP="$CARGO_TARGET_DIR/debug/duizhao-desktop" \
  xvfb-run -a -s "-screen 0 1400x900x24" node tests/e2e/run.mjs
echo "e2e part: $(( $(date +%s) - e2e_started )) s"

step "Linux packages: the .deb and .rpm built, checked, installed, launched and removed"
# Last: the bundler patches the debug binary the end-to-end tests run, and the script removes it.
package_started=$(date +%s)
bash scripts/check-package.sh
echo "package part: $(( $(date +%s) - package_started )) s"

echo "whole test command: $(( $(date +%s) - started )) s"
