"""The workbook being written (:class:`_Book`: formats, language, the fast row
writer :class:`_RawRows`) and the helpers every sheet uses."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from fractions import Fraction
from pathlib import Path

import pandas as pd
from xlsxwriter.utility import xl_col_to_name

from .. import __version__
from ..labels import label
from ..privacy import find_nrns, may_hold_nrn
# xlsxwriter's internals: only there
from ._xlsx_raw import Workbook, _RawRows, _Worksheet, _xml, day_numbers  # noqa: F401


LANGS = ("fr", "nl")
EUR = '#,##0.00 "€";[Red]-#,##0.00 "€"'
PCT = "0.00%"
HOURS = "#,##0.00"
DATE = "dd/mm/yyyy"
MONTH = "mm/yyyy"
FATES = ("claimed", "not_eligible", "excluded", "other_use")


# --------------------------------------------------------------------------- small helpers

def slug(text: str) -> str:
    """``CPAS d'Exempleville`` -> ``cpas-d-exempleville`` (a file name part)."""
    t = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-") or "cpas"


def _eur(cents) -> float:
    """Cents as the euro number a spreadsheet holds (the cached value of a cell)."""
    return int(cents) / 100


def _f(x) -> float:
    if type(x) is Fraction:  # the same float as float(Fraction(x)), without copying the fraction
        return x.numerator / x.denominator
    return float(Fraction(x)) if x is not None else 0.0


def _blank(v) -> bool:
    t = type(v)
    if t is str or t is int:  # the usual cells, without pandas' isna (the same answer)
        return False
    if t is float:
        return v != v
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
        if not found:
            return text
        names = [self.seen.setdefault(d, f"NRN-{len(self.seen) + 1}") for _a, _b, d in found]  # in reading order
        for (a, b, _d), name in reversed(list(zip(found, names))):
            text = text[:a] + name + text[b:]
        return text


    def rows(self, columns: list[list]) -> list[list[str]]:
        """The texts of these columns (blank: ""), pseudonymised in reading order (row by row, then
        column by column), as one call per cell would name them; one regex pass finds none at all."""
        cols = [[v if type(v) is str else "" if v is None else _text(v) for v in c] for c in columns]
        joined = "\n".join("\n".join(c) for c in cols)  # "\n" ends any number
        if not may_hold_nrn(joined) or not find_nrns(joined):  # the byte prefilter first: most hold none
            return cols
        out = [list(c) for c in cols]
        for i in range(len(cols[0]) if cols else 0):
            for k, c in enumerate(cols):
                out[k][i] = self(c[i])
        return out


def pseudonymise(text: str) -> str:
    return Pseudonyms()(text)


# --------------------------------------------------------------------------- the workbook

