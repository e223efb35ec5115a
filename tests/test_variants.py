"""Printing variants real agencies produce, applied to generated reports: the
values must not change. Each variant is a rewrite of the printed document
that a person would still read the same way."""
import re
import sys

import pytest

from conftest import FIXTURES
from scoring import misses

sys.path.insert(0, str(FIXTURES / "generate"))
import html_txt  # noqa: E402
from spec import build  # noqa: E402

LABEL_VARIANTS = [
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "(二)部分公开(区分处理的,只计这一情 形,不计其他情形)"),
    ("（七）总计", "(七)总 计"),
    ("2.其他法律行政法规禁止公开", "2.其他法律行政止公开"),  # a text layer that lost glyphs
    ("3.危及“三安全一稳定”", "3.危及\"三安全一稳定\""),
    ("一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开 申请数量"),
    ("1.属于国家秘密", "1．属于国家秘密"),
    ("4.无正当理由大量反复申请", "4、无正当理由大量反复申请"),
    ("行政规范性文件", "规范性文件"),
    ("（一）予以公开", "（一） 予以公开"),
]


def _vertical(label: str) -> str:
    return "<br>".join(label)


def mutate_html(page: str, seed: int) -> str:
    for a, b in LABEL_VARIANTS:
        page = page.replace(a, b)
    page = page.replace(">三、本年度办理结果<", ">" + _vertical("三、本年度办理结果") + "<")
    # numbers printed with units in some cells
    n = 0

    def unit(m):
        nonlocal n
        n += 1
        return f">{m.group(1)}件<" if (n + seed) % 3 == 0 else m.group(0)

    return re.sub(r">(\d+)<", unit, page)


def mutate_txt(text: str, seed: int) -> str:
    for a, b in LABEL_VARIANTS:
        text = text.replace(a, b)
    return text


CASES = [
    ("html", "plain", dict(seed=21, table2="2021", agency="示例市自然资源局", year=2022)),
    ("html", "word", dict(seed=22, table2="2019", agency="示例县财政局", year=2019, style="fullwidth")),
    ("html", "split", dict(seed=23, table2="2021", table3="2019", agency="示例区民政局", year=2024, big=True,
                           style="thousands")),
    ("txt", "cells", dict(seed=24, table2="2021", agency="示例市司法局", year=2021, blank_rate=0.4,
                          style="mixed_blanks")),
    ("txt", "rows", dict(seed=25, table2="2019", agency="示例县水务局", year=2020)),
    ("txt", "spaced", dict(seed=26, table2="2021", agency="示例市审计局", year=2023)),
]


@pytest.mark.parametrize("fmt,style,kwargs", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_printing_variants_give_the_same_values(fmt, style, kwargs, tmp_path):
    from report_extract import extract

    spec = build(f"variant-{fmt}-{style}", **kwargs)
    if fmt == "html":
        path = tmp_path / "r.html"
        path.write_text(mutate_html(html_txt.render_html(spec, style), kwargs["seed"]), encoding="utf-8")
    else:
        path = tmp_path / "r.txt"
        path.write_text(mutate_txt(html_txt.render_txt(spec, style), kwargs["seed"]), encoding="utf-8")
    out = extract(path).to_json()
    truth = spec.truth(path.name)
    assert misses(truth, out) == []


def _cut_row(rows, key_label: str, at: int):
    """Cut the table row whose label starts with key_label in two, as a page break does:
    the first half keeps the values, the second prints the rest of the label over blanks."""
    out = []
    for row in rows:
        texts = [t for t, _, _ in row]
        hit = next((i for i, t in enumerate(texts) if t.startswith(key_label)), None)
        if hit is None:
            out.append(row)
            continue
        label, rs, cs = row[hit]
        first = row[:hit] + [(label[:at], rs, cs)] + row[hit + 1:]
        second = [(label[at:], 1, cs)] + [("", 1, 1)] * (len(row) - hit - 1)
        out += [first, second]
    # the 结果 group label now spans one more row
    return [[(t, rs + 1 if t == "三、本年度办理结果" else rs, cs) for t, rs, cs in row] for row in out]


@pytest.mark.parametrize("label,at", [("（二）部分公开", 12), ("5.要求行政机关确认", 10)])
def test_row_cut_in_half_by_a_page_break(label, at, tmp_path, monkeypatch):
    from report_extract import extract

    spec = build("cut", seed=31, table2="2021", agency="示例市商务局", year=2022)
    original = html_txt.requests_grid
    monkeypatch.setattr(html_txt, "requests_grid", lambda s: _cut_row(original(s), label, at))
    path = tmp_path / "cut.html"
    path.write_text(html_txt.render_html(spec, "plain"), encoding="utf-8")
    out = extract(path).to_json()
    assert misses(spec.truth(path.name), out) == []
