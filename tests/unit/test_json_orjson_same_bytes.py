"""Issue 10 item 4: ``report --json`` is written by orjson when installed, and its bytes are
exactly those of ``json.dumps(..., ensure_ascii=False, indent=2, default=str)``: on the
shipped sample, on a generated CPAS, and on values chosen to differ (accents, control
characters, dates, empty containers, an int subclass, an integer beyond 64 bits, a
non-string key).  The column-wise money text equals ``money.fmt`` (worked by hand)."""
import datetime as dt
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from activsoc_costs import jsonout, load, report
from activsoc_costs.generate import SIZES, generate_cpas
from activsoc_costs.money import fmt

SAMPLE = Path(__file__).resolve().parents[2] / "inputs" / "exempleville-2015"
S = sys.modules["activsoc_costs.summarise"]  # the package exports the function under the same name


def _stdlib(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str)


def test_orjson_is_installed_as_a_dependency():
    assert jsonout.orjson is not None, "orjson is in the package's dependencies: pip install -e ."


@pytest.mark.parametrize("where", ["sample", "generated"])
def test_report_json_bytes_are_the_standard_librarys(where, tmp_path):
    if where == "sample":
        path = SAMPLE
    else:
        path = tmp_path / "small"
        generate_cpas(path, SIZES["small"], seed=3)
    f = report(load(path))
    d = f.to_dict()
    fast = f.to_json()
    assert fast == _stdlib(d) == jsonout.dumps(d, use_orjson=False)
    assert fast.encode("utf-8") == jsonout.dumps(d).encode("utf-8")
    assert len(d["lines"]) > 10 and '"basis": {' in fast


def test_values_where_the_two_writers_could_differ():
    class Eur(int):
        pass
    obj = {"é": "CPAS de Liège – « ok »", "ctl": "a\x01b\tc\nd\"e\\f\x7f\u2028", "date": dt.date(2015, 7, 1),
           "when": dt.datetime(2015, 7, 1, 8, 30), "empty": [], "nothing": {}, "eur": Eur(123456),
           "nested": [{"a": None, "b": True, "c": -0}], "big": 2 ** 70}
    assert jsonout.dumps(obj) == _stdlib(obj)          # the big int: orjson refuses, json writes it
    assert jsonout.dumps({1: "x"}) == _stdlib({1: "x"}) == '{\n  "1": "x"\n}'  # a non-string key: json's way
    small = {k: v for k, v in obj.items() if k != "big"}
    assert jsonout.dumps(small) == _stdlib(small)      # through orjson itself
    assert '"date": "2015-07-01"' in jsonout.dumps(small) and '"when": "2015-07-01 08:30:00"' in jsonout.dumps(small)


def test_money_text_of_a_column_is_fmt():
    cents = [0, 5, -5, 99, 100, -100, 123456, -123456, 10 ** 12 + 7]
    # by hand: 0.00, 0.05, -0.05, 0.99, 1.00, -1.00, 1234.56, -1234.56, 10000000000.07
    want = ["0.00", "0.05", "-0.05", "0.99", "1.00", "-1.00", "1234.56", "-1234.56", "10000000000.07"]
    assert S._fmt_column(pd.Series(cents, dtype="int64")) == want == [fmt(c) for c in cents]
