"""export: figures -> the justification workbook (.xlsx), in French or Dutch.

The workbook is what the finance officer checks, signs, attaches to the final
report (R3) and shows the auditor.  Every share, every claimed amount, every
total and every summary figure is a live formula over the detail rows, with the
library's figure stored as the cached result; a spreadsheet engine that
recalculates the file finds the same cents (``tests/e2e/test_spreadsheet_*``
proves it with LibreOffice).

The line formulas repeat ``allocate.split`` cell by cell, so the rounding is the
library's (each fate rounded half-up once per line, totals are sums of lines):

    social-activation part  = ROUND(cost × share; 2)
    claimed                 = MIN(ROUND(cost × claimable share; 2); SA part)
    not eligible            = MIN(ROUND(cost × not-eligible share; 2); cost − SA part)
    excluded                = SA part − claimed
    other use               = cost − SA part − not eligible

where the claimable share is ``allowed × MAX(0; MIN(share; 1 − other funding))``
(R10: all funders together never above 100 %; ``allowed`` is 0 for a payroll
month outside the period, R1, or an administrative / fixed share without a
written justification, R9).  Operating lines add the purpose (R13: not
eligible by nature), the period and procurement checks (R1, R14) and the
participant refunds, capped by attendance hours × rate (R11, R18).

Safety: all text is written with ``write_string`` (a description beginning with
``=`` stays text, never a formula); the file is written under a temporary name
in its folder and renamed (``os.replace``), so a crash never leaves half a file;
the document properties are fixed, so the same inputs give the same bytes.
Nothing is ever written into the inputs' folder.
"""
from __future__ import annotations

import datetime as dt
import filecmp
import os
import re
import shutil
import tempfile
import unicodedata
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
import xlsxwriter
import xlsxwriter.worksheet
from xlsxwriter.utility import xl_col_to_name

from . import __version__
from .privacy import find_nrns
from .labels import label
from .load import staff_period
from .schema import enum_label

LANGS = ("fr", "nl")
EUR = '#,##0.00 "€";[Red]-#,##0.00 "€"'
PCT = "0.00%"
HOURS = "#,##0.00"
DATE = "dd/mm/yyyy"
MONTH = "mm/yyyy"
FATES = ("claimed", "not_eligible", "excluded", "other_use")

__all__ = ["export", "write_workbook", "output_name", "slug", "pseudonymise"]


# --------------------------------------------------------------------------- small helpers

def slug(text: str) -> str:
    """``CPAS d'Exempleville`` -> ``cpas-d-exempleville`` (a file name part)."""
    t = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-") or "cpas"


def output_name(figures, lang: str, suffix: str = ".xlsx", *, simulation: bool = False, scenario: str = "") -> str:
    """``<cpas-slug>-<year>-justification-<lang>.xlsx``; a what-if scenario's workbook is
    ``<cpas-slug>-<year>-SIMULATION[-<scenario>]-<lang>.xlsx`` (never taken for the report)."""
    if simulation:
        name = f"-{slug(scenario)}" if scenario and slug(scenario) != "cpas" else ""
        return f"{slug(figures.cpas)}-{figures.year}-SIMULATION{name}-{lang}{suffix}"
    return f"{slug(figures.cpas)}-{figures.year}-justification-{lang}{suffix}"


