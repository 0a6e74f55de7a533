"""The justification workbook without a spreadsheet engine: its sheets and labels
in French and Dutch, its print setup, formula-injection safety, pseudonyms,
byte-identical output, atomic writing and the no-overwrite rule."""
from __future__ import annotations

import re
import zipfile

import pytest

from activsoc_costs import export as X
from activsoc_costs import load, report
from activsoc_costs.labels import GLOSSARY, label
from helpers import SAMPLE, write_inputs

import openpyxl  # noqa: E402


@pytest.fixture(scope="module")
def sample():
    inputs = load(SAMPLE)
    assert inputs.problems == []
    return report(inputs), inputs


@pytest.fixture(scope="module")
def books(sample, tmp_path_factory):
    out = tmp_path_factory.mktemp("books")
    figures, inputs = sample
    paths = X.export(figures, inputs, out, "all")
    return {lang: openpyxl.load_workbook(p) for lang, p in zip(("fr", "nl"), paths)}, paths


def test_all_writes_one_file_per_language_with_the_expected_name(books):
    _, paths = books
    assert [p.name for p in paths] == ["cpas-d-exempleville-2015-justification-fr.xlsx",
                                       "cpas-d-exempleville-2015-justification-nl.xlsx"]


@pytest.mark.parametrize("lang,names", [
    ("fr", ["Synthèse", "Personnel", "Salaires", "Fonctionnement", "Parcours", "Contrôles", "Paramètres"]),
    ("nl", ["Samenvatting", "Personeel", "Lonen", "Werking", "Trajecten", "Controles", "Parameters"]),
])
def test_sheets_in_the_reader_s_language(books, lang, names):
    wb = books[0][lang]
    assert wb.sheetnames == names
    head = [c.value for c in wb[names[1]][3]]
    assert head[X.P_MONEY["claimed"]] == {"fr": "justifié", "nl": "verantwoord"}[lang]
    assert wb[names[0]]["A12"].value == {"fr": "montant octroyé", "nl": "toegekend bedrag"}[lang]


def test_every_label_the_workbook_uses_exists_in_french_and_dutch():
    keys = set(X.P_COLS + X.O_COLS + X.T_COLS) | {k for k in GLOSSARY if k.startswith("xl_")}
    for k in keys:
        assert k in GLOSSARY, k
        fr, nl, _en = GLOSSARY[k]
        assert fr.strip() and nl.strip(), k
    for k in (k for k in GLOSSARY if k.startswith("xl_sheet_")):
        for lang in ("fr", "nl"):
            name = label(k, lang)
            assert len(name) <= 31 and not set(name) & set("[]:*?/\\")  # Excel's rules for a sheet name


def test_formulas_and_cached_values(books, sample):
    figures, _ = sample
    wb = books[0]["fr"]
    ws = wb["Personnel"]
    row = next(r for r in ws.iter_rows(min_row=4) if r[0].value == "S1")
    claimed = row[X.P_MONEY["claimed"]]
    assert claimed.data_type == "f" and claimed.value.startswith("=MIN(ROUND(")
    assert row[15].value == f"=ROUND(F{claimed.row}*K{claimed.row},2)"  # cost × share
    assert row[10].value == f"=IF(I{claimed.row}=0,0,H{claimed.row}/I{claimed.row})"  # 400 h / 1 520 h (R6)
    summary = wb["Synthèse"]
    assert summary["B16"].value == "=B14+B15" and summary["B17"].value == "=MIN(Claimed,Granted)"
    assert summary["B18"].value == "=Accepted-Advance"
    assert wb.defined_names["Pers_claimed"].attr_text.startswith("'Personnel'!$Q$")
    # the cached results are the library's figures
    cached = openpyxl.load_workbook(books[1][0], data_only=True)
    assert cached["Synthèse"]["B16"].value == 89544.21 and cached["Synthèse"]["B18"].value == 42044.21
    assert cached["Synthèse"]["C18"].value == "à recevoir"


