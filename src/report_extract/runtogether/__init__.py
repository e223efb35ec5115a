"""Tables whose cells were printed run together (``行政规范性文件693665``).

Some crawlers flatten a whole page onto one line: a table's cells follow each
other with no separator at all, so no reader can rebuild its grid. The form
still says what the text must hold. This code sees only the Document's
paragraph text and the form (data/templates.json): it finds each row label of
the form in the form's order, takes the digits printed after it, splits them
into as many cells as that row of the layout has, and keeps a split only when
the layout and the table's arithmetic (report-format.md §4) leave exactly one
(solve.py). Such values get a confidence below 0.9 and a finding naming the
method; a row with several possible splits stays null with a finding listing
them. Nothing is guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..mapping.fields import from_cell, missing
from ..mapping.labels import compact
from ..mapping.proactive import _money_unit, detect_generation
from ..mapping.templates import proactive_rows, request_rows, templates
from ..model import Cell, Document, Source
from ..report import Field, FieldSource, Finding
from ..settings import RUN_TOGETHER, RunTogetherSettings
from .solve import RowRun, decide
from .split import Kind, splits, splits_summing
from .text import Span, Stream, run_after

METHOD = "runtogether:row-label-find+split-by-arithmetic"
SIGNED_COLUMNS = ("change",)  # 本年增/减 may print -3 (report-format.md §2); no other cell has a sign
_NUMBER_BEFORE = re.compile(r"(\d{1,2})\s*[.、]\s*$")
TABLE_NUMBER = {"proactive": 2, "requests": 3, "review_litigation": 4}


@dataclass
class RowSpec:
    name: str
    keys: list[str]
    labels: list[str]
    kinds: list[Kind]
    money: set[str] = field(default_factory=set)


@dataclass
class Recovered:
    fields: dict[str, Field] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)


def _regions(stream: Stream) -> dict[str, int]:
    """Where each table starts: table 2 at its first column heading, table 3 at its first row,
    table 4 at the last of its group headings (its 15 values follow its column headings)."""
    t = templates()
    out: dict[str, int] = {}
    markers = [mk for g in t["proactive"]["generations"].values() for mk in g["markers"]]
    s = stream.first(markers, 0)
    if s:
        out["proactive"] = s.start
    s = stream.first(t["requests"]["rows"][0]["labels"], out.get("proactive", 0))
    if s:
        out["requests"] = s.start
    s = stream.find(t["review_litigation"]["group_labels"][-1], max(out.values(), default=0))
    if s:
        out["review_litigation"] = s.start
    return out


def _proactive_specs(region: str) -> list[RowSpec]:
    gen = detect_generation(compact(region)) or "2021"
    out = []
    for r in proactive_rows(gen):
        cols = r["columns"]
        money = set(r.get("money_columns", cols if r.get("money") else []))
        out.append(RowSpec(f"proactive.{r['key']}", [f"proactive.{r['key']}.{c}" for c in cols], r["labels"],
                           [Kind(decimal=c in money, signed=c in SIGNED_COLUMNS) for c in cols],
                           {f"proactive.{r['key']}.{c}" for c in money}))
    return out


def _request_specs(stream: Stream, start: int, end: int) -> list[RowSpec]:
    only_2021 = [v for r in request_rows() if r.get("style") == "2021" for v in r["labels"] if len(v) > 4]
    style = "2021" if stream.first(only_2021, start, end) else "2019"
    cols = templates()["requests"]["columns"]
    return [RowSpec(f"requests.{r['key']}", [f"requests.{r['key']}.{c}" for c in cols], r["labels"],
                    [Kind()] * len(cols)) for r in request_rows(style)]


def _numbering_start(stream: Stream, label: Span, expected: int) -> tuple[int, int | None]:
    """Where the numbering printed before a label (``2.``) starts, and its number. Run together,
    ``00000002.其他`` could end in 2 or 02: items count up from 1, so the expected number wins;
    digits after a non-digit are the number as printed; else one digit (no group has ten items)."""
    m = _NUMBER_BEFORE.search(stream.text, max(0, label.start - 8), label.start)
    if not m:
        return label.start, None
    digits, a = m.group(1), m.start(1)
    if digits.endswith(str(expected)):
        n = expected
    elif a > 0 and not stream.text[a - 1].isdigit():
        n = int(digits)
    else:
        n = int(digits[-1])
    return m.end(1) - len(str(n)), n


def _read_rows(stream: Stream, specs: list[RowSpec], start: int, end: int,
               settings: RunTogetherSettings) -> dict[str, RowRun]:
    found: list[tuple[RowSpec, Span]] = []
    cursor = start
    for spec in specs:
        s = stream.first(spec.labels, cursor, end)
        if s:
            found.append((spec, s))
            cursor = s.end
    # each run ends where the next label's numbering begins
    limits, prev = [], None
    for _spec, s in found[1:]:
        cut, prev = _numbering_start(stream, s, prev + 1 if prev else 1)
        limits.append(cut)
    limits.append(end)
    out = {}
    for (spec, s), limit in zip(found, limits):
        run = run_after(stream, s.end, max(s.end, limit))
        text = stream.text[run.start:run.end]
        row = RowRun(spec.name, spec.keys, text, run.start, run.end, [])
        if not text.strip():
            pass
        elif spec.name.startswith("requests."):  # table 3: the last cell is the row total (§4)
            # one split, or none, the layout decides alone; else only what the row total leaves
            row.candidates = splits(text, run.start, spec.kinds, replace(settings, max_splits=1))
            if row.candidates is None:
                row.fits = splits_summing(text, run.start, len(spec.keys), settings)
        else:
            row.candidates = splits(text, run.start, spec.kinds, settings)
        out[spec.name] = row
    return out


def _review_run(stream: Stream, start: int, settings: RunTogetherSettings) -> dict[str, RowRun]:
    """Table 4 prints no row label: its values follow the last of its column headings."""
    spec = templates()["review_litigation"]
    keys = [f"review_litigation.{g}.{c}" for g in spec["groups"] for c in spec["columns"]]
    headings = spec["group_labels"] + spec["column_labels"] + ["行政诉讼"]
    last_group = stream.find(spec["group_labels"][-1], start)
    if last_group is None:  # the caller found the table by this heading; a defensive stop all the same
        return {}
    pos = last_group.end
    while True:  # step over the column headings, printed once per group
        nxt = stream.first(headings, pos, pos + 12)
        if not nxt or compact(stream.text[pos:nxt.start]):
            break
        pos = nxt.end
    run = run_after(stream, pos, len(stream.text))
    text = stream.text[run.start:run.end]
    kinds = [Kind()] * len(keys)
    row = RowRun("review_litigation", keys, text, run.start, run.end, None)
    if text.strip():  # the group totals prune the walk; with none left, every split, for the finding
        row.fits = splits(text, run.start, kinds, settings, group=len(spec["columns"]))
        if not row.fits:
            row.candidates, row.fits = splits(text, run.start, kinds, settings), None
    else:
        row.candidates = []
    return {"review_litigation": row}


def _show(split) -> str:
    return " | ".join(p.text for p in split)


def _emit(rows: dict[str, RowRun], specs: dict[str, RowSpec], stream: Stream, out: Recovered,
          settings: RunTogetherSettings, header_unit: str | None) -> None:
    layout_keys: list[str] = []
    for name, spec in specs.items():
        row = rows.get(name)
        if row is None:
            for k in spec.keys:
                out.fields[k] = missing(k, out.findings, "its row label is not printed in the run-together text")
            continue
        where = stream.locator(Span(row.start, max(row.end, row.start + 1)))
        if row.decided is None:
            cands = (row.fits if row.how == "ambiguous" else row.candidates) or []
            shown = [_show(c) for c in cands[:settings.candidates_listed]]
            more = f" and {len(cands) - len(shown)} more" if len(cands) > len(shown) else ""
            why = {"ambiguous": f"{len(cands)} splits fit the layout and the arithmetic",
                   "no_fit": "no split fits the table's arithmetic",
                   "no_split": f"the digits cannot be {len(spec.keys)} cells of this layout",
                   "too_many": "too many possible splits"}[row.how]
            out.findings.append(Finding(
                rule="structure.ambiguous_split", severity="warning", where=name, keys=list(spec.keys),
                found=row.text, expected=[_show(c) for c in cands[:settings.candidates_listed]],
                message=f"{name}: cells printed run together as {row.text!r} ({where}): {why}; values left "
                        f"null (candidates: {'; '.join(shown) or 'none'}{more})"))
            for k in spec.keys:
                out.fields[k] = Field(k, None, row.text or None, FieldSource(locator=where), "missing", 0.0)
            continue
        conf = settings.forced_confidence if row.how == "layout" else settings.confidence
        method = f"{METHOD}:{row.how}"
        for k, piece in zip(spec.keys, row.decided):
            cell = Cell(row=0, col=0, text=piece.text,
                        source=Source(locator=stream.locator(Span(piece.start, piece.end))))
            f = from_cell(k, cell, None, method, conf, out.findings, money=k in spec.money, header_unit=header_unit)
            f.source.row = f.source.col = None
            out.fields[k] = f
        if row.how == "layout":
            layout_keys += spec.keys
            continue
        rule = "the row's own total" if row.how == "arithmetic" else "the column arithmetic (balance, results)"
        of = f" of {len(row.candidates)}" if row.candidates else ""
        out.findings.append(Finding(
            rule="structure.split_by_arithmetic", severity="info", where=name, keys=list(spec.keys),
            found=row.text, expected=_show(row.decided),
            message=f"{name}: cells printed run together as {row.text!r} ({where}) split as "
                    f"{_show(row.decided)}: the only split{of} the layout allows that {rule} accepts; "
                    f"confidence {conf}"))
    if layout_keys:
        out.findings.append(Finding(
            rule="structure.split_by_layout", severity="info", where=layout_keys[0].rsplit(".", 1)[0],
            keys=layout_keys,
            message=f"{len(layout_keys)} values read from cells printed run together, where the layout "
                    f"allows only one split (zeros, one cell per row, or separators the dump kept); "
                    f"confidence {settings.forced_confidence}"))


def read_run_together(doc: Document, roles: list[str], settings: RunTogetherSettings = RUN_TOGETHER) -> Recovered:
    """Fields and findings of the tables in ``roles`` (not rebuilt by any reader) that the
    paragraph text prints run together."""
    out = Recovered()
    if not roles or not doc.paragraphs:
        return out
    stream = Stream(doc)
    starts = _regions(stream)
    for role in roles:
        if role not in starts:
            continue
        start = starts[role]
        end = min([s for s in starts.values() if s > start], default=len(stream.text))
        if role == "proactive":
            specs = _proactive_specs(stream.text[start:end])
            rows = _read_rows(stream, specs, start, end, settings)
            unit = _money_unit(compact(stream.text[start:end]))
        elif role == "requests":
            specs = _request_specs(stream, start, end)
            rows = _read_rows(stream, specs, start, end, settings)
            unit = None
        else:
            keys = [f"review_litigation.{g}.{c}" for g in templates()["review_litigation"]["groups"]
                    for c in templates()["review_litigation"]["columns"]]
            specs = [RowSpec("review_litigation", keys, [], [Kind()] * len(keys))]
            rows = _review_run(stream, start, settings)
            unit = None
        if not any(r.text.strip() for r in rows.values()):
            continue  # the labels are there but no digits: not a run-together table
        decide(list(rows.values()), settings)
        _emit(rows, {s.name: s for s in specs}, stream, out, settings, unit)
        out.roles.append(role)
    return out
