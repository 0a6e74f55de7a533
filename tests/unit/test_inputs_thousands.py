"""Thousands separators (issue 9): ``95.000`` is read as 95 000 only when the rest of
its column shows that ',' is the decimal separator (``480,00``, ``1.250,00``), and
``95,000`` only when it shows '.'; with no such evidence it is refused, never 95."""
import pytest

from activsoc_costs import load
from helpers import write_inputs


@pytest.fixture(autouse=True)
def _key(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("ACTIVSOC_KEY_FILE", str(tmp_path_factory.getbasetemp() / "key" / "pseudonym.key"))


def _ledger(tmp_path, amounts, sep=";"):
    rows = [{"id": f"O{i}", "date": "01/02/2015", "description": "x", "amount": a, "purpose": "social_activation"}
            for i, a in enumerate(amounts, start=1)]
    return load(write_inputs(tmp_path, operating=rows))


@pytest.mark.parametrize("amounts, expected", [
    (["95.000", "480,00"], [9_500_000, 48_000]),           # ',' decimal shown by 480,00: 95 000.00
    (["95.000", "1.250,00"], [9_500_000, 125_000]),        # 1.250,00 shows '.' as thousands
    (["95,000", "1,250.50"], [9_500_000, 125_050]),        # an English export: ',' thousands
    (["95,000", "480.00"], [9_500_000, 48_000]),
])
def test_thousands_decided_by_the_column(tmp_path, amounts, expected):
    inputs = _ledger(tmp_path, amounts)
    assert inputs.problems == []
    assert inputs.operating["amount"].astype(int).tolist() == expected
    w = next(w for w in inputs.warnings if w.code == "w_thousands_from_column")
    assert (w.file, w.row, w.column, w.value) == ("operating.csv", 2, "amount", amounts[0])
    assert "95000" in w.message_fr and amounts[1] in w.message_fr and "95000" in w.message_nl


@pytest.mark.parametrize("amounts", [["95.000"], ["95,000"], ["95.000", "480"], ["95.000", "480,00", "7.25"]])
def test_thousands_without_evidence_are_refused(tmp_path, amounts):
    # 480 shows no separator; 480,00 beside 7.25 shows both: no evidence either way
    inputs = _ledger(tmp_path, amounts)
    p = next(p for p in inputs.problems if p.code == "ambiguous_number")
    assert (p.file, p.row, p.column, p.value) == ("operating.csv", 2, "amount", amounts[0])
    assert "95000" in p.message_fr and "95,00" in p.message_fr and "95000" in p.message_nl
    assert 9500 not in inputs.operating["amount"].dropna().astype(int).tolist()  # never 95.00


def test_three_decimals_in_an_amount_are_refused_even_with_the_column_decimal(tmp_path):
    # the column writes 480.50 ('.' decimal): 95.000 would be 95,000 euro cents-less, an amount has two
    p = next(p for p in _ledger(tmp_path, ["95.000", "480.50"]).problems if p.code == "ambiguous_number")
    assert p.value == "95.000"


def test_hours_with_three_decimals_follow_the_column(tmp_path):
    # time column writes decimals with '.' (7.25): 1.500 h is one and a half hours (1 500 thousandths)
    folder = write_inputs(tmp_path, staff=[{"id": "S1", "function": "social_worker", "cost": "1000,00",
                                             "key": "time"}],
                          time=[{"staff_id": "S1", "date": "02/02/2015", "activity": "social_activation",
                                 "hours": "1.500"},
                                {"staff_id": "S1", "date": "03/02/2015", "activity": "social_work", "hours": "7.25"}])
    inputs = load(folder)
    assert [p for p in inputs.problems if p.code == "ambiguous_number"] == []
    assert sorted(inputs.time["hours_milli"].tolist()) == [1_500, 7_250]


def test_text_number_in_a_workbook_is_judged_like_csv_text(tmp_path):
    """``52.000`` typed as text in a cell (the sample's S1 cost, 52 000.00) with nothing
    else in its column written as text: refused; numeric cells are never ambiguous."""
    from activsoc_costs.template import write_template
    from helpers import fill_template_with_sample
    path = tmp_path / "in.xlsx"
    write_template(path)
    wb = fill_template_with_sample(path)
    ws = wb["personnel"]
    header = [c.value for c in ws[1]]
    col = header.index("coût employeur") + 1
    for r in range(2, ws.max_row + 1):
        v = ws.cell(r, col).value
        if isinstance(v, str):  # the sample's "40.000,00" typed as numbers, as Excel stores them
            ws.cell(r, col).value = float(v.replace(".", "").replace(",", "."))
    s1 = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "S1")
    ws.cell(s1, col).value = "52.000"
    wb.save(path)
    inputs = load(path)
    p = next(p for p in inputs.problems if p.code == "ambiguous_number")
    assert (p.sheet, p.row, p.column, p.value) == ("personnel", s1, "coût employeur", "52.000")


def test_accountants_minus_keeps_its_sign_when_read_as_thousands(tmp_path):
    # (95.000) beside 480,00 is minus 95 000: refused as negative, never +95 000
    inputs = _ledger(tmp_path, ["(95.000)", "480,00"])
    p = next(p for p in inputs.problems if p.code == "negative")
    assert (p.row, p.value) == (2, "(95.000)")
