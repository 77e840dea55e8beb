#!/usr/bin/env bash
# The Linux packages, proven on this machine (issue 13 item 5). As root (or with sudo), on
# Debian/Ubuntu, with no input:
#   1. builds the .deb and .rpm with the Tauri CLI (`tauri build --debug`, reusing the debug
#      build in $CARGO_TARGET_DIR; `--release` for release packages, which takes minutes),
#   2. checks them: the .deb's Depends, the .rpm's requires and file lists (binary, desktop
#      entry, icons), the desktop entry (desktop-file-validate; Exec takes files, the MimeType
#      line names every associated type: .epub .docx .md .txt .html),
#   3. installs the .deb (apt-get, which also installs its Depends), checks the installed desktop
#      entry and icon, and launches the installed /usr/bin/duizhao-desktop under Xvfb on a Big5
#      fixture through WebKitWebDriver: the Simplified column must hold OpenCC's conversion (the
#      packaged build finds its UI, OpenCC and its dictionaries) and the log file must be written,
#   4. removes the package and checks its files are gone.
# Installs what it needs (scripts/setup.sh --test, then rpm and desktop-file-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
# shellcheck source=scripts/env.sh
source scripts/env.sh

profile=debug
build_args=(--debug)
case "${1:-}" in
  --release) profile=release; build_args=() ;;
  "") ;;
  *) echo "usage: $0 [--release]" >&2; exit 2 ;;
esac

say() { printf '\033[1mcheck-package:\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31mcheck-package: FAILED:\033[0m %s\n' "$*" >&2; exit 1; }
sudo_if_needed() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
started=$(date +%s)

# One run at a time on a machine: it installs and removes a system package.
exec 9>/tmp/duizhao-check-package.lock
flock 9

bash scripts/setup.sh --test
need=()
command -v rpm >/dev/null || need+=(rpm)
command -v desktop-file-validate >/dev/null || need+=(desktop-file-utils)
if [[ ${#need[@]} -gt 0 ]]; then
  say "installing ${need[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# --- 1. build ----------------------------------------------------------------------
say "building the .deb and .rpm ($profile)"
bundle="$CARGO_TARGET_DIR/$profile/bundle"
rm -rf "$bundle/deb" "$bundle/rpm"
# TAURI_FRONTEND_PATH: otherwise the CLI takes tests/peers/package.json for the frontend.
TAURI_FRONTEND_PATH=ui ui/node_modules/.bin/tauri build "${build_args[@]}" --bundles deb,rpm --ci
deb=$(ls "$bundle"/deb/*.deb)
rpm_file=$(ls "$bundle"/rpm/*.rpm)
say "built $(basename "$deb") ($(du -h "$deb" | cut -f1)) and $(basename "$rpm_file") ($(du -h "$rpm_file" | cut -f1)) in $(( $(date +%s) - started )) s"

# --- 2. the packages' metadata and contents ----------------------------------------
package=$(dpkg-deb -f "$deb" Package)
depends=$(dpkg-deb -f "$deb" Depends)
say "deb: Package $package, Version $(dpkg-deb -f "$deb" Version), Depends: $depends"
for dep in libwebkit2gtk-4.1-0 libgtk-3-0; do
  [[ "$depends" == *"$dep"* ]] || fail "the .deb does not depend on $dep"
done
deb_files=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./||; s|^|/|; s|/$||')
rpm_files=$(rpm -qpl "$rpm_file" 2>/dev/null)
rpm_requires=$(rpm -qp --requires "$rpm_file" 2>/dev/null | tr '\n' ' ')
say "rpm requires: $rpm_requires"
# rpmbuild finds the libraries the binary links to: WebKitGTK 4.1 and GTK 3 by soname.
for dep in 'libwebkit2gtk-4.1.so.0()(64bit)' 'libgtk-3.so.0()(64bit)'; do
  [[ "$rpm_requires" == *"$dep"* ]] || fail "the .rpm does not require $dep"
done
desktop_file=""
for listing in deb rpm; do
  files=$deb_files; [[ $listing == rpm ]] && files=$rpm_files
  grep -qx /usr/bin/duizhao-desktop <<<"$files" || fail "the .$listing has no /usr/bin/duizhao-desktop"
  entry=$(grep -E '^/usr/share/applications/.*\.desktop$' <<<"$files" | head -1)
  [[ -n "$entry" ]] || fail "the .$listing has no desktop entry"
  desktop_file=$entry
  grep -qE '^/usr/share/icons/hicolor/(32x32|128x128|256x256@2)/apps/duizhao-desktop\.png$' <<<"$files" ||
    fail "the .$listing has no hicolor icon"
done
say "both packages hold /usr/bin/duizhao-desktop, $desktop_file and hicolor icons"

# --- 3. install, check the desktop entry, launch -----------------------------------
say "installing $(basename "$deb")"
# A failed check after this point still removes the package.
trap 'sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "$package" >/dev/null 2>&1 || true' EXIT
sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install --reinstall -y -qq --no-install-recommends "$deb" >/dev/null
[[ -x /usr/bin/duizhao-desktop ]] || fail "/usr/bin/duizhao-desktop was not installed"
[[ -f "$desktop_file" ]] || fail "$desktop_file was not installed"
desktop-file-validate "$desktop_file" || fail "desktop-file-validate refuses $desktop_file"
exec_line=$(grep '^Exec=' "$desktop_file")
[[ "$exec_line" =~ \ %[fFuU]$ ]] || fail "the desktop entry's $exec_line takes no file (no %F/%U): Open with would start it without the file"
mime_line=$(grep '^MimeType=' "$desktop_file") || fail "the desktop entry has no MimeType line"
for mime in application/epub+zip application/vnd.openxmlformats-officedocument.wordprocessingml.document \
  text/markdown text/plain text/html; do
  [[ "$mime_line" == *"$mime;"* ]] || fail "MimeType does not name $mime: $mime_line"
done
icon=$(sed -n 's/^Icon=//p' "$desktop_file")
ls /usr/share/icons/hicolor/*/apps/"$icon".png >/dev/null 2>&1 || fail "no installed icon named $icon"
say "desktop entry valid: $exec_line, $mime_line, Icon=$icon"

say "launching the installed app under Xvfb on a Big5 fixture"
xvfb-run -a -s "-screen 0 1280x800x24" node scripts/check-package-launch.mjs /usr/bin/duizhao-desktop \
  "$root/tests/fixtures/taiwan-big5.txt" || fail "the installed app did not show the converted fixture"

# --- 4. uninstall ------------------------------------------------------------------
say "removing $package"
sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "$package" >/dev/null
trap - EXIT
if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
  fail "$package is still installed"
fi
left=()
while read -r f; do
  [[ -z "$f" || -d "$f" ]] && continue
  [[ -e "$f" ]] && left+=("$f")
done <<<"$deb_files"
[[ ${#left[@]} -eq 0 ]] || fail "files left after removal: ${left[*]}"
say "removed: none of its $(grep -c . <<<"$deb_files") paths is left"

# The bundler patched the bundle type into $CARGO_TARGET_DIR/$profile/duizhao-desktop (an rpm's,
# last): that binary would take a .deb/.rpm path when updating. The next cargo build puts the
# plain one back; until then nothing should run it.
rm -f "$CARGO_TARGET_DIR/$profile/duizhao-desktop"

say "all checks passed in $(( $(date +%s) - started )) s"
