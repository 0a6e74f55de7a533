"""keydata: the validated inputs (``Inputs``) and the key data the rules need (issue 10).

Owns: the ``Inputs`` container (tables with canonical columns, each row keeping its place
in the officer's files), hours held in thousandths (``MILLI``), and the key data made
from the tables: hours per staff member and activity (R6, R25), files per staff member
(R7, R8), the part of the period a staff member worked and its productive hours (R1).
The engine reads a table's column without a Series per column by ``frames`` (``column``,
``cells``, ``held``, ``days``: re-exported here).  Core: imports nothing from reading (read,
load, schema) nor rendering (export, cli, app).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from . import problems as P
from .frames import _MASKED, cells, column, days, held, labels  # noqa: F401  (cells, days, held: the engine's, from here)
from .parameters import Parameters

MILLI = 1000                  # hours are held in thousandths of an hour (3.6 s), as integers


def to_milli(hours) -> int:
    """Hours (a Decimal, or a value ``Decimal`` reads exactly) -> thousandths of an hour, an integer:
    the one place hours become ``MILLI``ths (the loader's columns, the what-if's planned hours)."""
    return int((Decimal(hours) * MILLI).to_integral_value())


@dataclass
class Inputs:
    """Validated input tables with canonical columns, each row keeping its place
    (``src_file``, ``src_sheet``, ``src_row``) in the user's files."""

    convention: dict
    params: Parameters | None
    tables: dict[str, pd.DataFrame]
    problems: list[P.Problem] = field(default_factory=list)
    warnings: list[P.Problem] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # file name -> SHA-256
    source: str = ""
    internal: bool = False  # True: real beneficiary values kept (explicit opt-in), else pseudonyms
    # the aggregates the allocation keys need (R6, R7), made once by the cross-checks
    hours: pd.DataFrame = field(default_factory=pd.DataFrame)           # aggregate_hours(time)
    files_by_staff: pd.DataFrame = field(default_factory=pd.DataFrame)  # aggregate_files(caseload)

    def __getattr__(self, name):
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    @property
    def ok(self) -> bool:
        return not self.problems


def in_period(frame: pd.DataFrame, col: str, params: Parameters | None) -> pd.Series:
    """R1: the rows of a dated table that belong to the convention period.  An
    undated row (the date column is optional in the time and caseload tables) is
    the year's: the table is the record of the convention year (README, "Rules
    that move money")."""
    if params is None or not len(frame.index) or col not in frame.columns:  # frame.empty: no rows, or no columns
        return pd.Series(True, index=frame.index)
    inside = _days_in_period(frame, col, params)
    return pd.Series(inside, index=frame.index, name=col) if inside is not None else _in_period_pandas(frame, col, params)


def in_period_mask(frame: pd.DataFrame, col: str, params: Parameters | None) -> np.ndarray:
    """``in_period(frame, col, params).to_numpy()``, without the Series (~15 µs) when the
    caller only keeps the rows."""
    if params is None or not len(frame.index) or col not in frame.columns:
        return np.ones(len(frame.index), dtype=bool)
    inside = _days_in_period(frame, col, params)
    return inside if inside is not None else _in_period_pandas(frame, col, params).to_numpy()


def _in_period_pandas(frame: pd.DataFrame, col: str, params: Parameters) -> pd.Series:
    """``in_period`` of any other date column (objects, a time zone), compared by pandas."""
    d = frame[col]
    return (d.isna() | ((d >= pd.Timestamp(params.period_start)) & (d <= pd.Timestamp(params.period_end)))).astype(bool)


def _days_in_period(frame: pd.DataFrame, col: str, params: Parameters) -> np.ndarray | None:
    """``in_period`` of a naive datetime64 column and a period of dates, in numpy; None otherwise."""
    dates = column(frame, col)  # frame[col].to_numpy(), without the Series
    first, last = params.period_start, params.period_end
    if dates.dtype.kind == "M" and type(first) is dt.date and type(last) is dt.date:
        # a blank date (NaT) compares False; the period's days at midnight, as the Timestamps of in_period
        first, last = np.datetime64(first, "D"), np.datetime64(last, "D")
        return np.isnat(dates) | ((dates >= first) & (dates <= last))
    return None


