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
from collections import namedtuple
from functools import lru_cache

import numpy as np
import pandas as pd

from .keydata import Inputs
from .parameters import Parameters
from . import problems as P

TYPES = ("2.1", "2.2", "2.3")
OUTCOMES = ("socio_professional", "autonomy", "volunteering", "job")
COLUMNS = ["id", "person", "type", "start", "end", "left_on", "counted", "rule", "reason", "carry_over",
           "status", "outcome", "file", "sheet", "row"]


_Piis = namedtuple("_Piis", "id person type leave_reason outcome src_file src_sheet src_row")
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


def one_year(start: dt.date, end: dt.date, params: Parameters) -> bool:
    """R19: concluded for one year: planned end within the tolerance of start + 12 months - 1 day
    (longer than a year is R16's refusal, checked before)."""
    full = add_months(start, 12) - dt.timedelta(days=1)
    return end >= full - dt.timedelta(days=params.one_year_tolerance_days)


def _text(v) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v).strip()


def count_trajectories(inputs: Inputs) -> tuple[pd.DataFrame, list[P.Problem]]:
    """One row per PIIS: counted or not, the rule and the reason, the R19 flag."""
    params: Parameters = inputs.params
    piis = inputs.piis
    ps, pe = params.period_start, params.period_end
    m, d = params.second_half_starts  # R19: the second half of a year (parameters/<year>.toml)
    prev_h2 = dt.date(ps.year - 1, m, d)
    this_h2 = dt.date(ps.year, m, d)
    rows, warnings = [], []
    seen_person: dict[str, str] = {}
    cols = {c: piis[c].tolist() for c in ("id", "person", "type", "leave_reason", "outcome", "src_file",
                                          "src_sheet", "src_row")} if len(piis) else {}
    dates = [_dates(piis[c]) for c in ("start", "end", "left_on", "evaluation")] if len(piis) else [[]] * 4
    # in the order of start (blank last) then source row, stable (as sort_values(["start", "src_row"]))
    order = sorted(range(len(piis)), key=lambda i: (dates[0][i] is None, dates[0][i] or _NO_DAY, cols["src_row"][i]))
    recs = list(zip(*(cols[c] for c in _Piis._fields), *dates)) if len(piis) else []
    for i in order:
        *fields, start, end, left, evaluation = recs[i]
        r = _Piis._make(fields)
        reason_text = _text(r.leave_reason)
        w = dict(file=r.src_file, sheet=r.src_sheet, row=int(r.src_row), value=r.id)
        counted, rule, reason, carry = True, "", "", False
        if r.type not in TYPES:
            counted, rule, reason = False, "R18", "not_social_activation"
        elif start is None or end is None:
            counted, rule, reason = False, "R16", "dates_missing"
        elif end > add_months(start, params.max_trajectory_months) - dt.timedelta(days=1):
            counted, rule, reason = False, "R16", "longer_than_one_year"
            warnings.append(P.make("w_r16_too_long", **w))
        elif start > pe or end < ps:
            counted, rule, reason = False, "R1", "outside_period"
        elif left is not None and left < ps:
            counted, rule, reason = False, "R1", "left_before_period"
        elif start < ps and not (start >= prev_h2 and evaluation is not None and start <= evaluation < ps):
            counted, rule, reason = False, "R19", "previous_year_without_intermediate_evaluation"
        elif start < ps and not one_year(start, end, params):
            counted, rule, reason = False, "R19", "previous_year_not_one_year"
            months = round(((end - start).days + 1) / 30.44)
            warnings.append(P.make("w_r19_not_one_year", **w, months=months))
        elif left is not None and left <= pe and not reason_text:
            counted, rule, reason = False, "R20", "left_without_reason"
            warnings.append(P.make("w_r20_no_reason", **w))
        if counted:
            if r.person in seen_person:
                counted, rule, reason = False, "R17", f"second_trajectory_of_person (first: {seen_person[r.person]})"
                warnings.append(P.make("w_r17_second", **w, person=r.person))
            else:
                seen_person[r.person] = r.id
        if counted and start >= this_h2 and end > pe and evaluation is not None and start <= evaluation <= pe \
                and one_year(start, end, params) and (left is None or left > pe):
            carry = True  # R19: a one-year PIIS of the second half, evaluated, still running
        if not counted:
            status = "not_counted"
        elif left is not None and left <= pe:
            status, rule = "left_with_reason", rule or "R20"
        elif _text(r.outcome):
            status = "outcome"
        else:
            status = "ongoing"
        rows.append((r.id, r.person, r.type, start, end, left, counted, rule,
                     reason if not counted else (reason_text or ""), carry, status,
                     _text(r.outcome) if counted else "", r.src_file, r.src_sheet, int(r.src_row)))
    if not rows:
        return pd.DataFrame([], columns=COLUMNS), warnings
    rows.sort(key=lambda t: t[-1])  # by source row, stable
    table = pd.DataFrame(dict(zip(COLUMNS, (list(c) for c in zip(*rows)))), columns=COLUMNS)
    return table, warnings


def count_bilans(inputs: Inputs) -> int:
    """R15 line 1: distinct beneficiaries with a bilan social made in the period."""
    b = inputs.bilans
    if b.empty:
        return 0
    p = inputs.params
    if b["date"].dtype.kind != "M":
        inside = (b["date"] >= pd.Timestamp(p.period_start)) & (b["date"] <= pd.Timestamp(p.period_end))
        return int(b.loc[inside, "person"].nunique())
    day = b["date"].to_numpy()  # naive datetime64: the same comparisons, without a Series per CPAS
    inside = ((day >= np.datetime64(p.period_start)) & (day <= np.datetime64(p.period_end))).tolist()
    # nunique: distinct persons, blanks left out
    return len({x for x, k in zip(b["person"].tolist(), inside) if k and (isinstance(x, str) or not pd.isna(x))})
