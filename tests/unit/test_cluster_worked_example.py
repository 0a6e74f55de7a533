"""The shipped cluster (``inputs/cluster-exempleville-2015/``) equals the worked example
``docs/examples/cluster-2015.md`` to the cent (issue 11).  Every expected figure below is
copied from that document, where it was worked out by hand from the rules; none is the
code's own output."""
import json
from decimal import Decimal

import pytest

from activsoc_costs.cluster import cluster_report, load_cluster
from activsoc_costs.cli import main
from activsoc_costs.load import load
from activsoc_costs.trajectories import count_trajectories
from helpers import ROOT, cents

CLUSTER = ROOT / "inputs" / "cluster-exempleville-2015"
AMONT, VAL, AVAL = "CPAS d'Amont", "CPAS de Val", "CPAS d'Aval"


@pytest.fixture(scope="module")
def cf():
    cl = load_cluster(CLUSTER)
    assert cl.problems == []
    return cluster_report(cl)


@pytest.fixture(scope="module")
def js(cf):
    return json.loads(cf.to_json())


def member(js, name):
    return next(m for m in js["members"] if m["cpas"] == name)


# member: line id: (cost, claimed, not eligible, excluded, other use) -- the doc's three line tables
LINES = {
    AMONT: {"S1": ("45 600.00", "11 400.00", "0", "0", "34 200.00"),   # R6: 380 h of 1 520 h = 25 %
            "S2": ("30 000.00", "3 000.00", "0", "0", "27 000.00"),    # R9: fixed 10 %, justified
            "O1": ("1 200.00", "1 200.00", "0", "0", "0"),             # R12 FLE
            "O2": ("800.00", "0", "800.00", "0", "0"),                 # R13 professional activation
            "O3": ("300.00", "300.00", "0", "0", "0")},                # R11: 300 h × € 1.00
    VAL: {"S1": ("20 000.00", "20 000.00", "0", "0", "0"),             # R8 direct, teacher
          "S2": ("36 000.00", "9 000.00", "0", "0", "27 000.00"),      # R7: 10 of 40 files
          "O1": ("2 500.00", "2 500.00", "0", "0", "0"),               # R14 partnership
          "O2": ("400.00", "0", "0", "400.00", "0")},                  # R1 before the period
    AVAL: {"S1": ("55 000.00", "11 000.00", "0", "0", "44 000.00"),    # R6: 312 h of 1 560 h = 20 %
           "O1": ("3 000.00", "3 000.00", "0", "0", "0"),              # R14 subcontracting with a reference
           "O2": ("600.00", "0", "0", "600.00", "0")},                 # R10 100 % PAS
}
# member: (cost, claimed, not eligible, excluded, other use) -- the doc's "total" rows
TOTALS = {AMONT: ("77 900.00", "15 900.00", "800.00", "0.00", "61 200.00"),
          VAL: ("58 900.00", "31 500.00", "0.00", "400.00", "27 000.00"),
          AVAL: ("58 600.00", "14 000.00", "0.00", "600.00", "44 000.00")}
FATES = ("amount", "claimed", "not_eligible", "excluded", "other_use")


@pytest.mark.parametrize("name,lid", [(m, lid) for m in LINES for lid in LINES[m]])
def test_member_line(js, name, lid):
    line = next(x for x in js["lines"] if x["member"] == name and x["id"] == lid)
    for fate, want in zip(FATES, LINES[name][lid]):
        assert cents(line[fate]) == cents(want), (name, lid, fate)
    own = next(x for x in member(js, name)["lines"] if x["id"] == lid)  # the member's own JSON says the same
    assert {f: own[f] for f in FATES} == {f: line[f] for f in FATES}


@pytest.mark.parametrize("name", TOTALS)
def test_member_totals(js, name):
    m = member(js, name)
    got = [cents(m["personnel"][f]) + cents(m["operating"][f]) for f in FATES]
    assert got == [cents(x) for x in TOTALS[name]]
    assert cents(m["claimed"]) == cents(TOTALS[name][1])


