"""The command line as a user meets it: output, exit status, one-line reasons."""
import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from conftest import FIXTURES
from report_extract.cli import main

HTML = FIXTURES / "html" / "html-plain-2021.html"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_extract_to_stdout_is_the_json():
    r = run("extract", HTML)
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["schema_version"] == "1.0.0"
    assert out["source"]["format"] == "html"
    assert out["fields"]["requests.new_received.total"]["value"] is not None


def test_extract_to_file(tmp_path):
    target = tmp_path / "sub" / "out.json"
    r = run("extract", HTML, "-o", target)
    assert r.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["metadata"]["report_year"] == 2022


def test_missing_file_one_line_reason(tmp_path):
    r = run("extract", tmp_path / "nope.pdf")
    assert r.exit_code == 1
    assert r.stderr.strip() == f"report-extract: no such file: {tmp_path / 'nope.pdf'}"


def test_unknown_format(tmp_path):
    f = tmp_path / "thing.xyz"
    f.write_bytes(b"\x01\x02binary")
    r = run("extract", f, "-o", tmp_path / "o.json")
    assert r.exit_code == 1
    assert "unknown format for thing.xyz" in r.stderr
    rec = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    assert rec["errors"][0]["kind"] == "unsupported"
    assert rec["fields"] == {}


def test_undecodable_text(tmp_path):
    f = tmp_path / "bad.txt"
    f.write_bytes(b"abc\x00\x81\xff" * 10)
    r = run("extract", f)
    assert r.exit_code == 1
    assert r.stderr.strip() == "report-extract: bad.txt: binary data (NUL bytes), not text"


def test_text_in_neither_utf8_nor_gb18030(tmp_path):
    f = tmp_path / "latin.txt"
    f.write_bytes("政府".encode("utf-8")[:2] + b"\x80\x80\xff\xff")
    r = run("extract", f)
    assert r.exit_code == 1
    assert "neither UTF-8 nor GB18030" in r.stderr


def test_empty_file(tmp_path):
    f = tmp_path / "empty.html"
    f.write_bytes(b"")
    r = run("extract", f)
    assert r.exit_code == 1
    assert "empty file: empty.html" in r.stderr


def test_schema_command_prints_the_schema():
    r = run("schema")
    s = json.loads(r.stdout)
    assert s["title"] == "report-extract output"
    assert "fields" in s["properties"]


def test_help_explains():
    r = run("--help")
    assert "canonical JSON" in r.output
    r = run("extract", "--help")
    assert "Exit status" in r.output


def test_console_script_installed():
    exe = Path(sys.executable).parent / "report-extract"
    r = subprocess.run([str(exe), "extract", str(HTML)], capture_output=True, text=True, env=dict(os.environ))
    assert r.returncode == 0
    assert json.loads(r.stdout)["metadata"]["agency"] == "示例市交通运输局"


# ---------------------------------------------------------------- first use (issue 14)

PROSE = "某某局2021年政府信息公开工作年度报告\n一、总体情况\n本机关认真贯彻落实《条例》，主动公开政府信息。\n"
NOT_REBUILT = PROSE + "三、收到和处理政府信息公开申请情况\n本年新收政府信息公开申请数量详见附表，本年度办理结果均已答复。\n"


def test_extract_says_when_no_table_value_came_out(tmp_path):
    f = tmp_path / "prose.txt"
    f.write_text(NOT_REBUILT, encoding="utf-8")
    r = run("extract", f)
    assert r.exit_code == 0
    assert r.stderr.strip() == ("report-extract: prose.txt: no table value read: table 3 printed, but its cells "
                                "could not be rebuilt; tables 2 and 4 not found")
    assert json.loads(r.stdout)["fields"] == {}
    assert run("extract", HTML).stderr == ""  # a document with its tables says nothing


def test_extract_sniffs_by_content(tmp_path):
    page = tmp_path / "saved-page.txt"
    page.write_bytes(HTML.read_bytes())
    r = run("extract", page)
    truth = json.loads(HTML.with_suffix(".json").read_text(encoding="utf-8"))
    out = json.loads(r.stdout)
    assert r.exit_code == 0 and out["source"]["format"] == "html"
    assert out["fields"]["requests.new_received.total"]["value"] == truth["requests.new_received.total"]
    png = tmp_path / "scan.pdf"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(500))
    r = run("extract", png)
    assert r.exit_code == 1 and r.stderr.startswith("report-extract: scan.pdf is a PNG image, not a PDF")
    junk = tmp_path / "old.doc"
    junk.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 16)
    r = run("extract", junk, "-o", tmp_path / "old.json")
    assert r.exit_code == 1 and "OLE2" in r.stderr
    assert json.loads((tmp_path / "old.json").read_text(encoding="utf-8"))["errors"][0]["kind"] == "corrupt"


