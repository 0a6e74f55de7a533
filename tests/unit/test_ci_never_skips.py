"""Under CI (CI=true) a test that needs LibreOffice, Chromium or Voilà fails when
the tool is missing, never skips (issue 9, item 7); on a developer's machine it
skips, saying what to install.  Proved by running a tiny pytest session in a
subprocess, with the project's tests/conftest.py as its plugin, on a machine
where the tools are made absent (PATH without soffice, no Chromium)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]

TINY = '''
import pytest
from conftest import require_soffice

def test_needs_soffice():
    require_soffice()

@pytest.mark.usefixtures("needs_soffice")
def test_needs_soffice_fixture():
    pass

@pytest.mark.usefixtures("needs_chromium")
def test_needs_chromium():
    pass

def test_plain_skip():
    pytest.skip("somebody's skip")

@pytest.mark.skipif(True, reason="a skipif mark")
def test_skipif_mark():
    pass

@pytest.mark.xfail(strict=True, reason="known")
def test_expected_failure():
    assert False

def test_passes():
    pass
'''

# LibreOffice is also looked for at fixed paths (/usr/bin/soffice...): the child forgets them
NO_FIXED_PATHS = '''
from activsoc_costs import _libreoffice
_libreoffice._CANDIDATES = ("soffice", "libreoffice")
'''


def _run(tmp_path: Path, ci: str | None) -> dict[str, str]:
    (tmp_path / "test_tiny.py").write_text(TINY)
    (tmp_path / "no_fixed_paths.py").write_text(NO_FIXED_PATHS)
    empty = tmp_path / "bin"
    empty.mkdir(exist_ok=True)
    env = {"PATH": str(empty), "PYTHONPATH": f"{TESTS}{':'}{tmp_path}", "HOME": str(tmp_path),
           "ACTIVSOC_CHROMIUM": str(tmp_path / "no-chromium"), "PYTHONDONTWRITEBYTECODE": "1"}
    if ci is not None:
        env["CI"] = ci
    r = subprocess.run([sys.executable, "-m", "pytest", "-p", "no_fixed_paths", "-p", "conftest",
                        "-p", "no:cacheprovider", "-rA", "-v", "test_tiny.py"],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    # -v: one line per test, "test_tiny.py::test_x PASSED"; a failing setup adds "ERROR"
    outcomes: dict[str, str] = {}
    for name, outcome in re.findall(r"^test_tiny\.py::(\w+) (PASSED|FAILED|SKIPPED|XFAIL|ERROR)", r.stdout, re.M):
        outcomes.setdefault(name, outcome)
    return {"rc": str(r.returncode), "out": r.stdout + r.stderr, **outcomes}


def test_under_ci_a_missing_tool_fails_and_no_test_skips(tmp_path):
    got = _run(tmp_path, "true")
    for name in ("test_needs_soffice", "test_needs_soffice_fixture", "test_needs_chromium", "test_plain_skip",
                 "test_skipif_mark"):
        assert got.get(name) in ("FAILED", "ERROR"), (name, got["out"])
    assert got["test_expected_failure"] == "XFAIL" and got["test_passes"] == "PASSED", got["out"]
    assert got["rc"] == "1"
    assert "SKIPPED" not in got["out"]
    assert "apt-get install libreoffice-calc-nogui" in got["out"]  # it says what to install


def test_on_a_developers_machine_a_missing_tool_skips_saying_what_to_install(tmp_path):
    got = _run(tmp_path, None)
    for name in ("test_needs_soffice", "test_needs_soffice_fixture", "test_needs_chromium", "test_plain_skip",
                 "test_skipif_mark"):
        assert got.get(name) == "SKIPPED", (name, got["out"])
    assert got["rc"] == "0", got["out"]
    assert "libreoffice-calc-nogui" in got["out"] and "chromium" in got["out"]


@pytest.mark.parametrize("path", sorted(p.relative_to(TESTS).as_posix() for p in TESTS.rglob("test_*.py")))
def test_no_importorskip_of_the_project_or_its_declared_dependencies(path):
    text = (TESTS / path).read_text(encoding="utf-8")
    assert re.findall(r"importorskip\(\s*['\"]([\w.]+)", text) == []
