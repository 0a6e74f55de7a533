"""The key data's fast paths (``in_period``, ``aggregate_hours``, ``aggregate_files`` on numpy
arrays and integer codes) give the frames the plain pandas versions gave (kept here as the
reference), on awkward data: blank keys and dates, NaT, Int64 gaps, non-text ids, dates with a
time of day, rows outside the period, one row, pairs never seen."""
from __future__ import annotations

import dataclasses
import datetime as dt
import random

import numpy as np
import pandas as pd
import pytest

from activsoc_costs import keydata as K
from activsoc_costs.parameters import load_parameters
from helpers import repeated_rows_reference

PARAMS = load_parameters(2015)


def _in_period_reference(frame, col, params):
    if params is None or frame.empty or col not in frame.columns:
        return pd.Series(True, index=frame.index)
    d = frame[col]
    return (d.isna() | ((d >= pd.Timestamp(params.period_start)) & (d <= pd.Timestamp(params.period_end)))).astype(bool)


def _hours_reference(time, params=None):
    if params is not None and not time.empty:
        time = time[_in_period_reference(time, "date", params).to_numpy()]
    hours = time.groupby(["staff_id", "activity"])["hours_milli"].sum().unstack(fill_value=0) \
        if not time.empty else pd.DataFrame()
    for act in ("social_activation", "social_work", "professional_activation", "other"):
        if act not in hours.columns:
            hours[act] = 0
    return hours


def _files_reference(caseload, params=None):
    if params is not None and not caseload.empty:
        caseload = caseload[_in_period_reference(caseload, "date", params).to_numpy()]
    if caseload.empty:
        return pd.DataFrame(columns=["piis_files", "all_files"])
    return caseload.groupby("staff_id")[["piis_files", "all_files"]].sum()


DAYS = [pd.Timestamp(2015, 1, 1), pd.Timestamp(2014, 12, 31), pd.Timestamp(2015, 12, 31),
        pd.Timestamp(2015, 12, 31, 10), pd.Timestamp(2016, 1, 1), pd.NaT, pd.Timestamp(2015, 6, 30, 23, 59, 59)]
IDS = ["S1", "S2", "S10", "s1", "", "É1", "S 1"]
AWKWARD_IDS = [None, np.nan, 1, "1", pd.NA]
ACTS = ["social_activation", "social_work", "professional_activation", "other", "zzz", "Social"]


def _frame(rnd: random.Random, n: int, awkward: bool, unit: str) -> pd.DataFrame:
    ids = IDS + AWKWARD_IDS if awkward else rnd.sample(IDS, rnd.randint(1, len(IDS)))
    acts = ACTS + [None] if awkward and rnd.random() < 0.5 else rnd.sample(ACTS, rnd.randint(1, len(ACTS)))
    return pd.DataFrame({
        "staff_id": pd.Series([rnd.choice(ids) for _ in range(n)], dtype=object),
        "date": pd.Series([rnd.choice(DAYS) for _ in range(n)], dtype=f"datetime64[{unit}]"),
        "activity": pd.Series([rnd.choice(acts) for _ in range(n)], dtype=object),
        "hours_milli": np.array([rnd.choice([1500, 2000, 0, 7, 10**12]) for _ in range(n)], dtype=np.int64),
        "piis_files": pd.array([rnd.choice([1, 2, None, 0]) for _ in range(n)], dtype="Int64"),
        "all_files": pd.array([rnd.choice([1, 3, None, 10**9]) for _ in range(n)], dtype="Int64"),
        "src_row": np.arange(2, n + 2, dtype=np.int64),
    }, index=pd.RangeIndex(0, 3 * n, 3) if rnd.random() < 0.5 else pd.Index(rnd.sample(range(10 * n), n)))


def _same_frame(got, want):
    pd.testing.assert_frame_equal(got, want, check_exact=True, check_index_type=True, check_column_type=True,
                                  check_names=True)
    assert got.index.dtype == want.index.dtype and got.columns.dtype == want.columns.dtype
    assert got.index.name == want.index.name and got.columns.name == want.columns.name
    assert list(got.dtypes) == list(want.dtypes)


