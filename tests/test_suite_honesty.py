"""The test suite itself: no test that cannot fail.

A test that skips when the code under test is broken, turns a reader error
into a skip, xfails on the shape of the source, asserts how fast a machine
is, installs system packages, or skips under CI because ../shared is absent
passes whatever the code does. These rules read the tests' source.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
SOURCES = sorted(TESTS.glob("*.py"))


def _functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


def _calls(node, name: str) -> list[ast.Call]:
    return [c for c in ast.walk(node) if isinstance(c, ast.Call) and ast.unparse(c.func).endswith(name)]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_own_modules_are_imported_not_skipped(path):
    for call in _calls(ast.parse(path.read_text(encoding="utf-8")), "importorskip"):
        assert not ast.unparse(call.args[0]).strip("'\"").startswith("report_extract"), \
            f"{path.name}:{call.lineno}: importorskip of the package under test turns a broken import into a skip"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_reader_error_becomes_a_skip(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ExceptHandler) and node.type is not None and "Error" in ast.unparse(node.type):
            skips = _calls(ast.Module(body=node.body, type_ignores=[]), "skip")
            assert not skips, f"{path.name}:{node.lineno}: an error of the code under test becomes a skip"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_xfail_on_the_shape_of_the_source(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"getsource\(", text), f"{path.name}: a test decides from the source text what to expect"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_wall_clock_asserts_only_check_time_limits(path):
    """Speed belongs in benchmarks/; a test may only check that a time limit is honoured."""
    for fn in _functions(path):
        for a in (n for n in ast.walk(fn) if isinstance(n, ast.Assert)):
            src = ast.unparse(a.test)
            if re.search(r"perf_counter|time\.time|monotonic", src):
                assert re.search(r"timeout|time_limit", ast.unparse(fn)), \
                    f"{path.name}:{a.lineno}: {fn.name} asserts a speed: move it to benchmarks/"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_tests_install_nothing(path):
    assert "apt-get\", \"install" not in path.read_text(encoding="utf-8").replace("'", '"'), \
        f"{path.name}: installs system packages from inside pytest (.ci/run does that)"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_shared_data_is_required_under_ci(path):
    """Absent ../shared skips only outside CI: through conftest.needs/need, never a bare skipif."""
    for fn_or_mark in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(fn_or_mark, ast.Call) and ast.unparse(fn_or_mark.func).endswith(("skipif", "skip")):
            src = ast.unparse(fn_or_mark).lower()
            assert not re.search(r"shared|corpus|template", src), \
                f"{path.name}:{fn_or_mark.lineno}: skips when ../shared is absent, even under CI"


def test_cited_tests_exist():
    for path in SOURCES:
        for name in re.findall(r"tests/(test_\w+\.py)", path.read_text(encoding="utf-8")):
            assert (TESTS / name).is_file(), f"{path.name} cites tests/{name}, which does not exist"


def test_absent_shared_data_fails_under_ci(tmp_path):
    import os
    import shutil
    import subprocess
    import sys

    shutil.copy(TESTS / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "test_x.py").write_text(
        "from pathlib import Path\nfrom conftest import need, needs\n"
        "@needs(Path('/nonexistent/shared'))\ndef test_marked():\n    Path('/nonexistent/shared').read_text()\n"
        "def test_inside():\n    need(Path('/nonexistent/shared'))\n", encoding="utf-8")

    def run(ci: str) -> str:
        env = {**os.environ, "CI": ci}
        return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                              capture_output=True, text=True, env=env, cwd=tmp_path).stdout.strip().splitlines()[-1]

    assert run("true").startswith("2 failed")
    assert run("").startswith("2 skipped")
