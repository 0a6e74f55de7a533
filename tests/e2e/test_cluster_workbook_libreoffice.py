"""The cluster workbook recalculated by LibreOffice (issue 11 item 3) agrees with the cluster's
``report --json`` to the cent: money (R2), each member's claimed, distributed, advance share and
balance, its costs by fate on its own sheet, R15 counts and R23 results, EVERY line's amount and
four fates (per member, from the live formulas of the member's Personnel / Fonctionnement sheets),
and every check cell is 0.  The shipped cluster in French and Dutch, and a generated cluster of four
members with payroll months and attendance (``generate --size cluster``), in one LibreOffice run."""
import contextlib
import io
import json
import re

import openpyxl
import pytest

from activsoc_costs import _libreoffice as lo
from activsoc_costs.cli import main
from helpers import ROOT, cents

pytestmark = pytest.mark.usefixtures("needs_soffice")  # a FAILURE under CI=true when LibreOffice is missing
CLUSTER = ROOT / "inputs" / "cluster-exempleville-2015"
FATES = ("amount", "claimed", "not_eligible", "excluded", "other_use")
LINES_SHEET = {"fr": "Lignes", "nl": "Lijnen"}


def eur_equals(value, expected_cents: int) -> bool:
    return isinstance(value, (int, float)) and abs(value * 100 - expected_cents) < 1e-4


def named(wb, name):
    dn = wb.defined_names[name]
    sheet, ref = next(iter(dn.destinations))
    return wb[sheet][ref.replace("$", "")].value


def _report(path, out):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["report", str(path), "--json", "--lang", "all", "--out", str(out)]) == 0
    return json.loads(buf.getvalue())


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("cluster-out")
    data = _report(CLUSTER, out / "shipped")
    written = sorted((out / "shipped").glob("*-cluster-*.xlsx"))
    assert [p.name for p in written] == ["cluster-des-trois-rivieres-2015-cluster-fr.xlsx",
                                         "cluster-des-trois-rivieres-2015-cluster-nl.xlsx"]
    gen = out / "generated"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["generate", "--size", "cluster", "--seed", "3", str(gen)]) == 0
    gdata = _report(gen, out / "gen-out")
    gwritten = sorted((out / "gen-out").glob("*-cluster-fr.xlsx"))
    assert len(gwritten) == 1
    recalc = lo.recalculate_many(written + gwritten, out / "recalc")
    raws = [openpyxl.load_workbook(p) for p in written + gwritten]
    calc = [openpyxl.load_workbook(p, data_only=True) for p in recalc]
    return {"fr": (data, raws[0], calc[0]), "nl": (data, raws[1], calc[1]), "gen": (gdata, raws[2], calc[2])}


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_cluster_money_and_checks(run, lang):
    data, raw, wb = run[lang]
    assert str(named(raw, "C_Accepted")).startswith("=MIN(")  # live, not only values
    for name, key in (("C_Granted", "granted"), ("C_Advance", "advance"), ("C_Claimed", "claimed"),
                      ("C_Accepted", "accepted"), ("C_Balance", "balance")):
        assert eur_equals(named(wb, name), cents(data[key])), name
    for name in ("C_Check_Distributed", "C_Check_Advance", "C_Check_Cent", "C_Check_Fates", "C_Check_Lines"):
        assert named(wb, name) == 0, name


def _line_rows(raw, wb, lang):
    """(member, id, values of amount + 4 fates, formulas of those cells, program check) per Lines row."""
    name = LINES_SHEET[lang]
    got = []
    for rrow, vrow in zip(raw[name].iter_rows(min_row=3, max_col=11), wb[name].iter_rows(min_row=3, max_col=11)):
        if rrow[0].value is None:
            break
        got.append((vrow[0].value, vrow[1].value, [c.value for c in vrow[3:8]], [c.value for c in rrow[3:8]],
                    vrow[8].value, vrow[10].value))
    return got


@pytest.mark.parametrize("case", ["fr", "nl", "gen"])
def test_every_line_of_every_member(run, case):
    """Each line of the Lines sheet, in the JSON's order: its member, id, amount and four fates
    recalculated from the member's detail sheet equal ``report --json``'s line to the cent; the
    cells are references to the detail sheet's formula cells (not values), its checks are 0."""
    data, raw, wb = run[case]
    lang = "nl" if case == "nl" else "fr"
    rows = _line_rows(raw, wb, lang)
    assert len(rows) == len(data["lines"]) > 0
    for (member, lid, values, formulas, fates_check, prog_check), line in zip(rows, data["lines"]):
        assert (member, str(lid)) == (line["member"], line["id"])
        for v, fate in zip(values, FATES):
            assert eur_equals(v, cents(line[fate])), (member, lid, fate, v, line[fate])
        assert fates_check == 0 and prog_check == 0, (member, lid)
        for fx, fate in zip(formulas, FATES):
            m = re.fullmatch(r"='([^']+)'!([A-Z]+)(\d+)", str(fx))
            assert m, (member, lid, fate, fx)
            sheet = raw[m.group(1)]  # the member's own detail sheet
            assert m.group(1).startswith(member.replace("'", "’")[:10])
            target = sheet[f"{m.group(2)}{m.group(3)}"].value
            assert sheet[f"A{m.group(3)}"].value == lid  # the same line on the detail sheet
            if fate != "amount":  # every fate is the rules' formula there
                assert str(target).startswith("="), (member, lid, fate, target)


@pytest.mark.parametrize("case", ["fr", "nl", "gen"])
def test_each_member(run, case):
    data, _raw, wb = run[case]
    assert len(data["members"]) == (4 if case == "gen" else 3)
    for k, m in enumerate(data["members"], start=1):
        assert eur_equals(named(wb, f"M{k}_Distributed"), cents(m["distributed"]))
        assert eur_equals(named(wb, f"M{k}_Advance"), cents(m["advance_share"]))
        assert named(wb, f"M{k}_Check_Lines") == 0
        ws = wb.worksheets[k]  # the member's own summary sheet
        assert m["cpas"] in ws["A1"].value
        for c, fate in enumerate(FATES, start=2):
            assert eur_equals(ws.cell(5, c).value, cents(m["personnel"][fate])), (m["cpas"], fate)
            assert eur_equals(ws.cell(6, c).value, cents(m["operating"][fate])), (m["cpas"], fate)
        assert eur_equals(ws["B9"].value, cents(m["claimed"]))
        assert eur_equals(ws["B10"].value, cents(m["distributed"]))
        assert eur_equals(ws["B12"].value, cents(m["balance"]))
        assert [ws.cell(15 + j, 2).value for j in range(5)] == [m["counts"][x] for x in ("bilans", "piis", "2.1", "2.2", "2.3")]
    # the members' claimed costs add up to the cluster's, on the Cluster sheet as in the JSON
    assert sum(cents(m["claimed"]) for m in data["members"]) == cents(data["claimed"])
    assert eur_equals(named(wb, "C_Claimed"), cents(data["claimed"]))


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_counts_and_results(run, lang):
    data, _raw, wb = run[lang]
    for k in ("bilans", "piis", "2.1", "2.2", "2.3"):
        assert named(wb, f"C_Count_{k.replace('.', '_')}") == data["counts"][k], k
    for o in ("socio_professional", "autonomy", "volunteering", "job", "left_with_reason", "ongoing"):
        assert named(wb, f"C_Result_{o}") == data["results"][o], o
