"""R1 on every dated input (domain.md, binding choice; issue 9 item 2): a staff period
outside the convention period, time and caseload records dated outside it, and PIIS
that ended or were left before it (or start after it) do not count."""
from activsoc_costs import load, report
from helpers import write_inputs


def line(f, id_):
    l = f.allocation.lines.set_index("id")
    r = l.loc[id_]
    return (int(r.claimed), int(r.not_eligible), int(r.excluded), int(r.other_use))


def test_annual_cost_of_a_staff_period_wholly_in_the_previous_year_is_excluded(tmp_path):
    # teacher, direct 100 %, 30 000.00 for 01/01/2014-31/12/2014: nothing of it is 2015's -> 30 000.00 excluded (R1)
    staff = [{"id": "T", "function": "teacher", "cost": "30000,00", "key": "direct",
              "start": "01/01/2014", "end": "31/12/2014"}]
    f = report(load(write_inputs(tmp_path, staff=staff)))
    assert f.problems == []
    assert line(f, "T") == (0, 0, 3_000_000, 0)
    assert "R1" in f.allocation.lines.set_index("id").loc["T", "rules"]
    w = [w for w in f.warnings if w.code == "w_r1_staff_outside_period"]
    assert len(w) == 1 and w[0].value == "T" and w[0].rule == "R1"


def test_annual_cost_of_a_staff_period_straddling_the_boundary_is_refused(tmp_path):
    # 01/07/2014-30/06/2015 with an annual cost: which part is 2015's? We do not guess a pro rata.
    staff = [{"id": "T", "function": "teacher", "cost": "30000,00", "key": "direct",
              "start": "01/07/2014", "end": "30/06/2015"}]
    p = load(write_inputs(tmp_path, staff=staff)).problems
    assert [x.code for x in p] == ["r1_cost_straddles_period"]
    assert p[0].value == "T" and p[0].row == 2 and p[0].rule == "R1"
    assert "paie" in p[0].message_fr and "loonlijnen" in p[0].message_nl


def test_time_records_of_the_previous_year_do_not_change_the_key(tmp_path):
    # 2015: 100 h social activation of 1 000 h -> 10 %; 800 h of social activation dated 2014
    # would make it 900 / 1 800 = 50 %. R1: the 2014 hours are left out: 10 % of 40 000.00 = 4 000.00.
    staff = [{"id": "A", "function": "social_worker", "cost": "40000,00", "key": "time"}]
    time = [{"staff_id": "A", "date": "30/06/2015", "activity": "social_activation", "hours": "100"},
            {"staff_id": "A", "date": "30/06/2015", "activity": "social_work", "hours": "900"},
            {"staff_id": "A", "date": "31/12/2014", "activity": "social_activation", "hours": "800"}]
    f = report(load(write_inputs(tmp_path, staff=staff, time=time)))
    assert f.problems == []
    assert line(f, "A") == (400_000, 0, 0, 3_600_000)
    w = [w for w in f.warnings if w.code == "w_r1_records_outside_period"]
    assert len(w) == 1 and w[0].value == "A" and w[0].row == 4 and "800,00 h" in w[0].message_fr and "800,00 u" in w[0].message_nl


def test_undated_time_records_are_the_years(tmp_path):
    # undated records: the time table is the convention year's record (README): 300 / 1 200 = 25 % of 40 000.00
    staff = [{"id": "A", "function": "social_worker", "cost": "40000,00", "key": "time"}]
    time = [{"staff_id": "A", "date": "", "activity": "social_activation", "hours": "300"},
            {"staff_id": "A", "date": "", "activity": "social_work", "hours": "900"}]
    f = report(load(write_inputs(tmp_path, staff=staff, time=time)))
    assert line(f, "A") == (1_000_000, 0, 0, 3_000_000)
    assert not [w for w in f.warnings if w.code == "w_r1_records_outside_period"]


def test_caseload_records_outside_the_period_do_not_count(tmp_path):
    # 2015: 6 of 30 files -> 20 % of 40 000.00 = 8 000.00; the 2016 record (30 of 30) is left out
    staff = [{"id": "A", "function": "social_worker", "cost": "40000,00", "key": "caseload"}]
    cl = [{"staff_id": "A", "date": "31/12/2015", "piis_files": 6, "all_files": 30},
          {"staff_id": "A", "date": "31/01/2016", "piis_files": 30, "all_files": 30}]
    f = report(load(write_inputs(tmp_path, staff=staff, caseload=cl)))
    assert line(f, "A") == (800_000, 0, 0, 3_200_000)
    w = [w for w in f.warnings if w.code == "w_r1_records_outside_period"]
    assert len(w) == 1 and "30/30" in w[0].message_fr


def test_piis_left_before_the_period_or_starting_after_it_is_not_counted(tmp_path):
    piis = [{"id": "A", "person": "B1", "type": "2.2", "start": "01/09/2014", "end": "31/08/2015",
             "evaluation": "15/12/2014", "left_on": "20/12/2014", "leave_reason": "déménagement"},
            {"id": "B", "person": "B2", "type": "2.2", "start": "01/01/2016", "end": "31/12/2016"},
            {"id": "C", "person": "B3", "type": "2.2", "start": "01/02/2015", "end": "31/01/2016"}]
    f = report(load(write_inputs(tmp_path, piis=piis)))
    t = f.trajectories.set_index("id")
    assert {i: (bool(t.loc[i, "counted"]), t.loc[i, "rule"], t.loc[i, "reason"]) for i in t.index} == {
        "A": (False, "R1", "left_before_period"), "B": (False, "R1", "outside_period"), "C": (True, "", "")}
    assert f.counts["piis"] == 1