def test_cluster_money(js):
    assert js["cpas"] == js["cluster"] == "Cluster des Trois Rivières"
    assert js["promoter"] == AMONT and js["year"] == 2015
    assert js["period"] == ["2015-01-01", "2015-12-31"]
    assert cents(js["granted"]) == cents("60 000.00") and cents(js["advance"]) == cents("30 000.00")
    total = sum(cents(js[k][f]) for k in ("personnel", "operating") for f in ("amount",))
    assert total == cents("195 400.00")
    # 195 400.00 = 61 400.00 claimed + 800.00 not eligible + 1 000.00 excluded + 132 200.00 other use
    for f, want in zip(FATES[1:], ("61 400.00", "800.00", "1 000.00", "132 200.00")):
        assert cents(js["personnel"][f]) + cents(js["operating"][f]) == cents(want), f
    assert cents(js["personnel_claimed"]) == cents("54 400.00")
    assert cents(js["operating_claimed"]) == cents("7 000.00")
    assert cents(js["claimed"]) == cents("61 400.00")
    assert cents(js["accepted"]) == cents("60 000.00")      # R2: capped at the grant
    assert cents(js["balance"]) == cents("30 000.00")       # accepted − advance
    assert js["use_of_grant"] == "100.00"


# the distribution table: 6 000 000 cents × claimed / 6 140 000, largest remainder
DISTRIBUTED = {AMONT: "15 537.46", VAL: "30 781.76", AVAL: "13 680.78"}
ADVANCE = {AMONT: "7 768.73", VAL: "15 390.88", AVAL: "6 840.39"}


@pytest.mark.parametrize("name", DISTRIBUTED)
def test_distribution(js, name):
    m = member(js, name)
    assert m["distributed"] == f"{Decimal(DISTRIBUTED[name].replace(' ', '')):.2f}"
    assert cents(m["advance_share"]) == cents(ADVANCE[name])
    # balance = distributed − advance share: 7 768.73, 15 390.88, 6 840.39
    assert cents(m["balance"]) == cents(DISTRIBUTED[name]) - cents(ADVANCE[name]) == cents(ADVANCE[name])
    assert cents(m["accepted"]) == cents(DISTRIBUTED[name]) and cents(m["advance"]) == cents(ADVANCE[name])


def test_distribution_totals(js):
    assert js["distribution"]["method"] == "pro_rata_claimed"
    assert sum(cents(m["distributed"]) for m in js["members"]) == cents("60 000.00")
    assert sum(cents(m["advance_share"]) for m in js["members"]) == cents("30 000.00")
    assert sum(cents(m["balance"]) for m in js["members"]) == cents("30 000.00")
    assert [m["role"] for m in js["members"]] == ["promoter", "member", "member"]


# member, PIIS: (counted, rule) -- the trajectories table
TRAJ = {(AMONT, "P01"): (True, ""), (AMONT, "P02"): (True, ""), (VAL, "P01"): (True, ""),
        (VAL, "P02"): (False, "R17"), (AVAL, "P01"): (True, ""), (AVAL, "P02"): (False, "R20")}


@pytest.mark.parametrize("key", TRAJ)
def test_trajectories(js, key):
    t = next(x for x in js["trajectories"] if (x["member"], x["id"]) == key)
    assert (t["counted"], t["rule"]) == TRAJ[key]
    if key == (VAL, "P02"):
        assert AMONT in t["reason"] and "P01" in t["reason"] and t["status"] == "not_counted"


