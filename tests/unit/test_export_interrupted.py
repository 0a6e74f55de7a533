"""A run that dies while writing the spreadsheet never damages the previous one (issue 5).

``export`` writes to a temporary name and renames it.  Two ways to die in the
middle: an exception raised while the workbook is being written (in-process),
and a process killed with SIGKILL while the .xlsx archive is being assembled
(nothing of the program runs after SIGKILL: no ``finally``, no clean-up).
"""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from activsoc_costs import load, report
from helpers import SAMPLE

from activsoc_costs import export as export_mod  # noqa: E402


@pytest.fixture(autouse=True)
def _key(tmp_path, monkeypatch):
    monkeypatch.setenv("ACTIVSOC_KEY_FILE", str(tmp_path / "secret" / "pseudonym.key"))


def _digest(folder: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def previous(tmp_path):
    inputs = load(SAMPLE)
    figures = report(inputs)
    out = tmp_path / "outputs"
    written = export_mod.export(figures, inputs, out, "fr")
    assert len(written) == 1 and zipfile.is_zipfile(written[0])
    return out, written[0], figures, inputs


def test_an_error_mid_write_leaves_the_previous_file_and_no_half_file(previous, monkeypatch):
    out, xlsx, figures, inputs = previous
    before = _digest(out)

    def boom(b):
        raise RuntimeError("disk full")
    monkeypatch.setattr(export_mod, "write_trajectories", boom)  # sheets before it are already written
    with pytest.raises(RuntimeError):
        export_mod.export(figures, inputs, out, "fr", force=True)
    assert _digest(out) == before  # same files, same bytes: nothing half-written, nothing left over


KILLED = textwrap.dedent("""
    import sys, time, zipfile
    from pathlib import Path
    from activsoc_costs import load, report
    from activsoc_costs.export import export
    real = zipfile.ZipFile.write
    def slow(self, *a, **k):
        r = real(self, *a, **k)
        print("part", flush=True)   # one more part of the .xlsx archive is on disk
        time.sleep(0.5)
        return r
    zipfile.ZipFile.write = slow
    inputs = load(sys.argv[1])
    export(report(inputs), inputs, Path(sys.argv[2]), "fr", force=True)
    print("done", flush=True)
""")


def _kill_mid_write(tmp_path, out: Path) -> None:
    script = tmp_path / "killed.py"
    script.write_text(KILLED)
    proc = subprocess.Popen([sys.executable, str(script), str(SAMPLE), str(out)], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ))
    try:
        parts = 0
        for line in proc.stdout:
            parts += line.strip() == "part"
            if parts >= 3:
                proc.send_signal(signal.SIGKILL)  # in the middle of the archive
                break
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL, "the export finished before it could be killed"


def test_sigkill_mid_write_leaves_the_previous_file_intact(previous, tmp_path):
    out, xlsx, _f, _i = previous
    before = hashlib.sha256(xlsx.read_bytes()).hexdigest()
    _kill_mid_write(tmp_path, out)
    assert hashlib.sha256(xlsx.read_bytes()).hexdigest() == before
    with zipfile.ZipFile(xlsx) as z:
        assert z.testzip() is None
    # no file that could be taken for an output: whatever is left is a hidden temporary name
    visible = [p.name for p in out.iterdir() if not p.name.startswith(".")]
    assert visible == [xlsx.name]
    # and the next run works and replaces it by a complete workbook
    inputs = load(SAMPLE)
    export_mod.export(report(inputs), inputs, out, "fr", force=True)
    with zipfile.ZipFile(xlsx) as z:
        assert z.testzip() is None and "xl/workbook.xml" in z.namelist()


def test_no_half_file_remains_after_sigkill_and_a_new_run(previous, tmp_path):
    out, xlsx, _f, _i = previous
    _kill_mid_write(tmp_path, out)
    inputs = load(SAMPLE)
    export_mod.export(report(inputs), inputs, out, "fr", force=True)
    assert sorted(p.name for p in out.iterdir()) == [xlsx.name]