def aggregate_hours(time: pd.DataFrame, params: Parameters | None = None, codes: dict | None = None) -> pd.DataFrame:
    """Hours per staff member (rows) and activity (columns), in thousandths of an
    hour: exact integer sums, the one group-by over the time records.  With
    ``params``, records dated outside the convention period never count (R1).
    ``codes``: the staff_id and activity columns as ``pd.factorize`` gave them (one code
    per row of ``time``), when the caller has them."""
    if params is not None and not time.empty:
        keep = in_period_mask(time, "date", params)
        time = time[keep]
        codes = {c: (k[keep], u) for c, (k, u) in codes.items()} if codes else None
    hours = _sum_by_staff(time, "activity", "hours_milli", codes) if not time.empty else pd.DataFrame()
    if hours is None:  # a blank or non-text key, or hours not integers: pandas decides
        hours = time.groupby(["staff_id", "activity"])["hours_milli"].sum().unstack(fill_value=0)
    for act in ACTIVITIES:  # each activity a column (_sum_by_staff's frame has them: nothing to add)
        if act not in hours.columns:
            hours[act] = 0
    return hours


ACTIVITIES = ("social_activation", "social_work", "professional_activation", "other")


def aggregate_files(caseload: pd.DataFrame, params: Parameters | None = None) -> pd.DataFrame:
    """PIIS-AS files and all files per staff member (R7, R8); with ``params``,
    records dated outside the convention period never count (R1)."""
    if params is not None and not caseload.empty:
        caseload = caseload[in_period_mask(caseload, "date", params)]
    if caseload.empty:  # pd.DataFrame(columns=["piis_files", "all_files"]): a copy of it (made once, ~160 µs)
        return _NO_FILES.copy()
    files = _sum_by_staff(caseload, None, ("piis_files", "all_files"))
    return files if files is not None else caseload.groupby("staff_id")[["piis_files", "all_files"]].sum()


_NO_FILES = pd.DataFrame(columns=["piis_files", "all_files"])
_TEXT = pd.Index(np.array(["a"], dtype=object)).dtype  # the dtype pandas infers for texts ("str")


def _text_index(texts: np.ndarray, name: str) -> pd.Index:
    """``pd.Index(texts, name=name)`` of an object array whose values are all ``str``: the dtype
    pandas infers for texts, given rather than inferred again (the inference costs ~40 µs).
    No texts: pandas infers ``object``.  The array and the Index made as pandas' own constructors
    make them once the values are known to be texts (``StringArray``, ``Index._simple_new``:
    ~20 µs less), the public ways where those are not there."""
    if not len(texts):
        return pd.Index(texts, name=name)
    values = pd.arrays.StringArray(texts, dtype=_TEXT) if getattr(_TEXT, "storage", None) == "python" \
        else pd.array(texts, dtype=_TEXT)
    simple = getattr(pd.Index, "_simple_new", None)
    return simple(values, name=name) if simple is not None else pd.Index(values, name=name)


def _frame(arrays: list, columns: pd.Index, index: pd.Index) -> pd.DataFrame:
    """``pd.DataFrame(dict(zip(columns, arrays)), index=index)`` of fresh arrays, distinct column
    names: the same frame from pandas' own constructor of arrays (the dict path costs ~100 µs)."""
    make = getattr(pd.DataFrame, "_from_arrays", None)
    if make is None:
        return pd.DataFrame(dict(zip(columns, arrays)), index=index, columns=columns)
    return make(arrays, columns=columns, index=index)


SMALL_KEY = 500  # cells: a shorter key column is coded by Python (pd.factorize's fixed cost is higher)


def _sorted_text_codes(values: pd.Series | np.ndarray, given: tuple | None = None, dtype=None
                       ) -> tuple[np.ndarray, np.ndarray] | None:
    """The codes of a key column whose cells are all text (none blank), its distinct values
    sorted as pandas' group-by sorts them; None otherwise.  ``given``: the column's
    ``pd.factorize`` (of its objects; distinct values not in the column are left out).
    ``values``: the column, or its cells as objects (``column(frame, name, object)``) with
    ``dtype`` the column's."""
    dtype = values.dtype if dtype is None else dtype
    if isinstance(dtype, pd.CategoricalDtype) or (given is not None and dtype != object):
        return None
    if given is None:
        objects = values.to_numpy(dtype=object) if isinstance(values, pd.Series) else values
        if len(objects) <= SMALL_KEY:  # a short column of texts: one set, sorted as pandas sorts them
            texts = objects.tolist()
            if all(type(v) is str for v in texts):
                uniq = sorted(set(texts))
                rank = {u: n for n, u in enumerate(uniq)}
                return (np.fromiter(map(rank.__getitem__, texts), dtype=np.intp, count=len(texts)),
                        np.array(uniq, dtype=object))
        codes, uniq = pd.factorize(objects, sort=True)
        if (codes < 0).any() or not all(type(u) is str for u in uniq):
            return None
        return codes, uniq
    codes, uniq = given
    if not len(codes) or codes.min() < 0:
        return None
    used = np.flatnonzero(np.bincount(codes, minlength=len(uniq)))
    if not all(type(u) is str for u in uniq[used]):
        return None
    order = used[np.argsort(uniq[used])]  # distinct texts: sorted as pandas sorts them (numpy on the objects)
    rank = np.zeros(len(uniq), dtype=np.intp)
    rank[order] = np.arange(len(order))
    return rank[codes], uniq[order]


