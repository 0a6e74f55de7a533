"""The Fonctionnement / Werking sheet: the ledger lines, the participant refunds in the
engine's order (R11, R18) and the attendance block.  Every formula of a line comes from the
rule that computes it in the engine (``rules``: R10 cap, the split, R13), the flags and shares
beside them from the line's ``basis`` (the rule of OPERATING_ORDER that decided it)."""
from __future__ import annotations

from fractions import Fraction

import pandas as pd

from ..rules import R1, R10, R13, R14, cap_share, split_formulas
from ..schema import enum_label
from ._book import (FIRST, LIB_COLS, LIB_WIDTHS, D, F, N, S, _blank, _Book, _each, _eur, _f, _line_check, _reasons,
                    _sources, _write_totals)


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


def _line_columns(b: _Book, op: pd.DataFrame, oper: pd.DataFrame, parts: dict, prev_of: dict, left_of: dict,
                  be_row: int, bn_row: int) -> dict:
    """The ledger lines' cells, column by column (``_Book.columns``)."""
    n = min(len(op), len(oper))  # the ledger and its lines, side by side
    op, oper = op.iloc[:n], oper.iloc[:n]
    lang = b.lang
    ids, amounts, other_use = oper["id"].tolist(), oper["amount"].tolist(), oper["other_use"].tolist()
    bases = oper["basis"].tolist()
    purposes = op["purpose"].tolist()
    shares = [bs.share for bs in bases]  # the shares the engine used
    others = [bs.other_funding for bs in bases]
    # the line's basis (rules.Basis): which rule of OPERATING_ORDER decided it
    eligible = [0 if bs.rule == R13.id else 1 for bs in bases]
    allowed = [0 if bs.rule in (R1.id, R14.id) else 1 for bs in bases]
    caps = {}  # R10 once per distinct pair of shares (a Fraction's own hash is slow)
    cap = []
    for e, a, s, o in zip(eligible, allowed, shares, others):
        fractions = type(s) is Fraction and type(o) is Fraction
        key = (s.numerator, s.denominator, o.numerator, o.denominator) if fractions else (s, o)
        c = caps.get(key)
        if c is None:
            c = caps[key] = _f(cap_share(s, o))
        cap.append(e * a * c)
    eur = [v / 100 for v in amounts]
    g = [None] * n  # G: the amount, a formula for a refund left blank (R11)
    k, l_, k_v, l_v = [None] * n, [None] * n, [None] * n, [None] * n  # K, L: budget left (refunds)
    m = ["=G{0}".format(r) for r in range(FIRST + 1, FIRST + n + 1)]  # M: the base
    m_v, n_f, o_f, n_v, o_v = list(eur), [None] * n, [None] * n, [0] * n, [0] * n  # N, O: refund parts
    sa = [a - u for a, u in zip(amounts, other_use)]
    blank_amount = op["amount"].isna().tolist()
    for i in [i for i, p in enumerate(purposes) if p == "participant_refund"]:
        # R11: the part within attendance hours × rate, then R18 hours, then the excess (excluded)
        R, rid = FIRST + i + 1, ids[i]
        prev = prev_of[rid]
        k[i], l_[i] = (f"=$L${be_row + 1}", f"=$L${bn_row + 1}") if prev is None else \
                      (f"=K{prev + 1}-M{prev + 1}", f"=L{prev + 1}-N{prev + 1}")
        left_e, left_ne = left_of[rid]
        k_v[i], l_v[i] = _eur(left_e), _eur(left_ne)
        if blank_amount[i]:  # R11: left blank, the refund is what attendance allows
            g[i] = f"=K{R}+L{R}"
        _amount, basis, ne_part, ex_part = parts[rid]
        m[i], m_v[i] = f"=MIN(G{R},K{R})", _eur(basis)
        n_f[i], n_v[i] = f"=MIN(G{R}-M{R},L{R})", _eur(ne_part)
        o_f[i], o_v[i] = f"=G{R}-M{R}-N{R}", _eur(ex_part)
        sa[i] = basis - other_use[i]
    T = _templates()  # the rules' formulas, {R} = the row
    contract = op["contract"].tolist()
    cols = {0: S(ids), 1: D(op["date"]), 2: S(op["description"].tolist()),
            3: S(_each(lambda p: enum_label("purpose", p, lang), purposes)),
            4: S(_each(lambda c: "" if _blank(c) else enum_label("contract", c, lang), contract)),
            5: S(op["procurement_ref"].tolist()), 6: F(g, eur, "eur"),
            7: N([_f(x) for x in shares], "pct"), 8: N([_f(x) for x in others], "pct"),
            9: S(op["other_funder"].tolist()), 10: F(k, k_v, "eur"), 11: F(l_, l_v, "eur"), 12: F(m, m_v, "eur"),
            13: F(n_f, n_v, "eur"), 14: F(o_f, o_v, "eur"), 15: N(eligible, "yesno"), 16: N(allowed, "yesno"),
            17: F(T["cap"], cap, "pct"), 18: F(T["sa"], [v / 100 for v in sa], "eur")}
    for c, fate in enumerate(("claimed", "not_eligible", "excluded", "other_use"), start=19):
        cols[c] = F(T[fate], [v / 100 for v in oper[fate].tolist()], "eur")
    cols[23] = S(oper["rules"].tolist())
    cols[24] = S(_each(lambda x: _reasons(b, x), oper["reasons"].tolist()))
    cols[25] = S(_sources(b, oper["file"].tolist(), oper["sheet"].tolist(), oper["row"].tolist()))
    cols.update(_line_check(oper, O_MONEY, O_LIB))
    return cols


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
    b.columns(ws, FIRST, len(O_COLS), _line_columns(b, op, oper, parts, prev_of, left_of, be_row, bn_row))
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
