"""consolidate (issue 11 item 4): one row per CPAS and totals that are the exact sums of each CPAS's own
``report --json`` figures, computed here independently (the report of each CPAS run on its own, its strings
added up as decimals); a CPAS with problems listed with its problems and left out of the totals; exit code 1."""
import json
import shutil
from decimal import Decimal

import pytest

from activsoc_costs import cli
from activsoc_costs.consolidate import consolidate
from activsoc_costs.generate import SIZES, generate_cpas

MONEY = ("granted", "advance", "claimed", "accepted", "balance")
FATES = ("amount", "claimed", "not_eligible", "excluded", "other_use")


def _report_json(path, capsys) -> dict:
    capsys.readouterr()
    assert cli.main(["report", str(path), "--json", "--no-xlsx"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def small_set(tmp_path_factory):
    """3 small generated CPAS (different seeds and names), one broken copy, and the report JSON of a 4th."""
    base = tmp_path_factory.mktemp("consolidate")
    many = base / "many"
    for i, (seed, name) in enumerate(((11, "CPAS de Aville"), (12, "OCMW Bstad"), (13, "CPAS de Cville"))):
        generate_cpas(many / f"cpas-{i + 1}", SIZES["small"], seed, name=name, lang="fr")
    shutil.copytree(many / "cpas-1", many / "cpas-0-broken")
    (many / "cpas-0-broken" / "piis.csv").unlink()  # a required table missing: a problem
    generate_cpas(base / "d", SIZES["small"], 14, name="CPAS de Dville", lang="fr")
    return base


def test_totals_are_the_sums_of_each_cpas_own_report(small_set, capsys, tmp_path):
    own = [_report_json(small_set / "many" / f"cpas-{i}", capsys) for i in (1, 2, 3)]
    d_json = _report_json(small_set / "d", capsys)
    (small_set / "d.json").write_text(json.dumps(d_json, ensure_ascii=False), encoding="utf-8")
    own.append(d_json)

    capsys.readouterr()
    code = cli.main(["consolidate", str(small_set / "many"), str(small_set / "d.json"), "--json",
                     "--out", str(tmp_path), "--workers", "2", "--quiet"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1  # one CPAS had problems
    rows = out["rows"]
    assert [r["cpas"] for r in rows if r["status"] == "ok"] == ["CPAS de Aville", "OCMW Bstad", "CPAS de Cville",
                                                                  "CPAS de Dville"]
    # each row: the CPAS's own report, to the cent
    for r, o in zip([r for r in rows if r["status"] == "ok"], own):
        for k in MONEY:
            assert r[k] == o[k], (r["cpas"], k)
        for k in FATES:
            assert Decimal(r[k if k != "amount" else "amount"]) == \
                Decimal(o["personnel"][k]) + Decimal(o["operating"][k]), (r["cpas"], k)
        assert r["counts"] == o["counts"]
        assert sum(r["warnings"].values()) == len(o["warnings"])
    # totals: the sums of the four reports' strings, as decimals (exact)
    t = out["totals"]
    assert t["cpas"] == 4
    for k in MONEY:
        assert Decimal(t[k]) == sum(Decimal(o[k]) for o in own), k
    for k in FATES:
        assert Decimal(t[k]) == sum(Decimal(o["personnel"][k]) + Decimal(o["operating"][k]) for o in own), k
    for k in ("bilans", "piis", "2.1", "2.2", "2.3"):
        assert t["counts"][k] == sum(o["counts"][k] for o in own)
    assert sum(t["warnings"].values()) == sum(len(o["warnings"]) for o in own)
    # use of the grant of the totals = accepted / granted of the totals (R2), 2 decimals half up
    acc, gr = sum(Decimal(o["accepted"]) for o in own), sum(Decimal(o["granted"]) for o in own)
    assert Decimal(t["use_of_grant"]) == (acc / gr * 100).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    # the broken CPAS: listed with its problem, named, left out of the totals
    bad = [r for r in rows if r["status"] == "problems"]
    assert len(bad) == 1 and bad[0]["source"].endswith("cpas-0-broken")
    assert bad[0]["problem_count"] >= 1 and any(p["code"] == "missing_table" for p in bad[0]["problems"])
    assert all(p["message_fr"] and p["message_nl"] for p in bad[0]["problems"])
    assert out["problems_count"] == 1 and out["excluded_from_totals"] == [bad[0]["cpas"]]
    assert (tmp_path / "consolidation-fr.xlsx").exists() or (tmp_path / "consolidation-nl.xlsx").exists()


def test_one_worker_and_two_workers_give_the_same_table(small_set):
    a = consolidate([small_set / "many"], workers=1).to_dict()
    b = consolidate([small_set / "many"], workers=2).to_dict()
    assert a == b


def test_all_fine_exit_0_and_console_in_both_languages(small_set, capsys, tmp_path):
    capsys.readouterr()
    assert cli.main(["consolidate", str(small_set / "many" / "cpas-1"), str(small_set / "d"), "--lang", "nl",
                     "--out", str(tmp_path), "--quiet"]) == 0
    nl = capsys.readouterr().out
    assert "TOTAAL (2)" in nl and "allemaal zonder probleem" in nl and "€ " in nl
    assert cli.main(["consolidate", str(small_set / "many" / "cpas-1"), "--lang", "fr", "--no-xlsx"]) == 0
    fr = capsys.readouterr().out
    assert "TOTAL (1)" in fr and "sans problème" in fr


def test_json_files_that_are_not_a_report_are_problems_not_tracebacks(small_set, tmp_path, capsys):
    good = _report_json(small_set / "many" / "cpas-2", capsys)
    (tmp_path / "garbage.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "list.json").write_text("[1, 2]", encoding="utf-8")
    edited = dict(good, claimed="1.00")  # claimed no longer personnel + operating: a hand-edited file
    (tmp_path / "edited.json").write_text(json.dumps(edited), encoding="utf-8")
    c = consolidate([tmp_path], workers=1)
    codes = {r.source.rsplit("/", 1)[-1]: r.problems[0]["code"] for r in c.problem_rows}
    assert codes == {"garbage.json": "consolidate_bad_json", "list.json": "consolidate_not_report",
                     "edited.json": "consolidate_json_inconsistent"}
    assert c.ok_rows == [] and c.totals()["money"]["claimed"] == 0


def test_missing_inputs_usage_error(tmp_path, capsys):
    assert cli.main(["consolidate", str(tmp_path / "nothing-here"), "--no-xlsx"]) == 2


def test_never_writes_into_an_input_folder(small_set, capsys):
    target = small_set / "many" / "out"
    assert cli.main(["consolidate", str(small_set / "many" / "cpas-1"), str(small_set / "many"),
                     "--out", str(target), "--quiet"]) == 2
    assert not target.exists()
    assert "jamais" in capsys.readouterr().err


def test_the_same_cpas_twice_is_a_problem_not_counted_twice(small_set, capsys, tmp_path):
    folder = small_set / "many" / "cpas-2"
    (tmp_path / "b.json").write_text(json.dumps(_report_json(folder, capsys)), encoding="utf-8")
    c = consolidate([folder, tmp_path / "b.json", small_set / "many" / "cpas-3"], workers=1)
    assert [r.ok for r in c.rows] == [False, False, True]
    assert {r.problems[0]["code"] for r in c.problem_rows} == {"consolidate_duplicate_cpas"}
    assert "b.json" in c.rows[0].problems[0]["message_fr"]
    assert c.totals()["cpas"] == 1 and c.totals()["money"]["claimed"] == c.rows[2].money["claimed"]
