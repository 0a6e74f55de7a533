"""Speed paths of the engine (second part) give what the plain pandas expressions give.

* ``keydata.cells`` is ``frame[name].tolist()`` (same values, same types) on every kind of
  column, blanks included; ``_text_index`` is ``pd.Index`` of texts; ``_frame`` is the frame
  of a dict; an empty ``aggregate_files`` is a fresh ``pd.DataFrame(columns=...)``.
* ``aggregate_hours``' frame made with its zero activities is the frame pandas made (sums,
  then a column per missing activity).
"""
import datetime as dt
import importlib

import numpy as np
import pandas as pd
import pytest

from activsoc_costs import keydata as K
from activsoc_costs.frames import labels


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


@pytest.mark.parametrize("dtype", ["Int64", "Int32", "UInt8", "Float64", "boolean"])
def test_cells_of_nullable_columns_are_the_series_tolist(dtype):
    values = {"boolean": [True, None, False, None], "Float64": [1.5, None, -0.0, float("nan")]}.get(dtype, [1, None, 0, 7])
    for cells in (values, [v for v in values if v is not None], [None, None], []):
        f = pd.DataFrame({"x": pd.array(cells, dtype=dtype), "y": np.arange(len(cells))}, index=range(len(cells))[::-1])
        got, want = K.cells(f, "x"), f["x"].tolist()
        assert len(got) == len(want) and all(_same_value(g, w) for g, w in zip(got, want)), (dtype, got, want)


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
        assert got.dtype == want.dtype and got.name == want.name and type(got) is type(want)
        assert got.is_unique == want.is_unique and got.get_indexer(want).tolist() == list(range(len(texts)))
        assert got.tolist() == want.tolist() and got.equals(want) and hash(tuple(got)) == hash(tuple(want))


def test_recurring_texts_index_is_pandas_index_and_no_frame_s_own():
    for texts in (("other",), ("social_activation", "social_work", "professional_activation", "other"), ()):
        for name in (None, "activity"):
            got = labels(texts, name)
            want = pd.Index(np.array(texts, dtype=object), name=name)
            pd.testing.assert_index_equal(got, want, exact=True)
            assert got.dtype == want.dtype and got.name == want.name
            got.name = "changed"  # a frame renaming its labels changes no other frame's
            assert labels(texts, name).name == name


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


# --------------------------------------------------------------------------- the engine's columns read without a Series

allocate = importlib.import_module("activsoc_costs.allocate")  # the module (the package exports the function)
refunds = importlib.import_module("activsoc_costs.refunds")


def test_records_are_the_frame_s_objects():
    """``_records`` column by column = the rows of ``frame.to_numpy(dtype=object)`` (pd.NA: None)."""
    f = _odd_frame()
    for frame in (f, f.iloc[:1], f.iloc[:0], f.iloc[::-1], pd.DataFrame(index=[1, 2]),
                  pd.DataFrame([[1, "a", 2]], columns=["x", "y", "x"])):
        names = list(frame.columns)
        cols = [[None if v is pd.NA else v for v in c] for c in frame.to_numpy(dtype=object).T.tolist()]
        plain = [dict(zip(names, v)) for v in zip(*cols)]  # the rows as _records read them before (no column: none)
        got = allocate._records(frame)
        assert len(got) == len(plain)
        for g, p in zip(got, plain):
            assert list(g) == list(p) and all(_same_value(g[c], p[c]) for c in p), (g, p)


def _payroll_plain(payroll, params=None):
    """_payroll_by_staff as written on Series (the plain path)."""
    out = {}
    if payroll.empty:
        return out
    col = payroll["month"]
    if col.dtype.kind == "M":
        day = col.to_numpy().astype("datetime64[D]")
        nat = np.isnat(day)
        months = [m if n else d for m, n, d in zip(col.tolist(), nat.tolist(), day.astype(object).tolist())]
        inside = (nat | ((day >= np.datetime64(params.period_start, "D")) & (day <= np.datetime64(params.period_end, "D")))
                  ).tolist() if params is not None else [True] * len(months)
    else:
        months = col.tolist()
        inside = [params is None or allocate._in_period(m, params) for m in months]
    for sid, month, amount, f, sh, r, ok in zip(payroll["staff_id"].tolist(), months, payroll["amount"].tolist(),
                                                payroll["src_file"].tolist(), payroll["src_sheet"].tolist(),
                                                payroll["src_row"].tolist(), inside):
        if type(sid) is not str and (sid is None or pd.isna(sid)) or type(amount) is not int and pd.isna(amount):
            continue
        out.setdefault(sid, []).append((month, int(amount), (f, sh, int(r)), ok))
    return out


