"""Shared test setup.

Tools outside Python (issue 9, item 7).  A test that needs LibreOffice,
Chromium or Voilà asks for it with ``require_soffice()``, ``require_chromium()``,
``require_voila()`` (or the fixtures ``needs_soffice``, ``needs_chromium``,
``needs_voila``, e.g. ``pytestmark = pytest.mark.usefixtures("needs_soffice")``).
On a developer's machine a missing tool skips the test, saying what to install;
under CI (``CI=true``) it FAILS: CI installs everything (``tests/setup.sh``), so
a missing tool there is a broken CI, never a green run that tested nothing.

As a safety net, under CI any skip at all (a ``pytest.skip`` or ``skipif``
somebody adds later) is reported as a failure; expected failures (xfail) stay
as they are.  The project's own modules and its declared dependencies
(openpyxl, xlsxwriter, formulas, msoffcrypto...) are imported plainly, never
with ``importorskip``.
"""
from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))

UNDER_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")
CHROMIUM = os.environ.get("ACTIVSOC_CHROMIUM", "/usr/bin/chromium")


def require(what: str, present: bool, install: str) -> None:
    """Skip (developer's machine) or fail (CI=true) when ``what`` is missing."""
    if present:
        return
    if UNDER_CI:
        pytest.fail(f"CI=true and {what} is missing: {install} (under CI a test never skips)", pytrace=False)
    pytest.skip(f"{what} not installed ({install})")


def require_soffice() -> None:
    from activsoc_costs._libreoffice import soffice_path
    require("LibreOffice 'soffice'", soffice_path() is not None,
            "apt-get install libreoffice-calc-nogui, or bash tests/setup.sh")


def require_chromium() -> None:
    require(f"Chromium ({CHROMIUM})", Path(CHROMIUM).exists(), "apt-get install chromium, or bash tests/setup.sh")


def require_voila() -> None:
    require("Voilà", importlib.util.find_spec("voila") is not None, "pip install -e '.[app]'")


@pytest.fixture
def needs_soffice():
    require_soffice()


@pytest.fixture
def needs_chromium():
    require_chromium()


@pytest.fixture
def needs_voila():
    require_voila()


def _no_skip_under_ci(rep) -> None:
    if UNDER_CI and rep.skipped and not hasattr(rep, "wasxfail"):
        reason = rep.longrepr[2] if isinstance(rep.longrepr, tuple) else str(rep.longrepr)
        rep.outcome = "failed"
        rep.longrepr = f"CI=true: this test was skipped ({reason}); under CI a test never skips"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    _no_skip_under_ci(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    _no_skip_under_ci(outcome.get_result())
