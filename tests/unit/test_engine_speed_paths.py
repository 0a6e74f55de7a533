"""Speed paths of the engine give what the plain paths give, on awkward values.

* ``rules.splitter`` (the shares read once, for many amounts) is ``rules.split`` then the
  deciding rule's ``sa_fate``, as ``line_fates`` does it: negative amounts, half cents,
  shares that round, a claimable share above the social-activation share, nothing claimable.
* ``allocate_operating`` decides the line rules once per distinct facts (``_memo``, and
  ``_decisions`` across CPAS): the same lines, bases, rules, reasons and warnings as deciding
  every line afresh, whatever the parameters or the percentages' types of the CPAS before.
* ``Allocation.lines``/``payroll_detail`` made when first read are the frames made at once, and
  ``summarise``'s totals of the engine's rows are the frame's totals (else the frame decides).
* ``trajectories.Rows`` read as they are (refunds, summarise) give what the table gives.
"""
import dataclasses
import datetime
import importlib
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from activsoc_costs import load, rules
from activsoc_costs.money import mul_share
from activsoc_costs.trajectories import count_trajectories
from helpers import write_inputs

allocate = importlib.import_module("activsoc_costs.allocate")  # the module (the package exports the function)

AMOUNTS = [-123457, -10001, -150, -5, -1, 0, 1, 2, 3, 5, 50, 99, 150, 10001, 123457, 10 ** 15 + 1]
SHARES = [Fraction(0), Fraction(1), Fraction(1, 2), Fraction(1, 3), Fraction(2, 3), Fraction(5, 19),
          Fraction(333, 1000), Fraction(3, 2)]


def plain(amount, share, ne_share, claimable, sa_fate):
    """The four fates written out with the money module (half-up once per fate)."""
    sa = mul_share(amount, share)
    ne = min(mul_share(amount, ne_share), amount - sa)
    claimed = min(mul_share(amount, claimable) if claimable is not None else 0, sa)
    fates = (claimed, ne, sa - claimed, amount - sa - ne)
    return (0, fates[1] + fates[2], 0, fates[3]) if sa_fate == "not_eligible" else fates


def test_splitter_is_split_then_the_rules_sa_fate():
    for share in SHARES:
        for ne_share in (Fraction(0), Fraction(1, 7), Fraction(1) - share if share <= 1 else Fraction(0)):
            for claimable in (None, Fraction(0), Fraction(1, 3), share, Fraction(1)):
                for sa_fate in ("excluded", "not_eligible"):
                    f = rules.splitter(share, ne_share, claimable, sa_fate)
                    for amount in AMOUNTS:
                        want = plain(amount, share, ne_share, claimable, sa_fate)
                        assert f(amount) == want, (amount, share, ne_share, claimable, sa_fate)
                        if sa_fate == "excluded":
                            assert rules.split(amount, share, ne_share, claimable) == want


def test_line_fates_through_the_splitter():
    facts = rules.LineFacts("operating", purpose="studies", not_eligible_purpose=True, cap=Fraction(1))
    for amount in AMOUNTS:
        fates, rule, claimable = rules.line_fates(amount, Fraction(1, 3), Fraction(0), facts)
        assert (rule.id, claimable) == ("R13", None)
        assert fates == plain(amount, Fraction(1, 3), Fraction(0), None, "not_eligible")


class _Forgetful(dict):
    """A cache that keeps nothing: every line decided afresh (the plain path)."""

    def __setitem__(self, key, value):
        pass


