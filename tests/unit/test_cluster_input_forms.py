"""The three cluster input forms (cluster_format.md) give the same figures as the shipped
form 1 (issue 11 item 1).  Forms 2 and 3 are built here from form 1's CSV files: form 2
one workbook per member beside the convention, form 3 one workbook whose tables carry
a first column ``CPAS``.  Cells are written as text, as the CSV files hold them."""
import json
import shutil

import openpyxl
import pytest

from activsoc_costs.cluster import cluster_report, is_cluster, load_cluster
from activsoc_costs.schema import TABLE_BY_ID, table_lookup, norm
from helpers import CLUSTER, CLUSTER_MEMBERS as MEMBERS, ROOT, cluster_as_one_workbook, csv_rows as rows


def table_id(stem):
    return table_lookup()[norm(stem)]


def form2(tmp):
    out = tmp / "form2"
    out.mkdir()
    shutil.copy(CLUSTER / "convention.csv", out / "convention.csv")
    for m in MEMBERS:
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for p in sorted((CLUSTER / m).glob("*.csv")):
            ws = wb.create_sheet(p.stem)
            for r in rows(p):
                ws.append(r)
        wb.save(out / f"{m}.xlsx")
    return out


def form3(tmp):
    return cluster_as_one_workbook(tmp / "cluster.xlsx")


def figures(path):
    cl = load_cluster(path)
    assert [p.line() for p in cl.problems] == []
    d = json.loads(cluster_report(cl).to_json())
    keep = ("claimed", "accepted", "balance", "use_of_grant", "personnel", "operating", "counts", "results")
    per = [{k: m[k] for k in keep + ("cpas", "distributed", "advance_share")} for m in d["members"]]
    lines = sorted((x["member"], x["id"], x["amount"], x["claimed"], x["not_eligible"], x["excluded"], x["other_use"])
                   for x in d["lines"])
    traj = sorted((x["member"], x["id"], x["counted"], x["rule"]) for x in d["trajectories"])
    return {k: d[k] for k in keep}, per, lines, traj, cl


@pytest.fixture(scope="module")
def form1():
    return figures(CLUSTER)


@pytest.mark.parametrize("build,form", [(form2, 2), (form3, 3)])
def test_each_form_gives_the_same_figures(tmp_path, form1, build, form):
    path = build(tmp_path)
    assert is_cluster(path)
    got = figures(path)
    assert got[4].form == form
    assert got[:4] == form1[:4]


def test_form3_rows_keep_their_sheet_rows(tmp_path):
    """A problem in form 3 names the workbook's own row (not the member slice's)."""
    path = form3(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["personnel"]
    # personnel sheet: header, Amont S1 (row 2), Amont S2 (3), Val S1 (4), Val S2 (5), Aval S1 (6)
    assert ws.cell(5, 1).value == "CPAS de Val" and ws.cell(5, 2).value == "S2"
    ws.cell(5, 7).value = "abc"  # coût employeur of Val's S2
    wb.save(path)
    cl = load_cluster(path)
    bad = [p for p in cl.problems if p.code == "not_number"]
    assert len(bad) == 1
    p = bad[0]
    assert (p.member, p.file, p.sheet, p.row, p.column, p.value) == ("CPAS de Val", "cluster.xlsx", "personnel", 5,
                                                                    "coût employeur", "abc")
    assert "CPAS de Val" in p.line("fr") and "ligne 5" in p.line("fr")


def test_form3_unknown_member_value(tmp_path):
    path = form3(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["piis"].cell(3, 1).value = "CPAS de Mont"
    wb.save(path)
    cl = load_cluster(path)
    p = next(p for p in cl.problems if p.code == "cluster_unknown_member")
    assert (p.file, p.sheet, p.row, p.column, p.value) == ("cluster.xlsx", "piis", 3, "CPAS", "CPAS de Mont")
    assert "CPAS d'Amont" in p.message_fr and "CPAS d'Amont" in p.message_nl


def test_form3_sheet_without_cpas_column(tmp_path):
    path = form3(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["bilans"].delete_cols(1)
    wb.save(path)
    cl = load_cluster(path)
    p = next(p for p in cl.problems if p.code == "cluster_no_cpas_column")
    assert (p.file, p.sheet, p.row) == ("cluster.xlsx", "bilans", 1)


def test_single_cpas_is_not_a_cluster():
    assert not is_cluster(ROOT / "inputs" / "exempleville-2015")
    assert TABLE_BY_ID["convention"].columns[0].id == "cpas"  # the single CPAS's convention is unchanged


def test_single_cpas_report_json_unchanged_in_shape(capsys):
    """The single-CPAS sample goes the single way: no cluster keys, problems and warnings keep their
    keys (no ``member``); its figures are asserted to the cent in test_exempleville_2015.py."""
    from activsoc_costs.cli import main
    assert main(["report", str(ROOT / "inputs" / "exempleville-2015"), "--json", "--no-xlsx"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert not {"members", "cluster", "promoter", "distribution"} & set(d)
    assert d["warnings"] and all("member" not in w for w in d["warnings"])
