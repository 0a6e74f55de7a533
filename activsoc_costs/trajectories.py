"""Trajectories: which PIIS count for the year, under R15-R20, and why.

A PIIS counts when it is a social-activation PIIS (2.1, 2.2, 2.3; not
professional activation or studies, R18), lasts at most one year (R16), runs
in the convention period (R1: one that ended, or was left, before the period
or starts after it does not count), and, when the beneficiary left early, the
reason is given (R20).  One person counts once (R17): the earliest PIIS that
passes the other rules.

R19, as the binding choice of domain.md reads it: a PIIS of the previous year
counts again only when it was concluded for ONE YEAR (planned end no more than
``one_year_tolerance_days`` of the year's parameters before start + 12 months),
began in the second half of the previous year, had its intermediate evaluation
before the period, and is still running in the period (not ended, not left).
A 3-month PIIS of the previous year does not count again.  ``carry_over`` (may
count again next year) is set only for a one-year PIIS of this year's second
half, evaluated within the period and still running at its end.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from operator import itemgetter

import numpy as np
import pandas as pd

from .frames import column as array  # frame[name].to_numpy(...), without the Series
from .keydata import Inputs, cells
from .parameters import Parameters
from . import problems as P

TYPES = ("2.1", "2.2", "2.3")
OUTCOMES = ("socio_professional", "autonomy", "volunteering", "job")
COLUMNS = ["id", "person", "type", "start", "end", "left_on", "counted", "rule", "reason", "carry_over",
           "status", "outcome", "file", "sheet", "row"]


_PIIS_COLUMNS = ("id", "person", "type", "leave_reason", "outcome", "src_file", "src_sheet", "src_row")
_NO_DAY = dt.date.min  # the sort key of a blank start (sorted last by the flag before it)


@lru_cache(maxsize=4096)  # many PIIS start on the same day
def add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    y, m = d.year + y, m + 1
    last = (dt.date(y + (m // 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(y, m, min(d.day, last))


def _d(v) -> dt.date | None:
    return None if v is None or pd.isna(v) else v.date()


def _dates(s: pd.Series) -> list:
    """A date column as dates (None when blank), converted at once rather than cell by cell."""
    if pd.api.types.is_datetime64_any_dtype(s):
        return s.to_numpy("datetime64[D]").astype(object).tolist()  # NaT -> None
    return [_d(v) for v in s]


def _dates_of(frame: pd.DataFrame, name: str) -> list:
    """``_dates(frame[name])``, a naive datetime64 column read without a Series (12-30 µs each,
    issue 11); any other column (objects, a time zone) as ``_dates`` reads it."""
    days = array(frame, name)  # frame[name].to_numpy()
    if days.dtype.kind == "M":
        return days.astype("datetime64[D]").astype(object).tolist()  # NaT -> None
    return _dates(frame[name])


def one_year(start: dt.date, end: dt.date, params: Parameters) -> bool:
    """R19: concluded for one year: planned end within the tolerance of start + 12 months - 1 day
    (longer than a year is R16's refusal, checked before)."""
    full = add_months(start, 12) - dt.timedelta(days=1)
    return end >= full - dt.timedelta(days=params.one_year_tolerance_days)


def _text(v) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v).strip()


def _place(pid, file, sheet, row) -> dict:
    """Where a PIIS's warning is said: its row, its id as the value."""
    return dict(file=file, sheet=sheet, row=int(row), value=pid)


_TYPED = {"counted": bool, "carry_over": bool, "row": np.int64}  # the table's columns not left to inference


def count_trajectories(inputs: Inputs) -> tuple[pd.DataFrame, list[P.Problem]]:
    """One row per PIIS: counted or not, the rule and the reason, the R19 flag."""
    rows, warnings = trajectory_rows(inputs)
    return rows.table(), warnings


class Rows(list):
    """The rows of ``count_trajectories``' table (tuples in the order of COLUMNS, by source row),
    before the table is made: a report reads a few columns and may never need the table."""

    def column(self, name: str) -> list:
        """The values of column ``name`` as the rows hold them (the rows are read into columns once)."""
        columns = self.__dict__.get("columns")
        if columns is None:
            columns = self.columns = list(zip(*self)) if self else [()] * len(COLUMNS)
        return list(columns[COLUMNS.index(name)])

    def table(self) -> pd.DataFrame:
        """The table (``count_trajectories``)."""
        if not self:
            return pd.DataFrame([], columns=COLUMNS)
        return pd.DataFrame({c: (np.array(v, dtype=_TYPED[c]) if c in _TYPED else list(v))
                             for c, v in zip(COLUMNS, zip(*self))}, columns=COLUMNS)