def _file_mode() -> int:
    """The permissions a new file gets under the process's umask (0644 under umask 022):
    the temporary file of ``mkstemp`` is 0600, the officer's colleagues must read the workbook."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere: read it by setting it, and put it back at once
    os.umask(mask)
    return 0o666 & ~mask


def _eur(cents) -> float:
    """Cents as the euro number a spreadsheet holds (the cached value of a cell)."""
    return int(cents) / 100


def _f(x) -> float:
    return float(Fraction(x)) if x is not None else 0.0


def _blank(v) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v))


def _text(v) -> str:
    return "" if _blank(v) else str(v)


def _q(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _fs(text: str) -> str:
    """A text literal inside a formula."""
    return '"' + text.replace('"', '""') + '"'


def _hf(text: str) -> str:
    """Text in a page header/footer: ``&`` is a control character there."""
    return str(text).replace("&", "&&")[:80]


class Pseudonyms:
    """Never export a national register number: one that slipped into an id or
    a message becomes ``NRN-1``, ``NRN-2``… (stable within one workbook, not
    reversible, so R17's "one person once" stays readable).  Detection is the
    loader's (``privacy.find_nrns``): one definition of what a number is."""

    def __init__(self):
        self.seen: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        if len(text) < 11:
            return text
        found = find_nrns(text)
        names = [self.seen.setdefault(d, f"NRN-{len(self.seen) + 1}") for _a, _b, d in found]  # in reading order
        for (a, b, _d), name in reversed(list(zip(found, names))):
            text = text[:a] + name + text[b:]
        return text


def pseudonymise(text: str) -> str:
    return Pseudonyms()(text)


# --------------------------------------------------------------------------- the workbook

class _Worksheet(xlsxwriter.worksheet.Worksheet):
    """A worksheet whose formulas skip xlsxwriter's future-function rewriting.

    Our formulas use only classic functions (ROUND, MIN, MAX, IF, SUM,
    SUMPRODUCT, ABS), none of which takes the ``_xlfn.`` prefix that xlsxwriter
    looks for with some thirty regular expressions per formula: on a city's
    200 000 formulas that search was a third of the export time."""

    def _prepare_formula(self, formula, expand_future_functions=False):
        if expand_future_functions:
            return super()._prepare_formula(formula, expand_future_functions)
        return formula[1:] if formula.startswith("=") else formula


_CTRL_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CTRL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_XML_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f]|_x[0-9a-fA-F]{4}_")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _xml(text: str) -> str:
    """Text for an XML element, as xlsxwriter escapes it (control characters as _xHHHH_)."""
    if not _XML_SPECIAL.search(text):
        return text
    text = _CTRL_ESCAPE.sub(r"_x005F\1", text)
    text = _CTRL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _RawRows:
    """The detail rows of a constant-memory worksheet, rendered as sheet XML.

    A city's workbook holds some 800 000 cells; xlsxwriter's per-cell path
    (argument checks, a cell tuple, attribute escaping) costs more than the
    XML itself.  The detail rows are therefore rendered here, cell for cell as
    xlsxwriter writes them (inline strings, the same style indices, formulas
    with their cached value), and streamed into the worksheet's row file between
    the header (written by xlsxwriter) and the totals (written by xlsxwriter).
    The tests recalculate the result with LibreOffice, so a change in
    xlsxwriter's internals cannot pass unnoticed."""

    FLUSH = 2000  # rows per write

    def __init__(self, ws, first_row: int, ncols: int):
        ws._write_single_row(first_row)  # write out the header row still held in memory
        self.ws, self.first = ws, first_row
        self.cols = [xl_col_to_name(c) for c in range(ncols)]
        self.xf: dict[int, int] = {}
        self.row, self.cells, self.parts = None, [], []
        self.last = first_row - 1

    @staticmethod
    def supported(ws) -> bool:
        return bool(getattr(ws, "constant_memory", False)) and all(
            hasattr(ws, a) for a in ("_write_single_row", "_check_dimensions", "fh", "previous_row"))

    def _style(self, fmt) -> int:
        i = self.xf.get(id(fmt))
        if i is None:
            i = self.xf[id(fmt)] = fmt._get_xf_index()
        return i

    def _add(self, row: int, col: int, body: str):
        if row != self.row:
            self._end_row()
            self.row = row
        self.cells.append((col, body))

    def _end_row(self):
        if self.row is None or not self.cells:
            return
        self.cells.sort(key=lambda c: c[0])
        R = self.row + 1
        cols = self.cols
        self.parts.append(f'<row r="{R}">' + "".join(f'<c r="{cols[c]}{R}"{b}' for c, b in self.cells) + "</row>")
        self.last = self.row
        self.cells = []
        if len(self.parts) >= self.FLUSH:
            self.ws.fh.write("".join(self.parts))
            self.parts = []

    def number(self, row, col, value, fmt):
        self._add(row, col, f' s="{self._style(fmt)}"><v>{value:.16G}</v></c>')

    def string(self, row, col, text, fmt):
        pre = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
        self._add(row, col, f' s="{self._style(fmt)}" t="inlineStr"><is><t{pre}>{_xml(text)}</t></is></c>')

    def formula(self, row, col, formula, value, fmt):
        f = formula[1:] if formula.startswith("=") else formula
        self._add(row, col, f' s="{self._style(fmt)}"><f>{_xml(f)}</f><v>{value}</v></c>')

    def date(self, row, col, value, fmt):
        d = value.date() if isinstance(value, dt.datetime) else value
        self.number(row, col, (d - _EXCEL_EPOCH).days, fmt)

    def close(self):
        self._end_row()
        if self.parts:
            self.ws.fh.write("".join(self.parts))
        if self.last >= self.first:
            self.ws._check_dimensions(self.last, len(self.cols) - 1)
            self.ws.previous_row = self.last  # the next xlsxwriter row follows these