@pytest.mark.parametrize("seed", range(60))
def test_key_data_same_as_pandas(seed):
    rnd = random.Random(seed)
    frame = _frame(rnd, rnd.choice([1, 2, 5, 40, 300]), awkward=seed % 3 == 0, unit=rnd.choice(["s", "ns", "ms"]))
    for params in (None, PARAMS):
        got, want = K.in_period(frame, "date", params), _in_period_reference(frame, "date", params)
        pd.testing.assert_series_equal(got, want, check_exact=True)
        _same_frame(K.aggregate_hours(frame, params), _hours_reference(frame, params))
        _same_frame(K.aggregate_files(frame, params), _files_reference(frame, params))
    part = frame.iloc[: rnd.randint(0, len(frame))]  # a slice (also empty)
    _same_frame(K.aggregate_hours(part, PARAMS), _hours_reference(part, PARAMS))
    _same_frame(K.aggregate_files(part, PARAMS), _files_reference(part, PARAMS))


def test_in_period_of_a_period_given_as_datetimes_is_pandas_own():
    frame = _frame(random.Random(3), 50, awkward=False, unit="s")
    params = dataclasses.replace(PARAMS, period_start=dt.datetime(2015, 1, 1, 12), period_end=dt.datetime(2015, 12, 31, 9))
    pd.testing.assert_series_equal(K.in_period(frame, "date", params), _in_period_reference(frame, "date", params))


def test_other_column_types_go_to_pandas():
    frame = _frame(random.Random(4), 30, awkward=False, unit="s")
    frame["date"] = frame["date"].astype(object)
    frame["hours_milli"] = frame["hours_milli"].astype(float)
    frame["piis_files"] = frame["piis_files"].astype(object)
    frame["staff_id"] = frame["staff_id"].astype("str")
    frame["activity"] = frame["activity"].astype("category")
    for params in (None, PARAMS):
        pd.testing.assert_series_equal(K.in_period(frame, "date", params), _in_period_reference(frame, "date", params))
        _same_frame(K.aggregate_hours(frame, params), _hours_reference(frame, params))
        _same_frame(K.aggregate_files(frame, params), _files_reference(frame, params))


# --------------------------------------------------------------------------- national numbers: the byte prefilter

from activsoc_costs import personal as PE  # noqa: E402
from activsoc_costs import privacy  # noqa: E402

NRN_TEXTS = ["85.07.30-033.28", "85073003328", "850730 033 28", "  85073003328  ", "85073003329", "1234567890",
             "073003328", "5073003328", " 5073003328 ", "5073003328.00", "", " ", "\t", "B000123", "P-85073003328",
             "x 85.07.30-033.28 y", "850730033281", "1000000021", "100000002", "\t100000002", "24/11/2015",
             "1.737,95", "MP-2015-0095", "02 123 45 67", "٨٥٠٧٣٠٠٣٣٢٨", "８５０７３００３３２８", "85/07/30/033/28",
             "85-07-30-033-28", "8507 3003328", "Sécurité 85073003328", "é1", "\ud800", "12345678", "1234 5678"]


def _scan_reference(seen, warnings):
    any_hit = False
    for file, sheet, name, uniq, codes, rows_of in seen:
        hits = privacy.values_with_nrn(uniq)
        if not hits:
            continue
        any_hit = True
        hit_ids = {id(h) for h in hits}
        hit_codes = [j for j in range(len(uniq)) if id(uniq[j]) in hit_ids]
        rows = rows_of[np.isin(codes, hit_codes)].tolist()
        warnings.append(PE.P.make("w_personal_nrn", file=file, sheet=sheet, row=int(rows[0]), column=name,
                                  rows=PE._rows_text(rows)))
    return any_hit