LEDGER = [  # the same facts on several amounts, each rule, refunds, shares and funding that round
    {"id": "O1", "date": "01/02/2015", "description": "a", "amount": "100,00", "purpose": "social_activation"},
    {"id": "O2", "date": "02/02/2015", "description": "b", "amount": "0,01", "purpose": "social_activation",
     "other_funding": "50", "other_funder": "FSE"},          # 0.01 x 50 % rounds up: nothing excluded
    {"id": "O3", "date": "03/02/2015", "description": "c", "amount": "0,03", "purpose": "social_activation",
     "other_funding": "50", "other_funder": "FSE"},          # same facts, something excluded: R10 warning
    {"id": "O4", "date": "04/02/2015", "description": "d", "amount": "0,00", "purpose": "social_activation",
     "other_funding": "50"},                                 # nothing at all; funder blank
    {"id": "O5", "date": "05/02/2015", "description": "e", "amount": "999,99", "purpose": "language_course",
     "share": "33,3", "other_funding": "70", "contract": "partnership"},
    {"id": "O6", "date": "06/02/2015", "description": "f", "amount": "10,01", "purpose": "language_course",
     "share": "33,3", "other_funding": "70", "contract": "partnership"},
    {"id": "O7", "date": "31/12/2014", "description": "g", "amount": "12,34", "purpose": "social_activation",
     "share": "66,7"},                                       # R1
    {"id": "O8", "date": "01/01/2016", "description": "h", "amount": "12,35", "purpose": "social_activation",
     "share": "66,7"},                                       # R1 again, other amount
    {"id": "O9", "date": "07/02/2015", "description": "i", "amount": "5,55", "purpose": "studies"},  # R13
    {"id": "O10", "date": "31/12/2014", "description": "j", "amount": "5,57", "purpose": "studies"},  # R13 before R1
    {"id": "O11", "date": "08/02/2015", "description": "k", "amount": "77,77", "purpose": "social_activation",
     "contract": "subcontracting"},                          # R14
    {"id": "O12", "date": "09/02/2015", "description": "l", "amount": "77,78", "purpose": "social_activation",
     "contract": "subcontracting", "procurement_ref": "MP-1", "share": "50", "other_funding": "50"},
    {"id": "O13", "date": "10/02/2015", "description": "m", "amount": "100,00", "purpose": "social_activation",
     "other_funding": "100", "other_funder": "Région"},      # all funded elsewhere
    {"id": "R0", "date": "01/01/2015", "description": "refund", "amount": "20,00", "purpose": "participant_refund",
     "other_funding": "50", "other_funder": "FSE"},          # R18, above attendance and funded elsewhere
    {"id": "R1", "date": "01/06/2015", "description": "refund", "amount": "45,00", "purpose": "participant_refund"},
    {"id": "R2", "date": "01/03/2015", "description": "refund", "amount": "", "purpose": "participant_refund"},
    {"id": "R3", "date": "31/12/2014", "description": "refund", "amount": "3,00", "purpose": "participant_refund"},
    {"id": "O14", "date": "11/02/2015", "description": "n", "amount": "0,01", "purpose": "social_activation",
     "other_funding": "50", "other_funder": "FSE"},          # O2 again
    {"id": "O15", "date": "12/02/2015", "description": "o", "amount": "0,03", "purpose": "social_activation",
     "other_funding": "50,0", "share": "100,00"},            # O3's percentages written otherwise
    {"id": "O16", "date": "13/02/2015", "description": "p", "amount": "33,33", "purpose": "literacy",
     "share": "0", "other_funding": "0"},
]
PIIS = [{"id": "P1", "person": "B1", "type": "2.2", "start": "01/02/2015", "end": "31/12/2015"},
        {"id": "P2", "person": "B2", "type": "professional", "start": "01/02/2015", "end": "31/12/2015"}]
ATT = [{"piis_id": "P1", "date": "01/03/2015", "hours": "10"}, {"piis_id": "P2", "date": "01/03/2015", "hours": "2"},
       {"piis_id": "P1", "date": "01/12/2014", "hours": "7"}]


def _operating(inputs, monkeypatch, memo):
    monkeypatch.setattr(allocate, "_memo", memo)
    monkeypatch.setattr(allocate, "_decisions", memo())  # nor kept across CPAS
    lines, refunds, warnings = allocate.allocate_operating(inputs, count_trajectories(inputs)[0])
    return allocate._lines_frame(lines), refunds, [w.to_dict() for w in warnings]