def trajectory_rows(inputs: Inputs) -> tuple[Rows, list[P.Problem]]:
    """``count_trajectories`` before its table is made: the rows (``Rows``) and the warnings."""
    params: Parameters = inputs.params
    piis = inputs.piis
    ps, pe = params.period_start, params.period_end
    m, d = params.second_half_starts  # R19: the second half of a year (parameters/<year>.toml)
    prev_h2 = dt.date(ps.year - 1, m, d)
    this_h2 = dt.date(ps.year, m, d)
    rows, warnings = [], []
    seen_person: dict[str, str] = {}
    cols = {c: cells(piis, c) for c in _PIIS_COLUMNS} if len(piis) else {}  # each column as Python values
    dates = [_dates_of(piis, c) for c in ("start", "end", "left_on", "evaluation")] if len(piis) else [[]] * 4
    # in the order of start (blank last) then source row, stable (as sort_values(["start", "src_row"]))
    keys = [(d is None, d or _NO_DAY, r) for d, r in zip(dates[0], cols["src_row"])] if len(piis) else []
    recs = list(zip(*(cols[c] for c in _PIIS_COLUMNS), *dates)) if len(piis) else []
    for pid, person, typ, leave_reason, outcome, s_file, s_sheet, s_row, start, end, left, evaluation in \
            (recs[i] for i in sorted(range(len(recs)), key=keys.__getitem__)):
        reason_text = leave_reason.strip() if type(leave_reason) is str else _text(leave_reason)
        outcome = outcome.strip() if type(outcome) is str else _text(outcome)
        counted, rule, reason, carry = True, "", "", False
        if typ not in TYPES:
            counted, rule, reason = False, "R18", "not_social_activation"
        elif start is None or end is None:
            counted, rule, reason = False, "R16", "dates_missing"
        elif end > add_months(start, params.max_trajectory_months) - dt.timedelta(days=1):
            counted, rule, reason = False, "R16", "longer_than_one_year"
            warnings.append(P.make("w_r16_too_long", **_place(pid, s_file, s_sheet, s_row)))
        elif start > pe or end < ps:
            counted, rule, reason = False, "R1", "outside_period"
        elif left is not None and left < ps:
            counted, rule, reason = False, "R1", "left_before_period"
        elif start < ps and not (start >= prev_h2 and evaluation is not None and start <= evaluation < ps):
            counted, rule, reason = False, "R19", "previous_year_without_intermediate_evaluation"
        elif start < ps and not one_year(start, end, params):
            counted, rule, reason = False, "R19", "previous_year_not_one_year"
            months = round(((end - start).days + 1) / 30.44)
            warnings.append(P.make("w_r19_not_one_year", **_place(pid, s_file, s_sheet, s_row), months=months))
        elif left is not None and left <= pe and not reason_text:
            counted, rule, reason = False, "R20", "left_without_reason"
            warnings.append(P.make("w_r20_no_reason", **_place(pid, s_file, s_sheet, s_row)))
        if counted:
            if person in seen_person:
                counted, rule, reason = False, "R17", f"second_trajectory_of_person (first: {seen_person[person]})"
                warnings.append(P.make("w_r17_second", **_place(pid, s_file, s_sheet, s_row), person=person))
            else:
                seen_person[person] = pid
        if counted and start >= this_h2 and end > pe and evaluation is not None and start <= evaluation <= pe \
                and one_year(start, end, params) and (left is None or left > pe):
            carry = True  # R19: a one-year PIIS of the second half, evaluated, still running
        if not counted:
            status = "not_counted"
        elif left is not None and left <= pe:
            status, rule = "left_with_reason", rule or "R20"
        elif outcome:
            status = "outcome"
        else:
            status = "ongoing"
        rows.append((pid, person, typ, start, end, left, counted, rule,
                     reason if not counted else (reason_text or ""), carry, status,
                     outcome if counted else "", s_file, s_sheet, int(s_row)))
    rows.sort(key=itemgetter(14))  # by source row, stable
    return Rows(rows), warnings


def count_bilans(inputs: Inputs) -> int:
    """R15 line 1: distinct beneficiaries with a bilan social made in the period."""
    b = inputs.bilans
    if 0 in b.shape:  # b.empty
        return 0
    p = inputs.params
    day = array(b, "date")  # b["date"].to_numpy(): a naive datetime64 column is compared in numpy
    if day.dtype.kind != "M":  # else (objects, a time zone) pandas compares
        inside = (b["date"] >= pd.Timestamp(p.period_start)) & (b["date"] <= pd.Timestamp(p.period_end))
        return int(b.loc[inside, "person"].nunique())
    inside = ((day >= np.datetime64(p.period_start)) & (day <= np.datetime64(p.period_end))).tolist()
    # nunique: distinct persons, blanks left out
    return len({x for x, k in zip(cells(b, "person"), inside) if k and (isinstance(x, str) or not pd.isna(x))})
