"""Percent columns (issue 9): a cell typed ``10 %`` in Excel is stored 0.1 with a
percent number format; it is 10 %, not 0.1 %.  A bare fraction without that format
is refused: 0,6 may be 60 % typed as a fraction or 0,6 %, the cell does not say."""
import pytest

from activsoc_costs import load, report
from activsoc_costs.template import write_template
from helpers import cents, fill_template_with_sample, write_inputs


@pytest.fixture(autouse=True)
def _key(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("ACTIVSOC_KEY_FILE", str(tmp_path_factory.getbasetemp() / "key" / "pseudonym.key"))


def _sample_workbook(tmp_path, fmt="0%", s4=0.1, s6=0.6):
    """The sample typed into the template, with S4's share (10) and S6's other
    funding (60) typed as Excel stores ``10 %`` and ``60 %``."""
    path = tmp_path / "in.xlsx"
    write_template(path)
    wb = fill_template_with_sample(path)
    ws = wb["personnel"]
    header = [c.value for c in ws[1]]
    for sid, col, value in (("S4", "part %", s4), ("S6", "autre financement %", s6)):
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == sid)
        cell = ws.cell(row, header.index(col) + 1)
        cell.value = value
        if fmt:
            cell.number_format = fmt
    wb.save(path)
    return path


def _personnel(figures, sid):
    lines = figures.allocation.lines
    return lines[(lines["kind"] == "personnel") & (lines["ref"] == sid)][["claimed", "excluded"]].sum()


@pytest.mark.parametrize("fmt", ["0%", "0.00%", "0.0 %"])
def test_percent_cells_are_read_from_their_number_format(tmp_path, fmt):
    inputs = load(_sample_workbook(tmp_path, fmt))
    assert inputs.problems == []
    figures = report(inputs)
    # S4: 38 000.00 x 10 % = 3 800.00 claimed (R9), not 38.00 (0.1 %)
    assert _personnel(figures, "S4")["claimed"] == cents("3 800.00")
    # S6: 60 000.00 x 50 % time share, 60 % funded by PAS: capped at 40 % (R10):
    # 24 000.00 claimed and 6 000.00 excluded (as in the worked example)
    assert _personnel(figures, "S6")["claimed"] == cents("24 000.00")
    assert _personnel(figures, "S6")["excluded"] == cents("6 000.00")
    said = [w for w in inputs.warnings if w.code == "w_percent_format"]
    assert {(w.sheet, w.column) for w in said} == {("personnel", "part %"), ("personnel", "autre financement %")}
    assert all("%" in w.message_fr and "%" in w.message_nl for w in said)


def test_a_fraction_without_percent_format_is_refused(tmp_path):
    inputs = load(_sample_workbook(tmp_path, fmt=None))
    got = {(p.code, p.sheet, p.column, p.value) for p in inputs.problems}
    assert ("percent_fraction", "personnel", "part %", "0.1") in got
    assert ("percent_fraction", "personnel", "autre financement %", "0.6") in got
    p = next(p for p in inputs.problems if p.code == "percent_fraction" and p.value == "0.6")
    assert "60" in p.message_fr and "0,6 %" in p.message_fr and "60" in p.message_nl and p.row is not None


@pytest.mark.parametrize("text, expected", [("10 %", 10), ("10%", 10), ("10,00 %", 10), ("0,5 %", 0.5),
                                            ("60", 60), ("100", 100), ("0", 0)])
def test_percent_text_as_csv_exports_write_it(tmp_path, text, expected):
    folder = write_inputs(tmp_path, operating=[{"id": "O1", "date": "01/02/2015", "description": "x",
                                                "amount": "100,00", "purpose": "social_activation",
                                                "share": text}])
    inputs = load(folder)
    assert inputs.problems == []
    assert float(inputs.operating["share"].iloc[0]) == expected


@pytest.mark.parametrize("text", ["0,6", "0.25", "0,99"])
def test_percent_text_fraction_is_refused(tmp_path, text):
    folder = write_inputs(tmp_path, operating=[{"id": "O1", "date": "01/02/2015", "description": "x",
                                                "amount": "100,00", "purpose": "social_activation",
                                                "share": text}])
    p = next(p for p in load(folder).problems if p.code == "percent_fraction")
    assert (p.file, p.row, p.column, p.value) == ("operating.csv", 2, "share", text)


def test_percent_format_in_an_amount_column_is_refused(tmp_path):
    """S1's cost 52 000.00 typed in a cell that shows a percent: Excel stores
    52 000, shows 5 200 000 %; the cell contradicts itself: refused."""
    path = _sample_workbook(tmp_path)
    import openpyxl
    wb = openpyxl.load_workbook(path)
    ws = wb["personnel"]
    header = [c.value for c in ws[1]]
    s1 = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "S1")
    cell = ws.cell(s1, header.index("coût employeur") + 1)
    cell.value, cell.number_format = 52000, "0%"
    wb.save(path)
    p = next(p for p in load(path).problems if p.code == "percent_format_elsewhere")
    assert (p.sheet, p.row, p.column) == ("personnel", s1, "coût employeur")
    assert "52000" in p.message_fr and "52000" in p.message_nl
