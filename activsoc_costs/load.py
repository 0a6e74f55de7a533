"""load: the CPAS's own files -> validated tables.

Reads an input workbook (.xlsx, one sheet per table) or a folder of CSV files
(one per table, as Excel exports them in Belgium: ``;`` separator, ``,``
decimal, cp1252 or UTF-8 with BOM, ``dd/mm/yyyy`` dates).  Headers may be in
French, Dutch or English, with any case, accents or spacing.  Every problem is
collected with its place (file, sheet, row, column), value and rule; nothing
is silently dropped and the files are opened read-only.  Nothing is read as a
guess (issue 9): a percent cell by its number format, "95.000" by the decimal
separator the rest of its column shows, a near-miss header when exactly one
column is close - each said in a warning; otherwise refused with its place.
Finding and reading the files is ``read.py``.

Each value is parsed once per distinct value (a column of 650 000 dates holds
about 365 distinct ones), so the per-cell Python work stays small.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import os
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd

from . import privacy
from . import problems as P
from .money import parse_decimal, to_cents
from .parameters import Parameters, available_years, load_parameters
from .read import MAX_CSV_BYTES, MAX_ROWS, MAX_SHEET_XML_BYTES, PercentCell, _max_rows, _read_sources  # noqa: F401
from .schema import ENUMS, TABLE_BY_ID, TABLES, Column, Table, column_lookup, enum_lookup, norm
# the key data (hours, files, periods) and the Inputs container live in the core (issue 10); re-exported here
from .keydata import (MILLI, Inputs, aggregate_files, aggregate_hours, in_period, productive_hours,  # noqa: F401
                      staff_period)

MAX_XLSX_ROWS = 1_048_576     # Excel's own limit
MAX_REPORTED_PER_COLUMN = 50  # problems of one kind in one column: the first 50, then a count
DATE_MIN, DATE_MAX = dt.date(1990, 1, 1), dt.date(2100, 12, 31)
EXCEL_EPOCH = dt.date(1899, 12, 30)
MAX_NUMBER = 10 ** 12         # no amount (euro), hours or count of a CPAS comes near: beyond, a typo

_MISSING = object()


# reading files: see read.py


# --------------------------------------------------------------------------- parsing cells

def _is_blank(v) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    if v is pd.NaT:
        return True
    return isinstance(v, str) and not v.strip()


# a number written with one separator followed by exactly three digits: "95.000", "1,250".
# Thousands or decimals?  Only the rest of the column can tell (see _column_separators).
_AMBIGUOUS = re.compile(r"-?[1-9]\d{0,2}([.,])\d{3}")
_DURATION_TEXT = re.compile(r"(\d{1,5}):([0-5]\d)")
_STRIP = str.maketrans("", "", " \u00a0\u202f€%()")


def _clean_number_text(s: str) -> str:
    return s.replace("EUR", "").translate(_STRIP)


def _decimal_shown(t: str) -> str | None:
    """The decimal separator a number written as text shows, or None (no separator,
    or the ambiguous "95.000").  "1.250,00" and "480,00" show ','; "1,250.00",
    "7.25" show '.'; "1.250.000" shows '.' as thousands, so ','."""
    if _AMBIGUOUS.fullmatch(t):
        return None
    has_c, has_d = "," in t, "." in t
    if has_c and has_d:
        return "," if t.rfind(",") > t.rfind(".") else "."
    for sep, other in ((",", "."), (".", ",")):
        if sep in t:
            if t.count(sep) > 1:
                return other if all(len(g) == 3 for g in t.split(sep)[1:]) else None
            return sep
    return None


def _column_separators(uniq: np.ndarray) -> tuple[str | None, object, set]:
    """What a column's own text cells show: (its decimal separator if they all agree,
    an example value showing it, the set of separators shown).  Numbers stored as
    numbers in a workbook show nothing and are never ambiguous."""
    shown: dict[str, object] = {}
    for u in uniq:
        if isinstance(u, str):
            d = _decimal_shown(_clean_number_text(u))
            if d is not None and d not in shown:
                shown[d] = u
                if len(shown) == 2:
                    break
    if len(shown) == 1:
        (d, example), = shown.items()
        return d, example, set(shown)
    return None, None, set(shown)


def _parse_number(v, decimal_sep: str | None = None, kind: str = "decimal") -> Decimal:
    """A cell as an exact decimal.  Text "95.000" / "1,250" is read only when the
    column shows its decimal separator (``decimal_sep``): thousands when it is the
    other one; else _Cell("ambiguous_number") - never 95."""
    if isinstance(v, bool):
        raise ValueError(v)
    if isinstance(v, (int, np.integer)):
        return Decimal(int(v))
    if isinstance(v, (float, np.floating)):
        if not math.isfinite(v):
            raise ValueError(v)
        d = Decimal(repr(float(v)))
        # a value computed by an Excel formula may carry binary noise (15600.000000000002)
        r = round(float(v), 6)
        return Decimal(repr(r)) if abs(float(v) - r) < 1e-9 else d
    s = str(v).strip()
    t = _clean_number_text(s)
    m = _AMBIGUOUS.fullmatch(t)
    if m:
        sep = m.group(1)
        if decimal_sep is not None and sep != decimal_sep:
            d = Decimal(t.replace(sep, ""))  # the column writes decimals the other way: thousands
            return -abs(d) if s.startswith("(") and s.endswith(")") else d  # (95.000): accountants' minus
        if decimal_sep is None or kind in ("money", "int"):
            # no evidence, or three decimals in an amount / a count: neither reading is safe
            head, tail = t.lstrip("-").split(sep)
            small = Decimal(head + "." + tail)
            if kind == "money" and small == small.quantize(Decimal("0.01")):
                small_txt = f"{small:.2f}".replace(".", ",")
            else:
                small_txt = _plain(small)
            if decimal_sep is None:
                why_fr = "Rien dans cette colonne ne montre quel signe y sépare les décimales."
                why_nl = "Niets in deze kolom toont welk teken er de decimalen scheidt."
            else:
                why_fr = f"Cette colonne sépare les décimales par « {sep} », mais {'un montant' if kind == 'money' else 'un nombre entier'} n'a pas trois décimales."
                why_nl = f"Deze kolom scheidt decimalen met « {sep} », maar {'een bedrag' if kind == 'money' else 'een geheel getal'} heeft geen drie decimalen."
            raise _Cell("ambiguous_number", thousands=head + tail, small_dec=small_txt, why_fr=why_fr, why_nl=why_nl)
    if t.count(",") > 1 and "." not in t and all(len(g) == 3 for g in t.split(",")[1:]):
        t = t.replace(",", "")  # 1,250,000 (English thousands)
        return parse_decimal(t)
    return parse_decimal(s)


def _parse_date(v) -> dt.date:
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
        f = float(v)
        if f.is_integer() and 1 <= f <= 2958465:  # an Excel serial date
            return EXCEL_EPOCH + dt.timedelta(days=int(f))
        raise ValueError(v)
    return _parse_date_text(str(v).strip())


@functools.lru_cache(maxsize=1 << 16)
def _parse_date_text(s: str) -> dt.date:
    """A date written as text; cached: the same few hundred dates recur in every file and CPAS."""
    if s.replace(".0", "").isdigit() and len(s.replace(".0", "")) == 5:
        return EXCEL_EPOCH + dt.timedelta(days=int(float(s)))
    s = s.split(" ")[0].split("T")[0]
    for sep in ("/", "-", "."):
        parts = s.split(sep)
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            a, b, c = parts
            if len(a) == 4:
                return dt.date(int(a), int(b), int(c))
            if len(c) == 4:
                return dt.date(int(c), int(b), int(a))
    raise ValueError(s)


def _parse_month(v) -> dt.date:
    if isinstance(v, str):
        s = v.strip()
        for sep in ("/", "-", "."):
            parts = s.split(sep)
            if len(parts) == 2 and all(p.isdigit() for p in parts):
                a, b = parts
                if len(a) == 4:
                    return dt.date(int(a), int(b), 1)
                if len(b) == 4:
                    return dt.date(int(b), int(a), 1)
    return _parse_date(v).replace(day=1)


class _Cell(Exception):
    def __init__(self, code: str, **args):
        super().__init__(code)
        self.code, self.args_ = code, args


def _converter(col: Column, comma_decimal: bool, decimal_sep: str | None = None):
    """A function raw cell -> parsed value (or raising _Cell).  ``decimal_sep``: the
    decimal separator the column's own text cells show (None: they do not)."""
    kind = col.kind
    if kind == "text":
        def conv(v):
            if isinstance(v, float) and v.is_integer():
                return str(int(v))
            if isinstance(v, (dt.datetime, pd.Timestamp)):
                return v.strftime("%Y-%m-%d")
            return str(v).strip()
        return conv
    if kind == "enum":
        lookup = enum_lookup(col.enum)
        allowed = ", ".join(sorted({k for k in lookup.values()}))
        allowed_fr = ", ".join(ENUMS[col.enum][k][0] for k in ENUMS[col.enum])
        allowed_nl = ", ".join(ENUMS[col.enum][k][1] for k in ENUMS[col.enum])

        def conv(v):
            s = str(v).strip()
            if isinstance(v, float) and col.enum == "piis_type":
                s = f"{v:.1f}"
            cid = lookup.get(norm(s))
            if cid is None:
                raise _Cell("unknown_value", allowed=allowed, allowed_fr=allowed_fr, allowed_nl=allowed_nl)
            return cid
        return conv
    if kind in ("date", "month"):
        f = _parse_month if kind == "month" else _parse_date

        def conv(v):
            try:
                d = f(v)
            except (ValueError, OverflowError, TypeError):
                raise _Cell("not_date")
            if not DATE_MIN <= d <= DATE_MAX:
                raise _Cell("date_range")
            return d
        return conv

    def conv(v):
        if isinstance(v, (dt.timedelta, dt.time)):  # a "[h]:mm" or "h:mm" cell: a duration, not a number
            secs = v.total_seconds() if isinstance(v, dt.timedelta) else v.hour * 3600 + v.minute * 60 + v.second
            hours = (Decimal(int(round(secs))) / 3600).quantize(Decimal("0.001"))
            raise _Cell("duration_not_hours", as_hours=_plain(hours))
        if isinstance(v, str) and (m := _DURATION_TEXT.fullmatch(v.strip())):  # "7:30" typed in a CSV
            hours = (Decimal(int(m.group(1)) * 60 + int(m.group(2))) / 60).quantize(Decimal("0.001"))
            raise _Cell("duration_not_hours", as_hours=_plain(hours))
        try:
            d = _parse_number(v, decimal_sep, kind)
        except (ValueError, ArithmeticError):
            raise _Cell("not_number")
        if isinstance(v, PercentCell) and kind != "percent" and d != 0:
            # "50 %" shown in an hours or amount cell: 0,5 stored, 50 seen - the cell contradicts itself
            raise _Cell("percent_format_elsewhere", stored=_plain(d))
        if kind == "percent":
            if isinstance(v, PercentCell):
                d = d * 100  # 10 % typed in Excel is stored 0.1 with a percent format
            elif not (isinstance(v, str) and "%" in v) and 0 < d < 1:
                # 0,6: 60 % typed as a fraction, or 0,6 %?  The cell does not say.
                raise _Cell("percent_fraction", as_percent=_plain(d * 100), as_small=_plain(d))
        if d < 0:
            raise _Cell("negative")
        if d > MAX_NUMBER:  # "1e309", a pasted account number: refused, not overflowed
            raise _Cell("too_large", limit=f"{MAX_NUMBER:,}".replace(",", " "))
        if kind == "int":
            if d != d.to_integral_value():
                raise _Cell("not_integer")
            return int(d)
        if kind == "money":
            try:
                return to_cents(d)
            except ValueError:
                raise _Cell("too_many_decimals")
        if kind == "percent":
            if d > 100:
                raise _Cell("percent_range")
            return d
        return d  # decimal
    return conv


