#!/usr/bin/env bash
# Installs what Duizhao needs on Debian/Ubuntu, idempotently and quickly when
# everything is already there:
#   - system packages (Tauri's WebKitGTK stack; with --test also Xvfb, xclip,
#     webkit2gtk-driver, xdotool, ImageMagick and python3-xlib for the end-to-end tests),
#   - the UI's npm packages (npm ci, only when package-lock.json changed),
#   - OpenCC 1.4's static libraries and test data from PyPI (scripts/fetch-opencc.py),
#   - with --test: the test peers' npm packages (aimock, Prism), cargo-nextest from
#     crates.io (the end-to-end tests talk to WebKitWebDriver directly, not via tauri-driver:
#     tests/e2e/webdriver.mjs), and the proxies the proxy tests go through
#     (Debian's tinyproxy, pproxy from PyPI), and the zh_TW.UTF-8 locale (the e2e test of a
#     Chinese system's first launch: WebKitGTK takes its language from the locale in effect).
# Sourced by run-app.sh and test.sh; safe to run on its own.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

sudo_if_needed() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# --- system packages ---------------------------------------------------------
packages=(libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config python3 python3-pip fonts-noto-cjk)
if [[ $want_test -eq 1 ]]; then
  packages+=(xvfb xauth webkit2gtk-driver xclip xdotool imagemagick tinyproxy-bin python3-xlib locales)
fi
if command -v dpkg-query >/dev/null; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    say "installing system packages: ${missing[*]}"
    sudo_if_needed apt-get update -qq
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  say "not a Debian/Ubuntu system: install the Tauri prerequisites for your OS by hand (see README)"
fi

for tool in cargo node npm python3; do
  command -v "$tool" >/dev/null || { echo "setup: $tool is required but not installed" >&2; exit 1; }
done

# --- npm packages for the UI -------------------------------------------------
lock_hash="$(sha256sum "$root/ui/package-lock.json" | cut -d' ' -f1)"
stamp="$root/ui/node_modules/.duizhao-lock-hash"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_hash" ]]; then
  say "installing npm packages (npm ci)"
  (cd "$root/ui" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_hash" > "$stamp"
fi

# --- third-party mock servers the provider tests run against (tests only) ----
if [[ $want_test -eq 1 ]]; then
  peers_hash="$(sha256sum "$root/tests/peers/package-lock.json" | cut -d' ' -f1)"
  peers_stamp="$root/tests/peers/node_modules/.duizhao-lock-hash"
  if [[ ! -f "$peers_stamp" || "$(cat "$peers_stamp")" != "$peers_hash" ]]; then
    say "installing the test peers (aimock, Prism)"
    (cd "$root/tests/peers" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$peers_hash" > "$peers_stamp"
  fi
fi

# --- OpenCC 1.4 static libraries and official test cases ---------------------
python3 "$root/scripts/fetch-opencc.py"

# --- test tools from crates.io -----------------------------------------------
if [[ $want_test -eq 1 ]]; then
  export PATH="$HOME/.cargo/bin:$PATH"
  if ! command -v cargo-nextest >/dev/null; then
    say "installing cargo-nextest (cargo install)"
    cargo install cargo-nextest --locked --quiet
  fi
fi

# --- a Chinese locale for the end-to-end tests (tests only) ------------------
if [[ $want_test -eq 1 ]] && command -v localedef >/dev/null && ! locale -a 2>/dev/null | grep -qx 'zh_TW.utf8'; then
  say "generating the zh_TW.UTF-8 locale (localedef)"
  sudo_if_needed localedef -i zh_TW -f UTF-8 zh_TW.UTF-8
fi

# --- the SOCKS5 proxy the proxy tests go through (tests only) ----------------
if [[ $want_test -eq 1 ]]; then
  if ! python3 -c 'import importlib.metadata as m, sys; sys.exit(m.version("pproxy") != "2.7.9")' 2>/dev/null; then
    say "installing pproxy (pip)"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore 'pproxy==2.7.9' \
      || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages 'pproxy==2.7.9'
  fi
fi