class _Book:
    """The workbook being written, its formats and the language."""

    def __init__(self, path: Path, figures, inputs, lang: str, fast: bool = True, simulation: bool = False,
                 scenario: str = "", *, wb=None, sheet_names: dict | None = None, pseudo=None):
        # ``wb``: write into this open workbook (a cluster member's detail sheets, export/cluster.py)
        # under ``sheet_names``; the defined names are then local to the member's sheets
        self.f, self.inputs, self.lang, self.fast = figures, inputs, lang, fast
        self.simulation, self.scenario = simulation, scenario
        self.local_names = wb is not None
        if wb is not None:
            self.wb = wb
        else:
            self.wb = Workbook(str(path), {
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
        self.pseudo = pseudo if pseudo is not None else Pseudonyms()
        self.made: list[str] = []  # the sheets this book wrote
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
        if sheet_names:
            self.names.update(sheet_names)

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
            ws.write_string(row, col, text, fmt)

    def n(self, ws, row, col, value, fmt):
        if not _blank(value):
            ws.write_number(row, col, value, self.fmt[fmt])

    def fx(self, ws, row, col, formula, value, fmt):
        fmt = self.fmt[fmt] if isinstance(fmt, str) else fmt
        ws.write_formula(row, col, formula, fmt, value)

    def d(self, ws, row, col, value, fmt="date"):
        if not _blank(value):
            if isinstance(value, pd.Timestamp):
                value = value.to_pydatetime()
            ws.write_datetime(row, col, value, self.fmt[fmt])

    def columns(self, ws, first: int, ncols: int, cols: dict):
        """The rows of a detail sheet from ``first`` on, from ``cols`` (column index -> :class:`Col`,
        one value per row): rendered at once as XML when the worksheet allows it, else cell by cell
        through ``s`` / ``n`` / ``d`` / ``fx`` (the same cells, in reading order)."""
        order = sorted(cols.items())
        n = len(order[0][1].values) if order else 0
        if self.fast and _RawRows.supported(ws):
            texts = iter(self.pseudo.rows([c.values for _i, c in order if c.kind == "s"]))
            spec = []
            for i, c in order:
                values = c.values
                if c.kind == "s":
                    values = next(texts)
                elif c.kind == "d":
                    values = day_numbers(values if isinstance(values, pd.Series) else
                                         [v if type(v) is dt.date else None if _blank(v) else v for v in values])
                fmt = [self.fmt[f] for f in c.fmt] if isinstance(c.fmt, list) else self.fmt[c.fmt]
                spec.append((i, "n" if c.kind == "d" else c.kind, fmt, values, c.formulas))
            raw = _RawRows(ws, first, ncols)
            raw.columns(first, n, spec)
            raw.close()
            return
        write = {"s": self.s, "n": self.n, "d": self.d}
        order = [(i, Col(c.kind, list(c.values), c.fmt, c.formulas)) for i, c in order]  # a Series by position
        for k in range(n):
            r = first + k
            for i, c in order:
                fmt = c.fmt[k] if isinstance(c.fmt, list) else c.fmt
                if c.kind != "f":
                    write[c.kind](ws, r, i, c.values[k], fmt)
                    continue
                formula = c.formulas.replace("{R}", str(r + 1)) if isinstance(c.formulas, str) else c.formulas[k]
                if formula is None:
                    self.n(ws, r, i, c.values[k], fmt)
                else:
                    self.fx(ws, r, i, formula, c.values[k], fmt)

    def name(self, name: str, sheet: str, row: int, col: int, row2: int | None = None):
        c = xl_col_to_name(col)
        ref = f"={_q(self.names[sheet])}!${c}${row + 1}"
        if row2 is not None:
            ref += f":${c}${row2 + 1}"
        if self.local_names:  # one per sheet of this book already written: formulas there find it
            for n in self.made:
                self.wb.define_name(f"{_q(n)}!{name}", ref)
            return
        self.wb.define_name(name, ref)

    def sheet(self, key: str, header_row: int | None, widths: list[float], ncols: int):
        ws = self.wb.add_worksheet(self.names[key], worksheet_class=_Worksheet)
        self.made.append(self.names[key])
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


class Col:
    """One column of detail rows (``_Book.columns``): ``kind`` ``s`` text, ``n`` number, ``d``
    date (a list, or a datetime64 Series) or ``f`` formula, one value per row (None, blank: no cell); a formula column's
    ``formulas`` is one template with ``{R}`` for the row, or one formula per row (None: the
    value as a plain number); ``fmt`` one format name, or one per row."""
    __slots__ = ("kind", "values", "fmt", "formulas")

    def __init__(self, kind: str, values: list, fmt: str | list, formulas: str | list | None = None):
        self.kind, self.values, self.fmt, self.formulas = kind, values, fmt, formulas


def S(values, fmt="text") -> Col:
    return Col("s", values, fmt)


def N(values, fmt) -> Col:
    return Col("n", values, fmt)


def D(values, fmt="date") -> Col:
    return Col("d", values, fmt)


def F(formulas, values, fmt) -> Col:
    return Col("f", values, fmt, formulas)


# Each detail line ends with the program's own figures (plain numbers) and a check cell:
# 0 when the line's formulas give the program's amount and four fates to the cent, else 1
# (the checks sheet counts the lines that disagree: it must show 0).
LIB_COLS = ["xl_lib_amount", "xl_lib_claimed", "xl_lib_not_eligible", "xl_lib_excluded", "xl_lib_other_use",
            "xl_line_check"]
LIB_WIDTHS = [13, 13, 13, 13, 13, 9]

FIRST = 3  # detail sheets: title row 0, note row 1, header row 2, data from row 3


def _col(i: int) -> str:
    return xl_col_to_name(i)


def _source(b: _Book, file, sheet, row) -> str:
    return f"{_place(file, sheet)}, {b.L('xl_row')} {row}"


def _place(file, sheet) -> str:
    place = str(file)
    if sheet and sheet != file:
        place += f" [{sheet}]"
    return place


def _sources(b: _Book, files, sheets, rows) -> list[str]:
    """``_source`` of every row (the file and sheet named once per distinct pair)."""
    word, places = b.L("xl_row"), {}
    out = []
    for file, sheet, row in zip(files, sheets, rows):
        place = places.get((file, sheet))
        if place is None:
            place = places[(file, sheet)] = _place(file, sheet)
        out.append(f"{place}, {word} {row}")
    return out


def _reasons(b: _Book, reasons: str) -> str:
    return "; ".join(b.L(r) for r in str(reasons).split() if r)


def _each(fn, values) -> list:
    """``[fn(v) for v in values]``, ``fn`` called once per distinct value (the labels of a column)."""
    seen, out = {}, []
    for v in values:
        try:
            x = seen[v]
        except KeyError:
            x = seen[v] = fn(v)
        except TypeError:  # not hashable
            x = fn(v)
        out.append(x)
    return out


def _write_totals(b: _Book, ws, row: int, money: dict[str, int], n: int, prefix: str, cached: dict[str, int],
                  lib: int):
    """The totals row (SUM of the detail rows) and its defined names ``<prefix>_<fate>``,
    ``<prefix>_<fate>_lines`` and ``<prefix>_check_lines`` (the check cells, ``lib`` + 5)."""
    b.s(ws, row, 0, b.L("total"), "tot_label")
    last = FIRST + max(n, 1) - 1
    for field, c in money.items():
        col = _col(c)
        b.fx(ws, row, c, f"=SUM({col}{FIRST + 1}:{col}{last + 1})", _eur(cached[field]), "eur_tot")
        b.name(f"{prefix}_{field}", prefix_sheet(prefix), row, c)
        b.name(f"{prefix}_{field}_lines", prefix_sheet(prefix), FIRST, c, last)
    b.name(f"{prefix}_check_lines", prefix_sheet(prefix), FIRST, lib + 5, last)


def _line_check(lines, money: dict[str, int], first: int) -> dict[int, Col]:
    """The program's amount and four fates of each line (plain numbers) and the check cell
    comparing them with the line's formulas, to the cent (0: equal, 1: not)."""
    cols = {first + i: N([v / 100 for v in lines[fld].tolist()], "eur") for i, fld in enumerate(("amount", *FATES))}
    tests = ",".join(f"ROUND({_col(money[fld])}{{R}}-{_col(first + i)}{{R}},2)=0"
                     for i, fld in enumerate(("amount", *FATES)))
    cols[first + 5] = F(f"=IF(AND({tests}),0,1)", [0] * len(lines), "int")
    return cols


def prefix_sheet(prefix: str) -> str:
    return {"Pers": "personnel", "Op": "operating"}[prefix]

