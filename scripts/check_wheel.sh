#!/usr/bin/env bash
# Build the wheel, install it in a fresh virtualenv outside the checkout, extract a fixture with the
# installed command and check its narrative labels against the fixture's truth (not all `other`);
# then check that a missing model is an error users see (exit 1 + an `errors` entry) unless --no-narrative.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fixture="$repo/fixtures/txt/txt-cells-2021"

"$python" -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" "$repo"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$work"/dist/report_extract-*.whl
cd "$work"  # nothing of the checkout on the path from here on

venv_py="$work/venv/bin/python"
"$venv_py" - "$work" <<'PY'
import sys
from report_extract.narrative.tagger import model_dir
where = str(model_dir().resolve())
assert where.startswith(sys.argv[1]), f"model loaded from {where}, not from the installed package"
print(f"model: {where}")
PY

"$work/venv/bin/report-extract" extract "$fixture.txt" -o "$work/out.json"
"$venv_py" - "$work/out.json" "$fixture.json" <<'PY'
import json, re, sys
out, truth = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
norm = lambda s: re.sub(r"\s+", "", s)
paras = [(norm(p["text"]), p["label"]) for s in out["sections"] for p in s["paragraphs"]]
pairs = truth["_paragraphs"]
bad = []
for label, snippet in pairs:
    found = [lab for text, lab in paras if norm(snippet) in text]
    if not found or found[0] != label:
        bad.append((label, found[0] if found else "<missing>", snippet))
assert {lab for _, lab in paras} >= {"problem", "improvement"}, "no problem/improvement labels at all"
assert not bad, f"wrong narrative labels from the installed wheel: {bad}"
assert not [e for e in out["errors"] if e["kind"] == "narrative_model"], out["errors"]
print(f"wheel narrative labels: {len(pairs)}/{len(pairs)} as expected")
PY

# a missing model: exit status 1 and an errors entry; --no-narrative extracts without it
model=$("$venv_py" -c "from report_extract.narrative.tagger import model_dir; print(model_dir())")
mv "$model" "$model.away"
if "$work/venv/bin/report-extract" extract "$fixture.txt" -o "$work/nomodel.json" 2>"$work/err.txt"; then
    echo "extract exited 0 without a model" >&2; exit 1
fi
grep -q "narrative model" "$work/err.txt"
"$venv_py" -c "import json,sys; e=json.load(open(sys.argv[1]))['errors']; assert any(x['kind']=='narrative_model' for x in e), e" "$work/nomodel.json"
"$work/venv/bin/report-extract" extract "$fixture.txt" --no-narrative -o "$work/off.json"
mv "$model.away" "$model"
echo "wheel install check: OK"
