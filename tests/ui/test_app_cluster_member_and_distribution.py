"""Issue 11 item 3: the what-if app opened on a cluster: the selector "Cluster entier / <member>",
a member's what-if beside its shares, the cluster's figures and the distribution recomputed when a
member's scenario changes.  Figures worked by hand from docs/examples/cluster-2015.md."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from activsoc_costs.app import WhatIfApp, what_if_app
from activsoc_costs.cluster import load_cluster
from activsoc_costs.whatif import Scenario
from activsoc_costs.whatif_cluster import ClusterWhatIf
from helpers import CLUSTER, SAMPLE, cents, cluster_as_one_workbook

AMONT, VAL, AVAL = "CPAS d'Amont", "CPAS de Val", "CPAS d'Aval"


def shown(widget) -> str:
    return widget.value.replace("\u202f", " ").replace("&#x27;", "'")


def rows(html: str, cls: str) -> dict[str, list[str]]:
    """The rows of the table of class ``cls``: first cell -> the other cells."""
    table = re.search(rf"<table class='[^']*{cls}[^']*'.*?</table>", html, re.S).group(0)
    out = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).replace("&#x27;", "'").replace("\u202f", " ")
                 for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        if cells:
            out[cells[0]] = cells[1:]
    return out


@pytest.fixture
def app(tmp_path):
    return WhatIfApp(CLUSTER, lang="fr", out_dir=tmp_path / "outputs")


def test_the_selector_lists_the_cluster_and_its_three_members(app):
    assert app.units() == ["Cluster entier « Cluster des Trois Rivières »", "CPAS d'Amont (promoteur)",
                           "CPAS de Val (membre)", "CPAS d'Aval (membre)"]
    assert app.unit_box.layout.display is None and app.unit == ""
    # the cluster first: claimed 15 900 + 31 500 + 14 000 = 61 400,00; accepted 60 000,00 (R2)
    assert app.figures.claimed == cents("61 400,00") and app.figures.accepted == cents("60 000,00")
    assert "€ 61 400,00" in shown(app.claimed_out)
    dist = rows(app.cluster_out.value, "activsoc-distribution")
    # 6 000 000 x 1 590 000 / 6 140 000 = 1 553 745,928 (+1); 3 150 000: 3 078 175,895 (+1); 1 400 000: 1 368 078,175
    assert dist[AMONT] == ["promoteur", "€ 15 900,00", "€ 15 537,46", "€ 7 768,73", "€ 7 768,73"]
    assert dist[VAL] == ["membre", "€ 31 500,00", "€ 30 781,76", "€ 15 390,88", "€ 15 390,88"]
    assert dist[AVAL] == ["membre", "€ 14 000,00", "€ 13 680,78", "€ 6 840,39", "€ 6 840,39"]
    assert dist["total"] == ["", "€ 61 400,00", "€ 60 000,00", "€ 30 000,00", "€ 30 000,00"]
    assert app._controls.layout.display == "none" and app.export_button.disabled  # a scenario is a member's


def test_selecting_val_shows_its_claimed_beside_its_distributed_share(app):
    app.unit_select.value = VAL
    assert app._controls.layout.display is None and app.granted.disabled  # the grant is the cluster's
    assert app.export_button.disabled and "activsoc-costs report" in app.download_out.value
    assert app.staff_select.options == ("S1", "S2")
    assert app.figures.claimed == cents("31 500,00")       # 20 000 + 9 000 + 2 500 (docs, CPAS de Val)
    share = rows(app.cluster_out.value, "activsoc-member-share")
    assert share["justifié"] == ["€ 31 500,00"]
    assert share["part du montant accepté"] == ["€ 30 781,76"]
    assert share["part de l'avance"] == ["€ 15 390,88"]
    assert share["solde du membre (part − avance)"] == ["€ 15 390,88"]
    # the member's results: accepted / advance / balance are its shares, the objectives the cluster's (blank)
    assert app.figures.accepted == cents("30 781,76") and app.figures.advance == cents("15 390,88")
    # R17 across the cluster, applied by cluster_report: Val counts 1 PIIS (P02 of X01 follows Amont's P01)
    assert app.figures.counts["piis"] == 1


def test_a_change_on_val_updates_the_member_and_the_cluster_distribution(app):
    app.unit_select.value = VAL
    app.set_staff("S2", piis_files=20)
    # S2: 36 000 x 20 / 40 = 18 000,00 (was 9 000); Val: 20 000 + 18 000 + 2 500 = 40 500,00
    assert "€ 18 000,00" in shown(app.staff_info)
    assert app.figures.claimed == cents("40 500,00")
    # cluster claimed 15 900 + 40 500 + 14 000 = 70 400,00 > 60 000: accepted stays 60 000,00 (R2).
    # accepted 6 000 000 cents x claimed / 7 040 000:
    #   Amont 1 590 000 -> 1 355 113,636  Val 4 050 000 -> 3 451 704,545  Aval 1 400 000 -> 1 193 181,818
    #   floors 5 999 998: 2 cents to the largest remainders .818 (Aval) and .636 (Amont)
    #   -> 13 551,14 ; 34 517,04 ; 11 931,82 (total 60 000,00)
    # advance 3 000 000 x claimed / 7 040 000: 677 556,818 ; 1 725 852,272 ; 596 590,909
    #   floors 2 999 998: +1 to .909 (Aval) and .818 (Amont) -> 6 775,57 ; 17 258,52 ; 5 965,91
    share = rows(app.cluster_out.value, "activsoc-member-share")
    assert share["part du montant accepté"] == ["€ 34 517,04"] and share["part de l'avance"] == ["€ 17 258,52"]
    app.unit_select.value = ""
    assert app.figures.claimed == cents("70 400,00") and app.figures.accepted == cents("60 000,00")
    assert app.figures.balance == cents("30 000,00")
    dist = rows(app.cluster_out.value, "activsoc-distribution")
    assert dist[AMONT] == ["promoteur", "€ 15 900,00", "€ 13 551,14", "€ 6 775,57", "€ 6 775,57"]
    assert dist[VAL] == ["membre", "€ 40 500,00", "€ 34 517,04", "€ 17 258,52", "€ 17 258,52"]
    assert dist[AVAL] == ["membre", "€ 14 000,00", "€ 11 931,82", "€ 5 965,91", "€ 5 965,91"]
    assert dist["total"] == ["", "€ 70 400,00", "€ 60 000,00", "€ 30 000,00", "€ 30 000,00"]
    # personnel claimed: 54 400 + 9 000 = 63 400,00; other use 132 200 - 9 000 = 123 200,00
    assert app.figures.personnel["claimed"] == cents("63 400,00")
    assert app.figures.personnel["other_use"] == cents("123 200,00")
    # Val's plan is kept: back on Val, S2 shows 20 files and Val still claims 40 500,00
    app.unit_select.value = VAL
    app.staff_select.value = "S2"
    assert app.piis_files.value == 20 and app.figures.claimed == cents("40 500,00")


def test_what_is_not_recomputed_is_said(app):
    app.unit_select.value = VAL
    app.piis_counts["2.2"].value = 3                      # Val plans 3 PIIS 2.2 (counts 1): taken as typed
    app.bilans.value = 4                                  # Val's own bilans 2 -> 4: the cluster's 8 -> 10
    app.unit_select.value = ""
    assert app.figures.counts["2.2"] == 4 and app.figures.counts["piis"] == 6  # 1 + 3 + 0 ; 2 + 3 + 1
    assert app.figures.counts["bilans"] == 10
    notes = shown(app.cluster_out)
    assert "n'est pas réappliquée" in notes and "non vérifié" in notes


def test_a_member_scenario_cannot_move_the_cluster_grant():
    # the grant is the cluster's: a member's planned grant is not used, and a note says so
    cm = ClusterWhatIf(load_cluster(CLUSTER))
    f = cm.evaluate({VAL: Scenario(granted=cents("90 000,00"))})
    assert f.granted == cents("60 000,00") and "cluster_note_grant" in f.notes


def test_dutch_words_and_back_to_a_single_cpas(tmp_path):
    app = WhatIfApp(CLUSTER, lang="nl", out_dir=tmp_path / "outputs")
    assert app.units()[0] == "Volledige cluster « Cluster des Trois Rivières »"
    assert app.units()[2] == "CPAS de Val (lid)"
    assert "aandeel in het aanvaarde bedrag" in app.cluster_out.value
    app.load_inputs(SAMPLE)                               # a single CPAS after a cluster: no selector
    assert app.cluster_model is None and app.unit_box.layout.display == "none"
    assert app.figures.claimed == cents("89 544,21") and not app.granted.disabled and not app.export_button.disabled


def test_upload_of_a_cluster_workbook_and_the_notebook_parameter(tmp_path):
    app = what_if_app(str(SAMPLE), lang="fr", out_dir=tmp_path / "outputs")   # notebook 03's call
    assert app.cluster_model is None and app.figures.claimed == cents("89 544,21")
    path = cluster_as_one_workbook(tmp_path / "trois-rivieres.xlsx")
    app.upload.value = ({"name": "trois-rivieres.xlsx", "type": "", "size": path.stat().st_size,
                         "content": memoryview(path.read_bytes()), "last_modified": dt.datetime(2016, 1, 15)},)
    assert len(app.units()) == 4 and app.figures.claimed == cents("61 400,00")
    app.unit_select.value = VAL
    assert app.figures.claimed == cents("31 500,00") and app.figures.accepted == cents("30 781,76")
    nb = what_if_app(str(CLUSTER), lang="nl", out_dir=tmp_path / "outputs")   # the inputs parameter: a cluster
    assert nb.units()[1] == "CPAS d'Amont (promotor)" and nb.figures.claimed == cents("61 400,00")


def test_a_member_compares_its_scenarios_by_its_shares_and_its_monitoring_leaves_r2_to_the_cluster(app):
    app.unit_select.value = VAL
    app.set_staff("S2", piis_files=20)
    app.save("val-s2-20")
    app.set_staff("S2", piis_files=10)                      # back to the data: Val 31 500,00
    table = app.compare(["(actuel)", "val-s2-20"])
    # the member's accepted is its share, not min(claimed, the whole grant of 60 000,00)
    assert table.loc["claimed"].tolist() == [cents("31 500,00"), cents("40 500,00")]
    assert table.loc["accepted"].tolist() == [cents("30 781,76"), cents("34 517,04")]
    assert table.loc["advance"].tolist() == [cents("15 390,88"), cents("17 258,52")]
    app.as_of.value = dt.date(2015, 6, 30)
    mon = shown(app.monitor_out)
    assert "comparée au montant octroyé" in mon
    assert not any(w.code in ("w_monitor_exceeded", "w_monitor_underuse") for w in app.monitoring.warnings)


def test_a_cluster_with_a_problem_is_listed_and_changes_nothing(app, tmp_path):
    import shutil
    broken = tmp_path / "cluster"
    shutil.copytree(CLUSTER, broken)
    (broken / VAL).rename(broken / "CPAS de Nulle-Part")    # a sub-folder naming no member, Val without data
    assert app.load_inputs(broken) is False
    assert "problèmes" in app.message_out.value and "CPAS de Nulle-Part" in app.message_out.value
    assert app.cluster_model.name == "Cluster des Trois Rivières" and app.figures.claimed == cents("61 400,00")
