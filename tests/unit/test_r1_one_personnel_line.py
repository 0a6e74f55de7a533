"""One personnel line per staff member for the convention period (domain.md, binding
choice; issue 9 item 3): the in-period payroll months are summed first, the share is
applied once and rounded once; months outside the period are their own lines,
excluded under R1, with a warning giving the months and the amount."""
from activsoc_costs import load, report
from helpers import write_inputs


def personnel(f):
    lines = f.allocation.lines
    return lines[lines["kind"] == "personnel"].set_index("id")


def test_months_summed_then_share_applied_once(tmp_path):
    # 11 months of 4 250.00 + one of 4 250.00 = 51 000.00; time key 520 h of 1 560 h = 1/3.
    # One line: 51 000.00 x 520 / 1 560 = 17 000.00 exactly.
    # (Month by month it would be 12 x round(4 250.00 / 3 = 1 416.666...) = 12 x 1 416.67 = 17 000.04.)
    staff = [{"id": "A", "function": "social_worker", "key": "time"}]
    payroll = [{"staff_id": "A", "month": f"{m:02d}/2015", "amount": "4250,00"} for m in range(1, 13)]
    time = [{"staff_id": "A", "activity": "social_activation", "hours": "520"},
            {"staff_id": "A", "activity": "social_work", "hours": "1040"}]
    f = report(load(write_inputs(tmp_path, staff=staff, payroll=payroll, time=time)))
    pers = personnel(f)
    assert list(pers.index) == ["A"]
    a = pers.loc["A"]
    assert (a.amount, a.claimed, a.not_eligible, a.excluded, a.other_use) == (5_100_000, 1_700_000, 0, 0, 3_400_000)
    assert a.file == "staff.csv" and a.row == 2          # the line is the staff member
    d = f.allocation.payroll_detail
    assert list(d["line_id"]) == ["A"] * 12 and int(d["amount"].sum()) == 5_100_000
    assert list(d["row"]) == list(range(2, 14)) and d["in_period"].all()


def test_months_outside_period_are_separate_excluded_lines(tmp_path):
    # caseload 1/3. In-period: 12 x 1 000.00 = 12 000.00 -> claimed 4 000.00, other use 8 000.00.
    # 12/2014 and 01/2016 (1 000.00 each, R1): each 1 000.00 / 3 = 333.33 excluded, 666.67 other use.
    staff = [{"id": "A", "function": "social_worker", "key": "caseload"}]
    payroll = [{"staff_id": "A", "month": "12/2014", "amount": "1000,00"}]
    payroll += [{"staff_id": "A", "month": f"{m:02d}/2015", "amount": "1000,00"} for m in range(1, 13)]
    payroll.append({"staff_id": "A", "month": "01/2016", "amount": "1000,00"})
    f = report(load(write_inputs(tmp_path, staff=staff, payroll=payroll,
                                    caseload=[{"staff_id": "A", "piis_files": 1, "all_files": 3}])))
    pers = personnel(f)
    assert list(pers.index) == ["A", "A/2014-12", "A/2016-01"]
    fates = lambda r: (r.claimed, r.not_eligible, r.excluded, r.other_use)  # noqa: E731
    assert fates(pers.loc["A"]) == (400_000, 0, 0, 800_000)
    assert fates(pers.loc["A/2014-12"]) == (0, 0, 33_333, 66_667)
    assert fates(pers.loc["A/2016-01"]) == (0, 0, 33_333, 66_667)
    jan16 = pers.loc["A/2016-01"]
    assert "R1" in jan16.rules and jan16.file == "payroll.csv" and jan16.row == 15
    w = [w for w in f.warnings if w.code == "w_r1_payroll_outside_period"]
    assert len(w) == 1 and w[0].value == "A" and w[0].row == 2
    assert "12/2014, 01/2016" in w[0].message_fr and "2.000,00" in w[0].message_fr.replace("\u202f", ".")
    d = f.allocation.payroll_detail
    assert list(d["line_id"]) == ["A/2014-12"] + ["A"] * 12 + ["A/2016-01"]
    assert list(d["in_period"]) == [False] + [True] * 12 + [False]


def test_sample_teacher_payroll_is_one_line(tmp_path):
    # S3: 11 x 1 791.67 + 1 791.63 = 21 500.00, direct 100 % (R8): one line of 21 500.00 claimed
    from helpers import SAMPLE
    f = report(load(SAMPLE))
    s3 = personnel(f).loc["S3"]
    assert (s3.amount, s3.claimed) == (2_150_000, 2_150_000)
    assert len(f.allocation.payroll_detail) == 12
