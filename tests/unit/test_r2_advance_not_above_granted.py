"""R2: the advance is 50 % of the granted amount; an advance above the granted amount is
a typing error that would tell the CPAS to pay back money it never received: refused."""
from activsoc_costs import load
from helpers import write_inputs


def test_advance_above_granted_is_refused_in_the_convention_row(tmp_path):
    p = load(write_inputs(tmp_path, convention={"granted": "10.000,00", "advance_paid": "60.000,00"})).problems
    assert [x.code for x in p] == ["r2_advance_above_granted"]
    assert p[0].row == 2 and p[0].rule == "R2" and p[0].value == "60000.00" and "10000.00" in p[0].message_fr


def test_advance_equal_to_granted_is_accepted(tmp_path):
    assert load(write_inputs(tmp_path, convention={"granted": "10.000,00", "advance_paid": "10.000,00"})).problems == []