def test_prefilter_never_misses_a_number():
    rnd = random.Random(7)
    for _ in range(3000):
        lines = ["".join(rnd.choice(NRN_TEXTS + ["a", "\n", " ", ".", "-", "/", "0", "9"])
                         for _ in range(rnd.randint(1, 4))) for _ in range(rnd.randint(1, 5))]
        text = "\n".join(lines)
        if privacy.values_with_nrn(text.split("\n")) or privacy.find_nrns(text):
            assert privacy.may_hold_nrn(text), text
    assert not privacy.may_hold_nrn("24/11/2015\n25/11/2015\n1.737,95\nMP-2015-0095\nSécurité\n12345678")


@pytest.mark.parametrize("seed", range(40))
def test_scan_same_as_without_prefilter(seed):
    rnd = random.Random(seed)
    pieces = NRN_TEXTS + ["S1", "S2", "24/11/2015", "x"] * 5
    seen = []
    for c in range(rnd.randint(0, 6)):
        n = rnd.randint(1, 12)
        cells = [rnd.choice(pieces) for _ in range(n)]
        if rnd.random() < 0.2:
            cells[0] = rnd.choice(["a\n85073003328", "x\ny", 85073003328.0, 5073003328, None, 12.5])
        codes, uniq = pd.factorize(np.array(cells, dtype=object), use_na_sentinel=False)
        seen.append(("f.csv", "", f"col{c}", uniq, codes, np.arange(2, n + 2)))
    got, want = [], []
    assert PE._scan_for_nrn(seen, got) == _scan_reference(seen, want)
    assert got == want


# --------------------------------------------------------------------------- names and pseudonyms: each column once

from activsoc_costs.keydata import Inputs  # noqa: E402
from activsoc_costs.schema import TABLES  # noqa: E402


def _protect_reference(inputs, seen, internal):
    """``personal._protect_personal_data`` as it was (a pandas call per step and column)."""
    t, warnings = inputs.tables, inputs.warnings
    any_nrn = PE._scan_for_nrn(seen, warnings)
    names, named_at = set(), []
    for (tid, cid) in sorted(PE.PERSON_COLUMNS | PE.BENEFICIARY_ID_COLUMNS):
        frame = t[tid]
        if frame.empty or cid not in frame:
            continue
        strict = (tid, cid) not in PE.PERSON_COLUMNS
        uniq = pd.unique(frame[cid].dropna().to_numpy(dtype=object))
        hits = {u for u in privacy.values_without_digits(uniq) if privacy.looks_like_name(u, strict=strict)}
        if hits:
            names |= hits
            named_at.append((tid, cid, frame[cid].isin(hits)))
    pattern = privacy.name_pattern(names)
    text_cols = [(tb.id, c.id) for tb in TABLES for c in tb.columns if c.kind == "text"]
    if pattern is not None:
        for tid, cid in text_cols:
            if (tid, cid) in PE.PERSON_COLUMNS | PE.BENEFICIARY_ID_COLUMNS or t[tid].empty:
                continue
            uniq = pd.unique(t[tid][cid].dropna().to_numpy(dtype=object))
            hits = {u for u in uniq if isinstance(u, str) and pattern.search(u)}
            if hits:
                named_at.append((tid, cid, t[tid][cid].isin(hits)))
    for tid, cid, mask in named_at:
        frame = t[tid]
        idx = frame.index[mask.to_numpy()]
        rows = frame.loc[idx, "src_row"].astype(int).tolist()
        warnings.append(PE.P.make("w_personal_name", file=frame.at[idx[0], "src_file"],
                                  sheet=frame.at[idx[0], "src_sheet"], row=rows[0], column=PE._col(tid, cid),
                                  rows=PE._rows_text(rows)))
    inputs.internal = internal
    scrub_text = any_nrn or bool(names)
    assert not internal
    ps = privacy.Pseudonymiser(privacy.load_key(), names)
    for tid, cid in text_cols:
        frame = t[tid]
        person = (tid, cid) in PE.PERSON_COLUMNS
        if frame.empty or not (person or scrub_text):
            continue
        codes, uniq = pd.factorize(frame[cid].to_numpy(dtype=object))
        if person:
            new = np.array([ps.pseudonym(u) for u in uniq], dtype=object)
        else:
            new = np.array([ps.scrub(u) for u in uniq], dtype=object)
            if all(a is b or a == b for a, b in zip(new, uniq)):
                continue
        out = np.where(codes < 0, None, new[np.maximum(codes, 0)] if len(new) else None)
        frame[cid] = pd.Series(out, index=frame.index, dtype=object)
    inputs.pseudonymiser = ps
    inputs._scrub_needed = scrub_text


