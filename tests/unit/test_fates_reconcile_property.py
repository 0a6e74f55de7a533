"""Properties that must always hold, over generated inputs (hypothesis):
input total = claimed + not eligible + excluded + other use, to the cent, for
personnel and for operating costs; every fate is >= 0; the claim never exceeds
the social-activation share allowed by R9/R10; row order changes nothing."""
import tempfile
from fractions import Fraction
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from activsoc_costs import load, report
from helpers import write_inputs

money = st.integers(0, 20_000_000).map(lambda c: f"{c // 100},{c % 100:02d}")
# a percentage below 1 % is typed with its sign (a bare 0,01 is refused as ambiguous since issue 9)
pct = st.one_of(st.just(""), st.integers(0, 10000).map(lambda b: f"{b // 100},{b % 100:02d}" + (" %" if 0 < b <= 100 else "")))
hours = st.integers(0, 40_000).map(lambda m: f"{m // 100},{m % 100:02d}")
dates = st.sampled_from(["15/12/2014", "01/01/2015", "30/06/2015", "31/12/2015", "01/01/2016"])


@st.composite
def staff_member(draw, i):
    key = draw(st.sampled_from(["time", "caseload", "direct", "fixed"]))
    s = {"id": f"S{i}", "function": draw(st.sampled_from(["social_worker", "administrative", "teacher", "other"])),
         "key": key, "justification": draw(st.sampled_from(["", "lien direct démontré"])),
         "other_funding": draw(pct)}
    extra = {"time": [], "caseload": [], "payroll": []}
    if draw(st.booleans()):
        s["cost"] = draw(money)
    else:
        for m in draw(st.lists(st.sampled_from(["12/2014", "01/2015", "06/2015", "12/2015", "01/2016"]),
                               min_size=1, max_size=4, unique=True)):
            extra["payroll"].append({"staff_id": s["id"], "month": m, "amount": draw(money)})
    if key == "time":
        if draw(st.booleans()):
            s["method"] = "productive_hours"
            s["productive_hours"] = "2000"
        for act in draw(st.lists(st.sampled_from(["social_activation", "social_work", "professional_activation",
                                                  "other"]), min_size=1, max_size=4)):
            extra["time"].append({"staff_id": s["id"], "activity": act, "hours": draw(hours)})
        extra["time"].append({"staff_id": s["id"], "activity": "other", "hours": "1"})
    elif key == "caseload":
        all_ = draw(st.integers(1, 500))
        extra["caseload"].append({"staff_id": s["id"], "piis_files": draw(st.integers(0, all_)), "all_files": all_})
    elif key == "fixed":
        s["share"] = draw(pct.filter(bool))
    return s, extra


@st.composite
def inputs(draw):
    staff, time, caseload, payroll = [], [], [], []
    for i in range(draw(st.integers(1, 6))):
        s, extra = draw(staff_member(i))
        staff.append(s)
        time += extra["time"]
        caseload += extra["caseload"]
        payroll += extra["payroll"]
    operating = []
    for i in range(draw(st.integers(1, 8))):
        purpose = draw(st.sampled_from(["social_activation", "literacy", "pre_training_job", "studies",
                                        "participant_refund", "language_course"]))
        operating.append({"id": f"O{i}", "date": draw(dates), "description": "x",
                          "amount": draw(st.one_of(money, st.just(""))) if purpose == "participant_refund" else draw(money),
                          "purpose": purpose, "share": draw(pct),
                          "contract": draw(st.sampled_from(["own", "partnership", "subcontracting"])),
                          "procurement_ref": draw(st.sampled_from(["", "MP-1"])), "other_funding": draw(pct)})
    if sum(1 for o in operating if o["purpose"] == "participant_refund" and o["amount"] == "") > 1:
        for o in operating:
            if o["purpose"] == "participant_refund" and o["amount"] == "":
                o["amount"] = "0,00"
    piis = [{"id": "P1", "person": "B1", "type": "2.2", "start": "01/02/2015", "end": "31/12/2015"},
            {"id": "P2", "person": "B2", "type": "professional", "start": "01/02/2015", "end": "31/12/2015"}]
    attendance = [{"piis_id": draw(st.sampled_from(["P1", "P2"])), "date": draw(dates), "hours": draw(hours)}
                  for _ in range(draw(st.integers(0, 5)))]
    return dict(staff=staff, time=time, caseload=caseload, payroll=payroll, operating=operating, piis=piis,
                attendance=attendance)


def run(tables):
    with tempfile.TemporaryDirectory() as d:
        extra = {k: v for k, v in tables.items() if k in ("time", "caseload", "payroll", "attendance") and v}
        inp = load(write_inputs(Path(d), staff=tables["staff"], piis=tables["piis"], operating=tables["operating"],
                                **extra))
        assert inp.problems == [], [p.line() for p in inp.problems]
        return report(inp)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(inputs(), st.randoms())
def test_every_amount_has_exactly_its_four_fates(tables, rnd):
    f = run(tables)
    lines = f.allocation.lines
    fates = lines[["claimed", "not_eligible", "excluded", "other_use"]]
    assert (fates >= 0).all().all()
    assert (fates.sum(axis=1) == lines["amount"]).all()
    for kind, t in (("personnel", f.personnel), ("operating", f.operating)):
        assert t["amount"] == t["claimed"] + t["not_eligible"] + t["excluded"] + t["other_use"]
        assert t["amount"] == int(lines.loc[lines["kind"] == kind, "amount"].sum())
    # input total: every money cell of the input is one line's amount (refunds left blank are computed)
    given_total = sum(int(round(float(x["cost"].replace(",", ".")) * 100)) for x in tables["staff"] if "cost" in x)
    given_total += sum(int(round(float(x["amount"].replace(",", ".")) * 100)) for x in tables["payroll"])
    assert f.personnel["amount"] == given_total
    # R9/R10: never claim more than the capped share of the cost
    for sid, share in f.allocation.staff.items():
        sub = lines[(lines["kind"] == "personnel") & (lines["ref"] == sid)]
        bound = sum(int(a * share.cap + Fraction(1, 2)) for a in sub["amount"])
        assert int(sub["claimed"].sum()) <= bound
        assert share.cap <= 1 - share.other_funding or share.cap == 0
    # row order changes nothing
    shuffled = {k: (rnd.sample(v, len(v)) if isinstance(v, list) else v) for k, v in tables.items()}
    g = run(shuffled)
    a = lines.set_index("id")[["amount", "claimed", "not_eligible", "excluded", "other_use"]].sort_index()
    b = g.allocation.lines.set_index("id")[["amount", "claimed", "not_eligible", "excluded", "other_use"]].sort_index()
    assert a.equals(b)
    assert (g.claimed, g.counts) == (f.claimed, f.counts)
