"""R15-R20: which PIIS count, one person once, one year at most, carry-over."""
from activsoc_costs import load, report
from helpers import write_inputs


def piis(id_, person, type_, start, end, **kw):
    return {"id": id_, "person": person, "type": type_, "start": start, "end": end, **kw}


def counted(tmp_path, rows, **kw):
    f = report(load(write_inputs(tmp_path, piis=rows, **kw)))
    t = f.trajectories.set_index("id")
    return f, {i: (bool(t.loc[i, "counted"]), t.loc[i, "rule"]) for i in t.index}


def test_one_year_exactly_counts_longer_does_not(tmp_path):
    _, c = counted(tmp_path, [piis("A", "B1", "2.2", "01/03/2015", "29/02/2016"),    # one year exactly (leap)
                              piis("B", "B2", "2.2", "01/03/2015", "01/03/2016")])   # one day more (R16)
    assert c == {"A": (True, ""), "B": (False, "R16")}


def test_one_person_once_earliest_eligible_wins(tmp_path):
    # B1's first PIIS is professional (R18), so the second is the one that counts; the third is R17
    f, c = counted(tmp_path, [piis("A", "B1", "professional", "01/01/2015", "31/12/2015"),
                              piis("B", "B1", "2.1", "01/02/2015", "31/12/2015"),
                              piis("C", "B1", "2.3", "01/03/2015", "31/12/2015")])
    assert c == {"A": (False, "R18"), "B": (True, ""), "C": (False, "R17")}
    assert f.counts == {"bilans": 0, "piis": 1, "2.1": 1, "2.2": 0, "2.3": 0}


def test_previous_year_needs_intermediate_evaluation(tmp_path):
    # R19: started in the second half of 2014, evaluated 15/12/2014 -> counts again in 2015
    _, c = counted(tmp_path, [piis("A", "B1", "2.2", "01/09/2014", "31/08/2015", evaluation="15/12/2014"),
                              piis("B", "B2", "2.2", "01/09/2014", "31/08/2015"),
                              piis("C", "B3", "2.2", "01/03/2014", "28/02/2015", evaluation="15/12/2014")])
    assert c == {"A": (True, ""), "B": (False, "R19"), "C": (False, "R19")}


def test_dropouts_count_with_a_reason(tmp_path):
    f, c = counted(tmp_path, [piis("A", "B1", "2.2", "01/02/2015", "31/01/2016", left_on="01/06/2015",
                                   leave_reason="perte du titre de séjour"),
                              piis("B", "B2", "2.2", "01/02/2015", "31/01/2016", left_on="01/06/2015")])
    assert c == {"A": (True, "R20"), "B": (False, "R20")}
    assert f.results["left_with_reason"] == 1


def test_outside_period_not_counted(tmp_path):
    _, c = counted(tmp_path, [piis("A", "B1", "2.2", "01/01/2016", "31/12/2016")])
    assert c == {"A": (False, "R1")}


def test_bilans_are_distinct_people_in_the_period(tmp_path):
    f, _ = counted(tmp_path, [piis("A", "B1", "2.2", "01/02/2015", "31/12/2015")],
                   bilans=[{"person": "B1", "date": "01/02/2015"}, {"person": "B1", "date": "01/05/2015"},
                           {"person": "B2", "date": "01/02/2015"}, {"person": "B3", "date": "31/12/2014"}])
    assert f.counts["bilans"] == 2
