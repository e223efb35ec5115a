"""The audit page (issue 6): ``report-extract audit DOCUMENT -o audit.html``.

The PDF page is checked geometrically: every outline box must sit where
pdfplumber (read here independently of the extractor) finds the characters of
the field's printed text, scaled to the rendered image; then the page is
loaded in headless Chromium, boxes are measured with getBoundingClientRect,
and a screenshot is saved to tests/artifacts/audit-<name>.png.
"""
from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import IN_CI, needs
from lxml import html as lxml_html

from report_extract.audit import build
from report_extract.pipeline import extract

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
ARTIFACTS = ROOT / "tests" / "artifacts"
CORPUS = ROOT.parent / "shared" / "corpus"
CLI = [sys.executable, "-m", "report_extract.cli"]
PDF_FIXTURE = FIXTURES / "pdf" / "rl-hybrid-blanks.pdf"  # prints a wrong total in table 4


@functools.lru_cache(maxsize=None)
def _output(path: str) -> dict:
    return extract(path).to_json()


def _artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def _nows(s) -> str:
    return re.sub(r"\s+", "", s or "")


def _failing(out: dict) -> set[str]:
    return {k for f in out["findings"] if f["severity"] == "error" for k in f.get("keys") or []}


def _style_rect(el) -> tuple[float, ...]:
    st = dict(part.split(":") for part in el.get("style").split(";") if part)
    return tuple(float(st[k].replace("px", "")) for k in ("left", "top", "width", "height"))


def _char_rects(pdf_path: Path, out: dict) -> dict[str, tuple[str, tuple[float, float, float, float]]]:
    """key → (text of the chars inside the field's bbox, their bbox): read with pdfplumber directly."""
    import pdfplumber

    res = {}
    with pdfplumber.open(str(pdf_path)) as pdf:
        chars = {i + 1: p.chars for i, p in enumerate(pdf.pages)}
        for k, f in out["fields"].items():
            s = f["source"]
            if not s.get("bbox") or not s.get("page"):
                continue
            x0, top, x1, bottom = s["bbox"]
            inside = [c for c in chars[s["page"]] if x0 <= (c["x0"] + c["x1"]) / 2 <= x1
                      and top <= (c["top"] + c["bottom"]) / 2 <= bottom and c["text"].strip()]
            inside.sort(key=lambda c: (round(c["top"]), c["x0"]))
            if inside:
                res[k] = ("".join(c["text"] for c in inside),
                          (min(c["x0"] for c in inside), min(c["top"] for c in inside),
                           max(c["x1"] for c in inside), max(c["bottom"] for c in inside)))
            else:
                res[k] = ("", None)
    return res


# ---------------------------------------------------------------- page content, without a browser


def test_grid_audit_for_html_source():
    doc = FIXTURES / "html" / "html-gbk-hybrid.html"
    out = _output(str(doc))
    page = build(out, doc)
    (_artifacts() / "audit-html-gbk-hybrid.html").write_text(page, encoding="utf-8")
    tree = lxml_html.fromstring(page)
    cells = {td.get("data-key"): td for td in tree.xpath("//td[@data-key]")}
    mapped = [k for k, f in out["fields"].items() if f["source"].get("table") is not None]
    assert set(mapped) <= set(cells)
    failing = _failing(out)
    assert failing
    for k, td in cells.items():
        f = out["fields"][k]
        assert _nows(td.xpath("string(.)")).startswith(_nows(f["text"]))  # the cell shows the printed text
        assert k in td.get("title") and repr(f["value"]) in td.get("title")
        assert ("fail" in td.get("class").split()) == (k in failing), k


def test_audit_is_self_contained():
    out = _output(str(PDF_FIXTURE))
    page = build(out, PDF_FIXTURE)
    low = page.lower()
    assert "<script" not in low and "<link" not in low and "@import" not in low
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", low)
    srcs = re.findall(r'<img[^>]+src="([^"]{0,30})', page)
    assert srcs and all(s.startswith("data:image/png;base64,") for s in srcs)


