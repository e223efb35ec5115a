"""A few bad bytes never cost a document (issue 10 item 7): text and HTML files with
invalid bytes or stray NULs still extract every value, and ``errors`` says where."""
import random

import pytest

from conftest import FIXTURES, load_truth
from report_extract import extract
from report_extract.model import ReaderError
from report_extract.readers.textcodec import decode
from scoring import misses

NARRATIVE = "主动公开方面".encode("utf-8")  # a phrase of the overview, far from any table cell


def _damaged(tmp_path, src, insert: bytes, anchor: bytes, encoding="utf-8"):
    data = src.read_bytes()
    at = data.index(anchor.decode("utf-8").encode(encoding)) + len(anchor.decode("utf-8")[:2].encode(encoding))
    out = tmp_path / src.name
    out.write_bytes(data[:at] + insert + data[at:])
    return out, at


@pytest.mark.parametrize("src, encoding", [
    (FIXTURES / "txt" / "txt-cells-2021.txt", "utf-8"),
    (FIXTURES / "html" / "html-plain-2021.html", "utf-8"),
    (FIXTURES / "html" / "html-gbk-hybrid.html", "gb18030"),
], ids=lambda v: getattr(v, "name", v))
def test_invalid_bytes_are_replaced_and_located(tmp_path, src, encoding):
    anchor = "主动公开" if encoding == "utf-8" else "政府信息公开"
    path, at = _damaged(tmp_path, src, b"\xff\xff", anchor.encode("utf-8"), encoding)
    out = extract(path).to_json()
    assert misses(load_truth(src), out) == []  # the document still extracts, every value
    (err,) = [e for e in out["errors"] if e["kind"] == "bad_bytes"]
    assert err["where"] == f"bytes {at}-{at + 1}"
    assert f"invalid in {encoding}" in err["message"]


@pytest.mark.parametrize("src", [FIXTURES / "txt" / "txt-cells-2019.txt", FIXTURES / "html" / "html-plain-2021.html"],
                         ids=lambda p: p.name)
def test_nul_bytes_are_dropped_and_located(tmp_path, src):
    path, at = _damaged(tmp_path, src, b"\x00\x00\x00", "主动公开".encode("utf-8"))
    report = extract(path)
    out = report.to_json()
    assert misses(load_truth(src), out) == []
    (err,) = [e for e in out["errors"] if e["kind"] == "nul_bytes"]
    assert err["where"] == f"bytes {at}-{at + 2}"
    assert "\x00" not in report.dumps().replace("\\u0000", "\x00")


def test_offsets_count_in_the_file_even_after_dropped_nuls():
    data = "政府".encode() + b"\x00" + "信息".encode() + b"\xff" + "公开工作年度报告".encode() * 20
    problems = []
    text, enc = decode(data, "x.txt", problems=problems)
    assert enc == "utf-8" and text.startswith("政府信息\ufffd公开")
    assert [(p.kind, p.where) for p in problems] == [("nul_bytes", "bytes 6"), ("bad_bytes", "bytes 13")]
    assert data[13:14] == b"\xff"


def test_a_cut_last_character_is_one_bad_span():
    data = "政府信息公开".encode() * 30 + "政".encode()[:2]
    problems = []
    text, enc = decode(data, "x.txt", problems=problems)
    assert enc == "utf-8" and text.endswith("公开\ufffd")
    assert [p.where for p in problems] == [f"bytes {len(data) - 2}-{len(data) - 1}"]


def test_gbk_text_with_a_bad_byte_stays_gbk():
    good = "政府信息公开工作年度报告".encode("gb18030") * 20
    problems = []
    text, enc = decode(good[:40] + b"\xff" + good[40:], "x.txt", problems=problems)
    assert enc == "gb18030" and "\ufffd" in text and text.replace("\ufffd", "") == good.decode("gb18030")
    assert [p.where for p in problems] == ["bytes 40"]


def test_many_offsets_are_counted_not_all_listed():
    good = ("政府信息公开工作年度报告" * 400).encode()  # 36 bytes a phrase: 396 bytes hold 11
    data = b"".join(good[i:i + 396] + b"\xff" for i in range(0, len(good), 396))
    problems = []
    decode(data, "x.txt", problems=problems)
    (p,) = problems
    assert p.where.startswith("bytes 396, 793, 1190,") and p.where.endswith("more")


def test_mostly_invalid_bytes_are_not_text():
    with pytest.raises(ReaderError) as e:
        decode(random.Random(7).randbytes(4000).replace(b"\x00", b"\x01"), "x.txt")
    assert e.value.kind == "undecodable"


@pytest.mark.parametrize("name", ["blank.txt", "blank.html"])
def test_a_whitespace_only_file_is_empty(tmp_path, name):
    f = tmp_path / name
    f.write_bytes(" \r\n\t\u3000 ".encode() * 50)
    with pytest.raises(ReaderError) as e:
        extract(f)
    assert e.value.kind == "empty" and name in e.value.message
