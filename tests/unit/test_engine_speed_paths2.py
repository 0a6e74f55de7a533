"""Speed paths of the engine (second part) give what the plain pandas expressions give.

* ``keydata.cells`` is ``frame[name].tolist()`` (same values, same types) on every kind of
  column, blanks included; ``_text_index`` is ``pd.Index`` of texts; ``_frame`` is the frame
  of a dict; an empty ``aggregate_files`` is a fresh ``pd.DataFrame(columns=...)``.
* ``aggregate_hours``' frame made with its zero activities is the frame pandas made (sums,
  then a column per missing activity).
"""
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from activsoc_costs import keydata as K


def _same_value(a, b) -> bool:
    """The same Python value and type (NaN, NaT and NA as themselves)."""
    if type(a) is not type(b):
        return False
    return a is b or a == b or (a != a and b != b)


def _odd_frame() -> pd.DataFrame:
    """One column of each kind the loader and the what-if make, blanks in each."""
    return pd.DataFrame({
        "o": pd.Series(["a", None, np.nan, pd.NA, 1, dt.date(2015, 1, 2)], dtype=object),
        "s": pd.array(["a", None, "", "é", "b", None], dtype="str"),
        "S": pd.array(["a", None, "", "é", "b", None], dtype="string"),
        "I": pd.array([1, None, 3, -4, 0, 2 ** 40], dtype="Int64"),
        "i": np.array([1, 2, 3, -4, 0, 2 ** 62], dtype=np.int64),
        "f": [1.5, np.nan, 2.0, -0.0, 1e300, 3.0],
        "b": [True, False, True, True, False, False],
        "B": pd.array([True, None, False, True, None, False], dtype="boolean"),
        "d": pd.to_datetime(["2015-01-01", None, "2015-03-01", "1000-01-02", "2015-12-31 10:00", None],
                            format="mixed").astype("datetime64[s]"),
        "n": pd.to_datetime(["2015-01-01", None, "2015-03-01", "2015-01-02", "2015-12-31 10:00", None], format="mixed"),
        "z": pd.to_datetime(["2015-01-01", None, "2015-03-01", "2015-01-02", "2015-12-31", None]).tz_localize("UTC"),
        "c": pd.Categorical(["x", None, "y", "x", "y", "x"]),
    }, index=[7, 3, 9, 1, 0, 5])


def test_cells_are_the_series_tolist():
    f = _odd_frame()
    for frame in (f, f.iloc[:1], f.iloc[:0], f.iloc[::-2]):
        for c in frame.columns:
            got, want = K.cells(frame, c), frame[c].tolist()
            assert len(got) == len(want) and all(_same_value(g, w) for g, w in zip(got, want)), (c, got, want)
    dup = pd.DataFrame([[1, "a", 2]], columns=["x", "y", "x"])  # a repeated name elsewhere: the Series
    assert K.cells(dup, "y") == ["a"]
    with pytest.raises(KeyError):
        K.cells(f, "nope")


@pytest.mark.parametrize("texts", [[], ["a"], ["S1", "S10", "S2"], ["", " ", "É1", "😀", "z"],
                                   ["social_activation", "social_work", "professional_activation", "other"]])
def test_text_index_is_the_index_pandas_infers(texts):
    arr = np.array(texts, dtype=object)
    for name in (None, "staff_id"):
        got, want = K._text_index(arr, name), pd.Index(arr, name=name)
        pd.testing.assert_index_equal(got, want, exact=True)
        assert got.dtype == want.dtype and got.name == want.name


def test_frame_of_arrays_is_the_frame_of_a_dict():
    for n in (0, 1, 3):
        index = pd.Index(np.array([f"S{i}" for i in range(n)], dtype=object), name="staff_id")
        arrays = [pd.array(list(range(n)), dtype="Int64"), pd.array([None] * n, dtype="Int64")]
        columns = pd.Index(np.array(["piis_files", "all_files"], dtype=object))
        want = pd.DataFrame(dict(zip(columns, [a.copy() for a in arrays])), index=index)
        got = K._frame(arrays, columns, index)
        pd.testing.assert_frame_equal(got, want, check_exact=True, check_index_type=True, check_column_type=True)
        assert list(got.dtypes) == list(want.dtypes) and got.columns.dtype == want.columns.dtype


def test_empty_files_are_a_fresh_frame_each_time():
    want = pd.DataFrame(columns=["piis_files", "all_files"])
    empty = pd.DataFrame({"staff_id": pd.Series([], dtype=object), "piis_files": pd.array([], dtype="Int64"),
                          "all_files": pd.array([], dtype="Int64")})
    first = K.aggregate_files(empty)
    pd.testing.assert_frame_equal(first, want, check_index_type=True, check_column_type=True)
    assert first.index.dtype == want.index.dtype and first.columns.dtype == want.columns.dtype
    first["x"] = 1  # a caller changing its frame changes no one else's
    first.columns.name = "changed"
    second = K.aggregate_files(empty)
    pd.testing.assert_frame_equal(second, want, check_index_type=True, check_column_type=True)
    assert second.columns.name is None


def _hours_plain(time):
    """aggregate_hours as pandas wrote it: the group-by sums, then a zero column per missing activity."""
    hours = time.groupby(["staff_id", "activity"])["hours_milli"].sum().unstack(fill_value=0)
    for act in ("social_activation", "social_work", "professional_activation", "other"):
        if act not in hours.columns:
            hours[act] = 0
    return hours


@pytest.mark.parametrize("acts", [["other"], ["zzz"], ["social_activation", "social_work", "professional_activation",
                                                         "other"], ["Social", "other", "zzz", "a"], ["social_work"]])
@pytest.mark.parametrize("n", [1, 2, 7])
def test_hours_with_their_zero_activities_are_pandas_frame(acts, n):
    time = pd.DataFrame({"staff_id": pd.Series([["S2", "S10", "É"][i % 3] for i in range(n)], dtype=object),
                         "activity": pd.Series([acts[i % len(acts)] for i in range(n)], dtype=object),
                         "hours_milli": np.array([[1500, -7, 2 ** 50][i % 3] for i in range(n)], dtype=np.int64)},
                        index=pd.RangeIndex(0, 2 * n, 2))
    got, want = K.aggregate_hours(time), _hours_plain(time)
    pd.testing.assert_frame_equal(got, want, check_exact=True, check_index_type=True, check_column_type=True)
    assert got.index.dtype == want.index.dtype and got.columns.dtype == want.columns.dtype
    assert (got.index.name, got.columns.name) == (want.index.name, want.columns.name)
    assert list(got.dtypes) == list(want.dtypes)
    assert got.to_numpy().tolist() == want.to_numpy().tolist()