def test_pdf_boxes_are_where_the_numbers_are():
    if not PDF_FIXTURE.is_file():
        pytest.skip("PDF fixture not present")
    out = _output(str(PDF_FIXTURE))
    page = build(out, PDF_FIXTURE)
    tree = lxml_html.fromstring(page)
    chars = _char_rects(PDF_FIXTURE, out)
    boxes = tree.xpath("//a[contains(concat(' ', @class, ' '), ' box ')]")
    placed = {b.get("data-key") for b in boxes}
    assert placed == {k for k, f in out["fields"].items() if f["source"].get("bbox")}
    failing = _failing(out)
    checked = 0
    for b in boxes:
        k = b.get("data-key")
        f = out["fields"][k]
        fig = b.getparent().getparent()
        x0, top, sx, sy = (float(fig.get(a)) for a in ("data-x0", "data-top", "data-sx", "data-sy"))
        left, t, w, h = _style_rect(b)
        bx0, btop, bx1, bbottom = f["source"]["bbox"]
        assert (left, t, w, h) == pytest.approx(((bx0 - x0) * sx, (btop - top) * sy, (bx1 - bx0) * sx,
                                                 (bbottom - btop) * sy), abs=0.01)
        text, rect = chars[k]
        assert _nows(text) == _nows(f["text"]), (k, text, f["text"])
        if rect:  # the printed characters, scaled into the image, lie inside the outline
            cx0, ctop, cx1, cbottom = rect
            assert left - 0.5 <= (cx0 - x0) * sx and (cx1 - x0) * sx <= left + w + 0.5, k
            assert t - 0.5 <= (ctop - top) * sy and (cbottom - top) * sy <= t + h + 0.5, k
            checked += 1
        assert ("fail" in b.get("class").split()) == (k in failing)
    assert checked >= 50