def test_operating_decided_once_per_facts_is_every_line_decided(tmp_path, monkeypatch):
    inputs = load(write_inputs(tmp_path, convention={"refund_rate": "1,50"}, piis=PIIS, attendance=ATT,
                               operating=LEDGER))
    assert inputs.problems == []
    fast, fast_refunds, fast_warnings = _operating(inputs, monkeypatch, dict)
    slow, slow_refunds, slow_warnings = _operating(inputs, monkeypatch, _Forgetful)
    pd.testing.assert_frame_equal(fast, slow)
    assert fast["basis"].tolist() == slow["basis"].tolist()
    assert {type(b) for b in fast["basis"]} == {rules.Basis}  # the ledger lines' fields made Bases with the frame
    assert (fast_refunds, fast_warnings) == (slow_refunds, slow_warnings)
    got = fast.set_index("id")
    assert got.loc["O3", "reasons"] == "R10_funded_elsewhere" and got.loc["O2", "reasons"] == ""
    assert got.loc["O14", "reasons"] == "" and got.loc["O10", "basis"].rule == "R13"
    assert (got.loc["R0", "rules"], got.loc["R0", "reasons"]) == ("R11 R18 R10", "R11_above_attendance R10_funded_elsewhere")
    assert {w["code"] for w in fast_warnings} >= {"w_r10_funded_elsewhere", "w_r1_outside_period",
                                                  "w_r14_no_procurement"}
    for basis, c, n, e, o in zip(*(fast[k].tolist() for k in ("basis", "claimed", "not_eligible", "excluded",
                                                               "other_use"))):
        assert rules.rebuild(basis) == (c, n, e, o)


def test_decisions_kept_across_cpas_follow_each_cpas_parameters_and_values(tmp_path, monkeypatch):
    inputs = load(write_inputs(tmp_path, convention={"refund_rate": "1,50"}, piis=PIIS, attendance=ATT,
                               operating=LEDGER))
    p = inputs.params  # another year's parameters: literacy not eligible, its rule text another
    other = dataclasses.replace(p, not_eligible_purposes=p.not_eligible_purposes | {"literacy"},
                                purpose_rules={**p.purpose_rules, "literacy": "R13", "social_activation": "RX"})
    op = inputs.operating.copy()  # the same percentages typed as other types (equal values)
    op["share"] = [None if pd.isna(x) else float(x) for x in op["share"]]
    op["other_funding"] = [None if pd.isna(x) else int(x) if x == int(x) else x for x in op["other_funding"]]
    variants = [inputs, dataclasses.replace(inputs, params=other),
                dataclasses.replace(inputs, tables={**inputs.tables, "operating": op})]
    warm = {}
    for v in variants:  # the cache warmed by the CPAS before
        monkeypatch.setattr(allocate, "_decisions", warm)
        fast = allocate.allocate_operating(v, count_trajectories(v)[0])
        monkeypatch.setattr(allocate, "_decisions", _Forgetful())
        slow = allocate.allocate_operating(v, count_trajectories(v)[0])
        assert (fast[0], fast[1]) == (slow[0], slow[1])
        assert [w.to_dict() for w in fast[2]] == [w.to_dict() for w in slow[2]]
    assert len(warm) > 5
    assert len({str(allocate.allocate_operating(v, None)[0]) for v in variants[:2]}) == 2  # the parameters count


def test_days_from_ordinals_are_numpy_s_days():
    refunds = importlib.import_module("activsoc_costs.refunds")
    d = datetime.date
    cases = [[], [None], [d(1970, 1, 1), d(1969, 12, 31), None, d(2016, 2, 29), d(1, 1, 1), d(9999, 12, 31)],
             [d(2015, 3, 1), datetime.datetime(2015, 3, 2, 23, 59), None],  # not only dates: numpy's own path
             [pd.Timestamp("2015-03-01 12:00"), None, d(2015, 1, 1)], [pd.Timestamp("2015-03-01"), pd.NaT],
             [d(2015, 1, 1), float("nan")]]
    for values in cases:
        try:
            want = np.array(values, dtype="datetime64[D]")
        except (TypeError, ValueError) as e:  # what numpy refuses, refused the same way
            with pytest.raises(type(e)):
                refunds._days(values)
            continue
        got = refunds._days(values)
        assert got.dtype == want.dtype and got.view("i8").tolist() == want.view("i8").tolist(), values


