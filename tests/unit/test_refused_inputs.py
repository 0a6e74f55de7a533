"""Hostile inputs are refused with a clear message, all at once, never a traceback (issue 5).

Each problem names the file (and sheet), row, column, value and rule, in French
and Dutch.  The command line is run as the officer runs it (a subprocess) on
every hostile fixture: exit code 1, the problems listed, no 'Traceback'.  The
user's files are never written: their bytes and modification times are the same
after a run.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from activsoc_costs import load

L = sys.modules["activsoc_costs.load"]  # the module (the package exports the function under the same name)
import activsoc_costs.read as R  # noqa: E402  (reading files: CSV, workbooks, size guards)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data"))
import make_fixtures as fx  # noqa: E402


@pytest.fixture(autouse=True)
def _key(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("ACTIVSOC_KEY_FILE", str(tmp_path_factory.getbasetemp() / "key" / "pseudonym.key"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return fx.write_hostile(tmp_path_factory.mktemp("hostile"))


HOSTILE = ["empty_xlsx", "csv_renamed_xlsx", "pdf_renamed_xlsx", "zip_not_xlsx", "ods_renamed_xlsx",
           "xls_renamed_xlsx", "truncated_xlsx",
           "garbage_sheet_xlsx", "password_xlsx", "empty_csv", "blank_csv", "missing_sheet", "bad_values"]


@pytest.mark.parametrize("name", HOSTILE)
def test_each_hostile_input_is_refused_with_its_reason(name, hostile):
    path, codes = hostile[name]
    inputs = load(path)
    got = {p.code for p in inputs.problems}
    assert codes <= got, f"{name}: missing {codes - got}"
    for p in inputs.problems:
        assert p.file, p
        assert p.message_fr and p.message_nl and p.message_fr != p.message_nl, p


# (code, file, row, column, value): each one of bad_values, worked out from the fixture
BAD = [
    ("unknown_value", "personnel.csv", 5, "clé", "au feeling"),
    ("percent_range", "personnel.csv", 6, "part %", "150"),
    ("duplicate_id", "personnel.csv", 8, "id", "S1"),
    ("not_number", "personnel.csv", 9, "ETP", "un"),
    ("end_before_start", "personnel.csv", 10, "fin", "01/01/2015"),
    ("hours_sa_above_worked", "personnel.csv", 11, "heures", "S9"),   # 1 500 h > 0,5 x 2 080 h
    ("hours_above_year", "personnel.csv", 2, "heures", "S1"),         # 4 x 380 + 3 000 = 4 520 h > 2 080 h
    ("negative", "temps.csv", 24, "heures", "-5"),
    ("not_number", "temps.csv", 25, "heures", "cinq"),
    ("negative", "fonctionnement.csv", 2, "montant", "-480,00"),
    ("unknown_value", "fonctionnement.csv", 3, "objet", "loisirs"),
    ("date_far_from_year", "fonctionnement.csv", 4, "date", "01/02/2051"),
    ("not_date", "fonctionnement.csv", 5, "date", "31/02/2015"),
    ("unknown_value", "piis.csv", 2, "type", "2.9"),
    ("date_range", "piis.csv", 3, "début", "01/01/1850"),
    ("caseload_above_total", "dossiers.csv", 2, "dossiers PIIS AS", "30"),
    ("missing_column", "bilans.csv", 1, "", "date"),
]


def test_all_problems_of_a_folder_at_once_with_their_place(hostile):
    inputs = load(hostile["bad_values"][0])
    got = {(p.code, p.file, p.row, p.column, p.value) for p in inputs.problems}
    missing = [b for b in BAD if b not in got]
    assert missing == []
    by = {(p.code, p.file, p.row): p for p in inputs.problems}
    assert by[("hours_above_year", "personnel.csv", 2)].rule == "R6"
    assert by[("hours_sa_above_worked", "personnel.csv", 11)].rule == "R25"
    assert by[("caseload_above_total", "dossiers.csv", 2)].rule == "R7"
    sa = by[("hours_sa_above_worked", "personnel.csv", 11)]
    # in the reader's format: 1 500,00 h (fr, narrow no-break space) / 1.500,00 u (nl); limit 1 040 h
    assert "1\u202f500,00 h" in sa.message_fr and "1\u202f040,00 h" in sa.message_fr
    assert "1.500,00 u" in sa.message_nl and "1.040,00 u" in sa.message_nl


def test_allowed_values_are_listed_in_each_language(hostile):
    inputs = load(hostile["bad_values"][0])
    p = next(p for p in inputs.problems if p.code == "unknown_value" and p.column == "objet")
    assert "alphabétisation" in p.message_fr and "alfabetisering" in p.message_nl


def test_missing_column_names_both_languages(hostile):
    p = next(p for p in load(hostile["bad_values"][0]).problems if p.code == "missing_column")
    assert "date / datum" in p.message_fr


def test_huge_csv_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    monkeypatch.setenv("ACTIVSOC_MAX_ROWS", "1000")
    folder = fx.write_huge_csv(tmp_path / "huge", 1500)
    parsed = []
    real = R._read_csv
    monkeypatch.setattr(R, "_read_csv", lambda p: parsed.append(p.name) or real(p))
    inputs = load(folder)
    p = next(p for p in inputs.problems if p.code == "too_many_rows")
    assert p.file == "temps.csv" and "1000" in p.message_fr and "1000" in p.message_nl
    assert "temps.csv" not in parsed  # counted, never read into a frame


def test_huge_sheet_is_refused_from_its_dimension_without_reading_it(tmp_path, monkeypatch):
    monkeypatch.setenv("ACTIVSOC_MAX_ROWS", "1000")
    path = fx.write_huge_xlsx(tmp_path / "huge.xlsx", 1500)
    asked = []
    real = pd.read_excel
    monkeypatch.setattr(L.pd, "read_excel", lambda p, sheet_name=None, **kw: asked.extend(sheet_name) or
                        real(p, sheet_name=sheet_name, **kw))
    inputs = load(path)
    p = next(p for p in inputs.problems if p.code == "too_many_rows")
    assert (p.file, p.sheet) == ("huge.xlsx", "temps") and "1500" in p.message_fr
    assert "temps" not in asked and "personnel" in asked


def test_an_unexpected_error_is_a_problem_and_debug_shows_it(tmp_path, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("bug")
    monkeypatch.setattr(L, "_parse_table", boom)
    inputs = load(fx.SAMPLE)
    internal = [p for p in inputs.problems if p.code == "internal_error"]
    assert len(internal) == 9 and "RuntimeError" in internal[0].message_fr  # one per table, none raised
    monkeypatch.setenv("ACTIVSOC_DEBUG", "1")
    with pytest.raises(RuntimeError):
        load(fx.SAMPLE)


# --------------------------------------------------------------------------- the command line

def _cli(*args, env=None, cwd=None):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "activsoc_costs.cli", *map(str, args)], capture_output=True,
                          text=True, env=e, cwd=cwd, timeout=120)


def _state(paths) -> dict:
    out = {}
    for base in paths:
        base = Path(base)
        for p in ([base] if base.is_file() else sorted(base.rglob("*"))):
            if p.is_file():
                st = p.stat()
                out[str(p)] = (hashlib.sha256(p.read_bytes()).hexdigest(), st.st_mtime_ns, st.st_size)
    return out


@pytest.mark.parametrize("name", HOSTILE)
def test_cli_refuses_hostile_input_without_traceback(name, hostile, tmp_path):
    path, codes = hostile[name]
    before = _state([path])
    lang = "nl" if HOSTILE.index(name) % 2 else "fr"
    r = _cli("report", path, "--lang", lang, "--out", tmp_path / "out",
             env={"ACTIVSOC_KEY_FILE": str(tmp_path / "k" / "key")}, cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "Traceback" not in out
    assert ("PROBLÈMES" in out or "PROBLEMEN" in out), out
    files = {p.file for p in load(path).problems}
    assert files and all(f in out for f in files)  # every problem's file is named
    assert _state([path]) == before  # read, never written
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_cli_json_lists_every_problem_with_its_place(hostile, tmp_path):
    path, _codes = hostile["bad_values"]
    r = _cli("report", path, "--json", env={"ACTIVSOC_KEY_FILE": str(tmp_path / "k" / "key")}, cwd=tmp_path)
    assert r.returncode == 1 and "Traceback" not in r.stdout + r.stderr
    data = json.loads(r.stdout)
    got = {(p["code"], p["file"], p["row"], p["column"], p["value"]) for p in data["problems"]}
    assert [b for b in BAD if b not in got] == []
    assert all(p["message_fr"] and p["message_nl"] for p in data["problems"])


def test_debug_flag_still_refuses_bad_input_cleanly(hostile, tmp_path):
    path, _ = hostile["truncated_xlsx"]
    r = _cli("--debug", "report", path, env={"ACTIVSOC_KEY_FILE": str(tmp_path / "k" / "key")}, cwd=tmp_path)
    assert r.returncode == 1 and "Traceback" not in r.stdout + r.stderr


def test_a_full_run_never_writes_the_inputs(tmp_path):
    """The sample and a messy workbook: hash and mtime of every input file are
    unchanged after a full report with the spreadsheet."""
    messy = fx.write_messy_xlsx(tmp_path / "in" / "messy.xlsx")
    folder = fx.write_messy_csv(tmp_path / "in" / "csv")
    before = _state([fx.SAMPLE, messy, folder])
    env = {"ACTIVSOC_KEY_FILE": str(tmp_path / "k" / "key")}
    for src in (fx.SAMPLE, messy, folder):
        r = _cli("report", src, "--out", tmp_path / "out", "--force", env=env, cwd=tmp_path)
        assert r.returncode == 0, r.stdout + r.stderr
    assert _state([fx.SAMPLE, messy, folder]) == before
    assert sorted(p.name for p in (tmp_path / "in").iterdir()) == ["csv", "messy.xlsx"]
