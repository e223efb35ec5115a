"""Benchmark the PDF reader's two engines against their floors, pdfplumber's table finder and camelot.

    .venv/bin/python benchmarks/pdf_tables.py [--runs 5] [--no-camelot] [--json OUT] [FILE.pdf ...]

Default files: ../shared/corpus/docs/*.pdf and fixtures/pdf/*.pdf. One run
times every method on every file, interleaved: for each of ``--runs`` rounds,
for each file, every method once, in an order rotated each round, so that
drift of the machine's load hits all methods alike; each method also runs
once per file before the first round (imports, font caches). Per method: the
median over rounds of each file's time, summed, per page; peak memory of a
fresh subprocess running the method over every file (ru_maxrss, and
tracemalloc's peak of Python allocations: PDFium's own C allocations show in
the RSS only); and canonical fields correct against the truth file next to
each document (``score_doc`` of ../shared/tools/score.py). Competing table
finders are scored by handing their tables, in place of the reader's, to the
same mapping (report_extract.pipeline.build_report).

Methods:
  baseline    pdfplumber alone: open the PDF, read page.chars on every page (pdfminer's parse)
  floor       pypdfium2 alone: load every page and its text page, read every character's code and
              box, walk every object (form XObjects opened) and read every path segment's point:
              what any PDFium route must pay
  reader      report_extract.readers.pdf.read with the pdfium engine (the default)
  reader-plumber  the same reader with the pdfplumber engine (the reference)
  extract     report_extract.extract(path).to_json() (the whole pipeline, default engine)
  plumber     pdfplumber page.find_tables() / extract() with default settings
  camelot     camelot.read_pdf(flavor="lattice") (benchmark-only extra: camelot-py)
"""
from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
METHODS = ["baseline", "floor", "reader", "reader-plumber", "extract", "plumber", "camelot"]


def _score_module():
    path = SHARED / "tools" / "score.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("shared_score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def truth_for(pdf: Path):
    for cand in (pdf.with_suffix(".json"), SHARED / "corpus" / "truth" / f"{pdf.stem}.json"):
        if cand.exists():
            return json.loads(cand.read_text(encoding="utf-8"))
    return None


# ----------------------------------------------------------------------------- methods


def run_baseline(path):
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        n = 0
        for p in pdf.pages:
            n += len(p.chars)
            p.flush_cache()
    return n


def run_floor(path):
    """pypdfium2's bare read of the same pages: characters with their boxes, every path point."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    left, r, b, t = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    x, y = ctypes.c_float(), ctypes.c_float()
    n = 0

    def visit(obj):
        nonlocal n
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_PATH:
            for k in range(raw.FPDFPath_CountSegments(obj)):
                raw.FPDFPathSegment_GetPoint(raw.FPDFPath_GetPathSegment(obj, k), x, y)
                n += 1
        elif kind == raw.FPDF_PAGEOBJ_FORM:
            for k in range(raw.FPDFFormObj_CountObjects(obj)):
                visit(raw.FPDFFormObj_GetObject(obj, k))

    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            for k in range(raw.FPDFPage_CountObjects(page.raw)):
                visit(raw.FPDFPage_GetObject(page.raw, k))
            tp = page.get_textpage()
            for k in range(raw.FPDFText_CountChars(tp.raw)):
                raw.FPDFText_GetUnicode(tp.raw, k)
                raw.FPDFText_GetCharBox(tp.raw, k, left, r, b, t)
                n += 1
            tp.close()
            page.close()
    finally:
        pdf.close()
    return n


def run_reader(path):
    from report_extract.readers.pdf import read

    return read(path, engine="pdfium")


def run_reader_plumber(path):
    from report_extract.readers.pdf import read

    return read(path, engine="pdfplumber")


def run_extract(path):
    from report_extract import extract

    return extract(path).to_json()


def plumber_tables(path):
    """pdfplumber's default finder, as model Tables (no spans: merged cells are its None cells)."""
    import pdfplumber

    from report_extract.model import Cell, Source, Table

    out = []
    with pdfplumber.open(path) as pdf:
        for p in pdf.pages:
            for ft in p.find_tables():
                rows = ft.extract()
                cells = []
                for r, (row_obj, texts) in enumerate(zip(ft.rows, rows)):
                    for c, (bbox, text) in enumerate(zip(row_obj.cells, texts)):
                        if text is None or bbox is None:
                            continue
                        cells.append(Cell(row=r, col=c, text=text, source=Source(page=p.page_number, bbox=tuple(bbox))))
                out.append(Table(cells=cells, n_rows=len(rows), n_cols=max((len(x) for x in rows), default=0),
                                 source=Source(page=p.page_number, bbox=tuple(ft.bbox))))
            p.flush_cache()
    return out