class _Book:
    """The workbook being written, its formats and the language."""

    def __init__(self, path: Path, figures, inputs, lang: str, fast: bool = True, simulation: bool = False,
                 scenario: str = ""):
        self.f, self.inputs, self.lang, self.fast = figures, inputs, lang, fast
        self.simulation, self.scenario = simulation, scenario
        self.wb = xlsxwriter.Workbook(str(path), {
            "constant_memory": True,          # row by row: a city's 40 000 lines in little memory
            "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
        })
        year = figures.year or 2000
        # Fixed properties: the same inputs give byte-identical files.
        self.wb.set_properties({
            "title": f"{self.sim_prefix}{self.L('xl_title')} {figures.year}", "subject": self.L("final_report"),
            "author": f"activsoc-costs {__version__}", "company": figures.cpas,
            "created": dt.datetime(year, 12, 31, 0, 0, 0),
        })
        self.wb.set_calc_mode("auto")
        self.pseudo = Pseudonyms()
        self.raw: _RawRows | None = None  # while set, cells go to the raw row renderer
        wb = self.wb
        base = {"font_name": "Arial", "font_size": 10, "valign": "top"}
        yes, no = self.L("yes"), self.L("no")
        self.fmt = {
            "text": wb.add_format(base),
            "wrap": wb.add_format({**base, "text_wrap": True}),
            "title": wb.add_format({**base, "bold": True, "font_size": 14}),
            "subtitle": wb.add_format({**base, "bold": True, "font_size": 11}),
            "section": wb.add_format({**base, "bold": True, "font_size": 11, "bottom": 1}),
            "head": wb.add_format({**base, "bold": True, "bg_color": "#D9E1F2", "text_wrap": True, "border": 1}),
            "label": wb.add_format({**base}),
            "label_b": wb.add_format({**base, "bold": True}),
            "eur": wb.add_format({**base, "num_format": EUR}),
            "eur_b": wb.add_format({**base, "num_format": EUR, "bold": True}),
            "eur_tot": wb.add_format({**base, "num_format": EUR, "bold": True, "top": 1, "bottom": 6}),
            "pct": wb.add_format({**base, "num_format": PCT}),
            "pct_b": wb.add_format({**base, "num_format": PCT, "bold": True}),
            "hours": wb.add_format({**base, "num_format": HOURS}),
            "int": wb.add_format({**base, "num_format": "#,##0"}),
            "int_b": wb.add_format({**base, "num_format": "#,##0", "bold": True}),
            "int_tot": wb.add_format({**base, "num_format": "#,##0", "bold": True, "top": 1}),
            "date": wb.add_format({**base, "num_format": DATE, "align": "left"}),
            "month": wb.add_format({**base, "num_format": MONTH, "align": "left"}),
            "yesno": wb.add_format({**base, "num_format": f'[=1]"{yes}";[=0]"{no}";General', "align": "center"}),
            "tot_label": wb.add_format({**base, "bold": True, "top": 1, "bottom": 6}),
            "sign": wb.add_format({**base, "bottom": 1}),
            "check": wb.add_format({**base, "num_format": EUR, "bold": True, "bg_color": "#E2EFDA"}),
            "check_int": wb.add_format({**base, "num_format": "#,##0", "bold": True, "bg_color": "#E2EFDA"}),
            "mono": wb.add_format({**base, "font_name": "DejaVu Sans Mono", "font_size": 9}),
        }
        self.red = wb.add_format({"bg_color": "#F8CBAD", "font_color": "#9C0006"})
        self.names = {k: self.L(f"xl_sheet_{k}") for k in
                      ("summary", "personnel", "payroll", "operating", "trajectories", "checks", "parameters")}

    def L(self, key: str) -> str:
        return label(key, self.lang)

    @property
    def sim_prefix(self) -> str:
        """``SIMULATION — `` before every title of a what-if scenario's workbook."""
        return f"{self.L('xl_simulation')} — " if self.simulation else ""

    def s(self, ws, row, col, text, fmt="text"):
        """All text goes through here: ``write_string`` never makes a formula (injection safety)."""
        text = self.pseudo(_text(text))
        if text:
            fmt = self.fmt[fmt] if isinstance(fmt, str) else fmt
            if self.raw is not None:
                self.raw.string(row, col, text, fmt)
            else:
                ws.write_string(row, col, text, fmt)

    def n(self, ws, row, col, value, fmt):
        if not _blank(value):
            if self.raw is not None:
                self.raw.number(row, col, value, self.fmt[fmt])
            else:
                ws.write_number(row, col, value, self.fmt[fmt])

    def fx(self, ws, row, col, formula, value, fmt):
        fmt = self.fmt[fmt] if isinstance(fmt, str) else fmt
        if self.raw is not None and not isinstance(value, str):
            self.raw.formula(row, col, formula, value, fmt)
        else:
            ws.write_formula(row, col, formula, fmt, value)

    def d(self, ws, row, col, value, fmt="date"):
        if not _blank(value):
            if isinstance(value, pd.Timestamp):
                value = value.to_pydatetime()
            if self.raw is not None:
                self.raw.date(row, col, value, self.fmt[fmt])
            else:
                ws.write_datetime(row, col, value, self.fmt[fmt])

    def rows(self, ws, ncols: int):
        """Start rendering detail rows (from FIRST) directly as XML, when the worksheet allows it."""
        if _RawRows.supported(ws) and self.fast:
            self.raw = _RawRows(ws, FIRST, ncols)

    def end_rows(self):
        if self.raw is not None:
            self.raw.close()
            self.raw = None

    def name(self, name: str, sheet: str, row: int, col: int, row2: int | None = None):
        c = xl_col_to_name(col)
        ref = f"={_q(self.names[sheet])}!${c}${row + 1}"
        if row2 is not None:
            ref += f":${c}${row2 + 1}"
        self.wb.define_name(name, ref)

    def sheet(self, key: str, header_row: int | None, widths: list[float], ncols: int):
        ws = self.wb.add_worksheet(self.names[key], worksheet_class=_Worksheet)
        for i, w in enumerate(widths):
            ws.set_column(i, i, w)
        ws.set_paper(9)  # A4
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.5, right=0.5, top=0.75, bottom=0.75)
        f = self.f
        ws.set_header(f"&L&\"Arial,Bold\"{_hf(f.cpas)}&C{_hf(self.sim_prefix + self.names[key])}"
                      f"&R{_hf(self.L('year'))} {f.year}")
        ws.set_footer(f"&L{_hf(self.sim_prefix + self.L('xl_title'))}&R{_hf(self.L('xl_page'))} &P / &N")
        if header_row is not None:
            ws.repeat_rows(header_row)
            ws.freeze_panes(header_row + 1, 1)
        return ws

    def header(self, ws, row: int, keys: list[str]):
        ws.set_row(row, 58)
        for c, k in enumerate(keys):
            self.s(ws, row, c, self.L(k), "head")

    def title(self, ws, key: str):
        self.s(ws, 0, 0, f"{self.sim_prefix}{self.names[key]} — {self.f.cpas} — {self.f.year}", "title")


