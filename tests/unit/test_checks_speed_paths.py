"""The fast paths of the loader's cross checks and personal-data scan give what the plain
pandas / per-value versions gave (kept here as the reference), on awkward data: blanks of
every kind, NaT, Int64 gaps, mixed types, line breaks, short national numbers."""
from __future__ import annotations

import bisect
import datetime as dt
import random
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from activsoc_costs import privacy
from activsoc_costs import validate as V
from activsoc_costs.parameters import HERE, load_parameters
from activsoc_costs.parse import _blank_values


# --------------------------------------------------------------------------- national numbers

def _values_with_nrn_reference(values) -> list:
    texts = []
    for v in values:
        if isinstance(v, float) and v == v and v.is_integer():
            v = str(int(v))
        t = v if isinstance(v, str) else str(v)
        texts.append(t.replace("\n", " ") if "\n" in t else t)
    if not texts:
        return []
    joined = "\n".join(texts)
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    hit = set()
    for m in privacy.NRN_RE.finditer(joined):
        if privacy.nrn_valid("".join(m.groups())):
            hit.add(bisect.bisect_right(starts, m.start()) - 1)
    for m in privacy._SHORT_NUMBER.finditer(joined):
        if privacy.nrn_valid(m.group(1).zfill(11)):
            hit.add(bisect.bisect_right(starts, m.start()) - 1)
    vals = list(values)
    return [vals[i] for i in sorted(hit)]


NRN_PIECES = ["85.07.30-033.28", "85073003328", "850730 033 28", "  85073003328  ", "85073003329", "1234567890",
              "073003328", "73003328", "5073003328", " 5073003328 ", "5073003328.00", "", " ", "  ", "\t", "\n",
              "a\n85073003328", "B000123", "P-85073003328", "x 85.07.30-033.28 y", "850730033281", "abc",
              "1000000021", " 1000000021 ", "1000000021.00", "100000002", "\t100000002", "x\n1000000021",
              85073003328.0, 5073003328, 73003328.0, 1000000021, 1000000021.0, 100000002.0, Decimal("85073003328"),
              12.5, True]


def _random_columns(seed: int, n: int = 300):
    rnd = random.Random(seed)
    for _ in range(n):
        k = rnd.randint(0, 8)
        yield [rnd.choice(NRN_PIECES) for _ in range(k)]


@pytest.mark.parametrize("seed", range(5))
def test_values_with_nrn_same_as_per_value_reference(seed):
    for col in _random_columns(seed):
        # as the scan called it before: blank cells left out (see the next test for them)
        col = [v for v, blank in zip(col, _blank_values(np.array(col, dtype=object))) if not blank]
        # the same objects, in the same order (the scan matches them by identity)
        got, want = privacy.values_with_nrn(col), _values_with_nrn_reference(col)
        assert [id(v) for v in got] == [id(v) for v in want], col


def test_short_number_below_a_blank_cell_is_that_cell():
    uniq = np.array(["  ", "1000000021", "\t", " 100000002", "B1"], dtype=object)
    assert privacy.values_with_nrn(uniq) == ["1000000021", " 100000002"]


@pytest.mark.parametrize("seed", range(5))
def test_scan_on_all_values_same_as_on_non_blank_ones(seed):
    """The scan no longer leaves blank cells out first: a blank cell holds no digit, and a
    short number below a blank cell is still placed on its own cell."""
    for col in _random_columns(seed):
        uniq = np.array(list(dict.fromkeys(col, None)) if all(isinstance(v, str) for v in col) else col,
                        dtype=object)
        blank = _blank_values(uniq)
        cand = [uniq[j] for j in range(len(uniq)) if not blank[j]]
        want = {id(v) for v in _values_with_nrn_reference(cand)}
        got = {id(v) for v in privacy.values_with_nrn(uniq)}
        assert got == want, list(uniq)


# --------------------------------------------------------------------------- pseudonyms

def test_pseudonyms_kept_per_key_are_the_keyed_hashes():
    values = ["B000058", "b000058", " Jean  Dupont ", "jean dupont", "85.07.30-033.28", "85073003328", 1, 1.0, "1",
              True]
    fresh = {}
    for v in values:  # as computed before any was kept
        c = privacy.canonical(v)
        digest = privacy.hmac.new(b"k" * 32, c.encode("utf-8"), privacy.hashlib.sha256).digest()
        n, letters = int.from_bytes(digest[:8], "big"), []
        for _ in range(12):
            n, r = divmod(n, 26)
            letters.append(chr(97 + r))
        fresh[repr(v)] = "ps-" + "".join(letters)
    for _ in range(2):  # a second Pseudonymiser of the same key finds them kept
        ps = privacy.Pseudonymiser(b"k" * 32)
        assert {repr(v): ps.pseudonym(v) for v in values} == fresh
    other = privacy.Pseudonymiser(b"o" * 32)
    assert all(other.pseudonym(v) != fresh[repr(v)] for v in values)


# --------------------------------------------------------------------------- cross checks

