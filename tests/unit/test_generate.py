"""The benchmark data generator (issue 6): seeded, realistic, and loads with no problem.

These tests pin what the benchmarks rely on: the same seed gives the same files,
the generated inputs go through the real loader without a single problem, the
proportions make every rule of the domain notes fire, and euro amounts are in
the range of a real CPAS (EUR 45-55 k employer cost per FTE).  No timing here:
speed is measured in ``benchmarks/``.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from fractions import Fraction

import pandas as pd
import pytest

from activsoc_costs import load, report
from activsoc_costs.cli import main
from activsoc_costs.generate import N_CPAS, NATIONAL_FACTOR, SIZES, generate, generate_cpas, national_specs


def _digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("small")
    counts = generate("small", 7, out)
    return out, counts[str(out)]


@pytest.fixture(scope="module")
def small_loaded(small):
    return load(small[0])


def test_same_seed_same_files_other_seed_other_files(tmp_path, small):
    generate("small", 7, tmp_path / "again")
    generate("small", 8, tmp_path / "other")
    assert _digest(tmp_path / "again") == _digest(small[0])
    assert _digest(tmp_path / "other") != _digest(small[0])


def test_small_has_the_sizes_of_the_issue(small):
    _, counts = small
    assert counts["staff"] == 20 and counts["piis"] == 60 and counts["operating"] == 300
    assert counts["convention"] == 1


def test_files_are_belgian_excel_csv(small):
    folder, _ = small
    names = {p.name for p in folder.iterdir()}
    assert {"convention.csv", "personnel.csv", "paie.csv", "temps.csv", "piis.csv", "fonctionnement.csv",
            "presences.csv", "bilans.csv", "dossiers.csv"} <= names
    raw = (folder / "paie.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, as Excel writes it
    header, first = raw.decode("utf-8-sig").split("\r\n")[:2]
    assert header == "id personnel;mois;coût employeur"
    sid, month, amount = first.split(";")
    assert month.endswith("/2015") and "," in amount  # 3.538,39


def test_generated_inputs_load_without_any_problem(small_loaded, small):
    inputs = small_loaded
    assert inputs.problems == []
    _, counts = small
    # every generated row is read (no row silently dropped)
    assert len(inputs.staff) == counts["staff"]
    assert len(inputs.payroll) == counts["payroll"]
    assert len(inputs.time) == counts["time"]
    assert len(inputs.piis) == counts["piis"]
    assert len(inputs.operating) == counts["operating"]
    assert len(inputs.attendance) == counts["attendance"]


def test_employer_cost_per_fte_is_realistic(small_loaded):
    inputs = small_loaded
    staff = inputs.staff.set_index("id")
    paid = inputs.payroll.groupby("staff_id")["amount"].sum()
    p = inputs.params
    for sid, row in staff.iterrows():
        cost = int(paid.get(sid, 0)) if pd.isna(row["cost"]) else int(row["cost"])
        start = max(p.period_start, row["start"].date()) if not pd.isna(row["start"]) else p.period_start
        end = min(p.period_end, row["end"].date()) if not pd.isna(row["end"]) else p.period_end
        # full-year equivalent per FTE, from whole months paid (arrears lines make it a little higher)
        months = end.month - start.month + 1
        fte = Fraction(row["fte"]) if not pd.isna(row["fte"]) else Fraction(1)
        per_fte_year = Fraction(cost, 100) / fte * 12 / months
        assert 40_000 <= per_fte_year <= 75_000, (sid, float(per_fte_year))


def test_hours_stay_within_what_a_year_allows(small_loaded):
    # the loader refuses more hours than the year allows (hours_above_year); the generator must stay below
    inputs = small_loaded
    worked = inputs.time.groupby("staff_id")["hours_milli"].sum() / 1000
    assert (worked <= 2080).all()
    assert worked.min() > 0


def test_every_rule_of_the_mix_is_present_at_city_proportions(tmp_path):
    # a mid-size CPAS (1/5 of a city) so that every proportion shows; the engine's own verdicts are counted
    spec = SIZES["city"].__class__(staff=200, piis=2000, operating=2000, time=20_000, attendance=5_000, bilans=2_400)
    generate_cpas(tmp_path, spec, seed=3)
    inputs = load(tmp_path)
    assert inputs.problems == []
    figures = report(inputs)
    codes = Counter(w.code for w in figures.warnings)
    for code in ("w_r1_outside_period", "w_r10_funded_elsewhere", "w_r14_no_procurement", "w_r16_too_long",
                 "w_r17_second", "w_r20_no_reason", "w_r9_no_justification"):
        assert codes[code] > 0, code
    staff = inputs.staff
    assert set(staff["key"]) == {"time", "caseload", "direct", "fixed"}
    assert set(staff["method"].dropna()) >= {"hours", "productive_hours"}
    admin = staff[staff["function"] == "administrative"]
    has_just = admin["justification"].fillna("").astype(str).str.strip() != ""
    assert has_just.any() and (~has_just).any()  # R9: with and without justification
    assert staff["start"].notna().any() and staff["end"].notna().any()  # partial years
    assert set(inputs.time["activity"]) == {"social_activation", "social_work", "professional_activation", "other"}
    assert {"professional", "studies"} <= set(inputs.piis["type"])  # R18
    assert {"pre_training_job", "professional_activation", "studies", "participant_refund"} <= set(
        inputs.operating["purpose"])
    traj = figures.trajectories
    assert traj["carry_over"].any()  # R19 flag for next year
    assert (traj["rule"] == "R19").any()  # previous year's PIIS without an intermediate evaluation
    counted_prev = traj[traj["counted"] & (pd.to_datetime(traj["start"]) < pd.Timestamp("2015-01-01"))]
    assert len(counted_prev) > 0  # previous year's PIIS with an evaluation count again (R19)
    # fates reconcile to the cent on the generated data too
    lines = figures.allocation.lines
    assert (lines["claimed"] + lines["not_eligible"] + lines["excluded"] + lines["other_use"]
            == lines["amount"]).all()


def test_national_specs_add_up_to_twenty_cities_over_581_cpas():
    specs = national_specs()
    city = SIZES["city"]
    assert len(specs) == N_CPAS == 581
    for field in ("staff", "piis", "operating", "time", "attendance", "bilans"):
        assert sum(getattr(s, field) for s in specs) == NATIONAL_FACTOR * getattr(city, field)
        assert all(getattr(s, field) > 0 for s in specs)
    # the largest is about city size, most are small
    assert 0.8 * city.staff <= specs[0].staff <= 1.5 * city.staff
    assert sorted(s.staff for s in specs)[N_CPAS // 2] < city.staff / 10


def test_cli_generate_writes_the_folder_and_refuses_inputs(tmp_path, capsys):
    assert main(["generate", "--size", "small", "--seed", "7", str(tmp_path / "g")]) == 0
    assert "1 CPAS" in capsys.readouterr().out
    assert load(tmp_path / "g").problems == []
    from activsoc_costs.cli import default_inputs
    assert main(["generate", "--size", "small", str(default_inputs().parent / "generated")]) == 2
    assert not (default_inputs().parent / "generated").exists()