def _plain(d: Decimal) -> str:
    """A decimal as the officer types it in Belgium: 60, 0,6."""
    t = format(d.normalize(), "f")
    return t.replace(".", ",")


def _shown_or_blank(v) -> str:
    return "" if _is_blank(v) else _shown(v).strip()


def _shown(v) -> str:
    if isinstance(v, dt.time):
        return f"{v.hour}:{v.minute:02d}"
    if isinstance(v, (dt.timedelta, pd.Timedelta)):  # a "[h]:mm" duration cell, as Excel shows it: 100:00
        minutes = int(round(v.total_seconds() / 60))
        return f"{'-' if minutes < 0 else ''}{abs(minutes) // 60}:{abs(minutes) % 60:02d}"
    if isinstance(v, PercentCell):
        return _plain(_parse_number(v) * 100) + " %"
    if isinstance(v, (dt.datetime, pd.Timestamp)):
        return v.strftime("%d/%m/%Y")
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _header_row(raw: pd.DataFrame, lookup: dict) -> int:
    """The header is the row, among the first ten, that names the most known
    columns (a title or blank rows above it are allowed); row 0 by default."""
    best, best_n = 0, 0
    for i in range(min(10, len(raw))):
        n = sum(1 for h in raw.iloc[i].tolist() if not _is_blank(h) and isinstance(h, str)
                and (norm(h.strip()) in lookup or _canon_header(h.strip()) in lookup))
        if n > best_n:
            best, best_n = i, n
    return best


# headers as officers write them: units, rule ids, typographic quotes, abbreviations
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00b4": "'", "`": "'", "\u2013": "-", "\u2014": "-",
                         "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"'})
_UNIT = r"(?:€|eur|euros?|%|en\s*%|in\s*%|r\d+(?:\s*[-,/et&]+\s*r?\d+)*)"
_HEADER_NOISE = (
    (re.compile(r"[(\[]\s*" + _UNIT + r"\s*[)\]]", re.I), " "),      # "(EUR)", "(R9)", "[€]", "(en %)"
    (re.compile(r"\b(?:en|in)\s*%", re.I), " %"),                    # "autre financement en %"
    (re.compile(r"€|\beuros?\b|\beur\b", re.I), " "),               # "coût employeur €"
    (re.compile(r"\br[ée]f\.?(?=\s|$)|\bref\.?(?=\s|$)", re.I), "référence "),  # "Réf. marché public"
    (re.compile(r"\bnr\.?(?=\s|$)|\bn°", re.I), "nummer "),
)
# close names no spelling rule can find (normalised): table -> spelling -> column
HEADER_SYNONYMS: dict[str, dict[str, str]] = {
    "piis": {"date de sortie": "left_on", "date d abandon": "left_on", "date abandon": "left_on", "sortie": "left_on",
             "datum uitstap": "left_on", "uitstapdatum": "left_on", "datum stopzetting": "left_on",
             "motif de sortie": "leave_reason", "motif abandon": "leave_reason", "reden stopzetting": "leave_reason"},
    "operating": {"% as": "share", "% sa": "share", "part as": "share", "aandeel sa": "share",
                  "marche public": "procurement_ref", "overheidsopdracht": "procurement_ref"},
    "staff": {"cout": "cost", "kost": "cost", "% as": "share", "part": "share", "aandeel": "share"},
}
MAX_UNKNOWN_LISTED = 10  # more unknown columns than this: one summarised warning


