"""The what-if budget (activsoc_costs.whatif): scenario -> figures, checked against
figures worked by hand from the Exempleville sample and against a full re-run of
load -> allocate -> summarise on inputs modified the same way."""
from __future__ import annotations

import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from activsoc_costs import load, report
from activsoc_costs.whatif import (Module, Recruit, Scenario, ScenarioError, StaffPlan, WhatIf, compare,
                                   list_scenarios, load_scenario, save_scenario)
from helpers import SAMPLE, cents, write_inputs

BASE_CLAIMED = cents("89 544,21")  # the worked example


@pytest.fixture(scope="module")
def model():
    return WhatIf(load(SAMPLE))


def codes(f):
    return [w.code for w in f.warnings]


def test_no_change_gives_the_report_figures(model):
    f = model.evaluate(Scenario())
    assert (f.claimed, f.accepted, f.balance) == (BASE_CLAIMED, BASE_CLAIMED, cents("42 044,21"))
    assert f.personnel["claimed"] == cents("70 984,21") and f.operating_claimed == cents("18 560,00")
    assert f.counts["piis"] == 8 and f.counts["bilans"] == 15
    assert f.gaps == {"bilans": 15 - 40, "piis": 8 - 25, "2.1": 2 - 5, "2.2": 4 - 15, "2.3": 2 - 5}
    # cost per trajectory: 89 544.21 / 8 = 11 193.02625 -> 11 193.03 (half-up)
    assert f.cost_per_trajectory == cents("11 193,03")
    assert "w_underuse" in codes(f)  # R2: 94.26 % < 95 %


def test_r6_social_activation_hours_of_s1(model):
    # S1: 52 000.00 x 500 h / 1 520 h = 17 105.263 -> 17 105.26 (was 13 684.21)
    f = model.evaluate(Scenario().with_staff("S1", sa_hours=D(500)))
    assert f.staff["S1"].claimed == cents("17 105,26")
    assert f.claimed == BASE_CLAIMED - cents("13 684,21") + cents("17 105,26") == cents("92 965,26")
    assert f.personnel["amount"] == cents("247 500,00")  # the cost does not move, only its fates


def test_r25_hours_above_worked_are_capped_with_a_warning(model):
    f = model.evaluate(Scenario().with_staff("S1", sa_hours=D(2000)))
    assert f.staff["S1"].claimed == cents("52 000,00")
    assert "w_whatif_hours_above_worked" in codes(f)


def test_r9_fixed_share_and_justification(model):
    f = model.evaluate(Scenario().with_staff("S4", share_pct=D(20)))  # 38 000 x 20 % = 7 600
    assert f.claimed == BASE_CLAIMED + cents("3 800,00")
    f = model.evaluate(Scenario().with_staff("S5", justified=True))  # 36 000 x 15 % = 5 400 now claimed
    assert f.claimed == BASE_CLAIMED + cents("5 400,00")
    assert "w_r9_no_justification" not in codes(f)
    f = model.evaluate(Scenario().with_staff("S4", justified=False))  # R9: S4's 3 800 becomes excluded
    assert f.claimed == BASE_CLAIMED - cents("3 800,00")
    assert f.staff["S4"].excluded == cents("3 800,00") and "w_r9_no_justification" in codes(f)


def test_r10_other_funding_and_r2_cap_on_the_grant(model):
    # S6 without the PAS: 60 000 x 50 % = 30 000 claimed (was 24 000); 95 544.21 > 95 000
    f = model.evaluate(Scenario().with_staff("S6", other_funding_pct=D(0)))
    assert f.claimed == cents("95 544,21") and f.accepted == cents("95 000,00")
    assert f.balance == cents("47 500,00")
    assert "w_r10_cap" not in codes(f) and "w_r2_above_granted" in codes(f) and "w_underuse" not in codes(f)
    # S6 with 70 % elsewhere: capped at 30 % -> 18 000
    f = model.evaluate(Scenario().with_staff("S6", other_funding_pct=D(70)))
    assert f.staff["S6"].claimed == cents("18 000,00") and f.staff["S6"].excluded == cents("12 000,00")