CELLS = ["Jean Dupont", "DUPONT, Marie", "Dupont", "dupont jean", "Marie", "B01", "P000001", "85.07.30-033.28",
         "85073003328", "vu Jean Dupont hier", "note: Dupont", "", " ", None, np.nan, 1, 1.0, "S1", "Sécurité",
         "Jean  Dupont", "O'Neil Anne-Marie", "x\ny"]


def _inputs(rnd: random.Random) -> Inputs:
    tables = {}
    for table in TABLES:
        n = rnd.choice([0, 1, 3, 12])
        pool = rnd.sample(CELLS, rnd.randint(1, 6))
        cols = {c.id: pd.Series([rnd.choice(pool) if c.kind == "text" else None for _ in range(n)], dtype=object)
                for c in table.columns}
        frame = pd.DataFrame(cols)
        frame["src_file"] = pd.Series([f"{table.id}.csv"] * n, dtype=object)
        frame["src_sheet"] = pd.Series([rnd.choice(["", "S"]) for _ in range(n)], dtype=object)
        frame["src_row"] = np.arange(2, n + 2, dtype=np.int64)
        frame.index = pd.Index(rnd.sample(range(100), n))
        tables[table.id] = frame
    return Inputs(convention={}, params=None, tables=tables)


@pytest.mark.parametrize("seed", range(40))
def test_protect_same_as_a_pandas_call_per_step(seed, tmp_path, monkeypatch):
    monkeypatch.setenv(privacy.KEY_ENV, str(tmp_path / "k.key"))
    rnd = random.Random(seed)
    a = _inputs(rnd)
    b = Inputs(convention={}, params=None, tables={k: v.copy() for k, v in a.tables.items()})
    PE._protect_personal_data(a, [], False)
    _protect_reference(b, [], False)
    assert a.warnings == b.warnings and a.problems == b.problems
    assert a._scrub_needed == b._scrub_needed and a.pseudonymiser.names == b.pseudonymiser.names
    for k in a.tables:
        pd.testing.assert_frame_equal(a.tables[k], b.tables[k], check_exact=True)
        assert list(a.tables[k].dtypes) == list(b.tables[k].dtypes)


# --------------------------------------------------------------------------- hours as thousandths

from decimal import Decimal  # noqa: E402

from activsoc_costs import validate as V  # noqa: E402


def _milli_reference(h):
    codes, uniq = pd.factorize(h.to_numpy(dtype=object))
    milli = np.fromiter((int((Decimal(d) * 1000).to_integral_value()) for d in uniq), dtype=np.int64, count=len(uniq))
    return pd.Series(np.where(codes < 0, 0, milli[np.maximum(codes, 0)] if len(uniq) else 0).astype(np.int64),
                     index=h.index)


HOURS = [Decimal("1.5"), Decimal("1.50"), Decimal("0.0005"), Decimal("0.0015"), Decimal("-0"), Decimal("NaN"), None,
         np.nan, float("nan"), pd.NA, pd.NaT, 1, 1.0, True, 0.1, Decimal("24"), Decimal("1E+2"), 7.25]


@pytest.mark.parametrize("seed", range(30))
def test_milli_same_as_factorized(seed):
    rnd = random.Random(seed)
    n = rnd.choice([0, 1, 5, 50])
    h = pd.Series([rnd.choice(HOURS) for _ in range(n)], dtype=object,
                  index=pd.Index(rnd.sample(range(1000), n)))
    pd.testing.assert_series_equal(V._milli(h), _milli_reference(h), check_exact=True)


