"""The Fonctionnement / Werking sheet: the ledger lines, the participant refunds in the
engine's order (R11, R18) and the attendance block.  Every formula of a line comes from the
rule that computes it in the engine (``rules``: R10 cap, the split, R13), the flags and shares
beside them from the line's ``basis`` (the rule of OPERATING_ORDER that decided it)."""
from __future__ import annotations

from fractions import Fraction

import pandas as pd

from ..rules import R1, R10, R13, R14, cap_share, split_formulas
from ..schema import enum_label
from ._book import (FIRST, LIB_COLS, LIB_WIDTHS, _blank, _Book, _eur, _f, _reasons, _source, _text,
                    _write_line_check, _write_totals)


O_COLS = ["xl_id", "xl_date", "xl_description", "xl_purpose", "xl_contract", "procurement_ref", "xl_paid", "xl_share",
          "xl_other_funding", "xl_other_funder", "xl_budget_left", "xl_budget_ne_left", "xl_base", "xl_refund_ne",
          "xl_refund_ex", "xl_eligible_nature", "xl_allowed_op", "xl_claimable", "xl_sa_part", "claimed",
          "not_eligible", "excluded", "other_use", "rules", "xl_reasons", "xl_source", *LIB_COLS]
O_WIDTHS = [9, 11, 36, 20, 14, 16, 14, 10, 11, 12, 14, 14, 14, 13, 13, 10, 10, 11, 14, 14, 13, 13, 14, 11, 30, 24,
            *LIB_WIDTHS]
O_MONEY = {"amount": 6, "claimed": 19, "not_eligible": 20, "excluded": 21, "other_use": 22}
O_LIB = 26


# --------------------------------------------------------------------------- Operating costs

def _refund_order(op: pd.DataFrame, refunds: dict, oper: pd.DataFrame) -> tuple[list, dict]:
    """The refund lines in the order the engine uses the attendance budget, and each
    one's (amount, eligible basis, not eligible, excluded), from the engine itself
    (``refunds._split_refunds``), so that the workbook cannot follow another order."""
    from ..refunds import _split_refunds
    if not len(op) or not refunds:
        return [], {}
    parts = _split_refunds(op, refunds)
    return list(parts), parts


def _templates() -> dict[str, str]:
    """The formulas of a ledger line, from the rules, with ``{R}`` for the row: made once per
    sheet (R10 cap with the R13 eligible and R1/R14 allowed flags, the split, R13's sa_fate)."""
    c = {x: f"{x}{{R}}" for x in "HIMNOPQRST"}
    t = {"cap": R10.formula(c["H"], c["I"], f'{c["P"]}*{c["Q"]}'),
         **split_formulas(c["M"], c["H"], c["R"], eligible=c["P"], refund_ne=c["N"], refund_ex=c["O"], sa=c["S"],
                          claimed=c["T"])}
    return {k: "=" + v for k, v in t.items()}


