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