# --------------------------------------------------------------------------- Personnel

# Each detail line ends with the program's own figures (plain numbers) and a check cell:
# 0 when the line's formulas give the program's amount and four fates to the cent, else 1
# (the checks sheet counts the lines that disagree: it must show 0).
LIB_COLS = ["xl_lib_amount", "xl_lib_claimed", "xl_lib_not_eligible", "xl_lib_excluded", "xl_lib_other_use",
            "xl_line_check"]
LIB_WIDTHS = [13, 13, 13, 13, 13, 9]
P_COLS = ["xl_line", "xl_staff_id", "xl_function", "xl_from", "xl_to", "xl_cost", "xl_key", "xl_key_num",
          "xl_key_den", "xl_prof_hours", "xl_share", "xl_ne_share", "xl_other_funding", "xl_allowed_pers",
          "xl_claimable", "xl_sa_part", "claimed", "not_eligible", "excluded", "other_use", "rules", "xl_reasons",
          "justification", "xl_source", *LIB_COLS]
P_WIDTHS = [13, 10, 18, 11, 11, 14, 16, 12, 12, 12, 11, 10, 11, 9, 11, 14, 14, 13, 13, 14, 12, 28, 40, 24,
            *LIB_WIDTHS]
P_MONEY = {"amount": 5, "claimed": 16, "not_eligible": 17, "excluded": 18, "other_use": 19}
P_LIB = 24  # first column of the program's figures on the personnel sheet
O_COLS = ["xl_id", "xl_date", "xl_description", "xl_purpose", "xl_contract", "procurement_ref", "xl_paid", "xl_share",
          "xl_other_funding", "xl_other_funder", "xl_budget_left", "xl_budget_ne_left", "xl_base", "xl_refund_ne",
          "xl_refund_ex", "xl_eligible_nature", "xl_allowed_op", "xl_claimable", "xl_sa_part", "claimed",
          "not_eligible", "excluded", "other_use", "rules", "xl_reasons", "xl_source", *LIB_COLS]
O_WIDTHS = [9, 11, 36, 20, 14, 16, 14, 10, 11, 12, 14, 14, 14, 13, 13, 10, 10, 11, 14, 14, 13, 13, 14, 11, 30, 24,
            *LIB_WIDTHS]
O_MONEY = {"amount": 6, "claimed": 19, "not_eligible": 20, "excluded": 21, "other_use": 22}
O_LIB = 26
FIRST = 3  # detail sheets: title row 0, note row 1, header row 2, data from row 3


def _col(i: int) -> str:
    return xl_col_to_name(i)


def _source(b: _Book, file, sheet, row) -> str:
    place = str(file)
    if sheet and sheet != file:
        place += f" [{sheet}]"
    return f"{place}, {b.L('xl_row')} {row}"


def _reasons(b: _Book, reasons: str) -> str:
    return "; ".join(b.L(r) for r in str(reasons).split() if r)


def _write_totals(b: _Book, ws, row: int, money: dict[str, int], n: int, prefix: str, cached: dict[str, int]):
    """The totals row (SUM of the detail rows) and its defined names ``<prefix>_<fate>``."""
    b.s(ws, row, 0, b.L("total"), "tot_label")
    last = FIRST + max(n, 1) - 1
    for field, c in money.items():
        col = _col(c)
        b.fx(ws, row, c, f"=SUM({col}{FIRST + 1}:{col}{last + 1})", _eur(cached[field]), "eur_tot")
        b.name(f"{prefix}_{field}", prefix_sheet(prefix), row, c)
        b.name(f"{prefix}_{field}_lines", prefix_sheet(prefix), FIRST, c, last)
    check = {"Pers": P_LIB, "Op": O_LIB}[prefix] + 5
    b.name(f"{prefix}_check_lines", prefix_sheet(prefix), FIRST, check, last)