def _frame(rnd: random.Random, n: int) -> pd.DataFrame:
    day = [pd.Timestamp(2015, 1, 1), pd.Timestamp(2015, 1, 2), pd.NaT, pd.Timestamp(2051, 3, 1),
           pd.Timestamp(1999, 1, 1), pd.Timestamp(2020, 12, 31, 12)]
    ids = ["S1", "S2", "S3", None, np.nan, "s1", "", 1, "1"]
    return pd.DataFrame({
        "staff_id": pd.Series([rnd.choice(ids) for _ in range(n)], dtype=object),
        "date": pd.Series([rnd.choice(day) for _ in range(n)], dtype="datetime64[s]"),
        "end": pd.Series([rnd.choice(day) for _ in range(n)], dtype="datetime64[s]"),
        "activity": pd.Series([rnd.choice(["a", "b", None]) for _ in range(n)], dtype=object),
        "hours_milli": np.array([rnd.choice([1000, 2000, 0]) for _ in range(n)], dtype=np.int64),
        "hours": pd.Series([rnd.choice([Decimal("1"), Decimal("1.0"), None]) for _ in range(n)], dtype=object),
        "piis_files": pd.array([rnd.choice([1, 2, None]) for _ in range(n)], dtype="Int64"),
        "all_files": pd.array([rnd.choice([1, 3, None]) for _ in range(n)], dtype="Int64"),
        "src_file": "f.csv", "src_sheet": "",
        "src_row": np.arange(2, n + 2, dtype=np.int64),
    }, index=pd.RangeIndex(0, 2 * n, 2))


def _repeated_reference(frame, cols):
    key = pd.DataFrame({c: frame[c].to_numpy() if pd.api.types.is_integer_dtype(frame[c])
                        else frame[c].to_numpy("int64", na_value=-1) if pd.api.types.is_datetime64_any_dtype(frame[c])
                        else pd.factorize(frame[c], use_na_sentinel=True)[0] for c in cols})
    dup = key.duplicated(keep="first").to_numpy() & frame[cols[0]].notna().to_numpy()
    return frame["src_row"].to_numpy()[dup].tolist()


@pytest.mark.parametrize("seed", range(20))
def test_cross_check_fast_paths_same_as_pandas(seed):
    rnd = random.Random(seed)
    frame = _frame(rnd, rnd.randint(1, 40))
    for cols in (["staff_id", "date", "activity", "hours_milli"], ["staff_id", "date", "piis_files", "all_files"],
                 ["activity", "hours", "date"], ["date", "staff_id"]):
        warnings = []
        V._warn_repeated_rows("time", frame, cols, warnings)
        want = _repeated_reference(frame, cols)
        assert (warnings[0].row if warnings else None) == (want[0] if want else None)
        assert (warnings[0].message_fr if warnings else "").startswith(f"{len(want)} ligne" if want else "")
    known = {"S1", "S3", 1}
    ok = V._check_refs(frame, "staff_id", known, "unknown_staff", "time", [])
    assert ok.tolist() == (frame["staff_id"].isin(known) | frame["staff_id"].isna()).tolist()
    assert V._known(frame["staff_id"]) == set(frame["staff_id"].dropna())
    problems = []
    V._check_dates(frame, "date", "end", "staff", problems)
    bad = frame["date"].notna() & frame["end"].notna() & (frame["end"] < frame["date"])
    assert [p.row for p in problems] == frame.loc[bad, "src_row"].tolist()[:V.MAX_REPORTED_PER_COLUMN]
    problems = []
    V._check_far_dates({"time": frame[["date", "src_file", "src_sheet", "src_row"]], "payroll": frame.iloc[:0],
                        "caseload": frame.iloc[:0], "attendance": frame.iloc[:0], "operating": frame.iloc[:0]},
                       load_parameters(2015), problems)
    d, first, last = frame["date"], pd.Timestamp(2010, 1, 1), pd.Timestamp(2020, 12, 31)
    bad = d.notna() & ((d < first) | (d > last))
    assert [p.row for p in problems] == frame.loc[bad, "src_row"].tolist()[:V.MAX_REPORTED_PER_COLUMN]
    for cols in (["staff_id"], ["staff_id", "date", "piis_files"]):
        key = frame[cols]
        has_dup = bool((key.notna().all(axis=1) & key.duplicated(keep=False)).any())
        assert not (has_dup and V._all_distinct(*(frame[c] for c in cols)))


def test_rows_read_once_as_the_frame_shows_them():
    frame = _frame(random.Random(1), 30)
    rows = V._Rows(frame)
    records = dict(zip(frame.index, frame.to_dict("records")))
    for idx in frame.index:
        for c in frame.columns:
            a, b = rows.at[idx, c], records[idx][c]
            # a blank Int64 cell is pd.NA here (as ``frame.at`` gives it), None in to_dict: both blank to the checks
            assert (pd.isna(a) and pd.isna(b)) or (type(a) is type(b) and a == b), (c, a, b)
            assert not pd.isna(a) or type(a) is type(frame.at[idx, c])


def test_parameters_read_once_and_again_when_the_file_changes(tmp_path):
    src = load_parameters(2015)
    assert load_parameters(2015) is src
    f = tmp_path / "2015.toml"
    f.write_text((HERE / "2015.toml").read_text(encoding="utf-8"), encoding="utf-8")
    assert load_parameters(2015, f) == src
    f.write_text(f.read_text(encoding="utf-8").replace("max_trajectory_months = ", "max_trajectory_months = 1"),
                 encoding="utf-8")
    assert load_parameters(2015, f).max_trajectory_months == int(f"1{src.max_trajectory_months}")
