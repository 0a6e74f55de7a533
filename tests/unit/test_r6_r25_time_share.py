"""R6 (time share), R25 (social work is not social activation), and the
productive-hours method."""
from fractions import Fraction

from activsoc_costs import load, report
from helpers import write_inputs


def line(figures, ref):
    l = figures.allocation.lines
    return l[l["ref"] == ref].iloc[0]


def test_time_share_counts_only_social_activation_hours(tmp_path):
    # 300 h social activation, 600 h social work (R25), 100 h other: share 30 %
    write_inputs(tmp_path, staff=[{"id": "A", "function": "social_worker", "cost": "50.000,00", "key": "time"}],
                 time=[{"staff_id": "A", "activity": "social_activation", "hours": "300"},
                       {"staff_id": "A", "activity": "social_work", "hours": "600"},
                       {"staff_id": "A", "activity": "other", "hours": "100"}])
    inputs = load(tmp_path)
    assert inputs.problems == []
    r = line(report(inputs), "A")
    assert (r.claimed, r.not_eligible, r.excluded, r.other_use) == (1_500_000, 0, 0, 3_500_000)
    assert "R25" in r.rules


def test_professional_activation_hours_are_not_eligible(tmp_path):
    # 1 000 h: 250 social activation, 250 professional activation (R13), 500 social work
    write_inputs(tmp_path, staff=[{"id": "A", "function": "social_worker", "cost": "40000", "key": "time"}],
                 time=[{"staff_id": "A", "activity": "social_activation", "hours": "250"},
                       {"staff_id": "A", "activity": "professional_activation", "hours": "250"},
                       {"staff_id": "A", "activity": "social_work", "hours": "500"}])
    r = line(report(load(tmp_path)), "A")
    assert (r.claimed, r.not_eligible, r.other_use) == (1_000_000, 1_000_000, 2_000_000)


def test_fractional_hours_sum_exactly(tmp_path):
    # 3 x 0,1 h = 0,3 h exactly, of 0,9 h: one third of 100.00 -> 33.33
    rows = [{"staff_id": "A", "activity": "social_activation", "hours": "0,1"} for _ in range(3)]
    rows += [{"staff_id": "A", "activity": "social_work", "hours": "0,3"} for _ in range(2)]
    write_inputs(tmp_path, staff=[{"id": "A", "function": "social_worker", "cost": "100", "key": "time"}], time=rows)
    r = line(report(load(tmp_path)), "A")
    assert r.claimed == 3333 and r.other_use == 6667


def test_productive_hours_method(tmp_path):
    # rate = 43 000 / 1 720 h = 25 €/h; 430 h social activation -> 10 750.00 (R6)
    write_inputs(tmp_path, staff=[{"id": "A", "function": "social_worker", "cost": "43000", "key": "time",
                                   "method": "productive_hours"}],
                 time=[{"staff_id": "A", "activity": "social_activation", "hours": "430"},
                       {"staff_id": "A", "activity": "social_work", "hours": "1400"}])
    f = report(load(tmp_path))
    r = line(f, "A")
    assert r.claimed == 1_075_000 and r.other_use == 4_300_000 - 1_075_000
    assert f.allocation.staff["A"].productive_hours == 1720


def test_productive_hours_pro_rata_of_fte_and_period(tmp_path):
    # half-time from 1 July: 1 720 x 0.5 x 184/365 productive hours; 200 h social activation
    write_inputs(tmp_path, staff=[{"id": "A", "function": "teacher", "cost": "10000", "key": "time", "fte": "0,5",
                                   "start": "01/07/2015", "method": "productive_hours"}],
                 time=[{"staff_id": "A", "activity": "social_activation", "hours": "200"}])
    f = report(load(tmp_path))
    prod = Fraction(1720) * Fraction(1, 2) * Fraction(184, 365)
    assert f.allocation.staff["A"].productive_hours == prod
    exact = Fraction(1_000_000) * 200 / prod           # 4 613.80... €
    assert line(f, "A").claimed == int(exact + Fraction(1, 2))


def test_productive_hours_exceeded_is_refused(tmp_path):
    write_inputs(tmp_path, staff=[{"id": "A", "function": "social_worker", "cost": "43000", "key": "time",
                                   "method": "productive_hours", "productive_hours": "1000"}],
                 time=[{"staff_id": "A", "activity": "social_activation", "hours": "1001"}])
    inputs = load(tmp_path)
    codes = [p.code for p in inputs.problems]
    assert codes == ["hours_above_productive"]
    assert inputs.problems[0].rule == "R6" and inputs.problems[0].file == "staff.csv"


def test_time_key_without_records_is_refused(tmp_path):
    write_inputs(tmp_path, staff=[{"id": "A", "function": "social_worker", "cost": "43000", "key": "time"}])
    assert [p.code for p in load(tmp_path).problems] == ["no_time_records"]