def test_payroll_by_staff_is_the_plain_path():
    from activsoc_costs.parameters import load_parameters
    params = load_parameters(2015)
    months = pd.to_datetime(["2015-01-01", None, "2014-12-01", "2016-01-01", "2015-12-31 23:00", "2015-06-01"],
                            format="mixed")
    payroll = pd.DataFrame({
        "src_file": pd.array(["p.csv"] * 6, dtype="str"), "src_sheet": pd.array([None] * 6, dtype="str"),
        "src_row": np.arange(2, 8, dtype=np.int64),
        "staff_id": pd.Series(["S1", "S2", None, "S1", np.nan, "S3"], dtype=object),
        "month": months.astype("datetime64[s]"),
        "amount": pd.array([100, None, 5, -3, 7, 2 ** 40], dtype="Int64")}, index=[5, 4, 3, 2, 1, 0])
    variants = [payroll, payroll.iloc[:1], payroll.iloc[:0], payroll.assign(month=payroll["month"].astype(object)),
                payroll.assign(month=months), payroll.assign(amount=payroll["amount"].astype(object))]
    for frame in variants:
        for p in (params, None):
            assert allocate._payroll_by_staff(frame, p) == _payroll_plain(frame, p)


def test_piis_rows_of_a_list_are_those_of_the_column():
    att = pd.Series(["P1", "P2", None, "P9", "P1", "", "p1", float("nan")], dtype=object)
    for ids in ([], ["P1"], ["P1", "P2", "P1"], ["", "P2"]):
        assert refunds._piis_rows(ids, att.tolist()).tolist() == refunds._piis_rows(ids, att).tolist()


def _refund_rows_plain(op):
    rows = op[op["purpose"] == "participant_refund"].sort_values(["date", "id"], kind="stable")
    return list(zip(rows["id"].tolist(), rows["amount"].tolist()))


def test_refund_rows_in_date_then_id_order_as_pandas_sorts():
    dates = pd.to_datetime(["2015-03-01", None, "2015-01-01", "2015-03-01", None, "2015-03-01 10:00", "1000-01-01"],
                           format="mixed")
    op = pd.DataFrame({"id": pd.Series(["O7", "O2", "O3", "O1", "O0", "O5", "O9"], dtype=object),
                       "purpose": pd.Series(["participant_refund"] * 6 + ["other"], dtype=object),
                       "amount": pd.array([1, None, 3, 4, 5, 6, 7], dtype="Int64"),
                       "date": dates.astype("datetime64[s]")}, index=[9, 8, 7, 6, 5, 4, 3])
    for frame in (op, op.iloc[:1], op.iloc[:0], op.iloc[::-1], op.assign(date=dates),
                  op.assign(date=op["date"].astype(object)), op.assign(purpose="other"),
                  op.assign(date=dates.tz_localize("UTC"))):
        want = _refund_rows_plain(frame)
        assert refunds._refund_rows(frame) == want
        cols = {"purpose": frame["purpose"].tolist(), "id": frame["id"].tolist(), "amount": frame["amount"].tolist()}
        assert refunds._refund_rows(frame, {**cols, "date": frame["date"]}) == want
        assert refunds._refund_rows(frame, {**cols, "date": K.held(frame, "date")}) == want
        assert refunds._refund_rows(frame, {**cols, "date": frame["date"].to_numpy()}) == want


# --------------------------------------------------------------------------- trajectories and bilans

def test_dates_of_a_frame_are_the_column_s_dates():
    from activsoc_costs import trajectories as T
    days = pd.to_datetime(["2015-01-01", None, "2015-03-01 10:00", "1000-01-02", "2262-04-11"], format="mixed")
    frame = pd.DataFrame({"s": days.astype("datetime64[s]"), "ns": days[:4].append(pd.DatetimeIndex([None])),
                          "ms": days.astype("datetime64[ms]"),
                          "o": pd.Series([pd.Timestamp(2015, 1, 2), None, pd.NaT, np.nan, pd.Timestamp(1999, 12, 31)],
                                         dtype=object),
                          "z": days[:4].append(pd.DatetimeIndex([None])).tz_localize("Europe/Brussels")},
                         index=[4, 3, 2, 1, 0])
    for f in (frame, frame.iloc[:1], frame.iloc[:0], frame.iloc[::-1]):
        for c in f.columns:
            got, want = T._dates_of(f, c), T._dates(f[c])
            assert got == want and [type(g) for g in got] == [type(w) for w in want], (c, got, want)


def _bilans_plain(b, p):
    """count_bilans as pandas counts it: distinct persons (blanks left out) dated in the period."""
    if b.empty:
        return 0
    inside = (b["date"] >= pd.Timestamp(p.period_start)) & (b["date"] <= pd.Timestamp(p.period_end))
    return int(b.loc[inside, "person"].nunique())


def test_bilans_counted_as_pandas_counts_them():
    from types import SimpleNamespace

    from activsoc_costs.parameters import load_parameters
    from activsoc_costs.trajectories import count_bilans
    params = load_parameters(2015)
    days = pd.to_datetime(["2015-01-01", None, "2015-12-31 23:59", "2016-01-01", "2014-12-31", "2015-06-01",
                           "2015-06-01"], format="mixed")
    b = pd.DataFrame({"person": pd.Series(["B1", "B1", None, "B2", "B3", np.nan, "B4"], dtype=object),
                      "date": days.astype("datetime64[s]")}, index=[6, 5, 4, 3, 2, 1, 0])
    for frame in (b, b.iloc[:1], b.iloc[:0], b.iloc[1:2], b.assign(date=days), b.assign(person=b["person"].astype("str")),
                  b.assign(person=pd.Series([pd.NA, "B1", "B1", pd.NA, "B2", "B5", ""], dtype=object, index=b.index)),
                  b.assign(date=b["date"].astype(object))):
        inputs = SimpleNamespace(bilans=frame, params=params)
        assert count_bilans(inputs) == _bilans_plain(frame, params)
    aware = b.assign(date=days.tz_localize("UTC"))  # pandas refuses to compare: so does the count
    for count in (count_bilans, lambda x: _bilans_plain(x.bilans, x.params)):
        with pytest.raises(TypeError):
            count(SimpleNamespace(bilans=aware, params=params))


