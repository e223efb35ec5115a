"""Arithmetic a correct report satisfies (report-format.md §4), checked on values.

Works on a plain ``{key: value}`` mapping so that it checks our own output and
JSON that other tools or people produced alike. A null (printed nothing)
counts as 0, and the finding's message says so when a null cell is involved;
printed numbers are never changed, disagreements become findings.

Rules (``Finding.rule``), with ``where`` = the key of the printed total:

- ``requests.balance``: per column, new_received + carried_over = total_processed + carried_forward
  (where = ``requests.total_processed.<col>``, expected = new + carried_over - carried_forward)
- ``requests.results``: per column, total_processed = sum of the result rows (granted .. other_*)
- ``requests.row_total``: per row, total = sum of the six applicant columns
- ``review_litigation.total``: per group, total = upheld + corrected + other + pending
- ``proactive.published_le_total`` (warning, soft): 2019 table 2, published <= total_published
"""
from __future__ import annotations

from typing import Any, Callable, Optional

from ..mapping.templates import templates
from ..report import Finding

NON_RESULT_ROWS = ("new_received", "carried_over", "total_processed", "carried_forward")
ARITHMETIC_RULES = ("requests.balance", "requests.results", "requests.row_total", "review_litigation.total",
                    "proactive.published_le_total")


def _num(v: Any) -> float:
    return v if isinstance(v, (int, float)) and not isinstance(v, bool) else 0


def _fmt(v: Any) -> Any:
    if isinstance(v, float):
        v = round(v, 6)
        if v.is_integer():
            return int(v)
    return v


def _null_note(values: dict, parts: list[str], where: Optional[str] = None) -> str:
    """Says how null (printed nothing) cells entered the sums, when any did."""
    notes = []
    if where is not None and values.get(where) is None:
        notes.append("the blank total counts as 0")
    nulls = [p for p in parts if values.get(p) is None]
    if nulls and where is None:  # balance: four named cells
        notes.append("null counted as 0: " + ", ".join(".".join(p.split(".")[1:]) for p in nulls))
    elif nulls and len(nulls) == len(parts):  # the sum is 0 only because every summed cell is blank
        notes.append(f"all {len(parts)} summed cells print nothing, counted as 0")
    return f" ({'; '.join(notes)})" if notes else ""


def _confirm(confirmed: dict, keys: list[str], direction: str) -> None:
    for key in keys:
        confirmed.setdefault(key, set()).add(direction)


def _check(findings: list[Finding], values: dict, rule: str, where: str, parts: list[str], column: Optional[str],
           describe: Callable[..., str], confirmed: Optional[dict] = None) -> None:
    # a key that could not be read (absent) makes the sum unknown: the check is skipped, and the
    # unread key has its own structure.missing_value finding
    if where not in values or not parts or not all(p in values for p in parts):
        return
    expected = _fmt(sum(_num(values[p]) for p in parts))
    found = values[where]
    if abs(_num(found) - expected) < 1e-6:
        if confirmed is not None:
            _confirm(confirmed, parts + [where], "row" if column == "total" else "column")
        return
    findings.append(Finding(rule=rule, severity="error", where=where, column=column, expected=expected,
                            found=found, keys=parts + [where],
                            message=describe(expected, "nothing" if found is None else found,
                                             _null_note(values, parts, where))))


def values_of(output: dict) -> dict[str, Any]:
    """``{key: value}`` of an output JSON's fields, leaving out keys that could not be read at all
    (method ``missing``): an unread cell is a structural finding, not a 0 in the arithmetic."""
    fields = output.get("fields") or {}
    return {k: f.get("value") for k, f in fields.items()
            if isinstance(f, dict) and f.get("method") != "missing"}


def arithmetic(values: dict[str, Any], confirmed: Optional[dict] = None) -> list[Finding]:
    """Every §4 rule over the keys present in ``values``. ``confirmed`` (when given) receives, for
    every key a rule summed and found right, the direction of that sum: ``row`` (a row total)
    or ``column`` (balance, results): a value is where it belongs when both agree."""
    findings: list[Finding] = []
    req = templates()["requests"]
    row_keys = [r["key"] for r in req["rows"]]
    present_rows = [r for r in row_keys if any(f"requests.{r}.{c}" in values for c in req["columns"])]
    result_rows = [r for r in present_rows if r not in NON_RESULT_ROWS]
    for c in req["columns"]:
        k = lambda row, c=c: f"requests.{row}.{c}"  # noqa: E731
        if all(k(r) in values for r in NON_RESULT_ROWS):
            lhs = _num(values[k("new_received")]) + _num(values[k("carried_over")])
            rhs = _num(values[k("total_processed")]) + _num(values[k("carried_forward")])
            if abs(lhs - rhs) <= 1e-6 and confirmed is not None:
                _confirm(confirmed, [k(r) for r in NON_RESULT_ROWS], "column")
            if abs(lhs - rhs) > 1e-6:
                keys = [k(r) for r in NON_RESULT_ROWS]
                findings.append(Finding(
                    rule="requests.balance", severity="error", where=k("total_processed"), column=c,
                    expected=_fmt(lhs - _num(values[k("carried_forward")])), found=values[k("total_processed")],
                    keys=keys,
                    message=f"column {c}: new_received + carried_over = {_fmt(lhs)} but total_processed + "
                            f"carried_forward = {_fmt(rhs)}{_null_note(values, keys)}"))
        _check(findings, values, "requests.results", k("total_processed"), [k(r) for r in result_rows], c,
               lambda e, f, n, c=c: f"sum of result rows (granted..other) in column {c} is {e}, total_processed prints {f}{n}",
               confirmed)
    for r in present_rows:
        parts = [f"requests.{r}.{c}" for c in req["columns"][:-1]]
        _check(findings, values, "requests.row_total", f"requests.{r}.total", parts, "total",
               lambda e, f, n, r=r: f"row {r}: six applicant columns sum to {e}, 总计 prints {f}{n}", confirmed)
    rl = templates()["review_litigation"]
    for g in rl["groups"]:
        parts = [f"review_litigation.{g}.{c}" for c in rl["columns"][:-1]]
        _check(findings, values, "review_litigation.total", f"review_litigation.{g}.total", parts, "total",
               lambda e, f, n, g=g: f"{g}: upheld+corrected+other+pending={e}, 总计 prints {f}{n}", confirmed)
    for row in ("regulations", "normative_documents"):
        pub, tot = f"proactive.{row}.published", f"proactive.{row}.total_published"
        if pub in values and tot in values and values[pub] is not None and values[tot] is not None \
                and _num(values[pub]) > _num(values[tot]):
            findings.append(Finding(
                rule="proactive.published_le_total", severity="warning", where=pub, expected=f"<= {values[tot]}",
                found=values[pub], keys=[pub, tot],
                message=f"{row}: published this year ({values[pub]}) exceeds total published ({values[tot]})"))
    return findings
