"""PDF tables whose borders are incomplete, honest confidence, furniture kept, clear errors.

Border-style fixtures (fixtures/generate/pdf_writer.py BORDER_STYLES / LO_BORDERS) are
checked field by field in test_fixtures; here: what the reader does with them.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from report_extract.model import ReaderError
from report_extract.readers import pdf as pdf_reader
from report_extract.readers.pdf import settings
from report_extract.readers.pdf.rows import ROWS_FROM_TEXT
from report_extract.readers.pdf.text import cell_text

ROOT = Path(__file__).resolve().parent.parent
PDF_DIR = ROOT / "fixtures" / "pdf"


def _chars(text: str, x0: float, top: float, size: float = 9.0) -> list[dict]:
    return [{"text": ch, "x0": x0 + i * size * 0.6, "x1": x0 + (i + 1) * size * 0.6, "top": top,
             "bottom": top + size, "size": size} for i, ch in enumerate(text)]


def test_digits_of_two_lines_are_never_one_number():
    assert cell_text(_chars("49", 0, 0) + _chars("38", 0, 14)) == "49\n38"
    assert cell_text(_chars("36", 0, 0) + _chars("58", 40, 0)) == "36\t58"  # printed apart on one line
    from report_extract.mapping.fields import from_cell
    from report_extract.model import Cell

    findings = []
    f = from_cell("proactive.licensing.decisions", Cell(0, 1, "49\n38"), 0, "m", 0.99, findings)
    assert f.value is None and f.confidence < 0.9
    assert [x.rule for x in findings] == ["structure.numbers_apart"]


def _fields(name):
    from report_extract import extract

    return extract(PDF_DIR / f"{name}.pdf").to_json()


def test_inferred_values_need_arithmetic_and_name_the_settings():
    out = _fields("rl-2019-openrows")
    tag = settings.DEFAULT.tag
    assert tag == f"{settings.NAME}@{settings.VERSION}"
    inferred = [f for f in out["fields"].values() if ROWS_FROM_TEXT in f["method"]]
    assert inferred, "the open-rows fixture has rows rebuilt from text"
    for f in out["fields"].values():
        if f["method"] != "missing":
            assert tag in f["method"]
    # table 2 has no arithmetic: its rebuilt rows stay below 0.9
    assert all(f["confidence"] < 0.9 for k, f in out["fields"].items()
               if k.startswith("proactive.") and ROWS_FROM_TEXT in f["method"])


def test_custom_settings_are_named_by_digest():
    s = settings.DEFAULT.replace(snap=2.0)
    assert s.tag.startswith(f"{settings.NAME}@{settings.VERSION}+") and s.tag != settings.DEFAULT.tag
    with pytest.raises(TypeError):
        settings.DEFAULT.replace(no_such_threshold=1)


def test_page_furniture_is_kept_aside_and_shown():
    doc = pdf_reader.read(PDF_DIR / "rl-2021-lines.pdf")
    kinds = {p.style for p in doc.furniture}
    assert {"page_number", "running_header"} <= kinds
    assert all(p.source.page for p in doc.furniture)
    texts = {p.text for p in doc.furniture}
    assert not any(p.text in texts for p in doc.paragraphs)
    out = _fields("rl-2021-lines")
    assert {f["kind"] for f in out["furniture"]} >= {"page_number"}
    from report_extract.audit import build

    page = build(out, PDF_DIR / "rl-2021-lines.pdf", resolution=30)
    assert "page furniture" in page.lower() and "- 1 -" in page


# ---------------------------------------------------------------------------- errors


def _pdf(objs: dict, prev_loop: bool = False) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offs = {}
    for num, body in objs.items():
        offs[num] = len(out)
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    n = max(offs) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % n
    for i in range(1, n):
        out += b"%010d 00000 n \n" % offs.get(i, 0)
    prev = b" /Prev %d" % xref if prev_loop else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (n, prev, xref)
    return bytes(out)


_CONTENT = b"BT /F1 12 Tf 72 700 Td (Hi) Tj ET"
_BASE = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
         3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
         4: b"<< /Length %d >>\nstream\n" % len(_CONTENT) + _CONTENT + b"\nendstream"}
HOSTILE = {
    "self-reference": _pdf({**_BASE, 2: b"2 0 R"}),
    "reference-cycle": _pdf({**_BASE, 2: b"5 0 R", 5: b"2 0 R"}),
    "length-refers-to-itself": _pdf({**_BASE, 4: b"<< /Length 4 0 R >>\nstream\n" + _CONTENT + b"\nendstream"}),
    "prev-chain-loops": _pdf(_BASE, prev_loop=True),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_looping_pdfs_fail_as_corrupt(name, tmp_path):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(HOSTILE[name])
    code = ("import sys, json\nfrom report_extract.readers.pdf import read\nfrom report_extract.model import ReaderError\n"
            "try:\n    read(sys.argv[1]); print(json.dumps(['read', '']))\n"
            "except ReaderError as e:\n    print(json.dumps([e.kind, e.message]))\n")
    # a separate process: a hang fails the test instead of stopping the suite
    r = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=120)
    kind, message = json.loads(r.stdout.strip().splitlines()[-1])
    assert kind == "corrupt", (kind, message, r.stderr[-500:])
    assert "\n" not in message and path.name in message


def test_a_bug_in_the_table_code_is_not_called_corrupt(monkeypatch):
    from report_extract.readers.pdf import page

    def broken(*a, **k):
        raise ValueError("bug in our own code")

    monkeypatch.setattr(page, "page_tables", broken)
    with pytest.raises(ValueError, match="bug in our own code"):
        pdf_reader.read(PDF_DIR / "rl-2021-lines.pdf")


def test_memory_error_reaches_the_caller(monkeypatch):
    from report_extract.readers.pdf import page

    def oom(*a, **k):
        raise MemoryError()

    monkeypatch.setattr(page, "page_tables", oom)
    with pytest.raises(MemoryError):
        pdf_reader.read(PDF_DIR / "rl-2021-lines.pdf")


def _raised_under(package_file: Path) -> BaseException:
    """What a code object compiled as ``package_file`` raises when it calls into the standard
    library and fails there (as pdfminer's logging call does where a RecursionError strikes)."""
    code = compile("import json\ndef call():\n    json.loads('{')\n", str(package_file), "exec")
    scope: dict = {}
    exec(code, scope)
    try:
        scope["call"]()
    except ValueError as e:
        return e
    raise AssertionError("no error")


def test_an_error_in_library_code_is_the_parsers_when_the_parser_called_it():
    """The innermost frame of the parser or of this package decides, not the innermost frame:
    a failure in the standard library counts as the parser's when pdfminer called it, and as a
    bug of ours when our code did."""
    import pdfminer

    from report_extract.readers.pdf.errors import is_parser_error

    parser = Path(pdfminer.__file__).parent / "pdfdocument.py"
    ours = Path(pdf_reader.__file__).parent / "grid.py"
    assert is_parser_error(_raised_under(parser))
    assert not is_parser_error(_raised_under(ours))


def test_parser_failures_are_still_corrupt(tmp_path):
    bad = tmp_path / "truncated.pdf"
    bad.write_bytes((PDF_DIR / "rl-2021-lines.pdf").read_bytes()[:5000])
    with pytest.raises(ReaderError) as e:
        pdf_reader.read(bad)
    assert e.value.kind == "corrupt"
