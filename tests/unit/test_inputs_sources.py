"""One source per table (issue 9): two files or sheets for one table are refused
naming both; a copy's name is never silently used nor ignored; lock and backup
files and unknown sheets are ignored with a warning; a lone CSV file is refused."""
import shutil

import pytest

from activsoc_costs import load
from activsoc_costs.template import write_template
from helpers import SAMPLE, fill_template_with_sample


@pytest.fixture(autouse=True)
def _key(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("ACTIVSOC_KEY_FILE", str(tmp_path_factory.getbasetemp() / "key" / "pseudonym.key"))


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "in"
    shutil.copytree(SAMPLE, d)
    return d


def _codes(inputs):
    return {p.code for p in inputs.problems}


def test_sample_copy_loads_clean(folder):
    assert load(folder).problems == []


@pytest.mark.parametrize("other", ["personeel.csv", "personnel (2).csv", "Copie de personnel.csv",
                                   "personnel - Copie.csv", "Kopie van personeel.csv", "personnel_old.csv"])
def test_second_file_for_a_table_is_refused_naming_both(folder, other):
    shutil.copy(folder / "personnel.csv", folder / other)
    inputs = load(folder)
    p = next(p for p in inputs.problems if p.code == "two_sources")
    assert "personnel.csv" in p.message_fr and other in p.message_fr and other in p.message_nl
    assert "missing_table" not in _codes(inputs)  # refused, not reported missing as well


def test_copy_name_alone_is_refused_with_what_to_rename(folder):
    (folder / "personnel.csv").rename(folder / "personnel (2).csv")
    inputs = load(folder)
    p = next(p for p in inputs.problems if p.code == "copy_name")
    assert p.file == "personnel (2).csv" and "personnel" in p.message_fr and "personeel" in p.message_nl


def test_draft_workbook_in_the_csv_folder_is_refused(folder):
    draft = folder / "brouillon.xlsx"
    write_template(draft)
    fill_template_with_sample(draft).save(draft)
    inputs = load(folder)
    both = [p for p in inputs.problems if p.code == "two_sources"]
    assert any("brouillon.xlsx [personnel]" in p.message_fr and "personnel.csv" in p.message_fr for p in both)


def test_hidden_old_sheet_in_a_workbook_is_refused(tmp_path):
    path = tmp_path / "in.xlsx"
    write_template(path)
    wb = fill_template_with_sample(path)
    old = wb.copy_worksheet(wb["personnel"])
    old.title = "personnel (2)"
    old.sheet_state = "hidden"
    wb.save(path)
    p = next(p for p in load(path).problems if p.code == "two_sources")
    assert "in.xlsx [personnel (2)]" in p.message_fr and "verborgen" in p.message_nl


def test_renamed_sheet_is_ignored_with_a_warning_and_the_table_missing(tmp_path):
    path = tmp_path / "in.xlsx"
    write_template(path)
    wb = fill_template_with_sample(path)
    wb["piis"].title = "PIIS 2015 bis"
    wb.save(path)
    inputs = load(path)
    assert any(w.code == "w_ignored_file" and w.sheet == "PIIS 2015 bis" for w in inputs.warnings)
    assert "missing_table" in _codes(inputs)


@pytest.mark.parametrize("name", ["~$classeur.xlsx", ".~lock.classeur.xlsx#", "personnel.csv.bak", "notes.csv"])
def test_lock_backup_and_unknown_files_are_ignored_with_a_warning(folder, name):
    (folder / name).write_bytes(b"x")
    inputs = load(folder)
    assert inputs.problems == []
    assert any(w.code == "w_ignored_file" and w.value == name for w in inputs.warnings)


def test_single_csv_file_is_refused_naming_the_folder(folder):
    inputs = load(folder / "personnel.csv")
    p = next(p for p in inputs.problems if p.code == "single_csv")
    assert p.file == "personnel.csv" and str(folder) in p.message_fr and str(folder) in p.message_nl


def test_table_only_in_a_hidden_sheet_is_read_and_said(tmp_path):
    path = tmp_path / "in.xlsx"
    write_template(path)
    wb = fill_template_with_sample(path)
    wb["bilans"].sheet_state = "hidden"
    wb.save(path)
    inputs = load(path)
    assert inputs.problems == [] and len(inputs.bilans) > 0
    assert any(w.code == "w_hidden_sheet" and w.sheet == "bilans" for w in inputs.warnings)


def test_empty_template_beside_the_csv_files_is_said_not_counted(folder):
    """The empty template (headers only) downloaded into the folder holds no data:
    each of its sheets is reported ignored, the CSV files are read."""
    write_template(folder / "modele.xlsx")
    inputs = load(folder)
    assert inputs.problems == []
    ignored = {w.sheet for w in inputs.warnings if w.code == "w_ignored_file" and w.file == "modele.xlsx"}
    assert {"personnel", "fonctionnement", "convention"} <= ignored
    assert len(inputs.staff) == 6  # S1-S6 of the sample


@pytest.mark.parametrize("case", ["single_csv", "two_sources"])
def test_cli_refuses_with_exit_1_not_an_internal_error(folder, case, capsys):
    from activsoc_costs.cli import main
    if case == "two_sources":
        shutil.copy(folder / "personnel.csv", folder / "personeel.csv")
        target = folder
    else:
        target = folder / "personnel.csv"
    assert main(["report", str(target)]) == 1
    err = capsys.readouterr()
    assert "Traceback" not in err.out + err.err and ("personeel.csv" in err.out + err.err or case == "single_csv")


def test_justification_workbook_left_in_the_inputs_is_ignored_and_said(folder):
    """Its sheets 'Personnel' and 'Fonctionnement' are the report, not data: before,
    the first one found in name order silently replaced personnel.csv."""
    from activsoc_costs import report
    from activsoc_costs.export import write_workbook
    inputs = load(folder)
    write_workbook(report(inputs), inputs, folder / "justification.xlsx")
    again = load(folder)
    assert again.problems == []
    assert any(w.code == "w_ignored_file" and w.value == "justification.xlsx" for w in again.warnings)
