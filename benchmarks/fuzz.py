"""Fuzz the readers through `batch`: seeded mutants of the sound fixtures.

    python benchmarks/fuzz.py [--count 1000] [--formats docx,pdf,html,txt] [--seed 1]
                              [--timeout 30] [--max-memory-mb 1024] [--workers 2] [--keep DIR]

For each format, ``--count`` mutants of the fixtures (bit flips, truncation,
chunk deletion and duplication, and mutations that know the container: a
mutated part inside a sound .docx zip, the xref table and streams of a PDF,
the markup and charset declaration of an HTML page; see mutants.py) are
written to a folder and run through ``report-extract batch`` with its time
and memory limits. Printed per format: the count of each outcome (ok, each
error kind, timeout, crashed), the share of mutants that still give every
table value of their sound file's truth, and the defects the targets forbid:
tracebacks (internal_error, crashed, a traceback on stderr), hangs past the
limit, lost records (a mutant without a manifest record or output), and
one-byte mutants that lose the whole document. Exit status 1 when any
defect was found. Run on demand (not in CI): it takes minutes.
"""
from __future__ import annotations

import argparse
import collections
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mutants import BY_FORMAT, ONE_BYTE, WEIGHT

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from scoring import misses  # noqa: E402  (the scorer's comparison)

FIXTURE_DIRS = {"docx": "docx", "pdf": "pdf", "html": "html", "txt": "txt"}
TRACEBACK_KINDS = ("internal_error", "crashed", "worker_lost")


def bases(fmt: str) -> list[Path]:
    return sorted(p for p in (ROOT / "fixtures" / FIXTURE_DIRS[fmt]).glob(f"*.{fmt}")
                  if p.with_suffix(".json").is_file())


def make_mutants(fmt: str, count: int, seed: int, folder: Path) -> dict[str, dict]:
    """Write ``count`` mutants of the fixtures of ``fmt``; name -> {base, kind}."""
    mutators = BY_FORMAT[fmt]
    names = sorted(mutators)
    weights = [WEIGHT.get(n, 1) for n in names]
    sources = {p: p.read_bytes() for p in bases(fmt)}
    plan: dict[str, dict] = {}
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        r = random.Random(f"{seed}:{fmt}:{i}")
        base = list(sources)[i % len(sources)]
        kind = r.choices(names, weights)[0]
        try:
            data = mutators[kind](sources[base], r)
        except Exception as e:  # a mutator that cannot apply (no such part): fall back to a bit flip
            print(f"  mutator {kind} on {base.name}: {type(e).__name__}: {e}", file=sys.stderr)
            kind, data = "flip_bit", BY_FORMAT[fmt]["flip_bit"](sources[base], r)
        if not data:
            data = sources[base][:1]
        name = f"{fmt}-{i:05d}-{kind}.{fmt}"
        (folder / name).write_bytes(data)
        plan[name] = {"base": base, "kind": kind}
    return plan


def run_batch(folder: Path, out: Path, a) -> tuple[float, str]:
    cmd = [str(Path(sys.executable).parent / "report-extract"), "batch", str(folder), "-o", str(out), "-q",
           "--workers", str(a.workers), "--timeout", str(a.timeout), "--max-memory-mb", str(a.max_memory_mb)]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    return time.perf_counter() - t0, r.stderr


def table_truth(base: Path) -> dict:
    truth = json.loads(base.with_suffix(".json").read_text(encoding="utf-8"))
    return {k: v for k, v in truth.items() if not k.startswith(("_", "metadata."))}


def evaluate(fmt: str, plan: dict[str, dict], out: Path, stderr: str, a) -> dict:
    records = {}
    manifest = out / "manifest.jsonl"
    if manifest.exists():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            records[Path(rec["path"]).name] = rec
    outcomes: collections.Counter[str] = collections.Counter()
    defects: dict[str, list[str]] = collections.defaultdict(list)
    intact = 0
    truths = {p: table_truth(p) for p in {m["base"] for m in plan.values()}}
    for name, m in sorted(plan.items()):
        rec = records.get(name)
        if rec is None or not rec.get("output") or not (out / rec["output"]).is_file():
            defects["lost record"].append(name)
            continue
        outcome = "ok" if rec["status"] == "ok" else (rec.get("error_kind") or rec["status"])
        outcomes[outcome] += 1
        if outcome in TRACEBACK_KINDS:
            defects["traceback"].append(f"{name}: {rec.get('error_message')}")
        if outcome == "timeout" or (rec.get("seconds") or 0) > a.timeout * 1.5 + 5:
            defects["hang"].append(f"{name}: {rec.get('seconds')} s")
        doc = json.loads((out / rec["output"]).read_text(encoding="utf-8"))
        truth = truths[m["base"]]
        lost = misses(truth, doc)
        if not lost:
            intact += 1
        elif m["kind"] in ONE_BYTE and len(lost) == len(truth):
            defects["one byte lost the document"].append(f"{name} (from {m['base'].name}): {outcome}")
    if "Traceback" in stderr:
        defects["traceback"].append("batch stderr: " + stderr.strip().splitlines()[-1])
    one_byte = sum(1 for m in plan.values() if m["kind"] in ONE_BYTE)
    return {"outcomes": outcomes, "intact": intact, "n": len(plan), "defects": defects, "one_byte": one_byte}


def report(fmt: str, res: dict, seconds: float) -> None:
    n = res["n"]
    print(f"\n{fmt}: {n} mutants in {seconds:.0f} s")
    for outcome, k in sorted(res["outcomes"].items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {outcome:24} {k:6d}")
    print(f"  every table value still right: {res['intact']}/{n} = {res['intact'] / n:.1%}")
    print(f"  one-byte mutants:            {res['one_byte']}")
    for what in ("traceback", "hang", "lost record", "one byte lost the document"):
        found = res["defects"].get(what, [])
        print(f"  {what + ':':28} {len(found)}")
        for line in found[:10]:
            print(f"      {line}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=1000, help="mutants per format")
    ap.add_argument("--formats", default="docx,pdf,html,txt")
    ap.add_argument("--seed", default="1")
    ap.add_argument("--timeout", type=float, default=30)
    ap.add_argument("--max-memory-mb", type=int, default=1024)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", type=Path, help="keep mutants and outputs here (default: a temporary folder)")
    a = ap.parse_args()
    work = a.keep or Path(tempfile.mkdtemp(prefix="report-extract-fuzz-"))
    bad = 0
    for fmt in a.formats.split(","):
        plan = make_mutants(fmt, a.count, a.seed, work / fmt / "in")
        seconds, stderr = run_batch(work / fmt / "in", work / fmt / "out", a)
        res = evaluate(fmt, plan, work / fmt / "out", stderr, a)
        report(fmt, res, seconds)
        bad += sum(len(v) for v in res["defects"].values())
    print(f"\nmutants and outputs in {work}" if a.keep else "")
    if not a.keep:
        subprocess.run(["rm", "-rf", str(work)])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