def test_accountant_s_formatting_and_print_setup(books):
    wb = books[0]["nl"]
    for ws in wb.worksheets:
        ps = ws.page_setup
        assert ps.orientation == "landscape" and int(ps.paperSize) == 9, ws.title  # A4 landscape
        assert ws.sheet_properties.pageSetUpPr.fitToPage and (ps.fitToWidth or 1) == 1  # 1 is the default
        assert "Exempleville" in ws.oddHeader.left.text and "2015" in ws.oddHeader.right.text
        assert "&P" in ws.oddFooter.right.text and "&N" in ws.oddFooter.right.text  # page x / y
    ws = wb["Personeel"]
    assert int(ws.page_setup.fitToHeight) == 0  # fit to width, as many pages as needed down
    assert ws.freeze_panes == "B4" and ws.print_title_rows == "$3:$3"
    assert ws.auto_filter.ref.startswith("A3:")
    assert ws.column_dimensions["F"].width > 10
    cost = ws["F4"]
    assert "€" in cost.number_format and "#,##0.00" in cost.number_format
    assert wb["Samenvatting"]._charts, "the summary has a native chart"


def test_trajectories_and_parameters_sheets(books, sample):
    figures, inputs = sample
    wb = books[0]["fr"]
    ws = wb["Parcours"]
    ids = [r[0].value for r in ws.iter_rows(min_row=4) if r[0].value]
    assert ids == list(figures.trajectories["id"])
    p = wb["Paramètres"]
    values = {r[0].value: r[1].value for r in p.iter_rows() if r[0].value}
    for name, digest in inputs.files.items():
        assert values[name] == digest and re.fullmatch(r"[0-9a-f]{64}", digest)
    assert values["period_start"] == "2015-01-01" and values["programme"].startswith("activsoc-costs ")
    checks = wb["Contrôles"]
    codes = [c.value for c in checks["I"] if c.value]
    assert {w.code for w in figures.warnings} <= set(codes)


def test_same_inputs_same_bytes_and_other_inputs_other_bytes(sample, tmp_path):
    figures, inputs = sample
    a = X.write_workbook(figures, inputs, tmp_path / "a.xlsx", "fr")
    b = X.write_workbook(report(load(SAMPLE)), load(SAMPLE), tmp_path / "b.xlsx", "fr")
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        core = z.read("docProps/core.xml").decode()
    assert "2015-12-31T00:00:00Z" in core  # fixed creation date, not the clock
    folder = write_inputs(tmp_path / "in", staff=[{"id": "X", "function": "teacher", "cost": "10,00", "key": "direct"}])
    other = load(folder)
    c = X.write_workbook(report(other), other, tmp_path / "c.xlsx", "fr")
    assert c.read_bytes() != a.read_bytes()


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    nasty = ["=HYPERLINK(\"http://x\",\"clic\")", "+1+1", "-2+3", "@SUM(A1)", "=1+1"]
    folder = write_inputs(
        tmp_path / "in",
        staff=[{"id": "=S1", "function": "administrative", "cost": "100,00", "key": "fixed", "share": "10",
                "justification": nasty[0]}],
        operating=[{"id": f"O{i}", "date": "01/02/2015", "description": t, "amount": "1,00",
                    "purpose": "social_activation", "procurement_ref": t} for i, t in enumerate(nasty)])
    inputs = load(folder)
    assert inputs.problems == [], [p.line() for p in inputs.problems]
    path = X.write_workbook(report(inputs), inputs, tmp_path / "x.xlsx", "fr")
    wb = openpyxl.load_workbook(path)
    found = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value in nasty or c.value == "=S1":
                    found.setdefault(c.value, set()).add(c.data_type)
    assert set(found) == set(nasty) | {"=S1"}
    assert all(types == {"s"} for types in found.values()), found
    with zipfile.ZipFile(path) as z:
        sheets = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
    assert "<f>HYPERLINK" not in sheets and "<f>1+1" not in sheets


def test_no_national_register_number_in_the_workbook(tmp_path):
    nrn = "85.07.30-033.28"  # a valid check digit (97 - 850730033 mod 97 = 28)
    assert 97 - int("850730033") % 97 == 28
    folder = write_inputs(tmp_path / "in", piis=[
        {"id": "P1", "person": nrn, "type": "2.2", "start": "01/02/2015", "end": "31/12/2015"},
        {"id": "P2", "person": nrn, "type": "2.2", "start": "01/03/2015", "end": "31/12/2015"}])
    inputs = load(folder)
    path = X.write_workbook(report(inputs), inputs, tmp_path / "x.xlsx", "fr")
    with zipfile.ZipFile(path) as z:
        text = "".join(z.read(n).decode(errors="replace") for n in z.namelist())
    assert "85.07.30" not in text and "85073003328" not in text
    assert X.pseudonymise(f"voir {nrn} et 12345678901") == "voir NRN-1 et 12345678901"  # checksum decides


