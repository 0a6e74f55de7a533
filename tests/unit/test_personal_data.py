"""Beneficiaries' national register numbers and names never leave the program (issue 5).

Check digits below are worked by hand: CC = 97 - (YYMMDDNNN mod 97), on
2YYMMDDNNN for people born from 2000:
  85.07.30-033.28  850730033 mod 97 = 69 -> 28
  01.02.03-123.45  2010203123 mod 97 = 52 -> 45 (born 2001)
  92.04.15-187.62  920415187 mod 97 = 35 -> 62
  79.01.01-001.83  790101001 mod 97 = 14 -> 83
"""
from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from activsoc_costs import load, report
from activsoc_costs import privacy
from helpers import write_inputs, write_table

NRN_A = "85.07.30-033.28"
NRN_B = "01.02.03-123.45"
NRN_C = "92.04.15-187.62"
NRN_D = "79.01.01-001.83"
NAMES = ["Jean Dupont", "DUPONT, Marie", "Els Van den Berghe"]


@pytest.fixture(autouse=True)
def _key(tmp_path, monkeypatch):
    monkeypatch.setenv("ACTIVSOC_KEY_FILE", str(tmp_path / "secret" / "pseudonym.key"))


# --------------------------------------------------------------------------- detection

@pytest.mark.parametrize("text", [NRN_A, "85073003328", "850730 033 28", "850730-033-28", "85.07.30.033-28",
                                  NRN_B, "01020312345", NRN_C, NRN_D])
def test_national_numbers_are_recognised_in_any_format(text):
    assert privacy.whole_nrn(text) is not None
    assert privacy.find_nrns(f"suivi par le CPAS (NN {text}) depuis mars")


@pytest.mark.parametrize("text", ["85.07.30-033.61", "85073003329", "01020312346", "12345678901",
                                  "1.234.567,89", "BE68 5390 0754 7034", "0470 12 34 56", "42094", "851307033xx"])
def test_other_numbers_are_not_national_numbers(text):
    assert privacy.whole_nrn(text) is None
    assert privacy.find_nrns(text) == []


def test_a_number_excel_stripped_of_its_leading_zero_is_still_recognised():
    # born 2001: 01020312345 typed in a number cell comes back as 1020312345
    assert privacy.whole_nrn(1020312345.0) == "01020312345"
    assert privacy.whole_nrn(85073003328) == "85073003328"


@pytest.mark.parametrize("value, strict, expected", [
    ("Jean Dupont", False, True), ("DUPONT, Marie", False, True), ("Dupont", False, True),
    ("Els Van den Berghe", False, True), ("B01", False, False), ("P-0012", False, False), ("x", False, False),
    ("Jean Dupont", True, True), ("dossier ouvert", True, False), ("P01", True, False),
])
def test_names(value, strict, expected):
    assert privacy.looks_like_name(value, strict=strict) is expected


# --------------------------------------------------------------------------- the key and the pseudonyms

def test_the_key_is_created_once_owner_only_and_outside_outputs(tmp_path):
    path = Path(os.environ["ACTIVSOC_KEY_FILE"])
    assert not path.exists()
    k1 = privacy.load_key()
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert privacy.load_key() == k1 and len(k1) == 32
    with pytest.raises(privacy.KeyError_) as e:
        privacy.load_key(tmp_path / "outputs" / "pseudonym.key")
    assert e.value.code == "key_in_outputs"


def test_pseudonyms_are_keyed_stable_and_format_blind():
    a, b = privacy.Pseudonymiser(b"1" * 32), privacy.Pseudonymiser(b"2" * 32)
    assert a.pseudonym(NRN_A) == a.pseudonym("85073003328") == a.pseudonym(" 850730 033 28 ")
    assert a.pseudonym(NRN_A) != b.pseudonym(NRN_A)      # another key, another id
    assert a.pseudonym(NRN_A) != a.pseudonym(NRN_C)
    assert re.fullmatch(r"ps-[a-z]{12}", a.pseudonym("Jean Dupont"))
    assert a.pseudonym("Jean Dupont") == a.pseudonym("jean  DUPONT")


