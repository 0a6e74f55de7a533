"""`activsoc-costs report` writes the justification workbook(s); and a second,
pure-Python spreadsheet engine (the `formulas` package) recalculates the
sample's workbook to the library's figures, beside the LibreOffice proof in
tests/e2e/test_spreadsheet_libreoffice.py."""
from __future__ import annotations

import json

import pytest

from activsoc_costs import cli, load, report
from activsoc_costs.export import write_workbook
from helpers import SAMPLE

import openpyxl  # noqa: E402


def run(capsys, *args):
    code = cli.main(["report", str(SAMPLE), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_report_writes_both_languages_and_still_prints_the_summary(tmp_path, capsys):
    code, out, err = run(capsys, "--out", str(tmp_path), "--lang", "all")
    assert code == 0, err
    fr = tmp_path / "cpas-d-exempleville-2015-justification-fr.xlsx"
    nl = tmp_path / "cpas-d-exempleville-2015-justification-nl.xlsx"
    assert fr.exists() and nl.exists()
    assert "89\u202f544,21" in out  # the summary is still printed
    assert str(fr) in out and str(nl) in out
    assert openpyxl.load_workbook(nl).sheetnames[0] == "Samenvatting"


def test_json_prints_only_json_and_the_paths_go_to_stderr(tmp_path, capsys):
    code, out, err = run(capsys, "--json", "--out", str(tmp_path), "--lang", "nl")
    assert code == 0
    assert json.loads(out)["claimed"] == "89544.21"  # nothing but JSON on stdout
    path = tmp_path / "cpas-d-exempleville-2015-justification-nl.xlsx"
    assert path.exists() and str(path) in err


def test_an_existing_file_is_not_overwritten_without_force(tmp_path, capsys):
    target = tmp_path / "cpas-d-exempleville-2015-justification-fr.xlsx"
    target.write_bytes(b"signed copy")
    code, out, err = run(capsys, "--out", str(tmp_path), "--lang", "fr")
    assert code == 0 and target.read_bytes() == b"signed copy"
    renamed = tmp_path / "cpas-d-exempleville-2015-justification-fr-2.xlsx"
    assert renamed.exists() and "existe déjà" in out and str(renamed) in out
    code, out, err = run(capsys, "--out", str(tmp_path), "--lang", "fr", "--force")
    assert code == 0 and target.read_bytes() == renamed.read_bytes()
    code, out, err = run(capsys, "--out", str(tmp_path), "--lang", "nl", "--no-xlsx")
    assert code == 0 and not (tmp_path / "cpas-d-exempleville-2015-justification-nl.xlsx").exists()


def test_refuses_to_write_into_the_inputs_folder(capsys):
    code, out, err = run(capsys, "--out", str(SAMPLE))
    assert code == cli.EXIT_USAGE and "Traceback" not in err and str(SAMPLE) in err
    assert not any(p.suffix == ".xlsx" for p in SAMPLE.iterdir())


def test_the_formulas_package_recalculates_the_sample_to_the_library(tmp_path):
    import formulas
    inputs = load(SAMPLE)
    figures = report(inputs)
    path = write_workbook(figures, inputs, tmp_path / "s.xlsx", "fr")
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    book = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    n, bad = 0, []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if not (isinstance(c.value, str) and c.value.startswith("=")):
                    continue
                n += 1
                got = solution[f"'[s.xlsx]{ws.title.upper()}'!{c.coordinate}"].value[0][0]
                lib = cached[ws.title][c.coordinate].value
                ok = (abs(float(got) - lib) < 1e-9) if isinstance(lib, (int, float)) else str(got) == str(lib)
                if not ok:
                    bad.append((ws.title, c.coordinate, c.value, lib, got))
    assert n > 200 and bad == []
    # and the library's cached figures are the worked example's
    assert cached["Synthèse"]["B16"].value == 89544.21


def test_pdf_without_xlsx(tmp_path, capsys):
    from conftest import require_soffice
    require_soffice()  # skipped on a developer's machine without LibreOffice, a failure under CI
    code, out, err = run(capsys, "--out", str(tmp_path), "--lang", "nl", "--pdf", "--no-xlsx")
    assert code == 0, err
    pdf = tmp_path / "cpas-d-exempleville-2015-justification-nl.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and str(pdf) in out
    assert sorted(p.name for p in tmp_path.iterdir()) == [pdf.name]  # no spreadsheet, no temporary file