def test_piis_rows_of_attendance_are_the_indexer_s():
    refunds = importlib.import_module("activsoc_costs.refunds")

    def indexer(ids, att):  # the plain path: pandas' indexer on the last row of each id
        pos = {pid: i for i, pid in enumerate(ids)}
        at = pd.Index(list(pos)).get_indexer(att) if pos else np.full(len(att), -1)
        return np.where(at >= 0, np.array(list(pos.values()) + [len(ids)])[at], len(ids)).tolist()

    att = pd.Series(["P1", "P2", None, "P9", "P1", "", "p1", float("nan")], dtype=object)
    for ids in ([], ["P1"], ["P1", "P2", "P1"], ["", "P2"], ["P1", None, "P2"], ["P1", float("nan")], [1, "P2"]):
        assert refunds._piis_rows(ids, att).tolist() == indexer(ids, att), ids
    assert refunds._piis_rows(["P1"], pd.Series([], dtype=object)).tolist() == []


def test_r1_day_text_from_days_is_pandas_text():
    dates = pd.Series(pd.to_datetime(["2015-12-31", "1999-01-01", "2016-02-29", None, "1000-01-02"],
                                     format="%Y-%m-%d").astype("datetime64[s]"))
    day = dates.to_numpy().astype("datetime64[D]")
    for i in (0, 1, 2, 4):
        assert allocate._day_text(dates, i, day) == allocate._day_text(dates, i, None) \
            == dates.iloc[i].strftime("%d/%m/%Y")


def test_hours_by_staff_in_numpy_are_pandas_sums():
    hours = pd.DataFrame({"other": [1, 0, 2 ** 40], "professional_activation": [0, 5, 7],
                          "social_activation": [3, 0, 11], "social_work": [4, 0, 0]},
                         index=pd.Index(["S1", "S2", "S3"], name="staff_id"), dtype=np.int64)
    files = pd.DataFrame({"piis_files": pd.array([1, 2], dtype="Int64"), "all_files": pd.array([3, 4], dtype="Int64")},
                         index=["S1", "S2"])
    fast = allocate._by_staff(hours, files)
    plain = allocate._by_staff(hours.astype(object), files)  # not int64: pandas sums the rows
    assert fast == plain
    assert fast[0]["S3"] == (11, 7, 2 ** 40 + 18) and fast[1] == {"S1": (1, 3), "S2": (2, 4)}


def test_trajectories_table_is_the_one_pandas_infers(tmp_path):
    piis = [{"id": "P1", "person": "B1", "type": "2.2", "start": "01/02/2015", "end": "31/12/2015"},
            {"id": "P2", "person": "B1", "type": "2.1", "start": "01/03/2015", "end": "31/12/2015"},  # R17
            {"id": "P3", "person": "B3", "type": "professional", "start": "01/03/2015", "end": "31/12/2015"},
            {"id": "P4", "person": "B4", "type": "2.3", "start": "01/08/2014", "end": "31/07/2015",
             "evaluation": "01/12/2014", "outcome": " job "},
            {"id": "P5", "person": "B5", "type": "2.2", "start": "", "end": "31/12/2015"},
            {"id": "P6", "person": "B6", "type": "2.2", "start": "01/09/2015", "end": "31/08/2016",
             "evaluation": "01/12/2015"}]
    inputs = load(write_inputs(tmp_path, piis=piis))
    table, _ = count_trajectories(inputs)
    plain = pd.DataFrame({c: table[c].tolist() for c in table.columns})  # every column left to inference
    pd.testing.assert_frame_equal(table, plain)
    assert table["counted"].dtype == bool and table["row"].dtype == np.int64


def test_records_read_at_once_are_the_columns_values():
    f = pd.DataFrame({"s": pd.array(["a", None, "c"], dtype="str"), "o": [None, Decimal("1.5"), "x"],
                      "I": pd.array([1, None, 3], dtype="Int64"), "i": np.array([1, 2, 3], dtype=np.int64),
                      "d": pd.to_datetime(["2015-01-01", None, "2015-03-01"]).astype("datetime64[s]"),
                      "b": [True, False, True], "f": [1.5, np.nan, 2.0],
                      "B": pd.array([True, None, False], dtype="boolean")}, index=[7, 3, 9])
    names = list(f.columns)
    plain = [dict(zip(names, v)) for v in zip(*([None if x is pd.NA else x for x in f[c].tolist()] for c in names))]
    got = allocate._records(f)
    assert [list(r) for r in got] == [names] * 3
    for g, p in zip(got, plain):
        for c in names:
            assert type(g[c]) is type(p[c]) and (g[c] == p[c] or (g[c] != g[c] and p[c] != p[c])
                                                 or g[c] is p[c]), (c, g[c], p[c])
    assert allocate._records(f.iloc[:0]) == [] and allocate._records(pd.DataFrame(index=[1, 2])) == []


