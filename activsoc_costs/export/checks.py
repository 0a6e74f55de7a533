"""The Contrôles / Controles sheet: the reconciliation, every line and every count against
the program's figures, the problems and warnings."""
from __future__ import annotations

from ._book import FATES, N, S, _Book, _col, _eur, _q
from .summary import SUMMARY_R15, SUMMARY_R23


# --------------------------------------------------------------------------- Checks
C_WIDTHS = [34, 16, 16, 16, 16, 16, 14, 8, 10, 60]


def write_checks(b: _Book):
    f, L = b.f, b.L
    ws = b.sheet("checks", None, C_WIDTHS, 10)
    b.title(ws, "checks")
    # the reconciliation: input total = claimed + not eligible + excluded + other use
    b.s(ws, 2, 0, L("xl_reconciliation"), "section")
    heads = ["", "xl_input_total", "claimed", "not_eligible", "excluded", "other_use", "xl_difference"]
    for c, k in enumerate(heads):
        if k:
            b.s(ws, 3, c, L(k), "head")
    for row, key, prefix, tot in ((4, "personnel_costs", "Pers", f.personnel), (5, "operating_costs", "Op", f.operating)):
        b.s(ws, row, 0, L(key))
        for c, fld in enumerate(["amount", *FATES], start=1):
            b.fx(ws, row, c, f"={prefix}_{fld}", _eur(tot[fld]), "eur")
        b.fx(ws, row, 6, f"=ROUND(B{row + 1}-C{row + 1}-D{row + 1}-E{row + 1}-F{row + 1},2)", 0.0, "check")
    b.s(ws, 6, 0, L("total"), "tot_label")
    for c in range(1, 6):
        col = _col(c)
        fld = ["amount", *FATES][c - 1]
        b.fx(ws, 6, c, f"={col}5+{col}6", _eur(f.personnel[fld] + f.operating[fld]), "eur_tot")
    b.fx(ws, 6, 6, "=ROUND(B7-C7-D7-E7-F7,2)", 0.0, "check")
    b.name("Reconciliation_Difference", "checks", 6, 6)
    ws.conditional_format(4, 6, 6, 6, {"type": "cell", "criteria": "!=", "value": 0, "format": b.red})
    # line by line, and the summary against the detail
    ws.set_row(8, 27)
    b.s(ws, 8, 0, L("xl_lines_unbalanced"), "wrap")
    unbalanced = ("=SUMPRODUCT(--(ABS({p}_amount_lines-{p}_claimed_lines-{p}_not_eligible_lines-{p}_excluded_lines"
                  "-{p}_other_use_lines)>0.004))")
    b.fx(ws, 8, 1, unbalanced.format(p="Pers") + "+" + unbalanced.format(p="Op")[1:], 0, "check_int")
    ws.set_row(9, 27)
    b.s(ws, 9, 0, L("xl_claimed_check"), "wrap")
    b.fx(ws, 9, 1, "=ROUND(Claimed-Pers_claimed-Op_claimed,2)", 0.0, "check")
    # every line's amount and four fates against the program's (the check column of the detail sheets)
    ws.set_row(10, 27)
    b.s(ws, 10, 0, L("xl_lines_mismatch"), "wrap")
    b.fx(ws, 10, 1, "=SUM(Pers_check_lines)+SUM(Op_check_lines)", 0, "check_int")
    b.name("Lines_Mismatch", "checks", 10, 1)
    ws.conditional_format(8, 1, 10, 1, {"type": "cell", "criteria": "!=", "value": 0, "format": b.red})
    # the workbook's formulas against the program's figures (stored as plain numbers)
    b.s(ws, 12, 0, L("xl_formula_vs_program"), "section")
    for c, k in enumerate(("", "xl_inputs", "xl_program_figure", "xl_difference")):
        if k:
            b.s(ws, 13, c, L(k) if k != "xl_inputs" else L("xl_sheet_summary"), "head")
    pairs = [("personnel_costs", "Pers_claimed", f.personnel["claimed"]),
             ("operating_costs", "Op_claimed", f.operating["claimed"]),
             ("claimed", "Claimed", f.claimed), ("accepted", "Accepted", f.accepted), ("balance", "Balance", f.balance)]
    row = 14
    for key, name, cents in pairs:
        b.s(ws, row, 0, L("claimed") + " — " + L(key) if key.endswith("_costs") else L(key))
        b.fx(ws, row, 1, f"={name}", _eur(cents), "eur")
        b.n(ws, row, 2, _eur(cents), "eur")
        b.fx(ws, row, 3, f"=ROUND(B{row + 1}-C{row + 1},2)", 0.0, "check")
        row += 1
    ws.conditional_format(14, 3, row - 1, 3, {"type": "cell", "criteria": "!=", "value": 0, "format": b.red})
    # every count of the convention's table (R15) and of the results (R23) against the program's
    first_count = row
    summary = _q(b.names["summary"])
    counts = [(f"{L(k)}", f"{summary}!C{r + 1}", f.counts[c]) for r, k, c in SUMMARY_R15]
    counts += [(L("xl_carry_over_count") if k == "carry_over" else L(k), f"{summary}!C{r + 1}", f.results[k])
               for r, k in SUMMARY_R23]
    for text, ref, value in counts:
        b.s(ws, row, 0, text)
        b.fx(ws, row, 1, f"={ref}", int(value), "int")
        b.n(ws, row, 2, int(value), "int")
        b.fx(ws, row, 3, f"=B{row + 1}-C{row + 1}", 0, "check_int")
        row += 1
    ws.conditional_format(first_count, 3, row - 1, 3, {"type": "cell", "criteria": "!=", "value": 0, "format": b.red})
    b.name("Counts_Mismatch_lines", "checks", first_count, 3, row - 1)
    # problems and warnings, each with its rule and place
    row += 1
    items = [("xl_error", p) for p in f.problems] + [("xl_warning", w) for w in f.warnings]
    b.s(ws, row, 0, f"{L('problems')} / {L('warnings')} ({len(items)})", "section")
    row += 1
    cols = [("xl_severity", 0), ("xl_file", 1), ("xl_sheet", 2), ("xl_row", 3), ("xl_column", 4), ("xl_value", 5),
            ("xl_rule", 6), ("xl_code", 8), ("xl_message", 9)]
    hdr = row
    ws.set_row(hdr, 30)
    for k, c in cols:
        b.s(ws, hdr, c, L(k), "head")
    row += 1
    if not items:
        b.s(ws, row, 0, L("xl_none"))
        row += 1
    # a city's thousands of warnings: written column by column, as the detail rows are
    b.columns(ws, row, 10, {
        0: S([L(sev) for sev, _p in items]), 1: S([p.file for _s, p in items]), 2: S([p.sheet for _s, p in items]),
        3: N([None if p.row is None else int(p.row) for _s, p in items], "int"),
        4: S([p.column for _s, p in items]), 5: S([p.value for _s, p in items]), 6: S([p.rule for _s, p in items]),
        8: S([p.code for _s, p in items], "mono"), 9: S([p.message(b.lang) for _s, p in items])})
    row += len(items)
    ws.autofilter(hdr, 0, max(row - 1, hdr + 1), 9)
    return ws
