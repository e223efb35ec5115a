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