def test_the_whole_amount_claimed_is_split_s_special_case():
    assert rules.splitter(Fraction(1), Fraction(0), Fraction(1)) is rules._all_claimed
    assert rules.splitter(Fraction(1), Fraction(0), Fraction(1), "not_eligible") is not rules._all_claimed
    assert rules.splitter(Fraction(1), Fraction(0), None) is not rules._all_claimed
    for amount in AMOUNTS:
        assert rules._all_claimed(amount) == plain(amount, Fraction(1), Fraction(0), Fraction(1), "excluded")


def _line_rows(amounts):
    """Line tuples (LINE_COLUMNS' order) of both kinds with the given (amount, 4 fates)."""
    return [(f"L{i}", kind, f"L{i}", "d", *money, "R6", "", "f.csv", "", i + 2, None)
            for i, (kind, money) in enumerate(amounts)]


def test_lines_frame_made_when_read_is_the_frame_made_at_once(tmp_path):
    inputs = load(write_inputs(tmp_path, convention={"refund_rate": "1,50"}, piis=PIIS, attendance=ATT,
                               operating=LEDGER))
    alloc = allocate.allocate(inputs)
    rows = allocate.line_rows(alloc)
    assert rows is not None and "_lines" in alloc.__dict__
    p_lines, _, _, detail = allocate.allocate_personnel(inputs)
    o_lines, _, _ = allocate.allocate_operating(inputs)
    pd.testing.assert_frame_equal(alloc.lines, allocate._lines_frame(p_lines + o_lines))
    pd.testing.assert_frame_equal(alloc.payroll_detail, allocate._detail_frame(detail))
    assert allocate.line_rows(alloc) is None and alloc.lines is alloc.lines  # made once, then kept
    given = allocate.Allocation(lines=alloc.lines, staff={})
    assert allocate.line_rows(given) is None and list(given.payroll_detail.columns) == allocate.PAYROLL_DETAIL_COLUMNS
    assert "lines=" in repr(alloc) and "payroll_detail=" in repr(alloc)


