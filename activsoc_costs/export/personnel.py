"""The Personnel sheet: one line per staff member for the period (its cost the SUMIFS of its
payroll months of the period, or the annual cost), one line per payroll month outside it (R1).
Every formula of a line comes from the rule that computes it in the engine (``rules``: R6, R7,
R9 keys, R10 cap, the split), the values beside them from the line's ``basis``."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

import pandas as pd

from ..keydata import staff_period
from ..rules import R6, R7, R9_FIXED, R10, split_formulas
from ..schema import enum_label
from ._book import (FIRST, LIB_COLS, LIB_WIDTHS, D, F, N, S, _blank, _Book, _eur, _f, _line_check, _reasons,
                    _sources, _text, _write_totals)
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


def _period_dates(staff: pd.DataFrame) -> SimpleNamespace:
    """The staff's start and end dates as ``keydata.staff_period`` reads them (``.at[index, column]``),
    each column read once instead of two pandas look-ups per staff member."""
    return SimpleNamespace(at={(i, k): v for k in ("start", "end") for i, v in zip(staff.index, staff[k].tolist())})


def write_personnel(b: _Book):
    f, inputs = b.f, b.inputs
    params, staff = inputs.params, inputs.staff
    ws = b.sheet("personnel", FIRST - 1, P_WIDTHS, len(P_COLS))
    b.title(ws, "personnel")
    b.s(ws, 1, 0, "ROUND(cost × share; 2) — R6-R10, R25", "text")
    b.header(ws, FIRST - 1, P_COLS)
    lines = f.allocation.lines
    pers = lines[lines["kind"] == "personnel"]
    idx_by_id = dict(zip(staff["id"].tolist(), staff.index))
    at = {k: staff[k].to_dict() for k in ("justification", "other_funder", "productive_hours", "fte")}  # by index
    dates = _period_dates(staff)
    # the payroll months (the detail of a staff member's line, sheet Payroll): each line whose
    # staff member has payroll months costs SUMIFS of its months, a live formula
    detail = _payroll_detail(f.allocation)
    paid_lines = set(detail["line_id"].tolist()) if len(detail) else set()
    months = {}
    if len(detail):
        months = {lid: m for lid, m, ok in zip(detail["line_id"].tolist(), detail["month"].tolist(),
                                                detail["in_period"].tolist()) if not ok}
    T = _templates()  # the rules' formulas, {R} = the row
    n = len(pers)
    v = {c: [None] * n for c in range(len(P_COLS) - len(LIB_COLS))}  # each column's values, row by row
    fx = {c: [None] * n for c in (5, 8, 10, 11)}  # the formulas of the columns that have some (None: a number)
    fm = {c: ["pct"] * n for c in (7, 8)}  # the formats of the columns whose format depends on the key
    sheet_rows = {}  # staff id -> (from, to, key label, justification) cached per staff
    for k, line in enumerate(pers.itertuples(index=False)):
        s = f.allocation.staff[line.ref]
        R = FIRST + k + 1
        Rs = str(R)
        if line.ref not in sheet_rows:
            i = idx_by_id[line.ref]
            start, end = staff_period(dates, i, params)
            key = enum_label("key", s.key, b.lang)
            if s.key == "time":
                key += " — " + enum_label("method", s.method, b.lang)
            just = _text(at["justification"][i])
            funder = _text(at["other_funder"][i])
            if funder:
                just = f"{just} ({b.L('xl_other_funder')}: {funder})".strip()
            sheet_rows[line.ref] = (start, end, key, just, enum_label("function", s.function, b.lang), i)
        start, end, key, just, function, i = sheet_rows[line.ref]
        v[0][k], v[1][k], v[2][k] = line.id, line.ref, function
        m = months.get(line.id)  # a payroll month outside the period (R1): its own line
        if m is not None and not _blank(m):
            first = pd.Timestamp(m).date().replace(day=1)
            nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            v[3][k], v[4][k] = first, nxt - dt.timedelta(days=1)
        else:
            v[3][k], v[4][k] = start, end
        if line.id in paid_lines:
            fx[5][k] = f"=SUMIFS(Pay_Amount,Pay_Line,A{R})"
        v[5][k] = _eur(line.amount)
        v[6][k] = key
        # the key's data (H, I, J) and the share (K), the not-eligible share (L): the line's basis
        bs = line.basis
        data = bs.data
        if s.key == "time":
            v[7][k], fm[7][k], fm[8][k] = _f(data["sa_hours"]), "hours", "hours"
            if s.method == "productive_hours":
                given = at["productive_hours"][i]
                if _blank(given):
                    # productive hours = hours per FTE × FTE × days worked / days of the period
                    fte = at["fte"][i]
                    fte = Decimal(1) if _blank(fte) else Decimal(str(fte))
                    days = max((end - start).days + 1, 0)
                    pdays = (params.period_end - params.period_start).days + 1
                    fx[8][k] = f"={params.productive_hours_per_fte}*{fte}*{days}/{pdays}"
                v[8][k] = _f(data["productive_hours"])
                fx[10][k] = T["time_prod"].replace("{R}", Rs)
                fx[11][k] = T["time_prod_ne"].replace("{R}", Rs)
            else:
                v[8][k] = _f(data["worked_hours"])
                fx[10][k] = T["time"].replace("{R}", Rs)
                fx[11][k] = T["time_ne"].replace("{R}", Rs)
            v[9][k] = _f(data.get("prof_hours", Fraction(0)))
            v[10][k], v[11][k] = _f(bs.share), _f(bs.not_eligible_share)
        else:
            if s.key == "caseload":
                v[7][k], v[8][k], fm[7][k], fm[8][k] = data["piis_files"], data["all_files"], "int", "int"
                fx[10][k], v[10][k] = T["caseload"].replace("{R}", Rs), _f(bs.share)
            elif s.key == "fixed":
                v[7][k] = _f(bs.share)
                fx[10][k], v[10][k] = T["fixed"].replace("{R}", Rs), _f(bs.share)
            else:  # direct (R8): 100 %
                v[10][k] = 1
            v[11][k] = 0
        v[12][k] = _f(bs.other_funding)
        # nothing claimable when R1 or R8/R9 decided the line; else the R10 cap
        v[13][k] = 0 if bs.claimable is None else 1
        v[14][k] = _f(bs.claimable or Fraction(0))
        v[15][k] = _eur(line.claimed + line.excluded)
        v[20][k], v[21][k], v[22][k] = line.rules, _reasons(b, line.reasons), just
    cols = {0: S(v[0]), 1: S(v[1]), 2: S(v[2]), 3: D(v[3]), 4: D(v[4]), 5: F(fx[5], v[5], "eur"), 6: S(v[6]),
            7: N(v[7], fm[7]), 8: F(fx[8], v[8], fm[8]), 9: N(v[9], "hours"), 10: F(fx[10], v[10], "pct"),
            11: F(fx[11], v[11], "pct"), 12: N(v[12], "pct"), 13: N(v[13], "yesno"), 14: F(T["cap"], v[14], "pct"),
            15: F(T["sa"], v[15], "eur"), 20: S(v[20]), 21: S(v[21]), 22: S(v[22]),
            23: S(_sources(b, pers["file"].tolist(), pers["sheet"].tolist(), pers["row"].tolist()))}
    for c, fate in enumerate(("claimed", "not_eligible", "excluded", "other_use"), start=16):
        cols[c] = F(T[fate], [x / 100 for x in pers[fate].tolist()], "eur")
    cols.update(_line_check(pers, P_MONEY, P_LIB))
    b.columns(ws, FIRST, len(P_COLS), cols)
    r = max(FIRST + n, FIRST + 1)
    ws.autofilter(FIRST - 1, 0, max(FIRST - 1 + n, FIRST), len(P_COLS) - 1)
    _write_totals(b, ws, r, P_MONEY, n, "Pers", f.personnel, P_LIB)
    return ws
