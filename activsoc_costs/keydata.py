"""keydata: the validated inputs (``Inputs``) and the key data the rules need (issue 10).

Owns: the ``Inputs`` container (tables with canonical columns, each row keeping its place
in the officer's files), hours held in thousandths (``MILLI``), and the key data made
from the tables: hours per staff member and activity (R6, R25), files per staff member
(R7, R8), the part of the period a staff member worked and its productive hours (R1).
Core: imports nothing from reading (read, load, schema) nor rendering (export, cli, app).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import pandas as pd

from . import problems as P
from .parameters import Parameters

MILLI = 1000                  # hours are held in thousandths of an hour (3.6 s), as integers


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
    if params is None or frame.empty or col not in frame.columns:
        return pd.Series(True, index=frame.index)
    d = frame[col]
    days = d.to_numpy()
    first, last = params.period_start, params.period_end
    if days.dtype.kind == "M" and type(first) is dt.date and type(last) is dt.date:
        # a blank date (NaT) compares False; the period's days at midnight, as the Timestamps below
        first, last = np.datetime64(first, "D"), np.datetime64(last, "D")
        return pd.Series(np.isnat(days) | ((days >= first) & (days <= last)), index=frame.index, name=d.name)
    return (d.isna() | ((d >= pd.Timestamp(params.period_start)) & (d <= pd.Timestamp(params.period_end)))).astype(bool)


def aggregate_hours(time: pd.DataFrame, params: Parameters | None = None, codes: dict | None = None) -> pd.DataFrame:
    """Hours per staff member (rows) and activity (columns), in thousandths of an
    hour: exact integer sums, the one group-by over the time records.  With
    ``params``, records dated outside the convention period never count (R1).
    ``codes``: the staff_id and activity columns as ``pd.factorize`` gave them (one code
    per row of ``time``), when the caller has them."""
    if params is not None and not time.empty:
        keep = in_period(time, "date", params).to_numpy()
        time = time[keep]
        codes = {c: (k[keep], u) for c, (k, u) in codes.items()} if codes else None
    hours = _sum_by_staff(time, "activity", "hours_milli", codes) if not time.empty else pd.DataFrame()
    if hours is None:  # a blank or non-text key, or hours not integers: pandas decides
        hours = time.groupby(["staff_id", "activity"])["hours_milli"].sum().unstack(fill_value=0)
    for act in ("social_activation", "social_work", "professional_activation", "other"):
        if act not in hours.columns:
            hours[act] = 0
    return hours


def aggregate_files(caseload: pd.DataFrame, params: Parameters | None = None) -> pd.DataFrame:
    """PIIS-AS files and all files per staff member (R7, R8); with ``params``,
    records dated outside the convention period never count (R1)."""
    if params is not None and not caseload.empty:
        caseload = caseload[in_period(caseload, "date", params).to_numpy()]
    if caseload.empty:
        return pd.DataFrame(columns=["piis_files", "all_files"])
    files = _sum_by_staff(caseload, None, ("piis_files", "all_files"))
    return files if files is not None else caseload.groupby("staff_id")[["piis_files", "all_files"]].sum()


SMALL_KEY = 500  # cells: a shorter key column is coded by Python (pd.factorize's fixed cost is higher)


def _sorted_text_codes(values: pd.Series, given: tuple | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """The codes of a key column whose cells are all text (none blank), its distinct values
    sorted as pandas' group-by sorts them; None otherwise.  ``given``: the column's
    ``pd.factorize`` (of its objects; distinct values not in the column are left out)."""
    if isinstance(values.dtype, pd.CategoricalDtype) or (given is not None and values.dtype != object):
        return None
    if given is None:
        cells = values.to_numpy(dtype=object)
        if len(cells) <= SMALL_KEY:  # a short column of texts: one set, sorted as pandas sorts them
            texts = cells.tolist()
            if all(type(v) is str for v in texts):
                uniq = sorted(set(texts))
                rank = {u: n for n, u in enumerate(uniq)}
                return (np.fromiter(map(rank.__getitem__, texts), dtype=np.intp, count=len(texts)),
                        np.array(uniq, dtype=object))
        codes, uniq = pd.factorize(cells, sort=True)
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


def _sum_by_staff(frame: pd.DataFrame, by: str | None, what, given: dict | None = None) -> pd.DataFrame | None:
    """The group-by sums of ``aggregate_hours`` (``by``: the activity, one column per value; the
    integer hours) and ``aggregate_files`` (``what``: the Int64 counts, a blank one counting 0) on
    integer codes: the same frame as pandas makes, or None where pandas must decide (a blank or
    non-text key, other column types)."""
    given = given or {}
    staff = _sorted_text_codes(frame["staff_id"], given.get("staff_id"))
    if staff is None:
        return None
    codes, sids = staff
    if by is not None:
        milli = frame[what].to_numpy()
        acts = _sorted_text_codes(frame[by], given.get(by))
        if acts is None or milli.dtype != np.int64:
            return None
        sums = np.zeros(len(sids) * len(acts[1]), dtype=np.int64)
        np.add.at(sums, codes * len(acts[1]) + acts[0], milli)
        return pd.DataFrame(sums.reshape(len(sids), len(acts[1])), index=pd.Index(sids, name="staff_id"),
                            columns=pd.Index(acts[1], name=by))
    out = {}
    for c in what:
        col = frame[c]
        if not isinstance(col.dtype, pd.Int64Dtype):
            return None
        sums = np.zeros(len(sids), dtype=np.int64)
        np.add.at(sums, codes, col.to_numpy("int64", na_value=0))
        out[c] = pd.arrays.IntegerArray(sums, np.zeros(len(sids), dtype=bool))  # Int64, none blank
    return pd.DataFrame(out, index=pd.Index(sids, name="staff_id"))


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
    days = max((end - start).days + 1, 0)
    period_days = (params.period_end - params.period_start).days + 1
    return Fraction(params.productive_hours_per_fte) * fte * Fraction(days, period_days)
