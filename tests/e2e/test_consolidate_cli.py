"""``activsoc-costs consolidate`` as the officer runs it (a subprocess): 3 generated CPAS, one broken
CPAS and one ``report --json`` file; exit code 1 (one CPAS had problems), the broken one listed with its
problem; the workbook (FR and NL) recalculated by LibreOffice: its live SUM totals equal the JSON totals
to the cent and the CPAS with problems are on their own sheet, not in the totals."""
import json
import shutil
import subprocess
import sys

import openpyxl
import pytest

from activsoc_costs import _libreoffice as lo
from activsoc_costs.consolidate import WORDS
from activsoc_costs.generate import SIZES, generate_cpas
from helpers import ROOT, cents

pytestmark = pytest.mark.usefixtures("needs_soffice")  # a FAILURE under CI=true when LibreOffice is missing
CMD = [sys.executable, "-m", "activsoc_costs.cli"]


def run(*args):
    return subprocess.run([*CMD, *args], capture_output=True, text=True, cwd=ROOT, timeout=600)


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    base = tmp_path_factory.mktemp("consolidate-e2e")
    many = base / "many"
    for i, seed in enumerate((21, 22, 23)):
        generate_cpas(many / f"cpas-{i + 1}", SIZES["small"], seed, name=f"CPAS de Ville {i + 1}", lang="fr")
    shutil.copytree(many / "cpas-1", many / "cpas-9-broken")
    conv = many / "cpas-9-broken" / "convention.csv"
    lines = conv.read_text(encoding="utf-8-sig").splitlines()
    head, row = lines[0].split(";"), lines[1].split(";")
    row[head.index("montant octroyé")] = "beaucoup"  # not a number: a problem naming the cell
    conv.write_text("\ufeff" + ";".join(head) + "\r\n" + ";".join(row) + "\r\n", encoding="utf-8")
    generate_cpas(base / "four", SIZES["small"], 24, name="CPAS de Ville 4", lang="fr")
    rep = run("report", str(base / "four"), "--json", "--no-xlsx")
    assert rep.returncode == 0, rep.stderr
    (base / "four.json").write_text(rep.stdout, encoding="utf-8")
    out = base / "out"
    r = run("consolidate", str(many), str(base / "four.json"), "--json", "--lang", "all", "--out", str(out))
    return r, out


def test_exit_code_and_broken_cpas_listed(result):
    r, _ = result
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    d = json.loads(r.stdout)
    assert d["ok_count"] == 4 and d["problems_count"] == 1
    bad = next(x for x in d["rows"] if x["status"] == "problems")
    assert bad["source"].endswith("cpas-9-broken")
    p = bad["problems"][0]
    assert p["code"] == "not_number" and p["value"] == "beaucoup" and p["file"] == "convention.csv"
    assert p["message_fr"] and p["message_nl"]


@pytest.fixture(scope="module")
def books(result):
    r, out = result
    written = sorted(out.glob("consolidation-*.xlsx"))
    assert [p.name for p in written] == ["consolidation-fr.xlsx", "consolidation-nl.xlsx"]
    raw = openpyxl.load_workbook(written[0])
    ws = raw.worksheets[0]
    total_row = next(row for row in ws.iter_rows() if str(row[0].value or "").startswith("TOTAL"))
    assert str(total_row[2].value).startswith("=SUM(")  # live formulas, not values
    recalc = lo.recalculate_many(written, out / "recalc")
    return json.loads(r.stdout), [openpyxl.load_workbook(p, data_only=True) for p in recalc]


@pytest.mark.parametrize("i, lang", [(0, "fr"), (1, "nl")])
def test_recalculated_totals_equal_the_json_totals(books, i, lang):
    data, wbs = books
    W = WORDS[lang]
    ws = wbs[i][W["sheet"]]
    rows = list(ws.iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == W["cpas"])
    total = next(r for r in rows if str(r[0] or "").startswith(W["total"]))
    col = {h: j for j, h in enumerate(header) if h}
    t = data["totals"]
    for key in ("granted", "advance", "amount", "claimed", "not_eligible", "excluded", "other_use", "accepted",
                "balance"):
        assert abs(total[col[W[key]]] * 100 - cents(t[key])) < 0.5, key  # to the cent
    assert abs(total[col[W["use_of_grant"]]] - float(t["use_of_grant"])) < 1e-9
    for key in ("bilans", "piis", "2.1", "2.2", "2.3"):
        assert total[col[W[key]]] == t["counts"][key], key
    assert total[col[W["warnings"]]] == sum(t["warnings"].values())
    # 4 CPAS rows between the header and the total; the broken one only on the problems sheet
    assert rows.index(total) - rows.index(header) - 1 == 4
    probs = [r for r in wbs[i][W["problems_sheet"]].iter_rows(values_only=True)]
    assert any(r[1] and str(r[1]).endswith("cpas-9-broken") for r in probs)