def test_hours_and_files_by_staff_are_the_frames_values():
    """``allocate._by_staff`` (columns as they are, summed in numpy) = the values pandas gives."""
    def plain(hours, files):
        h = {sid: (int(hours.loc[sid, "social_activation"]), int(hours.loc[sid, "professional_activation"]),
                   int(hours.loc[sid].sum())) for sid in hours.index} if len(hours) else {}
        f = {sid: (int(files.loc[sid, "piis_files"]), int(files.loc[sid, "all_files"])) for sid in files.index}
        return h, f

    index = pd.Index(["S2", "S10", "É"], name="staff_id", dtype="str")
    hours = pd.DataFrame({"zzz": [1, 0, 2 ** 40], "professional_activation": [0, 5, -7],
                          "social_activation": [3, 0, 11], "social_work": [4, 0, 0], "other": [0, 0, 1]},
                         index=index, dtype=np.int64)
    files = pd.DataFrame({"piis_files": pd.array([1, 0, 2], dtype="Int64"), "all_files": pd.array([3, 4, 2], dtype="Int64")},
                         index=index)
    variants = [(hours, files), (hours.iloc[:1], files.iloc[:1]), (hours.iloc[:0], files.iloc[:0]),
                (hours.astype({"zzz": "Int64"}), files), (hours.astype({"other": np.int32}), files),
                (hours.astype(object), files.astype(np.int64)), (pd.DataFrame(), pd.DataFrame(columns=["piis_files", "all_files"]))]
    for h, f in variants:
        assert allocate._by_staff(h, f) == plain(h, f)
    dup = hours.copy()
    dup.columns = ["other", "professional_activation", "social_activation", "social_work", "other"]
    assert allocate._by_staff(dup, files)[0] == {sid: (int(dup.loc[sid, "social_activation"]),
                                                       int(dup.loc[sid, "professional_activation"]),
                                                       int(dup.loc[sid].sum())) for sid in dup.index}


def test_days_are_the_columns_days():
    stamps = pd.to_datetime(["2015-01-01 23:59", None, "1969-12-31 12:00", "1000-01-02", "2262-04-11"], format="mixed")
    frame = pd.DataFrame({"s": stamps.astype("datetime64[s]"), "ns": stamps, "ms": stamps.astype("datetime64[ms]"),
                          "z": stamps.tz_localize("Europe/Brussels"),
                          "o": pd.Series([dt.date(2015, 1, 2), None, pd.NaT, np.datetime64("2015-03-01"),
                                          pd.Timestamp(2015, 1, 1, 23)], dtype=object),
                          "O": pd.Series([dt.date(2015, 1, 2), pd.NaT, pd.NaT, np.datetime64("2015-03-01"),
                                          pd.Timestamp(2015, 1, 1, 23)], dtype=object)}, index=[4, 3, 2, 1, 0])
    for f in (frame, frame.iloc[:1], frame.iloc[:0]):
        for c in f.columns:
            try:
                want = f[c].to_numpy("datetime64[D]")
            except TypeError:  # numpy refuses a None among dates: so do the days
                with pytest.raises(TypeError):
                    K.days(f, c)
                continue
            got = K.days(f, c)
            assert got.dtype == want.dtype and got.view("i8").tolist() == want.view("i8").tolist(), c


def test_in_period_mask_is_in_period_s_values():
    import dataclasses

    from activsoc_costs.parameters import load_parameters
    params = load_parameters(2015)
    stamps = pd.to_datetime(["2015-01-01", None, "2014-12-31 23:59", "2015-12-31 23:59", "2016-01-01"], format="mixed")
    frame = pd.DataFrame({"date": stamps.astype("datetime64[s]"), "ns": stamps, "o": stamps.astype(object),
                          "x": [1, 2, 3, 4, 5]}, index=[9, 7, 5, 3, 1])
    at_noon = dataclasses.replace(params, period_start=dt.datetime(2015, 1, 1, 12), period_end=dt.datetime(2015, 12, 31))
    for f in (frame, frame.iloc[:1], frame.iloc[:0], frame[[]], frame.iloc[::-1]):
        for col in ("date", "ns", "o", "missing"):
            for p in (params, at_noon, None):
                want = K.in_period(f, col, p).to_numpy()
                got = K.in_period_mask(f, col, p)
                assert got.dtype == want.dtype == bool and got.tolist() == want.tolist(), (col, p)