def test_milli_of_unhashable_or_bad_cells_fails_as_before():
    for bad in ([[1]], ["abc"]):
        h = pd.Series(bad + [Decimal("1")], dtype=object)
        with pytest.raises(Exception) as want:
            _milli_reference(h)
        with pytest.raises(want.type):
            V._milli(h)


# --------------------------------------------------------------------------- repeated rows: integers as their own codes


@pytest.mark.parametrize("seed", range(40))
def test_repeated_rows_same_as_factorized(seed):
    rnd = random.Random(seed)
    n = rnd.choice([1, 2, 8, 60])
    far = [pd.Timestamp(1970, 1, 1), pd.Timestamp(1969, 12, 31, 23, 59, 59), pd.Timestamp(2200, 1, 1),
           pd.Timestamp(1800, 1, 1), pd.NaT, pd.Timestamp(2015, 3, 1)]
    big = [0, -1, 2 ** 62, -(2 ** 62), 5, None]
    frame = pd.DataFrame({
        "a": pd.Series([rnd.choice(["S1", "S2", None, np.nan]) for _ in range(n)], dtype=object),
        "d": pd.Series([rnd.choice(far[: rnd.randint(1, 6)]) for _ in range(n)], dtype=rnd.choice(["datetime64[s]", "datetime64[ns]"])),
        "i": pd.array([rnd.choice(big[rnd.randint(0, 3):]) for _ in range(n)], dtype="Int64"),
        "j": np.array([rnd.choice([0, 1, 2 ** 61, -5]) for _ in range(n)], dtype=np.int64),
        "k": np.array([rnd.choice([True, False]) for _ in range(n)]),
        "src_file": "f.csv", "src_sheet": "", "src_row": np.arange(2, n + 2, dtype=np.int64),
    })
    for cols in (["a", "d", "i", "j"], ["d", "a"], ["i", "k", "a"], ["j", "d", "i", "a", "k"], ["i"]):
        warnings = []
        V._warn_repeated_rows("time", frame, cols, warnings)
        want = repeated_rows_reference(frame, cols)
        if not want:
            assert not warnings
            continue
        assert len(warnings) == 1 and warnings[0].row == want[0]
        assert warnings[0].message_fr.startswith(f"{len(want)} ligne") and V._rows_text(want) in warnings[0].message_fr


# --------------------------------------------------------------------------- the time table's texts factorized once

@pytest.mark.parametrize("seed", range(60))
def test_hours_from_codes_factorized_before_rows_were_left_out(seed):
    rnd = random.Random(seed)
    frame = _frame(rnd, rnd.choice([1, 2, 5, 40, 300]), awkward=seed % 3 == 0, unit="s")
    codes = V._text_codes(frame, ("staff_id", "activity"))
    keep = np.array([rnd.random() < 0.7 for _ in range(len(frame))], dtype=bool)
    if not keep.any():
        keep[0] = True
    part = frame[keep]
    given = {c: (k[keep], u) for c, (k, u) in codes.items()}
    for params in (None, PARAMS):
        _same_frame(K.aggregate_hours(part, params, given), _hours_reference(part, params))
        _same_frame(K.aggregate_hours(frame, params, codes), _hours_reference(frame, params))


@pytest.mark.parametrize("seed", range(20))
def test_repeated_rows_and_refs_from_given_codes(seed):
    rnd = random.Random(seed)
    frame = _frame(rnd, rnd.choice([1, 5, 60]), awkward=True, unit="s").assign(src_file="f.csv", src_sheet="")
    codes = V._text_codes(frame, ("staff_id", "activity"))
    cols = ["staff_id", "date", "activity", "hours_milli"]
    a, b = [], []
    V._warn_repeated_rows("time", frame, cols, a, codes)
    V._warn_repeated_rows("time", frame, cols, b)
    assert a == b
    known = {"S1", "S10", 1}
    pa, pb = [], []
    ok_a = V._check_refs(frame, "staff_id", known, "unknown_staff", "time", pa, codes["staff_id"])
    ok_b = V._check_refs(frame, "staff_id", known, "unknown_staff", "time", pb)
    assert ok_a.tolist() == ok_b.tolist() and pa == pb


