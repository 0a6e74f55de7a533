"""``activsoc-costs report`` on a cluster, as the officer runs it (a process, issue 11): the
console summary with the distribution, ``--json`` with ``members``, the cluster workbook in
``outputs/`` and never in the inputs, a refused cluster with exit code 1 and the place."""
import json
import shutil
import subprocess
import sys

from helpers import ROOT

CLUSTER = ROOT / "inputs" / "cluster-exempleville-2015"


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "activsoc_costs.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def test_report_on_a_cluster_writes_the_workbook_in_outputs(tmp_path):
    before = sorted(p.name for p in CLUSTER.rglob("*"))
    r = run("report", str(CLUSTER), "--lang", "nl", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Verdeling van het aanvaarde bedrag" in r.stdout and "€ 30.781,76" in r.stdout
    assert (tmp_path / "outputs" / "cluster-des-trois-rivieres-2015-cluster-nl.xlsx").exists()
    assert sorted(p.name for p in CLUSTER.rglob("*")) == before  # nothing written into the inputs


def test_report_json_on_a_cluster(tmp_path):
    r = run("report", str(CLUSTER), "--json", "--no-xlsx", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["accepted"] == "60000.00" and len(d["members"]) == 3
    assert {m["cpas"]: m["balance"] for m in d["members"]} == {"CPAS d'Amont": "7768.73", "CPAS de Val": "15390.88",
                                                               "CPAS d'Aval": "6840.39"}


def test_refused_cluster_exit_1_with_the_place(tmp_path):
    bad = tmp_path / "cl"
    shutil.copytree(CLUSTER, bad)
    shutil.rmtree(bad / "CPAS de Val")
    r = run("report", str(bad), "--no-xlsx", "--lang", "fr", cwd=tmp_path)
    assert r.returncode == 1
    assert "convention.csv, ligne 3" in r.stderr and "CPAS de Val" in r.stderr and "Traceback" not in r.stderr
    r = run("report", str(bad), "--json", "--no-xlsx", cwd=tmp_path)
    assert r.returncode == 1
    assert json.loads(r.stdout)["problems"][0]["code"] == "cluster_member_no_data"
