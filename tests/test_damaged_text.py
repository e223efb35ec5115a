"""A few damaged bytes never cost a text or HTML document: a character cut off at the
end (a truncated download) or a stray invalid byte is replaced, noted in errors, and
every table value still comes out."""
from __future__ import annotations

import pytest

from conftest import FIXTURES, load_truth
from scoring import misses

from report_extract import extract
from report_extract.readers.textcodec import decode

DOCS = sorted(p for ext in ("html", "txt") for p in (FIXTURES / ext).glob(f"*.{ext}") if p.with_suffix(".json").is_file())


def damaged(data: bytes, how: str) -> bytes:
    if how == "cut-off-character":  # in the page's own encoding (UTF-8 or GBK)
        _text, enc = decode(data, "x")
        return data + "一".encode(enc)[:-1]
    line_end = data.index(b"\n") + 1
    return data[:line_end] + b"\xff" + data[line_end:]


@pytest.mark.parametrize("how", ["cut-off-character", "stray-byte"])
@pytest.mark.parametrize("src", DOCS, ids=lambda p: p.name)
def test_table_values_survive_a_damaged_byte(src, how, tmp_path):
    data = src.read_bytes()
    f = tmp_path / src.name
    f.write_bytes(damaged(data, how))
    out = extract(f).to_json()
    table_truth = {k: v for k, v in load_truth(src).items() if not k.startswith(("_", "metadata."))}
    assert misses(table_truth, out) == []
    assert [e["kind"] for e in out["errors"]].count("bad_bytes") == 1
