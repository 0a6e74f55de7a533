"""Work per row, counted in instructions: the 581 CPAS against the largest CPAS alone (issue 11).

    python -m benchmarks.instructions [--data /tmp/activsoc-bench] [--seed 1]

The time per row of the national case is hard to measure on a machine whose speed drifts over minutes:
the largest CPAS alone takes about a second of CPU beyond the start-up, so a few tenths of a second of
drift move its time per row by a third.  Instructions do not drift.  This runs
``activsoc-costs consolidate ... --workers 1`` on the 581 CPAS, on the largest and on the smallest CPAS
alone, each under ``valgrind --tool=cachegrind --cache-sim=no`` with ``PYTHONHASHSEED=0``, and prints the
instructions per input row of the 581 CPAS against the largest one, the smallest CPAS's run (Python's start,
the imports, one small CPAS) taken out of both, as ``benchmarks/run.py`` takes it out of CPU times.

Instructions are not time: a step whose instructions wait on memory, or Python's interpreter against numpy's
loops, takes more time per instruction.  So this figure is shown beside the timed verdict of ``run.py``,
never instead of it.  Needs valgrind; the national run takes about 10 minutes here (two runs at a time).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(inputs: list[str]) -> int:
    """The instructions of one ``consolidate --workers 1`` run of ``inputs`` (one process: every CPAS in it)."""
    cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
           sys.executable, "-m", "activsoc_costs.cli", "consolidate", *inputs, "--json", "--no-xlsx", "--quiet",
           "--workers", "1"]
    env = dict(os.environ, PYTHONHASHSEED="0")
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    m = _REFS.search(done.stderr)
    if m is None:
        raise SystemExit(f"valgrind gave no instruction count: {done.stderr[-2000:]}")
    return int(m.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.instructions", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=os.environ.get("ACTIVSOC_BENCH_DATA", "/tmp/activsoc-bench"))
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(HERE.parent))
    from benchmarks.run import _data, _per_row_growth
    folder, counts = _data("national", args.seed, Path(args.data))
    ranked = sorted(counts, key=lambda f: -sum(counts[f].values()))
    rows = {name: sum(sum(counts[f].values()) for f in fs)
            for name, fs in (("all", ranked), ("largest", ranked[:1]), ("smallest", ranked[-1:]))}
    runs = {"all": [str(folder)], "largest": ranked[:1], "smallest": ranked[-1:]}
    with ThreadPoolExecutor(2) as pool:
        found = dict(zip(runs, pool.map(instructions, runs.values())))
    growth = _per_row_growth(found["all"], found["largest"], found["smallest"],
                             rows["all"], rows["largest"], rows["smallest"])
    per_row = {name: (found[name] - found["smallest"]) / (rows[name] - rows["smallest"])
               for name in ("all", "largest")}
    print(json.dumps({"instructions": found, "rows": rows, "per_row": per_row, "growth": growth}, indent=2))
    print(f"instructions per row, the smallest CPAS's run taken out: 581 CPAS {per_row['all']:,.0f}, "
          f"the largest alone {per_row['largest']:,.0f}: {growth * 100:+.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
