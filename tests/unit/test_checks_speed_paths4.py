"""Speed paths of the checks (fourth set): the cross checks read their columns with
``frames.column`` instead of a Series per access; each gives what the Series gave, on
awkward columns (blanks of every kind, NaT, Int64 gaps, text dtypes, categoricals, time zones).
"""
from __future__ import annotations

import random
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from activsoc_costs import problems as P
from activsoc_costs import validate as V
from activsoc_costs.distinct import BY_OBJECT_FROM, _factorize_values
from activsoc_costs.frames import column
from activsoc_costs.schema import TABLE_BY_ID


def _odd_frame(rnd: random.Random, n: int) -> pd.DataFrame:
    """Every kind of column the loader makes, and some it never makes, with repeats and blanks."""
    pick = lambda pool: [rnd.choice(pool) for _ in range(n)]  # noqa: E731
    day = [pd.Timestamp(2015, 1, 1), pd.Timestamp(2015, 1, 2, 12), pd.NaT]
    return pd.DataFrame({
        "o": pd.Series(pick(["a", None, Decimal("1"), Decimal("1.0"), np.nan, 1, 1.0, "", pd.NA, pd.NaT]), dtype=object),
        "s": pd.Series(pick(["x", None, "z", ""]), dtype="str"),
        "sa": pd.Series(pick(["x", None, "z", ""]), dtype="string"),
        "i": np.array(pick([1, 2, -4, 2 ** 62]), dtype=np.int64),
        "i32": np.array(pick([1, 2, -4]), dtype=np.int32),
        "u": np.array(pick([1, 2, 255]), dtype=np.uint8),
        "I": pd.array(pick([1, None, 3, 2 ** 62]), dtype="Int64"),
        "Ifull": pd.array(pick([1, 3, 2 ** 53 + 1]), dtype="Int64"),
        "F": pd.array(pick([1.5, None, 2.0]), dtype="Float64"),
        "d": pd.Series(pick(day), dtype="datetime64[s]"),
        "n": pd.Series(pick(day + [pd.Timestamp(1900, 1, 1)]), dtype="datetime64[ns]"),
        "z": pd.Series(pick(day), dtype="datetime64[s]").dt.tz_localize("Europe/Brussels"),
        "td": pd.to_timedelta(pick([1, 2, None]), unit="h"),
        "f": np.array(pick([1.5, np.nan, 2.0, -0.0, 0.0])),
        "b": np.array(pick([True, False])),
        "B": pd.array(pick([True, None, False]), dtype="boolean"),
        "c": pd.Categorical(pick(["a", "b", None])),
        "ci": pd.Categorical(pick([1, 2])),
        "cd": pd.Categorical(pick(day)),
        "src_file": "f.csv", "src_sheet": "", "src_row": np.arange(2, n + 2, dtype=np.int64),
    }, index=rnd.sample(range(3 * n + 1), n))


def _same_cell(a, b) -> bool:
    return type(a) is type(b) and (a is b or (pd.isna(a) and pd.isna(b)) or a == b) \
        and getattr(a, "unit", None) == getattr(b, "unit", None)


@pytest.mark.parametrize("seed", range(10))
def test_cells_of_a_column_as_series_tolist(seed):
    """``column(frame, c, dtype=object).tolist()`` (unique keys, the hours and files per staff
    member) is ``frame[c].tolist()``: the same objects' types and values."""
    rnd = random.Random(seed)
    frame = _odd_frame(rnd, rnd.randint(0, 12))
    for c in frame.columns:
        got, want = column(frame, c, dtype=object).tolist(), frame[c].tolist()
        assert len(got) == len(want) and all(_same_cell(a, b) for a, b in zip(got, want)), (c, got, want)


def _no_repeated_row_reference(frame, cols):
    """``_no_repeated_row`` as it was: a Series per column."""
    columns = []
    try:
        for c in cols:
            col = frame[c]
            values = col.to_numpy() if col.dtype.kind in "Mi" else None
            if values is not None and values.dtype.kind in "Mi":
                columns.append(values.view(np.int64).tolist())
            else:
                columns.append([V._BLANK if v is None or v is pd.NA or bool(v != v) else v for v in col.tolist()])
        return len(set(zip(*columns))) == len(frame)
    except Exception:
        return False


@pytest.mark.parametrize("seed", range(30))
def test_no_repeated_row_as_with_a_series_per_column(seed):
    rnd = random.Random(seed)
    frame = _odd_frame(rnd, rnd.randint(0, 8))
    names = [c for c in frame.columns if not c.startswith("src_")]
    for _ in range(40):
        cols = rnd.sample(names, rnd.randint(1, 4))
        assert V._no_repeated_row(frame, cols) == _no_repeated_row_reference(frame, cols), cols


@pytest.mark.parametrize("seed", range(10))
def test_unique_keys_same_problems_as_with_a_series(seed):
    """``_check_unique`` reads the key's cells without a Series: the same problems."""
    rnd = random.Random(seed)
    frame = _odd_frame(rnd, rnd.randint(0, 10))
    table = TABLE_BY_ID["staff"]  # its key: "id"
    for key in ("o", "s", "I", "Ifull", "d", "z", "c", "f"):
        frame = frame.drop(columns="id", errors="ignore").assign(id=frame[key])
        got, want = [], []
        V._check_unique(table, frame, got)
        key, ids = "id", frame["id"]  # the check as it was: the Series' cells, then pandas' duplicated
        if len(frame) and not V._all_distinct(ids):
            dup = ids.notna() & ids.duplicated(keep=False)
            first = frame.loc[dup].groupby(key)["src_row"].transform("min")
            want = [int(frame.at[i, "src_row"]) for i in frame.index[dup.to_numpy()] if frame.at[i, "src_row"] != first[i]]
        assert [p.row for p in got] == want and all(p.code == "duplicate_id" for p in got)


