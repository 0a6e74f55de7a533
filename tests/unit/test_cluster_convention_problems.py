"""A cluster's convention and folders: each mistake refused with its place, in French and
Dutch, never a traceback (issue 11 item 1; cluster_format.md).  Each test copies the
shipped cluster and changes one thing."""
import shutil

import pytest

from activsoc_costs.cli import main
from activsoc_costs.cluster import cluster_report, load_cluster
from helpers import ROOT, cents

CLUSTER = ROOT / "inputs" / "cluster-exempleville-2015"
HEAD = ("cluster;rôle;CPAS;année;date de signature;montant octroyé;avance reçue;objectif 1 bilans sociaux;"
        "objectif 2.1;objectif 2.2;objectif 2.3;clé de répartition %")
PROMOTER = "Cluster des Trois Rivières;{role};CPAS d'Amont;2015;15/09/2015;60.000,00;30.000,00;20;3;8;3;{key}"
MEMBER = "Cluster des Trois Rivières;{role};{cpas};;;{granted};;;;;;{key}"


def copy(tmp_path, promoter=None, val=None, aval=None, keys=("", "", "")):
    out = tmp_path / "cl"
    shutil.copytree(CLUSTER, out)
    lines = [HEAD,
             promoter or PROMOTER.format(role="promoteur", key=keys[0]),
             val or MEMBER.format(role="membre", cpas="CPAS de Val", granted="", key=keys[1]),
             aval or MEMBER.format(role="membre", cpas="CPAS d'Aval", granted="", key=keys[2])]
    (out / "convention.csv").write_text("\n".join(x for x in lines if x != "-") + "\n", encoding="utf-8-sig")
    return out


def problems(path, code):
    cl = load_cluster(path)
    got = [p for p in cl.problems if p.code == code]
    assert got, [p.line() for p in cl.problems]
    for p in got:
        assert p.message_fr and p.message_nl and p.message_fr != p.message_nl
    return got


def test_the_copy_itself_is_accepted(tmp_path):
    assert load_cluster(copy(tmp_path)).problems == []


def test_no_promoter(tmp_path):
    p = problems(copy(tmp_path, promoter=PROMOTER.format(role="membre", key="")), "cluster_no_promoter")[0]
    assert (p.file, p.column) == ("convention.csv", "rôle")


def test_two_promoters(tmp_path):
    path = copy(tmp_path, val=MEMBER.format(role="promoteur", cpas="CPAS de Val", granted="", key=""))
    p = problems(path, "cluster_two_promoters")[0]
    assert (p.file, p.row, p.column) == ("convention.csv", 3, "rôle")
    assert "CPAS d'Amont" in p.value and "CPAS de Val" in p.value


def test_fewer_than_three_members(tmp_path):
    path = copy(tmp_path, aval="-")
    shutil.rmtree(path / "CPAS d'Aval")
    p = problems(path, "cluster_too_few")[0]
    assert p.file == "convention.csv" and "2" in p.message_fr and "trois" in p.message_fr and "drie" in p.message_nl


def test_member_with_a_different_cluster_wide_field(tmp_path):
    path = copy(tmp_path, val=MEMBER.format(role="membre", cpas="CPAS de Val", granted="50.000,00", key=""))
    p = problems(path, "cluster_field_differs")[0]
    assert (p.file, p.row, p.column, p.value) == ("convention.csv", 3, "montant octroyé", "50000.00")
    assert "60000.00" in p.message_fr


def test_member_repeating_the_promoters_value_is_fine(tmp_path):
    path = copy(tmp_path, val=MEMBER.format(role="membre", cpas="CPAS de Val", granted="60.000,00", key=""))
    assert load_cluster(path).problems == []


def test_keys_not_adding_to_100(tmp_path):
    p = problems(copy(tmp_path, keys=("50", "30", "10")), "cluster_key_not_100")[0]
    assert (p.file, p.column, p.value) == ("convention.csv", "clé de répartition %", "90")


def test_key_on_some_rows_only(tmp_path):
    p = problems(copy(tmp_path, keys=("50", "50", "")), "cluster_key_incomplete")[0]
    assert (p.row, p.value) == (4, "CPAS d'Aval")


def test_agreed_key_distributes_by_it(tmp_path):
    """Key 50 / 30 / 20: 60 000.00 -> 30 000.00, 18 000.00, 12 000.00; the advance 30 000.00 ->
    15 000.00, 9 000.00, 6 000.00 (exact, no remainder)."""
    cf = cluster_report(load_cluster(copy(tmp_path, keys=("50", "30", "20"))))
    assert cf.method == "agreed_key"
    assert [m.distributed for m in cf.members] == [cents("30 000.00"), cents("18 000.00"), cents("12 000.00")]
    assert [m.advance_share for m in cf.members] == [cents("15 000.00"), cents("9 000.00"), cents("6 000.00")]