def _canon_header(h: str) -> str:
    s = h.translate(_QUOTES)
    for rx, rep in _HEADER_NOISE:
        s = rx.sub(rep, s)
    return norm(s)


def _close_columns(table: Table, canon: str) -> set[str]:
    """The known columns of ``table`` whose name is close to the header ``canon``."""
    import difflib
    syn = HEADER_SYNONYMS.get(table.id, {}).get(canon)
    if syn:
        return {syn}
    close, within = set(), set()
    words = set(canon.split())
    for c in table.columns:
        for name in (c.id.replace("_", " "), c.fr, c.nl, *c.aliases):
            if difflib.SequenceMatcher(None, canon, norm(name)).ratio() >= 0.85:
                close.add(c.id)
            if words and words < set(norm(name).split()):
                within.add(c.id)  # "montant": a part of "montant octroyé" and of "montant 2014"
    # a header that is only part of several names is ambiguous; part of one name is not
    # enough to map it ("heures" is not "heures productives"): it stays unknown
    return close | within if len(within) > 1 else close


def _map_headers(table: Table, header: list[str], lookup: dict, where: dict, row: int,
                 problems: list[P.Problem], warnings: list[P.Problem],
                 dups: list | None = None) -> dict[int, str]:
    """Column index -> column id.  Exact names first; then a header that, once
    units, rule ids, quotes and abbreviations are set aside, names exactly one
    known column is mapped (warning); close to two or more: refused; else unknown."""
    mapping: dict[int, str] = {}
    dups = dups if dups is not None else []
    rest = []
    for i, h in enumerate(header):
        if not h:
            continue
        cid = lookup.get(norm(h))
        if cid is None:
            rest.append(i)
        elif cid in mapping.values():
            dups.append((i, cid))  # decided by the caller, who sees the cells
        else:
            mapping[i] = cid
    unknown = []
    for i in rest:
        h = header[i]
        canon = _canon_header(h)
        cid = lookup.get(canon)
        close = {cid} if cid else _close_columns(table, canon)
        if len(close) == 1 and close <= set(mapping.values()):  # "coût employeur (€)" beside "coût employeur"
            dups.append((i, next(iter(close))))
            continue
        close -= set(mapping.values())
        if len(close) == 1:
            cid = close.pop()
            mapping[i] = cid
            c = table.column(cid)
            warnings.append(P.make("w_header_mapped", **where, row=row, column=h, value=h, column_name=f"{c.fr} / {c.nl}"))
        elif len(close) > 1:
            names = ", ".join(f"« {table.column(c).fr} / {table.column(c).nl} »" for c in sorted(close))
            problems.append(P.make("ambiguous_header", **where, row=row, column=h, value=h, candidates=names))
        else:
            unknown.append(h)
    if len(unknown) > MAX_UNKNOWN_LISTED:
        warnings.append(P.make("w_extra_columns", **where, row=row, count=len(unknown),
                               names=", ".join(f"« {h} »" for h in unknown[:5]) + ", …"))
    else:
        for h in unknown:
            warnings.append(P.make("extra_column", **where, row=row, column=h, value=h))
    return mapping