_CHECK_TEMPLATES: dict[tuple, str] = {}


def _write_line_check(b: _Book, ws, r: int, line, money: dict[str, int], first: int):
    """The program's amount and four fates of ``line`` (plain numbers) and the check cell
    comparing them with the line's formulas, to the cent (0: equal, 1: not)."""
    key = (tuple(money.items()), first)
    template = _CHECK_TEMPLATES.get(key)
    if template is None:
        tests = ",".join(f"ROUND({_col(money[fld])}{{R}}-{_col(first + i)}{{R}},2)=0"
                         for i, fld in enumerate(("amount", *FATES)))
        template = _CHECK_TEMPLATES[key] = f"=IF(AND({tests}),0,1)"
    for i, v in enumerate((line.amount, line.claimed, line.not_eligible, line.excluded, line.other_use)):
        b.n(ws, r, first + i, int(v) / 100, "eur")
    b.fx(ws, r, first + 5, template.format(R=r + 1), 0, "int")


def prefix_sheet(prefix: str) -> str:
    return {"Pers": "personnel", "Op": "operating"}[prefix]


# the engine's reasons that leave nothing claimable on a personnel line (column "allowed"):
# R1 outside the period, R9 / R8 no written justification
NOT_ALLOWED_PERS = {"R1_outside_period", "R9_no_justification", "R8_direct_no_justification"}


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
    sheet_rows = {}  # staff id -> (from, to, key label, justification) cached per staff
    r = FIRST
    b.rows(ws, len(P_COLS))
    for line in pers.itertuples(index=False):
        s = f.allocation.staff[line.ref]
        R = r + 1
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
        # the key's data (H, I, J) and the share (K), the not-eligible share (L)
        if s.key == "time":
            b.n(ws, r, 7, _f(Fraction(s.sa_hours, 1000)), "hours")
            if s.method == "productive_hours":
                given = staff.at[i, "productive_hours"]
                if _blank(given):
                    # productive hours = hours per FTE × FTE × days worked / days of the period
                    fte = staff.at[i, "fte"]
                    fte = Decimal(1) if _blank(fte) else Decimal(str(fte))
                    days = max((end - start).days + 1, 0)
                    pdays = (params.period_end - params.period_start).days + 1
                    b.fx(ws, r, 8, f"={params.productive_hours_per_fte}*{fte}*{days}/{pdays}",
                         _f(s.productive_hours), "hours")
                else:
                    b.n(ws, r, 8, _f(s.productive_hours), "hours")
                b.fx(ws, r, 10, f"=IF(I{R}=0,0,MIN(H{R}/I{R},1))", _f(s.share), "pct")
                b.fx(ws, r, 11, f"=IF(I{R}=0,0,MIN(J{R}/I{R},1-K{R}))", _f(s.not_eligible_share), "pct")
            else:
                b.n(ws, r, 8, _f(Fraction(s.worked_hours, 1000)), "hours")
                b.fx(ws, r, 10, f"=IF(I{R}=0,0,H{R}/I{R})", _f(s.share), "pct")
                b.fx(ws, r, 11, f"=IF(I{R}=0,0,J{R}/I{R})", _f(s.not_eligible_share), "pct")
            b.n(ws, r, 9, _f(Fraction(s.prof_hours, 1000)), "hours")
        else:
            if s.key == "caseload":
                b.n(ws, r, 7, s.piis_files, "int")
                b.n(ws, r, 8, s.all_files, "int")
                b.fx(ws, r, 10, f"=IF(I{R}=0,0,MIN(H{R}/I{R},1))", _f(s.share), "pct")
            elif s.key == "fixed":
                b.n(ws, r, 7, _f(s.share), "pct")
                b.fx(ws, r, 10, f"=H{R}", _f(s.share), "pct")
            else:  # direct (R8): 100 %
                b.n(ws, r, 10, 1, "pct")
            b.n(ws, r, 11, 0, "pct")
        b.n(ws, r, 12, _f(s.other_funding), "pct")
        reasons = line.reasons.split()
        allowed = 0 if NOT_ALLOWED_PERS.intersection(reasons) else 1
        b.n(ws, r, 13, allowed, "yesno")
        b.fx(ws, r, 14, f"=N{R}*MAX(0,MIN(K{R},1-M{R}))", allowed * _f(s.cap), "pct")
        b.fx(ws, r, 15, f"=ROUND(F{R}*K{R},2)", _eur(line.claimed + line.excluded), "eur")
        b.fx(ws, r, 16, f"=MIN(ROUND(F{R}*O{R},2),P{R})", _eur(line.claimed), "eur")
        b.fx(ws, r, 17, f"=MIN(ROUND(F{R}*L{R},2),F{R}-P{R})", _eur(line.not_eligible), "eur")
        b.fx(ws, r, 18, f"=P{R}-Q{R}", _eur(line.excluded), "eur")
        b.fx(ws, r, 19, f"=F{R}-P{R}-R{R}", _eur(line.other_use), "eur")
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
    _write_totals(b, ws, r, P_MONEY, n, "Pers", f.personnel)
    return ws


