"""Header near-misses (issue 9): a header that names exactly one known column once
units, rule ids, typographic quotes and abbreviations are set aside is mapped and
reported; close to two columns it is refused; thousands of unknown columns give
one warning."""
import pytest

from activsoc_costs import load
from helpers import write_inputs


@pytest.fixture(autouse=True)
def _key(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("ACTIVSOC_KEY_FILE", str(tmp_path_factory.getbasetemp() / "key" / "pseudonym.key"))


@pytest.mark.parametrize("header, cid", [
    ("Montant (EUR)", "amount"), ("Montant €", "amount"), ("Bedrag (€)", "amount"),
    ("Autre financement en %", "other_funding"), ("Andere financiering in %", "other_funding"),
    ("% AS", "share"), ("Réf. marché public", "procurement_ref"), ("Ref. overheidsopdracht", "procurement_ref"),
])
def test_ledger_header_near_misses_are_mapped_and_said(tmp_path, header, cid):
    value = {"amount": "250,00", "other_funding": "40", "share": "50", "procurement_ref": "MP-2015-01"}[cid]
    row = {"id": "O1", "date": "01/02/2015", "description": "x", "purpose": "social_activation", "amount": "250,00"}
    row.pop("amount") if cid == "amount" else None
    row[header] = value
    inputs = load(write_inputs(tmp_path, operating=[row]))
    assert inputs.problems == []
    got = inputs.operating[cid].iloc[0]
    assert (int(got) if cid == "amount" else str(got)) == {"amount": 25_000}.get(cid, value)
    if "€" not in header:  # a bare unit sign was always folded away with accents and case
        w = next(w for w in inputs.warnings if w.code == "w_header_mapped")
        assert (w.file, w.column) == ("operating.csv", header) and header in w.message_fr


@pytest.mark.parametrize("header, cid", [("Date de sortie", "left_on"), ("motif d\u2019abandon", "leave_reason"),
                                         ("Reden van stopzetting (R20)", "leave_reason")])
def test_piis_header_near_misses(tmp_path, header, cid):
    value = "30/06/2015" if cid == "left_on" else "déménagement"
    piis = {"id": "P1", "person": "B1", "type": "2.2", "start": "01/02/2015", "end": "31/12/2015", header: value}
    inputs = load(write_inputs(tmp_path, piis=[piis]))
    assert inputs.problems == []
    assert inputs.piis[cid].notna().iloc[0]
    assert any(w.code == "w_header_mapped" and w.column == header for w in inputs.warnings)


def test_justification_with_rule_id(tmp_path):
    staff = [{"id": "S1", "function": "administrative", "cost": "1000,00", "key": "fixed", "share": "10",
              "Justification (R9)": "encodage des PIIS"}]
    inputs = load(write_inputs(tmp_path, staff=staff))
    assert inputs.staff["justification"].iloc[0] == "encodage des PIIS"


def test_header_close_to_two_columns_is_refused(tmp_path):
    # "autre financeme" (cut short) is as close to "autre financeur" as to "autre financement %"
    row = {"id": "O1", "date": "01/02/2015", "description": "x", "purpose": "social_activation", "amount": "1,00",
           "autre financeme": "PAS"}
    inputs = load(write_inputs(tmp_path, operating=[row]))
    p = next(p for p in inputs.problems if p.code == "ambiguous_header")
    assert p.column == "autre financeme" and "autre financeur" in p.message_fr and "andere financier" in p.message_nl


def test_many_unknown_columns_give_one_warning(tmp_path):
    row = {"id": "O1", "date": "01/02/2015", "description": "x", "purpose": "social_activation", "amount": "1,00"}
    row.update({f"zz extra {i:04d}": "" for i in range(2000)})
    inputs = load(write_inputs(tmp_path, operating=[row]))
    assert inputs.problems == []
    w = [w for w in inputs.warnings if w.file == "operating.csv" and w.code in ("extra_column", "w_extra_columns")]
    assert len(w) == 1 and w[0].code == "w_extra_columns" and "2000" in w[0].message_fr


def test_near_miss_headers_under_a_title_keep_the_rows_of_the_file(tmp_path):
    # a title on row 1, the headers on row 2, written with units and rule ids: O1 is on row 3
    folder = write_inputs(tmp_path)
    (folder / "operating.csv").write_text(
        "Grand livre 2015;;;;\r\n"
        "Id;Date;Libellé;Montant (EUR);Objet (R11-R13)\r\n"
        "O1;01/02/2015;x;dix;activation sociale\r\n", encoding="utf-8")
    inputs = load(folder)
    p = next(p for p in inputs.problems if p.code == "not_number")
    assert (p.row, p.column, p.value) == (3, "Montant (EUR)", "dix")
    assert not [p for p in inputs.problems if p.code == "missing_column"]  # "Objet (R11-R13)" is the purpose


@pytest.mark.parametrize("second", ["montant", "Montant (EUR)"])
def test_two_columns_for_one_field_with_different_values_are_refused(tmp_path, second):
    folder = write_inputs(tmp_path)
    (folder / "operating.csv").write_text(
        f"id;date;description;purpose;montant;{second}\r\n"
        "O1;01/02/2015;x;social_activation;480,00;450,00\r\n", encoding="utf-8")
    p = next(p for p in load(folder).problems if p.code == "duplicate_column")
    assert (p.row, p.column) == (1, second) and "E" in p.message_fr and "F" in p.message_nl


def test_a_second_empty_or_equal_column_is_only_a_warning(tmp_path):
    folder = write_inputs(tmp_path)
    (folder / "operating.csv").write_text(
        "id;date;description;purpose;montant;montant;Montant (EUR)\r\n"
        "O1;01/02/2015;x;social_activation;480,00;;480,00\r\n", encoding="utf-8")
    inputs = load(folder)
    assert inputs.problems == []
    assert int(inputs.operating["amount"].iloc[0]) == 48_000