def _key_codes(frame: pd.DataFrame, name: str, given: tuple | None):
    """``_sorted_text_codes`` of column ``name``, read without a Series (its cells only when
    its codes are not given)."""
    return _sorted_text_codes(column(frame, name, object) if given is None else None, given, held(frame, name).dtype)


def _sum_by_staff(frame: pd.DataFrame, by: str | None, what, given: dict | None = None) -> pd.DataFrame | None:
    """The group-by sums of ``aggregate_hours`` (``by``: the activity, one column per value; the
    integer hours; then a zero column of each of ``ACTIVITIES`` not there, as ``aggregate_hours``
    adds them) and ``aggregate_files`` (``what``: the Int64 counts, a blank one counting 0) on
    integer codes: the same frame as pandas makes, or None where pandas must decide (a blank or
    non-text key, other column types).  The staff ids and activities are texts: their Index is
    made as ``_text_index`` (same dtype as inferred)."""
    given = given or {}
    staff = _key_codes(frame, "staff_id", given.get("staff_id"))
    if staff is None:
        return None
    codes, sids = staff
    if by is not None:
        milli = column(frame, what)
        acts = _key_codes(frame, by, given.get(by)) if milli.dtype == np.int64 else None
        if acts is None:
            return None
        names = acts[1].tolist()
        names += [a for a in ACTIVITIES if a not in names]  # zero columns, after the sorted ones
        sums = np.zeros(len(sids) * len(names), dtype=np.int64)
        np.add.at(sums, codes * len(names) + acts[0], milli)
        return pd.DataFrame(sums.reshape(len(sids), len(names)), index=_text_index(sids, "staff_id"),
                            columns=labels(tuple(names), by))
    out = []
    for c in what:
        values = held(frame, c)
        if not isinstance(values.dtype, pd.Int64Dtype):
            return None
        sums = np.zeros(len(sids), dtype=np.int64)
        # frame[c].to_numpy("int64", na_value=0): its values, 0 where blank (pandas copies under a warnings filter)
        masked = _MASKED is not None and isinstance(values, _MASKED)
        counts = np.where(values._mask, 0, values._data) if masked else column(frame, c, "int64", na_value=0)
        np.add.at(sums, codes, counts)
        out.append(pd.arrays.IntegerArray(sums, np.zeros(len(sids), dtype=bool)))  # Int64, none blank
    return _frame(out, labels(tuple(what), None), _text_index(sids, "staff_id"))


def staff_period(staff: pd.DataFrame, idx, params: Parameters) -> tuple[dt.date, dt.date]:
    """The part of the convention period the staff member worked."""
    return period_worked(staff.at[idx, "start"], staff.at[idx, "end"], params)


def period_worked(s, e, params: Parameters) -> tuple[dt.date, dt.date]:
    """``staff_period`` from the staff member's start and end cells (Timestamp, or blank)."""
    start = max(params.period_start, s.date()) if not pd.isna(s) else params.period_start
    end = min(params.period_end, e.date()) if not pd.isna(e) else params.period_end
    return start, end


def productive_hours(staff: pd.DataFrame, idx, params: Parameters) -> Fraction:
    """Productive hours of a staff member: given, or 1 720 h x FTE pro rata of the period worked."""
    return productive_hours_of(staff.at[idx, "productive_hours"], staff.at[idx, "fte"], staff.at[idx, "start"],
                               staff.at[idx, "end"], params)


def productive_hours_of(given, fte, start, end, params: Parameters) -> Fraction:
    """``productive_hours`` from the staff member's cells (``productive_hours``, ``fte``,
    ``start``, ``end``), for a caller that holds the row already."""
    if given is not None and not pd.isna(given):
        return Fraction(given)
    fte = Fraction(fte) if fte is not None and not pd.isna(fte) else Fraction(1)
    start, end = period_worked(start, end, params)
    worked = max((end - start).days + 1, 0)
    period_days = (params.period_end - params.period_start).days + 1
    return Fraction(params.productive_hours_per_fte) * fte * Fraction(worked, period_days)
