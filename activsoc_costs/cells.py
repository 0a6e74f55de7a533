"""cells: one cell's text or value -> a typed value (numbers, percents, thousands, dates).

Owns how a cell is read: the decimal separator a column shows, "95.000" read by the
rest of its column, a percent by its number format, Excel serial dates and "[h]:mm"
durations, the size guard on numbers, and how a value is shown back to the officer
in a problem (``_shown``).  Nothing here knows tables or files; ``parse`` calls it once
per distinct value of a column.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
import re
from decimal import Decimal

import numpy as np
import pandas as pd

from .money import parse_decimal, to_cents
from .read_xlsx import PercentCell
from .schema import ENUMS, TABLE_BY_ID, Column, enum_lookup, norm


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
    return _separators_shown(uniq, _number_lines(uniq))


# a cleaned number text most cells hold: digits, thousands in groups of three, one or two
# decimals; it shows its last separator as decimal and is never ambiguous
_PLAIN_NUMBER = r"(?:[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+),[0-9]{1,2}|(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)\.[0-9]{1,2}|[0-9]+"
_PLAIN_LINES = re.compile(rf"(?:{_PLAIN_NUMBER})?(?:\n(?:{_PLAIN_NUMBER})?)*")
_SHOWS = {",": re.compile(r",[0-9]{1,2}(?=\n|\Z)"), ".": re.compile(r"\.[0-9]{1,2}(?=\n|\Z)")}
_AMBIGUOUS_LINE = re.compile(r"^" + _AMBIGUOUS.pattern + r"$", re.M)


def _number_lines(uniq: np.ndarray) -> str | None:
    """A column's distinct values cleaned as a number is read (``_clean_number_text``),
    one a line, when they are all texts without a line break; else None.  Lets a
    column's values be looked at by one regular expression, not one by one."""
    try:
        text = "\n".join(uniq.tolist())
    except TypeError:  # a workbook's numbers, dates, None
        return None
    return _clean_number_text(text) if text.count("\n") == len(uniq) - 1 else None


def _separators_shown(uniq: np.ndarray, lines: str | None) -> tuple[str | None, object, set]:
    """``_column_separators``; ``lines``: ``_number_lines(uniq)``."""
    shown: dict[str, object] = {}
    if lines is not None and _PLAIN_LINES.fullmatch(lines):  # all plain: the first value ending in each
        for d, rx in _SHOWS.items():
            m = rx.search(lines)
            if m:
                shown[d] = uniq[lines.count("\n", 0, m.start())]
    else:
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


def _has_ambiguous(uniq: np.ndarray, lines: str | None) -> bool:
    """Whether a short text of the column (under 16 characters) is the ambiguous
    "95.000"; ``lines``: ``_number_lines(uniq)``."""
    if lines is not None and not _AMBIGUOUS_LINE.search(lines):
        return False
    return any(isinstance(u, str) and len(u) < 16 and ("." in u or "," in u)
               and _AMBIGUOUS.fullmatch(_clean_number_text(u)) for u in uniq)


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
    """A date written as text; cached: the same few hundred dates recur in every file and CPAS.  Day first
    (Belgian), the year in four digits or in two as Excel fr-BE shows its default short date (31-03-15),
    the month also by its French, Dutch or English name (31 mars 2015, 31-mrt-15, mardi 31 mars 2015)."""
    if s.replace(".0", "").isdigit() and len(s.replace(".0", "")) == 5:
        return EXCEL_EPOCH + dt.timedelta(days=int(float(s)))
    head = s.split(" ")[0].split("T")[0]
    for sep in ("/", "-", "."):
        parts = head.split(sep)
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            a, b, c = parts
            if len(a) == 4:
                return dt.date(int(a), int(b), int(c))
            if len(c) in (2, 4) and len(a) <= 2 and len(b) <= 2:
                return dt.date(_year(c), int(b), int(a))
    m = _NAMED_DATE.fullmatch(s.strip().lower())
    if m and m.group(2) in MONTH_NAMES:
        return dt.date(_year(m.group(3)), MONTH_NAMES[m.group(2)], int(m.group(1)))
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
                if len(b) in (2, 4) and len(a) <= 2:  # 01/2015, or 01/15 as Excel shows "mm/yy"
                    return dt.date(_year(b), int(a), 1)
        m = _NAMED_MONTH.fullmatch(s.lower())
        if m and m.group(1) in MONTH_NAMES:  # janv-15, mrt-15 (Excel "mmm-yy"), janvier 2015
            return dt.date(_year(m.group(2)), MONTH_NAMES[m.group(1)], 1)
    return _parse_date(v).replace(day=1)


def _year(text: str) -> int:
    """A year of four digits, or of two as Excel reads them: 00-29 are 2000-2029, 30-99 are 1930-1999
    (a year that far from the convention's is then refused: ``date_range``, ``date_far_from_year``)."""
    y = int(text)
    return y if len(text) == 4 else (2000 + y if y < 30 else 1900 + y)