def _parse_table(table: Table, raw: pd.DataFrame, file: str, sheet: str, comma_decimal: bool,
                 problems: list[P.Problem], warnings: list[P.Problem], first_row: int = 1,
                 seen: list | None = None, meta: dict | None = None) -> pd.DataFrame | None:
    """Headers mapped, blank rows dropped, every cell parsed; problems collected.
    ``seen`` receives each column's distinct values (file, sheet, header, values,
    codes, rows) for the personal-data scan, which so costs no second pass."""
    where = dict(file=file, sheet=sheet)
    lookup = column_lookup(table)
    formula_cells = raw.attrs.pop("formula_cells", []) if first_row == 1 else []
    lines = raw.attrs.pop("lines", None)  # a CSV with line breaks inside cells: each record's first line
    h0 = _header_row(raw, lookup) if raw.shape[0] else 0
    if h0:
        above = [first_row + i for i in range(h0) if not all(_is_blank(v) for v in raw.iloc[i].tolist())]
        if above:
            warnings.append(P.make("w_rows_above_header", **where, row=above[0], header=first_row + h0,
                                   rows=", ".join(map(str, above))))
        raw = raw.iloc[h0:]
        first_row += h0
    if raw.shape[0] == 0 or all(_is_blank(h) for h in raw.iloc[0].tolist()):
        if table.required:
            problems.append(P.make("missing_table", **where, table=table.name("fr")))
        return None
    if raw.shape[0] - 1 > _max_rows():
        problems.append(P.make("too_many_rows", **where, rows=raw.shape[0] - 1, limit=_max_rows()))
        return None
    header = [("" if _is_blank(h) else str(h).strip()) for h in raw.iloc[0].tolist()]
    dups: list[tuple[int, str]] = []
    mapping = _map_headers(table, header, lookup, where, first_row, problems, warnings, dups)
    for i, cid in dups:  # a second column with the same header: which one holds the values?
        first = next(k for k, v in mapping.items() if v == cid)
        a = raw.iloc[1:, first].map(_shown_or_blank)
        b = raw.iloc[1:, i].map(_shown_or_blank)
        if (b == "").all() or a.equals(b):  # empty, or the same values: nothing to choose
            warnings.append(P.make("extra_column", **where, row=first_row, column=header[i], value=header[i]))
        else:
            problems.append(P.make("duplicate_column", **where, row=first_row, column=header[i], value=header[i],
                                   first=_col_letter(first), second=_col_letter(i)))
    for r, c, formula, error in formula_cells:
        if c not in mapping or r + 1 <= first_row:
            continue
        if error:  # "#DIV/0!", "#REF!": pandas would read a blank cell
            problems.append(P.make("error_cell", **where, row=r + 1, column=header[c], value=error,
                                   formula=formula or "-"))
        else:  # a formula the writing tool did not compute, in a column read
            problems.append(P.make("formula_no_value", **where, row=r + 1, column=header[c],
                                   value=f"{_col_letter(c)}{r + 1}", formula=formula))
    # cells under no header at all are not silently dropped: say where they are
    for i, h in enumerate(header):
        if h:
            continue
        col = raw.iloc[1:, i]
        filled = col.map(_is_blank).to_numpy() if len(col) else np.array([], dtype=bool)
        if len(col) and not filled.all():
            r = first_row + 1 + int(np.argmin(filled))
            warnings.append(P.make("w_cells_without_header", **where, row=r, column=_col_letter(i),
                                   count=int((~filled).sum())))
    missing = [c for c in table.columns if c.required and c.id not in mapping.values()]
    for c in missing:
        problems.append(P.make("missing_column", **where, row=first_row, value=c.header("fr"),
                               column_name=f"{c.fr} / {c.nl}"))
    body = raw.iloc[1:]
    if seen is not None:
        rows_all = np.arange(first_row + 1, first_row + 1 + len(body)) if lines is None else lines[len(lines) - len(body):]
        for i in range(raw.shape[1]):
            if i not in mapping:  # extra and headerless columns: scanned too, never parsed
                codes, uniq = _factorize(body.iloc[:, i])
                seen.append((file, sheet, header[i] or _col_letter(i), uniq, codes, rows_all))
    body = body[[i for i in mapping]]
    body.columns = [mapping[i] for i in mapping]
    body = body.copy()
    body.index = np.arange(first_row + 1, first_row + 1 + len(body))  # the row numbers the user sees
    if lines is not None:  # records below a cell on two lines start further down the file
        body.index = lines[len(lines) - len(body):]
    # each column is factorised once: blanks and parsing are decided per distinct value, not per cell
    fact = {c: _factorize(body[c]) for c in body.columns}
    blank = pd.DataFrame({c: _blank_cells(*fact[c]) for c in body.columns}, index=body.index)
    keep = ~blank.all(axis=1).to_numpy() if len(body.columns) else np.zeros(len(body), dtype=bool)
    body, blank = body[keep], blank[keep]
    fact = {c: (codes[keep], uniq) for c, (codes, uniq) in fact.items()}
    # the columns are collected and the frame made once (inserting columns one by one costs
    # more than parsing a small table)
    out: dict[str, object] = {"src_file": file, "src_sheet": sheet, "src_row": body.index.astype(np.int64)}
    header_of = {mapping[i]: header[i] for i in mapping}
    if seen is not None:
        for c, (codes, uniq) in fact.items():
            seen.append((file, sheet, header_of[c], uniq, codes, body.index.to_numpy()))
    for col in table.columns:
        if col.id not in body.columns:
            out[col.id] = None
            continue
        series = body[col.id]
        isblank = blank[col.id].astype(bool)
        if col.required:
            for r in series.index[isblank.to_numpy()][:MAX_REPORTED_PER_COLUMN]:
                problems.append(P.make("required", **where, row=int(r), column=header_of[col.id]))
        codes, uniq = fact[col.id]
        numeric = col.kind in ("int", "decimal", "money", "percent")
        decimal_sep, example, _ = _column_separators(uniq) if numeric else (None, None, set())
        conv = _converter(col, comma_decimal, decimal_sep)
        isblank_u = _blank_values(uniq)
        parsed = np.empty(len(uniq), dtype=object)
        errors: dict[int, tuple] = {}
        for j, u in enumerate(uniq):
            if isblank_u[j]:
                continue
            try:
                parsed[j] = conv(u)
            except _Cell as e:
                errors[j] = (e.code, e.args_)
        ok = ~isblank.to_numpy()
        if errors:
            is_bad = np.zeros(len(uniq), dtype=bool)
            is_bad[list(errors)] = True
            bad = ok & is_bad[np.maximum(codes, 0)] & (codes >= 0)
            by_code: dict[str, int] = {}
            for pos in np.flatnonzero(bad):
                code, args = errors[int(codes[pos])]
                by_code[code] = by_code.get(code, 0) + 1
                if by_code[code] <= MAX_REPORTED_PER_COLUMN:
                    r = series.index[pos]
                    problems.append(P.make(code, **where, row=int(r), column=header_of[col.id],
                                           value=_shown(series.iloc[pos]), **args))
            for code, n in by_code.items():
                if n > MAX_REPORTED_PER_COLUMN:
                    problems.append(P.make(code, **where, column=header_of[col.id],
                                           value=f"... +{n - MAX_REPORTED_PER_COLUMN}",
                                           **errors[next(k for k in errors if errors[k][0] == code)][1]))
            ok &= ~bad
        if numeric:
            _say_how_read(col, uniq, codes, ok, series, decimal_sep, example, header_of[col.id], where, warnings)
        full_values = np.full(len(body), None, dtype=object)
        full_values[ok] = parsed[codes[ok]]
        full = pd.Series(full_values, index=body.index, dtype=object)
        out[col.id] = _typed(col, full)
    if meta is not None:  # (not in DataFrame.attrs: pandas deep-copies those on every operation)
        meta["headers"] = header_of
        meta["blank"] = {c: blank[c].to_numpy() for c in blank.columns}
    return pd.DataFrame(out, index=body.index)


def _say_how_read(col: Column, uniq: np.ndarray, codes: np.ndarray, ok: np.ndarray, series: pd.Series,
                  decimal_sep: str | None, example, header: str, where: dict, warnings: list[P.Problem]) -> None:
    """One warning per column and reading that the file itself decided: thousands
    read from the column's decimal separator, percent cells read from their format."""
    def first_and_count(flag: np.ndarray):
        hit = ok & (codes >= 0) & flag[np.maximum(codes, 0)]
        n = int(hit.sum())
        return (n, int(np.argmax(hit))) if n else (0, -1)

    if decimal_sep is not None and any(isinstance(u, str) and len(u) < 16 and ("." in u or "," in u)
                                       and _AMBIGUOUS.fullmatch(_clean_number_text(u)) for u in uniq):
        flag = np.fromiter((isinstance(u, str) and (m := _AMBIGUOUS.fullmatch(_clean_number_text(u))) is not None
                            and m.group(1) != decimal_sep for u in uniq), dtype=bool, count=len(uniq))
        n, pos = first_and_count(flag) if flag.any() else (0, -1)
        if n:
            v = series.iloc[pos]
            warnings.append(P.make("w_thousands_from_column", **where, row=int(series.index[pos]), column=header,
                                   value=str(v).strip(), read=_plain(_parse_number(v, decimal_sep, col.kind)),
                                   dec=decimal_sep, example=str(example).strip(), count=n))
    if col.kind == "percent":
        flag = np.fromiter((isinstance(u, PercentCell) for u in uniq), dtype=bool, count=len(uniq))
        n, pos = first_and_count(flag) if flag.any() else (0, -1)
        if n:
            v = series.iloc[pos]
            warnings.append(P.make("w_percent_format", **where, row=int(series.index[pos]), column=header,
                                   value=_shown(v), stored=_plain(_parse_number(v)), count=n))


def _check_blank_amounts(operating: pd.DataFrame, meta: dict, problems: list[P.Problem]) -> None:
    """Only a participant refund may leave its amount blank (computed from the
    attendance, R11); any other ledger line without an amount is refused."""
    if operating.empty:
        return
    headers = meta.get("headers", {})
    if "amount" not in headers:
        blank = np.ones(len(operating), dtype=bool)  # no amount column at all
    else:
        blank = meta.get("blank", {}).get("amount", np.zeros(len(operating), dtype=bool))
    bad = blank & (operating["purpose"].notna() & (operating["purpose"] != "participant_refund")).to_numpy()
    header = headers.get("amount", _col("operating", "amount"))
    for idx in operating.index[bad][:MAX_REPORTED_PER_COLUMN]:
        problems.append(P.make("amount_blank", **_where(operating, idx), column=header))