def test_agreed_key_with_decimals(tmp_path):
    """Key 33,33 / 33,33 / 33,34: 6 000 000 × 0.3333 = 1 999 800 cents, × 0.3334 = 2 000 400 (exact)."""
    cf = cluster_report(load_cluster(copy(tmp_path, keys=("33,33", "33,33", "33,34"))))
    assert [m.distributed for m in cf.members] == [1_999_800, 1_999_800, 2_000_400]


def test_sub_folder_naming_no_member(tmp_path):
    path = copy(tmp_path)
    shutil.copytree(path / "CPAS de Val", path / "CPAS de Mont")
    p = problems(path, "cluster_unknown_member")[0]
    assert (p.file, p.value) == ("CPAS de Mont", "CPAS de Mont")
    assert "CPAS de Val" in p.message_fr


def test_sub_folder_matches_without_case_or_accents(tmp_path):
    path = copy(tmp_path)
    (path / "CPAS de Val").rename(path / "cpas DE val")
    assert load_cluster(path).problems == []


def test_member_without_data(tmp_path):
    path = copy(tmp_path)
    shutil.rmtree(path / "CPAS d'Aval")
    p = problems(path, "cluster_member_no_data")[0]
    assert (p.file, p.row, p.value) == ("convention.csv", 4, "CPAS d'Aval")


def test_member_data_problem_names_the_member(tmp_path):
    path = copy(tmp_path)
    f = path / "CPAS de Val" / "personnel.csv"
    f.write_text(f.read_text(encoding="utf-8-sig").replace("36.000,00", "trente"), encoding="utf-8-sig")
    p = problems(path, "not_number")[0]
    assert (p.member, p.file, p.row, p.column, p.value) == ("CPAS de Val", "CPAS de Val/personnel.csv", 3,
                                                            "coût employeur", "trente")
    assert p.to_dict()["member"] == "CPAS de Val"


def test_ids_unique_per_member_not_across(tmp_path):
    """S1 in every member is fine; S1 twice in Val is refused naming Val."""
    path = copy(tmp_path)
    assert load_cluster(path).problems == []
    f = path / "CPAS de Val" / "personnel.csv"
    f.write_text(f.read_text(encoding="utf-8-sig").replace("S2;assistant", "S1;assistant"), encoding="utf-8-sig")
    p = problems(path, "duplicate_id")[0]
    assert (p.member, p.file, p.row) == ("CPAS de Val", "CPAS de Val/personnel.csv", 3)


def test_a_table_at_the_top_of_the_cluster_folder(tmp_path):
    path = copy(tmp_path)
    shutil.copy(path / "CPAS de Val" / "piis.csv", path / "piis.csv")
    p = problems(path, "cluster_table_at_top")[0]
    assert p.file == "piis.csv"


def test_a_convention_inside_a_member_folder(tmp_path):
    path = copy(tmp_path)
    shutil.copy(path / "convention.csv", path / "CPAS de Val" / "convention.csv")
    p = problems(path, "cluster_member_convention")[0]
    assert (p.member, p.file) == ("CPAS de Val", "CPAS de Val/convention.csv")


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_command_line_refuses_with_the_place(tmp_path, capsys, lang):
    path = copy(tmp_path, keys=("50", "30", "10"))
    assert main(["report", str(path), "--no-xlsx", "--lang", lang]) == 1
    err = capsys.readouterr().err
    assert "convention.csv" in err and ("90 %" in err)


def test_promoter_without_a_year(tmp_path):
    path = copy(tmp_path, promoter=PROMOTER.replace(";2015;", ";;").format(role="promoteur", key=""))
    p = problems(path, "required")[0]
    assert (p.file, p.row, p.column) == ("convention.csv", 2, "année")


@pytest.mark.parametrize("line", [
    "Cluster des Trois Rivières;chef;CPAS d'Amont;2015;15/09/2015;60.000,00;30.000,00;20;3;8;3;",   # unknown role
    "Cluster des Trois Rivières;promoteur;;2015;15/09/2015;60.000,00;30.000,00;20;3;8;3;",          # no CPAS
    "Cluster des Trois Rivières;promoteur;CPAS d'Amont;1999;15/09/2015;60.000,00;30.000,00;20;3;8;3;",  # no parameters
    "Cluster des Trois Rivières;promoteur;CPAS d'Amont;2015;15/09/2015;;;20;3;8;3;",                # no granted amount
    ";;CPAS d'Amont;2015;15/09/2015;60.000,00;30.000,00;20;3;8;3;x",                                 # no cluster, no role
])
def test_broken_promoter_rows_are_problems_never_a_crash(tmp_path, capsys, line):
    path = copy(tmp_path, promoter=line)
    assert load_cluster(path).problems
    assert main(["report", str(path), "--no-xlsx"]) == 1