def test_audit_command(tmp_path):
    doc = FIXTURES / "txt" / "txt-cells-2021.txt"
    r = subprocess.run(CLI + ["audit", str(doc), "-o", str(tmp_path / "a.html")], capture_output=True, text=True,
                       cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "table" in (tmp_path / "a.html").read_text(encoding="utf-8")
    j = tmp_path / "out.json"
    j.write_text(json.dumps(_output(str(PDF_FIXTURE)), ensure_ascii=False), encoding="utf-8")
    shutil.copy(PDF_FIXTURE, tmp_path)  # source.path is the file name: the document is found next to the JSON
    r = subprocess.run(CLI + ["audit", str(j), "-o", str(tmp_path / "b.html")], capture_output=True, text=True,
                       cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "data:image/png;base64," in (tmp_path / "b.html").read_text(encoding="utf-8")
    r = subprocess.run(CLI + ["audit", str(tmp_path / "nope.pdf"), "-o", str(tmp_path / "c.html")],
                       capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 1 and not (tmp_path / "c.html").exists()


# ---------------------------------------------------------------- headless Chromium


def _find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        p = shutil.which(name)
        if p:
            return p
    return None


@pytest.fixture(scope="session")
def chromium() -> str:
    """Headless Chromium (Debian package ``chromium``, installed by .ci/run): required under CI."""
    exe = _find_chromium()
    if exe:
        return exe
    if IN_CI:
        pytest.fail("chromium is not installed: .ci/run installs it with apt-get install -y chromium")
    pytest.skip("chromium not installed (apt-get install -y chromium)")


def _chrome(exe: str, *args, timeout: int = 120) -> subprocess.CompletedProcess:
    base = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
            "--force-device-scale-factor=1", "--no-first-run", "--disable-extensions"]
    return subprocess.run(base + list(args), capture_output=True, text=True, timeout=timeout)


MEASURE = """<script>
(function () {
  var out = [], imgs = [];
  document.querySelectorAll('figure.region').forEach(function (fig) {
    var img = fig.querySelector('img'), ir = img.getBoundingClientRect();
    imgs.push({w: ir.width, h: ir.height, aw: +img.getAttribute('width'), ah: +img.getAttribute('height')});
    fig.querySelectorAll('.box').forEach(function (b) {
      var r = b.getBoundingClientRect();
      out.push({key: b.dataset.key, cls: b.className, left: r.left - ir.left, top: r.top - ir.top,
                width: r.width, height: r.height, abs_left: r.left + window.scrollX, abs_top: r.top + window.scrollY,
                x0: +fig.dataset.x0, y0: +fig.dataset.top, sx: +fig.dataset.sx, sy: +fig.dataset.sy});
    });
  });
  var pre = document.createElement('pre');
  pre.id = 'measure';
  pre.textContent = JSON.stringify({boxes: out, imgs: imgs, height: document.documentElement.scrollHeight,
                                    width: document.documentElement.scrollWidth});
  document.body.appendChild(pre);
})();
</script>"""


def _measure_in_chromium(exe: str, page: str, name: str) -> dict:
    d = _artifacts()
    probe = d / f"audit-{name}.measure.html"
    probe.write_text(page.replace("</body>", MEASURE + "\n</body>"), encoding="utf-8")
    r = _chrome(exe, "--window-size=1280,1000", "--virtual-time-budget=5000", "--dump-dom", probe.as_uri())
    assert r.returncode == 0, r.stderr[-500:]
    dom = lxml_html.fromstring(r.stdout)
    pre = dom.xpath("//pre[@id='measure']")
    assert pre, "measuring script did not run"
    probe.unlink()
    return json.loads(pre[0].text_content())


def _screenshot(exe: str, html_path: Path, png: Path, width: int, height: int):
    from PIL import Image

    r = _chrome(exe, f"--window-size={width},{height}", "--virtual-time-budget=5000",
                f"--screenshot={png}", html_path.as_uri())
    assert r.returncode == 0 and png.is_file(), r.stderr[-500:]
    return Image.open(png).convert("RGB")


def _is_red(px) -> bool:
    return px[0] > 170 and px[1] < 90 and px[2] < 90


def _is_blue(px) -> bool:
    return px[2] > 180 and px[0] < 90 and 70 < px[1] < 150


def _check_in_chromium(exe: str, pdf: Path, name: str, min_boxes: int):
    out = _output(str(pdf))
    page = build(out, pdf)
    html_path = _artifacts() / f"audit-{name}.html"
    html_path.write_text(page, encoding="utf-8")
    m = _measure_in_chromium(exe, page, name)
    assert m["imgs"] and all(i["w"] == i["aw"] and i["h"] == i["ah"] for i in m["imgs"])  # images not rescaled
    chars = _char_rects(pdf, out)
    failing = _failing(out)
    assert len(m["boxes"]) >= min_boxes
    for b in m["boxes"]:
        f = out["fields"][b["key"]]
        bx0, btop, bx1, bbottom = f["source"]["bbox"]
        # laid out where the scaled bbox says
        assert b["left"] == pytest.approx((bx0 - b["x0"]) * b["sx"], abs=0.6)
        assert b["top"] == pytest.approx((btop - b["y0"]) * b["sy"], abs=0.6)
        assert b["width"] == pytest.approx((bx1 - bx0) * b["sx"], abs=0.6)
        text, rect = chars[b["key"]]
        assert _nows(text) == _nows(f["text"])
        if rect:  # and the printed characters are inside the laid-out box
            cx0, ctop, cx1, cbottom = rect
            assert b["left"] - 1 <= (cx0 - b["x0"]) * b["sx"] <= (cx1 - b["x0"]) * b["sx"] <= b["left"] + b["width"] + 1
            assert b["top"] - 1 <= (ctop - b["y0"]) * b["sy"] <= (cbottom - b["y0"]) * b["sy"] <= b["top"] + b["height"] + 1
    png = _artifacts() / f"audit-{name}.png"
    img = _screenshot(exe, html_path, png, max(1280, int(m["width"]) + 20), min(int(m["height"]) + 20, 16000))
    # the screenshot shows the outlines: red on cells of failed rules, blue on the others
    reds = blues = 0
    for b in m["boxes"]:
        x, y = int(b["abs_left"] + 1), int(b["abs_top"] + b["height"] / 2)
        if y >= img.height:
            continue
        px = img.getpixel((x, y))
        if b["key"] in failing:
            assert _is_red(px), (b["key"], px)
            reds += 1
        else:
            assert _is_blue(px), (b["key"], px)
            blues += 1
    assert blues >= min_boxes // 2
    assert reds >= (1 if failing else 0)
    return png


def test_pdf_audit_renders_in_chromium(chromium):
    if not PDF_FIXTURE.is_file():
        pytest.skip("PDF fixture not present")
    png = _check_in_chromium(chromium, PDF_FIXTURE, PDF_FIXTURE.stem, 100)
    print(f"screenshot: {png}")


@needs(CORPUS / "docs" / "hzq-2023.pdf", "the shared corpus")
def test_corpus_pdf_audit_renders_in_chromium(chromium):
    png = _check_in_chromium(chromium, CORPUS / "docs" / "hzq-2023.pdf", "hzq-2023", 150)
    print(f"screenshot: {png}")


def test_grid_audit_renders_in_chromium(chromium):
    doc = FIXTURES / "html" / "html-gbk-hybrid.html"
    page = build(_output(str(doc)), doc)
    html_path = _artifacts() / "audit-html-gbk-hybrid.html"
    html_path.write_text(page, encoding="utf-8")
    r = _chrome(chromium, "--window-size=1280,1000", "--dump-dom", html_path.as_uri())
    assert r.returncode == 0
    dom = lxml_html.fromstring(r.stdout)
    assert dom.xpath("//td[contains(@class, 'fail')]") and dom.xpath("//td[contains(@class, 'gridcell')]")
    _screenshot(chromium, html_path, _artifacts() / "audit-html-gbk-hybrid.png", 1280, 3000)