def test_extract_output_mode_follows_the_umask(tmp_path):
    old = os.umask(0o077)
    try:
        run("extract", HTML, "-o", tmp_path / "o.json")
    finally:
        os.umask(old)
    assert oct((tmp_path / "o.json").stat().st_mode & 0o777) == "0o600"
    run("extract", HTML, "-o", tmp_path / "p.json")
    assert (tmp_path / "p.json").stat().st_mode & 0o777 == 0o666 & ~old


def test_keys_lists_the_keys_the_extractor_writes(extracted):
    from conftest import fixture_documents

    r = run("keys", "--format", "json")
    assert r.exit_code == 0
    keys = {k["key"]: k for k in json.loads(r.stdout)}
    for doc in fixture_documents():
        out = extracted(doc)
        assert set(out["fields"]) <= set(keys), doc.name
    plain = extracted(FIXTURES / "html" / "html-plain-2021.html")
    k2021 = json.loads(run("keys", "--generation", "2021", "--format", "json").stdout)
    assert {k["key"] for k in k2021} == set(plain["fields"])  # a 2021 report prints exactly these
    assert keys["requests.new_received.natural_person"]["row_label"] == "本年新收政府信息公开申请数量"
    assert keys["requests.new_received.natural_person"]["column_label"] == "自然人"
    assert keys["proactive.fees.amount"]["unit"] == "万元" and keys["proactive.fees.amount"]["generations"] == ["2021"]
    text = run("keys", "--generation", "2019").stdout
    assert "proactive.procurement.amount" in text and "采购总金额" in text and "proactive.fees.amount" not in text


def test_explain_says_why_a_canonical_key_is_absent(tmp_path):
    f = tmp_path / "prose.txt"
    f.write_text(NOT_REBUILT, encoding="utf-8")
    run("extract", f, "-o", tmp_path / "prose.json")
    r = run("explain", tmp_path / "prose.json", "requests.granted.total")
    assert r.exit_code == 2
    assert "unknown key" not in r.stderr and "could not be rebuilt" in r.stderr
    r = run("explain", tmp_path / "prose.json", "review_litigation.review.total")
    assert "has no table 4" in r.stderr
    run("extract", HTML, "-o", tmp_path / "h.json")  # a 2021 table 2: the 2019 keys are not printed
    r = run("explain", tmp_path / "h.json", "proactive.regulations.made")
    assert r.exit_code == 2 and "2019 layout" in r.stderr and "prints the 2021 layout" in r.stderr


def test_messages_show_values_not_python_reprs(tmp_path):
    out = json.loads(run("extract", HTML).stdout)
    out["fields"]["requests.new_received.total"]["value"] = "many"
    out["fields"]["requests.granted.total"]["value"] = None
    del out["metadata"]["agency"]
    p = tmp_path / "edited.json"
    p.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    r = run("validate", p)
    assert r.exit_code == 2
    assert "found “many”" in r.stdout and "found nothing" in r.stdout and "metadata: missing agency" in r.stdout
    assert "None" not in r.stdout and "'many'" not in r.stdout
    r = run("explain", p, "requests.granted.total")
    assert "None" not in r.stdout and "found nothing" in r.stdout


def test_validate_a_batch_folder_and_a_glob_with_its_summary(tmp_path):
    from report_extract.batch.runner import run_batch

    docs = [HTML, FIXTURES / "txt" / "txt-cells-2021.txt"]
    out = tmp_path / "out"
    run_batch(docs, out, workers=1)
    r = run("validate", out)
    assert r.exit_code == 0, r.output
    assert r.stdout.count(": OK") == 2 and "summary.json" not in r.stdout
    r = run("validate", *sorted(out.glob("*.json")))  # the shell's out/*.json takes summary.json too
    assert r.exit_code == 0, r.output
    assert "summary.json: SKIPPED" in r.stdout and "2 files: 2 ok" in r.stdout
    r = run("validate", out / "summary.json")
    assert r.exit_code == 2 and "no output document" in r.stderr