def test_r17_across_the_cluster_warning(js):
    w = [x for x in js["warnings"] if x["code"] == "w_r17_cluster"]
    assert len(w) == 1
    w = w[0]
    assert (w["member"], w["file"], w["row"], w["value"], w["rule"]) == (VAL, "CPAS de Val/piis.csv", 3, "P02", "R17")
    assert AMONT in w["message_fr"] and VAL in w["message_fr"] and "P01" in w["message_fr"]
    assert AMONT in w["message_nl"] and VAL in w["message_nl"]
    assert "X01" not in json.dumps(js)  # pseudonymised, never the register's value


def test_val_alone_counts_two(cf):
    """Taken alone, Val would count 2 PIIS (P02 too); in the cluster it counts 1."""
    val = next(m for m in cf.cluster.members if m.cpas == VAL).inputs
    alone, _w = count_trajectories(val)
    assert int(alone["counted"].sum()) == 2
    assert next(m for m in cf.members if m.member.cpas == VAL).figures.counts["piis"] == 1


# line: (objective, cluster, Amont, Val, Aval) -- the bilans/PIIS table
COUNTS = {"bilans": (20, 8, 3, 2, 3), "piis": (14, 4, 2, 1, 1), "2.1": (3, 1, 1, 0, 0), "2.2": (8, 2, 1, 1, 0),
          "2.3": (3, 1, 0, 0, 1)}


@pytest.mark.parametrize("line", COUNTS)
def test_counts(js, line):
    obj, total, *per = COUNTS[line]
    assert js["objectives"][line] == obj
    assert js["counts"][line] == total
    assert [member(js, m)["counts"][line] for m in (AMONT, VAL, AVAL)] == per


def test_r23_results(js):
    r = js["results"]
    assert (r["socio_professional"], r["autonomy"], r["volunteering"], r["job"]) == (1, 1, 1, 1)
    assert (r["left_with_reason"], r["ongoing"]) == (0, 0)


def test_r2_above_grant_warned_once_for_the_cluster(js):
    w = [x for x in js["warnings"] if x["code"] == "w_r2_above_granted"]
    assert len(w) == 1 and "1\u202f400,00" in w[0]["message_fr"]  # € 1 400.00 above the grant
    assert not [x for m in js["members"] for x in m["warnings"] if x["code"] in ("w_underuse", "w_r2_above_granted")]


def test_cli_json_on_a_cluster(capsys):
    assert main(["report", str(CLUSTER), "--json", "--no-xlsx"]) == 0
    d = json.loads(capsys.readouterr().out)
    single = {"program", "cpas", "year", "period", "granted", "advance", "personnel_claimed", "operating_claimed",
              "claimed", "accepted", "balance", "use_of_grant", "personnel", "operating", "counts", "objectives",
              "results", "lines", "trajectories", "refunds", "problems", "warnings"}
    assert single <= set(d) and "members" in d
    assert [m["distributed"] for m in d["members"]] == ["15537.46", "30781.76", "13680.78"]
    for m in d["members"]:
        assert single <= set(m) and {"cpas", "distributed", "advance_share", "balance"} <= set(m)


@pytest.mark.parametrize("lang,words", [("fr", ("Répartition", "15\u202f537,46")), ("nl", ("Verdeling", "15.537,46"))])
def test_cli_console_on_a_cluster(capsys, lang, words):
    assert main(["report", str(CLUSTER), "--no-xlsx", "--lang", lang]) == 0
    out = capsys.readouterr().out
    for w in words + (AMONT, VAL, AVAL):
        assert w in out


def test_each_member_loaded_like_a_single_cpas():
    """Reusing load(): Amont's folder read with the cluster's convention gives its lines alone."""
    cl = load_cluster(CLUSTER)
    amont = next(m for m in cl.members if m.cpas == AMONT)
    assert amont.inputs.convention["cpas"] == AMONT and cents("60 000.00") == amont.inputs.convention["granted"]
    assert not load(CLUSTER / AMONT).ok  # alone, without the convention, it is refused (missing convention)


