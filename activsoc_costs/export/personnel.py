"""The Personnel sheet: one line per staff member for the period (its cost the SUMIFS of its
payroll months of the period, or the annual cost), one line per payroll month outside it (R1).
Every formula of a line comes from the rule that computes it in the engine (``rules``: R6, R7,
R9 keys, R10 cap, the split), the values beside them from the line's ``basis``."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pandas as pd

from ..keydata import staff_period
from ..rules import R6, R7, R9_FIXED, R10, split_formulas
from ..schema import enum_label
from ._book import (FIRST, LIB_COLS, LIB_WIDTHS, _blank, _Book, _eur, _f, _reasons, _source, _text,
                    _write_line_check, _write_totals)
from .payroll import _payroll_detail


P_COLS = ["xl_line", "xl_staff_id", "xl_function", "xl_from", "xl_to", "xl_cost", "xl_key", "xl_key_num",
          "xl_key_den", "xl_prof_hours", "xl_share", "xl_ne_share", "xl_other_funding", "xl_allowed_pers",
          "xl_claimable", "xl_sa_part", "claimed", "not_eligible", "excluded", "other_use", "rules", "xl_reasons",
          "justification", "xl_source", *LIB_COLS]
P_WIDTHS = [13, 10, 18, 11, 11, 14, 16, 12, 12, 12, 11, 10, 11, 9, 11, 14, 14, 13, 13, 14, 12, 28, 40, 24,
            *LIB_WIDTHS]
P_MONEY = {"amount": 5, "claimed": 16, "not_eligible": 17, "excluded": 18, "other_use": 19}
P_LIB = 24  # first column of the program's figures on the personnel sheet


def _templates() -> dict[str, str]:
    """The formulas of a personnel line, from the rules, with ``{R}`` for the row: made once
    per sheet (R6 time key, R7 caseload, R9 fixed share, R10 cap, the split)."""
    c = {x: f"{x}{{R}}" for x in "FHIJKLMNOPQR"}
    t = {"time": R6.formula(c["H"], c["I"]), "time_ne": R6.formula(c["H"], c["I"], c["J"], c["K"]),
         "time_prod": R6.formula(c["H"], c["I"], productive=True),
         "time_prod_ne": R6.formula(c["H"], c["I"], c["J"], c["K"], productive=True),
         "caseload": R7.formula(c["H"], c["I"]), "fixed": R9_FIXED.formula(c["H"]),
         "cap": R10.formula(c["K"], c["M"], c["N"]),
         **split_formulas(c["F"], c["K"], c["O"], ne_share=c["L"], sa=c["P"], claimed=c["Q"], not_eligible=c["R"])}
    return {k: "=" + v for k, v in t.items()}


def write_personnel(b: _Book):
    f, inputs = b.f, b.inputs
    params, staff = inputs.params, inputs.staff
    ws = b.sheet("personnel", FIRST - 1, P_WIDTHS, len(P_COLS))
    b.title(ws, "personnel")
    b.s(ws, 1, 0, "ROUND(cost × share; 2) — R6-R10, R25", "text")
    b.header(ws, FIRST - 1, P_COLS)
    lines = f.allocation.lines
    pers = lines[lines["kind"] == "personnel"]
    idx_by_id = {staff.at[i, "id"]: i for i in staff.index}
    # the payroll months (the detail of a staff member's line, sheet Payroll): each line whose
    # staff member has payroll months costs SUMIFS of its months, a live formula
    detail = _payroll_detail(f.allocation)
    paid_lines = set(detail["line_id"].tolist()) if len(detail) else set()
    months = {}
    if len(detail):
        months = {lid: m for lid, m, ok in zip(detail["line_id"], detail["month"], detail["in_period"]) if not ok}
    T = _templates()  # the rules' formulas, {R} = the row
    sheet_rows = {}  # staff id -> (from, to, key label, justification) cached per staff
    r = FIRST
    b.rows(ws, len(P_COLS))
    for line in pers.itertuples(index=False):
        s = f.allocation.staff[line.ref]
        R = r + 1
        Rs = str(R)
        if line.ref not in sheet_rows:
            i = idx_by_id[line.ref]
            start, end = staff_period(staff, i, params)
            key = enum_label("key", s.key, b.lang)
            if s.key == "time":
                key += " — " + enum_label("method", s.method, b.lang)
            just = _text(staff.at[i, "justification"])
            funder = _text(staff.at[i, "other_funder"])
            if funder:
                just = f"{just} ({b.L('xl_other_funder')}: {funder})".strip()
            sheet_rows[line.ref] = (start, end, key, just, enum_label("function", s.function, b.lang), i)
        start, end, key, just, function, i = sheet_rows[line.ref]
        b.s(ws, r, 0, line.id)
        b.s(ws, r, 1, line.ref)
        b.s(ws, r, 2, function)
        m = months.get(line.id)  # a payroll month outside the period (R1): its own line
        if m is not None and not _blank(m):
            first = pd.Timestamp(m).date().replace(day=1)
            nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            b.d(ws, r, 3, first)
            b.d(ws, r, 4, nxt - dt.timedelta(days=1))
        else:
            b.d(ws, r, 3, start)
            b.d(ws, r, 4, end)
        if line.id in paid_lines:
            b.fx(ws, r, 5, f"=SUMIFS(Pay_Amount,Pay_Line,A{R})", _eur(line.amount), "eur")
        else:
            b.n(ws, r, 5, _eur(line.amount), "eur")
        b.s(ws, r, 6, key)
        # the key's data (H, I, J) and the share (K), the not-eligible share (L): the line's basis
        bs = line.basis
        data = bs.data
        if s.key == "time":
            b.n(ws, r, 7, _f(data["sa_hours"]), "hours")
            if s.method == "productive_hours":
                given = staff.at[i, "productive_hours"]
                if _blank(given):
                    # productive hours = hours per FTE × FTE × days worked / days of the period
                    fte = staff.at[i, "fte"]
                    fte = Decimal(1) if _blank(fte) else Decimal(str(fte))
                    days = max((end - start).days + 1, 0)
                    pdays = (params.period_end - params.period_start).days + 1
                    b.fx(ws, r, 8, f"={params.productive_hours_per_fte}*{fte}*{days}/{pdays}",
                         _f(data["productive_hours"]), "hours")
                else:
                    b.n(ws, r, 8, _f(data["productive_hours"]), "hours")
                b.fx(ws, r, 10, T["time_prod"].replace("{R}", Rs), _f(bs.share), "pct")
                b.fx(ws, r, 11, T["time_prod_ne"].replace("{R}", Rs), _f(bs.not_eligible_share), "pct")
            else:
                b.n(ws, r, 8, _f(data["worked_hours"]), "hours")
                b.fx(ws, r, 10, T["time"].replace("{R}", Rs), _f(bs.share), "pct")
                b.fx(ws, r, 11, T["time_ne"].replace("{R}", Rs), _f(bs.not_eligible_share), "pct")
            b.n(ws, r, 9, _f(data.get("prof_hours", Fraction(0))), "hours")
        else:
            if s.key == "caseload":
                b.n(ws, r, 7, data["piis_files"], "int")
                b.n(ws, r, 8, data["all_files"], "int")
                b.fx(ws, r, 10, T["caseload"].replace("{R}", Rs), _f(bs.share), "pct")
            elif s.key == "fixed":
                b.n(ws, r, 7, _f(bs.share), "pct")
                b.fx(ws, r, 10, T["fixed"].replace("{R}", Rs), _f(bs.share), "pct")
            else:  # direct (R8): 100 %
                b.n(ws, r, 10, 1, "pct")
            b.n(ws, r, 11, 0, "pct")
        b.n(ws, r, 12, _f(bs.other_funding), "pct")
        # nothing claimable when R1 or R8/R9 decided the line; else the R10 cap
        allowed = 0 if bs.claimable is None else 1
        b.n(ws, r, 13, allowed, "yesno")
        b.fx(ws, r, 14, T["cap"].replace("{R}", Rs), _f(bs.claimable or Fraction(0)), "pct")
        b.fx(ws, r, 15, T["sa"].replace("{R}", Rs), _eur(line.claimed + line.excluded), "eur")
        b.fx(ws, r, 16, T["claimed"].replace("{R}", Rs), _eur(line.claimed), "eur")
        b.fx(ws, r, 17, T["not_eligible"].replace("{R}", Rs), _eur(line.not_eligible), "eur")
        b.fx(ws, r, 18, T["excluded"].replace("{R}", Rs), _eur(line.excluded), "eur")
        b.fx(ws, r, 19, T["other_use"].replace("{R}", Rs), _eur(line.other_use), "eur")
        b.s(ws, r, 20, line.rules)
        b.s(ws, r, 21, _reasons(b, line.reasons))
        b.s(ws, r, 22, just)
        b.s(ws, r, 23, _source(b, line.file, line.sheet, line.row))
        _write_line_check(b, ws, r, line, P_MONEY, P_LIB)
        r += 1
    b.end_rows()
    n = len(pers)
    r = max(r, FIRST + 1)
    ws.autofilter(FIRST - 1, 0, max(FIRST - 1 + n, FIRST), len(P_COLS) - 1)
    _write_totals(b, ws, r, P_MONEY, n, "Pers", f.personnel, P_LIB)
    return ws
