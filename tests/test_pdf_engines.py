"""The two PDF engines give the same report: PDFium (the default) against pdfplumber (the reference).

Every fixture PDF, every scanned fixture (OCR off: the same needs_ocr pages)
and every PDF of the shared corpus is extracted through both routes; the
JSON must be the same except for the engine named at the end of each
``method`` and for boxes, which may differ by float rounding (PDFium keeps
coordinates as 32-bit floats) and must stay within 1 pt. Damaged files
must fail with the same error kind on both routes.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from ctypes import c_void_p
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, SHARED, need

from report_extract import extract
from report_extract.model import ReaderError
from report_extract.readers.pdf import read
from report_extract.readers.pdf.sources import ENGINES, choose, open_source
from report_extract.readers.pdf.text import dedupe

BBOX_TOL = 1.0  # points
FIXTURE_PDFS = sorted((FIXTURES / "pdf").glob("*.pdf"))
SCANNED_PDFS = sorted((FIXTURES / "scanned").glob("*.pdf"))
CORPUS_DOCS = SHARED / "corpus" / "docs"
BROKEN = ROOT / "tests" / "broken" / "pdf"


def _normalise(x, boxes: list, path: str = ""):
    """The JSON with engine names taken out of methods and every bbox moved to ``boxes``."""
    if isinstance(x, dict):
        out = {}
        for k, v in x.items():
            if k == "bbox" and isinstance(v, list):
                boxes.append((f"{path}.{k}", v))
                out[k] = "bbox"
            else:
                out[k] = _normalise(v, boxes, f"{path}.{k}")
        return out
    if isinstance(x, list):
        return [_normalise(v, boxes, f"{path}[{i}]") for i, v in enumerate(x)]
    if isinstance(x, str) and any(f"/{e}" in x for e in ENGINES):
        for e in ENGINES:
            x = x.replace(f"/{e}", "")
        # a table stitched from pages two engines read names both ("grid/pdfium+grid/pdfplumber")
        parts = x.split("+")
        return "+".join(p for i, p in enumerate(parts) if i == 0 or p != parts[i - 1])
    return x


def _outcome(path: Path, engine: str) -> dict:
    try:
        return {"report": extract(path, pdf_engine=engine).to_json()}
    except ReaderError as e:
        return {"error": e.kind}


def assert_same(path: Path) -> None:
    assert_same_outcome(path, _outcome(path, "pdfplumber"), _outcome(path, "pdfium"))


def assert_same_outcome(path: Path, a: dict, b: dict) -> None:
    """``a`` by the reference, ``b`` by PDFium: the same error, or the same report."""
    if "error" in a or "error" in b:
        assert a == b, f"{path.name}: {a.get('error')} by pdfplumber, {b.get('error')} by pdfium"
        return
    ra, rb = a["report"], b["report"]
    assert any("/pdfium" in (v.get("method") or "") for v in rb["fields"].values()) or not rb["tables"], \
        "the engine is named in the values' method"
    boxes_a: list = []
    boxes_b: list = []
    na, nb = _normalise(ra, boxes_a), _normalise(rb, boxes_b)
    for key in sorted(set(na) | set(nb)):
        assert na.get(key) == nb.get(key), f"{path.name}: {key} differs between the engines"
    assert [p for p, _ in boxes_a] == [p for p, _ in boxes_b]
    worst = max((abs(u - v) for (_, p), (_, q) in zip(boxes_a, boxes_b) for u, v in zip(p, q)), default=0.0)
    assert worst < BBOX_TOL, f"{path.name}: a bbox differs by {worst:.3f} pt"


@pytest.mark.parametrize("path", FIXTURE_PDFS, ids=lambda p: p.name)
def test_fixture_pdfs_give_the_same_report_on_both_engines(path):
    assert_same(path)


@pytest.mark.parametrize("path", SCANNED_PDFS, ids=lambda p: p.name)
def test_scanned_pdfs_give_the_same_report_on_both_engines(path, monkeypatch):
    monkeypatch.setenv("REPORT_EXTRACT_OCR", "off")  # OCR renders through pypdfium2 on both routes alike
    assert_same(path)


def test_corpus_pdfs_give_the_same_report_on_both_engines():
    need(CORPUS_DOCS, "the shared corpus")
    docs = sorted(CORPUS_DOCS.glob("*.pdf"))
    assert docs, "the shared corpus has PDFs"
    for path in docs:
        assert_same(path)


def test_fixture_pdfs_give_the_same_report_on_a_machine_without_fonts():
    """The fixtures print in STSong-Light, not embedded. Without a CJK font installed PDFium has no
    glyph box for it, measures every one-character text object as zero wide and leaves it out of
    its text page; such a page is read by the reference engine, and the report is the same as
    with fonts (only those pages' values name pdfplumber)."""
    script = ROOT / "tests" / "fontless_pdfium.py"
    r = subprocess.run([sys.executable, str(script), *map(str, FIXTURE_PDFS)], capture_output=True, text=True,
                       timeout=600, env={**os.environ, "REPORT_EXTRACT_OCR": "off"})
    assert r.returncode == 0, r.stderr
    got = {Path(x["path"]).name: x for x in map(json.loads, r.stdout.splitlines())}
    assert sorted(got) == sorted(p.name for p in FIXTURE_PDFS)
    fell_back = 0
    for path in FIXTURE_PDFS:
        b = got[path.name]
        b.pop("path")
        if "report" in b:
            fell_back += any((v.get("method") or "").endswith("/pdfplumber") for v in b["report"]["fields"].values())
        a = {"report": extract(path, pdf_engine="pdfplumber", narrative=False).to_json()}
        assert_same_outcome(path, a, b)
    assert fell_back, "the machine without fonts was reproduced: some page was read by the reference"


# --------------------------------------------------------------------------- page objects


@pytest.mark.parametrize("path", FIXTURE_PDFS[:: 3] + SCANNED_PDFS[2:3], ids=lambda p: p.name)
def test_both_sources_give_the_same_characters(path):
    """Same characters in the same order, fake bold marked alike, boxes within 0.01 pt: PDFium's
    origins, widths and pdfminer's descents give pdfminer's font boxes (not PDFium's glyph boxes)."""
    a, b = open_source(path, "pdfplumber"), open_source(path, "pdfium")
    try:
        assert len(a) == len(b)
        for i in range(len(a)):
            pa, pb = a.page(i), b.page(i)
            assert abs(pa.width - pb.width) < 0.01 and abs(pa.height - pb.height) < 0.01
            assert pa.has_images == pb.has_images
            ca, cb = dedupe([dict(c) for c in pa.chars]), dedupe([dict(c) for c in pb.chars])
            assert [c["text"] for c in ca] == [c["text"] for c in cb]
            assert [bool(c.get("_fake_bold")) for c in ca] == [bool(c.get("_fake_bold")) for c in cb]
            for x, y in zip(ca, cb):
                for k in ("x0", "x1", "top", "bottom", "size"):
                    assert abs(x[k] - y[k]) < 0.01, (path.name, i, x["text"], k, x[k], y[k])
    finally:
        a.close()
        b.close()


def test_fake_bold_copies_dropped_by_pdfium_are_put_back():
    """reportlab fixtures print headings twice, 0.3 pt apart: PDFium's text page drops the copy,
    the source restores it so that dedupe marks the heading bold as on the reference route."""
    src = open_source(FIXTURES / "pdf" / "rl-2021-lines.pdf", "pdfium")
    try:
        chars = dedupe([dict(c) for c in src.page(0).chars])
    finally:
        src.close()
    bold = "".join(c["text"] for c in chars if c.get("_fake_bold"))
    assert "一、总体情况" in bold


# --------------------------------------------------------------------------- errors


def _kind(path: Path, engine: str) -> str:
    code = ("import sys, json\nfrom report_extract.readers.pdf import read\nfrom report_extract.model import ReaderError\n"
            "try:\n    read(sys.argv[1], engine=sys.argv[2]); print(json.dumps('read'))\n"
            "except ReaderError as e:\n    print(json.dumps(e.kind))\n")
    # a separate process: a hang fails the test instead of stopping the suite
    r = subprocess.run([sys.executable, "-c", code, str(path), engine], capture_output=True, text=True, timeout=120,
                       env={**os.environ, "REPORT_EXTRACT_OCR": "off"})
    return json.loads(r.stdout.strip().splitlines()[-1])


def _hostile() -> dict:
    from test_pdf_repair import HOSTILE

    return HOSTILE


@pytest.mark.parametrize("name", sorted(p.name for p in BROKEN.glob("*.pdf")) + sorted(_hostile()))
def test_damaged_pdfs_fail_alike_on_both_engines(name, tmp_path):
    path = BROKEN / name
    if not path.exists():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(_hostile()[name])
    kinds = {e: _kind(path, e) for e in ENGINES}
    assert len(set(kinds.values())) == 1, kinds
    assert kinds["pdfium"] != "read" or name == "image-only.pdf", kinds


# a page's MediaBox (and around it /CropBox, /Rotate) written as producers get it wrong; each spelling
# is padded to the length of the box it replaces, so the file's cross-references stay right
BAD_PAGE_ATTRIBUTES = {
    "mediabox-missing": b"",
    "mediabox-cut-short": b"/MediaBox[0 0 595.3]",
    "mediabox-with-a-name": b"/MediaBox[0 0 /A4 841.89]",
    "mediabox-in-exponents": b"/MediaBox[0 0 5.953e2 8.419e2]",
    "mediabox-five-numbers": b"/MediaBox[0 0 595.3 841.89 0]",
    "mediabox-corners-reversed": b"/MediaBox[595.3 841.89 0 0]",
    "cropbox-with-names": b"/CropBox[0 0 /W /H]/MediaBox[0 0 595.3 841.89]",
    "rotate-a-name": b"/Rotate/R/MediaBox[0 0 595.3 841.89]",
    "rotate-a-decimal": b"/Rotate 0.0/MediaBox[0 0 595.3 841.89]",
    # longer than the box it replaces: the readers also repair the cross-references it moves
    "mediabox-too-large-for-a-double": b"/MediaBox[0 0 " + b"9" * 330 + b" 841.89]",
}


def test_a_page_box_is_read_as_pdfium_reads_it():
    from report_extract.readers.pdf.sources.model import US_LETTER, page_box

    assert page_box([0, 0, 595.3, 841.89]) == (0.0, 0.0, 595.3, 841.89)
    assert page_box([595.3, 841.89, 0, 0]) == (0.0, 0.0, 595.3, 841.89)  # any two opposite corners
    assert page_box([0, 0, 595.3, 841.89, 7]) == (0.0, 0.0, 595.3, 841.89)  # the first four
    assert page_box([0, 0, 595.3]) == US_LETTER  # a missing entry is 0: no area
    assert page_box([10, 20, 30]) == (10.0, 0.0, 30.0, 20.0)
    assert page_box([0, 0, "A4", 841.89]) == US_LETTER  # a name or string is 0
    assert page_box([0, 0, 10 ** 400, 841.89]) == US_LETTER  # too large for a double: 0
    assert page_box(None) == US_LETTER


def _boxes(x) -> list:
    if isinstance(x, dict):
        return [v for k, v in x.items() if k == "bbox" and isinstance(v, list)] + \
            [b for k, v in x.items() if k != "bbox" for b in _boxes(v)]
    return [b for v in x for b in _boxes(v)] if isinstance(x, list) else []


@pytest.mark.parametrize("case", sorted(BAD_PAGE_ATTRIBUTES))
def test_pages_with_a_box_or_rotation_written_wrong_read_alike_on_both_engines(case, tmp_path):
    """pdfplumber refused such a file whole (every page is built when the first is read), PDFium
    reads it: every page now reads on both engines, as PDFium reads it (a box it cannot use is US
    Letter), with the values of the file written right, and every box on the page."""
    import re

    source = FIXTURES / "pdf" / "lo-2019.pdf"
    data = source.read_bytes()
    spelling = BAD_PAGE_ATTRIBUTES[case]

    damaged, n = re.subn(rb"/MediaBox *\[[^\]]*\]", lambda m: spelling.ljust(len(m.group(0))), data)
    assert n > 1
    path = tmp_path / f"{case}.pdf"
    path.write_bytes(damaged)
    ref, fast = _outcome(path, "pdfplumber"), _outcome(path, "pdfium")
    assert "report" in ref, f"{case}: {ref}"
    assert_same_outcome(path, ref, fast)
    right = extract(source, pdf_engine="pdfplumber", narrative=False).to_json()["fields"]
    got = ref["report"]["fields"]
    assert len(right) > 150
    assert {k: v["value"] for k, v in got.items()} == {k: v["value"] for k, v in right.items()}
    assert all(min(b) >= 0 for b in _boxes(ref["report"])), "content moved off the page"


def _shown_rotated(source: Path, path: Path, rotation: int) -> None:
    """``source`` with every page's content turned against ``rotation`` and the page set to be
    shown turned by it: the same page, upright on screen, as scanners and landscape sections write it."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(source))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            x0, y0, x1, y1 = page.get_mediabox()
            w, h = x1 - x0, y1 - y0
            m = {90: (0, 1, -1, 0, h, 0), 180: (-1, 0, 0, -1, w, h), 270: (0, -1, 1, 0, 0, w)}[rotation]
            assert raw.FPDFPage_TransFormWithClip(page.raw, ctypes.byref(raw.FS_MATRIX(*m)), None)
            box = (0, 0, h, w) if rotation in (90, 270) else (0, 0, w, h)
            page.set_mediabox(*box)
            page.set_cropbox(*box)
            page.set_rotation(rotation)
            page.close()
        pdf.save(str(path))
    finally:
        pdf.close()


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_pages_shown_rotated_read_alike_on_both_engines(rotation, tmp_path):
    """/Rotate over content drawn turned the other way (so the page shows upright): both engines
    read the page as shown, with every value of the page drawn upright."""
    source = FIXTURES / "pdf" / "lo-2019.pdf"
    path = tmp_path / f"rotated-{rotation}.pdf"
    _shown_rotated(source, path, rotation)
    ref, fast = _outcome(path, "pdfplumber"), _outcome(path, "pdfium")
    assert "report" in ref, ref
    assert_same_outcome(path, ref, fast)
    right = extract(source, pdf_engine="pdfplumber", narrative=False).to_json()["fields"]
    assert len(right) > 150
    assert {k: v["value"] for k, v in ref["report"]["fields"].items()} == {k: v["value"] for k, v in right.items()}


def test_characters_beyond_the_bmp_read_whole_on_both_engines(tmp_path):
    """A name printed with a CJK Extension B character: PDFium's text page gives its two UTF-16
    halves, which no JSON can hold; both engines give the character, and a half written alone
    (a damaged map) as nothing, as pdfminer decodes it."""
    from test_pdf_repair import _pdf

    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def\n"
            b"1 begincodespacerange <00> <FF> endcodespacerange\n"
            b"3 beginbfchar <41> <D840DC00> <42> <DB60> <43> <4E2D> endbfchar\n"
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    content = b"BT /F1 24 Tf 72 700 Td (ABC) Tj ET BT /F1 24 Tf 72 650 Td (CAB) Tj ET"
    path = tmp_path / "extension-b.pdf"
    path.write_bytes(_pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
           b" /Resources << /Font << /F1 5 0 R >> >> >>",
        4: b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        6: b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream"}))
    texts = {}
    for engine in ENGINES:
        src = open_source(path, engine)
        try:
            texts[engine] = [c["text"] for c in src.page(0).chars]
        finally:
            src.close()
    assert texts["pdfium"] == texts["pdfplumber"] == ["\U00020000", "", "中", "中", "\U00020000", ""]
    for engine in ENGINES:
        out = extract(path, pdf_engine=engine, narrative=False).dumps().encode("utf-8")
        assert "\U00020000中".encode("utf-8") in out


def test_a_page_pdfminer_cannot_find_does_not_cost_the_document_on_the_pdfium_route(tmp_path):
    """One byte after ``6 0 obj`` (the last page's object): pdfminer cannot find the object and its
    page tree skips the page; the structure pass resolves a missing object as pdfminer does (None),
    so the PDFium route reads the other pages with their values and names the page it cannot load,
    instead of calling the file corrupt."""
    import re

    source = FIXTURES / "pdf" / "rl-2021-framehead.pdf"
    pages = re.findall(rb"(\d+) 0 obj\n<<\n/Contents", source.read_bytes())
    assert len(pages) == 3
    path = tmp_path / "page-object-damaged.pdf"
    path.write_bytes(source.read_bytes().replace(pages[-1] + b" 0 obj\n<<", pages[-1] + b" 0 obj\b<<", 1))
    got = extract(path, pdf_engine="pdfium", narrative=False).to_json()
    right = {k: v["value"] for k, v in extract(source, pdf_engine="pdfium", narrative=False).to_json()["fields"].items()}
    assert got["source"]["pages"] == 3
    assert [e["where"] for e in got["errors"]] == ["page 3"]
    values = {k: v["value"] for k, v in got["fields"].items() if v["value"] is not None}  # page 3's are None
    assert len(values) > 100 and all(right[k] == v for k, v in values.items())


def test_a_file_pdfium_will_not_open_but_pdfminer_reads_is_read_by_the_reference(tmp_path):
    """One byte of the catalog's object header (``7 0 obj`` with its number garbled): pdfminer finds
    the object where the cross-reference table says, PDFium checks the number, cannot rebuild the
    table and refuses the file. The default route reads it through the reference engine, with the
    sound file's values, each naming ``pdfplumber``."""
    import re

    source = FIXTURES / "pdf" / "rl-2021-borderless.pdf"
    data = source.read_bytes()
    root = re.search(rb"/Root (\d+) 0 R", data).group(1)
    assert len(root) == 1
    path = tmp_path / "catalog-header-garbled.pdf"
    path.write_bytes(data.replace(b"\n" + root + b" 0 obj", b"\n\xc2 0 obj", 1))
    import pypdfium2

    with pytest.raises(pypdfium2.PdfiumError):
        pypdfium2.PdfDocument(str(path))
    got = extract(path, narrative=False).to_json()["fields"]
    right = extract(source, narrative=False).to_json()["fields"]
    assert len(right) > 150
    assert {k: v["value"] for k, v in got.items()} == {k: v["value"] for k, v in right.items()}
    assert all(v["method"].endswith("/pdfplumber") or "/pdfplumber+" in v["method"] for v in got.values() if v["method"])


def test_a_font_without_its_subtype_gives_a_report_on_both_engines(tmp_path):
    """One byte of ``/Subtype /Type0`` (found by benchmarks/fuzz.py): the CJK font's characters come
    out as other characters (each engine decodes such a font its own way), and their text-aligned
    rows once reached past the table's last column boundary (an IndexError on the reference)."""
    source = FIXTURES / "pdf" / "rl-2021-borderless.pdf"
    data = source.read_bytes()
    assert data.count(b"/Subtype /Type0") == 1
    path = tmp_path / "font-subtype-garbled.pdf"
    path.write_bytes(data.replace(b"/Subtype /Type0", b"/Subt\x92pe /Type0"))
    for engine in ENGINES:
        assert "report" in _outcome(path, engine), engine


def test_a_bug_in_the_pdfium_source_is_not_called_corrupt(monkeypatch):
    from report_extract.readers.pdf.sources import pdfium_text

    def broken(*a, **k):
        raise ValueError("bug in our own code")

    monkeypatch.setattr(pdfium_text.TextReader, "chars", broken)
    with pytest.raises(ValueError, match="bug in our own code"):
        read(FIXTURES / "pdf" / "rl-2021-lines.pdf", engine="pdfium")


def test_a_page_pdfium_cannot_load_is_a_page_problem(monkeypatch):
    from pypdfium2 import PdfiumError

    from report_extract.readers.pdf.sources.pdfium import PdfiumSource

    real = PdfiumSource.page

    def page(self, index):
        if index == 1:
            raise PdfiumError("Failed to load page.")
        return real(self, index)

    monkeypatch.setattr(PdfiumSource, "page", page)
    doc = read(FIXTURES / "pdf" / "rl-2021-lines.pdf", engine="pdfium")
    assert [(p.kind, p.where) for p in doc.problems] == [("corrupt", "page 2")]
    assert doc.tables, "the other pages are read"


# --------------------------------------------------------------------------- choosing the engine


def test_engine_is_chosen_by_argument_then_environment_then_default(monkeypatch):
    monkeypatch.delenv("REPORT_EXTRACT_PDF_ENGINE", raising=False)
    assert choose() == "pdfium"
    monkeypatch.setenv("REPORT_EXTRACT_PDF_ENGINE", "pdfplumber")
    assert choose() == "pdfplumber" and choose("pdfium") == "pdfium"
    with pytest.raises(ValueError):
        choose("poppler")


def test_cli_pdf_engine_is_named_in_the_methods(tmp_path):
    exe = Path(sys.executable).parent / "report-extract"
    pdf = FIXTURES / "pdf" / "rl-2021-lines.pdf"
    methods = {}
    for engine in ENGINES:
        out = tmp_path / f"{engine}.json"
        r = subprocess.run([str(exe), "extract", str(pdf), "--no-narrative", "--pdf-engine", engine, "-o", str(out)],
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        doc = json.loads(out.read_text(encoding="utf-8"))
        methods[engine] = doc["fields"]["requests.new_received.total"]["method"]
        assert doc["fields"]["requests.new_received.total"]["value"] is not None
        assert all(t["method"].endswith(f"/{engine}") for t in doc["tables"])
    assert methods["pdfium"].replace("/pdfium", "") == methods["pdfplumber"].replace("/pdfplumber", "")
    r = subprocess.run([str(exe), "extract", str(pdf), "--pdf-engine", "poppler"], capture_output=True, text=True)
    assert r.returncode == 2 and "poppler" in r.stderr


def test_batch_records_the_engine_in_its_settings(tmp_path):
    exe = Path(sys.executable).parent / "report-extract"
    pdf = FIXTURES / "pdf" / "rl-2021-lines.pdf"
    r = subprocess.run([str(exe), "batch", str(pdf), "-o", str(tmp_path / "out"), "-q", "-j", "1",
                        "--pdf-engine", "pdfplumber"], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    rec = json.loads((tmp_path / "out" / "manifest.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert rec["status"] == "ok" and rec["settings"] == {"pdf_engine": "pdfplumber"}
    out = json.loads((tmp_path / "out" / rec["output"]).read_text(encoding="utf-8"))
    assert out["fields"]["requests.new_received.total"]["method"].endswith("/pdfplumber")


def test_font_dictionaries_read_without_their_width_arrays_give_the_same_structure(monkeypatch):
    """The structure pass cuts /Widths and /W out of a font dictionary before parsing it: every
    fixture and corpus PDF gives the same descents, page boxes and bad pages as parsing them whole,
    and the cut route is the one taken for every font."""
    import report_extract.readers.pdf.sources.pdfium_structure as st

    pdfs = FIXTURE_PDFS + SCANNED_PDFS + sorted(CORPUS_DOCS.glob("*.pdf"))
    cut = st._Walker.cut_font_dict
    results: list = []

    def recorded(self, f):
        got = cut(self, f)
        if isinstance(f, self.Ref):  # a font written inline came parsed with the dictionary holding it
            results.append(got)
        return got

    monkeypatch.setattr(st._Walker, "cut_font_dict", recorded)
    fast = {p: st.read_structure(p) for p in pdfs}
    assert len(results) > 50 and all(isinstance(r, dict) for r in results)
    monkeypatch.setattr(st._Walker, "cut_font_dict", lambda self, f: None)  # every dictionary parsed whole
    for p in pdfs:
        slow = st.read_structure(p)
        got = fast[p]
        assert (got.descents, got.boxes, set(got.bad_pages)) == (slow.descents, slow.boxes, set(slow.bad_pages)), p.name
    assert sum(len(s.descents) for s in fast.values()) > 50


def _path_objects(path: Path):
    """Every path object of every page (form XObjects opened), with its page held open."""
    import pypdfium2 as pdfium

    from report_extract.readers.pdf.sources.pdfium_lib import handle, lib
    from report_extract.readers.pdf.sources.pdfium_space import objects

    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                _texts, paths, _images = objects(lib(), handle(page.raw))
                yield from (obj for obj, _outer in paths)
            finally:
                page.close()
    finally:
        pdf.close()


def test_path_points_read_in_one_copy_are_the_points_pdfium_gives_one_by_one():
    """A path's points are copied from PDFium's point array once the layout has been verified:
    on every path of every fixture and corpus PDF they are the points the per-segment calls give,
    and the copy is the route taken."""
    from report_extract.readers.pdf.sources.pdfium_lib import Lib

    lib = Lib()
    pdfs = FIXTURE_PDFS + sorted(CORPUS_DOCS.glob("*.pdf"))
    n = 0
    for p in pdfs:
        for obj in _path_objects(p):
            got = lib.segments(c_void_p(obj))
            assert got == lib._segments_by_call(obj, lib.FPDFPath_CountSegments(obj)), p.name
            n += len(got)
    assert n > 10000 and lib._points is not None and not lib._refused


def test_path_points_in_a_layout_not_as_expected_are_read_by_calls(monkeypatch):
    """Were PDFium's points laid out otherwise, the copy is refused at the first path and every
    point comes from the per-segment calls: the same lines and rectangles either way."""
    import report_extract.readers.pdf.sources.pdfium_lib as pl

    monkeypatch.setattr(pl, "_POINT", __import__("struct").Struct("=fBBf2x"))
    lib = pl.Lib()
    path = FIXTURES / "pdf" / "rl-2019-dashed.pdf"
    for obj in _path_objects(path):
        assert lib.segments(c_void_p(obj)) == lib._segments_by_call(obj, lib.FPDFPath_CountSegments(obj))
    assert lib._refused and lib._points is None
