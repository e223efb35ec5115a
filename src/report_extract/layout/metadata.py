"""Report metadata: agency, year, title, dates, publishing site.

Evidence is taken in order of how explicit it is: labelled fields (标题:,
发布时间:, 信息来源:, an info table's 名称/公开日期), then the report's own title,
then the signature block (落款), then running text. Nothing is invented: a
value with no evidence stays null.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from ..mapping.labels import nfkc
from ..model import Document, Paragraph

_KV = re.compile(r"^\s*(标题|名称|发布时间|发布日期|公开日期|成文日期|日期|信息来源|来源|文章来源|发布机构|时间)\s*[:：]\s*(.*)$")
_INLINE_KV = re.compile(r"(信息来源|文章来源|来源|发布时间|发布日期|公开日期|时间)\s*[:：]\s*([^\s:：|]{2,40})")
_ISO = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_DATE = re.compile(r"([〇○零ＯO0一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_TITLE = re.compile(r"^(?P<pre>.*?)(?P<year>(?:19|20)\d{2})\s*年度?(?P<post>.*?)(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度?报告|年报)")
_AGENCY_SUFFIX = r"(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|管理委员会|管委会|局|厅|委|办|院|中心|署|所|站|队|馆|会|街道办事处|街道|镇|乡|区|县|市)"
_SELF = {"我办": ("办公室", "办"), "我局": ("局",), "我委": ("委员会", "委"), "我厅": ("厅",), "我院": ("院",),
         "我区": ("区", "区人民政府"), "我县": ("县", "县人民政府"), "我市": ("市", "市人民政府"),
         "我镇": ("镇", "镇人民政府"), "我乡": ("乡", "乡人民政府"), "我中心": ("中心",), "我署": ("署",)}
_URL = re.compile(r"^(?:https?://|www\.)", re.I)


def cn_number(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_DIGITS[s[1]]
    if "十" in s:
        a, _, b = s.partition("十")
        return _CN_DIGITS[a] * 10 + (_CN_DIGITS[b] if b else 0)
    return _CN_DIGITS[s]


def parse_date(text: str) -> Optional[str]:
    t = nfkc(text)
    m = _ISO.search(t)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _CN_DATE.search(text)
        if not m:
            return None
        y = int("".join(str(_CN_DIGITS[c]) for c in m.group(1)))
        mo, d = cn_number(m.group(2)), cn_number(m.group(3))
    if 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _labelled(doc: Document) -> dict[str, list[str]]:
    """Values of labelled fields from paragraphs ("发布时间: …", value on the next line) and info tables."""
    out: dict[str, list[str]] = {}
    paras = doc.paragraphs
    for i, p in enumerate(paras[:400]):
        m = _KV.match(nfkc(p.text))
        if not m:
            continue
        label, value = m.group(1), m.group(2).strip()
        if not value and i + 1 < len(paras) and not _KV.match(nfkc(paras[i + 1].text)):
            value = paras[i + 1].text.strip()
        if value:
            out.setdefault(label, []).append(value)
    for p in paras[:60]:  # page chrome: "来源：… 时间：…" inside a line
        for m in _INLINE_KV.finditer(nfkc(p.text[:600])):
            out.setdefault("inline:" + m.group(1), []).append(m.group(2))
    for t in doc.tables:
        for row in t.rows():
            for a, b in zip(row, row[1:]):
                label = re.sub(r"\s+", "", nfkc(a.text)).rstrip(":：")
                if label in ("名称", "标题", "发布日期", "公开日期", "成文日期", "发布机构", "信息来源", "来源") and b.text.strip():
                    out.setdefault(label, []).append(b.text.strip())
    return out


def _clean_title(t: str) -> str:
    t = re.sub(r"\s+", "", nfkc(t)) if re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]", t) else t.strip()
    m = re.match(r"^(.*?报告)(?:[-_—|｜].*)?$", t)
    return m.group(1) if m else t


def _is_title(text: str, loose: bool = False) -> bool:
    """A report title: names the year and the report; ``loose`` also takes one without a year."""
    t = re.sub(r"\s+", "", nfkc(text))
    if len(t) > 80 or "。" in t:
        return False
    return bool(_TITLE.match(t)) or (loose and bool(re.search(r"(?:信息公开|政务公开).{0,12}报告", t)))


def _with_name_line(paras: list[Paragraph], i: int) -> str:
    """A title broken over two lines: the agency alone on the line before "2023年…报告"."""
    title = _clean_title(paras[i].text)
    if i > 0 and agency_from_title(title) is None:
        prev = re.sub(r"\s+", "", nfkc(paras[i - 1].text))
        if len(prev) <= 30 and re.search(_AGENCY_SUFFIX + "$", prev) and not _KV.match(prev):
            return prev + title
    return title


def find_title(doc: Document, kv: dict) -> Optional[str]:
    paras = doc.paragraphs
    for i, p in enumerate(paras[:80]):
        if p.style in ("title",) and _is_title(p.text):
            return _with_name_line(paras, i)
    for label in ("标题", "名称"):
        for v in kv.get(label, []):
            if _is_title(v):
                return _clean_title(v)
    for i, p in enumerate(paras[:40]):
        if _is_title(p.text) and not _KV.match(nfkc(p.text)):
            return _with_name_line(paras, i)
    for p in paras[:5]:
        if _is_title(p.text, loose=True) and not _KV.match(nfkc(p.text)):
            return _clean_title(p.text)
    return None


def agency_from_title(title: str) -> Optional[str]:
    m = _TITLE.match(re.sub(r"\s+", "", nfkc(title)))
    if not m:
        return None
    name = (m.group("pre") or m.group("post")).strip("“”\"《》（）() ")
    name = re.sub(r"^关于|关于$|的$", "", name)
    return name or None


def _signature(doc: Document) -> tuple[Optional[str], Optional[str]]:
    """(agency, date) from the 落款: a date standing alone at the end, the name just before it."""
    paras = doc.paragraphs
    for i in range(len(paras) - 1, max(-1, len(paras) - 15), -1):
        t = nfkc(paras[i].text).strip()
        date = parse_date(t) if len(t) <= 24 else None
        if date and re.fullmatch(r"[\s\S]{0,30}?(?:(?:19|20)\d{2}|[〇○零ＯO0一二三四五六七八九]{4})\s*年[\s\S]{1,8}日", t):
            name = re.sub(_ISO.pattern + "|" + _CN_DATE.pattern, "", t).strip()
            if not name and i > 0:
                prev = nfkc(paras[i - 1].text).strip()
                if len(prev) <= 30 and re.search(_AGENCY_SUFFIX + "$", prev):
                    name = prev
            return (name or None), date
        if len(t) > 200:  # a run-together dump: the 落款 is a date standing alone near the end
            last = None
            pat = re.compile(r"(?:^|[。；\s])\s*((?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)|" + _CN_DATE.pattern + r")\s*(?=$|\s)")
            for m in pat.finditer(t[-1500:]):
                last = m
            if last:
                return None, parse_date(last.group(1))
            break
    return None, None


def _org_candidates(text: str) -> Counter:
    """Organisation names "<place><body>" in running text.

    Chinese has no word breaks, so where the place name starts is decided by
    frequency: of the possible starts, the longest place string that recurs
    most often in the document wins ("驻马店市", not "上传驻马店市").
    """
    cands: Counter = Counter()
    for m in re.finditer(r"(?:省|市|县|区|州|盟|旗)", text):
        tail = re.match(r"[\u4e00-\u9fff]{0,12}" + _AGENCY_SUFFIX, text[m.end():m.end() + 16])
        if not tail:
            continue
        best = None
        for n in range(2, 7):
            start = m.end() - n
            if start < 0 or not re.fullmatch(r"[\u4e00-\u9fff]+", text[start:m.end()]):
                break
            place = text[start:m.end()]
            score = (text.count(place), n)
            if best is None or score >= best[0]:
                best = (score, place)
        if best:
            cands[best[1] + tail.group(0)] += 1
    return cands


def _agency_from_text(doc: Document, exclude: set[str]) -> Optional[str]:
    """The body that says 我办/我局/… of itself, named somewhere in the text with a matching suffix."""
    t = nfkc("\n".join(p.text for p in doc.paragraphs[:200]))
    selves = Counter(k for k in _SELF for _ in re.finditer(k, t))
    cands = _org_candidates(t)
    for name in list(cands):
        if name in exclude:
            del cands[name]
    if not cands or not selves:
        return None
    suffixes = _SELF[selves.most_common(1)[0][0]]
    fitting = [c for c in cands if c.endswith(suffixes)]
    if fitting:
        return max(fitting, key=lambda c: (cands[c], len(c), c))
    return None


def _report_year(doc: Document, title: Optional[str], publish: Optional[str]) -> Optional[int]:
    if title:
        m = re.search(r"((?:19|20)\d{2})\s*年", title)
        if m:
            return int(m.group(1))
    text = nfkc(" ".join(p.text for p in doc.paragraphs[:80]))[:20000]
    m = re.search(r"统计期限自?\s*((?:19|20)\d{2})\s*年", text)
    if m:
        return int(m.group(1))
    limit = int(publish[:4]) if publish else 2100
    years = Counter(int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", text) if int(y) <= limit)
    if years:
        return years.most_common(1)[0][0]
    return int(publish[:4]) - 1 if publish else None


def extract_metadata(doc: Document, generation: str) -> dict:
    kv = _labelled(doc)
    title = find_title(doc, kv)
    publish = None
    for label in ("发布时间", "发布日期", "公开日期", "inline:发布时间", "inline:发布日期", "inline:公开日期", "时间", "inline:时间", "日期"):
        for v in kv.get(label, []):
            publish = parse_date(v)
            if publish:
                break
        if publish:
            break
    site = None
    for label in ("信息来源", "来源", "文章来源", "inline:信息来源", "inline:来源", "inline:文章来源"):
        for v in kv.get(label, []):
            v = v.strip()
            if v and not _URL.match(v) and not parse_date(v):
                site = v
                break
        if site:
            break
    sig_agency, signed = _signature(doc)
    agency = agency_from_title(title) if title else None
    agency = agency or sig_agency or _agency_from_text(doc, {site} if site else set())
    return {
        "agency": agency,
        "report_year": _report_year(doc, title, publish),
        "generation": generation,
        "title": title,
        "publish_date": publish,
        "signed_date": signed,
        "source_site": site,
    }
