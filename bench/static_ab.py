#!/usr/bin/env python3
"""What a change of CSS costs WebKit at first paint, measured on the app's first screen as a
static page (no script of ours), variant against baseline, interleaved.

    xvfb-run -a -s "-screen 0 1400x900x24" python3 bench/static_ab.py \\
        [--rounds 30] [--app BIN] 'no-bold=* { font-weight: 400 !important; }' ...

Captures the app's first screen once (bench/snapshot.mjs, as bench/run.py's "static" figure
does), builds the floor's shell (bench/floor) serving it as is ("baseline") and once per
NAME=CSS argument with that CSS appended to the captured stylesheet, then launches them round
by round in a shuffled order with warm data directories, the files they map read beforehand
(run.py's `preread`). Prints, per variant, the median of "ms after the page began loading" to
its painted report (the page's own share, where a CSS change acts; less noisy than the whole
launch from spawning the process, which is printed beside it) and the median of its paired differences to the baseline
in the same rounds, with a bootstrap 95% interval: an interval that straddles 0 is no effect
this many rounds can see. On this 2-core VM single launches vary by ±30 ms; 30 rounds resolve
~5 ms.

Needs what run.py's static figure needs (WebKitWebDriver, node, a release build of the app:
run.py builds it, or --app). Builds the floor once per variant (release, `nice`), then the
plain floor again.
"""
import argparse
import json
import pathlib
import random
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import run  # noqa: E402  (bench/run.py: the floor's build, the environment, preread)


def interval(differences, draws=2000):
    """Bootstrap 95% interval of the median of `differences`."""
    rng = random.Random(1)
    medians = sorted(statistics.median(rng.choices(differences, k=len(differences))) for _ in range(draws))
    return medians[int(draws * 0.025)], medians[int(draws * 0.975) - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("variants", nargs="+", help="NAME=CSS appended to the first screen's stylesheet")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--app", type=pathlib.Path, default=run.APP, help="the app whose first screen is captured")
    args = parser.parse_args()
    variants = {"baseline": ""}
    for argument in args.variants:
        name, sep, css = argument.partition("=")
        if not sep or not name or name in variants:
            parser.error(f"expected NAME=CSS with a new name, got {argument!r}")
        variants[name] = css
    if not args.app.exists():
        parser.error(f"no app at {args.app}: build it (bench/run.py does) or give --app")

    with tempfile.TemporaryDirectory(prefix="duizhao-static-ab-") as tmp:
        tmp = pathlib.Path(tmp)
        captured = tmp / "captured"
        subprocess.run(["node", str(run.ROOT / "bench/snapshot.mjs"), str(args.app), str(captured)], check=True)
        binaries = {}
        for name, css in variants.items():
            page = tmp / f"page-{name}"
            shutil.copytree(captured, page)
            with open(page / "first-screen.css", "a", encoding="utf-8") as f:
                f.write("\n" + css + "\n")
            run.build_floor(dict(run.BUILD_ENV, TAURI_CONFIG=json.dumps({"build": {"frontendDist": str(page)}})))
            binaries[name] = tmp / f"floor-{name}"
            shutil.copy2(run.FLOOR, binaries[name])
        run.build_floor()

        homes = {name: tmp / f"home-{name}" for name in variants}
        files = []
        for name in variants:  # a first, unmeasured launch each: warm directories, mapped files
            run.launch(binaries[name], homes[name], files=files)
        files = sorted(set(files))
        results = {name: [] for name in variants}
        for round_ in range(1, args.rounds + 1):
            order = list(variants)
            random.shuffle(order)
            for name in order:
                run.preread(files)
                measured = run.launch(binaries[name], homes[name])
                results[name].append((measured["painted"], measured["page"]))
            print(f"round {round_}: " + ", ".join(f"{n} {results[n][-1][1]} ms" for n in variants), flush=True)

    base = results["baseline"]
    print(f"\nmedians of {args.rounds} rounds (ms after the page began loading; whole launch in brackets)")
    for name in variants:
        page = statistics.median(r[1] for r in results[name])
        whole = statistics.median(r[0] for r in results[name])
        line = f"{name:<24} {page:7.1f} ms  ({whole:.0f} ms)"
        if name != "baseline":
            differences = [r[1] - b[1] for r, b in zip(results[name], base)]
            low, high = interval(differences)
            line += f"  vs baseline {statistics.median(differences):+.1f} ms (95%: {low:+.1f} … {high:+.1f})"
        print(line)


if __name__ == "__main__":
    main()