# --------------------------------------------------------------------------- Operating costs

def _refund_order(op: pd.DataFrame, refunds: dict, oper: pd.DataFrame) -> tuple[list, dict]:
    """The refund lines in the order the engine uses the attendance budget, and each
    one's (amount, eligible basis, not eligible, excluded), from the engine itself
    (``allocate._split_refunds``), so that the workbook cannot follow another order."""
    from .allocate import _split_refunds
    if not len(op) or not refunds:
        return [], {}
    parts = _split_refunds(op, refunds)
    return list(parts), parts


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
        share = Fraction(Decimal(str(src.share))) / 100 if not _blank(src.share) else Fraction(1)
        other = Fraction(Decimal(str(src.other_funding))) / 100 if not _blank(src.other_funding) else Fraction(0)
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
        reasons = line.reasons.split()
        eligible = 0 if "R13_not_eligible" in reasons else 1
        allowed = 0 if ("R1_outside_period" in reasons or "R14_no_procurement_ref" in reasons) else 1
        b.n(ws, r, 15, eligible, "yesno")
        b.n(ws, r, 16, allowed, "yesno")
        cap = eligible * allowed * _f(max(min(share, 1 - other), Fraction(0)))
        b.fx(ws, r, 17, f"=P{R}*Q{R}*MAX(0,MIN(H{R},1-I{R}))", cap, "pct")
        sa = basis - int(line.other_use)
        b.fx(ws, r, 18, f"=ROUND(M{R}*H{R},2)", _eur(sa), "eur")
        b.fx(ws, r, 19, f"=MIN(ROUND(M{R}*R{R},2),S{R})", _eur(line.claimed), "eur")
        b.fx(ws, r, 20, f"=(1-P{R})*S{R}+N{R}", _eur(line.not_eligible), "eur")
        b.fx(ws, r, 21, f"=P{R}*(S{R}-T{R})+O{R}", _eur(line.excluded), "eur")
        b.fx(ws, r, 22, f"=M{R}-S{R}", _eur(line.other_use), "eur")
        b.s(ws, r, 23, line.rules)
        b.s(ws, r, 24, _reasons(b, line.reasons))
        b.s(ws, r, 25, _source(b, line.file, line.sheet, line.row))
        _write_line_check(b, ws, r, line, O_MONEY, O_LIB)
        r += 1
    b.end_rows()
    ws.autofilter(FIRST - 1, 0, max(FIRST - 1 + n, FIRST), len(O_COLS) - 1)
    _write_totals(b, ws, total_row, O_MONEY, n, "Op", f.operating)
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


# --------------------------------------------------------------------------- Trajectories

T_COLS = ["xl_piis_id", "xl_person", "xl_type", "xl_from", "xl_to", "xl_left_on", "xl_status", "counted", "xl_rule",
          "xl_reasons", "carry_over", "outcome", "xl_source"]
T_WIDTHS = [10, 14, 22, 11, 11, 11, 22, 11, 8, 44, 14, 24, 22]
STATUS_KEY = {"not_counted": "xl_status_not_counted", "left_with_reason": "left_with_reason", "ongoing": "ongoing",
              "outcome": "xl_status_outcome"}


def _traj_reason(b: _Book, t) -> str:
    reason = _text(t.reason)
    if not t.counted:
        head, _, rest = reason.partition(" (first: ")
        if rest:
            return f"{b.L(head)} {rest.rstrip(')')}"
        return b.L(reason)
    return reason  # the officer's own reason for leaving (R20)


def write_trajectories(b: _Book):
    traj = b.f.trajectories
    ws = b.sheet("trajectories", FIRST - 1, T_WIDTHS, len(T_COLS))
    b.title(ws, "trajectories")
    b.s(ws, 1, 0, "R15-R20, R23", "text")
    b.header(ws, FIRST - 1, T_COLS)
    r = FIRST
    b.rows(ws, len(T_COLS))
    for t in traj.itertuples(index=False):
        b.s(ws, r, 0, t.id)
        b.s(ws, r, 1, t.person)
        b.s(ws, r, 2, enum_label("piis_type", t.type, b.lang) if t.type else "")
        b.d(ws, r, 3, t.start)
        b.d(ws, r, 4, t.end)
        b.d(ws, r, 5, t.left_on)
        b.s(ws, r, 6, b.L(STATUS_KEY.get(t.status, t.status)))
        b.n(ws, r, 7, 1 if t.counted else 0, "yesno")
        b.s(ws, r, 8, t.rule)
        b.s(ws, r, 9, _traj_reason(b, t))
        b.n(ws, r, 10, 1 if t.carry_over else 0, "yesno")
        if t.outcome:
            b.s(ws, r, 11, enum_label("outcome", t.outcome, b.lang))
        b.s(ws, r, 12, _source(b, t.file, t.sheet, t.row))
        r += 1
    b.end_rows()
    n = len(traj)
    last = FIRST + max(n, 1) - 1
    ws.autofilter(FIRST - 1, 0, max(FIRST - 1 + n, FIRST), len(T_COLS) - 1)
    for name, c in (("Traj_Type", 2), ("Traj_Status", 6), ("Traj_Counted", 7), ("Traj_CarryOver", 10),
                    ("Traj_Outcome", 11)):
        b.name(name, "trajectories", FIRST, c, last)
    return ws


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


