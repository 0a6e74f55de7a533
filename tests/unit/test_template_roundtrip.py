"""The empty input workbook: one sheet per table with headers in the language,
a comment on each header, drop-downs, validation, frozen headers; and filled
with the sample's data it gives the same figures as the CSV files."""
import openpyxl
import pytest

from activsoc_costs import load, report
from activsoc_costs.schema import TABLES
from activsoc_costs.template import write_template
from helpers import SAMPLE, fill_template_with_sample


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_template_structure(tmp_path, lang):
    wb = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", lang))
    for t in TABLES:
        ws = wb[t.name(lang)]
        assert [c.value for c in ws[1]][: len(t.columns)] == [c.header(lang) for c in t.columns]
        assert ws.freeze_panes == "A2"
        assert all(ws.cell(1, j + 1).comment is not None for j in range(len(t.columns)))
        kinds = {c.kind for c in t.columns}
        if "enum" in kinds:
            assert any(dv.type == "list" for dv in ws.data_validations.dataValidation)
        if kinds & {"money", "decimal"}:
            assert any(dv.type == "decimal" and dv.operator == "greaterThanOrEqual"
                       for dv in ws.data_validations.dataValidation)
    # the officer starts with the convention, not with the lists (issue 10 item 5)
    assert wb.active.title == TABLES[0].name(lang) == ("convention" if lang == "fr" else "overeenkomst")
    staff = wb[TABLES[1].name(lang)]
    assert ("obligatoire" if lang == "fr" else "verplicht") in staff.cell(1, 1).comment.text


def test_empty_template_loads_with_problems_not_a_crash(tmp_path):
    inputs = load(write_template(tmp_path / "t.xlsx", "fr"))
    assert inputs.problems and all(p.message_fr and p.message_nl for p in inputs.problems)


def test_filled_template_gives_the_sample_figures(tmp_path):
    path = write_template(tmp_path / "t.xlsx", "fr")
    fill_template_with_sample(path).save(path)
    from_xlsx = report(load(path))
    from_csv = report(load(SAMPLE))
    assert from_xlsx.problems == []
    assert (from_xlsx.claimed, from_xlsx.balance, from_xlsx.counts) == (from_csv.claimed, from_csv.balance,
                                                                        from_csv.counts)
    assert from_xlsx.claimed == 8_954_421
    src = from_xlsx.allocation.lines.set_index("id").loc["S6"]
    assert (src.file, src.sheet, src.row) == ("t.xlsx", "personnel", 7)


def test_template_readable_by_colleagues(tmp_path):
    """Written files follow the umask (issue 9 item 5): 0644 under umask 022, not mkstemp's 0600."""
    import os
    old = os.umask(0o022)
    try:
        path = write_template(tmp_path / "t.xlsx", "fr")
    finally:
        os.umask(old)
    assert oct(os.stat(path).st_mode & 0o777) == oct(0o644)
