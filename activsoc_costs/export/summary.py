"""The Synthèse / Samenvatting sheet: the convention, the money (R2), every euro's fate, the
R15 table and the R23 results, the certification block (or the SIMULATION line)."""
from __future__ import annotations

from ..schema import enum_label
from ._book import FATES, _Book, _col, _eur, _f, _fs


# rows of the summary's R15 table (row, label, count key) and of the R23 results (row, key)
SUMMARY_R15 = [(28, "line_1", "bilans"), (29, "line_2", "piis"), (30, "line_2.1", "2.1"), (31, "line_2.2", "2.2"),
               (32, "line_2.3", "2.3")]
SUMMARY_R23 = [(35 + i, k) for i, k in enumerate(("socio_professional", "autonomy", "volunteering", "job",
                                                   "left_with_reason", "ongoing", "carry_over"))]


# --------------------------------------------------------------------------- Summary

def write_summary(b: _Book):
    f, L = b.f, b.L
    ws = b.sheet("summary", None, [62, 18, 18, 16, 16, 16, 16], 7)
    conv = f.convention
    b.s(ws, 0, 0, b.sim_prefix + L("xl_title"), "title")
    sub = f"{f.cpas} — {f.year}"
    if b.simulation:
        sub += f" — {L('xl_scenario')}{' :' if b.lang == 'fr' else ':'} {b.scenario}" if b.scenario else ""
    b.s(ws, 1, 0, sub, "subtitle")
    # the convention
    b.s(ws, 3, 0, L("convention"), "section")
    b.s(ws, 4, 0, L("cpas"))
    b.s(ws, 4, 1, f.cpas, "label_b")
    b.s(ws, 5, 0, L("year"))
    b.n(ws, 5, 1, f.year, "text")
    b.s(ws, 6, 0, L("period"))
    b.d(ws, 6, 1, conv.get("period_start"))
    b.d(ws, 6, 2, conv.get("period_end"))
    b.s(ws, 7, 0, L("signed"))
    b.d(ws, 7, 1, conv.get("signed"))
    b.s(ws, 8, 0, L("xl_report_deadline"))
    b.d(ws, 8, 1, b.inputs.params.report_deadline if b.inputs.params else None)
    # the money (R2)
    b.s(ws, 10, 0, L("xl_money"), "section")
    rows = [
        (11, "granted", None, f.granted, "eur_b", "Granted"),
        (12, "advance", None, f.advance, "eur", "Advance"),
        (13, "personnel_costs", "=Pers_claimed", f.personnel["claimed"], "eur", None),
        (14, "operating_costs", "=Op_claimed", f.operating["claimed"], "eur", None),
        (15, "claimed", "=B14+B15", f.claimed, "eur_b", "Claimed"),
        (16, "accepted", "=MIN(Claimed,Granted)", f.accepted, "eur_b", "Accepted"),
        (17, "balance", "=Accepted-Advance", f.balance, "eur_b", "Balance"),
    ]
    for row, key, formula, cents, fmt, name in rows:
        text = L(key)
        if key in ("personnel_costs", "operating_costs"):
            text = f"{L('claimed')} — {L(key)}"
        elif key == "advance" and b.inputs.params is not None:  # R2: the year's share (parameters/<year>.toml)
            pct = b.inputs.params.advance_share * 100
            shown = str(pct.numerator) if pct.denominator == 1 else f"{float(pct):.2f}".replace(".", ",")
            text = f"{text} ({shown} %)"
        b.s(ws, row, 0, text, "label_b" if fmt == "eur_b" else "label")
        if formula:
            b.fx(ws, row, 1, formula, _eur(cents), fmt)
        else:
            b.n(ws, row, 1, _eur(cents), fmt)
        if name:
            b.name(name, "summary", row, 1)
        if key == "granted" and conv.get("granted_derived"):
            b.s(ws, row, 2, L("xl_granted_r5"))
        if key == "balance":
            word = L("to_receive") if f.balance >= 0 else L("to_pay_back")
            b.fx(ws, row, 2, f"=IF(Balance>=0,{_fs(L('to_receive'))},{_fs(L('to_pay_back'))})", word, "label_b")
    b.s(ws, 18, 0, L("use_of_grant"), "label_b")
    b.fx(ws, 18, 1, "=IF(Granted=0,0,Accepted/Granted)", _f(f.use_of_grant), "pct_b")
    b.name("Use_Of_Grant", "summary", 18, 1)
    # every euro's fate, by category
    b.s(ws, 20, 0, L("xl_by_category"), "section")
    heads = ["amount", "claimed", "not_eligible", "excluded", "other_use", "granted"]
    for c, k in enumerate(heads, start=1):
        b.s(ws, 21, c, L(k), "head")
    fields = ["amount", *FATES]
    for row, key, prefix, tot in ((22, "personnel_costs", "Pers", f.personnel), (23, "operating_costs", "Op", f.operating)):
        b.s(ws, row, 0, L(key))
        for c, fld in enumerate(fields, start=1):
            b.fx(ws, row, c, f"={prefix}_{fld}", _eur(tot[fld]), "eur")
    b.s(ws, 24, 0, L("total"), "tot_label")
    for c, fld in enumerate(fields, start=1):
        col = _col(c)
        b.fx(ws, 24, c, f"={col}23+{col}24", _eur(f.personnel[fld] + f.operating[fld]), "eur_tot")
    b.fx(ws, 24, 6, "=Granted", _eur(f.granted), "eur_tot")
    # the chart: claimed by category beside the granted amount
    chart = b.wb.add_chart({"type": "column"})
    chart.add_series({"name": [b.names["summary"], 21, 2], "categories": [b.names["summary"], 22, 0, 24, 0],
                      "values": [b.names["summary"], 22, 2, 24, 2], "fill": {"color": "#2F5597"},
                      "data_labels": {"value": True, "num_format": '#,##0 "€"', "font": {"size": 8}}})
    chart.add_series({"name": [b.names["summary"], 21, 6], "categories": [b.names["summary"], 22, 0, 24, 0],
                      "values": [b.names["summary"], 22, 6, 24, 6], "fill": {"color": "#A9D18E"},
                      "data_labels": {"value": True, "num_format": '#,##0 "€"', "font": {"size": 8}}})
    chart.set_title({"name": L("xl_chart_title"), "name_font": {"size": 11}})
    chart.set_y_axis({"num_format": '#,##0 "€"', "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 440, "height": 300})
    ws.insert_chart(3, 3, chart, {"x_offset": 10, "y_offset": 0, "object_position": 3})
    # R15: the convention's table, official wording
    b.s(ws, 26, 0, L("xl_r15_title"), "section")
    b.s(ws, 27, 1, L("objective"), "head")
    b.s(ws, 27, 2, L("realised"), "head")
    r15 = [(28, "line_1", "bilans", None), (29, "line_2", "piis", "=C31+C32+C33"),
           (30, "line_2.1", "2.1", '=SUMPRODUCT((Traj_Type="2.1")*Traj_Counted)'),
           (31, "line_2.2", "2.2", '=SUMPRODUCT((Traj_Type="2.2")*Traj_Counted)'),
           (32, "line_2.3", "2.3", '=SUMPRODUCT((Traj_Type="2.3")*Traj_Counted)')]
    for row, key, k, formula in r15:
        ws.set_row(row, 27)
        b.s(ws, row, 0, L(key), "wrap")
        obj = f.objectives.get(k)
        if obj is not None:
            b.n(ws, row, 1, obj, "int")
        if formula:
            b.fx(ws, row, 2, formula, f.counts[k], "int_b")
        else:
            b.n(ws, row, 2, f.counts[k], "int_b")
            b.s(ws, row, 3, L("xl_bilans_source"))
    # R23: the results of the counted trajectories
    b.s(ws, 34, 0, L("xl_r23_title"), "section")
    r23 = []
    for o in ("socio_professional", "autonomy", "volunteering", "job"):
        r23.append((o, f"=SUMPRODUCT((Traj_Outcome={_fs(enum_label('outcome', o, b.lang))})*Traj_Counted)"))
    r23.append(("left_with_reason", f"=SUMPRODUCT((Traj_Status={_fs(L('left_with_reason'))})*Traj_Counted)"))
    r23.append(("ongoing", f"=SUMPRODUCT((Traj_Status={_fs(L('ongoing'))})*Traj_Counted)"))
    r23.append(("carry_over", "=SUMPRODUCT(Traj_Counted*Traj_CarryOver)"))
    for i, (k, formula) in enumerate(r23):
        b.s(ws, 35 + i, 0, L("xl_carry_over_count") if k == "carry_over" else L(k))
        b.fx(ws, 35 + i, 2, formula, f.results[k], "int_b")
    # the certification: the final report is signed by the CPAS's general director (secretary)
    # and its president (shared/domain.md, "Signatures"); a simulation is never signed
    if b.simulation:
        ws.set_row(43, 30)
        b.s(ws, 43, 0, L("xl_simulation_note"), "section")
    else:
        b.s(ws, 43, 0, L("xl_signatures"), "section")
        ws.set_row(44, 30)
        b.s(ws, 44, 1, L("xl_sign_director"), "head")
        b.s(ws, 44, 4, L("xl_sign_president"), "head")
        for c in (2, 5):
            ws.write_blank(44, c, None, b.fmt["head"])
        for i, k in enumerate(("xl_name", "xl_date", "xl_signature")):
            ws.set_row(45 + i, 30 if k != "xl_signature" else 48)
            b.s(ws, 45 + i, 0, L(k).capitalize(), "label_b")
            for c in (1, 2, 4, 5):
                ws.write_blank(45 + i, c, None, b.fmt["sign"])
    ws.print_area(0, 0, 47, 6)
    ws.fit_to_pages(1, 1)  # the summary is the one page that is signed
    return ws