def test_scrub_replaces_numbers_and_known_names_in_free_text():
    ps = privacy.Pseudonymiser(b"1" * 32, ["Jean Dupont", "DUPONT, Marie"])
    text = f"vu Jean Dupont (NN {NRN_A}) et marie dupont ; Dupontel n'est pas concerné"
    out = ps.scrub(text)
    assert NRN_A not in out and "Jean Dupont" not in out and "marie dupont" not in out
    assert ps.pseudonym("Jean Dupont") in out and ps.pseudonym(NRN_A) in out
    assert ps.pseudonym("DUPONT, Marie") in out      # either order, any case: the register's person
    assert "Dupontel" in out                          # whole words only


# --------------------------------------------------------------------------- in the loader

def _folder(tmp_path: Path) -> Path:
    """Inputs whose PIIS register is keyed by national numbers and names."""
    piis = [
        {"id": "P1", "person": NRN_A, "type": "2.2", "start": "01/02/2015", "end": "31/12/2015",
         "note": "vu avec Jean Dupont"},
        {"id": "P2", "person": "85073003328", "type": "2.2", "start": "01/09/2015", "end": "31/08/2016"},
        {"id": "P3", "person": "Jean Dupont", "type": "2.1", "start": "01/03/2015", "end": "31/12/2015",
         "left_on": "30/06/2015", "leave_reason": "déménagé chez DUPONT, Marie"},
        {"id": "P4", "person": "DUPONT, Marie", "type": "2.3", "start": "01/03/2015", "end": "31/12/2015"},
        {"id": NRN_D, "person": NRN_B, "type": "2.2", "start": "01/04/2015", "end": "31/12/2015"},
        {"id": "P6", "person": "Els Van den Berghe", "type": "2.2", "start": "01/04/2015", "end": "31/12/2015"},
    ]
    operating = [{"id": "O1", "date": "01/02/2015", "description": "taxi pour Els Van den Berghe",
                  "amount": "25,00", "purpose": "social_activation"},
                 {"id": "O2", "date": "31/12/2015", "description": "défraiement", "amount": "",
                  "purpose": "participant_refund"}]
    folder = write_inputs(tmp_path / "in", piis=piis, operating=operating)
    write_table(folder, "bilans", [{"person": NRN_C, "date": "02/02/2015"}, {"person": "92041518762", "date": "03/03/2015"},
                                   {"person": "Jean Dupont", "date": "04/03/2015"}])
    write_table(folder, "attendance", [{"piis_id": "79010100183", "date": "05/10/2015", "module": "vélo", "hours": "3"},
                                       {"piis_id": "P1", "date": "05/10/2015", "module": "budget", "hours": "2"}])
    return folder


def test_loader_pseudonymises_and_keeps_people_apart(tmp_path):
    inputs = load(_folder(tmp_path))
    assert [p.line() for p in inputs.problems] == []
    persons = inputs.piis["person"].tolist()
    assert all(re.fullmatch(r"ps-[a-z]{12}", p) for p in persons)
    assert persons[0] == persons[1]                  # the same NN in two formats is one person (R17)
    assert len(set(persons)) == 5
    f = report(inputs)
    t = f.trajectories.set_index("row")
    assert not t.loc[3, "counted"] and t.loc[3, "rule"] == "R17"     # P2: second trajectory of A
    assert f.counts["bilans"] == 2                   # C twice (two formats) + Jean Dupont
    # the attendance keyed by a national number still reaches its PIIS: 5 h x € 1,00 refunded (R11)
    refund = f.allocation.lines.set_index("id").loc["O2"]
    assert int(refund["claimed"]) == 500


def test_warnings_name_column_and_rows_but_never_the_value(tmp_path):
    inputs = load(_folder(tmp_path))
    w = {(x.code, x.file, x.column): x for x in inputs.warnings}
    nrn = w[("w_personal_nrn", "piis.csv", "person")]
    assert nrn.row == 2 and "2, 3, 6" in nrn.message_fr and "2, 3, 6" in nrn.message_nl
    assert ("w_personal_nrn", "piis.csv", "id") in w and ("w_personal_nrn", "attendance.csv", "piis_id") in w
    assert ("w_personal_nrn", "bilans.csv", "person") in w
    names = w[("w_personal_name", "piis.csv", "bénéficiaire")]
    assert names.row == 4 and "4, 5, 7" in names.message_fr
    for key in [("w_personal_name", "piis.csv", "remarque"), ("w_personal_name", "piis.csv", "motif d'abandon"),
                ("w_personal_name", "operating.csv", "libellé")]:
        assert key in w, key
    text = json.dumps([x.to_dict() for x in inputs.warnings], ensure_ascii=False)
    assert_clean(text)