def test_caseload_cost_and_removal(model):
    f = model.evaluate(Scenario().with_staff("S2", piis_files=30))  # 40 000 x 30 / 60 = 20 000
    assert f.staff["S2"].claimed == cents("20 000,00")
    f = model.evaluate(Scenario().with_staff("S2", cost=cents("50 000,00")))  # 50 000 x 12 / 60
    assert f.staff["S2"].claimed == cents("10 000,00")
    f = model.evaluate(Scenario().with_staff("S3", removed=True))
    assert f.claimed == BASE_CLAIMED - cents("21 500,00")
    assert f.personnel["amount"] == cents("247 500,00") - cents("21 500,00")


def test_planned_recruits(model):
    sc = Scenario(recruits=[Recruit("N1", "teacher", cents("30 000,00"), "direct")])
    assert model.evaluate(sc).claimed == BASE_CLAIMED + cents("30 000,00")
    sc = Scenario(recruits=[Recruit("N2", "administrative", cents("40 000,00"), "fixed", D(25), justified=False)])
    f = model.evaluate(sc)
    assert f.claimed == BASE_CLAIMED and f.staff["N2"].excluded == cents("10 000,00")
    assert any(w.code == "w_r9_no_justification" and w.value == "N2" for w in f.warnings)
    sc = Scenario(recruits=[Recruit("N3", "social_worker", cents("40 000,00"), "time", D(50),
                                    other_funding_pct=D(60))])
    f = model.evaluate(sc)  # R10: 50 % + 60 % > 100 % -> 40 % = 16 000
    assert f.staff["N3"].claimed == cents("16 000,00") and "w_r10_cap" in codes(f)


def test_r11_modules_and_operating_by_purpose(model):
    sc = Scenario(modules=[Module("vélo", D(10), 12), Module("FLE", D("2.5"), 4, rate=150)])
    f = model.evaluate(sc)  # 10 h x 12 x 1.00 + 2.5 h x 4 x 1.50 = 120.00 + 15.00
    assert f.refunds_planned == cents("135,00") and f.claimed == BASE_CLAIMED + cents("135,00")
    f = model.evaluate(Scenario(operating={"literacy": cents("5 000,00")}))  # replaces O11's 3 000
    assert f.operating_claimed == cents("20 560,00")
    assert f.operating_by_purpose["literacy"] == cents("5 000,00")


def test_r2_r5_granted_and_advance(model, tmp_path):
    f = model.evaluate(Scenario(granted=cents("80 000,00")))
    assert (f.granted, f.advance, f.accepted, f.balance) == (cents("80 000,00"), cents("40 000,00"),
                                                               cents("80 000,00"), cents("40 000,00"))
    assert "w_r2_above_granted" in codes(f)
    f = model.evaluate(Scenario(amount_2014=cents("70 000,00")))  # 2015: no uplift
    assert f.granted == cents("95 000,00") and "w_whatif_no_uplift" in codes(f)
    folder = write_inputs(tmp_path / "y2016", convention={"year": 2016, "granted": "", "amount_2014": "50000,00"})
    m16 = WhatIf(load(folder))
    assert m16.evaluate().granted == cents("60 000,00")
    f = m16.evaluate(Scenario(amount_2014=cents("70 000,00")))  # R5: 70 000 + 20 %
    assert f.granted == cents("84 000,00") and f.advance == cents("42 000,00")


def test_r15_planned_trajectories(model):
    f = model.evaluate(Scenario(piis={"2.1": 5, "2.2": 15, "2.3": 5}, bilans=40))
    assert f.counts["piis"] == 25 and all(v == 0 for v in f.gaps.values())
    assert f.cost_per_trajectory == cents("3 581,77")  # 89 544.21 / 25 = 3 581.7684
    f = model.evaluate(Scenario(piis={"2.1": 0, "2.2": 0, "2.3": 0}))
    assert f.cost_per_trajectory is None and "w_no_piis" in codes(f)


