"""Prove that ``activsoc_costs._libreoffice`` really makes LibreOffice recompute formulas.

xlsxwriter stores a *cached* result next to every formula (``0`` unless told
otherwise).  Here the cached values are deliberately wrong (999); after
``recalculate_xlsx`` the cached values read by openpyxl must be the right ones.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from activsoc_costs import _libreoffice as lo

# no LibreOffice: skipped on a developer's machine, a failure under CI (tests/conftest.py)
pytestmark = pytest.mark.usefixtures("needs_soffice")

import openpyxl  # noqa: E402
import xlsxwriter  # noqa: E402

WRONG = 999

# (value, digits, expected Excel/LibreOffice ROUND result).  Half cases round
# away from zero, *with* decimal correction: 2.675 is 2.67499999... in binary
# yet ROUND gives 2.68 (Python's round() gives 2.67, banker's 0.125 -> 0.12).
ROUND_CASES = [
    (0.125, 2, 0.13),
    (-0.125, 2, -0.13),
    (2.5, 0, 3.0),
    (-2.5, 0, -3.0),
    (0.5, 0, 1.0),
    (1.005, 2, 1.01),
    (2.675, 2, 2.68),
    (0.285, 2, 0.29),
    (1.015, 2, 1.02),
    (1234.5678, -2, 1200.0),
]


def _make_workbook(path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Data")
    ws.write("A1", 12.345)
    ws.write("A2", 3)
    ws.write_formula("A3", "=ROUND(A1*A2,2)", None, WRONG)  # 37.035 -> 37.04

    for row, (value, digits, _) in enumerate(ROUND_CASES):
        ws.write(row, 3, value)  # column D
        ws.write_formula(row, 4, f"=ROUND(D{row + 1},{digits})", None, WRONG)  # col E

    ws.write_column("B1", [10.5, 20.25, 0.25, 1000])
    wb.define_name("Amounts", "=Data!$B$1:$B$4")
    ws.write_formula("B6", "=SUM(Amounts)", None, WRONG)

    # Cross-sheet reference to a formula that itself has a wrong cache.
    other = wb.add_worksheet("Summary")
    other.write_formula("A1", "=Data!B6*2", None, WRONG)
    other.write_formula("A2", '=IF(Data!A3>37,"high","low")', None, "wrong")
    wb.close()


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("lo_src") / "stale.xlsx"
    _make_workbook(src)
    return src


@pytest.fixture(scope="module")
def recalculated(source: Path, tmp_path_factory) -> Path:
    return lo.recalculate_xlsx(source, tmp_path_factory.mktemp("lo_out"))


def _values(path: Path):
    return openpyxl.load_workbook(path, data_only=True)


def test_source_really_has_wrong_cached_values(source: Path) -> None:
    wb = _values(source)
    assert wb["Data"]["A3"].value == WRONG
    assert wb["Data"]["B6"].value == WRONG


def test_wrong_cached_value_is_recomputed(recalculated: Path) -> None:
    assert recalculated.name == "stale.recalc.xlsx"
    ws = _values(recalculated)["Data"]
    assert ws["A3"].value == pytest.approx(37.04, abs=1e-12)


@pytest.mark.parametrize("row,case", list(enumerate(ROUND_CASES)))
def test_round_half_cases(recalculated: Path, row: int, case) -> None:
    value, digits, expected = case
    ws = _values(recalculated)["Data"]
    assert ws.cell(row=row + 1, column=4).value == value
    assert ws.cell(row=row + 1, column=5).value == pytest.approx(expected, abs=1e-12)


def test_sum_over_defined_name_and_cross_sheet(recalculated: Path) -> None:
    wb = _values(recalculated)
    assert wb["Data"]["B6"].value == pytest.approx(1031.0)
    assert wb["Summary"]["A1"].value == pytest.approx(2062.0)
    assert wb["Summary"]["A2"].value == "high"


def test_formulas_and_names_survive(recalculated: Path) -> None:
    wb = openpyxl.load_workbook(recalculated)  # formulas, not values
    assert wb["Data"]["A3"].value == "=ROUND(A1*A2,2)"
    assert wb["Data"]["B6"].value == "=SUM(Amounts)"
    assert "Amounts" in wb.defined_names


def test_source_untouched_even_when_dst_dir_is_src_dir(source: Path) -> None:
    before = source.read_bytes()
    out = lo.recalculate_xlsx(source, source.parent)
    assert out != source and out.is_file()
    assert source.read_bytes() == before
    assert _values(out)["Data"]["A3"].value == pytest.approx(37.04)


def test_control_plain_soffice_keeps_stale_cache(source: Path, tmp_path: Path) -> None:
    """Without our profile LibreOffice trusts the cache: the setting is what matters."""
    profile = (tmp_path / "default-profile").as_uri()
    subprocess.run(
        [lo.soffice_path(), f"-env:UserInstallation={profile}", "--headless",
         "--norestore", "--convert-to", "xlsx", "--outdir", str(tmp_path / "o"),
         str(source)],
        check=True, capture_output=True, timeout=180,
    )
    assert _values(tmp_path / "o" / "stale.xlsx")["Data"]["A3"].value == WRONG


def test_to_pdf_recalculates_and_renders(source: Path, tmp_path: Path) -> None:
    pdf = lo.to_pdf(source, tmp_path)
    assert pdf == tmp_path / "stale.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "37.04" in text and "999" not in text
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "80", str(pdf), str(tmp_path / "page")],
                       check=True, timeout=60)
        pngs = sorted(tmp_path.glob("page-*.png"))
        assert pngs and pngs[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bad_input_raises(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a spreadsheet")
    with pytest.raises(lo.LibreOfficeError):
        lo.recalculate_xlsx(bad, tmp_path / "out")


def test_missing_soffice_is_a_clear_error(source: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(lo, "soffice_path", lambda: None)
    with pytest.raises(lo.LibreOfficeNotFound, match="libreoffice-calc-nogui"):
        lo.recalculate_xlsx(source, tmp_path)