def test_a_national_number_in_a_wrong_column_is_masked_in_the_problem(tmp_path):
    folder = _folder(tmp_path)
    write_table(folder, "attendance", [{"piis_id": "P1", "date": "05/10/2015", "hours": NRN_A}])
    inputs = load(folder)
    p = next(p for p in inputs.problems if p.code == "not_number")
    assert p.row == 2 and p.column == "hours"
    assert_clean(json.dumps(p.to_dict(), ensure_ascii=False))


def test_internal_version_is_an_explicit_choice(tmp_path):
    inputs = load(_folder(tmp_path), internal=True)
    assert inputs.internal and inputs.piis["person"].tolist()[0] == NRN_A
    assert load(_folder(tmp_path / "b")).internal is False


def test_an_unusable_key_stops_the_report_rather_than_leak(tmp_path, monkeypatch):
    bad = tmp_path / "bad.key"
    bad.write_text("not hex")
    monkeypatch.setenv("ACTIVSOC_KEY_FILE", str(bad))
    inputs = load(_folder(tmp_path))
    assert "key_unusable" in {p.code for p in inputs.problems}


# --------------------------------------------------------------------------- every file the program writes

def _forms(nrn: str) -> list[str]:
    d = re.sub(r"\D", "", nrn)
    return [nrn, d, d.lstrip("0"), f"{d[:6]} {d[6:9]} {d[9:]}"]


def _needles() -> list[str]:
    out = []
    for n in (NRN_A, NRN_B, NRN_C, NRN_D):
        out += _forms(n)
    for name in NAMES:
        out.append(name)
        out += [t for t in re.split(r"[\s,]+", name) if len(t) > 3 and t not in ("Van", "den")]
    return out


def assert_clean(text: str, where: str = ""):
    low = text.casefold()
    found = [n for n in _needles() if n.casefold() in low]
    assert found == [], f"{where}: {found}"
    assert privacy.find_nrns(text) == [], where


def _written_texts(paths) -> dict[str, str]:
    """Every file under ``paths``, as text; a workbook's every XML part."""
    out = {}
    for base in paths:
        for p in sorted(Path(base).rglob("*")):
            if not p.is_file():
                continue
            data = p.read_bytes()
            if zipfile.is_zipfile(p):
                with zipfile.ZipFile(p) as z:
                    for name in z.namelist():
                        out[f"{p}:{name}"] = z.read(name).decode("utf-8", errors="replace")
            else:
                out[str(p)] = data.decode("utf-8", errors="replace")
    return out


def _run(args, tmp_path, env_extra=None):
    env = dict(os.environ)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "activsoc_costs.cli", *map(str, args)], capture_output=True,
                          text=True, env=env, cwd=tmp_path, timeout=300)


def test_no_output_contains_a_national_number_or_a_name(tmp_path):
    folder = _folder(tmp_path)
    out = tmp_path / "outputs"
    texts = {}
    for lang in ("fr", "nl"):
        r = _run(["report", folder, "--json", "--lang", lang, "--out", out, "--force"], tmp_path)
        assert r.returncode == 0, r.stderr
        texts[f"stdout json {lang}"], texts[f"stderr json {lang}"] = r.stdout, r.stderr
        r = _run(["report", folder, "--lang", lang, "--out", out, "--force", "--no-xlsx"], tmp_path)
        assert r.returncode == 0, r.stderr
        texts[f"stdout text {lang}"], texts[f"stderr text {lang}"] = r.stdout, r.stderr
    written = _written_texts([out])
    assert any(k.endswith(".xlsx:xl/worksheets/sheet1.xml") for k in written)  # the spreadsheet was scanned
    texts.update(written)
    assert "w_personal_nrn" in texts["stdout json fr"]  # the officer was warned
    for where, text in texts.items():
        assert_clean(text, where)


def test_the_scan_finds_them_in_the_internal_version(tmp_path):
    """The same scan on an explicitly internal run does find the names: the
    test above can fail."""
    folder = _folder(tmp_path)
    out = tmp_path / "internal"
    r = _run(["report", folder, "--internal", "--json", "--out", out, "--force"], tmp_path)
    assert r.returncode == 0, r.stderr
    texts = _written_texts([out])
    texts["stdout"] = r.stdout
    leaked = [n for n in NAMES if any(n.casefold() in t.casefold() for t in texts.values())]
    assert leaked