def camelot_tables(path):
    import camelot

    from report_extract.model import Cell, Source, Table

    out = []
    for t in camelot.read_pdf(str(path), pages="all", flavor="lattice"):
        page = int(t.page)
        height = None
        try:
            import pdfplumber

            with pdfplumber.open(path) as pdf:
                height = float(pdf.pages[page - 1].height)
        except Exception:
            height = 842.0
        cells = []
        df = t.df
        for r in range(df.shape[0]):
            for c in range(df.shape[1]):
                text = str(df.iat[r, c])
                cc = t.cells[r][c]
                bbox = (cc.x1, height - cc.y2, cc.x2, height - cc.y1)
                cells.append(Cell(row=r, col=c, text=text, source=Source(page=page, bbox=bbox)))
        x1, y1, x2, y2 = t._bbox
        out.append(Table(cells=cells, n_rows=df.shape[0], n_cols=df.shape[1],
                         source=Source(page=page, bbox=(x1, height - y2, x2, height - y1))))
    return out


RUN = {"baseline": run_baseline, "floor": run_floor, "reader": run_reader, "reader-plumber": run_reader_plumber,
       "extract": run_extract, "plumber": plumber_tables, "camelot": camelot_tables}


def fields_with_tables(path: Path, tables) -> dict:
    """The pipeline's output when ``tables`` replace the reader's tables."""
    from report_extract.model import Table
    from report_extract.pipeline import build_report
    from report_extract.readers.pdf import read

    doc = read(path)
    paras = [b for b in doc.blocks if not isinstance(b, Table)]

    def key(b):
        s = b.source
        return (s.page or 0, s.bbox[1] if s.bbox else 0)

    doc.blocks = sorted(paras + list(tables), key=key)
    return build_report(doc, path).to_json()


# ----------------------------------------------------------------------------- measuring