def write_operating(b: _Book):
    f, inputs = b.f, b.inputs
    op = inputs.operating
    ws = b.sheet("operating", FIRST - 1, O_WIDTHS, len(O_COLS))
    b.title(ws, "operating")
    b.s(ws, 1, 0, "R1, R10-R14, R18", "text")
    b.header(ws, FIRST - 1, O_COLS)
    lines = f.allocation.lines
    oper = lines[lines["kind"] == "operating"]
    n = len(oper)
    refunds = f.allocation.refunds or {}
    total_row = max(FIRST + n, FIRST + 1)
    block = total_row + 2  # the refunds block (R11) below the totals
    rate_row, he_row, hn_row, ho_row, be_row, bn_row = (block + 1, block + 2, block + 3, block + 4, block + 5,
                                                         block + 6)
    # R11: the refund lines use the attendance budget one after the other in the engine's
    # order (date, then id), whatever their order in the ledger: each refund row's budget
    # left is the previous refund's (in that order) budget minus what that refund used.
    order, parts = _refund_order(op, refunds, oper)
    row_of = {rid: FIRST + i for i, rid in enumerate(oper["id"].tolist())}
    prev_of, left_of = {}, {}
    prev, left_e, left_ne = None, refunds.get("eligible", 0), refunds.get("not_eligible", 0)
    for rid in order:
        prev_of[rid], left_of[rid] = prev, (left_e, left_ne)
        _amount, basis, ne_part, _ex = parts[rid]
        left_e, left_ne = left_e - basis, left_ne - ne_part
        prev = row_of[rid]
    T = _templates()  # the rules' formulas, {R} = the row
    r = FIRST
    b.rows(ws, len(O_COLS))
    for src, line in zip(op.itertuples(index=False), oper.itertuples(index=False)):
        R = r + 1
        b.s(ws, r, 0, line.id)
        b.d(ws, r, 1, src.date)
        b.s(ws, r, 2, src.description, "text")
        b.s(ws, r, 3, enum_label("purpose", src.purpose, b.lang))
        if not _blank(src.contract):
            b.s(ws, r, 4, enum_label("contract", src.contract, b.lang))
        b.s(ws, r, 5, _text(src.procurement_ref))
        share, other = line.basis.share, line.basis.other_funding  # the shares the engine used
        b.n(ws, r, 7, _f(share), "pct")
        b.n(ws, r, 8, _f(other), "pct")
        b.s(ws, r, 9, _text(src.other_funder))
        amount = int(line.amount)
        if src.purpose == "participant_refund":
            # R11: the part within attendance hours × rate, then R18 hours, then the excess (excluded)
            prev = prev_of[line.id]
            ke, kn = (f"$L${be_row + 1}", f"$L${bn_row + 1}") if prev is None else \
                     (f"K{prev + 1}-M{prev + 1}", f"L{prev + 1}-N{prev + 1}")
            left_e, left_ne = left_of[line.id]
            b.fx(ws, r, 10, f"={ke}", _eur(left_e), "eur")
            b.fx(ws, r, 11, f"={kn}", _eur(left_ne), "eur")
            if _blank(src.amount):  # R11: left blank, the refund is what attendance allows
                b.fx(ws, r, 6, f"=K{R}+L{R}", _eur(amount), "eur")
            else:
                b.n(ws, r, 6, _eur(amount), "eur")
            _amount, basis, ne_part, ex_part = parts[line.id]
            b.fx(ws, r, 12, f"=MIN(G{R},K{R})", _eur(basis), "eur")
            b.fx(ws, r, 13, f"=MIN(G{R}-M{R},L{R})", _eur(ne_part), "eur")
            b.fx(ws, r, 14, f"=G{R}-M{R}-N{R}", _eur(ex_part), "eur")
        else:
            b.n(ws, r, 6, _eur(amount), "eur")
            basis, ne_part, ex_part = amount, 0, 0
            b.fx(ws, r, 12, f"=G{R}", _eur(amount), "eur")
            b.n(ws, r, 13, 0, "eur")
            b.n(ws, r, 14, 0, "eur")
        # the line's basis (rules.Basis): which rule of OPERATING_ORDER decided it
        decided = line.basis.rule
        eligible = 0 if decided == R13.id else 1
        allowed = 0 if decided in (R1.id, R14.id) else 1
        b.n(ws, r, 15, eligible, "yesno")
        b.n(ws, r, 16, allowed, "yesno")
        cap = eligible * allowed * _f(cap_share(share, other))
        Rs = str(R)
        b.fx(ws, r, 17, T["cap"].replace("{R}", Rs), cap, "pct")
        sa = basis - int(line.other_use)
        b.fx(ws, r, 18, T["sa"].replace("{R}", Rs), _eur(sa), "eur")
        b.fx(ws, r, 19, T["claimed"].replace("{R}", Rs), _eur(line.claimed), "eur")
        b.fx(ws, r, 20, T["not_eligible"].replace("{R}", Rs), _eur(line.not_eligible), "eur")
        b.fx(ws, r, 21, T["excluded"].replace("{R}", Rs), _eur(line.excluded), "eur")
        b.fx(ws, r, 22, T["other_use"].replace("{R}", Rs), _eur(line.other_use), "eur")
        b.s(ws, r, 23, line.rules)
        b.s(ws, r, 24, _reasons(b, line.reasons))
        b.s(ws, r, 25, _source(b, line.file, line.sheet, line.row))
        _write_line_check(b, ws, r, line, O_MONEY, O_LIB)
        r += 1
    b.end_rows()
    ws.autofilter(FIRST - 1, 0, max(FIRST - 1 + n, FIRST), len(O_COLS) - 1)
    _write_totals(b, ws, total_row, O_MONEY, n, "Op", f.operating, O_LIB)
    # the refunds block: attendance hours × rate (R11), hours of not-eligible PIIS (R18)
    b.s(ws, block, 0, b.L("xl_refunds_title"), "section")
    rate = refunds.get("rate", b.inputs.params.refund_rate_cents)
    rows = [(rate_row, "xl_rate", "=Refund_Rate", _eur(rate), "eur"),
            (he_row, "xl_hours_eligible", None, _f(Fraction(refunds.get("hours_eligible", 0), 1000)), "hours"),
            (hn_row, "xl_hours_not_eligible", None, _f(Fraction(refunds.get("hours_not_eligible", 0), 1000)), "hours"),
            (ho_row, "xl_hours_outside", None, _f(Fraction(refunds.get("hours_outside", 0), 1000)), "hours"),
            (be_row, "xl_budget_eligible", f"=ROUND(L{he_row + 1}*L{rate_row + 1},2)", _eur(refunds.get("eligible", 0)), "eur"),
            (bn_row, "xl_budget_not_eligible", f"=ROUND(L{hn_row + 1}*L{rate_row + 1},2)",
             _eur(refunds.get("not_eligible", 0)), "eur")]
    # hours that fund no refund (R11): PIIS not counted (R16, R17, R19, R20) or outside the PIIS's dates
    not_counted = refunds.get("hours_excluded", 0) - refunds.get("hours_outside", 0)
    rows.append((bn_row + 1, "xl_hours_not_counted", None, _f(Fraction(not_counted, 1000)), "hours"))
    for row, key, formula, value, fmt in rows:
        b.s(ws, row, 2, b.L(key))
        if formula:
            b.fx(ws, row, 11, formula, value, fmt)
        else:
            b.n(ws, row, 11, value, fmt)
    b.name("Refund_Budget_Eligible", "operating", be_row, 11)
    b.name("Refund_Budget_NotEligible", "operating", bn_row, 11)
    return ws
