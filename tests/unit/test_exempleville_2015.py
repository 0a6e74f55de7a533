"""The shipped sample equals the worked example ``shared/examples/exempleville-2015.md``
to the cent.  Every expected figure below was worked out by hand in that file."""
import pytest

from activsoc_costs import load, report
from helpers import SAMPLE, cents


@pytest.fixture(scope="module")
def figures():
    inputs = load(SAMPLE)
    assert inputs.problems == []
    return report(inputs)


def by_ref(figures, kind):
    lines = figures.allocation.lines
    return lines[lines["kind"] == kind].groupby("ref")[["amount", "claimed", "not_eligible", "excluded",
                                                        "other_use"]].sum()


# id: (cost, claimed, excluded, other use)  -- personnel table of the example
PERSONNEL = {
    "S1": ("52 000.00", "13 684.21", "0.00", "38 315.79"),   # R6: 400 h of 1 520 h
    "S2": ("40 000.00", "8 000.00", "0.00", "32 000.00"),    # R7: 12 PIIS-AS files of 60
    "S3": ("21 500.00", "21 500.00", "0.00", "0.00"),        # R8: direct
    "S4": ("38 000.00", "3 800.00", "0.00", "34 200.00"),    # R9: 10 % justified
    "S5": ("36 000.00", "0.00", "5 400.00", "30 600.00"),    # R9: 15 % without justification
    "S6": ("60 000.00", "24 000.00", "6 000.00", "30 000.00"),  # R10: 50 % + 60 % PAS, capped at 40 %
}


@pytest.mark.parametrize("sid", PERSONNEL)
def test_personnel_line(figures, sid):
    cost, claimed, excluded, other = PERSONNEL[sid]
    row = by_ref(figures, "personnel").loc[sid]
    assert row["amount"] == cents(cost)
    assert row["claimed"] == cents(claimed)
    assert row["excluded"] == cents(excluded)
    assert row["other_use"] == cents(other)
    assert row["not_eligible"] == 0


# id: (amount, claimed, not eligible, excluded, other use) -- operating table of the example
OPERATING = {
    "O1": ("480.00", "480.00", "0", "0", "0"),          # R1 start-up before signature
    "O2": ("1 250.00", "1 250.00", "0", "0", "0"),      # R12
    "O3": ("1 830.00", "1 830.00", "0", "0", "0"),      # R11: 1 830 h x 1.00
    "O4": ("4 000.00", "4 000.00", "0", "0", "0"),      # R14 partnership
    "O5": ("6 000.00", "6 000.00", "0", "0", "0"),      # R14 with procurement ref
    "O6": ("2 400.00", "0", "0", "2 400.00", "0"),      # R14 no procurement ref
    "O7": ("3 500.00", "0", "3 500.00", "0", "0"),      # R13
    "O8": ("2 000.00", "0", "2 000.00", "0", "0"),      # R13
    "O9": ("900.00", "0", "0", "900.00", "0"),          # R10 PAS
    "O10": ("300.00", "0", "0", "300.00", "0"),         # R1 before the period
    "O11": ("3 000.00", "3 000.00", "0", "0", "0"),     # R12
    "O12": ("5 000.00", "2 000.00", "0", "0", "3 000.00"),  # 40 % share
}


@pytest.mark.parametrize("oid", OPERATING)
def test_operating_line(figures, oid):
    amount, claimed, ne, ex, other = OPERATING[oid]
    row = by_ref(figures, "operating").loc[oid]
    assert (row["amount"], row["claimed"], row["not_eligible"], row["excluded"], row["other_use"]) == \
        (cents(amount), cents(claimed), cents(ne), cents(ex), cents(other))


def test_summary(figures):
    assert figures.personnel_claimed == cents("70 984.21")
    assert figures.operating_claimed == cents("18 560.00")
    assert figures.claimed == cents("89 544.21")
    assert figures.accepted == cents("89 544.21")
    assert figures.granted == cents("95 000.00")
    assert figures.advance == cents("47 500.00")
    assert figures.balance == cents("42 044.21")
    assert figures.to_dict()["use_of_grant"] == "94.26"


def test_counts_r15(figures):
    assert figures.counts == {"bilans": 15, "piis": 8, "2.1": 2, "2.2": 4, "2.3": 2}
    assert figures.objectives == {"bilans": 40, "2.1": 5, "2.2": 15, "2.3": 5, "piis": 25}


def test_results_r23(figures):
    r = figures.results
    assert (r["socio_professional"], r["autonomy"], r["volunteering"], r["job"]) == (1, 1, 2, 1)
    assert r["left_with_reason"] == 1
    assert r["ongoing"] == 2


# PIIS: (counted, rule)
TRAJECTORIES = {"P01": (True, ""), "P02": (True, ""), "P03": (True, ""), "P04": (True, ""),
                "P05": (True, "R20"), "P06": (False, "R20"), "P07": (False, "R18"), "P08": (False, "R17"),
                "P09": (False, "R16"), "P10": (True, ""), "P11": (True, ""), "P12": (True, "")}


def test_each_trajectory(figures):
    t = figures.trajectories.set_index("id")
    for pid, (counted, rule) in TRAJECTORIES.items():
        assert bool(t.loc[pid, "counted"]) is counted, pid
        assert t.loc[pid, "rule"] == rule, pid
    assert bool(t.loc["P10", "carry_over"]) is True   # R19: evaluated 15/12/2015
    assert bool(t.loc["P11", "carry_over"]) is False  # R19: no intermediate evaluation
    assert t["carry_over"].sum() == 1


def test_json_figures_are_exact_strings(figures):
    d = figures.to_dict()
    for k in ("granted", "advance", "personnel_claimed", "operating_claimed", "claimed", "accepted", "balance"):
        assert isinstance(d[k], str) and d[k].count(".") == 1 and len(d[k].split(".")[1]) == 2
    assert d["claimed"] == "89544.21"
    assert d["counts"]["2.2"] == 4
    one = next(l for l in d["lines"] if l["id"] == "S6")
    assert one["source"] == {"file": "personnel.csv", "sheet": "", "row": 7}
    assert one["rules"] == ["R6", "R25", "R10"]