def pages_of(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def time_methods(methods: list[str], files: list[Path], runs: dict[str, int]) -> dict[str, float]:
    """Median ms per page of every method, all timed in one interleaved run.

    Round k times file after file, each with every method (``runs[m]`` rounds for method m), the
    order of methods rotated by k; per method and file the median over rounds, summed over files,
    divided by their pages. The heap is collected before each timed call (outside the timing), so
    one method's garbage does not slow the next."""
    times: dict[str, dict[Path, list[float]]] = {m: {f: [] for f in files} for m in methods}
    for f in files:
        for m in methods:
            RUN[m](f)  # warm-up (imports, caches of fonts)
    for k in range(max(runs.values())):
        order = methods[k % len(methods):] + methods[:k % len(methods)]
        for f in files:
            for m in order:
                if k >= runs[m]:
                    continue
                gc.collect()  # the garbage the method before left is not charged to this one
                t0 = time.perf_counter()
                RUN[m](f)
                times[m][f].append((time.perf_counter() - t0) * 1000)
    pages = sum(pages_of(f) for f in files)
    return {m: sum(statistics.median(ts) for ts in times[m].values()) / max(pages, 1) for m in methods}


def _peak_rss_kb() -> int:
    """This process's peak resident memory in kB. Linux: VmHWM, the high-water mark of this
    process's own memory (ru_maxrss would report at least the peak of the parent it was forked
    from, which here is the benchmark itself after every method ran)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def memory_child(method: str, files: list[str]) -> None:
    fn = RUN[method]
    # import everything first so the peak is the work, not the imports
    fn(Path(files[0]))
    base = _peak_rss_kb()
    tracemalloc.start()
    peak = 0
    for f in files:
        tracemalloc.reset_peak()
        fn(Path(f))
        peak = max(peak, tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
    rss = _peak_rss_kb()
    print(json.dumps({"rss_mb": rss / 1024, "rss_after_imports_mb": base / 1024, "tracemalloc_mb": peak / 2**20}))


def measure_memory(method: str, files: list[Path]) -> dict:
    r = subprocess.run([sys.executable, __file__, "--_memory", method, *map(str, files)],
                       capture_output=True, text=True, timeout=1800)
    try:
        return json.loads(r.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"error": (r.stderr.strip().splitlines() or ["?"])[-1]}


def fields_correct(method: str, files: list[Path], score) -> tuple[int, int, int, int]:
    got = total = src_ok = src_total = 0
    for f in files:
        truth = truth_for(f)
        if truth is None:
            continue
        if method == "extract":
            out = run_extract(f)
        elif method in ("reader", "reader-plumber", "floor", "baseline"):
            continue
        else:
            out = fields_with_tables(f, RUN[method](f))
        r = score.score_doc(truth, out)
        got += r["fields"][0]
        total += r["fields"][1]
        src_ok += r["sourced"][0]
        src_total += r["sourced"][1]
    return got, total, src_ok, src_total


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--_memory":
        memory_child(argv[1], argv[2:])
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-camelot", action="store_true")
    ap.add_argument("--json", type=Path, help="also write the results here")
    a = ap.parse_args(argv)
    files = a.files or sorted((SHARED / "corpus" / "docs").glob("*.pdf")) + sorted((ROOT / "fixtures" / "pdf").glob("*.pdf"))
    methods = list(METHODS)
    if a.no_camelot:
        methods.remove("camelot")
    elif importlib.util.find_spec("camelot") is None:
        methods.remove("camelot")
        print("camelot: not installed (pip install -e '.[benchmark]') — skipped")
    score = _score_module()
    n_pages = sum(pages_of(f) for f in files)
    print(f"{len(files)} files, {n_pages} pages, {a.runs} runs")
    results: dict[str, dict] = {}
    runs = {m: a.runs if m != "camelot" else max(1, min(a.runs, 2)) for m in methods}
    for m, ms in time_methods(methods, files, runs).items():
        results[m] = {"ms_per_page": ms}
    for m in methods:
        results[m].update(measure_memory(m, files))
        fc = fields_correct(m, files, score) if score and m not in ("baseline", "floor", "reader", "reader-plumber") else None
        if fc:
            results[m].update(fields=[fc[0], fc[1]], sourced=[fc[2], fc[3]])
    base = results["baseline"]["ms_per_page"]
    floor = results["floor"]["ms_per_page"]
    print(f"{'method':<15} {'ms/page':>9} {'x base':>7} {'x floor':>8} {'peak RSS MB':>12} {'py peak MB':>11}"
          f" {'fields':>14} {'sourced':>8}")
    for m, r in results.items():
        f = f"{r['fields'][0]}/{r['fields'][1]}" if "fields" in r else "-"
        s = f"{r['sourced'][0] / r['sourced'][1]:.2f}" if r.get("sourced", [0, 0])[1] else "-"
        print(f"{m:<15} {r['ms_per_page']:>9.1f} {r['ms_per_page'] / base:>7.2f} {r['ms_per_page'] / floor:>8.2f}"
              f" {r.get('rss_mb', float('nan')):>12.1f} {r.get('tracemalloc_mb', float('nan')):>11.1f} {f:>14} {s:>8}")
    rd = results["reader"]["ms_per_page"]
    print(f"pdfium route: {rd / floor:.2f}x the floor (goal <= 3), {base / rd:.2f}x faster than pdfplumber's "
          f"character read (goal >= 4)")
    if a.json:
        a.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
