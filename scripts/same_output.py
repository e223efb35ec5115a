"""Check that two checkouts extract the same bytes from the same files.

    python scripts/same_output.py --base ../main [FILE_OR_DIR ...]
    git archive BASE_COMMIT | tar -x -C /tmp/base && python scripts/same_output.py --base /tmp/base

Runs ``report_extract.pipeline.extract`` in each checkout's own .venv (this
one and ``--base``; a base without a .venv, such as an exported commit, runs
in this .venv with its own ``src`` first on the path) over the same files,
one process per checkout, and
compares the JSON byte for byte; a file no reader can read is compared by
its error record. Default files: the Word fixtures (.docx and .doc), the
broken .docx files of the tests and the shared corpus template. Exit status
1 when any output differs. Used to show that a refactoring (the Word reader
in two layers) changed nothing users see.
"""
from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = [ROOT / "fixtures" / "docx", ROOT / "tests" / "broken" / "docx",
            ROOT.parent / "shared" / "corpus" / "docs" / "template-2021-blank.docx"]
SUFFIXES = (".docx", ".doc", ".wps")

# runs inside each checkout's venv: extract every file named on stdin into argv[1]/<n>.json
PROGRAM = r"""
import sys
from pathlib import Path
from report_extract.pipeline import error_report, extract
out = Path(sys.argv[1])
for n, line in enumerate(sys.stdin.read().splitlines()):
    f = Path(line)
    try:
        report = extract(f)
    except Exception as e:
        report = error_report(f, e)
    (out / f"{n}.json").write_text(report.dumps(), encoding="utf-8")
"""


def files_of(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        elif p.exists():
            out.append(p)
    return out


def run(tree: Path, files: list[Path], outdir: Path) -> None:
    outdir.mkdir()
    python = tree / ".venv" / "bin" / "python"
    env = dict(os.environ)
    if not python.exists():
        python = ROOT / ".venv" / "bin" / "python"
        env["PYTHONPATH"] = str(tree / "src")
    subprocess.run([str(python), "-c", PROGRAM, str(outdir)], input="\n".join(map(str, files)),
                   text=True, check=True, cwd=str(tree), env=env)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", type=Path, required=True, help="the other checkout (with its .venv)")
    ap.add_argument("paths", nargs="*", type=Path)
    a = ap.parse_args()
    files = files_of([p.resolve() for p in a.paths] or DEFAULTS)
    with tempfile.TemporaryDirectory() as tmp:
        run(a.base.resolve(), files, Path(tmp) / "base")
        run(ROOT, files, Path(tmp) / "this")
        differ = 0
        for n, f in enumerate(files):
            base = (Path(tmp) / "base" / f"{n}.json").read_bytes()
            this = (Path(tmp) / "this" / f"{n}.json").read_bytes()
            if base == this:
                continue
            differ += 1
            print(f"DIFFERS: {f}")
            diff = difflib.unified_diff(base.decode().splitlines(), this.decode().splitlines(), "base", "this",
                                        lineterm="", n=1)
            print("\n".join(list(diff)[:20]))
    print(f"{len(files) - differ} of {len(files)} files give the same bytes ({differ} differ)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