def test_a_change_recomputes_only_the_touched_staff(model):
    calls = []
    orig = model._compute_staff
    model._compute_staff = lambda sid, plan: calls.append(sid) or orig(sid, plan)
    try:
        sc = Scenario().with_staff("S1", sa_hours=D(450)).with_staff("S4", share_pct=D(12))
        model.evaluate(sc)
        calls.clear()
        model.evaluate(sc.with_staff("S4", share_pct=D(13)))
        assert calls == ["S4"]
    finally:
        del model._compute_staff


# ---------------------------------------------------------------- the same as a full re-run

def _modified_sample(tmp: Path, s1_sa: int, s4_pct: int, s6_other: int, s5_just: bool) -> Path:
    """The sample with S1's social-activation hours moved from social work (per quarter),
    S4's fixed share, S6's other funding and S5's justification changed in the CSV files."""
    out = tmp / "in"
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(SAMPLE, out)
    t = (out / "temps.csv").read_text(encoding="utf-8-sig").splitlines()
    # per quarter S1 has 350 h of social activation + social work (and 30 h other): fill quarters in turn
    left, per_quarter = s1_sa, {}
    for q in ("31/03", "30/06", "30/09", "31/12"):
        per_quarter[q], left = min(350, left), left - min(350, left)
    new = [t[0]]
    for line in t[1:]:
        sid, date, act, h = line.split(";")
        if sid == "S1" and act == "activation sociale":
            new.append(f"{sid};{date};{act};{per_quarter[date[:5]]}")
        elif sid == "S1" and act == "travail social":
            new.append(f"{sid};{date};{act};{350 - per_quarter[date[:5]]}")  # 380 h a quarter stays
        else:
            new.append(line)
    (out / "temps.csv").write_text("\ufeff" + "\n".join(new) + "\n", encoding="utf-8")
    p = (out / "personnel.csv").read_text(encoding="utf-8-sig").splitlines()
    p = [ln.replace(";part fixe;;10;", f";part fixe;;{s4_pct};") for ln in p]
    # (1 alone in its column is refused, percent_one: 100 % as a fraction, or 1 %? The officer types "1 %")
    p = [ln.replace(";60;PAS", f";{s6_other}{' %' if s6_other == 1 else ''};PAS") for ln in p]
    if s5_just:
        p = [ln.replace("part fixe;;15;;", "part fixe;;15;saisie des présences;") for ln in p]
    (out / "personnel.csv").write_text("\ufeff" + "\n".join(p) + "\n", encoding="utf-8")
    return out


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(s1_sa=1399, s4_pct=0, s6_other=0, s5_just=False)
@given(s1_sa=st.integers(0, 1400), s4_pct=st.integers(0, 100), s6_other=st.integers(0, 100), s5_just=st.booleans())
def test_scenario_equals_a_full_rerun_on_modified_inputs(model, tmp_path, s1_sa, s4_pct, s6_other, s5_just):
    rerun = report(load(_modified_sample(tmp_path, s1_sa, s4_pct, s6_other, s5_just)))
    assert not rerun.problems
    sc = (Scenario().with_staff("S1", sa_hours=D(s1_sa)).with_staff("S4", share_pct=D(s4_pct))
          .with_staff("S6", other_funding_pct=D(s6_other)).with_staff("S5", justified=s5_just))
    f = model.evaluate(sc)
    assert (f.claimed, f.accepted, f.balance) == (rerun.claimed, rerun.accepted, rerun.balance)
    assert f.personnel == {k: rerun.personnel[k] for k in f.personnel}
    assert sorted(codes(f)) == sorted(w.code for w in rerun.warnings)


# ---------------------------------------------------------------- scenarios as files

