#!/usr/bin/env bash
# Reader-mode extraction on real pages, Duizhao beside trafilatura, in one run:
#   bash scripts/extract-eval.sh [CORPUS_DIR] [--show PAGE]
# CORPUS_DIR (default ../shared/corpus/readability next to the clone) holds one
# folder per page with source.html and expected.html (the reference article).
# trafilatura comes from PyPI into a virtual environment outside the clone
# (DUIZHAO_EVAL_VENV, default ~/.cache/duizhao/eval-venv), installed on first
# use; it writes its text of each page to a temporary folder, and
# examples/extract_eval.rs scores both extractors with the same token F1 and
# prints the table and the summary (mean, median, min, pages below 0.8).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/env.sh"
corpus="$root/../shared/corpus/readability"
if [[ $# -gt 0 && "$1" != --* ]]; then
  corpus="$1"
  shift
fi
venv="${DUIZHAO_EVAL_VENV:-$HOME/.cache/duizhao/eval-venv}"
if ! "$venv/bin/python" -c "import trafilatura" 2>/dev/null; then
  echo "installing trafilatura into $venv" >&2
  python3 -m venv "$venv"
  # lxml_html_clean: trafilatura's jusText needs it with lxml 5.2 and later.
  "$venv/bin/pip" install --quiet "trafilatura==2.3.1" lxml_html_clean
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$venv/bin/python" - "$corpus" "$out" <<'PY'
import pathlib, sys, trafilatura
corpus, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
print(f"trafilatura {trafilatura.__version__}", file=sys.stderr)
for page in sorted(p for p in corpus.iterdir() if (p / "source.html").is_file()):
    # The saved bytes, as Duizhao gets them: trafilatura decodes them itself.
    text = trafilatura.extract((page / "source.html").read_bytes(), output_format="txt",
                               include_comments=False, with_metadata=False)
    if text is not None:
        (out / f"{page.name}.txt").write_text(text, encoding="utf-8")
PY
cd "$root"
cargo run --quiet --release -p duizhao-core --example extract_eval -- "$corpus" --compare trafilatura="$out" "$@"
