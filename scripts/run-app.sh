#!/usr/bin/env bash
# Installs everything Duizhao needs, builds it (release) and opens the app on the
# built-in sample article. Pass a file path to open that instead.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/setup.sh"
source "$root/scripts/env.sh"
cd "$root"
(cd ui && npm run build --silent)
cargo build --release --locked --features custom-protocol --bin duizhao-desktop
exec "$CARGO_TARGET_DIR/release/duizhao-desktop" "$@"