def test_atomic_write_no_overwrite_and_force(sample, tmp_path, monkeypatch):
    figures, inputs = sample
    out = tmp_path / "out"
    first = X.export(figures, inputs, out, "fr")[0]
    # same inputs: the same bytes, nothing rewritten, the caller is told
    notes = []
    assert X.export(figures, inputs, out, "fr", notes=notes) == [first]
    assert notes == [("unchanged", first)]
    # another file of that name is kept; the new one gets a numbered name
    first.write_bytes(b"the officer's annotated copy")
    notes = []
    second = X.export(figures, inputs, out, "fr", notes=notes)[0]
    assert second.name == "cpas-d-exempleville-2015-justification-fr-2.xlsx"
    assert notes == [("renamed", second)] and first.read_bytes() == b"the officer's annotated copy"
    # --force replaces it
    assert X.export(figures, inputs, out, "fr", force=True)[0] == first
    assert first.read_bytes() == second.read_bytes()

    # a crash while writing leaves the old file whole and no temporary file behind
    def crash(*args, **kwargs):
        (out / args[2].name).write_bytes(b"half a file")  # what a crash mid-write would leave
        raise RuntimeError("disk full")
    monkeypatch.setattr(X, "write_workbook", lambda f, i, path, lang, **kw: crash(f, i, path))
    before = first.read_bytes()
    with pytest.raises(RuntimeError):
        X.export(figures, inputs, out, "fr", force=True)
    assert first.read_bytes() == before
    assert {p.name for p in out.iterdir()} == {first.name, second.name}


def test_never_writes_into_the_inputs_folder(sample, tmp_path):
    figures, inputs = sample
    with pytest.raises(ValueError, match="inputs|données"):
        X.export(figures, inputs, SAMPLE, "fr")
    with pytest.raises(ValueError):
        X.export(figures, inputs, SAMPLE / "sub", "nl")
    assert not (SAMPLE / "sub").exists()
    assert not any(p.suffix == ".xlsx" for p in SAMPLE.iterdir())


def test_no_xlsx_writes_nothing(sample, tmp_path):
    figures, inputs = sample
    assert X.export(figures, inputs, tmp_path / "o", "all", xlsx=False) == []
    assert not (tmp_path / "o").exists()


def test_slug():
    assert X.slug("CPAS d'Exempleville") == "cpas-d-exempleville"
    assert X.slug("OCMW Sint-Joost-ten-Node / Saint-Josse") == "ocmw-sint-joost-ten-node-saint-josse"
    assert X.slug("CPAS de Liège") == "cpas-de-liege"


def test_fast_rows_are_byte_identical_to_xlsxwriter_s_own(tmp_path):
    """The detail rows rendered as XML for speed (a city's 800 000 cells) give
    exactly the file xlsxwriter's public API writes, awkward text included."""
    texts = ["a & b <c> \"d\"", " leading space", "trailing ", "tab\there", "_x0041_ literal", "bell\x07",
             "=1+1", "né à Liège — 1 234,56 €"]
    folder = write_inputs(
        tmp_path / "in",
        staff=[{"id": "S1", "function": "coordinator", "cost": "1234,56", "key": "fixed", "share": "33,33",
                "justification": texts[0]},
               {"id": "S2", "function": "social_worker", "key": "direct", "start": "01/03/2015"}],
        payroll=[{"staff_id": "S2", "month": f"{m:02d}/2015", "amount": "1791,67"} for m in range(1, 13)],
        operating=[{"id": f"O{i}", "date": "01/02/2015", "description": t, "amount": f"{i},01",
                    "purpose": "social_activation", "share": "37,5"} for i, t in enumerate(texts)])
    inputs = load(folder)
    assert inputs.problems == [], [p.line() for p in inputs.problems]
    figures = report(inputs)
    fast = X.write_workbook(figures, inputs, tmp_path / "fast.xlsx", "nl")
    slow = X.write_workbook(figures, inputs, tmp_path / "slow.xlsx", "nl", fast=False)
    assert fast.read_bytes() == slow.read_bytes()
    wb = openpyxl.load_workbook(fast)
    descriptions = [r[2].value for r in wb["Werking"].iter_rows(min_row=4, max_row=3 + len(texts))]
    assert descriptions[0] == texts[0] and descriptions[6:] == texts[6:]  # (the loader trims spaces)
