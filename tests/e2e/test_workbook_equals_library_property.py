"""The workbook cannot disagree with the library (issue 9, item 4): random small
valid inputs -> the library's figures (``Figures.to_dict()``, what ``report --json``
prints) -> the justification workbook -> recalculated by LibreOffice -> every
line's amount and four fates, every total, every summary figure and every R15
count read back from the recalculated cells equal the JSON, line by line; and
every formula cell equals the value the library cached in it.

The inputs mix what moves money line by line: every personnel key, payroll months
in and out of the period (R1, one line per staff member), other funding (R10),
missing justifications (R8, R9), fixed shares, ledger lines of every purpose with
dates in and out of the period, subcontracting without a reference (R14), and
participant refunds listed out of date order that share the attendance budget
(R11, R18).  The examples are written first, then recalculated in ONE LibreOffice
run (a start costs seconds), then compared.

Issue 10: the what-if with an empty scenario (``WhatIf.fates_by_line``: every staff
member recomputed through the rules, every operating line rebuilt from its basis),
the engine (the JSON) and the recalculated workbook give the same four fates on
every line.
"""
from __future__ import annotations

import os
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from activsoc_costs import _libreoffice as lo
from activsoc_costs import load, report
from activsoc_costs.export import FIRST, O_COLS, P_COLS, write_workbook
from activsoc_costs.labels import label
from activsoc_costs.whatif import Scenario, WhatIf
from helpers import write_inputs

pytestmark = pytest.mark.usefixtures("needs_soffice")

EXAMPLES = int(os.environ.get("WORKBOOK_PROPERTY_EXAMPLES", 6))
FATES = ("claimed", "not_eligible", "excluded", "other_use")

money = st.integers(0, 5_000_000).map(lambda c: f"{c // 100},{c % 100:02d}")
pct = st.one_of(st.integers(1, 100).map(str), st.integers(10, 999).map(lambda t: f"{t // 10},{t % 10}"))
in_year = st.sampled_from(["05/01/2015", "28/02/2015", "15/06/2015", "01/09/2015", "31/12/2015"])
any_date = st.one_of(in_year, st.sampled_from(["15/12/2014", "05/01/2016"]))


@st.composite
def inputs_tables(draw):
    staff, time, caseload, payroll = [], [], [], []
    for i in range(draw(st.integers(1, 4))):
        sid = f"S{i}"
        key = draw(st.sampled_from(["time", "caseload", "direct", "fixed"]))
        row = {"id": sid, "function": draw(st.sampled_from(["social_worker", "administrative", "teacher",
                                                             "coordinator"])),
               "key": key, "justification": draw(st.sampled_from(["", "lien direct avec les parcours"]))}
        if draw(st.booleans()):
            row.update(other_funding=draw(pct), other_funder="PAS")
        if key == "fixed":
            row["share"] = draw(pct)
        if draw(st.booleans()):
            row["cost"] = draw(money)
        else:
            for m in draw(st.lists(st.sampled_from(["12/2014", "01/2015", "06/2015", "12/2015", "01/2016"]),
                                   min_size=1, max_size=4, unique=True)):
                payroll.append({"staff_id": sid, "month": m, "amount": draw(money)})
        if key == "time":
            for act in draw(st.lists(st.sampled_from(["social_activation", "social_work", "professional_activation"]),
                                     min_size=1, max_size=3)):
                time.append({"staff_id": sid, "date": draw(in_year), "activity": act,
                             "hours": draw(st.integers(1, 400))})
        elif key == "caseload":
            n = draw(st.integers(1, 60))
            caseload.append({"staff_id": sid, "date": "30/06/2015", "piis_files": draw(st.integers(0, n)),
                             "all_files": n})
        staff.append(row)
    operating = []
    for i in range(draw(st.integers(1, 5))):
        purpose = draw(st.sampled_from(["social_activation", "literacy", "pre_training_job", "studies",
                                        "language_course"]))
        line = {"id": f"O{i}", "date": draw(any_date), "description": "x", "amount": draw(money), "purpose": purpose,
                "contract": draw(st.sampled_from(["own", "partnership", "subcontracting"])),
                "procurement_ref": draw(st.sampled_from(["", "MP-1"]))}
        if draw(st.booleans()):
            line["share"] = draw(pct)
        if draw(st.booleans()):
            line.update(other_funding=draw(pct), other_funder="FSE")
        operating.append(line)
    # refunds, deliberately not in date order in the ledger (R11: the engine takes them by date, then id)
    for i, d in enumerate(draw(st.lists(in_year, min_size=0, max_size=4))):
        operating.append({"id": f"F{i}", "date": d, "description": "défraiement", "purpose": "participant_refund",
                          "amount": draw(st.integers(0, 3000).map(lambda c: f"{c // 100},{c % 100:02d}"))})
    piis = [{"id": "Q1", "person": "B1", "type": "2.2", "start": "01/02/2015", "end": "31/12/2015"},
            {"id": "Q2", "person": "B2", "type": "professional", "start": "01/02/2015", "end": "31/12/2015"},
            {"id": "Q3", "person": "B3", "type": "2.1", "start": "01/03/2015", "end": "31/12/2015"}]
    attendance = [{"piis_id": draw(st.sampled_from(["Q1", "Q2", "Q3"])), "date": draw(in_year),
                   "hours": draw(st.integers(0, 12))} for _ in range(draw(st.integers(0, 4)))]
    return dict(staff=staff, piis=piis, operating=operating, time=time, caseload=caseload, payroll=payroll,
                attendance=attendance)


