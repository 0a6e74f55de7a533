"""Issue 10 item 2: an allocation that explains itself.  Every line carries its basis
(key, base, shares, claimable share, the rule that decided, key data, source rows), and an
auditor rebuilds every line's four fates from the basis ALONE with the money module
(half-up once per fate), here written out again in the test rather than calling the
engine's split.  The JSON (report --json lines[].basis) shows the same basis; explain()
gives it in French and in Dutch."""
from fractions import Fraction

from activsoc_costs import load, report
from activsoc_costs.money import mul_share
from activsoc_costs.rules import explain
from helpers import SAMPLE, write_inputs

FATES = ("claimed", "not_eligible", "excluded", "other_use")


def auditor(b: dict) -> tuple[int, int, int, int]:
    """The fates from the JSON basis: base x share = social-activation part; base x
    not-eligible share (at most base - sa); base x claimable (at most sa, none: 0) =
    claimed; the rest of sa goes where the deciding rule sends it; other use = the rest;
    a refund adds its parts beyond attendance."""
    frac = lambda t: None if t is None else Fraction(t)  # noqa: E731  "520/1560"
    base = b["base"]
    sa = mul_share(base, frac(b["share"]))
    ne = min(mul_share(base, frac(b["not_eligible_share"])), base - sa)
    claimed = 0 if b["claimable"] is None else min(mul_share(base, frac(b["claimable"])), sa)
    rest, other = sa - claimed, base - sa - ne
    if b["sa_fate"] == "not_eligible":  # R13
        ne, rest = ne + rest, 0
    return claimed, ne + b["refund_not_eligible"], rest + b["refund_excluded"], other


def _check_every_line(figures):
    d = figures.to_dict()
    assert d["lines"]
    for line in d["lines"]:
        b = line["basis"]
        got = auditor(b)
        want = tuple(round(float(line[f]) * 100) for f in FATES)
        assert got == want, (line["id"], b, got, want)
        assert round(float(line["amount"]) * 100) == b["base"] + b["refund_not_eligible"] + b["refund_excluded"]
        assert b["decided_by"] in {"R13", "R1", "R14", "R9", "R10"}
        # the rows behind the line: its own source, or (summed payroll months) the staff row and each month's
        assert b.get("sources", [line["source"]]), line["id"]
    return d


def test_sample_every_line_rebuilt_from_its_basis():
    d = _check_every_line(report(load(SAMPLE)))
    s3 = next(x for x in d["lines"] if x["id"] == "S3")  # S3: paid by payroll months
    assert s3["basis"]["sources"][0] == s3["source"]  # the staff row, then each payroll month's row
    assert s3["basis"]["sources"][1:] == [m["source"] for m in s3["months"] if m["month"].startswith("2015")]


def test_every_rule_rebuilt_from_its_basis(tmp_path):
    # one line decided by each rule of OPERATING_ORDER and PERSONNEL_ORDER, with shares that round
    staff = [{"id": "A", "function": "social_worker", "key": "time", "cost": "51.000,00"},
             {"id": "B", "function": "administrative", "key": "fixed", "share": "33,3", "cost": "10.000,01"},  # R9
             {"id": "C", "function": "coordinator", "key": "caseload", "cost": "9.999,99",
              "other_funding": "80", "other_funder": "FSE"},                                               # R10 cap
             {"id": "D", "function": "social_worker", "key": "direct", "cost": "1.000,00",
              "justification": "tous les participants sous PIIS-AS", "start": "01/01/2014", "end": "31/12/2014"}]  # R1
    time = [{"staff_id": "A", "activity": "social_activation", "hours": "520"},
            {"staff_id": "A", "activity": "professional_activation", "hours": "100"},
            {"staff_id": "A", "activity": "social_work", "hours": "940"}]
    caseload = [{"staff_id": "C", "piis_files": "7", "all_files": "9"}]
    op = [{"id": "O1", "date": "01/03/2015", "description": "x", "amount": "100,01", "purpose": "studies"},      # R13
          {"id": "O2", "date": "31/12/2014", "description": "x", "amount": "100,00", "purpose": "literacy"},     # R1
          {"id": "O3", "date": "01/03/2015", "description": "x", "amount": "333,33", "purpose": "social_activation",
           "contract": "subcontracting"},                                                                      # R14
          {"id": "O4", "date": "01/03/2015", "description": "x", "amount": "333,33", "purpose": "social_activation",
           "share": "66,7", "other_funding": "50", "other_funder": "FSE"}]                                     # R10
    inputs = load(write_inputs(tmp_path, staff=staff, time=time, caseload=caseload, operating=op))
    assert not inputs.problems, inputs.problems
    f = report(inputs)
    d = _check_every_line(f)
    by = {x["id"]: x["basis"] for x in d["lines"]}
    assert [by[i]["decided_by"] for i in ("O1", "O2", "O3", "O4")] == ["R13", "R1", "R14", "R10"]
    assert [by[i]["decided_by"] for i in ("A", "B", "C", "D")] == ["R10", "R9", "R10", "R1"]
    # A: 520 h / (520 + 100 + 940) h worked; 100 h professional activation not eligible (R25, R13)
    assert by["A"]["share"] == "1/3" and by["A"]["not_eligible_share"] == "5/78"
    assert by["A"]["data"]["sa_hours"] == "520/1" and by["A"]["data"]["worked_hours"] == "1560/1"
    # C: 7/9 files, capped at 100 % - 80 % = 20 % (R10)
    assert by["C"]["share"] == "7/9" and by["C"]["claimable"] == "1/5"
    # explain: the same basis in words, in French and in Dutch
    line = f.allocation.lines.set_index("id").loc["C"]
    fr, nl = explain(line.basis, "fr"), explain(line.basis, "nl")
    assert "clé dossiers" in fr and "20,00 %" in fr and "R10" in fr and "autre financement 80,00 %" in fr
    assert "dossiersleutel" in nl and "20,00 %" in nl and "andere financiering 80,00 %" in nl
    assert "rien de réclamable" in explain(f.allocation.lines.set_index("id").loc["O2"], "fr")  # a line, or its basis
    assert "R1" in explain(f.allocation.lines.set_index("id").loc["O2"].basis, "nl")
