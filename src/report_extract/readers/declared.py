"""What each container declares about itself, mapped onto the format-neutral :class:`Declared`.

One table per format: which declaration fills which field, in order of
preference (the first one present wins). Readers call the ``from_*`` function
where they collect their format's facts into ``Document.info``.
"""
from __future__ import annotations

from ..model import Declared

# HTML: the page's own <title>, and <meta name=…> as Chinese government CMSs write them
# (ArticleTitle / PubDate / SiteName / ContentSource, the 政府网站 page-metadata names) or generic ones.
HTML_META = [
    ("title", "ArticleTitle"), ("title", "og:title"), ("title", "<title>"),
    ("published", "PubDate"), ("published", "publishdate"), ("published", "article:published_time"),
    ("site", "SiteName"), ("site", "og:site_name"),
    ("author", "ContentSource"), ("author", "Author"),
]
# PDF Info dictionary keys
PDF_INFO = [("title", "Title"), ("author", "Author"), ("created", "CreationDate"), ("modified", "ModDate")]
# Word core properties, as readers/docx names them in info
WORD_CORE = [("title", "title"), ("author", "author"), ("created", "created"), ("modified", "modified")]


def from_html(title: str | None, metas: dict[str, str]) -> Declared:
    by_name = {k.lower(): (k, v) for k, v in metas.items()}
    d = Declared()
    for name, key in HTML_META:
        if key == "<title>":
            d.put(name, title, "/html/head/title")
        elif key.lower() in by_name:
            real, value = by_name[key.lower()]
            d.put(name, value, f'/html/head/meta[@name="{real}"]')
    return d


def from_pdf_info(info: dict) -> Declared:
    d = Declared()
    for name, key in PDF_INFO:
        d.put(name, info.get(key), f"PDF Info /{key}")
    return d


def from_word_core(info: dict) -> Declared:
    d = Declared()
    for name, key in WORD_CORE:
        d.put(name, info.get(key), f"docProps/core.xml {key}")
    return d
