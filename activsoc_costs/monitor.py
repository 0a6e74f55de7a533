"""monitor: the mid-year monitoring of a what-if model (no widgets).

Owns: the actual claim to a date (from the engine's allocation: no scenario changes it,
so it is computed once per model and day), and the table budgeted / actual /
theoretical / projected per category with its warnings (R2).

The mid-year monitoring (:func:`monitor`) compares, per category, the budgeted
amount, the actual claim to a date, the theoretical amount (budget pro rata of
the days elapsed) and the projected year-end amount (actual / days elapsed x
days in the period), and warns when the grant will not be fully used (money the
CPAS loses, R2) or will be exceeded (the excess is not paid, R2).  Actual costs
to a date: operating lines dated on or before the date; a staff member's line of
payroll months (one line for the period, issue 9) counts its claim pro rata of
the amounts of the months ended on or before the date; a staff member's annual
``cost`` is taken as the year's cost and counted pro rata of the days of the
staff period elapsed.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import pandas as pd

from . import problems as P
from .money import ZERO, half_up_div, mul_share
from .scenario import CATEGORIES, Scenario

if TYPE_CHECKING:  # pragma: no cover
    from .whatif import WhatIf


def line_dates(model: "WhatIf") -> pd.DataFrame:
    """Each allocated line with the date it counts as actual (None: an annual staff
    cost, or a line of payroll months, whose ``months`` are (month end, amount))."""
    if model._line_dates is None:
        alloc = model.figures.allocation
        lines = alloc.lines
        op_dates = dict(zip(model.inputs.operating["id"], model.inputs.operating["date"]))
        months: dict[str, list] = {}
        d = alloc.payroll_detail
        for lid, month, amount in zip(d["line_id"], d["month"], d["amount"]):
            nxt = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
            months.setdefault(lid, []).append((nxt - dt.timedelta(days=1), int(amount)))
        dates, line_months = [], []
        for kind, lid in zip(lines["kind"], lines["id"]):
            m = months.get(lid) if kind == "personnel" else None
            if kind == "operating":
                v = op_dates.get(lid)
                dates.append(None if v is None or pd.isna(v) else v.date())
            elif m is not None and len(m) == 1:  # one payroll month: counts once the month has ended
                dates.append(m[0][0])
                m = None
            else:
                dates.append(None)
            line_months.append(tuple(m) if m else None)
        model._line_dates = pd.DataFrame({"kind": lines["kind"], "ref": lines["ref"], "claimed": lines["claimed"],
                                         "amount": lines["amount"], "date": dates, "months": line_months})
    return model._line_dates


# --------------------------------------------------------------------------- mid-year monitoring

@dataclass
class MonitorRow:
    category: str
    budgeted: int
    actual: int
    theoretical: int   # budget pro rata of the days elapsed
    projected: int     # actual / days elapsed x days in the period
    gap: int           # projected - budgeted


@dataclass
class Monitoring:
    as_of: dt.date
    elapsed_days: int
    period_days: int
    granted: int
    rows: list[MonitorRow]
    total: MonitorRow
    warnings: list[P.Problem]

    def table(self) -> pd.DataFrame:
        return pd.DataFrame([asdict(r) for r in [*self.rows, self.total]]).set_index("category")


def monitor(model: WhatIf, as_of: dt.date, scenario: Scenario | None = None) -> Monitoring:
    """Budgeted / actual / theoretical / projected per category at ``as_of``.

    ``model`` holds the actual costs (the inputs loaded with the costs to date);
    the budget plan is ``scenario.budget`` (a category left out takes the
    scenario's planned claim for it).
    """
    sc = scenario or Scenario()
    params = model.params
    start, end = params.period_start, params.period_end
    period_days = (end - start).days + 1
    warnings: list[P.Problem] = []
    if as_of < start or as_of > end:
        warnings.append(P.make("w_monitor_date_outside", file="", value=as_of.strftime("%d/%m/%Y"),
                               start=start.strftime("%d/%m/%Y"), end=end.strftime("%d/%m/%Y")))
    day = min(max(as_of, start - dt.timedelta(days=1)), end)
    elapsed = (day - start).days + 1
    plan = model.evaluate(sc)
    budget = {"personnel": plan.personnel["claimed"], "operating": plan.operating_claimed}
    budget.update({c: v for c, v in sc.budget.items() if c in CATEGORIES})
    actual = actual_to_date(model, day)
    rows = []
    for c in CATEGORIES:
        b, a = budget[c], actual[c]
        theo = mul_share(b, Fraction(elapsed, period_days)) if elapsed > 0 else 0
        proj = half_up_div(a * period_days, elapsed) if elapsed > 0 else 0
        rows.append(MonitorRow(c, b, a, theo, proj, proj - b))
    tb, ta = sum(r.budgeted for r in rows), sum(r.actual for r in rows)
    tt, tp = sum(r.theoretical for r in rows), sum(r.projected for r in rows)
    total = MonitorRow("total", tb, ta, tt, tp, tp - tb)
    granted = plan.granted
    if elapsed > 0:
        if tp > granted:
            warnings.append(P.make("w_monitor_exceeded", value=as_of.strftime("%d/%m/%Y"), projected=P.Eur(tp),
                                   granted=P.Eur(granted), over=P.Eur(tp - granted)))
        elif tp < granted:
            warnings.append(P.make("w_monitor_underuse", value=as_of.strftime("%d/%m/%Y"), projected=P.Eur(tp),
                                   granted=P.Eur(granted), lost=P.Eur(granted - tp),
                                   use=P.Pct(Fraction(tp, granted) if granted else ZERO)))
    return Monitoring(as_of=as_of, elapsed_days=max(elapsed, 0), period_days=period_days, granted=granted, rows=rows,
                      total=total, warnings=warnings)


def actual_to_date(model: WhatIf, day: dt.date) -> dict[str, int]:
    """The actual claims per category up to ``day`` (the inputs' allocation: no scenario
    changes them), computed once per day and model: the app shows the monitoring after
    every control change (issue 10 item 4)."""
    cache = model.__dict__.setdefault("_actual_by_day", {})
    hit = cache.get(day)
    if hit is None:
        hit = cache[day] = _actual_sums(model, day)
    return dict(hit)


def _actual_sums(model: WhatIf, day: dt.date) -> dict[str, int]:
    start, end = model.params.period_start, model.params.period_end
    ld = model.line_dates()
    actual = {"personnel": 0, "operating": 0}
    for kind, ref, claimed, amount, d, months in zip(ld["kind"], ld["ref"], ld["claimed"], ld["amount"], ld["date"],
                                                     ld["months"]):
        claimed = int(claimed)
        if months is not None:
            # payroll months summed in one line: the claim of the months ended, pro rata of their amounts
            done = sum(a for end_, a in months if end_ <= day)
            if claimed and int(amount):
                actual[kind] += mul_share(claimed, Fraction(done, int(amount)))
        elif d is not None:
            if d <= day:
                actual[kind] += claimed
        elif kind == "personnel" and claimed:
            # an annual staff cost: the year's cost, counted pro rata of the staff period elapsed
            s, e = model.staff_period.get(ref, (start, end))
            days = (e - s).days + 1
            done = (min(day, e) - s).days + 1
            if days > 0 and done > 0:
                actual[kind] += mul_share(claimed, Fraction(min(done, days), days))
    return actual


__all__ = ["monitor", "Monitoring", "MonitorRow", "actual_to_date", "line_dates"]
