"""One benchmark case, run in its own process so that its peak memory is its own.

    python -m benchmarks.case CASE DATA [options as JSON]

Prints one JSON object on stdout: the measured seconds, the peak resident set
size of this process (``ru_maxrss``), the resident size just before the
measured part, and what the case needs to report.  Imports and data
preparation that a case does not measure happen before the clock starts.

Cases:
  report    read, validate, allocate, summarise one CPAS folder (the full
            report without the spreadsheet);
  national  the same over every CPAS folder of DATA, then the national totals
            (``consolidate``); ``workers`` > 1 runs folders in parallel;
  export    ``activsoc_costs.export.export`` of the report (the workbook);
  to_excel  the obvious alternative: ``DataFrame.to_excel(engine="openpyxl")``
            of the same detail rows (allocation lines and trajectories);
  whatif    ``WhatIf.evaluate`` after one control change, many times: p50/p95;
  app       the what-if app's whole update after one control change (a widget's
            value set as the officer types it: the evaluation, the results'
            HTML, the chart, the warnings, the monitoring tab), many times: p50/p95.
"""
from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def _rss_now_kib() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _peak_kib(children: bool = False) -> int:
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss  # KiB on Linux


def _report(folder: str):
    from activsoc_costs import load, report
    inputs = load(folder)
    if inputs.problems:
        raise SystemExit(f"{folder}: {len(inputs.problems)} problems, first: {inputs.problems[0].message_fr}")
    return inputs, report(inputs)


def _totals(figures) -> dict:
    return {"claimed": figures.claimed, "accepted": figures.accepted, "granted": figures.granted,
            "balance": figures.balance, "piis": figures.counts["piis"], "bilans": figures.counts["bilans"],
            "lines": len(figures.allocation.lines), "warnings": len(figures.warnings)}


def _one_cpas(folder: str) -> dict:
    inputs, figures = _report(folder)
    return _totals(figures)


def consolidate(folders: list[str], workers: int = 1) -> dict:
    """The national run: every CPAS's report, added up (each CPAS has its own
    convention, so the engine runs once per folder; only totals are kept)."""
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_one_cpas, folders, chunksize=4))
    else:
        results = [_one_cpas(f) for f in folders]
    total = {k: sum(r[k] for r in results) for k in results[0]}
    total["cpas"] = len(results)
    return total


def case_report(data: str, opts: dict) -> dict:
    import activsoc_costs.summarise  # noqa: F401  (imports outside the clock)
    before = _rss_now_kib()
    c0, t0 = time.process_time(), time.perf_counter()
    inputs, figures = _report(data)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "cpu_seconds": time.process_time() - c0, "rss_before_kib": before,
            "totals": _totals(figures)}


def case_national(data: str, opts: dict) -> dict:
    import activsoc_costs.summarise  # noqa: F401
    folders = sorted(str(p) for p in Path(data).iterdir() if p.is_dir())
    workers = int(opts.get("workers", 1))
    before = _rss_now_kib()
    c0, t0 = time.process_time(), time.perf_counter()
    total = consolidate(folders, workers)
    seconds = time.perf_counter() - t0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"seconds": seconds, "cpu_seconds": time.process_time() - c0 + children.ru_utime + children.ru_stime,
            "rss_before_kib": before, "totals": total, "workers": workers,
            "peak_children_kib": _peak_kib(children=True) if workers > 1 else 0}


def case_export(data: str, opts: dict) -> dict:
    from activsoc_costs.export import export
    inputs, figures = _report(data)
    out = tempfile.mkdtemp(prefix="activsoc-bench-export-")
    before = _rss_now_kib()
    c0, t0 = time.process_time(), time.perf_counter()
    paths = export(figures, inputs, out, opts.get("lang", "fr"), force=True)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0
    size = sum(p.stat().st_size for p in paths)
    for p in paths:
        p.unlink()
    return {"seconds": seconds, "cpu_seconds": cpu, "rss_before_kib": before, "bytes": size,
            "rows": _detail_rows(figures)}


def _detail_rows(figures) -> int:
    return len(figures.allocation.lines) + len(figures.trajectories)


