"""``frames.column`` gives what ``frame[name].to_numpy(...)`` gives (values, dtype, read-only
flag) for every kind of column the loader makes, with and without missing cells."""
import numpy as np
import pandas as pd
import pytest

from activsoc_costs.frames import column
from activsoc_costs.parse import _frame


def _frames():
    n = 7
    ints = np.arange(n, dtype=np.int64)
    mask = np.array([False, True, False, False, True, False, False])
    dates = np.array(["2015-01-01", "NaT", "2015-03-04", "2015-12-31", "NaT", "2014-02-28", "2016-01-01"],
                     dtype="datetime64[s]")
    objs = np.array(["a", None, "b", "a", None, "c", "é"], dtype=object)
    cols = {"src_file": "x.csv", "i": ints, "m": pd.arrays.IntegerArray(ints * 100, mask),
            "full": pd.arrays.IntegerArray(ints, np.zeros(n, dtype=bool)), "d": dates, "o": objs,
            "none": None, "f": np.linspace(0, 1, n), "b": ints % 2 == 0}
    yield _frame(dict(cols), pd.Index(np.arange(2, 2 + n)))  # as the loader makes them
    yield pd.DataFrame({k: v for k, v in cols.items() if v is not None}, index=np.arange(n))  # as pandas makes them
    yield pd.DataFrame({k: v for k, v in cols.items() if v is not None}).iloc[2:5]  # a slice
    yield pd.DataFrame({k: v for k, v in cols.items() if v is not None})[lambda f: f["i"] % 2 == 1]


CALLS = [dict(), dict(dtype=object), dict(dtype="int64", na_value=-1), dict(dtype="float64", na_value=np.nan),
         dict(dtype="datetime64[D]"), dict(na_value=0)]


@pytest.mark.parametrize("kw", CALLS, ids=lambda kw: ",".join(f"{k}={v}" for k, v in kw.items()) or "plain")
def test_column_is_to_numpy(kw):
    tried = 0
    for frame in _frames():
        for name in frame.columns:
            try:
                want = frame[name].to_numpy(**kw)
            except (TypeError, ValueError):
                with pytest.raises((TypeError, ValueError)):
                    column(frame, name, **kw)
                continue
            got = column(frame, name, **kw)
            tried += 1
            assert got.dtype == want.dtype, (name, kw)
            assert got.shape == want.shape
            assert got.flags.writeable == want.flags.writeable, (name, kw)
            assert pd.isna(got).tolist() == pd.isna(want).tolist()
            keep = ~pd.isna(want)
            assert got[keep].tolist() == want[keep].tolist(), (name, kw)
    assert tried > 20


def test_duplicate_labels_take_the_public_way():
    frame = pd.DataFrame([[1, 2, 3]], columns=["a", "a", "b"])
    assert column(frame, "b").tolist() == [3]
    assert column(frame, "a").tolist() == frame["a"].to_numpy().tolist() == [[1, 2]]  # as pandas: both columns


def test_a_view_cannot_change_the_frame():
    frame = pd.DataFrame({"a": np.arange(3)})
    got = column(frame, "a")
    with pytest.raises(ValueError):
        got[0] = 9
    assert frame["a"].tolist() == [0, 1, 2]

