"""The benchmark command runs end to end at small size (issue 6).

A smoke run only: the real command, in a subprocess, on freshly generated small
data, writing its RESULTS file to a temporary folder.  It checks that every
case ran and that the file reports the machine, the command and each
measurement; it asserts nothing about speed (speed is measured by the benchmark
itself, never in the test suite).
"""
from __future__ import annotations

import re
import subprocess
import sys

from helpers import ROOT


def test_benchmark_command_smoke_run_at_small_size(tmp_path):
    out = tmp_path / "RESULTS.md"
    cmd = [sys.executable, "-m", "benchmarks.run", "--sizes", "small", "--detail-size", "small", "--repeat", "1",
           "--changes", "20", "--data", str(tmp_path / "data"), "--out", str(out)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    # the machine and the exact command
    assert "## Machine" in text and "CPU:" in text and "Python " in text and "pandas " in text
    assert "python -m benchmarks.run --sizes small --detail-size small --repeat 1" in text
    # the generated data are where they were asked to be, never in the repository
    assert (tmp_path / "data" / "small-seed1" / "personnel.csv").exists()
    # every case has a line: the report, the export beside openpyxl, the what-if percentiles
    report = re.search(r"^\| small \| 1 \| ([\d,]+) \| ([\d.]+) s \|", text, re.M)
    assert report, text
    rows = int(report.group(1).replace(",", ""))
    assert rows > 14_000  # 20 staff, 13 000 time records, 300 cost lines...
    assert "`activsoc_costs.export.export`" in text and 'to_excel(engine="openpyxl")' in text
    assert re.search(r"Ratio export / openpyxl: \*\*[\d.]+\*\*", text)
    assert re.search(r"^\| [\d.]+ ms \| [\d.]+ ms \| [\d.]+ ms \| \d+ \|$", text, re.M)
    # at small size no target of the issue applies (they are for city and national)
    assert "## Targets" in text
