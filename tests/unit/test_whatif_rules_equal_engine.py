"""The what-if applies the engine's rules (issue 9): one personnel line per staff member,
R1 on payroll months and dated records, R8 direct key, and the monitoring of a line that
sums payroll months.  Figures worked by hand in the comments."""
from __future__ import annotations

import datetime as dt

from activsoc_costs import load, report
from activsoc_costs.whatif import Scenario, StaffPlan, WhatIf, monitor, scenario_figures
from helpers import cents, write_inputs

STAFF = [{"id": "A", "function": "social_worker", "key": "caseload"},          # payroll, 1/3
         {"id": "C", "function": "coordinator", "cost": "60000,00", "key": "direct"}]  # R8, no justification
PAYROLL = ([{"staff_id": "A", "month": "12/2014", "amount": "1000,00"}] +
           [{"staff_id": "A", "month": f"{m:02d}/2015", "amount": "1000,00"} for m in range(1, 13)])
CASELOAD = [{"staff_id": "A", "date": "31/12/2015", "piis_files": 1, "all_files": 3},
            {"staff_id": "A", "date": "31/12/2014", "piis_files": 9, "all_files": 9}]   # R1: left out


def inputs(tmp_path, **staff_extra):
    staff = [dict(s, **staff_extra.get(s["id"], {})) for s in STAFF]
    return load(write_inputs(tmp_path, staff=staff, payroll=PAYROLL, caseload=CASELOAD))


def test_empty_scenario_equals_the_engine(tmp_path):
    inp = inputs(tmp_path)
    f = report(inp)
    w = WhatIf(inp, f).evaluate(Scenario())
    # A: 12 000.00 in the period x 1/3 = 4 000.00 claimed; 12/2014: 333.33 excluded (R1)
    # C: 60 000.00 excluded (R8, no justification)
    assert f.personnel["claimed"] == w.personnel["claimed"] == cents("4 000,00")
    assert f.personnel["excluded"] == w.personnel["excluded"] == cents("60 333,33")
    assert w.personnel == f.personnel


def test_justifying_the_direct_key_in_the_whatif_equals_typing_it(tmp_path):
    sc = Scenario(staff={"C": StaffPlan(justified=True)})
    model = WhatIf(inputs(tmp_path / "a"))
    typed = report(inputs(tmp_path / "b", C={"justification": "coordination exclusive des parcours PIIS AS"}))
    assert model.evaluate(sc).personnel == typed.personnel
    assert model.evaluate(sc).personnel["claimed"] == cents("64 000,00")   # 4 000.00 + 60 000.00
    f, _ = scenario_figures(model, sc)
    assert f.personnel == typed.personnel


def test_monitoring_counts_a_summed_payroll_line_by_the_months_ended(tmp_path):
    # A's line: 4 000.00 claimed for 12 000.00 of months; by 30/06 six months (6 000.00) have ended:
    # 4 000.00 x 6 000 / 12 000 = 2 000.00. C claims nothing. The 12/2014 line claims nothing.
    m = monitor(WhatIf(inputs(tmp_path)), dt.date(2015, 6, 30))
    pers = next(r for r in m.rows if r.category == "personnel")
    assert pers.actual == cents("2 000,00")
