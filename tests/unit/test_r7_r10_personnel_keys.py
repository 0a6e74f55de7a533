"""R7/R8 (caseload and direct keys), R9 (administrative staff need a written
justification), R10 (no double subsidising: all funders never above 100 %),
(R1 and one line per staff member: test_r1_one_personnel_line.py)."""
from activsoc_costs import load, report
from helpers import write_inputs


def fates(figures, ref):
    l = figures.allocation.lines
    sub = l[l["ref"] == ref]
    return tuple(int(sub[c].sum()) for c in ("claimed", "not_eligible", "excluded", "other_use"))


def test_caseload_share_sums_rows(tmp_path):
    # R7: 5/25 then 7/35 -> 12/60 = 20 % of 40 000.00
    write_inputs(tmp_path, staff=[{"id": "A", "function": "social_worker", "cost": "40000", "key": "caseload"}],
                 caseload=[{"staff_id": "A", "piis_files": 5, "all_files": 25},
                           {"staff_id": "A", "piis_files": 7, "all_files": 35}])
    assert fates(report(load(tmp_path)), "A") == (800_000, 0, 0, 3_200_000)


def test_teacher_participants_share(tmp_path):
    # R8: 9 of the 12 participants of the FLE course are under a PIIS-AS -> 75 %
    write_inputs(tmp_path, staff=[{"id": "T", "function": "teacher", "cost": "21.500,00", "key": "caseload"}],
                 caseload=[{"staff_id": "T", "piis_files": 9, "all_files": 12}])
    f = report(load(tmp_path))
    assert fates(f, "T") == (1_612_500, 0, 0, 537_500)
    assert "R8" in f.allocation.lines.iloc[0]["rules"]


def test_caseload_above_total_refused(tmp_path):
    write_inputs(tmp_path, staff=[{"id": "A", "function": "social_worker", "cost": "40000", "key": "caseload"}],
                 caseload=[{"staff_id": "A", "piis_files": 61, "all_files": 60}])
    p = load(tmp_path).problems
    assert [x.code for x in p] == ["caseload_above_total"] and p[0].row == 2 and p[0].value == "61"


def test_admin_with_time_key_needs_justification(tmp_path):
    # R9 applies to administrative staff whatever the key
    staff = [{"id": "AD1", "function": "administrative", "cost": "30000", "key": "time"},
             {"id": "AD2", "function": "administrative", "cost": "30000", "key": "time",
              "justification": "encodage des présences aux modules"}]
    time = [{"staff_id": s, "activity": a, "hours": h} for s in ("AD1", "AD2")
            for a, h in (("social_activation", "100"), ("other", "900"))]
    f = report(load(write_inputs(tmp_path, staff=staff, time=time)))
    assert fates(f, "AD1") == (0, 0, 300_000, 2_700_000)
    assert fates(f, "AD2") == (300_000, 0, 0, 2_700_000)
    assert any(w.code == "w_r9_no_justification" and w.value == "AD1" for w in f.warnings)


def test_other_funding_caps_the_share(tmp_path):
    # R10: direct 100 % + 30 % funded by PAS -> 70 % claimed, 30 % excluded
    write_inputs(tmp_path, staff=[{"id": "A", "function": "teacher", "cost": "20000", "key": "direct",
                                   "other_funding": "30", "other_funder": "PAS"},
                                  {"id": "B", "function": "social_worker", "cost": "20000", "key": "fixed",
                                   "share": "50", "justification": "x", "other_funding": "50"}])
    f = report(load(tmp_path))
    assert fates(f, "A") == (1_400_000, 0, 600_000, 0)
    assert fates(f, "B") == (1_000_000, 0, 0, 1_000_000)   # 50 % + 50 % = 100 %: no cap
    assert [w.value for w in f.warnings if w.code == "w_r10_cap"] == ["A"]


def test_cost_and_payroll_both_refused(tmp_path):
    write_inputs(tmp_path, staff=[{"id": "A", "function": "teacher", "cost": "100", "key": "direct"}],
                 payroll=[{"staff_id": "A", "month": "01/2015", "amount": "100"}])
    assert [p.code for p in load(tmp_path).problems] == ["cost_and_payroll"]
