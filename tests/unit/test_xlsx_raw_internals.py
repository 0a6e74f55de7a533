"""Issue 10 item 4: xlsxwriter's internals are used in one module (``export/_xlsx_raw``),
and this test fails loudly on an xlsxwriter version they were not checked against, or
when an attribute they lean on is gone (then ``fast=False``, the public API, is the way).
The package is packed at zip level 1 (the cells are the same: the sheets' XML is
compared with xlsxwriter's own packing)."""
import ast
import zipfile
from pathlib import Path

import xlsxwriter
import xlsxwriter.workbook

import activsoc_costs
from activsoc_costs import load, report
from activsoc_costs.export import _xlsx_raw as RAW
from activsoc_costs.export import write_workbook

PKG = Path(activsoc_costs.__file__).parent
SAMPLE = PKG.parent / "inputs" / "exempleville-2015"


def test_xlsxwriter_version_is_one_the_internals_were_checked_against():
    major_minor = ".".join(xlsxwriter.__version__.split(".")[:2])
    assert major_minor in RAW.CHECKED_VERSIONS, (
        f"xlsxwriter {xlsxwriter.__version__}: export/_xlsx_raw.py leans on its internals; check _RawRows "
        f"against this version (tests/unit/test_export_workbook.py::test_fast_rows_are_byte_identical_to_"
        f"xlsxwriter_s_own) and add it to CHECKED_VERSIONS")


def test_the_internals_the_raw_writer_leans_on_are_there(tmp_path):
    wb = RAW.Workbook(str(tmp_path / "x.xlsx"), {"constant_memory": True})
    ws = wb.add_worksheet("a", worksheet_class=RAW._Worksheet)
    assert RAW._RawRows.supported(ws)
    assert hasattr(xlsxwriter.workbook, "ZipFile") and hasattr(xlsxwriter.Workbook, "_store_workbook")
    assert hasattr(xlsxwriter.worksheet.Worksheet, "_prepare_formula")
    wb.close()


def test_no_other_module_touches_xlsxwriter_internals():
    internals = {"_write_single_row", "_check_dimensions", "_prepare_formula", "_store_workbook", "_get_xf_index"}
    for f in (PKG / "export").glob("*.py"):
        if f.name == "_xlsx_raw.py":
            continue
        used = {n.attr for n in ast.walk(ast.parse(f.read_text(encoding="utf-8"))) if isinstance(n, ast.Attribute)}
        assert not used & internals, f"{f.name} uses {sorted(used & internals)}: keep them in _xlsx_raw.py"


def test_zip_level_1_changes_the_packing_not_the_cells(tmp_path, monkeypatch):
    inputs = load(SAMPLE)
    figures = report(inputs)
    ours = write_workbook(figures, inputs, tmp_path / "level1.xlsx", "fr")
    monkeypatch.setattr(RAW, "ZIP_LEVEL", 6)  # what xlsxwriter itself uses (zlib's default)
    theirs = write_workbook(figures, inputs, tmp_path / "level6.xlsx", "fr")
    with zipfile.ZipFile(ours) as a, zipfile.ZipFile(theirs) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert a.read(name) == b.read(name), name
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in a.infolist())
    assert ours.read_bytes() != theirs.read_bytes()  # the level did change: the test can fail
    assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile  # put back after packing