def cents(text) -> int:
    """'1234.56' (the JSON's figures) -> 123456."""
    return int(Decimal(str(text)) * 100)


def eur_equals(value, expected_cents: int) -> bool:
    return isinstance(value, (int, float)) and abs(value * 100 - expected_cents) < 1e-4


def test_every_formula_cell_of_random_workbooks_equals_the_library_json(tmp_path):
    cases = []  # (workbook path, the library's JSON, inputs folder)

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much])
    @given(tables=inputs_tables())
    def write_one(tables):
        n = len(cases)
        folder = write_inputs(tmp_path / f"in{n}", **{k: v for k, v in tables.items() if v})  # no empty files
        inputs = load(folder)
        assume(not inputs.problems)  # valid inputs only: refusals are tested elsewhere
        figures = report(inputs)
        path = write_workbook(figures, inputs, tmp_path / f"case{n}.xlsx", "fr" if n % 2 == 0 else "nl")
        whatif = WhatIf(inputs, figures).fates_by_line(Scenario())  # the what-if, empty scenario
        cases.append((path, figures.to_dict(), folder, "fr" if n % 2 == 0 else "nl", whatif))

    write_one()
    assert len(cases) >= max(1, EXAMPLES // 2), "too few valid examples were generated"
    recalculated = lo.recalculate_many([c[0] for c in cases], tmp_path / "recalc")
    for (path, js, folder, lang, whatif), recalc in zip(cases, recalculated):
        where = f"{folder} ({lang})"
        formulas = openpyxl.load_workbook(path)
        cached = openpyxl.load_workbook(path, data_only=True)
        book = openpyxl.load_workbook(recalc, data_only=True)
        L = lambda k: label(k, lang)  # noqa: E731

        # 1. every formula cell: LibreOffice's value equals the library's cached value
        n = 0
        for ws in formulas.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if isinstance(c.value, str) and c.value.startswith("="):
                        n += 1
                        lib, eng = cached[ws.title][c.coordinate].value, book[ws.title][c.coordinate].value
                        if isinstance(lib, (int, float)) and not isinstance(lib, bool):
                            assert isinstance(eng, (int, float)) and abs(lib - eng) < 1e-9, \
                                (where, ws.title, c.coordinate, c.value, lib, eng)
                        else:
                            assert lib == eng, (where, ws.title, c.coordinate, c.value, lib, eng)
        assert n > 50

        # 2. line by line: amount and four fates read from the recalculated sheets = the JSON's lines
        lines = {ln["id"]: ln for ln in js["lines"]}
        seen = set()
        for sheet, cols, id_key, amount_key in (("personnel", P_COLS, "xl_line", "xl_cost"),
                                                ("operating", O_COLS, "xl_id", "xl_paid")):
            ws = book[L(f"xl_sheet_{sheet}")]
            head = [c.value for c in ws[FIRST]]
            assert head[:len(cols)] == [L(k) for k in cols], where
            col = {k: head.index(L(k)) for k in (id_key, amount_key, *FATES)}
            for row in ws.iter_rows(min_row=FIRST + 1, values_only=True):
                if row[0] is None or row[0] == L("total"):
                    break
                ln = lines[row[col[id_key]]]
                assert ln["kind"] == sheet, where
                assert eur_equals(row[col[amount_key]], cents(ln["amount"])), (where, ln["id"], "amount")
                wi = whatif[(sheet, ln["id"])]  # the what-if's fates of the same line (empty scenario)
                for i, fate in enumerate(FATES):
                    assert eur_equals(row[col[fate]], cents(ln[fate])), (where, ln["id"], fate, row[col[fate]], ln[fate])
                    assert wi[i] == cents(ln[fate]), (where, ln["id"], fate, "what-if", wi[i], ln[fate])
                seen.add(ln["id"])
        assert seen == set(lines), where  # every line of the library is a row of the workbook, and no other
        assert {lid for _, lid in whatif} == set(lines), where  # and the what-if has every line, no other

        # 3. totals, the summary and the R15 counts
        def named(name):
            (sheet, ref), = book.defined_names[name].destinations
            return book[sheet][ref.replace("$", "")].value

        for prefix, kind in (("Pers", "personnel"), ("Op", "operating")):
            for field in ("amount", *FATES):
                assert eur_equals(named(f"{prefix}_{field}"), cents(js[kind][field])), (where, prefix, field)
        for name, key in (("Claimed", "claimed"), ("Accepted", "accepted"), ("Balance", "balance"),
                          ("Granted", "granted"), ("Advance", "advance")):
            assert eur_equals(named(name), cents(js[key])), (where, name)
        summary = book[L("xl_sheet_summary")]
        for row, key in ((29, "bilans"), (30, "piis"), (31, "2.1"), (32, "2.2"), (33, "2.3")):
            assert summary[f"C{row}"].value == js["counts"][key], (where, key)
        assert named("Lines_Mismatch") == 0 and named("Reconciliation_Difference") == 0, where
