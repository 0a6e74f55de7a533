"""R19 only for a PIIS concluded for one year (planned duration about twelve months:
``one_year_tolerance_days`` in the year's parameters) that began in the second half of
the previous year, had its intermediate evaluation and is still running in the period."""
from activsoc_costs import load, report
from activsoc_costs.parameters import load_parameters
from helpers import write_inputs


def piis(id_, person, start, end, **kw):
    return {"id": id_, "person": person, "type": "2.2", "start": start, "end": end, **kw}


def table(tmp_path, rows):
    f = report(load(write_inputs(tmp_path, piis=rows)))
    t = f.trajectories.set_index("id")
    return f, t


def test_tolerance_is_a_parameter():
    assert load_parameters(2015).one_year_tolerance_days == 31


def test_three_month_piis_of_the_previous_year_does_not_count_again(tmp_path):
    # A: 01/11/2014-31/01/2015, 3 months, evaluated 15/12/2014: not concluded for one year -> not again
    # B: 01/09/2014-31/08/2015, one year, evaluated: counts again
    # C: 01/09/2014-15/08/2015: ends 16 days before a full year (within 31 days): one year, counts
    # D: 01/09/2014-30/06/2015: 10 months, 62 days short: not one year
    f, t = table(tmp_path, [piis("A", "B1", "01/11/2014", "31/01/2015", evaluation="15/12/2014"),
                            piis("B", "B2", "01/09/2014", "31/08/2015", evaluation="15/12/2014"),
                            piis("C", "B3", "01/09/2014", "15/08/2015", evaluation="15/12/2014"),
                            piis("D", "B4", "01/09/2014", "30/06/2015", evaluation="15/12/2014")])
    got = {i: (bool(t.loc[i, "counted"]), t.loc[i, "rule"], t.loc[i, "reason"]) for i in t.index}
    assert got == {"A": (False, "R19", "previous_year_not_one_year"), "B": (True, "", ""), "C": (True, "", ""),
                   "D": (False, "R19", "previous_year_not_one_year")}
    w = [w for w in f.warnings if w.code == "w_r19_not_one_year"]
    by_id = {x.value: x for x in w}
    assert sorted(by_id) == ["A", "D"] and "3 mois" in by_id["A"].message_fr and "10 mois" in by_id["D"].message_fr


def test_carry_over_only_for_a_one_year_piis_still_running(tmp_path):
    # E: one year from 01/09/2015, evaluated 15/12/2015 -> may count again in 2016
    # F: 01/09/2015-30/11/2015 (3 months) evaluated: not one year, ends in the period -> no
    # G: 01/10/2015-31/03/2016 (6 months) evaluated: not one year -> no
    # H: one year from 01/09/2015, evaluated, left 20/12/2015 with a reason: not running -> no
    f, t = table(tmp_path, [piis("E", "B1", "01/09/2015", "31/08/2016", evaluation="15/12/2015"),
                            piis("F", "B2", "01/09/2015", "30/11/2015", evaluation="15/11/2015"),
                            piis("G", "B3", "01/10/2015", "31/03/2016", evaluation="15/12/2015"),
                            piis("H", "B4", "01/09/2015", "31/08/2016", evaluation="15/12/2015",
                                 left_on="20/12/2015", leave_reason="déménagement")])
    assert {i: bool(t.loc[i, "carry_over"]) for i in t.index} == {"E": True, "F": False, "G": False, "H": False}
    assert t["counted"].all()
    assert f.results["carry_over"] == 1
