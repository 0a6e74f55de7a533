"""Issue 10 item 1: rule parameters that vary by year live in parameters/<year>.toml, not
in code: the purposes and which are not eligible (R11-R13), the second half of the year
(R19), the under-use threshold (R2).  A change of the year's parameters changes the
figures; the code holds no second copy."""
import dataclasses
import datetime as dt
from fractions import Fraction

from activsoc_costs import load, report
from activsoc_costs.parameters import available_years, load_parameters
from helpers import write_inputs

STAFF = [{"id": "A", "function": "teacher", "cost": "9.000,00", "key": "direct"}]
OP = [{"id": "O", "date": "01/03/2015", "description": "x", "amount": "100,00", "purpose": "literacy"}]


def test_every_year_file_holds_the_rule_parameters():
    for year in available_years():
        p = load_parameters(year)
        assert p.not_eligible_purposes == {"pre_training_job", "professional_activation", "studies"}
        assert p.not_eligible_purposes <= set(p.purpose_rules)
        assert {p.purpose_rules[x] for x in p.not_eligible_purposes} == {"R13"}
        assert p.second_half_starts == (7, 1) and p.underuse_threshold == Fraction(95, 100)
        assert ("purpose_rules.studies", "R13") in p.as_rows()  # shown on the Parameters sheet


def test_the_year_parameters_decide(tmp_path):
    inputs = load(write_inputs(tmp_path, convention={"granted": "10000"}, staff=STAFF, operating=OP))
    assert not inputs.problems
    f = report(inputs)
    # 9 000,00 + 100,00 claimed of 10 000,00 = 91 % < 95 %: the money the CPAS loses is said
    assert f.claimed == 910_000 and any(w.code == "w_underuse" for w in f.warnings)
    # a year whose threshold were 90 %: nothing to say
    inputs.params = dataclasses.replace(inputs.params, underuse_threshold=Fraction(90, 100))
    assert not any(w.code == "w_underuse" for w in report(inputs).warnings)
    # a year where literacy were not eligible by nature (R13): its 100,00 moves to not eligible
    p = inputs.params
    inputs.params = dataclasses.replace(p, not_eligible_purposes=p.not_eligible_purposes | {"literacy"},
                                        purpose_rules={**p.purpose_rules, "literacy": "R13"})
    line = report(inputs).allocation.lines.set_index("id").loc["O"]
    assert (line.claimed, line.not_eligible, line.rules, line.basis.rule) == (0, 10_000, "R13", "R13")


def test_r19_second_half_from_the_parameters(tmp_path):
    # a one-year PIIS of the previous year begun 15/06/2014, evaluated, still running: before the
    # second half (1 July) it does not count again; with a second half from 1 June, it does
    piis = [{"id": "P", "person": "B", "type": "2.2", "start": "15/06/2014", "end": "14/06/2015",
             "evaluation": "15/12/2014"}]
    inputs = load(write_inputs(tmp_path, piis=piis))
    assert not inputs.problems, inputs.problems
    t = report(inputs).trajectories.set_index("id").loc["P"]
    assert not t.counted and t.rule == "R19"
    inputs.params = dataclasses.replace(inputs.params, second_half_starts=(6, 1))
    assert report(inputs).trajectories.set_index("id").loc["P"].counted
    assert dt.date(2014, *inputs.params.second_half_starts) == dt.date(2014, 6, 1)
