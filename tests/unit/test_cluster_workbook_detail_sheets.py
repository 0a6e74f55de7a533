"""The cluster workbook's detail sheets (issue 11 item 3), without LibreOffice: each member has its
own Personnel / Salaires / Fonctionnement sheets written by the single-CPAS writers, named
``<member> <sheet>`` within Excel's 31 characters and unique even when members' names share their
beginning; the names those sheets' formulas use (Pay_Amount, Refund_Rate...) are local to the
member's sheets, so two members never read each other's payroll or refund rate; the Lines sheet
refers to the detail cells.  (Recalculated values: tests/e2e/test_cluster_workbook_libreoffice.py.)"""
import re

import openpyxl
import pytest

from activsoc_costs.cluster import cluster_report, load_cluster
from activsoc_costs.export.cluster import _detail_name, write_cluster_workbook
from helpers import ROOT

CLUSTER = ROOT / "inputs" / "cluster-exempleville-2015"


@pytest.fixture(scope="module")
def cf():
    return cluster_report(load_cluster(CLUSTER))


def test_detail_name_fits_and_is_unique():
    taken = set()
    a = _detail_name("CPAS de la commune de Saint-Rémy-les-Bois", "Fonctionnement", taken)
    b = _detail_name("CPAS de la commune de Saint-Rémy-les-Prés", "Fonctionnement", taken)
    c = _detail_name("CPAS de la commune de Saint-Rémy-les-Champs", "Fonctionnement", taken)
    # 31 - len("Fonctionnement") - 1 = 16 characters of the member's name
    assert a == "CPAS de la commu Fonctionnement" and len(a) == 31
    assert b == "CPAS de la com 2 Fonctionnement" and c == "CPAS de la com 3 Fonctionnement"
    # an apostrophe becomes ’ (no quoting trouble in references), Excel's forbidden characters go
    assert _detail_name("CPAS d'Amont", "Personnel", set()) == "CPAS d’Amont Personnel"
    assert _detail_name("CPAS [A/B]: x?*!", "Lonen", set()) == "CPAS AB x Lonen"


def _sheet_names(lang):
    return {"fr": ("Personnel", "Salaires", "Fonctionnement"), "nl": ("Personeel", "Lonen", "Werking")}[lang]


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_each_member_has_its_detail_sheets_with_local_names(cf, tmp_path, lang):
    path = write_cluster_workbook(cf, tmp_path / f"c-{lang}.xlsx", lang)
    wb = openpyxl.load_workbook(path)
    names = wb.sheetnames
    assert len(names) == len({n.lower() for n in names}) and all(len(n) <= 31 for n in names)
    pers, pay, oper = _sheet_names(lang)
    for k, m in enumerate(cf.members, start=1):
        who = m.member.cpas.replace("'", "’")
        summary = names[k]
        for sheet in (pers, pay, oper):
            assert f"{who} {sheet}" in names
        # the rules' formulas of the single-CPAS sheet, line by line (the first line's claimed cell)
        assert str(wb[f"{who} {pers}"]["Q4"].value).startswith("=")
        assert str(wb[f"{who} {oper}"]["T4"].value).startswith("=")
        # Refund_Rate of this member's Fonctionnement sheet is its own summary's cell (R11)
        rate = wb[f"{who} {oper}"].defined_names["Refund_Rate"]
        assert rate.attr_text == f"'{summary}'!$B$21"
        assert wb[summary]["B21"].value == 1.0  # the convention gives no rate: the year's 1.00 € per hour
        # the payroll names the Personnel formulas use point to this member's Salaires sheet
        assert wb[f"{who} {pers}"].defined_names["Pay_Amount"].attr_text.startswith(f"'{who} {pay}'!")
    # none of them is a workbook-wide name: one member can never read another's
    assert not {"Refund_Rate", "Pay_Amount", "Pay_Line", "Pers_claimed", "Op_claimed"} & set(wb.defined_names)


def test_lines_sheet_refers_to_the_detail_cells(cf, tmp_path):
    wb = openpyxl.load_workbook(write_cluster_workbook(cf, tmp_path / "c.xlsx", "fr"))
    ws = wb["Lignes"]
    rows = [r for r in ws.iter_rows(min_row=3, values_only=True) if r[0]]
    assert len(rows) == sum(len(m.figures.allocation.lines) for m in cf.members) == 12
    for r in rows:
        member, lid = r[0], r[1]
        for fx in r[3:8]:
            m = re.fullmatch(r"='([^']+)'!([A-Z]+)(\d+)", fx)
            assert m and m.group(1).startswith(member.replace("'", "’"))
            assert wb[m.group(1)][f"A{m.group(3)}"].value == lid


def test_members_with_long_names_alike(cf, tmp_path):
    """Members whose names share their first 16 characters still get distinct, valid sheets."""
    before = [m.member.cpas for m in cf.members]
    for i, m in enumerate(cf.members):
        m.member.cpas = f"CPAS de la commune de Saint-Rémy {['Nord', 'Sud', 'Est'][i]}"
    try:
        wb = openpyxl.load_workbook(write_cluster_workbook(cf, tmp_path / "long.xlsx", "fr"))
        names = wb.sheetnames
        assert len(names) == len({n.lower() for n in names}) == 6 + 3 * 3
        assert all(len(n) <= 31 for n in names)
        opers = [n for n in names if n.endswith("Fonctionnement")]
        assert len(opers) == 3 and all(wb[n].defined_names["Refund_Rate"] for n in opers)
    finally:
        for m, name in zip(cf.members, before):
            m.member.cpas = name
