#!/usr/bin/env python3
"""Writes a long Markdown article (default 1 MiB) made from the built-in sample
article (crates/core/src/sample.md, written for the project), repeated as numbered
sections so every block is distinct: the document the reader's speed is measured on.

    python3 scripts/make-long-article.py OUT.md [MIB]
"""
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
sample = (root / "crates/core/src/sample.md").read_text(encoding="utf-8")
out = pathlib.Path(sys.argv[1])
target = int(float(sys.argv[2] if len(sys.argv) > 2 else 1) * 1024 * 1024)
lines = sample.splitlines()
parts = [lines[0], ""]  # the title once
size = len(parts[0].encode())
section = 0
while size < target:
    section += 1
    for line in lines[1:]:
        if not line.strip():
            text = ""
        elif line.startswith("#"):
            text = f"{line}（第{section}節）"
        elif line.startswith(("- ", "> ", "![")):
            text = line
        else:
            text = f"{line}（{section}）"
        parts.append(text)
        size += len(text.encode()) + 1
out.write_text("\n".join(parts) + "\n", encoding="utf-8")
blocks = sum(1 for p in parts if p.strip())
print(f"{out}: {out.stat().st_size} bytes, {section} sections, about {blocks} blocks")