def test_scenario_json_roundtrip_save_load_compare(model, tmp_path):
    sc = Scenario(name="Plan B / 2015", staff={"S1": StaffPlan(sa_hours=D("512.5")), "S5": StaffPlan(justified=True)},
                  recruits=[Recruit("N1", cost=cents("1 234,56"))], piis={"2.2": 10}, bilans=30,
                  modules=[Module("vélo", D(3), 7)], operating={"literacy": cents("100,01")},
                  granted=cents("99 999,99"), budget={"personnel": cents("70 000,00")})
    assert Scenario.from_json(sc.to_json()) == sc
    assert '"1234.56"' in sc.to_json() and '"99999.99"' in sc.to_json()  # exact strings, never floats
    path = save_scenario(sc, tmp_path / "scenarios")
    assert path.parent == tmp_path / "scenarios" and "/" not in path.name[:-5]
    assert load_scenario(path) == sc and list_scenarios(tmp_path / "scenarios") == [path.stem]
    table = compare(model, [Scenario(name="base"), Scenario(name="S4 20 %").with_staff("S4", share_pct=D(20))])
    assert list(table.columns) == ["base", "S4 20 %"]
    assert table.loc["claimed", "S4 20 %"] - table.loc["claimed", "base"] == cents("3 800,00")


@pytest.mark.parametrize("bad, field", [
    ({"granted": "12.345"}, "granted"), ({"staff": {"S1": {"share_pct": "120"}}}, "staff.S1.share_pct"),
    ({"operating": {"studies": "10"}}, "operating.studies"), ({"piis": {"2.4": 1}}, "piis.2.4"),
    ({"staff": {"S1": {"colour": "red"}}}, "staff.S1.colour"), ({"bilans": "-3"}, "bilans"),
])
def test_bad_scenario_values_are_reported_in_french_and_dutch(bad, field):
    with pytest.raises(ScenarioError) as e:
        Scenario.from_dict(bad, file="x.json")
    p = e.value.problems[0]
    assert p.file == "x.json" and p.column == field and field in p.message_fr and field in p.message_nl
    with pytest.raises(ScenarioError):
        Scenario.from_json("{not json", file="x.json")


def test_unknown_staff_in_a_scenario_is_an_error(model):
    with pytest.raises(ScenarioError) as e:
        model.evaluate(Scenario().with_staff("S99", share_pct=D(10)))
    assert e.value.problems[0].code == "scenario_unknown_staff"


def test_a_scenario_as_inputs_gives_the_same_figures_line_by_line(model):
    """The spreadsheet of a scenario is made from the scenario applied to the inputs:
    load's tables changed, then the full allocate -> summarise."""
    from activsoc_costs.whatif import scenario_figures
    sc = (Scenario(name="mix", recruits=[Recruit("N1", "teacher", cents("30 000,00"), "direct"),
                                         Recruit("N2", "administrative", cents("40 000,00"), "fixed", D(25))],
                   modules=[Module("vélo", D(10), 12), Module("FLE", D("2.5"), 4, rate=150)],
                   operating={"literacy": cents("5 000,00")}, piis={"2.2": 9}, granted=cents("120 000,00"))
          .with_staff("S1", sa_hours=D(600)).with_staff("S2", piis_files=20).with_staff("S3", removed=True)
          .with_staff("S4", share_pct=D(30)).with_staff("S5", justified=True)
          .with_staff("S6", other_funding_pct=D(20), cost=cents("61 000,00")))
    planned = model.evaluate(sc)
    figures, inputs = scenario_figures(model, sc)
    assert not figures.problems
    assert (figures.claimed, figures.accepted, figures.balance, figures.granted) == \
        (planned.claimed, planned.accepted, planned.balance, planned.granted)
    assert figures.personnel == planned.personnel
    assert figures.operating["claimed"] == planned.operating_claimed
    assert figures.counts["2.2"] == 9 and figures.counts["piis"] == planned.counts["piis"]
    lines = figures.allocation.lines
    assert lines["claimed"].sum() + lines["not_eligible"].sum() + lines["excluded"].sum() \
        + lines["other_use"].sum() == lines["amount"].sum()
    # the loaded inputs are untouched
    assert model.evaluate(Scenario()).claimed == BASE_CLAIMED and len(model.inputs.staff) == 6
