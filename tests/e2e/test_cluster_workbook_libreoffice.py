"""The cluster workbook recalculated by LibreOffice (issue 11 item 3) agrees with the cluster's
``report --json`` to the cent: money (R2), each member's claimed, distributed, advance share and
balance, its costs by fate on its own sheet, R15 counts and R23 results, and every check cell is 0.
French and Dutch in one LibreOffice run."""
import json

import openpyxl
import pytest

from activsoc_costs import _libreoffice as lo
from activsoc_costs.cli import main
from helpers import ROOT, cents

pytestmark = pytest.mark.usefixtures("needs_soffice")  # a FAILURE under CI=true when LibreOffice is missing
CLUSTER = ROOT / "inputs" / "cluster-exempleville-2015"


def eur_equals(value, expected_cents: int) -> bool:
    return isinstance(value, (int, float)) and abs(value * 100 - expected_cents) < 1e-4


def named(wb, name):
    dn = wb.defined_names[name]
    sheet, ref = next(iter(dn.destinations))
    return wb[sheet][ref.replace("$", "")].value


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    out = tmp_path_factory.mktemp("cluster-out")
    import contextlib
    import io
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["report", str(CLUSTER), "--json", "--lang", "all", "--out", str(out)]) == 0
    data = json.loads(buf.getvalue())
    written = sorted(out.glob("*-cluster-*.xlsx"))
    assert [p.name for p in written] == ["cluster-des-trois-rivieres-2015-cluster-fr.xlsx",
                                         "cluster-des-trois-rivieres-2015-cluster-nl.xlsx"]
    # the written workbook holds formulas (live), not only values
    raw = openpyxl.load_workbook(written[0])
    assert str(named(raw, "C_Accepted")).startswith("=MIN(")
    recalc = lo.recalculate_many(written, out / "recalc")
    return data, [openpyxl.load_workbook(p, data_only=True) for p in recalc]


@pytest.mark.parametrize("i", [0, 1], ids=["fr", "nl"])
def test_cluster_money_and_checks(books, i):
    data, wbs = books
    wb = wbs[i]
    for name, key in (("C_Granted", "granted"), ("C_Advance", "advance"), ("C_Claimed", "claimed"),
                      ("C_Accepted", "accepted"), ("C_Balance", "balance")):
        assert eur_equals(named(wb, name), cents(data[key])), name
    for name in ("C_Check_Distributed", "C_Check_Advance", "C_Check_Cent"):
        assert named(wb, name) == 0, name
    assert all(v == 0 for (v,) in wb.worksheets[-2].iter_rows(min_row=3, min_col=9, max_col=9, values_only=True)
               if v is not None)  # every line's amount = sum of its fates


@pytest.mark.parametrize("i", [0, 1], ids=["fr", "nl"])
def test_each_member(books, i):
    data, wbs = books
    wb = wbs[i]
    for k, m in enumerate(data["members"], start=1):
        assert eur_equals(named(wb, f"M{k}_Distributed"), cents(m["distributed"]))
        assert eur_equals(named(wb, f"M{k}_Advance"), cents(m["advance_share"]))
        ws = wb.worksheets[k]  # the member's own summary sheet
        assert m["cpas"] in ws["A1"].value
        for c, fate in enumerate(("amount", "claimed", "not_eligible", "excluded", "other_use"), start=2):
            assert eur_equals(ws.cell(5, c).value, cents(m["personnel"][fate])), (m["cpas"], fate)
            assert eur_equals(ws.cell(6, c).value, cents(m["operating"][fate])), (m["cpas"], fate)
        assert eur_equals(ws["B9"].value, cents(m["claimed"]))
        assert eur_equals(ws["B10"].value, cents(m["distributed"]))
        assert eur_equals(ws["B12"].value, cents(m["balance"]))
        assert [ws.cell(15 + j, 2).value for j in range(5)] == [m["counts"][x] for x in ("bilans", "piis", "2.1", "2.2", "2.3")]


@pytest.mark.parametrize("i", [0, 1], ids=["fr", "nl"])
def test_counts_and_results(books, i):
    data, wbs = books
    wb = wbs[i]
    for k in ("bilans", "piis", "2.1", "2.2", "2.3"):
        assert named(wb, f"C_Count_{k.replace('.', '_')}") == data["counts"][k], k
    for o in ("socio_professional", "autonomy", "volunteering", "job", "left_with_reason", "ongoing"):
        assert named(wb, f"C_Result_{o}") == data["results"][o], o
