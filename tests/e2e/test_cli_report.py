"""The command a finance officer types: `activsoc-costs report` on the shipped
sample, its JSON, its exit codes, and no traceback on bad input."""
import json
import subprocess
import sys

from helpers import ROOT, write_inputs

CMD = [sys.executable, "-m", "activsoc_costs.cli"]


def run(*args, cwd=ROOT):
    return subprocess.run([*CMD, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_report_on_the_sample_in_french_and_dutch():
    fr = run("report", "--lang", "fr", "--no-xlsx")
    assert fr.returncode == 0, fr.stderr
    assert "€ 89\u202f544,21" in fr.stdout and "à recevoir" in fr.stdout and "94,26 %" in fr.stdout
    nl = run("report", "--lang", "nl", "--no-xlsx")
    assert nl.returncode == 0 and "€ 89.544,21" in nl.stdout and "te ontvangen" in nl.stdout


def test_report_json():
    r = run("report", "--json", "--no-xlsx")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert (d["cpas"], d["year"], d["claimed"], d["balance"], d["use_of_grant"]) == \
        ("CPAS d'Exempleville", 2015, "89544.21", "42044.21", "94.26")
    assert d["counts"] == {"bilans": 15, "piis": 8, "2.1": 2, "2.2": 4, "2.3": 2}
    assert {"socio_professional": 1, "autonomy": 1, "volunteering": 2, "job": 1}.items() <= d["results"].items()
    assert len(d["lines"]) == 6 + 12  # one line per staff member (S3's 12 payroll months are its detail) + 12 ledger lines
    s3 = next(l for l in d["lines"] if l["id"] == "S3")
    assert len(s3["months"]) == 12 and s3["amount"] == "21500.00"
    assert all(set(l) >= {"id", "kind", "amount", "claimed", "not_eligible", "excluded", "other_use", "rules",
                          "source"} for l in d["lines"])
    assert d["problems"] == [] and any(w["rule"] == "R10" for w in d["warnings"])


def test_bad_inputs_exit_1_with_every_problem_and_no_traceback(tmp_path):
    write_inputs(tmp_path, staff=[{"id": "A", "function": "magician", "cost": "-5", "key": "time"},
                                  {"id": "A", "function": "teacher", "cost": "abc", "key": "direct"}])
    r = run("report", str(tmp_path), "--lang", "nl")
    assert r.returncode == 1
    assert "Traceback" not in r.stdout + r.stderr
    for text in ("staff.csv", "rij 2", "magician", "Negatieve waarde", "abc", "Dubbele identificatie"):
        assert text in r.stderr, text
    j = run("report", str(tmp_path), "--json")
    assert j.returncode == 1
    problems = json.loads(j.stdout)["problems"]
    assert {p["code"] for p in problems} >= {"unknown_value", "negative", "not_number", "duplicate_id"}
    assert all(p["file"] == "staff.csv" and p["row"] in (2, 3) and p["message_fr"] and p["message_nl"]
               for p in problems if p["code"] != "no_time_records")


def test_missing_folder_is_a_problem_not_a_crash(tmp_path):
    r = run("report", str(tmp_path / "nowhere"))
    assert r.returncode == 1 and "Traceback" not in r.stderr and "nowhere" in r.stderr


def test_template_command(tmp_path):
    r = run("template", "--lang", "all", "--out", str(tmp_path))
    assert r.returncode == 0
    assert (tmp_path / "activsoc-input-fr.xlsx").exists() and (tmp_path / "activsoc-input-nl.xlsx").exists()