# --------------------------------------------------------------------------- Checks

# rows of the summary's R15 table (row, label, count key) and of the R23 results (row, key)
SUMMARY_R15 = [(28, "line_1", "bilans"), (29, "line_2", "piis"), (30, "line_2.1", "2.1"), (31, "line_2.2", "2.2"),
               (32, "line_2.3", "2.3")]
SUMMARY_R23 = [(35 + i, k) for i, k in enumerate(("socio_professional", "autonomy", "volunteering", "job",
                                                   "left_with_reason", "ongoing", "carry_over"))]

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
    for sev, p in items:
        b.s(ws, row, 0, L(sev))
        b.s(ws, row, 1, p.file)
        b.s(ws, row, 2, p.sheet)
        if p.row is not None:
            b.n(ws, row, 3, int(p.row), "int")
        b.s(ws, row, 4, p.column)
        b.s(ws, row, 5, p.value)
        b.s(ws, row, 6, p.rule)
        b.s(ws, row, 8, p.code, "mono")
        b.s(ws, row, 9, p.message(b.lang))
        row += 1
    ws.autofilter(hdr, 0, max(row - 1, hdr + 1), 9)
    return ws


# --------------------------------------------------------------------------- Parameters

def write_parameters(b: _Book):
    f, L, inputs = b.f, b.L, b.inputs
    ws = b.sheet("parameters", None, [34, 70], 2)
    b.title(ws, "parameters")
    b.s(ws, 2, 0, L("xl_program"), "label_b")
    b.s(ws, 2, 1, f"activsoc-costs {__version__}")
    b.s(ws, 3, 0, L("xl_inputs"), "label_b")
    b.s(ws, 3, 1, Path(str(inputs.source)).name if inputs.source else "")
    b.s(ws, 5, 0, L("xl_year_params") + f" {f.year}", "section")
    b.s(ws, 6, 0, L("xl_parameter"), "head")
    b.s(ws, 6, 1, L("xl_value"), "head")
    row = 7
    params = inputs.params
    rows = params.as_rows() if params is not None else []
    for k, v in rows:
        b.s(ws, row, 0, k)
        if k == "refund_rate_eur_per_hour":
            b.n(ws, row, 1, _eur(params.refund_rate_cents), "eur")
        else:
            b.s(ws, row, 1, v)
        row += 1
    # R11: the rate the refunds formulas use (named cell Refund_Rate): the engine's, i.e. the
    # CPAS's own rate from the convention, else the year's parameter
    refunds = f.allocation.refunds or {}
    rate = refunds.get("rate", params.refund_rate_cents if params is not None else 0)
    b.s(ws, row, 0, L("xl_refund_rate_used"), "label_b")
    b.n(ws, row, 1, _eur(rate), "eur")
    b.name("Refund_Rate", "parameters", row, 1)
    row += 1
    row += 1
    b.s(ws, row, 0, L("xl_input_files"), "section")
    row += 1
    b.s(ws, row, 0, L("xl_file"), "head")
    b.s(ws, row, 1, "SHA-256", "head")
    row += 1
    if b.simulation:  # a scenario is not the inputs: their hashes would certify figures it changed
        b.s(ws, row, 0, L("xl_simulation_no_hash"))
        row += 1
    else:
        for name, digest in sorted((inputs.files or {}).items()):
            b.s(ws, row, 0, name)
            b.s(ws, row, 1, digest, "mono")
            row += 1
    return ws


# --------------------------------------------------------------------------- the public functions

