"""Fuzzing the loader with random, mostly invalid, tables and files (issue 5).

Whatever the cells hold (garbage text, formulas, huge or negative numbers,
impossible dates, national numbers, control characters, wrong separators,
random bytes), ``load`` returns problems and never raises; when it reports no
problem, the whole report is made and reconciles to the cent.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from activsoc_costs import load, report
from activsoc_costs.problems import Problem
from activsoc_costs.schema import TABLES
from helpers import CONVENTION_2015, write_table

HOSTILE_CELLS = ["", " ", "abc", "-1", "-0,01", "1e309", "NaN", "inf", "=1+1", "+32 2 123 45 67", "@SUM(A1)",
                 "1.234,567", "1,2,3", "12/13/2015", "31/02/2015", "00/00/0000", "99999", "0", "100,5", "101",
                 "2.2", "2,2", "temps", "direct", "social_activation", "85.07.30-033.28", "Jean Dupont",
                 "\x00", "\ufeff", "é\u0301", "€", "(12,00)", "1 000 000 000 000,00", "9" * 40, "S1", "P1",
                 "01/01/2015", "31/12/2015", "42094", "\"quoted;semi\"", "line\nbreak"]

cell = st.one_of(st.sampled_from(HOSTILE_CELLS), st.text(max_size=12))
SEL = settings(max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", 30)), deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                      HealthCheck.function_scoped_fixture])


def _base(folder: Path):
    write_table(folder, "convention", [CONVENTION_2015])
    write_table(folder, "staff", [{"id": "S1", "function": "social_worker", "cost": "1000,00", "key": "direct"}])
    write_table(folder, "piis", [{"id": "P1", "person": "B1", "type": "2.2", "start": "01/02/2015",
                                  "end": "31/12/2015"}])
    write_table(folder, "operating", [{"id": "O1", "date": "01/02/2015", "description": "x", "amount": "1,00",
                                       "purpose": "social_activation"}])


def _check(folder: Path):
    inputs = load(folder)  # must not raise
    # and no crash hidden behind the loader's last line of defence either
    assert "internal_error" not in {p.code for p in inputs.problems}, [p.line() for p in inputs.problems]
    assert all(isinstance(p, Problem) and p.message_fr and p.message_nl for p in inputs.problems + inputs.warnings)
    if not inputs.problems:
        f = report(inputs)
        for t in (f.personnel, f.operating):
            assert t["amount"] == t["claimed"] + t["not_eligible"] + t["excluded"] + t["other_use"]


@SEL
@given(table=st.sampled_from([t for t in TABLES]), data=st.data())
def test_random_cells_in_any_table_never_raise(table, data):
    cols = [c.id for c in table.columns]
    rows = data.draw(st.lists(st.fixed_dictionaries({c: cell for c in cols}), min_size=0, max_size=6))
    sep = data.draw(st.sampled_from([";", ",", "\t"]))
    enc = data.draw(st.sampled_from(["utf-8-sig", "utf-8", "cp1252", "utf-16"]))
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        _base(folder)
        rows = [{k: (v.replace(sep, " ") if enc != "cp1252" else v.encode("cp1252", "replace").decode("cp1252")
                     .replace(sep, " ")) for k, v in r.items()} for r in rows]
        try:
            write_table(folder, table.id, rows or [{c: "" for c in cols}], sep=sep, encoding=enc)
        except UnicodeEncodeError:
            return
        _check(folder)


@SEL
@given(table=st.sampled_from([t.id for t in TABLES]), blob=st.binary(max_size=300),
       suffix=st.sampled_from([".csv", ".xlsx"]))
def test_random_bytes_as_a_table_file_never_raise(table, blob, suffix):
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        _base(folder)
        (folder / f"{table}.csv").unlink(missing_ok=True)
        (folder / f"{table}{suffix}").write_bytes(blob)
        _check(folder)


@SEL
@given(blob=st.binary(max_size=400), keep=st.integers(0, 4000))
def test_random_or_cut_workbooks_never_raise(blob, keep, tmp_path_factory):
    import xlsxwriter
    d = tmp_path_factory.mktemp("wb")
    good = d / "good.xlsx"
    wb = xlsxwriter.Workbook(str(good))
    wb.add_worksheet("convention").write_row(0, 0, ["cpas", "year"])
    wb.close()
    data = good.read_bytes()
    bad = d / "bad.xlsx"
    bad.write_bytes(data[:keep] + blob)
    inputs = load(bad)
    assert "internal_error" not in {p.code for p in inputs.problems}
    assert inputs.problems  # a cut or garbled workbook is never silently accepted as complete
