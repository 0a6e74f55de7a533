"""The cluster workbook (issue 11 item 3), French or Dutch, live formulas.

Sheets:
  * Cluster: the convention, the money (R2: claimed, accepted, balance, use of the grant as
    formulas over the detail lines), the distribution table (each member's claimed costs by
    SUMIFS, its exact share as a formula, the distributed share and advance share as the
    program's values - largest remainder is not a spreadsheet formula - and check cells
    proving SUM(distributed) = accepted, SUM(advance shares) = advance, every share within one
    cent of its exact share), R15 (objectives, realised for the cluster and per member, PIIS
    counts by COUNTIFS over the trajectories) and R23;
  * one summary sheet per member: its costs by category and fate (SUMIFS over the lines),
    its distributed share, advance share and balance (references to the Cluster sheet), counts;
  * Lignes / Lijnen: every line of every member with a member column; its amount and four
    fates are references to the line's live formulas on the member's detail sheet, a check cell
    (amount = sum of the fates) and the detail line's own check (its formulas = the program's
    figures, 0/1), so every SUMIFS of the Cluster and member sheets sums live formulas;
  * Trajectoires / Trajecten: every PIIS of every member with a member column, counted or not,
    the rule (R17 across the cluster) and the outcome;
  * per member, its Personnel / Salaires / Fonctionnement (NL Personeel / Lonen / Werking) sheets
    named ``<member> <sheet>`` (31 characters at most, unique), written by the single-CPAS
    writers (``personnel``, ``payroll``, ``operating``: the rules' formulas line by line, each
    line checked against the program's figures); their defined names (``Pay_Amount``,
    ``Refund_Rate``...) are local to the member's sheets, the refund rate (R11) is the member
    summary's cell.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from .. import __version__
from ..labels import label
from ..schema import enum_label
from ._book import EUR, FIRST, PCT, Pseudonyms, _Book, slug
from .operating import O_LIB, O_MONEY, write_operating
from .payroll import write_payroll
from .personnel import P_LIB, P_MONEY, write_personnel

LANGS = ("fr", "nl")
WORDS = {
    "cluster_sheet": ("Cluster", "Cluster"), "lines_sheet": ("Lignes", "Lijnen"),
    "traj_sheet": ("Trajectoires", "Trajecten"),
    "title": ("Justification de la subvention activation sociale — cluster",
              "Verantwoording van de subsidie sociale activering — cluster"),
    "member": ("membre", "lid"), "role": ("rôle", "rol"), "promoter": ("promoteur", "promotor"),
    "kind": ("nature", "soort"), "id": ("id", "id"), "source": ("source", "bron"),
    "distribution": ("Répartition du montant accepté et de l'avance (plus grand reste au cent près)",
                     "Verdeling van het aanvaarde bedrag en het voorschot (grootste rest tot op de cent)"),
    "pro_rata_claimed": ("au prorata des frais déclarés", "pro rata van de ingediende kosten"),
    "agreed_key": ("selon la clé convenue", "volgens de afgesproken sleutel"),
    "key": ("clé %", "sleutel %"), "exact": ("part exacte", "exact deel"),
    "distributed": ("réparti (programme)", "verdeeld (programma)"), "diff": ("écart", "verschil"),
    "advance_share": ("part de l'avance (programme)", "deel van het voorschot (programma)"),
    "check_sum": ("contrôle : total réparti − accepté (doit être 0)", "controle: totaal verdeeld − aanvaard (moet 0 zijn)"),
    "check_adv": ("contrôle : total des parts d'avance − avance (doit être 0)",
                  "controle: totaal delen voorschot − voorschot (moet 0 zijn)"),
    "check_cent": ("contrôle : parts à un cent ou plus de leur part exacte (doit être 0)",
                   "controle: delen op een cent of meer van hun exact deel (moet 0 zijn)"),
    "check_line": ("contrôle", "controle"),
    "check_prog": ("formules = programme (0 = oui)", "formules = programma (0 = ja)"),
    "detail": ("ligne de détail", "detailregel"),
    "check_fates": ("contrôle : lignes dont le montant ≠ somme des sorts (doit être 0)",
                    "controle: regels waarvan het bedrag ≠ som van de bestemmingen (moet 0 zijn)"),
    "check_lines": ("contrôle : lignes dont les formules ≠ chiffres du programme (doit être 0)",
                    "controle: regels waarvan de formules ≠ cijfers van het programma (moet 0 zijn)"), "type": ("type", "type"), "rule": ("règle", "regel"),
    "status": ("statut", "status"), "counted01": ("compté (1/0)", "meegeteld (1/0)"),
    "bilans_value": ("personnes distinctes dans tout le cluster (programme)",
                     "afzonderlijke personen in de hele cluster (programma)"),
    "member_note": ("Part du cluster : montant accepté = part répartie, avance = part de l'avance",
                    "Deel van de cluster: aanvaard bedrag = verdeeld deel, voorschot = deel van het voorschot"),
}
FATES = ("amount", "claimed", "not_eligible", "excluded", "other_use")
KINDS = (("personnel", "personnel_costs"), ("operating", "operating_costs"))


def _w(key: str, lang: str) -> str:
    fr, nl = WORDS[key]
    return nl if lang == "nl" else fr


def _clean(name: str) -> str:
    """A sheet name's text: Excel forbids []:*?/\\; an apostrophe becomes ’ (no quoting in
    references), ! is dropped (it separates a sheet from a local name)."""
    return re.sub(r"[\[\]:*?/\\!]", "", str(name)).replace("'", "’").strip()


def _sheet_name(name: str, taken: set) -> str:
    base = _clean(name)[:28] or "membre"
    cand, n = base, 2
    while cand.lower() in taken:
        cand = f"{base[:26]} {n}"
        n += 1
    taken.add(cand.lower())
    return cand


def _detail_name(member: str, sheet: str, taken: set) -> str:
    """``<member> <sheet>`` within Excel's 31 characters, the member's name shortened; unique."""
    room = 31 - len(sheet) - 1
    short = _clean(member)[:room].rstrip() or "M"
    cand, n = f"{short} {sheet}", 2
    while cand.lower() in taken:
        tag = f" {n}"
        cand = f"{short[:room - len(tag)].rstrip()}{tag} {sheet}"
        n += 1
    taken.add(cand.lower())
    return cand


def _q(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _s(text: str) -> str:
    return '"' + str(text).replace('"', '""') + '"'


def write_cluster_workbook(cf, path: str | Path, lang: str = "fr") -> Path:
    """Write the cluster workbook of ``cf`` (``cluster.cluster_report``) to ``path``."""
    if lang not in LANGS:
        raise ValueError(f"lang must be fr or nl, not {lang!r}")
    L = lambda k: label(k, lang)  # noqa: E731
    W = lambda k: _w(k, lang)  # noqa: E731
    f, members = cf.figures, cf.members
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    wb.set_properties({"title": f"{W('title')} {f.year}", "author": f"activsoc-costs {__version__}",
                       "company": f.cpas, "created": dt.datetime(f.year or 2000, 12, 31)})
    wb.set_calc_mode("auto")
    base = {"font_name": "Arial", "font_size": 10, "valign": "top"}
    F = {"text": wb.add_format(base), "b": wb.add_format({**base, "bold": True}),
         "title": wb.add_format({**base, "bold": True, "font_size": 14}),
         "section": wb.add_format({**base, "bold": True, "font_size": 11, "bottom": 1}),
         "head": wb.add_format({**base, "bold": True, "bg_color": "#D9E1F2", "text_wrap": True, "border": 1}),
         "eur": wb.add_format({**base, "num_format": EUR}), "eur_b": wb.add_format({**base, "num_format": EUR, "bold": True}),
         "pct": wb.add_format({**base, "num_format": PCT}), "int": wb.add_format({**base, "num_format": "#,##0"}),
         "wrap": wb.add_format({**base, "text_wrap": True}),
         "check": wb.add_format({**base, "num_format": "0.00", "bold": True, "bg_color": "#E2EFDA"}),
         "date": wb.add_format({**base, "num_format": "dd/mm/yyyy", "align": "left"})}
    red = wb.add_format({"bg_color": "#F8CBAD", "font_color": "#9C0006"})
    eur = lambda c: int(c) / 100  # noqa: E731
    taken = set()
    cl_name = _sheet_name(W("cluster_sheet"), taken)
    lines_name, traj_name = _sheet_name(W("lines_sheet"), taken), _sheet_name(W("traj_sheet"), taken)
    m_names = [_sheet_name(m.member.cpas, taken) for m in members]
    details = [{k: _detail_name(m.member.cpas, L(f"xl_sheet_{k}"), taken) for k in ("personnel", "payroll", "operating")}
               for m in members]
    pseudo = Pseudonyms()  # one for the whole workbook: NRN-1 is the same person on every sheet
    ws = wb.add_worksheet(cl_name)
    m_ws = [wb.add_worksheet(n) for n in m_names]
    lw = wb.add_worksheet(lines_name)
    tw = wb.add_worksheet(traj_name)
    kind_label = {k: L(lab) for k, lab in KINDS}

    # ---- each member's detail sheets: the single-CPAS writers, the rules' formulas line by line
    # (their names local to the member's sheets; Refund_Rate: the member summary's cell, below)
    RATE_ROW = 20
    for i, (m, dn) in enumerate(zip(members, details)):
        mb = _Book(None, m.figures, m.member.inputs, lang, fast=False, wb=wb, sheet_names=dn, pseudo=pseudo)
        write_personnel(mb)
        write_payroll(mb)
        write_operating(mb)
        wb.define_name(f"{_q(dn['operating'])}!Refund_Rate", f"={_q(m_names[i])}!$B${RATE_ROW + 1}")

    # ---- Lignes / Lijnen: every member's lines (rows 2..)
    lw.set_column(0, 0, 24)
    lw.set_column(1, 2, 16)
    lw.set_column(3, 8, 14)
    lw.set_column(9, 9, 30)
    lw.write_string(0, 0, f"{W('lines_sheet')} — {f.cpas} — {f.year}", F["title"])
    heads = [W("member"), W("id"), W("kind"), *(L(x) for x in FATES), W("check_line"), W("source"), W("check_prog"),
             W("detail")]
    for c, h in enumerate(heads):
        lw.write_string(1, c, h, F["head"])
    lw.set_column(10, 10, 14)
    lw.set_column(11, 11, 34)
    # each line's amount and fates: its cells on the member's detail sheet (live formulas), in the
    # writers' order (the personnel lines, then the operating lines, each in the engine's order)
    rows = []
    for m, dn in zip(members, details):
        k = {"personnel": 0, "operating": 0}
        for r in m.figures.allocation.lines.itertuples(index=False):
            kind = "personnel" if r.kind == "personnel" else "operating"
            rows.append((m.member.cpas, r, dn[kind], FIRST + k[kind] + 1,
                         P_MONEY if kind == "personnel" else O_MONEY, P_LIB if kind == "personnel" else O_LIB))
            k[kind] += 1
    for i, (name, r, sheet, drow, money, lib) in enumerate(rows):
        row = 2 + i
        lw.write_string(row, 0, name)
        lw.write_string(row, 1, pseudo(str(r.id)))
        lw.write_string(row, 2, kind_label.get(r.kind, r.kind))
        for c, fld in enumerate(FATES, start=3):
            ref = f"{_q(sheet)}!{xl_col_to_name(money[fld])}{drow}"
            lw.write_formula(row, c, f"={ref}", F["eur"], eur(getattr(r, fld)))
        R = row + 1
        lw.write_formula(row, 8, f"=ROUND(D{R}-(E{R}+F{R}+G{R}+H{R}),2)", F["check"], 0)
        lw.write_string(row, 9, pseudo(f"{r.file}, {r.row}"))
        lw.write_formula(row, 10, f"={_q(sheet)}!{xl_col_to_name(lib + 5)}{drow}", F["int"], 0)
        lw.write_string(row, 11, f"{sheet}, {drow}")
    last = 2 + max(len(rows), 1) - 1
    rng = lambda col: f"{_q(lines_name)}!${col}$3:${col}${last + 1}"  # noqa: E731
    for nm, col in (("L_member", "A"), ("L_kind", "C"), ("L_amount", "D"), ("L_claimed", "E"),
                    ("L_not_eligible", "F"), ("L_excluded", "G"), ("L_other_use", "H"), ("L_check", "I"),
                    ("L_prog_check", "K")):
        wb.define_name(nm, "=" + rng(col))
    lw.conditional_format(2, 8, last, 8, {"type": "cell", "criteria": "!=", "value": 0, "format": red})
    lw.conditional_format(2, 10, last, 10, {"type": "cell", "criteria": "!=", "value": 0, "format": red})
    lw.freeze_panes(2, 1)

    # ---- Trajectoires / Trajecten
    tw.set_column(0, 0, 24)
    tw.set_column(1, 6, 16)
    tw.set_column(7, 7, 40)
    tw.write_string(0, 0, f"{W('traj_sheet')} — {f.cpas} — {f.year}", F["title"])
    for c, h in enumerate([W("member"), "PIIS", W("type"), W("counted01"), W("rule"), W("status"), L("outcome"),
                           W("source")]):
        tw.write_string(1, c, h, F["head"])
    traj = f.trajectories
    for i, t in enumerate(traj.itertuples(index=False)):
        row = 2 + i
        tw.write_string(row, 0, t.member)
        tw.write_string(row, 1, pseudo(str(t.id)))
        tw.write_string(row, 2, str(t.type))
        tw.write_number(row, 3, 1 if t.counted else 0, F["int"])
        tw.write_string(row, 4, str(t.rule))
        tw.write_string(row, 5, L(t.status) if t.status in ("left_with_reason", "ongoing") else str(t.status))
        if t.outcome:
            tw.write_string(row, 6, enum_label("outcome", t.outcome, lang))
        tw.write_string(row, 7, f"{t.file}, {t.row}" + (f" — {t.reason}" if not t.counted else ""))
    tlast = 2 + max(len(traj), 1) - 1
    trng = lambda col: f"{_q(traj_name)}!${col}$3:${col}${tlast + 1}"  # noqa: E731
    for nm, col in (("T_member", "A"), ("T_type", "C"), ("T_counted", "D"), ("T_status", "F"), ("T_outcome", "G")):
        wb.define_name(nm, "=" + trng(col))
    tw.freeze_panes(2, 1)

    # ---- Cluster
    ws.set_column(0, 0, 44)
    ws.set_column(1, 9, 16)
    ws.write_string(0, 0, f"{W('title')} — {f.cpas} — {f.year}", F["title"])
    promoter = cf.cluster.promoter
    ws.write_string(2, 0, L("convention"), F["section"])
    ws.write_string(3, 0, W("promoter"))
    ws.write_string(3, 1, promoter.cpas if promoter else "", F["b"])
    ws.write_string(4, 0, L("period"))
    ws.write_datetime(4, 1, dt.datetime.combine(f.convention["period_start"], dt.time()), F["date"])
    ws.write_datetime(4, 2, dt.datetime.combine(f.convention["period_end"], dt.time()), F["date"])
    ws.write_string(6, 0, L("xl_money"), F["section"])
    money = [(7, L("granted"), None, f.granted, "C_Granted"), (8, L("advance"), None, f.advance, "C_Advance"),
             (9, f"{L('claimed')} — {L('personnel_costs')}", f'=SUMIFS(L_claimed,L_kind,{_s(kind_label["personnel"])})',
              f.personnel["claimed"], None),
             (10, f"{L('claimed')} — {L('operating_costs')}", f'=SUMIFS(L_claimed,L_kind,{_s(kind_label["operating"])})',
              f.operating["claimed"], None),
             (11, L("claimed"), "=B10+B11", f.claimed, "C_Claimed"),
             (12, L("accepted"), "=MIN(C_Claimed,C_Granted)", f.accepted, "C_Accepted"),
             (13, L("balance"), "=C_Accepted-C_Advance", f.balance, "C_Balance")]
    for row, text, formula, cents, nm in money:
        ws.write_string(row, 0, text, F["b"] if nm else F["text"])
        if formula:
            ws.write_formula(row, 1, formula, F["eur_b"], eur(cents))
        else:
            ws.write_number(row, 1, eur(cents), F["eur_b"])
        if nm:
            wb.define_name(nm, f"={_q(cl_name)}!$B${row + 1}")
    ws.write_string(14, 0, L("use_of_grant"), F["b"])
    ws.write_formula(14, 1, "=IF(C_Granted=0,0,C_Accepted/C_Granted)", F["pct"], float(f.use_of_grant))
    # the distribution table
    top = 16
    ws.write_string(top, 0, f"{W('distribution')} — {W(cf.method)}", F["section"])
    dh = [W("member"), W("role"), L("claimed"), W("key"), W("exact"), W("distributed"), W("diff"), W("advance_share"),
          L("balance")]
    for c, h in enumerate(dh):
        ws.write_string(top + 1, c, h, F["head"])
    first = top + 2
    n = len(members)
    lastm = first + n - 1
    keyed = cf.method == "agreed_key"
    for i, m in enumerate(members):
        row, R = first + i, first + i + 1
        ws.write_string(row, 0, m.member.cpas, F["b"])
        ws.write_string(row, 1, W(m.member.role))
        ws.write_formula(row, 2, f"=SUMIFS(L_claimed,L_member,A{R})", F["eur"], eur(m.figures.claimed))
        if m.member.key is not None:
            ws.write_number(row, 3, float(m.member.key), F["text"])
        total = sum(x.figures.claimed for x in members)
        if keyed:
            exact = f"=C_Accepted*D{R}/100"
            ev = f.accepted * float(m.member.key) / 100
        else:
            exact = f"=IF(SUM($C${first + 1}:$C${lastm + 1})=0,0,C_Accepted*C{R}/SUM($C${first + 1}:$C${lastm + 1}))"
            ev = f.accepted * m.figures.claimed / total if total else 0
        ws.write_formula(row, 4, exact, F["eur"], ev / 100)
        ws.write_number(row, 5, eur(m.distributed), F["eur_b"])
        ws.write_formula(row, 6, f"=F{R}-E{R}", F["eur"], (m.distributed - ev) / 100)
        ws.write_number(row, 7, eur(m.advance_share), F["eur"])
        ws.write_formula(row, 8, f"=F{R}-H{R}", F["eur_b"], eur(m.distributed - m.advance_share))
        wb.define_name(f"M{i + 1}_Distributed", f"={_q(cl_name)}!$F${R}")
        wb.define_name(f"M{i + 1}_Advance", f"={_q(cl_name)}!$H${R}")
    tot = lastm + 1
    ws.write_string(tot, 0, L("total"), F["b"])
    for c, cents in ((2, f.claimed), (5, sum(m.distributed for m in members)), (7, sum(m.advance_share for m in members)),
                     (8, sum(m.distributed - m.advance_share for m in members))):
        col = xl_col_to_name(c)
        ws.write_formula(tot, c, f"=SUM({col}{first + 1}:{col}{lastm + 1})", F["eur_b"], eur(cents))
    checks = [(tot + 1, W("check_sum"), f"=ROUND(F{tot + 1}-C_Accepted,2)", "C_Check_Distributed"),
              (tot + 2, W("check_adv"), f"=ROUND(H{tot + 1}-C_Advance,2)", "C_Check_Advance"),
              (tot + 3, W("check_cent"),
               f"=SUMPRODUCT((ABS(G{first + 1}:G{lastm + 1})>=0.01)*1)", "C_Check_Cent"),
              (tot + 4, W("check_fates"), "=SUMPRODUCT((L_check<>0)*1)", "C_Check_Fates"),
              (tot + 5, W("check_lines"), "=SUM(L_prog_check)", "C_Check_Lines")]
    for row, text, formula, nm in checks:
        ws.write_string(row, 0, text)
        ws.write_formula(row, 5, formula, F["check"], 0)
        ws.conditional_format(row, 5, row, 5, {"type": "cell", "criteria": "!=", "value": 0, "format": red})
        wb.define_name(nm, f"={_q(cl_name)}!$F${row + 1}")
    # R15 and R23
    r15 = tot + 7
    ws.write_string(r15, 0, L("xl_r15_title"), F["section"])
    for c, h in enumerate(["", L("objective"), L("realised")] + [m.member.cpas for m in members]):
        if h:
            ws.write_string(r15 + 1, c, h, F["head"])
    r15_rows = [("line_1", "bilans"), ("line_2", "piis"), ("line_2.1", "2.1"), ("line_2.2", "2.2"), ("line_2.3", "2.3")]
    for j, (lab, k) in enumerate(r15_rows):
        row = r15 + 2 + j
        ws.set_row(row, 27)
        ws.write_string(row, 0, L(lab), F["wrap"])
        if f.objectives.get(k) is not None:
            ws.write_number(row, 1, f.objectives[k], F["int"])
        for i, m in enumerate(members):
            c = 3 + i
            col = xl_col_to_name(c)
            if k == "bilans":
                ws.write_number(row, c, m.figures.counts["bilans"], F["int"])
            elif k == "piis":
                ws.write_formula(row, c, f"={col}{row + 2}+{col}{row + 3}+{col}{row + 4}", F["int"], m.figures.counts["piis"])
            else:
                ws.write_formula(row, c, f'=COUNTIFS(T_member,{_s(m.member.cpas)},T_type,{_s(k)},T_counted,1)',
                                 F["int"], m.figures.counts[k])
        if k == "bilans":
            ws.write_number(row, 2, f.counts["bilans"], F["int"])
            ws.write_string(row, 3 + n, W("bilans_value"))
        elif k == "piis":
            ws.write_formula(row, 2, f"=C{row + 2}+C{row + 3}+C{row + 4}", F["int"], f.counts["piis"])
        else:
            ws.write_formula(row, 2, f'=COUNTIFS(T_type,{_s(k)},T_counted,1)', F["int"], f.counts[k])
        wb.define_name(f"C_Count_{k.replace('.', '_')}", f"={_q(cl_name)}!$C${row + 1}")
    r23 = r15 + 8
    ws.write_string(r23, 0, L("xl_r23_title"), F["section"])
    for j, o in enumerate(("socio_professional", "autonomy", "volunteering", "job", "left_with_reason", "ongoing")):
        row = r23 + 1 + j
        ws.write_string(row, 0, L(o))
        crit = _s(enum_label("outcome", o, lang)) if j < 4 else _s(L(o))
        ws.write_formula(row, 2, f"=COUNTIFS({'T_outcome' if j < 4 else 'T_status'},{crit},T_counted,1)", F["int"],
                         f.results[o])
        wb.define_name(f"C_Result_{o}", f"={_q(cl_name)}!$C${row + 1}")
    ws.activate()

    # ---- one summary per member
    for i, (m, mws, mname) in enumerate(zip(members, m_ws, m_names)):
        mws.set_column(0, 0, 30)
        mws.set_column(1, 6, 16)
        mws.write_string(0, 0, f"{m.member.cpas} ({W(m.member.role)}) — {f.cpas} — {f.year}", F["title"])
        mws.write_string(1, 0, W("member_note"))
        for c, k in enumerate(FATES, start=1):
            mws.write_string(3, c, L(k), F["head"])
        who = _s(m.member.cpas)
        for j, (kind, lab) in enumerate(KINDS):
            row = 4 + j
            mws.write_string(row, 0, L(lab))
            tot_k = m.figures.personnel if kind == "personnel" else m.figures.operating
            for c, fld in enumerate(FATES, start=1):
                mws.write_formula(row, c, f"=SUMIFS(L_{fld},L_member,{who},L_kind,{_s(kind_label[kind])})", F["eur"],
                                  eur(tot_k[fld]))
        mws.write_string(6, 0, L("total"), F["b"])
        for c, fld in enumerate(FATES, start=1):
            col = xl_col_to_name(c)
            mws.write_formula(6, c, f"={col}5+{col}6", F["eur_b"], eur(m.figures.personnel[fld] + m.figures.operating[fld]))
        for row, text, formula, cents in ((8, L("claimed"), "=C7", m.figures.claimed),
                                          (9, W("distributed"), f"=M{i + 1}_Distributed", m.distributed),
                                          (10, W("advance_share"), f"=M{i + 1}_Advance", m.advance_share),
                                          (11, L("balance"), "=B10-B11", m.distributed - m.advance_share)):
            mws.write_string(row, 0, text, F["b"])
            mws.write_formula(row, 1, formula, F["eur_b"], eur(cents))
        mws.write_string(13, 1, L("realised"), F["head"])
        for j, (lab, k) in enumerate(r15_rows):
            row = 14 + j
            mws.write_string(row, 0, L(lab)[:60])
            src = xl_rowcol_to_cell(r15 + 2 + j, 3 + i, row_abs=True, col_abs=True)
            mws.write_formula(row, 1, f"={_q(cl_name)}!{src}", F["int"], m.figures.counts[k])
        # R11: the refund rate the member's Fonctionnement formulas use (their local Refund_Rate)
        refunds = m.figures.allocation.refunds or {}
        params = m.member.inputs.params
        rate = refunds.get("rate", params.refund_rate_cents if params is not None else 0)
        mws.write_string(RATE_ROW, 0, L("xl_refund_rate_used"), F["b"])
        mws.write_number(RATE_ROW, 1, eur(rate), F["eur"])
        mws.write_string(RATE_ROW + 1, 0, W("check_lines"))
        mws.write_formula(RATE_ROW + 1, 1, f"=SUMIFS(L_prog_check,L_member,{who})", F["check"], 0)
        mws.conditional_format(RATE_ROW + 1, 1, RATE_ROW + 1, 1,
                               {"type": "cell", "criteria": "!=", "value": 0, "format": red})
        wb.define_name(f"M{i + 1}_Check_Lines", f"={_q(mname)}!$B${RATE_ROW + 2}")
        mws.write_string(RATE_ROW + 3, 0, W("detail"), F["section"])
        for j, sheet in enumerate(details[i].values()):
            mws.write_url(RATE_ROW + 4 + j, 0, f"internal:{_q(sheet)}!A1", string=sheet)
    wb.close()
    return path


def cluster_output_name(cf, lang: str) -> str:
    return f"{slug(cf.figures.cpas)}-{cf.figures.year}-cluster-{lang}.xlsx"


def export_cluster(cf, out_dir: str | Path = "outputs", lang: str = "fr", *, force: bool = False,
                   pdf: bool = False) -> list[Path]:
    """Write the cluster workbook(s) (``lang``: fr, nl or all) into ``out_dir``, atomically; an
    existing file is replaced only with ``force`` (else a numbered name).  Never into the inputs.
    ``pdf``: also print each workbook to PDF with LibreOffice (formulas recalculated)."""
    from . import _free_name, _inside, _pdf, file_mode
    out_dir = Path(out_dir)
    src = Path(cf.cluster.source or "")
    if str(src) not in ("", "."):
        folder = src if src.is_dir() else src.parent
        if _inside(out_dir, folder):
            raise ValueError(f"{label('xl_refuse_inputs', 'fr')} / {label('xl_refuse_inputs', 'nl')}: {folder}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for lg in (LANGS if lang == "all" else (lang,)):
        name = cluster_output_name(cf, lg)
        stem = name[:-5]
        fd, tmp = tempfile.mkstemp(prefix=f".{stem}.{os.getpid()}.", suffix=".xlsx.tmp", dir=out_dir)
        os.close(fd)
        try:
            write_cluster_workbook(cf, tmp, lg)
            os.chmod(tmp, file_mode())
            if not force and (out_dir / name).exists():
                stem = _free_name(out_dir, stem, (".xlsx",))
            target = out_dir / f"{stem}.xlsx"
            os.replace(tmp, target)
            written.append(target)
            if pdf:
                written.append(_pdf(target, out_dir / f"{stem}.pdf"))
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return written


__all__ = ["export_cluster", "write_cluster_workbook", "cluster_output_name"]
