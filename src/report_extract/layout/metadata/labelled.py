"""Labelled facts a page prints about itself: "发布时间: …", "信息来源: …", an info table's 名称 / 公开日期.

These are the page chrome's lines; each value keeps the line (or cell) it was read from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...mapping.labels import nfkc
from ...model import Document, Source

LABELS = ("标题", "名称", "发布时间", "发布日期", "公开日期", "成文日期", "日期", "信息来源", "来源", "文章来源",
          "发布机构", "发文机关", "时间")
INLINE_LABELS = ("信息来源", "文章来源", "来源", "发布时间", "发布日期", "公开日期", "发布机构", "时间")
KV = re.compile(r"^\s*(" + "|".join(LABELS) + r")\s*[:：]\s*(.*)$")
INLINE_KV = re.compile(r"(" + "|".join(INLINE_LABELS) + r")\s*[:：]\s*([^\s:：|]{2,40})")
# which labels say what, in order of preference (inline: found inside a chrome line among others)
PUBLISH_LABELS = ("发布时间", "发布日期", "公开日期", "inline:发布时间", "inline:发布日期", "inline:公开日期", "时间",
                  "inline:时间", "日期")
SITE_LABELS = ("信息来源", "来源", "文章来源", "inline:信息来源", "inline:来源", "inline:文章来源")
PUBLISHER_LABELS = ("发布机构", "发文机关", "inline:发布机构")
TITLE_LABELS = ("标题", "名称")
MAX_CHROME_PARAGRAPHS = 60


@dataclass
class Labelled:
    value: str
    text: str  # the whole printed line or cell
    source: Source


def is_labelled(text: str) -> bool:
    return bool(KV.match(nfkc(text)))


def labelled(doc: Document) -> dict[str, list[Labelled]]:
    """Values of labelled fields from paragraphs (the value perhaps on the next line) and info tables."""
    out: dict[str, list[Labelled]] = {}
    paras = doc.paragraphs
    for i, p in enumerate(paras[:400]):
        m = KV.match(nfkc(p.text))
        if not m:
            continue
        label, value, src = m.group(1), m.group(2).strip(), p.source
        if not value and i + 1 < len(paras) and not KV.match(nfkc(paras[i + 1].text)):
            value, src = paras[i + 1].text.strip(), paras[i + 1].source
        if value:
            out.setdefault(label, []).append(Labelled(value, p.text.strip(), src))
    for p in paras[:MAX_CHROME_PARAGRAPHS]:  # page chrome: "来源：… 时间：…" inside a line
        for m in INLINE_KV.finditer(nfkc(p.text[:600])):
            out.setdefault("inline:" + m.group(1), []).append(Labelled(m.group(2), p.text.strip(), p.source))
    for t in doc.tables:
        for row in t.rows():
            for a, b in zip(row, row[1:]):
                label = re.sub(r"\s+", "", nfkc(a.text)).rstrip(":：")
                if label in LABELS and b.text.strip():
                    out.setdefault(label, []).append(Labelled(b.text.strip(), f"{a.text} {b.text}", b.source))
    return out


def first(kv: dict[str, list[Labelled]], labels: tuple[str, ...], accept) -> tuple[object, Labelled] | None:
    """The first labelled value (by label preference) that ``accept`` turns into something."""
    for label in labels:
        for item in kv.get(label, []):
            v = accept(item.value)
            if v:
                return v, item
    return None
