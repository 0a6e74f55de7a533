"""The Salaires / Lonen sheet: the payroll months, the detail of the personnel lines."""
from __future__ import annotations

import pandas as pd

from ._book import FIRST, D, N, S, _Book, _eur, _sources


def _payroll_detail(allocation) -> pd.DataFrame:
    """The engine's payroll months (``Allocation.payroll_detail``), or an empty table."""
    d = getattr(allocation, "payroll_detail", None)
    if d is None:
        return pd.DataFrame(columns=["staff_id", "line_id", "month", "amount", "in_period", "file", "sheet", "row"])
    return d


PAY_COLS = ["xl_staff_id", "xl_line", "xl_month", "xl_cost", "xl_in_period", "xl_source"]
PAY_WIDTHS = [12, 16, 11, 14, 12, 30]


def write_payroll(b: _Book):
    """The payroll months, the detail of the personnel lines: a staff member's line costs the
    sum of its months in the period (SUMIFS on the line id); a month outside the period is its
    own line, excluded (R1).  ``in the period`` is the engine's decision, shown as a value."""
    detail = _payroll_detail(b.f.allocation)
    ws = b.sheet("payroll", FIRST - 1, PAY_WIDTHS, len(PAY_COLS))
    b.title(ws, "payroll")
    b.s(ws, 1, 0, "R1 — " + b.L("xl_payroll_note"), "text")
    b.header(ws, FIRST - 1, PAY_COLS)
    b.columns(ws, FIRST, len(PAY_COLS), {
        0: S(detail["staff_id"].tolist()), 1: S(detail["line_id"].tolist()), 2: D(detail["month"].tolist(), "month"),
        3: N([v / 100 for v in detail["amount"].tolist()], "eur"),
        4: N([1 if x else 0 for x in detail["in_period"].tolist()], "yesno"),
        5: S(_sources(b, detail["file"].tolist(), detail["sheet"].tolist(), detail["row"].tolist()))})
    r = FIRST + len(detail)
    n = len(detail)
    last = FIRST + max(n, 1) - 1
    ws.autofilter(FIRST - 1, 0, max(FIRST - 1 + n, FIRST), len(PAY_COLS) - 1)
    b.name("Pay_Line", "payroll", FIRST, 1, last)
    b.name("Pay_Amount", "payroll", FIRST, 3, last)
    total = max(r, FIRST + 1)
    b.s(ws, total, 0, b.L("total"), "tot_label")
    b.fx(ws, total, 3, f"=SUM(D{FIRST + 1}:D{last + 1})", _eur(int(detail["amount"].sum()) if n else 0), "eur_tot")
    return ws
