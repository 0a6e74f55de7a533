"""Inputs as real offices write them load correctly (issue 5).

The messy fixtures (tests/data/make_fixtures.py) hold exactly the data of the
worked example (inputs/exempleville-2015, domain notes): Belgian CSV variants
(';', ',' decimal, '1.234,56', '€', cp1252, UTF-8 with BOM, UTF-16 tab text,
'sep=;'), dd/mm/yyyy, ISO and Excel serial dates, headers in French or Dutch in
any case/accents/spacing, a title row, blank rows, trailing spaces, numbers as
text, formulas with cached values, extra columns.  They must give the worked
example's figures (claimed € 89 544,21, balance € 42 044,21) line by line.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from activsoc_costs import load, report
from helpers import SAMPLE, cents, write_inputs, write_table

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data"))
import make_fixtures as fx  # noqa: E402


@pytest.fixture(autouse=True)
def _key(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("ACTIVSOC_KEY_FILE", str(tmp_path_factory.getbasetemp() / "key" / "pseudonym.key"))


@pytest.fixture(scope="module")
def clean():
    return report(load(SAMPLE))


def _lines(figures):
    cols = ["id", "kind", "amount", "claimed", "not_eligible", "excluded", "other_use"]
    return sorted(map(tuple, figures.allocation.lines[cols].itertuples(index=False)))


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_messy_files_give_the_worked_example(kind, tmp_path, clean):
    path = fx.write_messy_csv(tmp_path / "messy") if kind == "csv" else fx.write_messy_xlsx(tmp_path / "messy.xlsx")
    inputs = load(path)
    assert [p.line() for p in inputs.problems] == []
    f = report(inputs)
    # the worked example of the domain notes (README): € 89 544,21 claimed, € 42 044,21 to receive
    assert f.claimed == cents("89 544,21")
    assert f.balance == cents("42 044,21")
    assert f.counts == clean.counts and f.results == clean.results
    assert _lines(f) == _lines(clean)  # every line, every fate, to the cent
    assert len(inputs.time) == 20 and len(inputs.attendance) == 610  # no row lost (blank rows dropped only)


def test_extra_columns_and_title_rows_are_listed_in_warnings(tmp_path):
    inputs = load(fx.write_messy_csv(tmp_path / "messy"))
    extra = [w for w in inputs.warnings if w.code == "extra_column"]
    assert [(w.file, w.column) for w in extra] == [("personeel.csv", "commentaire interne")]
    above = [w for w in inputs.warnings if w.code == "w_rows_above_header"]
    assert [(w.file, w.row) for w in above] == [("piis.csv", 1)]
    assert "3" in above[0].message_fr and "3" in above[0].message_nl  # the header's row


def test_row_numbers_are_those_the_officer_sees_after_title_and_blank_rows(tmp_path):
    folder = fx.write_messy_csv(tmp_path / "messy")
    # piis.csv: title row 1, blank row 2, header row 3: P05 is on row 8
    text = (folder / "piis.csv").read_text(encoding="utf-8").replace("P05;B05;2.2", "P05;B05;2.9")
    (folder / "piis.csv").write_text(text, encoding="utf-8")
    # personeel.csv: header row 1, S1 row 2, S2 row 3, a blank row 4, S3 row 5, S4 row 6
    raw = (folder / "personeel.csv").read_bytes().decode("utf-8-sig").replace("S4  ;", "S1;")
    (folder / "personeel.csv").write_bytes(raw.encode("utf-8-sig"))
    inputs = load(folder)
    got = {(p.code, p.file, p.row) for p in inputs.problems}
    assert ("unknown_value", "piis.csv", 8) in got
    assert ("duplicate_id", "personeel.csv", 6) in got


@pytest.mark.parametrize("text, expected", [
    ("1.234,56", "1 234,56"), ("€ 1.234,56", "1 234,56"), ("1 234,56 €", "1 234,56"),
    ("1\u00a0234,56", "1 234,56"), ("1\u202f234,56", "1 234,56"), ("1234,5", "1 234,50"),
    # "1.234" alone is no longer read as 1 234,00: nothing in its column shows the decimal
    # separator (issue 9, see test_inputs_thousands.py)
    ("  480,00  ", "480,00"), ("480", "480,00"), ("0,01", "0,01"),
])
def test_belgian_amounts(text, expected, tmp_path):
    folder = write_inputs(tmp_path, operating=[{"id": "O1", "date": "01/02/2015", "description": "x",
                                                "amount": text, "purpose": "social_activation"}])
    inputs = load(folder)
    assert inputs.problems == []
    assert int(inputs.operating["amount"].iloc[0]) == cents(expected)


@pytest.mark.parametrize("text", ["05/03/2015", "5/3/2015", "2015-03-05", "05.03.2015", "42068", "05-03-2015",
                                  "2015-03-05 00:00:00", " 05/03/2015 "])
def test_date_spellings(text, tmp_path):
    # 42068 is Excel's serial number of 5 March 2015 (days since 30/12/1899)
    folder = write_inputs(tmp_path, operating=[{"id": "O1", "date": text, "description": "x", "amount": "1,00",
                                                "purpose": "social_activation"}])
    inputs = load(folder)
    assert inputs.problems == []
    assert inputs.operating["date"].iloc[0].date().isoformat() == "2015-03-05"


def test_headers_in_any_case_accents_and_language(tmp_path):
    folder = write_inputs(tmp_path)
    write_table(folder, "werking", [{"  ID ": "O1", "DATUM": "01/02/2015", "Omschrijving": "x",
                                     "BEDRAG": "10,00", "doel": "sociale activering"}])
    (folder / "operating.csv").unlink()
    inputs = load(folder)
    assert inputs.problems == []
    assert int(inputs.operating["amount"].iloc[0]) == 1000


def test_ragged_rows_lose_nothing(tmp_path):
    """A row with more cells than the header (a stray ';') is read, not refused,
    and the cells without a header are pointed at."""
    folder = write_inputs(tmp_path)
    (folder / "operating.csv").write_text(
        "id;date;description;amount;purpose\r\n"
        "O1;01/02/2015;x;10,00;social_activation\r\n"
        "O2;01/03/2015;y;20,00;social_activation;oops\r\n", encoding="utf-8")
    inputs = load(folder)
    assert inputs.problems == []
    assert sorted(inputs.operating["amount"].astype(int)) == [1000, 2000]
    w = [w for w in inputs.warnings if w.code == "w_cells_without_header"]
    assert [(w.file, w.row, w.column) for w in w] == [("operating.csv", 3, "F")]


def test_blank_rows_and_spaces_only_rows_are_dropped_not_counted(tmp_path):
    folder = write_inputs(tmp_path)
    (folder / "operating.csv").write_text(
        "id;date;description;amount;purpose\r\n\r\n;;;;\r\n  ; ;\t;;\r\n"
        "O1;01/02/2015;x;10,00;social_activation\r\n\r\n", encoding="utf-8")
    inputs = load(folder)
    assert inputs.problems == []
    assert inputs.operating["src_row"].tolist() == [5]


def test_workbook_formula_cells_use_their_cached_values(tmp_path):
    """A cost computed in the workbook (=4*13000) is read as Excel last computed it."""
    import xlsxwriter
    path = tmp_path / "in.xlsx"
    fx.write_messy_xlsx(path)
    inputs = load(path)
    s1 = inputs.staff.set_index("id").loc["S1"]
    assert int(s1["cost"]) == cents("52 000,00")
    # and a formula whose cached value differs from a naive re-evaluation: the cached value wins
    path2 = tmp_path / "cached.xlsx"
    wb = xlsxwriter.Workbook(str(path2))
    for stem, (_t, nl) in fx.TABLES.items():
        h, rows = fx.sample_rows(stem)
        ws = wb.add_worksheet(nl)
        ws.write_row(0, 0, h)
        for i, r in enumerate(rows):
            ws.write_row(i + 1, 0, r)
        if stem == "fonctionnement":
            # O1: a formula over another workbook's cell, its cached value 480,00 (re-evaluated here it would be 0)
            ws.write_formula(1, 3, "=[1]Grootboek!$D$2", None, 480)
    wb.close()
    inputs = load(path2)
    assert inputs.problems == []
    assert int(inputs.operating.set_index("id").loc["O1", "amount"]) == 48000