def write_workbook(figures, inputs, path: str | Path, lang: str = "fr", *, fast: bool = True,
                   simulation: bool = False, scenario: str = "") -> Path:
    """Write the justification workbook of ``figures`` to ``path`` (as it is: no
    temporary name, no overwrite check; ``export`` adds those).  ``fast=False``
    writes every cell through xlsxwriter's public API (the same file, slower).
    ``simulation``: a what-if scenario's workbook (SIMULATION in every title, header
    and footer, no signature block, no hashes of the inputs)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    path = Path(path)
    b = _Book(path, figures, inputs, lang, fast, simulation, scenario)
    # Sheet order is the reading order; each sheet is written top to bottom (constant memory).
    write_summary(b)
    write_personnel(b)
    write_payroll(b)
    write_operating(b)
    write_trajectories(b)
    write_checks(b)
    write_parameters(b)
    b.wb.worksheets()[0].activate()
    b.wb.close()
    return path


def _inside(child: Path, parent: Path) -> bool:
    try:
        child.resolve().relative_to(parent.resolve())
        return True
    except ValueError:
        return False


def _free_name(out_dir: Path, stem: str, suffixes: tuple[str, ...]) -> str:
    """``stem``, else ``stem-2``, ``stem-3``… whose files (one per suffix) do not exist yet."""
    n = 1
    while True:
        cand = stem if n == 1 else f"{stem}-{n}"
        if not any((out_dir / f"{cand}{s}").exists() for s in suffixes):
            return cand
        n += 1


def _remove_stale_temporaries(out_dir: Path, stem: str) -> None:
    """Remove the hidden temporary files left by an export that was killed
    (their name carries the writer's process id; a live writer's file is kept)."""
    for p in out_dir.glob(f".{stem}.*.xlsx.tmp"):
        pid = p.name[len(stem) + 2:].split(".", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            p.unlink(missing_ok=True)
        except PermissionError:
            pass  # a live process of another user


def export(figures, inputs, out_dir: str | Path = "outputs", lang: str = "fr", *, force: bool = False,
           pdf: bool = False, xlsx: bool = True, notes: list | None = None, simulation: bool = False,
           scenario: str = "") -> list[Path]:
    """Write the justification workbook(s) into ``out_dir``; return the paths written.

    ``lang``: ``fr``, ``nl`` or ``all`` (both files).  An existing file is
    replaced only with ``force``; otherwise, when its bytes differ, the new file
    gets a numbered name (``…-fr-2.xlsx``) and ``notes`` (a list, if given)
    receives ``(code, path)`` tuples the caller can show: ``renamed`` or
    ``unchanged`` (identical bytes: nothing rewritten).  ``pdf``: also print the
    workbook to PDF with LibreOffice; ``xlsx=False`` keeps only the PDF.
    ``simulation`` (a what-if scenario, named ``scenario``): SIMULATION in the file
    name, titles, headers and footers; no signature block, no hashes of the inputs.
    Files written get the permissions of the umask (0644 under umask 022).
    """
    langs = LANGS if lang == "all" else (lang,)
    for lg in langs:
        if lg not in LANGS:
            raise ValueError(f"lang must be fr, nl or all, not {lang!r}")
    if not xlsx and not pdf:
        return []
    out_dir = Path(out_dir)
    src = Path(str(getattr(inputs, "source", "") or ""))
    if str(src) not in ("", "."):
        folder = src if src.is_dir() else src.parent
        if _inside(out_dir, folder):
            # nothing is ever written into the inputs' folder
            raise ValueError(f"{label('xl_refuse_inputs', 'fr')} / {label('xl_refuse_inputs', 'nl')}: {folder}")
    out_dir.mkdir(parents=True, exist_ok=True)
    note = notes.append if notes is not None else (lambda _x: None)
    written: list[Path] = []
    for lg in langs:
        stem = output_name(figures, lg, "", simulation=simulation, scenario=scenario)
        _remove_stale_temporaries(out_dir, stem)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{stem}.{os.getpid()}.", suffix=".xlsx.tmp", dir=out_dir)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            write_workbook(figures, inputs, tmp, lg, simulation=simulation, scenario=scenario)
            os.chmod(tmp, _file_mode())  # mkstemp made it 0600: the umask decides, as for any file
            suffixes = tuple(s for s, on in ((".xlsx", xlsx), (".pdf", pdf)) if on)
            target_stem = stem
            if not force and any((out_dir / f"{stem}{s}").exists() for s in suffixes):
                existing = out_dir / f"{stem}.xlsx"
                if suffixes == (".xlsx",) and filecmp.cmp(existing, tmp, shallow=False):
                    note(("unchanged", existing))  # same inputs, same bytes: nothing to rewrite
                    written.append(existing)
                    continue
                target_stem = _free_name(out_dir, stem, suffixes)
                note(("renamed", out_dir / f"{target_stem}{suffixes[0]}"))
            pdf_path = _pdf(tmp, out_dir / f"{target_stem}.pdf") if pdf else None
            if xlsx:
                target = out_dir / f"{target_stem}.xlsx"
                os.replace(tmp, target)  # atomic: never half a file under the final name
                written.append(target)
            if pdf_path:
                written.append(pdf_path)
        finally:
            if tmp.exists():
                tmp.unlink()
    return written


def _pdf(xlsx_path: Path, target: Path) -> Path:
    """The workbook printed by LibreOffice (formulas recalculated), renamed into place."""
    from . import _libreoffice as lo
    work = Path(tempfile.mkdtemp(prefix=".pdf-", dir=target.parent))
    try:
        stage = work / f"{target.stem}.xlsx"
        shutil.copyfile(xlsx_path, stage)
        produced = lo.to_pdf(stage, work / "out")
        os.chmod(produced, _file_mode())
        os.replace(produced, target)
        return target
    finally:
        shutil.rmtree(work, ignore_errors=True)