def case_to_excel(data: str, opts: dict) -> dict:
    import pandas as pd
    inputs, figures = _report(data)
    out = Path(tempfile.mkdtemp(prefix="activsoc-bench-openpyxl-")) / "detail.xlsx"
    lines, traj = figures.allocation.lines, figures.trajectories
    before = _rss_now_kib()
    c0, t0 = time.process_time(), time.perf_counter()
    # what a user would write: the detail rows, amounts in euro, one sheet each, through openpyxl
    money = ["amount", "claimed", "not_eligible", "excluded", "other_use"]
    with pd.ExcelWriter(out, engine="openpyxl") as xw:
        lines.assign(**{c: lines[c] / 100 for c in money}).to_excel(xw, sheet_name="lines", index=False)
        traj.to_excel(xw, sheet_name="trajectories", index=False)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0
    size = out.stat().st_size
    out.unlink()
    return {"seconds": seconds, "cpu_seconds": cpu, "rss_before_kib": before, "bytes": size,
            "rows": _detail_rows(figures)}


def case_whatif(data: str, opts: dict) -> dict:
    """Latency of one control change: each evaluation changes one control the
    officer can move (a staff member's social-activation hours, a fixed share,
    the other-funding percentage, the granted amount) to a new value, so the
    changed staff member is computed, not served from the memo; the changes
    accumulate in one scenario, as in the widget."""
    import random
    from decimal import Decimal
    from activsoc_costs.whatif import Scenario, WhatIf
    inputs, figures = _report(data)
    t0 = time.perf_counter()
    model = WhatIf(inputs, figures)
    build = time.perf_counter() - t0
    rng = random.Random(int(opts.get("seed", 1)))
    staff = inputs.staff
    timed = staff.loc[staff["key"] == "time", "id"].tolist()
    fixed = staff.loc[staff["key"] == "fixed", "id"].tolist()
    everyone = staff["id"].tolist()
    n = int(opts.get("changes", 300))
    scenario = Scenario(name="bench")
    model.evaluate(scenario)  # the widget shows the base figures first
    before = _rss_now_kib()
    lat = []
    for i in range(n):
        kind = i % 4
        if kind == 0 and timed:
            sid = rng.choice(timed)
            base = model.shares[sid].sa_hours / 1000
            scenario = scenario.with_staff(sid, sa_hours=Decimal(int(base * rng.uniform(0.5, 1.0))))
        elif kind == 1 and fixed:
            scenario = scenario.with_staff(rng.choice(fixed), share_pct=Decimal(rng.randint(5, 40)))
        elif kind == 2:
            scenario = scenario.with_staff(rng.choice(everyone), other_funding_pct=Decimal(rng.choice([0, 20, 50])))
        else:
            from dataclasses import replace
            scenario = replace(scenario, granted=int(figures.granted * rng.uniform(0.8, 1.2)))
        t = time.perf_counter()
        result = model.evaluate(scenario)
        lat.append(time.perf_counter() - t)
    assert result.claimed >= 0
    lat.sort()
    return {"seconds": lat, "cpu_seconds": sum(lat), "build_seconds": build, "rss_before_kib": before, "changes": n,
            "p50": lat[len(lat) // 2], "p95": lat[min(len(lat) - 1, int(round(0.95 * (len(lat) - 1))))],
            "max": lat[-1], "staff_in_scenario": len(scenario.staff)}


def case_app(data: str, opts: dict) -> dict:
    """The app's update after one control change, measured on what the app runs: each
    change sets one widget's value (the observer evaluates the scenario and renders
    every output: results, chart, warnings, staff line, monitoring).  The changes turn
    in the order of ``case_whatif`` (hours of a time-key member, a fixed share, an
    other-funding percentage, the granted amount), each to a new value."""
    import random
    from activsoc_costs.app import WhatIfApp
    inputs, figures = _report(data)
    t0 = time.perf_counter()
    app = WhatIfApp(inputs, lang="fr", out_dir=tempfile.mkdtemp(prefix="activsoc-bench-app-"))
    build = time.perf_counter() - t0
    rng = random.Random(int(opts.get("seed", 1)))
    staff = inputs.staff
    timed = staff.loc[staff["key"] == "time", "id"].tolist()
    fixed = staff.loc[staff["key"] == "fixed", "id"].tolist()
    everyone = staff["id"].tolist()
    n = int(opts.get("changes", 200))
    before = _rss_now_kib()
    lat = []
    for i in range(n):
        kind = i % 4
        # selecting a member fills the controls (not timed: the officer picks, then types)
        # the value is typed as the officer types it (text in their format: "312", "20", "1234567,89")
        if kind == 0 and timed:
            sid = app.staff_select.value = rng.choice(timed)
            w, v = app.sa_hours, str(int(app.model.shares[sid].sa_hours / 1000 * rng.uniform(0.5, 1.0)))
        elif kind == 1 and fixed:
            app.staff_select.value = rng.choice(fixed)
            w, v = app.share_pct, str(rng.randint(5, 40))
        elif kind == 2:
            app.staff_select.value = rng.choice(everyone)
            w, v = app.other_funding, str(rng.choice([0, 20, 50]))
        else:
            c = int(figures.granted * rng.uniform(0.8, 1.2))
            w, v = app.granted, f"{c // 100},{c % 100:02d}"
        if w.value == v:  # a new value, so that the app recomputes
            v = v + "1" if kind in (0, 3) else str(int(v) + 1)
        t = time.perf_counter()
        w.value = v
        lat.append(time.perf_counter() - t)
        assert "color:#b00" not in app.message_out.value, app.message_out.value  # taken, not refused
    assert app.figures is not None and app.figures.claimed >= 0 and app.monitoring is not None
    lat.sort()
    return {"seconds": lat, "cpu_seconds": sum(lat), "build_seconds": build, "rss_before_kib": before, "changes": n,
            "p50": lat[len(lat) // 2], "p95": lat[min(len(lat) - 1, int(round(0.95 * (len(lat) - 1))))],
            "max": lat[-1], "staff_in_scenario": len(app.scenario.staff)}


def _tree_rss_kib(root: int) -> int:
    """Resident size of ``root`` and all its descendants now (KiB), read from /proc."""
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/status") as f:
                pp = r = 0
                for line in f:
                    if line.startswith("PPid:"):
                        pp = int(line.split()[1])
                    elif line.startswith("VmRSS:"):
                        r = int(line.split()[1])
            parent[int(d)], rss[int(d)] = pp, r
        except (OSError, ValueError):
            continue
    total = 0
    for pid, r in rss.items():
        p, seen = pid, 0
        while p and p != root and seen < 64:
            p, seen = parent.get(p, 0), seen + 1
        if p == root:
            total += r
    return total


def case_read_floor(data: str, opts: dict) -> dict:
    """The floor of issue 11: a bare pandas read (``pd.read_csv(f, sep=";")``, one process) of every
    CSV file of every CPAS folder of DATA, nothing else."""
    import pandas as pd
    files = sorted(str(f) for f in Path(data).rglob("*.csv"))
    before = _rss_now_kib()
    c0, t0 = time.process_time(), time.perf_counter()
    rows = 0
    for f in files:
        rows += len(pd.read_csv(f, sep=";"))
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "cpu_seconds": time.process_time() - c0, "rss_before_kib": before,
            "files": len(files), "rows": rows}


def case_consolidate_cli(data: str, opts: dict) -> dict:
    """``activsoc-costs consolidate DATA --json --no-xlsx --quiet [--workers N]`` as a user runs it (the
    command line in a subprocess, imports included); peak memory = the largest sum of the resident
    sizes of the command and its worker processes, sampled every 50 ms."""
    import subprocess
    workers = opts.get("workers")
    cmd = [sys.executable, "-m", "activsoc_costs.cli", "consolidate", *opts.get("inputs", [data]), "--json",
           "--no-xlsx", "--quiet"] + (["--workers", str(workers)] if workers else [])
    out = tempfile.NamedTemporaryFile(prefix="activsoc-bench-consolidate-", suffix=".json", delete=False)
    c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_kib(proc.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - t0
    c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    err = proc.stderr.read().decode("utf-8", "replace")
    out.close()
    text = Path(out.name).read_text(encoding="utf-8")
    os.unlink(out.name)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"consolidate failed ({proc.returncode}): {err[-2000:]} {text[-1000:]}")
    result = json.loads(text)
    t = result["totals"]
    return {"seconds": seconds, "cpu_seconds": (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime),
            "rss_before_kib": 0, "peak_kib": peak, "exit": proc.returncode, "workers": workers or os.cpu_count(),
            "totals": {"cpas": t["cpas"], "claimed": t["claimed"], "granted": t["granted"], "accepted": t["accepted"],
                       "problems": result["problems_count"]}}


def _rss_now_kib_of(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


CASES = {"report": case_report, "national": case_national, "export": case_export, "to_excel": case_to_excel,
         "whatif": case_whatif, "app": case_app, "read_floor": case_read_floor,
         "consolidate_cli": case_consolidate_cli}


def main(argv: list[str]) -> int:
    case, data = argv[0], argv[1]
    opts = json.loads(argv[2]) if len(argv) > 2 else {}
    result = CASES[case](data, opts)
    result.setdefault("peak_kib", _peak_kib())  # consolidate_cli: the command's process tree, sampled
    result["case"] = case
    result["pid"] = os.getpid()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
