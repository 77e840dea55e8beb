#!/usr/bin/env python3
"""Measures the desktop app's start-up and idle memory, the way a user meets them.

For each run: starts the app binary (release build, under the current DISPLAY, e.g.
inside xvfb-run) with a fresh data directory, and takes the wall time from spawning
the process to the app's "first article painted" line (DUIZHAO_TRACE_STARTUP=1: the
UI reports after the sample article's rows have been painted). Then it waits for the
app to go idle and adds up the resident memory (RSS) of the app and every process
it started (WebKit's web and network processes).

    xvfb-run -a python3 scripts/measure-startup.py BINARY [RUNS] [FILE]

With FILE, the app opens FILE at launch (as `duizhao-desktop FILE`) instead of the sample,
and the time is to FILE's first rows painted.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time


def descendants(pid):
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, stack = [], [pid]
    while stack:
        p = stack.pop()
        out.append(p)
        stack.extend(children.get(p, []))
    return out


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            m = re.search(r"VmRSS:\s+(\d+) kB", f.read())
            return int(m.group(1)) if m else 0
    except OSError:
        return 0


def name(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return "?"


def run_once(binary, idle_seconds, file=None):
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, DUIZHAO_TRACE_STARTUP="1", DUIZHAO_DATA_DIR=data)
        started = time.monotonic()
        proc = subprocess.Popen([binary] + ([file] if file else []), env=env, stderr=subprocess.PIPE, text=True)
        painted = None
        for line in proc.stderr:
            if "first article painted" in line:
                painted = (time.monotonic() - started) * 1000
                inside = int(re.search(r"painted (\d+) ms", line).group(1))
                break
        if painted is None:
            proc.kill()
            raise SystemExit("the app exited without painting the sample article")
        time.sleep(idle_seconds)
        pids = descendants(proc.pid)
        per_process = {f"{name(p)}[{p}]": rss_kib(p) for p in pids}
        proc.terminate()
        proc.wait(timeout=10)
        return painted, inside, per_process


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    binary, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5
    file = sys.argv[3] if len(sys.argv) > 3 else None
    run_once(binary, 0.5, file)  # warm the page cache once, not counted
    paints, insides, totals = [], [], []
    for i in range(runs):
        painted, inside, per_process = run_once(binary, 5, file)
        total = sum(per_process.values())
        paints.append(painted)
        insides.append(inside)
        totals.append(total)
        detail = ", ".join(f"{k} {v / 1024:.0f} MiB" for k, v in per_process.items())
        print(f"run {i + 1}: painted {painted:.0f} ms after spawn ({inside} ms after run()); "
              f"idle RSS {total / 1024:.0f} MiB ({detail})")
    what = file or "sample"
    print(f"launch → {what} painted: median {statistics.median(paints):.0f} ms "
          f"(min {min(paints):.0f}, max {max(paints):.0f}) over {runs} runs")
    print(f"idle RSS of all app processes: median {statistics.median(totals) / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
