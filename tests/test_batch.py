"""Tests for batch extraction (issue 7): discovery, isolation, manifest, resume, engines."""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from report_extract.batch import manifest as mf
from report_extract.batch.discover import discover
from report_extract.batch.runner import run_batch
from report_extract.batch.worker import run_isolated, shutdown_isolated

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
CLI = [sys.executable, "-m", "report_extract.cli"]


def fixture_docs(*formats: str) -> list[Path]:
    """Fixture documents (not their truth files) of the given format folders that exist."""
    out = []
    for fmt in formats:
        d = FIXTURES / fmt
        if d.is_dir():
            out += [p for p in sorted(d.iterdir()) if p.is_file() and p.suffix != ".json"]
    return out


def need(paths):
    if not paths:
        pytest.skip("no fixture documents of that kind in fixtures/")
    return paths


def load_manifest(outdir: Path) -> list[dict]:
    return [json.loads(line) for line in (outdir / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


def outputs(outdir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(outdir.glob("*.json")) if p.name != "summary.json"}


def run_cli(args, env=None, timeout=180):
    e = dict(os.environ, **(env or {}))
    return subprocess.run(CLI + args, capture_output=True, text=True, env=e, timeout=timeout, cwd=ROOT)


# --------------------------------------------------------------------------- unit-level

def test_discover_files_folders_lists(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "x.txt").write_text("x")
    (tmp_path / "a" / "b" / "y.html").write_text("<html></html>")
    (tmp_path / "a" / "b" / "z.xyz").write_text("?")
    (tmp_path / "a" / ".hidden.txt").write_text("h")
    out = tmp_path / "a" / "out"
    out.mkdir()
    (out / "old.json").write_text("{}")
    lst = tmp_path / "list.txt"
    lst.write_text(f"# comment\n{tmp_path / 'a' / 'x.txt'}\n\n{tmp_path / 'missing.pdf'}\n")
    items = discover([str(tmp_path / "a"), f"@{lst}"], [lst], exclude=out)
    got = {Path(i.path).name: (i.supported, i.exists) for i in items}
    assert got == {"x.txt": (True, True), "y.html": (True, True), "z.xyz": (False, True),
                   "missing.pdf": (True, False)}
    assert [i.path for i in items] == sorted(i.path for i in items)


def test_output_names_never_collide():
    sha = "ab" * 32
    names = mf.output_names([("/x/report.pdf", sha), ("/y/report.pdf", sha), ("/y/report.txt", "cd" * 32)])
    assert names["/x/report.pdf"] == "report.abababab.json"
    assert len(set(names.values())) == 3
    # an existing manifest keeps the plain name with its owner
    again = mf.output_names([("/y/report.pdf", sha)], taken={"report.abababab.json": "/x/report.pdf"})
    assert again["/y/report.pdf"] == names["/y/report.pdf"]


def test_read_manifest_tolerates_torn_line(tmp_path):
    good = mf.record(path="/a", status="ok")
    (tmp_path / "manifest.jsonl").write_bytes((mf.dumps(good) + "\n").encode() + b'{"path": "/b", "sta')
    assert mf.read_manifest(tmp_path) == {"/a": good}
    w = mf.ManifestWriter(tmp_path)  # starts a fresh line after the torn one
    w.append(mf.record(path="/c", status="ok"))
    w.close()
    assert set(mf.read_manifest(tmp_path)) == {"/a", "/c"}


def test_worker_is_reused_and_replaced_after_a_crash(tmp_path, monkeypatch):
    docs = need(fixture_docs("txt", "html"))[:3]
    crash = tmp_path / "crash-me.txt"
    shutil.copy(docs[0], crash)
    monkeypatch.setenv("REPORT_EXTRACT_TEST_CRASH", "crash-me")
    try:
        pids = [run_isolated({"path": str(d)}, 60, 2048)["pid"] for d in docs]
        assert len(set(pids)) == 1, "one worker process serves many documents (start-up paid once)"
        res = run_isolated({"path": str(crash)}, 60, 2048)
        assert (res["status"], res["error_kind"]) == ("error", "crashed")
        after = run_isolated({"path": str(docs[0])}, 60, 2048)
        assert after["status"] == "ok" and after["pid"] not in pids
    finally:
        shutdown_isolated()


def _flate_bomb(path: Path, decoded_mb: int) -> None:
    """A one-page PDF whose content stream inflates to ``decoded_mb`` MB (a page of spaces)."""
    import zlib

    from test_pdf_repair import _BASE, _pdf

    z = zlib.compressobj(9)
    chunk = b" " * (16 << 20)
    body = [z.compress(b"BT /F1 12 Tf 72 720 Td (bomb) Tj ET\n")]
    body += [z.compress(chunk) for _ in range(decoded_mb // 16)]
    body.append(z.flush())
    data = b"".join(body)
    path.write_bytes(_pdf({**_BASE, 4: b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data
                           + b"\nendstream"}))


def test_pdfium_out_of_memory_is_out_of_memory_not_a_crash(tmp_path):
    """PDFium aborts the worker when an allocation fails; the batch reads the file again with
    the reference engine, which runs out of memory as a Python error, and says so."""
    (tmp_path / "in").mkdir()
    _flate_bomb(tmp_path / "in" / "bomb.pdf", 1536)
    out = tmp_path / "out"
    r = run_cli(["batch", str(tmp_path / "in"), "-o", str(out), "--max-memory-mb", "800", "-q"])
    assert r.returncode == 0, r.stderr
    rec = load_manifest(out)[0]
    assert (rec["status"], rec["error_kind"]) == ("error", "out_of_memory"), rec
    assert "800 MB" in rec["error_message"] and "PDFium crashed (SIGABRT)" in rec["error_message"]
    assert rec["settings"] == {"pdf_engine": "pdfium"}  # what the run asked for
    doc = json.loads((out / rec["output"]).read_text(encoding="utf-8"))
    assert [e["kind"] for e in doc["errors"]] == ["out_of_memory", "pdfium_crashed"]


def test_a_pdf_pdfium_dies_on_is_read_with_the_reference_engine(tmp_path, monkeypatch):
    pdf = need([p for p in fixture_docs("pdf") if p.name == "rl-2021-lines.pdf"])[0]
    victim = tmp_path / "abort-me.pdf"
    shutil.copy(pdf, victim)
    monkeypatch.setenv("REPORT_EXTRACT_TEST_PDFIUM_ABORT", "abort-me")
    truth = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
    try:
        res = run_isolated({"path": str(victim), "format": "pdf", "settings": {"pdf_engine": "pdfium"}}, 120, 2048)
        plain = run_isolated({"path": str(pdf), "format": "pdf", "settings": {"pdf_engine": "pdfium"}}, 120, 2048)
    finally:
        shutdown_isolated()
    assert res["status"] == "ok", res
    doc = json.loads(res["text"])
    assert doc["errors"][-1]["kind"] == "pdfium_crashed" and "SIGABRT" in doc["errors"][-1]["message"]
    fields = {k: v for k, v in doc["fields"].items() if k in truth}
    assert len(fields) == 200 and all(v["value"] == truth[k] for k, v in fields.items())
    assert all("/pdfplumber" in v["method"] and "pdfium" not in v["method"] for v in fields.values())
    # a document PDFium reads is not read twice
    assert json.loads(plain["text"])["errors"] == [] and plain["status"] == "ok"


# --------------------------------------------------------------------------- broken inputs

def make_broken(folder: Path) -> dict[str, tuple[str, str | None]]:
    """Broken inputs in ``folder``; returns file name -> (expected status, expected error kind)."""
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(7)
    expect: dict[str, tuple[str, str | None]] = {}
    (folder / "empty.pdf").write_bytes(b"")
    expect["empty.pdf"] = ("error", "empty")
    (folder / "random.pdf").write_bytes(rnd.randbytes(6000))
    expect["random.pdf"] = ("error", "corrupt")
    (folder / "random.docx").write_bytes(rnd.randbytes(6000))
    expect["random.docx"] = ("error", "corrupt")
    (folder / "notes.xyz").write_text("not a report")
    expect["notes.xyz"] = ("skipped", "unsupported_extension")
    pdfs = fixture_docs("pdf")
    if pdfs:
        data = pdfs[0].read_bytes()
        (folder / "truncated.pdf").write_bytes(data[: len(data) // 10])
        expect["truncated.pdf"] = ("error", "corrupt")
        try:
            from pypdf import PdfWriter
        except ImportError:
            pass  # encrypted PDF not generated: pypdf is not installed
        else:
            w = PdfWriter(clone_from=str(pdfs[0]))
            w.encrypt("secret", algorithm="AES-128")
            with open(folder / "encrypted.pdf", "wb") as fh:
                w.write(fh)
            expect["encrypted.pdf"] = ("error", "encrypted")
    html = fixture_docs("html")
    txt = fixture_docs("txt") or html
    if html:
        shutil.copy(html[0], folder / "html-named.pdf")  # readers sniff bytes: read as HTML
        expect["html-named.pdf"] = ("ok", None)
    src = txt[0] if txt else None
    if src:
        for name, kind in (("hang-me.txt", "timeout"), ("crash-me.txt", "crashed"),
                           ("segv-me.txt", "crashed"), ("oom-me.txt", "out_of_memory")):
            shutil.copy(src, folder / name)
            expect[name] = ("error", kind)
    return expect


HOOK_ENV = {"REPORT_EXTRACT_TEST_HANG": "hang-me", "REPORT_EXTRACT_TEST_CRASH": "crash-me",
            "REPORT_EXTRACT_TEST_SEGFAULT": "segv-me", "REPORT_EXTRACT_TEST_OOM": "oom-me"}


def test_batch_fixtures_and_broken_inputs(tmp_path):
    good = need(fixture_docs("html", "txt", "docx", "pdf"))
    good = [p for p in good if p.suffix != ".doc"]  # LibreOffice is slow; the reader has its own tests
    broken = tmp_path / "broken"
    expect = make_broken(broken)
    missing = tmp_path / "gone.pdf"
    lst = tmp_path / "list.txt"
    lst.write_text("\n".join(str(p) for p in good + [missing]) + "\n")  # listed, missing: a record
    out = tmp_path / "out"
    r = run_cli(["batch", f"@{lst}", str(broken), "-o", str(out), "--workers", "2",
                 "--timeout", "12", "--max-memory-mb", "1024"], env=HOOK_ENV)
    assert r.returncode == 0, r.stderr  # the hang is cut by --timeout: its record says "timeout" (below)
    recs = {Path(x["path"]).name: x for x in load_manifest(out)}
    # every input is in the manifest, once
    assert len(recs) == len(good) + len(expect) + 1
    for p in good:
        assert recs[p.name]["status"] == "ok", recs[p.name]
    for name, (status, kind) in expect.items():
        assert (recs[name]["status"], recs[name]["error_kind"]) == (status, kind), recs[name]
    assert (recs["gone.pdf"]["status"], recs["gone.pdf"]["error_kind"]) == ("error", "not_found")
    assert recs["html-named.pdf"]["format"] == "html"
    # outputs: one per extracted document, error documents included, named <stem>.<sha8>.json
    for rec in recs.values():
        if rec["status"] == "skipped" or rec["error_kind"] == "not_found":
            assert rec["output"] is None
            continue
        assert rec["output"] == f"{mf.safe_stem(rec['path'])}.{rec['sha256'][:8]}.json"
        doc = json.loads((out / rec["output"]).read_text(encoding="utf-8"))
        assert doc["source"]["sha256"] == rec["sha256"]
        if rec["status"] == "error":
            assert doc["errors"][0]["kind"] == rec["error_kind"]
        assert "seconds" not in json.dumps(doc)  # run-variable data stays out of documents
    summary = json.loads((out / "summary.json").read_text())
    assert summary["by_status"]["skipped"] == 1
    assert summary["error_kinds"]["timeout"] == 1 and summary["error_kinds"]["crashed"] == 2
    assert "slowest" in summary and summary["by_format"]
    assert "error" in r.stdout and "skipped" in r.stdout  # summary on the terminal
    assert not list(out.glob(".tmp-*"))
    # --fail-on-error turns errors into exit status 1 (nothing left to do with --resume but to report)
    r2 = run_cli(["batch", str(broken / "empty.pdf"), "-o", str(tmp_path / "o2"), "-q", "--fail-on-error"])
    assert r2.returncode == 1 and r2.stdout == ""


# --------------------------------------------------------------------------- resume

def _resume_inputs():
    return need([p for p in fixture_docs("html", "txt", "docx", "pdf") if p.suffix != ".doc"])


def test_resume_skips_done_and_redoes_changed(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    docs = need(fixture_docs("txt", "html"))[:3]
    for d in docs:
        shutil.copy(d, src / d.name)
    out = tmp_path / "out"
    s1 = run_batch([src], out, workers=1)
    assert s1["by_status"]["ok"] == 3
    before = outputs(out)
    s2 = run_batch([src], out, workers=1, resume=True)
    assert s2["reused_from_previous_run"] == 3 and s2["extracted_this_run"] == 0
    assert outputs(out) == before
    changed = src / docs[0].name
    changed.write_bytes(changed.read_bytes() + b"\n\n")
    s3 = run_batch([src], out, workers=1, resume=True)
    assert s3["reused_from_previous_run"] == 2 and s3["extracted_this_run"] == 1
    recs = load_manifest(out)
    assert len(recs) == 3 and len({r["path"] for r in recs}) == 3
    assert all((out / r["output"]).is_file() for r in recs)


def test_kill_and_resume_equals_uninterrupted(tmp_path):
    docs = _resume_inputs()
    lst = tmp_path / "list.txt"
    lst.write_text("\n".join(map(str, docs)) + "\n")
    ref, killed = tmp_path / "ref", tmp_path / "killed"
    r = run_cli(["batch", "--from-list", str(lst), "-o", str(ref), "-j", "2", "-q"])
    assert r.returncode == 0, r.stderr

    proc = subprocess.Popen(CLI + ["batch", "--from-list", str(lst), "-o", str(killed), "-j", "2", "-q"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    manifest = killed / "manifest.jsonl"
    deadline = time.time() + 60
    while time.time() < deadline:
        if manifest.exists() and len(manifest.read_bytes().splitlines()) >= 3:
            break
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done_at_kill = len(mf.read_manifest(killed))
    assert 0 < done_at_kill < len(docs), "the kill did not land mid-run"
    # what a kill during a write can leave behind: a torn record and a temp file
    with open(manifest, "ab") as fh:
        fh.write(b'{"path": "/torn", "sta')
    (killed / ".tmp-x.json.abc").write_text("{")
    time.sleep(0.5)  # orphaned workers die with their parent (PR_SET_PDEATHSIG)

    r = run_cli(["batch", "--from-list", str(lst), "-o", str(killed), "-j", "2", "--resume"])
    assert r.returncode == 0, r.stderr
    summary = json.loads((killed / "summary.json").read_text())
    assert summary["reused_from_previous_run"] >= 1

    assert outputs(killed) == outputs(ref)  # byte-identical documents, none missing, none extra
    assert not list(killed.glob(".tmp-*"))
    a = [mf.stable(x) for x in load_manifest(ref)]
    b = [mf.stable(x) for x in load_manifest(killed)]
    assert a == b  # same records in the same order, run-variable fields aside
    assert len(b) == len(docs)


# --------------------------------------------------------------------------- dask

def test_dask_engine_matches_local(tmp_path):
    distributed = pytest.importorskip("distributed")
    docs = need(fixture_docs("html", "txt") + fixture_docs("pdf")[:1] + fixture_docs("docx")[:1])
    lst = tmp_path / "list.txt"
    lst.write_text("\n".join(map(str, docs)) + "\n")
    local, dask_out = tmp_path / "local", tmp_path / "dask"
    r = run_cli(["batch", f"@{lst}", "-o", str(local), "-j", "2", "-q"])
    assert r.returncode == 0, r.stderr
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp://",
                                  host="127.0.0.1", scheduler_port=0, dashboard_address=None) as cluster:
        r = run_cli(["batch", f"@{lst}", "-o", str(dask_out), "--engine", "dask", "--scheduler",
                     cluster.scheduler_address])
        assert r.returncode == 0, r.stderr
        assert "dask" in r.stdout
        assert outputs(dask_out) == outputs(local)
        assert [mf.stable(x) for x in load_manifest(dask_out)] == [mf.stable(x) for x in load_manifest(local)]
        # resume on the cluster: nothing left to do
        r = run_cli(["batch", f"@{lst}", "-o", str(dask_out), "--engine", "dask", "--scheduler",
                     cluster.scheduler_address, "--resume"])
        assert r.returncode == 0, r.stderr
        assert json.loads((dask_out / "summary.json").read_text())["extracted_this_run"] == 0


def test_dask_engine_isolates_a_hang(tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    from report_extract.batch.engines import DaskEngine

    docs = need(fixture_docs("txt"))[:2]
    folder = tmp_path / "in"
    folder.mkdir()
    for d in docs:
        shutil.copy(d, folder / d.name)
    shutil.copy(docs[0], folder / "hang-me.txt")
    monkeypatch.setenv("REPORT_EXTRACT_TEST_HANG", "hang-me")  # in-process Dask workers see it
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp://",
                                  host="127.0.0.1", scheduler_port=0, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        s = run_batch([folder], tmp_path / "out", timeout=3, engine_obj=DaskEngine(client=client))
    assert s["by_status"] == {"ok": 2, "no_tables": 0, "error": 1, "skipped": 0}
    assert s["error_kinds"] == {"timeout": 1}


# --------------------------------------------------------------------------- first use (issue 14)

PROSE = "某某局2021年政府信息公开工作年度报告\n一、总体情况\n本机关认真贯彻落实《条例》，主动公开政府信息。\n"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def make_first_use(folder: Path) -> dict[str, tuple[str, str | None]]:
    """Inputs a new user has: mislabelled, extension-less, prose only; name -> (status, error kind)."""
    folder.mkdir(parents=True, exist_ok=True)
    pdf = need(fixture_docs("pdf"))[0]
    html = need(fixture_docs("html"))[0]
    shutil.copy(pdf, folder / "report-without-extension")
    shutil.copy(html, folder / "saved-page.txt")
    (folder / "scan.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(random.Random(3).randbytes(2000)))
    (folder / "junk.doc").write_bytes(OLE2 + random.Random(4).randbytes(4096))
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(200))
    (folder / "prose.txt").write_text(PROSE, encoding="utf-8")
    return {"report-without-extension": ("ok", None), "saved-page.txt": ("ok", None),
            "scan.pdf": ("error", "unsupported"), "junk.doc": ("error", "corrupt"),
            "photo.jpg": ("skipped", "unsupported_extension"), "prose.txt": ("no_tables", None)}


@pytest.fixture(scope="module")
def first_use(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("first-use")
    expect = make_first_use(tmp / "in")
    r = run_cli(["batch", str(tmp / "in"), "-o", str(tmp / "out"), "-j", "2", "-q"])
    assert r.returncode == 0, r.stderr
    return tmp, expect


def test_sniffing_by_content_in_batch(first_use):
    tmp, expect = first_use
    recs = {Path(x["path"]).name: x for x in load_manifest(tmp / "out")}
    assert {k: (v["status"], v["error_kind"]) for k, v in recs.items()} == expect
    assert recs["report-without-extension"]["format"] == "pdf" and recs["report-without-extension"]["pages"]
    page = json.loads((tmp / "out" / recs["saved-page.txt"]["output"]).read_text(encoding="utf-8"))
    truth = json.loads(need(fixture_docs("html"))[0].with_suffix(".json").read_text(encoding="utf-8"))
    assert page["source"]["format"] == "html"
    key = "requests.new_received.total"
    assert page["fields"][key]["value"] == truth[key]
    assert recs["scan.pdf"]["error_message"].startswith("scan.pdf is a PNG image, not a PDF")
    assert "OLE2" in recs["junk.doc"]["error_message"]
    assert "JPEG image" in recs["photo.jpg"]["error_message"]


def test_no_tables_status_in_manifest_summary_and_exit(first_use):
    tmp, _ = first_use
    recs = {Path(x["path"]).name: x for x in load_manifest(tmp / "out")}
    assert recs["prose.txt"]["status"] == "no_tables"
    assert recs["prose.txt"]["error_message"] == "no table value read: tables 2, 3 and 4 not found"
    summary = json.loads((tmp / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["by_status"] == {"ok": 2, "no_tables": 1, "error": 2, "skipped": 1}
    one = tmp / "prose-only"
    one.mkdir()
    shutil.copy(tmp / "in" / "prose.txt", one / "prose.txt")
    r = run_cli(["batch", str(one), "-o", str(tmp / "o1"), "-q", "--fail-on-error"])
    assert r.returncode == 0, r.stderr  # read: not an error
    r = run_cli(["batch", str(one), "-o", str(tmp / "o2"), "-q", "--fail-on-no-tables"])
    assert r.returncode == 1


def test_files_are_written_with_the_umask(tmp_path):
    doc = need(fixture_docs("txt"))[0]
    old = os.umask(0o027)
    try:
        run_batch([doc], tmp_path / "out", workers=1)
        from report_extract.batch.export import export

        export(tmp_path / "out", "csv", tmp_path / "out" / "fields.csv")
    finally:
        os.umask(old)
    files = [p for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")]
    assert len(files) >= 6  # document, manifest, summary, three tables
    assert {p.name: oct(p.stat().st_mode & 0o777) for p in files} == {p.name: "0o640" for p in files}


def test_named_inputs_that_do_not_exist_fail_in_one_line(tmp_path):
    lst = tmp_path / "gbk.txt"
    lst.write_bytes("报告.pdf\n".encode("gbk"))
    for args, words in (([f"@{tmp_path / 'missing.txt'}"], "no such list file"),
                        ([f"@{lst}"], "not UTF-8"),
                        ([str(tmp_path / "nope") + "/"], "no such file or folder"),
                        (["--from-list", str(lst)], "not UTF-8")):
        out = tmp_path / "out"
        r = run_cli(["batch", *args, "-o", str(out)])
        assert r.returncode == 2, (args, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1 and words in r.stderr, r.stderr
        assert "Traceback" not in r.stderr and not out.exists()


def _copy_inputs(folder: Path, docs: list[Path]) -> None:
    folder.mkdir(parents=True)
    for d in docs:
        shutil.copy(d, folder / d.name)


def test_resume_after_moving_the_inputs_goes_by_content(tmp_path):
    docs = need(fixture_docs("txt", "html"))[:3]
    _copy_inputs(tmp_path / "in", docs)
    out = tmp_path / "out"
    run_batch([tmp_path / "in"], out, workers=1)
    before = outputs(out)
    (tmp_path / "in").rename(tmp_path / "moved")
    s = run_batch([tmp_path / "moved"], out, workers=1, resume=True)
    assert s["reused_from_previous_run"] == 3 and s["extracted_this_run"] == 0
    recs = load_manifest(out)
    assert sorted(Path(r["path"]).parent.name for r in recs) == ["moved"] * 3  # paths updated, none twice
    assert outputs(out) == before  # the same documents, byte for byte
    from report_extract.batch.export import export

    assert export(out, "csv", tmp_path / "f.csv").n_documents == 3
    # a renamed copy is extracted again under its name; the old name's record and output go
    renamed = tmp_path / "moved" / ("renamed-" + docs[0].name)
    (tmp_path / "moved" / docs[0].name).rename(renamed)
    s = run_batch([tmp_path / "moved"], out, workers=1, resume=True)
    assert s["reused_from_previous_run"] == 2 and s["extracted_this_run"] == 1
    recs = load_manifest(out)
    assert len(recs) == 3 and {r["output"] for r in recs} == set(outputs(out))
    doc = json.loads((out / next(r["output"] for r in recs if r["path"] == str(renamed))).read_text("utf-8"))
    assert doc["source"]["path"] == renamed.name


def test_resume_needs_the_same_settings(tmp_path):
    from report_extract.batch.discover import discover
    from report_extract.batch.runner import plan

    docs = need(fixture_docs("txt"))[:2]
    out = tmp_path / "out"
    run_batch(docs, out, workers=1)
    old = mf.read_manifest(out)
    items = discover(docs)
    _, reused, tasks, _ = plan(items, out, old, resume=True)
    assert len(reused) == 2 and not tasks
    _, reused, tasks, _ = plan(items, out, old, resume=True, settings={"narrative": False})
    assert not reused and [t["settings"] for t in tasks] == [{"narrative": False}] * 2


def test_extract_and_batch_write_the_same_bytes(tmp_path):
    doc = need(fixture_docs("txt"))[0]
    shutil.copy(doc, tmp_path / doc.name)
    r = subprocess.run(CLI + ["extract", doc.name], capture_output=True, cwd=tmp_path, timeout=120)
    assert r.returncode == 0, r.stderr
    run_batch([tmp_path / doc.name], tmp_path / "out", workers=1)
    (only,) = outputs(tmp_path / "out").values()
    assert only == r.stdout
    assert json.loads(only)["source"]["path"] == doc.name  # the name; the path is in the manifest


def test_moved_inputs_replace_their_records_and_copies_keep_theirs(tmp_path):
    docs = need(fixture_docs("txt"))[:2]
    _copy_inputs(tmp_path / "in", docs)
    out = tmp_path / "out"
    run_batch([tmp_path / "in"], out, workers=1)
    (tmp_path / "in").rename(tmp_path / "moved")
    run_batch([tmp_path / "moved"], out, workers=1)  # no --resume: extracted again, still listed once
    assert sorted(Path(r["path"]).parent.name for r in load_manifest(out)) == ["moved"] * 2
    assert len(outputs(out)) == 2
    shutil.copytree(tmp_path / "moved", tmp_path / "copy")  # a copy while the original is still there
    run_batch([tmp_path / "copy"], out, workers=1, resume=True)
    assert sorted(Path(r["path"]).parent.name for r in load_manifest(out)) == ["copy"] * 2 + ["moved"] * 2
