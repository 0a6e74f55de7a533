"""Issue 9, items 5 and 6: the certification block of the justification workbook
(the general director / secretary and the president sign, shared/domain.md
"Signatures"), written files readable as the umask says, and what-if scenario
workbooks that can never be taken for the signed report (SIMULATION in the file
name, the titles, the page headers and footers; no signature block; no hashes of
the real inputs); notebook 04 never overwrites a justification workbook."""
from __future__ import annotations

import os
import stat
import zipfile

import nbformat
import openpyxl
import pytest
from nbclient import NotebookClient

from activsoc_costs import export as X
from activsoc_costs import load, report
from activsoc_costs.labels import label
from helpers import ROOT, SAMPLE


@pytest.fixture(scope="module")
def sample():
    inputs = load(SAMPLE)
    assert inputs.problems == []
    return report(inputs), inputs


def _cells(wb) -> list[str]:
    return [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def _headers_footers(path) -> str:
    """The page headers and footers of every sheet, as stored in the file."""
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet"))


# --------------------------------------------------------------------------- signatures (item 5)

@pytest.mark.parametrize("lang,director,president", [
    ("fr", "Le directeur général (secrétaire)", "Le président"),
    ("nl", "De algemeen directeur (secretaris)", "De voorzitter"),
])
def test_summary_has_the_two_signatures_the_administration_asks_for(sample, tmp_path, lang, director, president):
    figures, inputs = sample
    path = X.export(figures, inputs, tmp_path, lang)[0]
    ws = openpyxl.load_workbook(path)[label("xl_sheet_summary", lang)]
    assert ws["A44"].value == label("xl_signatures", lang)
    assert ws["B45"].value == director and ws["E45"].value == president
    # name, date and signature lines under each of the two signatories
    assert [ws[f"A{r}"].value for r in (46, 47, 48)] == [label(k, lang).capitalize()
                                                          for k in ("xl_name", "xl_date", "xl_signature")]
    for r in (46, 47, 48):
        for col in "BCEF":
            assert ws[f"{col}{r}"].border.bottom.style == "thin", (col, r)
    assert ws.print_area == f"'{ws.title}'!$A$1:$G$48"  # the block is on the printed page


# --------------------------------------------------------------------------- permissions (item 5)

@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_written_workbook_permissions_follow_the_umask(sample, tmp_path, umask, mode):
    figures, inputs = sample
    old = os.umask(umask)
    try:
        paths = X.export(figures, inputs, tmp_path / "out", "all")
    finally:
        os.umask(old)
    assert len(paths) == 2
    for p in paths:
        assert stat.S_IMODE(p.stat().st_mode) == mode, (p, oct(p.stat().st_mode))


def test_a_numbered_copy_also_follows_the_umask(sample, tmp_path):
    figures, inputs = sample
    old = os.umask(0o022)
    try:
        first = X.export(figures, inputs, tmp_path, "fr")[0]
        first.write_bytes(b"the officer's annotated copy")
        second = X.export(figures, inputs, tmp_path, "fr")[0]
    finally:
        os.umask(old)
    assert second.name.endswith("-fr-2.xlsx") and stat.S_IMODE(second.stat().st_mode) == 0o644


# --------------------------------------------------------------------------- simulations (item 6)

def test_a_simulation_says_so_everywhere_and_is_not_signed(sample, tmp_path):
    figures, inputs = sample
    real = X.export(figures, inputs, tmp_path / "real", "fr")[0]
    sim = X.export(figures, inputs, tmp_path / "sim", "fr", simulation=True, scenario="plan A")[0]
    assert sim.name == "cpas-d-exempleville-2015-SIMULATION-plan-a-fr.xlsx"
    assert "SIMULATION" not in real.name
    wb = openpyxl.load_workbook(sim)
    summary = wb[label("xl_sheet_summary", "fr")]
    assert summary["A1"].value.startswith("SIMULATION — ")
    assert "plan A" in summary["A2"].value
    for ws in wb.worksheets[1:]:
        assert ws["A1"].value.startswith("SIMULATION — "), ws.title
    hf = _headers_footers(sim)
    assert hf.count("<oddHeader>") == len(wb.worksheets) and hf.count("<oddFooter>") == len(wb.worksheets)
    for part in hf.split("<oddHeader>")[1:]:
        header, footer = part.split("</oddHeader>")[0], part.split("<oddFooter>")[1].split("</oddFooter>")[0]
        assert "SIMULATION" in header and "SIMULATION" in footer
    assert "SIMULATION" not in _headers_footers(real)
    # no signature block, a warning instead
    texts = _cells(wb)
    for k in ("xl_signatures", "xl_sign_director", "xl_sign_president"):
        assert label(k, "fr") not in texts, k
    assert label("xl_simulation_note", "fr") in texts
    assert label("xl_sign_director", "fr") in _cells(openpyxl.load_workbook(real))
    # no hash of the real inputs anywhere in the simulation; the real workbook has them
    digests = set(inputs.files.values())
    assert digests and not digests & set(texts)
    assert digests <= set(_cells(openpyxl.load_workbook(real)))


def test_a_simulation_in_dutch(sample, tmp_path):
    figures, inputs = sample
    sim = X.export(figures, inputs, tmp_path, "nl", simulation=True)[0]
    assert sim.name == "cpas-d-exempleville-2015-SIMULATION-nl.xlsx"
    wb = openpyxl.load_workbook(sim)
    assert wb[label("xl_sheet_summary", "nl")]["A1"].value.startswith("SIMULATIE — ")


def test_the_app_s_export_is_a_simulation(tmp_path):
    from activsoc_costs.app import WhatIfApp
    app = WhatIfApp(SAMPLE, lang="fr", out_dir=tmp_path / "outputs")
    app.staff_select.value = "S4"
    app.share_pct.value = 20.0
    app.scenario_name.value = "plan A"
    app.save_button.click()
    paths = app.export()
    assert len(paths) == 1 and "SIMULATION" in paths[0].name
    wb = openpyxl.load_workbook(paths[0])
    assert wb[label("xl_sheet_summary", "fr")]["A1"].value.startswith("SIMULATION")
    assert label("xl_sign_director", "fr") not in _cells(wb)


def _run_notebook_04(tmp_path, out, scenario=None):
    path = ROOT / "notebooks" / "04_final_report.ipynb"
    nb = nbformat.read(path, as_version=4)
    idx = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    params = f"inputs = {str(SAMPLE)!r}\nlang = 'fr'\nyear = 2015\nout_dir = {str(out)!r}\nscenario = {scenario!r}\n"
    cell = nbformat.v4.new_code_cell(params)
    cell.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(idx + 1, cell)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, errors
    return "\n".join(str(o.get("text", "")) for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def test_notebook_04_never_overwrites_and_exports_a_scenario_as_a_simulation(tmp_path, monkeypatch):
    """An officer's annotated justification workbook stays; the notebook writes ``…-fr-2.xlsx``
    and says so.  With ``scenario``, it writes a SIMULATION workbook beside the scenarios."""
    monkeypatch.setenv("ACTIVSOC_OUTPUTS", str(tmp_path / "outputs"))
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "cpas-d-exempleville-2015-justification-fr.xlsx"
    mine.write_bytes(b"the officer's annotated copy")
    text = _run_notebook_04(tmp_path, out)
    assert mine.read_bytes() == b"the officer's annotated copy"
    second = out / "cpas-d-exempleville-2015-justification-fr-2.xlsx"
    assert second.exists() and str(second) in text
    # the scenario path: a scenario saved by the what-if (notebook 03) -> a SIMULATION workbook
    from activsoc_costs.whatif import Scenario, save_scenario
    save_scenario(Scenario(name="plan B"), out / "scenarios")
    text = _run_notebook_04(tmp_path, out, scenario="plan B")
    sims = list((out / "scenarios" / "export").glob("*.xlsx"))
    assert [p.name for p in sims] == ["cpas-d-exempleville-2015-SIMULATION-plan-b-fr.xlsx"]
    assert str(sims[0]) in text
    assert {p.name for p in out.glob("*.xlsx")} == {mine.name, second.name}  # the report untouched


@pytest.mark.usefixtures("needs_soffice")
def test_the_pdf_also_follows_the_umask(sample, tmp_path):
    figures, inputs = sample
    old = os.umask(0o022)
    try:
        paths = X.export(figures, inputs, tmp_path, "fr", pdf=True)
    finally:
        os.umask(old)
    assert sorted(p.suffix for p in paths) == [".pdf", ".xlsx"]
    for p in paths:
        assert stat.S_IMODE(p.stat().st_mode) == 0o644, p