def _factorize(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each cell's code (-1: missing) and the distinct raw values, exactly: 1, 1.0,
    True and '1' stay apart (a workbook cell's type matters to the parsers)."""
    arr = s.to_numpy(dtype=object)
    codes, uniq = pd.factorize(arr)
    uniq = np.asarray(uniq, dtype=object)
    if isinstance(s.dtype, pd.StringDtype) or len(uniq) == 0:
        return codes, uniq
    tcodes, tuniq = pd.factorize(np.fromiter((type(v) for v in arr), dtype=object, count=len(arr)))
    if len(tuniq) == 1:
        return codes, uniq
    both = np.where(codes < 0, -1, codes.astype(np.int64) * len(tuniq) + tcodes)
    values, first, inverse = np.unique(both, return_index=True, return_inverse=True)
    start = 1 if len(values) and values[0] == -1 else 0
    codes = inverse.astype(np.int64) - start
    return codes, arr[first[start:]]


def _blank_values(uniq: np.ndarray) -> np.ndarray:
    try:  # a CSV column: all text, the cheap test
        return np.fromiter((not u.strip() for u in uniq), dtype=bool, count=len(uniq))
    except (AttributeError, TypeError):  # a workbook's numbers, dates, None
        return np.fromiter((_is_blank(u) for u in uniq), dtype=bool, count=len(uniq))


def _blank_cells(codes: np.ndarray, uniq: np.ndarray) -> np.ndarray:
    blank_u = _blank_values(uniq)
    return (codes < 0) | (blank_u[np.maximum(codes, 0)] if len(uniq) else True)


def _col_letter(i: int) -> str:
    """0 -> A, 27 -> AB: where a headerless cell is, as the spreadsheet shows it."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _key(v):
    """A hashable key for a raw cell value that keeps 1 and '1' apart."""
    return (type(v).__name__, v if not isinstance(v, float) or not math.isnan(v) else "nan")


def _typed(col: Column, s: pd.Series) -> pd.Series:
    if col.kind == "money" or col.kind == "int":
        return s.astype("Int64")
    if col.kind in ("date", "month"):
        return pd.to_datetime(s, errors="coerce")
    return s


# --------------------------------------------------------------------------- checks across rows and tables

def _empty(table: Table) -> pd.DataFrame:
    frame = pd.DataFrame({c.id: pd.Series(dtype=object) for c in table.columns})
    for c in ("src_file", "src_sheet"):
        frame[c] = pd.Series(dtype=object)
    frame["src_row"] = pd.Series(dtype=np.int64)
    return frame


def _where(frame: pd.DataFrame, idx) -> dict:
    return dict(file=frame.at[idx, "src_file"], sheet=frame.at[idx, "src_sheet"], row=int(frame.at[idx, "src_row"]))


def _col(table_id: str, cid: str) -> str:
    return TABLE_BY_ID[table_id].column(cid).header("fr")


def _check_unique(t: Table, frame: pd.DataFrame, problems: list[P.Problem]) -> None:
    if not t.key or frame.empty:
        return
    ids = frame[t.key]
    dup = ids.notna() & ids.duplicated(keep=False)
    if not dup.any():
        return
    first = frame.loc[dup].groupby(t.key)["src_row"].transform("min")
    for idx in frame.index[dup.to_numpy()]:
        if frame.at[idx, "src_row"] != first[idx]:
            problems.append(P.make("duplicate_id", **_where(frame, idx), column=_col(t.id, t.key),
                                   value=ids[idx], first=int(first[idx])))


def _check_payroll_months(pay: pd.DataFrame, problems: list[P.Problem]) -> None:
    """A payroll line repeated (same staff member, month and amount: a line pasted twice) would be
    claimed twice: refused.  Several lines of one month with different amounts (salary, indexation
    arrears, a premium) are how payroll exports look, and are summed."""
    if pay.empty:
        return
    key = pay[["staff_id", "month", "amount"]]
    dup = key.notna().all(axis=1) & key.duplicated(keep=False)
    if not dup.any():
        return
    first = pay.loc[dup].groupby(["staff_id", "month", "amount"])["src_row"].transform("min")
    for idx in pay.index[dup.to_numpy()]:
        if pay.at[idx, "src_row"] != first[idx]:
            problems.append(P.make("payroll_line_twice", **_where(pay, idx), column=_col("payroll", "month"),
                                   value=f"{pay.at[idx, 'staff_id']} {pay.at[idx, 'month']:%m/%Y}",
                                   amount=P.Eur(int(pay.at[idx, "amount"])), first=int(first[idx])))


# key tables where two identical rows can be genuine (two blocks of 2 h of one activity on one day) but
# are often a row pasted twice: they count, and a warning names them so that the officer checks (R6, R7).
# Attendance is left out: two sessions of one module on one day (morning, afternoon) are ordinary.
REPEATABLE = {"time": ["staff_id", "date", "activity", "hours"], "caseload": ["staff_id", "date", "piis_files", "all_files"]}


def _warn_repeated_rows(name: str, frame: pd.DataFrame, cols: list[str], warnings: list[P.Problem]) -> None:
    if frame.empty or not set(cols) <= set(frame.columns):
        return
    key = frame[cols]
    dup = key.duplicated(keep="first") & frame[cols[0]].notna()
    if not dup.any():
        return
    rows = [int(r) for r in frame.loc[dup, "src_row"]]
    first = frame.loc[dup]
    warnings.append(P.make("w_repeated_rows", file=first["src_file"].iloc[0], sheet=first["src_sheet"].iloc[0],
                           row=rows[0], value=str(first[cols[0]].iloc[0]), count=len(rows), rows=_rows_text(rows),
                           table=TABLE_BY_ID[name].name("fr"), table_nl=TABLE_BY_ID[name].name("nl")))


def _check_refs(frame: pd.DataFrame, col: str, known: set, code: str, table_id: str,
                problems: list[P.Problem]) -> pd.Series:
    """Rows whose ``col`` names nothing known are reported; returns the mask of good rows."""
    ok = frame[col].isin(known) | frame[col].isna()
    for n, idx in enumerate(frame.index[~ok.to_numpy()]):
        if n >= MAX_REPORTED_PER_COLUMN:
            problems.append(P.make(code, file=frame.at[idx, "src_file"], sheet=frame.at[idx, "src_sheet"],
                                   column=_col(table_id, col), value=f"... +{int((~ok).sum()) - n}"))
            break
        problems.append(P.make(code, **_where(frame, idx), column=_col(table_id, col), value=frame.at[idx, col]))
    return ok


def _check_dates(frame: pd.DataFrame, start: str, end: str, table_id: str, problems: list[P.Problem]) -> None:
    if frame.empty:
        return
    bad = frame[start].notna() & frame[end].notna() & (frame[end] < frame[start])
    for idx in frame.index[bad.to_numpy()][:MAX_REPORTED_PER_COLUMN]:
        problems.append(P.make("end_before_start", **_where(frame, idx), column=_col(table_id, end),
                               value=frame.at[idx, end].strftime("%d/%m/%Y"),
                               start=frame.at[idx, start].strftime("%d/%m/%Y"),
                               end=frame.at[idx, end].strftime("%d/%m/%Y")))


def _convention(frame: pd.DataFrame, file: str, problems: list[P.Problem]) -> tuple[dict, Parameters | None]:
    if len(frame) != 1:
        problems.append(P.make("one_convention_row", file=file, sheet=frame["src_sheet"].iloc[0] if len(frame) else "",
                               rows=len(frame)))
        if not len(frame):
            return {}, None
    idx = frame.index[0]
    conv = {c: (None if pd.isna(frame.at[idx, c]) else frame.at[idx, c]) for c in frame.columns}
    for k in ("signed",):
        if conv.get(k) is not None:
            conv[k] = conv[k].date()
    for k in ("granted", "amount_2014", "advance_paid", "refund_rate", "obj_bilans", "obj_2_1", "obj_2_2", "obj_2_3",
              "year"):
        if conv.get(k) is not None:
            conv[k] = int(conv[k])
    params = None
    if conv.get("year") is not None:
        try:
            params = load_parameters(conv["year"])
        except KeyError:
            problems.append(P.make("year_mismatch", **_where(frame, idx), column=_col("convention", "year"),
                                   value=conv["year"], years=", ".join(map(str, available_years()))))
    if params is not None:
        conv["period_start"], conv["period_end"] = params.period_start, params.period_end
        # R5: for 2016 and 2017 the granted amount may be derived from the 2014 amount + 20 %
        conv["granted_derived"] = False
        if conv.get("granted") is None:
            if params.uplift_on_2014 is not None and conv.get("amount_2014") is not None:
                from .money import mul_share
                conv["granted"] = mul_share(conv["amount_2014"], 1 + params.uplift_on_2014)
                conv["granted_derived"] = True
            else:
                problems.append(P.make("no_granted", **_where(frame, idx), column=_col("convention", "granted")))
        if conv.get("advance_paid") is None and conv.get("granted") is not None:
            from .money import mul_share
            conv["advance_paid"] = mul_share(conv["granted"], params.advance_share)  # R2
            conv["advance_derived"] = True
        if conv.get("advance_paid") is not None and conv.get("granted") is not None \
                and conv["advance_paid"] > conv["granted"]:  # R2: the advance is part of the granted amount
            from .money import fmt
            problems.append(P.make("r2_advance_above_granted", **_where(frame, idx),
                                   column=_col("convention", "advance_paid"), value=fmt(conv["advance_paid"]),
                                   granted=fmt(conv["granted"])))
    conv["_source"] = (frame.at[idx, "src_file"], frame.at[idx, "src_sheet"], int(frame.at[idx, "src_row"]))
    return conv, params


def _records_outside(t: dict, params: Parameters, warnings: list[P.Problem]) -> None:
    """R1: one warning per staff member and table with the time / caseload records dated
    outside the period (they are left out of the key), giving the hours or files."""
    first, last = params.period_start.strftime("%d/%m/%Y"), params.period_end.strftime("%d/%m/%Y")
    for tid in ("time", "caseload"):
        frame = t[tid]
        if frame.empty:
            continue
        out = frame[~in_period(frame, "date", params).to_numpy()]
        table = next(x for x in TABLES if x.id == tid)
        for sid, g in out.groupby("staff_id", sort=False):
            if tid == "time":
                h = int(g["hours_milli"].sum())
                what = f"{_hours(h)} h / u"
            else:
                what = f"{int(g['piis_files'].sum())}/{int(g['all_files'].sum())}"
            r = g.iloc[0]
            warnings.append(P.make("w_r1_records_outside_period", file=r["src_file"], sheet=r["src_sheet"],
                                   row=int(r["src_row"]), column=_col(tid, "date"), value=sid, count=len(g),
                                   table=f"{table.fr} / {table.nl}", first=first, last=last, what=what))


def _cross_checks(inputs: Inputs) -> None:
    """Checks that need more than one row or table (keys, references, ranges)."""
    pr = inputs.problems
    t = inputs.tables
    params = inputs.params
    for table in TABLES:
        if table.id != "convention":
            _check_unique(table, t[table.id], pr)
    _check_payroll_months(t["payroll"], pr)
    for name, cols in REPEATABLE.items():
        _warn_repeated_rows(name, t[name], cols, inputs.warnings)
    staff, piis, attendance = t["staff"], t["piis"], t["attendance"]
    staff_ids = set(staff["id"].dropna())
    for name in ("payroll", "time", "caseload"):
        t[name] = t[name][_check_refs(t[name], "staff_id", staff_ids, "unknown_staff", name, pr)]
    piis_ids = set(piis["id"].dropna())
    t["attendance"] = attendance[_check_refs(attendance, "piis_id", piis_ids, "unknown_piis", "attendance", pr)]
    _check_dates(staff, "start", "end", "staff", pr)
    _check_dates(piis, "start", "end", "piis", pr)
    _check_dates(piis, "start", "left_on", "piis", pr)

    # the staff rows read once (a DataFrame lookup per cell costs more than the checks themselves)
    recs = dict(zip(staff.index, staff.to_dict("records")))

    def at(idx, col):
        return recs[idx][col]

    def where(idx) -> dict:
        r = recs[idx]
        return dict(file=r["src_file"], sheet=r["src_sheet"], row=int(r["src_row"]))

    for idx in staff.index:
        w = where(idx)
        sid = at(idx, "id")
        fte = at(idx, "fte")
        if fte is not None and not pd.isna(fte) and not (Decimal(0) < fte <= Decimal(1)):
            pr.append(P.make("fte_range", **w, column=_col("staff", "fte"), value=fte))
        key = at(idx, "key")
        method = at(idx, "method")
        if method is not None and not pd.isna(method) and method != "hours" and key != "time":
            pr.append(P.make("method_not_time", **w, column=_col("staff", "method"), value=sid))
        if key == "fixed" and (at(idx, "share") is None or pd.isna(at(idx, "share"))):
            pr.append(P.make("no_share", **w, column=_col("staff", "share"), value=sid))
    has_payroll = set(t["payroll"]["staff_id"].dropna())
    for idx in staff.index:
        sid = at(idx, "id")
        cost = at(idx, "cost")
        has_cost = cost is not None and not pd.isna(cost)
        if has_cost and sid in has_payroll:
            pr.append(P.make("cost_and_payroll", **where(idx), column=_col("staff", "cost"), value=sid))
        elif not has_cost and sid not in has_payroll and sid is not None:
            pr.append(P.make("no_cost", **where(idx), column=_col("staff", "cost"), value=sid))

    # time records: hours per staff and activity, in thousandths of an hour (exact integers)
    hours_by_staff = inputs.hours = aggregate_hours(t["time"], params)  # R1: in the period only
    cl = t["caseload"]
    bad = cl["piis_files"].notna() & cl["all_files"].notna() & (cl["piis_files"] > cl["all_files"])
    for idx in cl.index[bad.to_numpy()][:MAX_REPORTED_PER_COLUMN]:
        pr.append(P.make("caseload_above_total", **_where(cl, idx), column=_col("caseload", "piis_files"),
                         value=cl.at[idx, "piis_files"], piis=cl.at[idx, "piis_files"], all=cl.at[idx, "all_files"]))
    files = inputs.files_by_staff = aggregate_files(cl, params)  # R1: in the period only
    if params is None:
        return
    days_in_period = (params.period_end - params.period_start).days + 1
    hours_sum = hours_by_staff.sum(axis=1).to_dict() if len(hours_by_staff) else {}
    hours_of = {sid: (int(a), int(p)) for sid, a, p in zip(
        hours_by_staff.index, hours_by_staff["social_activation"], hours_by_staff["professional_activation"])}
    _check_far_dates(t, params, pr)
    _records_outside(t, params, inputs.warnings)
    _staff_periods(staff, params, pr)
    for idx in staff.index:
        sid = at(idx, "id")
        key = at(idx, "key")
        w = where(idx)
        has_hours = hours_sum.get(sid, 0) > 0
        if key == "time" and not has_hours:
            pr.append(P.make("no_time_records", **w, column=_col("staff", "key"), value=sid))
            continue
        if has_hours:  # whatever the key: the hours a year allows (R6)
            sa, prof = hours_of[sid]
            worked = int(hours_sum[sid])
            start, end = staff_period(staff, idx, params)
            days = (end - start).days + 1
            if days <= 0:
                continue  # end before start, or outside the period: reported elsewhere
            limit = Fraction(params.max_hours_worked_per_fte) * days / days_in_period
            fte = at(idx, "fte")
            fte = Fraction(fte) if fte is not None and not pd.isna(fte) else Fraction(1)
            if Fraction(worked, MILLI) > limit:
                pr.append(P.make("hours_above_year", **w, column=_col("time", "hours"), value=sid,
                                 hours=_hours(worked), limit=f"{float(limit):.0f}"))
            elif Fraction(sa, MILLI) > limit * fte:
                # R25/R6: social-activation hours cannot exceed the hours the contract (FTE, period) has
                pr.append(P.make("hours_sa_above_worked", **w, column=_col("time", "hours"), value=sid,
                                 hours=_hours(sa), limit=f"{float(limit * fte):.0f}"))
        if key == "time":
            if at(idx, "method") == "productive_hours":
                prod = productive_hours(staff, idx, params)
                used = sa + prof
                if prod <= 0 or Fraction(used, MILLI) > prod:
                    pr.append(P.make("hours_above_productive", **w, column=_col("staff", "productive_hours"),
                                     value=sid, hours=_hours(used), limit=f"{float(prod):.2f}"))
        elif key == "caseload":
            if sid not in files.index or int(files.loc[sid, "all_files"]) <= 0:
                pr.append(P.make("no_caseload", **w, column=_col("staff", "key"), value=sid))


def _staff_periods(staff: pd.DataFrame, params: Parameters, problems: list[P.Problem]) -> None:
    """R1: an annual ``cost`` whose staff period straddles the convention period's
    boundary is refused (no pro rata is guessed); wholly outside, the allocation
    excludes it with a warning."""
    ps, pe = params.period_start, params.period_end
    for idx in staff.index:
        cost = staff.at[idx, "cost"]
        if cost is None or pd.isna(cost):
            continue
        s, e = staff.at[idx, "start"], staff.at[idx, "end"]
        s = ps if pd.isna(s) else s.date()
        e = pe if pd.isna(e) else e.date()
        if e < s or e < ps or s > pe:
            continue  # end before start: reported elsewhere; wholly outside: excluded by the allocation
        if s < ps or e > pe:
            problems.append(P.make("r1_cost_straddles_period", **_where(staff, idx), column=_col("staff", "cost"),
                                   value=staff.at[idx, "id"], start=s.strftime("%d/%m/%Y"), end=e.strftime("%d/%m/%Y"),
                                   first=ps.strftime("%d/%m/%Y"), last=pe.strftime("%d/%m/%Y")))


# dated records that belong to the year: a date this far from it is a typo (e.g. 2051 for 2015)
FAR_YEARS = 5
DATED = (("time", "date"), ("payroll", "month"), ("caseload", "date"), ("attendance", "date"), ("operating", "date"))


def _check_far_dates(t: dict, params: Parameters, problems: list[P.Problem]) -> None:
    first = pd.Timestamp(params.period_start.year - FAR_YEARS, 1, 1)
    last = pd.Timestamp(params.period_end.year + FAR_YEARS, 12, 31)
    for tid, cid in DATED:
        frame = t[tid]
        if frame.empty:
            continue
        d = frame[cid]
        bad = (d.notna() & ((d < first) | (d > last))).to_numpy()
        for idx in frame.index[bad][:MAX_REPORTED_PER_COLUMN]:
            problems.append(P.make("date_far_from_year", **_where(frame, idx), column=_col(tid, cid),
                                   value=frame.at[idx, cid].strftime("%d/%m/%Y"), first=first.year, last=last.year))


def _hours(milli: int) -> str:
    return f"{milli / MILLI:.2f}"


def _milli(h: pd.Series) -> pd.Series:
    """Hours (Decimal) -> thousandths of an hour, computed once per distinct value; blank -> 0."""
    codes, uniq = pd.factorize(h.to_numpy(dtype=object))
    milli = np.fromiter((int((Decimal(d) * MILLI).to_integral_value()) for d in uniq), dtype=np.int64,
                        count=len(uniq))
    return pd.Series(np.where(codes < 0, 0, milli[np.maximum(codes, 0)] if len(uniq) else 0).astype(np.int64),
                     index=h.index)


# --------------------------------------------------------------------------- personal data

# beneficiary columns: always replaced by a pseudonym (R17 and R15 only need to tell people apart)
PERSON_COLUMNS = {("piis", "person"), ("bilans", "person")}
# id columns that officers sometimes fill with a national number or a name
BENEFICIARY_ID_COLUMNS = {("piis", "id"), ("attendance", "piis_id")}
MAX_ROWS_NAMED = 8  # rows listed in a personal-data warning


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(map(str, rows[:MAX_ROWS_NAMED]))
    return shown + (f" (+{len(rows) - MAX_ROWS_NAMED})" if len(rows) > MAX_ROWS_NAMED else "")


def _scan_for_nrn(seen: list, warnings: list[P.Problem]) -> bool:
    """A warning for every column of every input sheet holding a national
    register number: the column and rows, never the value.  True if any."""
    any_hit = False
    for file, sheet, name, uniq, codes, rows_of in seen:
        blank = _blank_values(uniq)
        cand = [j for j in range(len(uniq)) if not blank[j]]
        hits = privacy.values_with_nrn([uniq[j] for j in cand])
        if not hits:
            continue
        any_hit = True
        hit_ids = {id(h) for h in hits}
        hit_codes = [j for j in cand if id(uniq[j]) in hit_ids]
        rows = rows_of[np.isin(codes, hit_codes)].tolist()
        warnings.append(P.make("w_personal_nrn", file=file, sheet=sheet, row=int(rows[0]), column=name,
                               rows=_rows_text(rows)))
    return any_hit


def _protect_personal_data(inputs: Inputs, seen: list, internal: bool) -> None:
    """Detect national register numbers and beneficiaries' names (warnings name
    the column and rows, never the value) and, unless ``internal``, replace them
    by keyed pseudonyms everywhere the report could show them."""
    t, warnings = inputs.tables, inputs.warnings
    any_nrn = _scan_for_nrn(seen, warnings)
    names: set[str] = set()
    named_at: list[tuple[str, str, pd.Series]] = []
    for (tid, cid) in sorted(PERSON_COLUMNS | BENEFICIARY_ID_COLUMNS):
        frame = t[tid]
        if frame.empty or cid not in frame:
            continue
        strict = (tid, cid) not in PERSON_COLUMNS
        uniq = pd.unique(frame[cid].dropna().to_numpy(dtype=object))
        hits = {u for u in privacy.values_without_digits(uniq) if privacy.looks_like_name(u, strict=strict)}
        if hits:
            names |= hits
            named_at.append((tid, cid, frame[cid].isin(hits)))
    pattern = privacy.name_pattern(names)
    text_cols = [(tb.id, c.id) for tb in TABLES for c in tb.columns if c.kind == "text"]
    if pattern is not None:
        for tid, cid in text_cols:
            if (tid, cid) in PERSON_COLUMNS | BENEFICIARY_ID_COLUMNS:
                continue
            frame = t[tid]
            if frame.empty:
                continue
            uniq = pd.unique(frame[cid].dropna().to_numpy(dtype=object))
            hits = {u for u in uniq if isinstance(u, str) and pattern.search(u)}
            if hits:
                named_at.append((tid, cid, frame[cid].isin(hits)))
    for tid, cid, mask in named_at:
        frame = t[tid]
        idx = frame.index[mask.to_numpy()]
        rows = frame.loc[idx, "src_row"].astype(int).tolist()
        warnings.append(P.make("w_personal_name", file=frame.at[idx[0], "src_file"], sheet=frame.at[idx[0], "src_sheet"],
                               row=rows[0], column=_col(tid, cid), rows=_rows_text(rows)))
    inputs.internal = internal
    scrub_text = any_nrn or bool(names)  # else no text column can hold either: skip the per-value work
    if internal:
        # the real numbers are kept, written one way, so that "85073003328" in the attendance
        # still names the PIIS "85.07.30-033.28" (as the pseudonyms do in the normal version)
        for tid, cid in text_cols if any_nrn else ():
            frame = t[tid]
            if frame.empty:
                continue
            uniq = pd.unique(frame[cid].dropna().to_numpy(dtype=object))
            change = {u: privacy.format_nrn(d) for u in uniq if (d := privacy.whole_nrn(u))}
            if change:
                frame[cid] = frame[cid].map(lambda v: change.get(v, v) if isinstance(v, str) else v)
        return
    try:
        ps = privacy.Pseudonymiser(privacy.load_key(), names)
    except privacy.KeyError_ as e:
        inputs.problems.append(P.make(e.code, file=str(e.path), detail=e.detail or "-"))
        return
    for tid, cid in text_cols:
        frame = t[tid]
        person = (tid, cid) in PERSON_COLUMNS
        if frame.empty or not (person or scrub_text):
            continue
        values = frame[cid]
        codes, uniq = pd.factorize(values.to_numpy(dtype=object))
        if person:
            new = np.array([ps.pseudonym(u) for u in uniq], dtype=object)
        else:
            new = np.array([ps.scrub(u) for u in uniq], dtype=object)
            if all(a is b or a == b for a, b in zip(new, uniq)):
                continue
        out = np.where(codes < 0, None, new[np.maximum(codes, 0)] if len(new) else None)
        frame[cid] = pd.Series(out, index=frame.index, dtype=object)
    inputs.pseudonymiser = ps
    inputs._scrub_needed = scrub_text


def _scrub_problems(inputs: Inputs) -> None:
    """No problem or warning message repeats a national number or a name."""
    ps = getattr(inputs, "pseudonymiser", None)
    if ps is None or not inputs.__dict__.get("_scrub_needed"):
        return
    for lst in (inputs.problems, inputs.warnings):
        for i, p in enumerate(lst):
            new = dataclasses.replace(p, value=ps.scrub(p.value), message_fr=ps.scrub(p.message_fr),
                                      message_nl=ps.scrub(p.message_nl))
            if new != p:
                lst[i] = new


# --------------------------------------------------------------------------- the public function

def load(path: str | Path, *, internal: bool = False, member: dict | None = None,
         sources: tuple | None = None) -> Inputs:
    """Read and validate the inputs at ``path`` (an .xlsx workbook or a folder of
    CSV files).  Never raises on bad data: problems are in ``Inputs.problems``.

    A cluster member (issue 11, ``cluster.load_cluster``): ``member`` gives the cluster's
    convention (``{"convention": dict, "params": Parameters}``, the member's name as
    ``convention["cpas"]``); its own files hold no convention.  ``sources``: the member's
    tables already read (``(found, hashes)``, its slice of a one-workbook cluster).

    Beneficiaries are replaced by pseudonymous ids (keyed hash, see
    ``privacy``); ``internal=True`` keeps the real values, for an internal
    version the officer explicitly asks for.  Files are opened read-only."""
    path = Path(path)
    problems: list[P.Problem] = []
    warnings: list[P.Problem] = []
    debug = bool(os.environ.get("ACTIVSOC_DEBUG"))
    refused: set[str] = set()  # tables found twice, or under a copy's name: refused, not "missing"
    try:
        found, hashes = sources if sources is not None else _read_sources(path, problems, warnings, refused)
    except Exception as exc:  # last line of defence: a problem, not a traceback
        if debug:
            raise
        problems.append(P.make("internal_error", file=path.name, detail=type(exc).__name__))
        found, hashes = {}, {}
    if member is not None and "convention" in found:  # a cluster's convention is given once, at the top
        _raw, cfile, csheet = found.pop("convention")[:3]
        problems.append(P.make("cluster_member_convention", file=cfile, sheet=csheet, value=cfile))
    if not found and not problems:
        problems.append(P.make("no_inputs", file=str(path), path=str(path)))
    tables: dict[str, pd.DataFrame] = {}
    seen: list = []  # each column's distinct values, for the personal-data scan
    metas: dict[str, dict] = {}  # per table: its headers and blank cells, as read
    for table in TABLES:
        if table.id not in found:
            if table.required and found and table.id not in refused and not (member and table.id == "convention"):
                problems.append(P.make("missing_table", file=path.name, table=f"{table.fr} / {table.nl}"))
            tables[table.id] = _empty(table)
            continue
        raw, file, sheet, comma, first_row = found[table.id]
        try:
            frame = _parse_table(table, raw, file, sheet, comma, problems, warnings, first_row, seen,
                                 metas.setdefault(table.id, {}))
        except Exception as exc:
            if debug:
                raise
            problems.append(P.make("internal_error", file=file, sheet=sheet, detail=type(exc).__name__))
            frame = None
        tables[table.id] = frame if frame is not None else _empty(table)
    convention, params = ({}, None)
    try:  # every loader path ends in a placed problem, never in the command line's "internal error" (exit 3)
        _check_blank_amounts(tables["operating"], metas.get("operating", {}), problems)
        for name in ("time", "attendance"):
            h = tables[name]["hours"]
            tables[name]["hours_milli"] = _milli(h) if len(h) else pd.Series(dtype=np.int64)
        if member is not None:
            convention, params = dict(member["convention"]), member["params"]
        elif "convention" in found:
            convention, params = _convention(tables["convention"], found["convention"][1], problems)
    except Exception as exc:
        if debug:
            raise
        problems.append(P.make("internal_error", file=path.name, detail=type(exc).__name__))
        for name in ("time", "attendance"):
            if "hours_milli" not in tables[name]:
                tables[name] = _empty(TABLE_BY_ID[name]).assign(hours_milli=pd.Series(dtype=np.int64))
    inputs = Inputs(convention=convention, params=params, tables=tables, problems=problems, warnings=warnings,
                    files=hashes, source=str(path))
    try:
        _protect_personal_data(inputs, seen, internal)
        if found:
            _cross_checks(inputs)
    except Exception as exc:
        if debug:
            raise
        problems.append(P.make("internal_error", file=path.name, detail=type(exc).__name__))
    _scrub_problems(inputs)
    return inputs