@pytest.mark.parametrize("seed", range(10))
def test_known_of_the_cells_as_of_the_column(seed):
    rnd = random.Random(seed)
    frame = _odd_frame(rnd, rnd.randint(0, 10))
    for c in ("o", "s", "sa", "I", "c", "f"):
        assert V._known(column(frame, c, dtype=object)) == V._known(frame[c])


def _caseload_reference(cl):
    """The rows the caseload check reported, by a Series per column as before."""
    if pd.api.types.is_integer_dtype(cl["piis_files"]) and pd.api.types.is_integer_dtype(cl["all_files"]):
        bad = cl["piis_files"].to_numpy("float64", na_value=np.nan) > cl["all_files"].to_numpy("float64", na_value=np.nan)
    else:
        bad = (cl["piis_files"].notna() & cl["all_files"].notna() & (cl["piis_files"] > cl["all_files"])).to_numpy()
    return cl.loc[cl.index[bad], "src_row"].tolist()[:V.MAX_REPORTED_PER_COLUMN]


@pytest.mark.parametrize("kinds", [("Int64", "Int64"), ("int64", "Int64"), ("Int64", "float64"), ("float64", "float64"),
                                   ("object", "Int64"), ("Float64", "Int64"), ("int32", "uint8")])
def test_caseload_above_total_as_before(kinds):
    rnd = random.Random(str(kinds))
    for n in (0, 1, 5, 30):
        def counts(kind):
            pool = [0, 1, 2, 7] + ([None] if kind in ("Int64", "object", "Float64", "float64") else [])
            return pd.Series([rnd.choice(pool) for _ in range(n)], dtype=kind)
        cl = pd.DataFrame({"staff_id": ["S1"] * n, "piis_files": counts(kinds[0]).to_numpy(dtype=object),
                           "all_files": counts(kinds[1]).to_numpy(dtype=object),
                           "src_file": "c.csv", "src_sheet": "", "src_row": np.arange(2, n + 2)},
                          index=rnd.sample(range(100), n))
        cl = cl.astype({"piis_files": kinds[0], "all_files": kinds[1]})
        got = []
        try:
            want = _caseload_reference(cl)
        except TypeError:  # a blank among objects: pandas cannot compare, and the loader says so (internal error)
            with pytest.raises(TypeError):
                V._check_caseload(cl, got)
            continue
        V._check_caseload(cl, got)
        assert [p.row for p in got] == want
        assert all(p.code == "caseload_above_total" and isinstance(p, P.Problem) for p in got)


class _Text(str):
    """A str subclass: pandas decides for it (not a plain text)."""


FACTORIZE_CELLS = ["a", "b", "A", "a ", "", " ", "é", "e\u0301", None, np.nan, pd.NA, float("nan"), np.float64("nan"),
                   pd.NaT, 1, 1.0, True, Decimal("1"), Decimal("NaN"), _Text("a"), "85073003328", "x\ny"]


@pytest.mark.parametrize("seed", range(40))
def test_factorize_as_pandas(seed):
    """``distinct._factorize_values`` (the time table's texts, the personal-data columns) is ``pd.factorize``:
    the same codes, the same distinct objects (the first of each) in the same order."""
    rnd = random.Random(seed)
    pool = rnd.sample(FACTORIZE_CELLS, rnd.randint(1, 8))
    if seed % 3 == 0:  # texts and blanks only: the dict's way
        pool = [v for v in pool if type(v) is str or v is None or v is pd.NA or v is np.nan] or ["a"]
    n = rnd.choice([0, 1, 5, 40, V.SMALL_TABLE, V.SMALL_TABLE + 1, BY_OBJECT_FROM + 3])
    cells = np.empty(n, dtype=object)
    cells[:] = [rnd.choice(pool) for _ in range(n)]
    (codes, uniq), (want_codes, want_uniq) = _factorize_values(cells), pd.factorize(cells)
    assert codes.dtype == want_codes.dtype and codes.tolist() == want_codes.tolist()
    assert type(uniq) is type(want_uniq) and uniq.dtype == want_uniq.dtype and uniq.shape == want_uniq.shape
    assert all(a is b for a, b in zip(uniq.tolist(), want_uniq.tolist()))


@pytest.mark.parametrize("seed", range(10))
def test_text_codes_as_factorized_by_pandas(seed):
    rnd = random.Random(seed)
    frame = _odd_frame(rnd, rnd.randint(0, 12))
    frame["t"] = pd.Series([rnd.choice(["S1", "S2", None, np.nan]) for _ in range(len(frame))], index=frame.index,
                           dtype=object)
    got = V._text_codes(frame, ("t", "o", "s", "c", "I", "absent"))
    assert sorted(got) == ["o", "t"]  # the columns of objects only
    for c, (codes, uniq) in got.items():
        want_codes, want_uniq = pd.factorize(frame[c].to_numpy(dtype=object), use_na_sentinel=True)
        assert codes.tolist() == want_codes.tolist() and uniq.dtype == want_uniq.dtype
        assert all(a is b for a, b in zip(uniq.tolist(), want_uniq.tolist()))
