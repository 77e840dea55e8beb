#!/usr/bin/env bash
# Fuzzes duizhao-core's parsers, each for a bounded time (not part of CI):
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET…]      (default: 60 s, all targets)
# Targets (fuzz/fuzz_targets): html_extract, docx, epub, segment, encoding.
# Seeds are the fixtures in tests/fixtures; the growing corpus lives under the
# Cargo target directory, crashes in fuzz/artifacts/<target>/ (turn each into a
# regression test in crates/core/tests/core/import_regressions.rs). Needs the nightly
# toolchain and cargo-fuzz (installed here if missing). Exits non-zero if any
# target found a crash, a hang (-timeout, 10 s per input) or ran out of memory.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(html_extract docx epub segment encoding)
fi
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

seeds() {
    case "$1" in
        html_extract) echo tests/fixtures/pages tests/fixtures/hongkong.html tests/fixtures/hongkong-big5.html ;;
        docx) echo tests/fixtures/books/report.docx tests/fixtures/books/bad-xml.docx tests/fixtures/books/no-document.docx ;;
        epub) echo tests/fixtures/books/seasons.epub tests/fixtures/books/missing-chapter.epub tests/fixtures/books/no-package.epub ;;
        segment) echo tests/fixtures/article.md tests/fixtures/taiwan.txt tests/fixtures/mainland.txt ;;
        encoding) echo tests/fixtures/taiwan-big5.txt tests/fixtures/mainland-gb18030.txt tests/fixtures/taiwan-utf16le.txt tests/fixtures/invalid-utf8.txt ;;
    esac
}

status=0
for target in "${targets[@]}"; do
    corpus="$CARGO_TARGET_DIR/fuzz-corpus/$target"
    seed_dir="$CARGO_TARGET_DIR/fuzz-seeds/$target"
    mkdir -p "$corpus" "$seed_dir"
    # Seeds are copied file by file (libFuzzer reads directories, not lists).
    for seed in $(seeds "$target"); do
        if [ -d "$seed" ]; then cp "$seed"/*.html "$seed_dir"/; else cp "$seed" "$seed_dir"/; fi
    done
    echo "== $target: ${seconds}s"
    start=$(date +%s)
    if ! (cd fuzz && cargo +nightly fuzz run "$target" "$corpus" "$seed_dir" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 -print_final_stats=1 \
        2>&1 | tail -n 25); then
        status=1
    fi
    echo "== $target: done in $(( $(date +%s) - start ))s"
done
if ls fuzz/artifacts/*/* >/dev/null 2>&1; then
    echo "findings in fuzz/artifacts:"; ls -l fuzz/artifacts/*/
    status=1
fi
exit $status
