"""``activsoc-costs template --cluster`` (issue 11): the cluster's one-workbook form, in French
and Dutch.  Filled with the shipped cluster's rows (each value under its header), it is read as
a cluster and gives the same figures as the shipped folder."""
import csv
import json

import openpyxl
import pytest

from activsoc_costs.cli import main
from activsoc_costs.cluster import cluster_report, is_cluster, load_cluster
from activsoc_costs.schema import CLUSTER_CONVENTION, TABLES, norm
from helpers import ROOT

CLUSTER = ROOT / "inputs" / "cluster-exempleville-2015"
MEMBERS = ("CPAS d'Amont", "CPAS de Val", "CPAS d'Aval")


def csv_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_cluster_template_sheets(tmp_path, lang):
    assert main(["template", "--cluster", "--lang", lang, "--out", str(tmp_path)]) == 0
    wb = openpyxl.load_workbook(tmp_path / f"activsoc-input-cluster-{lang}.xlsx")
    conv = wb[TABLES[0].name(lang)]
    heads = [c.value for c in conv[1]]
    assert heads == [c.header(lang) for c in CLUSTER_CONVENTION.columns]
    assert heads[:2] == (["cluster", "rôle"] if lang == "fr" else ["cluster", "rol"])
    for t in TABLES[1:]:
        assert wb[t.name(lang)]["A1"].value == ("CPAS" if lang == "fr" else "OCMW")


def test_filled_cluster_template_gives_the_shipped_figures(tmp_path):
    assert main(["template", "--cluster", "--lang", "fr", "--out", str(tmp_path)]) == 0
    path = tmp_path / "activsoc-input-cluster-fr.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["convention"]
    heads = [norm(c.value) for c in ws[1]]
    for r in csv_rows(CLUSTER / "convention.csv"):
        ws.append([r.get(next((k for k in r if norm(k) == h), ""), "") or None for h in heads])
    for m in MEMBERS:
        for p in sorted((CLUSTER / m).glob("*.csv")):
            t = next(t for t in TABLES if t.fr == p.stem)
            ws = wb[t.fr]
            heads = [norm(c.value) for c in ws[1]]
            for r in csv_rows(p):
                by = {norm(k): v for k, v in r.items()}
                ws.append([m] + [by.get(h) or None for h in heads[1:]])
    wb.save(path)
    assert is_cluster(path)
    got = load_cluster(path)
    assert [p.line() for p in got.problems] == []
    want = json.loads(cluster_report(load_cluster(CLUSTER)).to_json())
    have = json.loads(cluster_report(got).to_json())
    for k in ("claimed", "accepted", "balance", "personnel", "operating", "counts", "results"):
        assert have[k] == want[k], k
    assert [m["distributed"] for m in have["members"]] == ["15537.46", "30781.76", "13680.78"]
