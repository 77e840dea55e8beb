#!/usr/bin/env bash
# Runs duizhao-keychain's tests against a real keychain, then again with none,
# so both what users with a keychain get and what users without one see are
# checked. On Linux:
#   1. a private DBus session (dbus-run-session) with gnome-keyring's Secret
#      Service, its login keyring created and unlocked with a throwaway password
#      in a temp dir (the user's own keyrings and session bus are never touched);
#      the tests read back what they store with secret-tool (libsecret), a
#      separate program, so the keys are proven to be in the keychain;
#   2. no DBus session at all, with DUIZHAO_KEYCHAIN_TESTS=unavailable: every
#      operation must fail with the message telling users to set DUIZHAO_API_KEY.
# Installs gnome-keyring, dbus, dbus-x11 and libsecret-tools (Debian/Ubuntu) when
# missing. On macOS and Windows the tests run once, against the OS keychain.
#
# Arguments replace the default `-p duizhao-keychain` given to `cargo nextest
# run`, so a caller can keep its own package selection (and so its build), e.g.
#   scripts/test-keychain.sh --workspace --locked --features custom-protocol -E 'package(duizhao-keychain)'
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/env.sh"
cd "$root"
say() { printf '\033[1mtest-keychain:\033[0m %s\n' "$*"; }

args=("$@")
[[ ${#args[@]} -eq 0 ]] && args=(-p duizhao-keychain)

if [[ "$(uname -s)" != Linux ]]; then
  cargo nextest run "${args[@]}"
  exit
fi

# --- packages ------------------------------------------------------------------
packages=(gnome-keyring dbus dbus-x11 libsecret-tools)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  say "installing ${missing[*]}"
  sudo_if_needed() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Build first, so a compile error is not mistaken for a keychain failure.
cargo nextest run "${args[@]}" --no-run

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -m 700 "$scratch/runtime" "$scratch/no-bus"
export KEYCHAIN_SCRATCH="$scratch"

# --- 1. a real Secret Service ------------------------------------------------------
say "with a Secret Service (private DBus session + gnome-keyring)"
# Inside the session: gnome-keyring in the foreground as our own child (so we
# stop it by its pid), unlocking (and on first use creating) the login keyring
# with a throwaway password read from stdin. An empty password would leave no
# unlocked collection, and storing would need a GUI prompt.
session_script='
set -euo pipefail
export XDG_RUNTIME_DIR="$KEYCHAIN_SCRATCH/runtime" XDG_DATA_HOME="$KEYCHAIN_SCRATCH/data"
unset DISPLAY WAYLAND_DISPLAY
printf "duizhao-test-keyring" |
  gnome-keyring-daemon --foreground --unlock --components=secrets >"$KEYCHAIN_SCRATCH/keyring.log" 2>&1 &
keyring_pid=$!
trap "kill $keyring_pid 2>/dev/null || true; wait $keyring_pid 2>/dev/null || true" EXIT
# Wait until the daemon owns the Secret Service name. NameHasOwner does not
# trigger DBus activation, which would start a second, locked daemon.
for _ in $(seq 100); do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" && break
  kill -0 "$keyring_pid" 2>/dev/null || { cat "$KEYCHAIN_SCRATCH/keyring.log" >&2; exit 1; }
  sleep 0.1
done
cargo nextest run "$@"
'
dbus-run-session -- bash -c "$session_script" bash "${args[@]}"

# --- 2. no keychain at all ------------------------------------------------------------
say "without any keychain (no DBus session; DUIZHAO_KEYCHAIN_TESTS=unavailable)"
env -u DBUS_SESSION_BUS_ADDRESS XDG_RUNTIME_DIR="$scratch/no-bus" DUIZHAO_KEYCHAIN_TESTS=unavailable \
  cargo nextest run "${args[@]}"
