"""Every notebook runs headless on the sample (nbclient, a real kernel) and fails on
any error; the parameters are injected after the tagged ``parameters`` cell, as
papermill does.  The notebooks are committed without outputs."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from helpers import SAMPLE

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_the_four_notebooks_are_there():
    assert [p.name for p in NOTEBOOKS] == ["01_check_inputs.ipynb", "02_personnel.ipynb", "03_what_if.ipynb",
                                           "04_final_report.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs_with_a_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert "parameters" in code[0].metadata.get("tags", [])
    for name in ("inputs", "lang", "year"):
        assert f"{name} = " in code[0].source


@pytest.mark.parametrize("lang", ["fr", "nl"])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_on_the_sample(path, lang, tmp_path, monkeypatch):
    monkeypatch.setenv("ACTIVSOC_OUTPUTS", str(tmp_path / "outputs"))
    nb = nbformat.read(path, as_version=4)
    idx = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    params = f"inputs = {str(SAMPLE)!r}\nlang = {lang!r}\nyear = 2015\n"
    if "out_dir" in nb.cells[idx].source:
        params += f"out_dir = {str(tmp_path / 'out')!r}\n"
    cell = nbformat.v4.new_code_cell(params)
    cell.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(idx + 1, cell)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    text = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) + str(
        o.get("data", {}).get("text/html", "")) for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    if path.stem.startswith("04"):
        written = list((tmp_path / "out").glob("*.xlsx"))
        assert len(written) == 1 and str(written[0]) in text  # the notebook ends with the written file
        assert ("89 544,21" if lang == "fr" else "89.544,21") in text.replace("\u202f", " ")
    if path.stem.startswith("02"):
        assert "<svg" in text and "S6" in text
    if path.stem.startswith("01"):
        assert "convention" in text
    if path.stem.startswith("03"):
        assert "application/vnd.jupyter.widget-view+json" in str([o.get("data", {}) for c in nb.cells
                                                                    for o in c.get("outputs", [])])