def test_totals_of_the_engine_s_rows_are_the_frame_s_totals():
    S = importlib.import_module("activsoc_costs.summarise")
    kinds = ("personnel", "operating")
    cases = [[], [("personnel", (AMOUNTS[0], -1, 0, 2 ** 40, 5))],
             [("operating", (a, a // 3, -a, 7, 0)) for a in AMOUNTS] + [("personnel", (1, 1, 0, 0, 0))] * 3
             + [("other", (10 ** 12, 0, 0, 0, 0))]]
    for case in cases:
        rows = _line_rows(case)
        got = S._totals_of_rows(rows, kinds)
        assert got == S.totals_by_kind(allocate._lines_frame(rows), kinds)
        assert [list(v) for v in got.values()] == [["amount", *S.FATES]] * 2
        assert all(type(x) is int for v in got.values() for x in v.values())
    # not a Python int, or beyond int64: the frame decides (it converts, or refuses the amount)
    assert S._totals_of_rows(_line_rows([("personnel", (np.int64(5), 5, 0, 0, 0))]), kinds) is None
    assert S._totals_of_rows(_line_rows([("operating", (True, 1, 0, 0, 0))]), kinds) is None
    assert S._totals_of_rows(_line_rows([("operating", (2 ** 63, 2 ** 63, 0, 0, 0))]), kinds) is None
    with pytest.raises(OverflowError):
        allocate._lines_frame(_line_rows([("operating", (2 ** 63, 2 ** 63, 0, 0, 0))]))


PIIS_MANY = [  # counted, R17, R18, R20 with a reason and hours after leaving, previous year, carry-over
    {"id": "P1", "person": "B1", "type": "2.2", "start": "01/02/2015", "end": "31/12/2015"},
    {"id": "P2", "person": "B1", "type": "2.1", "start": "01/03/2015", "end": "31/12/2015"},
    {"id": "P3", "person": "B3", "type": "professional", "start": "01/03/2015", "end": "31/12/2015"},
    {"id": "P4", "person": "B4", "type": "2.3", "start": "01/08/2014", "end": "31/07/2015",
     "evaluation": "01/12/2014", "outcome": " job "},
    {"id": "P6", "person": "B6", "type": "2.2", "start": "01/09/2015", "end": "31/08/2016", "evaluation": "01/12/2015"},
    {"id": "P7", "person": "B7", "type": "2.1", "start": "01/02/2015", "end": "31/12/2015", "left_on": "30/06/2015",
     "leave_reason": "moved"}]
ATT_MANY = [{"piis_id": p, "date": d, "hours": "3"} for p in ("P1", "P2", "P3", "P4", "P6", "P7")
            for d in ("01/12/2014", "01/03/2015", "01/09/2015")]


def test_trajectory_rows_read_as_they_are_give_what_the_table_gives(tmp_path):
    S = importlib.import_module("activsoc_costs.summarise")
    T = importlib.import_module("activsoc_costs.trajectories")
    R = importlib.import_module("activsoc_costs.refunds")
    from activsoc_costs.pipeline import report
    inputs = load(write_inputs(tmp_path, convention={"refund_rate": "1,50"}, piis=PIIS_MANY, attendance=ATT_MANY,
                               operating=LEDGER))
    assert inputs.problems == []
    rows, warnings = T.trajectory_rows(inputs)
    table, t_warn = count_trajectories(inputs)
    pd.testing.assert_frame_equal(rows.table(), table)
    assert [w.to_dict() for w in warnings] == [w.to_dict() for w in t_warn]
    for c in ("id", "counted", "carry_over", "rule", "start", "end", "left_on", "type", "outcome", "status"):
        assert rows.column(c) == table[c].tolist(), c
    rows.column("id").append("X")  # each read is a list of its own
    assert rows.column("id") == table["id"].tolist() and T.Rows().column("id") == []
    budget = R._refund_budget(inputs, rows)
    assert budget == R._refund_budget(inputs, table) and budget["after_left"] and budget["why"]
    blank_id = T.Rows([(None, *rows[0][1:]), *rows[1:]])  # an id that is not a text: the table decides
    assert R._refund_budget(inputs, blank_id) == R._refund_budget(inputs, blank_id.table())
    fast = report(inputs)
    plain = S.summarise(inputs, allocate.allocate(inputs, table), (table, t_warn))
    assert "_trajectories" in fast.__dict__ and type(fast.__dict__["_trajectories"]) is allocate._Later
    pd.testing.assert_frame_equal(fast.trajectories, table)
    assert fast.to_json() == plain.to_json() and fast.counts["piis"] > 0 and fast.results["left_with_reason"] == 1
    empty = T.Rows()
    pd.testing.assert_frame_equal(empty.table(), pd.DataFrame([], columns=T.COLUMNS))


def test_productive_hours_from_the_row_are_the_staff_table_s():
    keydata = importlib.import_module("activsoc_costs.keydata")
    staff = pd.DataFrame({
        "productive_hours": pd.array([None, 1500, None, None, 0], dtype="Int64"),
        "fte": [Decimal("0.5"), None, Decimal("1"), np.nan, Decimal("0.333")],
        "start": pd.to_datetime(["2014-06-01", None, "2015-03-15", None, "2015-12-31"]).astype("datetime64[s]"),
        "end": pd.to_datetime([None, "2015-06-30", "2016-02-01", None, "2015-12-31"]).astype("datetime64[s]")},
        index=[4, 0, 9, 2, 7])
    params = type("P", (), {"period_start": datetime.date(2015, 1, 1), "period_end": datetime.date(2015, 12, 31),
                            "productive_hours_per_fte": 1720})()
    for idx, row in zip(staff.index, allocate._records(staff)):
        got = keydata.productive_hours_of(*(row[c] for c in allocate._PRODUCTIVE_CELLS), params)
        assert got == keydata.productive_hours(staff, idx, params) and type(got) is Fraction
