"""``activsoc-costs generate --size cluster`` (issue 11 item 5) writes form 1 of the cluster format: a
convention one row per member at the top (one promoter, the cluster-wide fields on its row only, the
distribution key blank) and one sub-folder per member named as its CPAS, with its own tables and no
convention; the cluster reads without problem, and consolidate lists it as one row: the cluster's figures."""
import json

import pytest

from activsoc_costs import cli
from activsoc_costs.generate import CLUSTER_MEMBERS, CLUSTER_NAME, generate
from activsoc_costs.money import parse_decimal

TABLES = {"bilans.csv", "dossiers.csv", "fonctionnement.csv", "paie.csv", "personnel.csv", "piis.csv",
          "presences.csv", "temps.csv"}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    out = tmp_path_factory.mktemp("gen") / "cluster"
    assert cli.main(["generate", "--size", "cluster", "--seed", "3", str(out)]) == 0
    return out


def test_files_as_specified(cluster):
    assert {p.name for p in cluster.iterdir()} == {"convention.csv", *CLUSTER_MEMBERS}
    assert len(CLUSTER_MEMBERS) == 4
    for m in CLUSTER_MEMBERS:
        assert {p.name for p in (cluster / m).iterdir()} == TABLES  # its own tables, no convention
    lines = (cluster / "convention.csv").read_text(encoding="utf-8-sig").splitlines()
    head = lines[0].split(";")
    assert head[:3] == ["cluster", "rôle", "CPAS"] and head[-1] == "clé de répartition %"
    rows = [dict(zip(head, line.split(";"))) for line in lines[1:]]
    assert [r["CPAS"] for r in rows] == list(CLUSTER_MEMBERS)
    assert {r["cluster"] for r in rows} == {CLUSTER_NAME}
    assert [r["rôle"] for r in rows] == ["promoteur", "membre", "membre", "membre"]
    wide = ("année", "date de signature", "montant octroyé", "objectif 1 bilans sociaux", "objectif 2.1",
            "objectif 2.2", "objectif 2.3")
    assert all(rows[0][h] for h in wide) and all(r[h] == "" for r in rows[1:] for h in wide)
    assert all(r["clé de répartition %"] == "" for r in rows)  # pro rata of the claimed costs
    # beneficiaries: each member its own ids (no person shared by accident)
    firsts = set()
    for i, m in enumerate(CLUSTER_MEMBERS):
        ids = {line.split(";")[1] for line in (cluster / m / "piis.csv").read_text(encoding="utf-8-sig").splitlines()[1:]}
        assert all(x.startswith(f"B{i + 1}") for x in ids)
        assert not ids & firsts
        firsts |= ids


def test_same_seed_same_files(cluster, tmp_path):
    generate("cluster", 3, tmp_path / "again")
    for p in cluster.rglob("*.csv"):
        assert (tmp_path / "again" / p.relative_to(cluster)).read_bytes() == p.read_bytes(), p


def test_reads_as_a_cluster_and_consolidates_as_one_row(cluster, capsys, tmp_path):
    capsys.readouterr()
    assert cli.main(["report", str(cluster), "--json", "--no-xlsx"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["problems"] == [] and [m["cpas"] for m in rep["members"]] == list(CLUSTER_MEMBERS)
    # the grant on the promoter's row: as written in the convention
    conv = (cluster / "convention.csv").read_text(encoding="utf-8-sig").splitlines()
    granted = parse_decimal(conv[1].split(";")[5])
    assert parse_decimal(rep["granted"]) == granted
    assert cli.main(["consolidate", str(cluster), "--json", "--no-xlsx"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["rows"]) == 1
    row = out["rows"][0]
    assert row["cpas"] == CLUSTER_NAME
    assert (row["granted"], row["claimed"], row["accepted"], row["balance"]) == \
        (rep["granted"], rep["claimed"], rep["accepted"], rep["balance"])
    assert row["counts"] == rep["counts"]
