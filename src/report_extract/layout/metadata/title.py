"""The report's title: printed (perhaps over two lines), else declared and stripped of its site suffix.

A title names the report (…政府信息公开工作年度报告, …信息公开年报), usually the
year and the body. Declared titles carry the site after a separator
(``…年度报告_政府信息公开年报_…管委会``, ``…-…人民政府``, ``…|…门户网站``): the
part that is a title is kept, the rest is the site.
"""
from __future__ import annotations

import re
from typing import Optional

from ...model import Document, Paragraph
from .evidence import Evidence, declared_source
from .labelled import TITLE_LABELS, Labelled, is_labelled
from .names import BODY_LEVELS, PLACE_LEVELS, unmark

REPORT = r"(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?(?:工作)?(?:年度?报告|年报|报告)"
TITLE = re.compile(r"^(?P<pre>.*?)(?P<year>(?:19|20|１９|２０)\d{2})\s*年度?(?P<post>.*?)" + REPORT)
NO_YEAR_TITLE = re.compile(r"^(?P<pre>.{0,40}?)" + REPORT)
SENTENCE = re.compile(r"[。，,；;：:！!？?]|如下|现将|根据")
TITLE_END = re.compile(r"(?:报告|年报).{0,6}$")  # …年度报告, …年度报告（修订）, …年度报告格式模板
SITE_SEPARATORS = re.compile(r"\s*[_|｜—–＿]\s*|\s+[-－]\s+|[-－](?=[^-－]*$)")
FILE_NAME = re.compile(r"\.(?:docx?|wps|pdf|s?html?|txt)$", re.I)  # "Microsoft Word - …报告.docx"
MAX_TITLE = 80
MAX_TAIL = 12  # the last words of a title broken over two lines
LEVEL_AT_END = re.compile("(?:" + "|".join(BODY_LEVELS) + ")$")


def compact(text: str) -> str:
    """A title line as one string, as printed: Markdown marks dropped, spaces between CJK removed."""
    t = unmark(text.strip())
    return re.sub(r"\s+", "", t) if re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]", t) else t


def is_title(text: str, need_year: bool = True) -> bool:
    """A report title: names the report and ends with it; ``need_year`` False also takes one without a year."""
    t = compact(text)
    if not t or len(t) > MAX_TITLE or SENTENCE.search(t) or not TITLE_END.search(t):
        return False
    return bool(TITLE.match(t)) or (not need_year and bool(NO_YEAR_TITLE.match(t)))


def clean(text: str) -> str:
    t = compact(text)
    m = re.match(r"^(.*?(?:报告|年报)(?:[(（][^)）]{0,10}[)）])?)(?:[-_—|｜].*)?$", t)
    return m.group(1) if m else t


def agency_in(title: str) -> Optional[str]:
    """The body a title names: before the year (X2023年…), or after it (2023年X政府信息公开…)."""
    t = compact(title)
    m = TITLE.match(t) or NO_YEAR_TITLE.match(t)
    if not m:
        return None
    name = (m.group("pre") or (m.groupdict().get("post") or "")).split("《")[-1]  # 关于印发《X局…》的通知
    name = re.sub(r"^关于|关于$|的$|^[“”\"《》（）() ]+|[“”\"《》（）() ]+$", "", name.strip())
    return unmark(name) or None


def year_in(title: str) -> Optional[int]:
    m = TITLE.match(compact(title))
    return int(m.group("year")) if m else None


def _names_a_place(name: Optional[str]) -> bool:
    """The name starts with a place of its own (青禾市水务局, 团结乡), not 卫生健康办公室 or 区卫健办."""
    return name is not None and any(name.find(lv, 1) > 0 for lv in PLACE_LEVELS)


def _name_line(paras: list[Paragraph], i: int) -> Optional[Paragraph]:
    """A title broken over lines: the body (or its parent) alone on the line before "…2023年…报告"."""
    if i == 0 or _names_a_place(agency_in(paras[i].text)):
        return None
    prev = compact(paras[i - 1].text)
    if len(prev) <= 30 and LEVEL_AT_END.search(prev) and not is_labelled(prev) and not SENTENCE.search(prev):
        return paras[i - 1]
    return None


def _printed(paras: list[Paragraph], i: int, method: str, confidence: float) -> Evidence:
    p = paras[i]
    title = clean(p.text)
    name = _name_line(paras, i)
    text = p.text.strip()
    if name is not None:
        title = compact(name.text) + title
        text = name.text.strip() + "\n" + text
    return Evidence(title, text, name.source if name is not None else p.source, method, confidence)


def _tail_line(paras: list[Paragraph], i: int) -> Optional[Paragraph]:
    """A title broken before its last words ("…2023年政府信息公开" / "工作年度报告"): the next line."""
    if i + 1 >= len(paras) or is_title(paras[i].text, need_year=False):
        return None
    nxt = paras[i + 1]
    tail = compact(nxt.text)
    if len(tail) <= MAX_TAIL and not is_title(tail, need_year=False) and is_title(compact(paras[i].text) + tail):
        return nxt
    return None


def _joined(paras: list[Paragraph], i: int, tail: Paragraph, confidence: float) -> Evidence:
    p = paras[i]
    return Evidence(clean(compact(p.text) + compact(tail.text)), p.text.strip() + "\n" + tail.text.strip(), p.source,
                    "title", confidence)


def printed_title(doc: Document, kv: dict[str, list[Labelled]]) -> Optional[Evidence]:
    """The printed title, most explicit evidence first: a title-styled line, a 标题: field, a line on top."""
    paras = doc.paragraphs
    for i, p in enumerate(paras[:80]):
        if p.style == "title" and is_title(p.text):
            return _printed(paras, i, "title", 0.97)
    for label in TITLE_LABELS:
        for item in kv.get(label, []):
            if is_title(item.value, need_year=False):
                return Evidence(clean(item.value), item.text, item.source, "chrome-line", 0.95)
    for i, p in enumerate(paras[:40]):
        if is_labelled(p.text):
            continue
        if is_title(p.text):
            return _printed(paras, i, "title", 0.95)
        tail = _tail_line(paras, i)
        if tail is not None:
            return _joined(paras, i, tail, 0.9)
    for i, p in enumerate(paras[:5]):
        if is_title(p.text, need_year=False) and not is_labelled(p.text):
            return _printed(paras, i, "title", 0.9)
    return None


def site_parts(declared: str) -> tuple[Optional[str], list[str]]:
    """A declared title split at its separators: (the part that is a title, the other parts: the site)."""
    parts = [FILE_NAME.sub("", p) for p in SITE_SEPARATORS.split(declared.strip()) if p]
    for need_year in (True, False):
        for k, part in enumerate(parts):
            if is_title(part, need_year=need_year):
                return clean(part), parts[:k] + parts[k + 1:]
    return None, parts


def declared_title(doc: Document) -> Optional[Evidence]:
    d = doc.declared
    if not d.title:
        return None
    title, _ = site_parts(d.title)
    if not title:
        return None
    return Evidence(title, d.title, declared_source(d.where.get("title", "title")), "declared-title", 0.9)
