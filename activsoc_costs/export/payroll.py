"""The Salaires / Lonen sheet: the payroll months, the detail of the personnel lines."""
from __future__ import annotations

import pandas as pd

from ._book import FIRST, _Book, _eur, _source


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
    r = FIRST
    b.rows(ws, len(PAY_COLS))
    for d in detail.itertuples(index=False):
        b.s(ws, r, 0, d.staff_id)
        b.s(ws, r, 1, d.line_id)
        b.d(ws, r, 2, d.month, "month")
        b.n(ws, r, 3, _eur(d.amount), "eur")
        b.n(ws, r, 4, 1 if d.in_period else 0, "yesno")
        b.s(ws, r, 5, _source(b, d.file, d.sheet, d.row))
        r += 1
    b.end_rows()
    n = len(detail)
    last = FIRST + max(n, 1) - 1
    ws.autofilter(FIRST - 1, 0, max(FIRST - 1 + n, FIRST), len(PAY_COLS) - 1)
    b.name("Pay_Line", "payroll", FIRST, 1, last)
    b.name("Pay_Amount", "payroll", FIRST, 3, last)
    total = max(r, FIRST + 1)
    b.s(ws, total, 0, b.L("total"), "tot_label")
    b.fx(ws, total, 3, f"=SUM(D{FIRST + 1}:D{last + 1})", _eur(int(detail["amount"].sum()) if n else 0), "eur_tot")
    return ws
