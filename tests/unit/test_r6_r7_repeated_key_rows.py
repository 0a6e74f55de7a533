"""R6/R7 keys: a time or caseload record identical to an earlier one (a row pasted twice, or two genuine
blocks of the same activity on one day) counts, and a warning names its rows so that the officer can
check: the share never changes without a reason the officer can read (issue 9, no silent money)."""
import shutil

from activsoc_costs import load
from activsoc_costs.pipeline import report
from helpers import SAMPLE


def test_time_record_pasted_twice_counts_and_is_named(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(SAMPLE, folder)
    with open(folder / "temps.csv", "ab") as f:
        f.write("S1;31/03/2015;activation sociale;100\r\n".encode("utf-8"))
    inputs = load(folder)
    assert inputs.problems == []
    w = [x for x in inputs.warnings if x.code == "w_repeated_rows"]
    assert [(x.file, x.row) for x in w] == [("temps.csv", 22)]
    assert "22" in w[0].message_fr and "22" in w[0].message_nl
    # S1: 500 h of social activation of 1 620 h worked: 52 000.00 x 500 / 1 620 = 16 049.382... -> 16 049.38
    line = report(inputs).allocation.lines.set_index("id").loc["S1"]
    assert int(line.claimed) == 1604938


def test_the_sample_has_no_repeated_key_rows():
    assert [x for x in load(SAMPLE).warnings if x.code == "w_repeated_rows"] == []