def test_uncounted_piis_funds_no_refund(tmp_path):
    """R11 with R17 across the cluster: Val's P02 (X01, already followed at Amont) is not counted,
    so its attendance funds no refund.  Val gets an attendance list (P01 10 h, P02 20 h, both within
    the PIIS's dates) and a refund line O3 of € 30.00 at € 1.00 per hour: in the cluster only P01's
    10 h are eligible, 10 × 1.00 = € 10.00 claimed, the other € 20.00 not claimed; taken alone (both
    PIIS counted) Val would claim the whole € 30.00."""
    import shutil
    from activsoc_costs.allocate import allocate
    path = tmp_path / "cl"
    shutil.copytree(CLUSTER, path)
    val = path / VAL
    (val / "presences.csv").write_text("id PIIS;date;module;heures\nP01;15/09/2015;vélo;10\nP02;15/09/2015;vélo;20\n",
                                       encoding="utf-8-sig")
    with open(val / "fonctionnement.csv", "a", encoding="utf-8") as f:
        f.write("O3;31/12/2015;défraiement des participants;30,00;défraiement participants;;en propre;;;\n")
    cf = cluster_report(load_cluster(path))
    lines = next(m for m in cf.members if m.member.cpas == VAL).figures.allocation.lines
    o3 = lines[lines["id"] == "O3"].iloc[0]
    assert o3["amount"] == 3000 and o3["claimed"] == 1000
    assert o3["not_eligible"] + o3["excluded"] + o3["other_use"] == 2000
    alone_inputs = next(m for m in cf.cluster.members if m.cpas == VAL).inputs
    alone = allocate(alone_inputs, count_trajectories(alone_inputs)[0]).lines
    assert alone[alone["id"] == "O3"].iloc[0]["claimed"] == 3000


def test_r17_tie_goes_to_the_promoter_then_convention_order(tmp_path):
    """Two trajectories of one person starting the same day: the promoter's stays counted, even when
    its row comes last in the convention; between two members, the earlier row.  Here the convention
    lists Val, Aval, then Amont (promoter); X04's PIIS start on 01/04/2015 at Val (P01), at Aval (P01,
    was X06 from 01/05/2015 to 30/04/2016; now to 31/03/2016, one year) and at Amont (P02, was X02, start moved from 01/03 to 01/04): Amont's counts, Val's and
    Aval's do not (R17).  Then without Amont's: Val's counts (row 2), Aval's does not."""
    import shutil
    path = tmp_path / "cl"
    shutil.copytree(CLUSTER, path)
    conv = (path / "convention.csv").read_text(encoding="utf-8-sig").splitlines()
    (path / "convention.csv").write_text("\n".join([conv[0], conv[2], conv[3], conv[1]]) + "\n", encoding="utf-8-sig")
    aval = path / AVAL / "piis.csv"
    aval.write_text(aval.read_text(encoding="utf-8-sig").replace("P01;X06;2.3;01/05/2015;30/04/2016",
                                                                   "P01;X04;2.3;01/04/2015;31/03/2016"),
                    encoding="utf-8-sig")
    amont = path / AMONT / "piis.csv"
    text = amont.read_text(encoding="utf-8-sig")
    amont.write_text(text.replace("P02;X02;2.1;01/03/2015;29/02/2016", "P02;X04;2.1;01/04/2015;31/03/2016"),
                     encoding="utf-8-sig")

    def counted():
        d = json.loads(cluster_report(load_cluster(path)).to_json())
        return {(t["member"], t["id"]): (t["counted"], t["rule"]) for t in d["trajectories"]}

    got = counted()
    assert got[(AMONT, "P02")] == (True, "")
    assert got[(VAL, "P01")] == (False, "R17") and got[(AVAL, "P01")] == (False, "R17")
    amont.write_text(text, encoding="utf-8-sig")  # Amont's P02 back to X02
    got = counted()
    assert got[(VAL, "P01")] == (True, "") and got[(AVAL, "P01")] == (False, "R17")
