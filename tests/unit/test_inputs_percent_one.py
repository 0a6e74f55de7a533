"""« 1 » in a percent column (0-100): 100 % typed as a fraction, or 1 %?  Read as 1 % only where the
column itself shows its 0-100 scale (another value above 1, typed without a percent format), and said;
otherwise refused with its place and what to type.  A staff member fully funded by another subsidy,
typed « 1 » for 100 %, would else be claimed at 99 %: double subsidising (R10)."""
import openpyxl
import pytest

from activsoc_costs import load, report
from helpers import cents, write_inputs
from test_inputs_percent_cells import _personnel, _sample_workbook


@pytest.fixture(autouse=True)
def _key(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("ACTIVSOC_KEY_FILE", str(tmp_path_factory.getbasetemp() / "key" / "pseudonym.key"))


def _operating(tmp_path, *shares):
    rows = [{"id": f"O{i}", "date": "01/02/2015", "description": "x", "amount": "100,00",
             "purpose": "social_activation", "share": s} for i, s in enumerate(shares, 1)]
    return load(write_inputs(tmp_path, operating=rows))


@pytest.mark.parametrize("text", ["1", "1,0", "1.00", " 1 "])
def test_one_alone_in_a_percent_column_is_refused(tmp_path, text):
    inputs = _operating(tmp_path, "", text)
    p = next(p for p in inputs.problems if p.code == "percent_one")
    assert (p.file, p.row, p.column, p.value.strip()) == ("operating.csv", 3, "share", text.strip())
    assert "100" in p.message_fr and "1 %" in p.message_fr and "100" in p.message_nl and "1 %" in p.message_nl
    assert not [w for w in inputs.warnings if w.code == "w_percent_one_from_column"]


def test_one_beside_fractions_is_refused_with_them(tmp_path):
    codes = {(p.code, p.row) for p in _operating(tmp_path, "0,5", "1").problems}
    assert {("percent_fraction", 2), ("percent_one", 3)} <= codes


def test_one_where_the_column_shows_0_100_is_one_percent_and_said(tmp_path):
    inputs = _operating(tmp_path, "40", "1", "1")
    assert inputs.problems == []
    assert [float(v) for v in inputs.operating["share"]] == [40, 1, 1]
    w = next(w for w in inputs.warnings if w.code == "w_percent_one_from_column")
    assert (w.file, w.row, w.column, w.value) == ("operating.csv", 3, "share", "1")
    assert "40" in w.message_fr and "2" in w.message_fr and "100" in w.message_fr and "40" in w.message_nl
    # O2 and O3: 100,00 at 1 % is 1,00 each (O1: 40,00)
    lines = report(inputs).allocation.lines
    claimed = lines[lines["kind"] == "operating"].set_index("ref")["claimed"]
    assert (claimed["O1"], claimed["O2"], claimed["O3"]) == (cents("40,00"), cents("1,00"), cents("1,00"))


@pytest.mark.parametrize("text", ["1 %", "1%", "1,00 %"])
def test_one_with_its_percent_sign_is_one_percent(tmp_path, text):
    inputs = _operating(tmp_path, text)
    assert inputs.problems == []
    assert float(inputs.operating["share"].iloc[0]) == 1
    assert not [w for w in inputs.warnings if w.code == "w_percent_one_from_column"]


def test_workbook_general_one_alone_is_refused_and_with_a_scale_is_read(tmp_path):
    # S6's other funding is the only value of its column: typed 1 (General format), refused
    inputs = load(_sample_workbook(tmp_path, fmt=None, s4=10, s6=1))
    p = next(p for p in inputs.problems if p.code == "percent_one")
    assert (p.sheet, p.column, p.value) == ("personnel", "autre financement %", "1")
    # S4's share typed 1 beside S5's 15 (General): 1 %, said; S4: 38 000.00 x 1 % = 380.00 (R9)
    inputs = load(_sample_workbook(tmp_path, fmt=None, s4=1, s6=60))
    assert inputs.problems == []
    w = next(w for w in inputs.warnings if w.code == "w_percent_one_from_column")
    assert (w.sheet, w.column, w.value) == ("personnel", "part %", "1")
    assert _personnel(report(inputs), "S4")["claimed"] == cents("380.00")


def test_a_percent_cell_does_not_show_the_scale_of_a_general_one(tmp_path):
    """S6 at 100 % typed in a percent cell (stored 1), S5's other funding typed 1 in a General cell: the
    percent cell says nothing of how the General one was meant."""
    path = _sample_workbook(tmp_path, fmt="0%", s4=0.1, s6=1.0)
    wb = openpyxl.load_workbook(path)
    ws = wb["personnel"]
    header = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "S5")
    ws.cell(row, header.index("autre financement %") + 1).value = 1
    wb.save(path)
    inputs = load(path)
    p = next(p for p in inputs.problems if p.code == "percent_one")
    assert (p.sheet, p.row, p.column) == ("personnel", row, "autre financement %")
    assert not [q for q in inputs.problems if q.row != row]