# --------------------------------------------------------------------------- distinct ids, distinct payroll lines

BLANKISH = [None, np.nan, float("nan"), pd.NA, pd.NaT, Decimal("NaN"), np.datetime64("NaT"), "", " ", "S1", "S2", 1,
            1.0, True, "1", Decimal("1")]


@pytest.mark.parametrize("seed", range(30))
def test_known_ids_as_unique_without_blanks(seed):
    rnd = random.Random(seed)
    ids = pd.Series([rnd.choice(BLANKISH) for _ in range(rnd.randint(0, 30))], dtype=object)
    assert V._known(ids) == {u for u in pd.unique(ids.to_numpy(dtype=object)) if not pd.isna(u)}


@pytest.mark.parametrize("seed", range(60))
def test_payroll_lines_distinct_only_when_pandas_finds_no_repeat(seed):
    rnd = random.Random(seed)
    n = rnd.choice([1, 2, 6, 30])
    pay = pd.DataFrame({
        "staff_id": pd.Series([rnd.choice(["S1", "S2", None, np.nan, 1, "1"]) for _ in range(n)], dtype=object),
        "month": pd.Series([rnd.choice([pd.Timestamp(2015, 1, 1), pd.Timestamp(2015, 2, 1), pd.NaT,
                                        pd.Timestamp(1969, 12, 31, 23, 59, 59)]) for _ in range(n)],
                           dtype=rnd.choice(["datetime64[s]", "datetime64[ns]"])),
        "amount": pd.array([rnd.choice([100, 200, None, 2 ** 62]) for _ in range(n)], dtype="Int64"),
    })
    cols = ["staff_id", "month", "amount"]
    key = pay[cols]
    repeated = bool((key.notna().all(axis=1) & key.duplicated(keep=False)).any())
    distinct = V._all_distinct(*(pay[c] for c in cols))
    assert not (repeated and distinct)
    rows = list(zip(*(pay[c].tolist() for c in cols)))
    if len(set(rows)) == len(rows) and not key.isna().any().any():  # no longer sent to the exact check
        assert distinct


# --------------------------------------------------------------------------- staff rows read in one conversion

def test_rows_read_in_one_conversion_as_each_column_gives_them():
    frame = pd.DataFrame({
        "o": pd.Series(["a", None, Decimal("1"), np.nan], dtype=object),
        "s": pd.Series(["x", None, "z", ""], dtype="str"),
        "i": np.array([1, 2, 3, -4], dtype=np.int64),
        "I": pd.array([1, None, 3, 2 ** 62], dtype="Int64"),
        "d": pd.Series([pd.Timestamp(2015, 1, 1), pd.NaT, pd.Timestamp(2015, 2, 1, 12), pd.NaT], dtype="datetime64[s]"),
        "n": pd.Series([pd.Timestamp(2015, 1, 1), pd.NaT, pd.NaT, pd.Timestamp(1900, 1, 1)], dtype="datetime64[ns]"),
        "f": [1.5, np.nan, 2.0, -0.0],
        "b": [True, False, True, False],
        "B": pd.array([True, None, False, True], dtype="boolean"),
        "c": pd.Categorical(["a", "b", None, "a"]),
        "z": pd.Series(pd.date_range("2015-01-01", periods=4, tz="Europe/Brussels")),
    }, index=[5, 7, 9, 2])
    rows = V._Rows(frame)
    for pos, idx in enumerate(frame.index):
        for c in frame.columns:
            a, b = rows.at[idx, c], frame[c].tolist()[pos]
            assert type(a) is type(b) and (a is b or (pd.isna(a) and pd.isna(b)) or a == b), (c, a, b)