# months by name, as Excel fr-BE, nl-BE and en show them in "mmm" and "mmmm" (with or without accent or dot)
MONTH_NAMES = {name: i for i, names in enumerate((
    "janvier janv jan januari january",
    "février fevrier févr fevr fév fev februari feb february",
    "mars maart mrt maa mar march",
    "avril avr april apr",
    "mai mei may",
    "juin juni jun june",
    "juillet juil juli jul july",
    "août aout augustus aug august",
    "septembre sept september sep",
    "octobre oct oktober okt october",
    "novembre november nov",
    "décembre decembre déc dec december"), 1) for name in names.split()}
_WEEKDAYS = ("lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|maandag|dinsdag|woensdag|donderdag|vrijdag|"
             "zaterdag|zondag|monday|tuesday|wednesday|thursday|friday|saturday|sunday|le")
_NAMED_DATE = re.compile(r"(?:(?:" + _WEEKDAYS + r"),?\s+)?(\d{1,2})(?:er)?[\s./-]+([^\W\d_]+)\.?[\s./-]+(\d{4}|\d{2})")
_NAMED_MONTH = re.compile(r"([^\W\d_]+)\.?[\s./-]+(\d{4}|\d{2})")


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
            elif not (isinstance(v, str) and "%" in v) and d == 1:
                # 1: 100 % typed as a fraction, or 1 %?  Read as 1 % only where the column shows its
                # 0-100 scale (``parse._percent_one_read``)
                raise _Cell("percent_one")
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
    if kind != "money":
        return conv

    def amount(v):
        cents = _plain_amount(v)
        return conv(v) if cents is None else cents
    return amount


# an amount as most cells hold it: digits, thousands in groups of three, one or two decimals
_PLAIN_AMOUNT = re.compile(r"([0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+),([0-9]{1,2})|"
                           r"([0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)\.([0-9]{1,2})|([0-9]+)")


def _plain_amount(v) -> int | None:
    """The cents of a plain amount typed as text ("1.737,95", "518,75", "1,250.5",
    "12"), as the money column's converter reads it; None for any other cell."""
    m = _PLAIN_AMOUNT.fullmatch(v.strip()) if type(v) is str else None
    if m is None:
        return None
    comma_units, comma_dec, dot_units, dot_dec, units = m.groups()
    if comma_units:
        cents = int(comma_units.replace(".", "")) * 100 + _CENTS[comma_dec]
    elif dot_units:
        cents = int(dot_units.replace(",", "")) * 100 + _CENTS[dot_dec]
    else:
        cents = int(units) * 100
    return cents if cents <= MAX_NUMBER * 100 else None


_CENTS = {d: int(d.ljust(2, "0")) for d in [""] + [f"{i}" for i in range(10)] + [f"{i:02d}" for i in range(100)]}


MEMO_SIZE = 4096  # texts whose outcome is kept, per column (not text) and separators


@functools.lru_cache(maxsize=None)
def _reading(col: Column, comma_decimal: bool, decimal_sep: str | None) -> tuple:
    """(converter, memo: text -> parsed value) of a column read with these separators."""
    return _converter(col, comma_decimal, decimal_sep), {}


def _parse_distinct(col: Column, comma_decimal: bool, decimal_sep: str | None, uniq: np.ndarray,
                    blank: np.ndarray) -> tuple[np.ndarray, dict[int, tuple]]:
    """Each distinct value of a column parsed (None where ``blank``), and by position
    the (code, args) of those refused.  A text cell's outcome is kept (but in a text
    column, read as it stands): the same dates, hours and amounts recur in every table and CPAS."""
    conv, memo = _reading(col, comma_decimal, decimal_sep)
    text = col.kind == "text"  # a text is read as it stands: nothing worth keeping
    got = [(u.strip() if text else memo.get(u, _MISSING)) if type(u) is str else _MISSING for u in uniq]
    for j in np.flatnonzero(blank):
        got[j] = None
    errors: dict[int, tuple] = {}
    for j in [j for j, g in enumerate(got) if g is _MISSING]:
        u = uniq[j]
        try:
            got[j] = conv(u)
        except _Cell as e:  # (a refusal is not kept: it is rare, and read again the same)
            errors[j] = (e.code, e.args_)
            got[j] = None
            continue
        if type(u) is str and not text and len(memo) < MEMO_SIZE:
            memo[u] = got[j]
    parsed = np.empty(len(uniq), dtype=object)
    parsed[:] = got
    return parsed, errors


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


MAX_ROWS_NAMED = 8  # rows listed in a personal-data warning


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(map(str, rows[:MAX_ROWS_NAMED]))
    return shown + (f" (+{len(rows) - MAX_ROWS_NAMED})" if len(rows) > MAX_ROWS_NAMED else "")


# places, as a problem names them

def _where(frame: pd.DataFrame, idx) -> dict:
    return dict(file=frame.at[idx, "src_file"], sheet=frame.at[idx, "src_sheet"], row=int(frame.at[idx, "src_row"]))


def _col(table_id: str, cid: str) -> str:
    return TABLE_BY_ID[table_id].column(cid).header("fr")
