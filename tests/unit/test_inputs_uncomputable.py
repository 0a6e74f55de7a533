"""Every blank or uncomputable value is a problem with its place (issue 9), never
an internal error: a quote left open that swallows rows, a ledger amount left
blank outside participant refunds (R11), a formula cell without a computed value."""
import pytest

from activsoc_costs import load
from activsoc_costs.cli import main
from helpers import write_inputs


@pytest.fixture(autouse=True)
def _key(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("ACTIVSOC_KEY_FILE", str(tmp_path_factory.getbasetemp() / "key" / "pseudonym.key"))


def _ledger_text(folder, text):
    (folder / "operating.csv").write_text(text, encoding="utf-8")
    return folder


def test_quote_left_open_in_the_last_column_is_refused_at_its_row(tmp_path):
    folder = _ledger_text(write_inputs(tmp_path),
                          "id;date;description;amount;purpose;other_funder\r\n"
                          "O1;01/02/2015;x;10,00;social_activation;\r\n"
                          'O2;01/03/2015;y;20,00;social_activation;"PAS\r\n'
                          "O3;01/04/2015;z;30,00;social_activation;\r\n"
                          "O4;01/05/2015;w;40,00;social_activation;\r\n")
    p = next(p for p in load(folder).problems if p.code == "csv_quote")
    assert (p.file, p.row) == ("operating.csv", 3)  # the row where the quote opens
    assert "2" in p.message_fr and "2" in p.message_nl  # O3 and O4 swallowed


def test_stray_quote_mid_row_is_refused(tmp_path):
    folder = _ledger_text(write_inputs(tmp_path),
                          "id;date;description;amount;purpose\r\n"
                          'O1;01/02/2015;"x;10,00;social_activation\r\n'
                          "O2;01/03/2015;y;20,00;social_activation\r\n"
                          'O3;01/04/2015;z";30,00;social_activation\r\n')
    p = next(p for p in load(folder).problems if p.code == "csv_quote")
    assert (p.file, p.row) == ("operating.csv", 2)


def test_a_note_on_two_lines_in_one_cell_is_not_a_quote_problem(tmp_path):
    folder = _ledger_text(write_inputs(tmp_path),
                          "id;date;description;amount;purpose\r\n"
                          'O1;01/02/2015;"brochures\r\nmodule 1";10,00;social_activation\r\n')
    inputs = load(folder)
    assert inputs.problems == []
    assert int(inputs.operating["amount"].iloc[0]) == 1000


def test_blank_amount_outside_refunds_is_refused_with_its_place(tmp_path):
    folder = write_inputs(tmp_path, operating=[
        {"id": "O1", "date": "01/02/2015", "description": "x", "amount": "", "purpose": "social_activation"},
        {"id": "O2", "date": "01/03/2015", "description": "y", "amount": "", "purpose": "participant_refund"}],
        attendance=[{"piis_id": "PX", "date": "01/03/2015", "hours": "3"}])
    inputs = load(folder)
    got = [(p.code, p.file, p.row, p.column) for p in inputs.problems if p.code == "amount_blank"]
    assert got == [("amount_blank", "operating.csv", 2, "amount")]  # O2, a refund, may stay blank


def test_blank_amount_cli_exit_is_a_problem_not_an_internal_error(tmp_path, capsys):
    folder = write_inputs(tmp_path / "in", operating=[
        {"id": "O1", "date": "01/02/2015", "description": "x", "amount": "", "purpose": "social_activation"}])
    code = main(["report", str(folder)])
    assert code == 1, capsys.readouterr()


@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter"])
def test_formula_without_computed_value_is_refused_naming_the_cell(tmp_path, writer):
    """openpyxl writes ``<f>`` and an empty ``<v/>``; xlsxwriter writes a 0 and asks for
    a recalculation on opening: neither is a value Excel or LibreOffice computed."""
    from activsoc_costs.template import write_template
    from helpers import fill_template_with_sample
    path = tmp_path / "in.xlsx"
    write_template(path)
    wb = fill_template_with_sample(path)
    ws = wb["personnel"]
    header = [c.value for c in ws[1]]
    col = header.index("coût employeur") + 1
    s1 = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "S1")
    ws.cell(s1, col).value = "=4*13000"
    wb.save(path)
    if writer == "xlsxwriter":  # the same workbook as xlsxwriter writes it (cached value 0)
        import openpyxl
        import xlsxwriter
        src = openpyxl.load_workbook(path)
        out = xlsxwriter.Workbook(path)
        for sh in src.worksheets:
            w = out.add_worksheet(sh.title)
            for row in sh.iter_rows():
                for c in row:
                    if isinstance(c.value, str) and c.value.startswith("="):
                        w.write_formula(c.row - 1, c.column - 1, c.value)
                    elif c.value is not None:
                        w.write(c.row - 1, c.column - 1, c.value)
        out.close()
    p = next(p for p in load(path).problems if p.code == "formula_no_value")
    assert (p.sheet, p.row, p.column) == ("personnel", s1, "coût employeur")
    assert "4*13000" in p.message_fr and "LibreOffice" in p.message_nl


@pytest.mark.parametrize("error", ["#REF!", "#DIV/0!", "#N/A"])
def test_error_cell_is_refused_not_read_as_blank(tmp_path, error):
    """S6's other funding (60 %, R10) lost to '#REF!' would be read blank: claimed as if
    no other subsidy paid for it.  Refused, naming the cell."""
    from activsoc_costs.template import write_template
    from helpers import fill_template_with_sample
    path = tmp_path / "in.xlsx"
    write_template(path)
    wb = fill_template_with_sample(path)
    ws = wb["personnel"]
    header = [c.value for c in ws[1]]
    s6 = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "S6")
    ws.cell(s6, header.index("autre financement %") + 1).value = error  # openpyxl writes t="e"
    wb.save(path)
    p = next(p for p in load(path).problems if p.code == "error_cell")
    assert (p.sheet, p.row, p.column, p.value) == ("personnel", s6, "autre financement %", error)
    assert error in p.message_fr and error in p.message_nl


@pytest.mark.parametrize("text, hours", [("7:30", "7,5"), ("100:00", "100"), ("0:20", "0,333")])
def test_hours_typed_as_a_duration_are_refused_with_the_decimal_to_type(tmp_path, text, hours):
    # 7:30 is seven and a half hours; 0:20 a third of an hour (0,333 h to the thousandth)
    folder = write_inputs(tmp_path, staff=[{"id": "S1", "function": "social_worker", "cost": "1000,00",
                                             "key": "time"}],
                          time=[{"staff_id": "S1", "date": "02/02/2015", "activity": "social_activation",
                                 "hours": text}])
    p = next(p for p in load(folder).problems if p.code == "duration_not_hours")
    assert (p.file, p.row, p.column, p.value) == ("time.csv", 2, "hours", text)
    assert f"tapez {hours} " in p.message_fr and f"typ {hours} " in p.message_nl


def test_rows_below_a_cell_on_two_lines_keep_the_line_numbers_of_the_file(tmp_path):
    # O1's description spans lines 2-3 of the file, so O2 (a bad amount) is on line 4
    folder = _ledger_text(write_inputs(tmp_path),
                          "id;date;description;amount;purpose\r\n"
                          'O1;01/02/2015;"brochures\r\nmodule 1";10,00;social_activation\r\n'
                          "O2;01/03/2015;y;dix;social_activation\r\n")
    p = next(p for p in load(folder).problems if p.code == "not_number")
    assert (p.file, p.row, p.value) == ("operating.csv", 4, "dix")
