"""R2 (accepted, balance, use of the grant) and R5 (2016/2017: 2014 amount + 20 %)."""
from activsoc_costs import load, report
from helpers import write_inputs

STAFF = lambda cost: [{"id": "A", "function": "teacher", "cost": cost, "key": "direct"}]  # noqa: E731


def test_claim_never_exceeds_the_grant(tmp_path):
    f = report(load(write_inputs(tmp_path, convention={"granted": "10000"}, staff=STAFF("12.345,67"))))
    assert f.claimed == 1_234_567 and f.accepted == 1_000_000
    assert f.advance == 500_000 and f.balance == 500_000
    assert f.to_dict()["use_of_grant"] == "100.00"
    assert any(w.code == "w_r2_above_granted" for w in f.warnings)


def test_below_the_advance_is_paid_back(tmp_path):
    f = report(load(write_inputs(tmp_path, convention={"granted": "10000", "advance_paid": "5000"},
                                    staff=STAFF("3.000,50"))))
    assert f.balance == 300_050 - 500_000
    assert f.to_dict()["balance"] == "-1999.50"
    assert f.to_dict()["use_of_grant"] == "30.01"   # 30.005 % rounded half-up
    assert any(w.code == "w_r2_below_advance" for w in f.warnings)


def test_2016_granted_from_2014_plus_20_percent(tmp_path):
    conv = {"year": 2016, "granted": "", "amount_2014": "81.234,57"}
    inputs = load(write_inputs(tmp_path, convention=conv, staff=STAFF("1000"),
                               piis=[{"id": "P", "person": "B", "type": "2.2", "start": "01/02/2016",
                                      "end": "31/12/2016"}],
                               operating=[{"id": "O", "date": "01/02/2016", "description": "x", "amount": "1",
                                           "purpose": "literacy"}]))
    assert inputs.problems == []
    f = report(inputs)
    assert f.granted == 9_748_148          # 81 234.57 x 1.2 = 97 481.484 -> 97 481.48
    assert f.advance == 4_874_074          # 50 % (R2)
    assert inputs.convention["period_start"].year == 2016


def test_year_without_parameters_is_refused(tmp_path):
    p = load(write_inputs(tmp_path, convention={"year": 2031})).problems
    assert [x.code for x in p] == ["year_mismatch"] and p[0].value == "2031"


def test_2015_without_granted_is_refused(tmp_path):
    p = load(write_inputs(tmp_path, convention={"granted": ""})).problems
    assert [x.code for x in p] == ["no_granted"] and p[0].rule == "R5"
