"""Installing as a new user does, from the checkout (issue 14): the commands the README and the
CLI's hints give must work, and `make run` must not pull in what only the tests need."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _extras() -> dict[str, list[str]]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        tomllib = pytest.importorskip("tomli")
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]


def test_make_run_installs_no_test_extra():
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    r = subprocess.run(["make", "-n", "-B", "run"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    installs = [line for line in r.stdout.splitlines() if "pip install" in line and "--upgrade pip" not in line]
    assert installs, r.stdout
    for line in installs:
        assert "[" not in line, line  # `pip install -e .`: no extra, test or otherwise
    test_only = {re.split(r"[<>=\[ ]", d)[0] for d in _extras()["test"]}
    assert not any(name in line for name in test_only for line in installs)


def test_install_commands_name_the_checkout_and_real_extras():
    extras = _extras()
    texts = {"README.md": (ROOT / "README.md").read_text(encoding="utf-8")}
    for p in (ROOT / "src").rglob("*.py"):
        texts[str(p.relative_to(ROOT))] = p.read_text(encoding="utf-8")
    for name, text in texts.items():
        assert "pip install 'report-extract[" not in text, f"{name}: the package is on no index"
        for extra in re.findall(r"pip install -e '\.\[(\w+)\]'", text):
            assert extra in extras, f"{name}: no extra {extra!r} in pyproject.toml"
    assert re.search(r"pip install -e '\.\[parquet\]'", texts["README.md"])
