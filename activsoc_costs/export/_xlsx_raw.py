"""_xlsx_raw: every use of xlsxwriter's internals, in one place (issue 10 item 4).

Owns: ``_Worksheet`` (formulas without the future-function search, its rows copied from the
temporary file as bytes), ``_RawRows`` (detail
rows rendered as sheet XML, cell for cell as xlsxwriter writes them) and ``Workbook``
(xlsxwriter's workbook packed at zip level 1 instead of 6: a city's 41 MB of sheet XML
in a third of the time, 25 % larger file, the same cells).  These lean on attributes that
are not xlsxwriter's public API (``_write_single_row``, ``fh``, ``previous_row``,
``_prepare_formula``, ``_write_optimized_sheet_data``, ``row_data_fh``, ``row_data_filename``,
``dim_rowmin``, the module's ``ZipFile``): ``pyproject.toml`` pins xlsxwriter below
3.4, ``_RawRows.supported`` falls back to the public API (``fast=False``) when one is
missing, and ``tests/unit/test_xlsx_raw_internals.py`` fails loudly on a version not
checked, while ``test_export_workbook`` proves the raw rows byte-identical to the public
API's and the LibreOffice tests recalculate every formula.
"""
from __future__ import annotations

import datetime as dt
import functools
import itertools
import os
import re
import threading

import numpy as np
import xlsxwriter
import xlsxwriter.workbook
import xlsxwriter.worksheet
from xlsxwriter.utility import xl_col_to_name

CHECKED_VERSIONS = ("3.1", "3.2", "3.3")  # xlsxwriter versions whose internals these classes were checked against
ZIP_LEVEL = 1

_ZIP_LOCK = threading.Lock()


class Workbook(xlsxwriter.Workbook):
    """xlsxwriter's workbook, its package deflated at level ``ZIP_LEVEL`` (xlsxwriter has no option)."""

    def _store_workbook(self):
        zf = getattr(xlsxwriter.workbook, "ZipFile", None)
        if zf is None:  # internals changed: xlsxwriter's own packing
            return super()._store_workbook()
        with _ZIP_LOCK:
            xlsxwriter.workbook.ZipFile = functools.partial(zf, compresslevel=ZIP_LEVEL)
            try:
                return super()._store_workbook()
            finally:
                xlsxwriter.workbook.ZipFile = zf


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

    def _write_optimized_sheet_data(self):
        """The rows kept in the temporary file copied into the sheet as bytes: xlsxwriter reads
        them back as text and writes them again (a city's 40 MB decoded and encoded once more).
        The same bytes, as the text copy gives none but for a carriage return (its reading
        translates newlines): then xlsxwriter's own copy."""
        fh, data = self.fh, getattr(self, "row_data_fh", None)
        out = getattr(fh, "buffer", None)
        if (getattr(self, "dim_rowmin", None) is None or out is None or getattr(data, "buffer", None) is None
                or not getattr(self, "row_data_filename", None)):
            return super()._write_optimized_sheet_data()
        self._xml_start_tag("sheetData")
        fh.flush()
        data.flush()
        start = out.tell()
        src = data.buffer
        src.seek(0)
        while chunk := src.read(1 << 20):
            if b"\r" in chunk:  # back to the text copy (what it writes differs from the bytes)
                out.seek(start)
                out.truncate()
                data.seek(0)
                while text := data.read(65536):
                    fh.write(text)
                break
            out.write(chunk)
        data.close()
        os.unlink(self.row_data_filename)
        self._xml_end_tag("sheetData")


_CTRL_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CTRL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_XML_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f]|_x[0-9a-fA-F]{4}_")
_XML_SPECIAL_CHAR = re.compile(r"[&<>\x00-\x08\x0b-\x1f]")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _special(text: str) -> bool:
    """True when ``_xml`` would change ``text`` (one character class, then ``_x`` only when there)."""
    return _XML_SPECIAL_CHAR.search(text) is not None or ("_x" in text and _XML_SPECIAL.search(text) is not None)


def _xml(text: str) -> str:
    """Text for an XML element, as xlsxwriter escapes it (control characters as _xHHHH_)."""
    if not _XML_SPECIAL.search(text):
        return text
    text = _CTRL_ESCAPE.sub(r"_x005F\1", text)
    text = _CTRL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _serial(value) -> int:
    """A date (or a datetime's day) as the day number the cell holds."""
    d = value.date() if isinstance(value, dt.datetime) else value
    return (d - _EXCEL_EPOCH).days


def day_numbers(values) -> list:
    """Dates (None: no cell) as the day numbers their cells hold; a datetime64 column at once."""
    dtype = getattr(values, "dtype", None)
    if isinstance(dtype, np.dtype) and dtype.kind == "M":
        days = (values.to_numpy().astype("datetime64[D]") - np.datetime64(_EXCEL_EPOCH, "D")).astype("int64")
        return [None if na else d for d, na in zip(days.tolist(), values.isna().tolist())]
    epoch = _EXCEL_EPOCH.toordinal()
    return [None if v is None else v.toordinal() - epoch if type(v) is dt.date else _serial(v) for v in values]


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

    def columns(self, first: int, n: int, cols):
        """Rows ``first`` .. ``first + n - 1`` at once, from columns ``(col, kind, fmt, values,
        formulas)``, the same XML as one call per cell (``fmt``: one format, or one per row): kind ``s`` texts (final, "" no cell),
        ``n`` numbers (None or NaN: no cell; a date as its ``day_numbers``), ``f`` formulas (a
        template with ``{R}`` for the row, or one per row, None: the value as a plain number)
        with their cached values.  A column whose every row has the same form of cell is part of
        one %-format per row (``_inline``: the row number joined in, the values formatted by ``%``);
        the others are rendered cell by cell (``_column``), one comprehension per column: a
        city's Operating sheet in under a tenth of the per-cell time."""
        cols = sorted(cols, key=lambda c: c[0])
        self._number_styles(cols)
        inline = [self._inline(*c) for c in cols]
        row = None  # the row's %-format, cut where the row number goes (\x01: never in a cell's XML)
        if any(inline):
            pieces = ["%s" if cell is None else cell[0].replace("%", "%%") + cell[1] + cell[2].replace("%", "%%")
                      for cell in inline]
            row = ('<row r="\x01">' + "".join(pieces) + "</row>").split("\x01")
        for a in range(0, n, self.FLUSH):
            b = min(a + self.FLUSH, n)
            rs = [str(r + 1) for r in range(first + a, first + b)]
            cells = [values[a:b] if cell is not None else
                     self._column(rs, col, kind, fmt[a:b] if isinstance(fmt, list) else fmt, values[a:b],
                                  None if formulas is None or isinstance(formulas, str) else formulas[a:b], formulas)
                     for cell, (col, kind, fmt, values, formulas) in zip(inline, cols)]
            if row is not None:  # every row has a cell
                parts = [r.join(row) % t for r, t in zip(rs, zip(*cells))]
                self.last = first + b - 1
            else:
                parts = []
                for i, (r, xml) in enumerate(zip(rs, map("".join, zip(*cells)))):
                    if xml:
                        parts.append(f'<row r="{r}">{xml}</row>')
                        self.last = first + a + i
            self.ws.fh.write("".join(parts))

    def _inline(self, col, kind, fmt, values, formulas):
        """A column every row of which has a cell of one format and one form, as ``(before, spec,
        after)`` around its value in the row's format (``%`` formatting, \x01 the row number); None
        when the rows' cells differ (rendered by ``_column``)."""
        if isinstance(fmt, list) or not len(values):
            return None
        head = f'<c r="{self.cols[col]}\x01" s="{self.xf.get(id(fmt))}"'
        if kind == "n":
            try:
                total = sum(values)  # None fails, a NaN makes it NaN
                if total != total:
                    return None
            except (TypeError, ValueError):
                return None
            return head + "><v>", "%.16G", "</v></c>"  # what f"{v:.16G}" gives, for every number
        if kind == "f":
            if formulas is None or not isinstance(formulas, str) or "_x" in formulas:
                return None
            f = _xml(formulas[1:] if formulas.startswith("=") else formulas)
            return head + "><f>" + f.replace("{R}", "\x01") + "</f><v>", "%s", "</v></c>"
        if kind == "s":
            if "" in values or _special("\n".join(values)) or list(map(str.strip, values)) != values:
                return None  # a blank, a text to escape, or one with whitespace at an end (xml:space)
            return head + ' t="inlineStr"><is><t>', "%s", "</t></is></c>"
        return None

    def _number_styles(self, cols):
        """Number the formats in the order the cells use them first, row by row (xlsxwriter
        numbers a format when a cell first uses it, and the styles part lists them so)."""
        first = []
        for col, kind, fmt, values, formulas in cols:
            if kind == "s":  # (lazily: a column of one format stops at its first cell)
                used = (bool(t) for t in values)
            elif kind == "f" and not isinstance(formulas, str):
                used = (f is not None or (v is not None and v == v) for v, f in zip(values, formulas))
            else:
                used = (v is not None and v == v for v in values)
            fmts = fmt if isinstance(fmt, list) else itertools.repeat(fmt)
            seen = set()
            for row, (u, f) in enumerate(zip(used, fmts)):
                if u and id(f) not in seen:
                    seen.add(id(f))
                    first.append((row, col, f))
                    if not isinstance(fmt, list):
                        break
        for _row, _col, f in sorted(first, key=lambda x: x[:2]):
            self._style(f)

    def _column(self, rs, col, kind, fmt, values, formulas, template):
        c = self.cols[col]
        xf = self.xf  # numbered by _number_styles; a format no cell uses stays unnumbered
        xs = [xf.get(id(f)) for f in fmt] if isinstance(fmt, list) else itertools.repeat(xf.get(id(fmt)))
        if kind == "s":
            P = ' xml:space="preserve"'  # leading or trailing whitespace, read after escaping (as xlsxwriter)
            if _special("\n".join(values)):  # "\n" is never escaped and ends any _xHHHH_
                values = [_xml(t) for t in values]
            return [f'<c r="{c}{r}" s="{x}" t="inlineStr"><is><t{P if t.strip() != t else ""}>{t}</t></is></c>'
                    if t else "" for r, t, x in zip(rs, values, xs)]
        if kind == "n":
            return [f'<c r="{c}{r}" s="{x}"><v>{v:.16G}</v></c>' if v is not None and v == v else ""
                    for r, v, x in zip(rs, values, xs)]
        if formulas is None:  # one template for every row
            if "_x" in template:  # a row number could complete an _xHHHH_ escape: escape per row
                return [f'<c r="{c}{r}" s="{x}"><f>{_xml(template[1:].replace("{R}", r))}</f><v>{v}</v></c>'
                        for r, v, x in zip(rs, values, xs)]
            parts = _xml(template[1:] if template.startswith("=") else template).split("{R}")
            return [f'<c r="{c}{r}" s="{x}"><f>{r.join(parts)}</f><v>{v}</v></c>' for r, v, x in zip(rs, values, xs)]
        formulas = [f if f is None else f[1:] if f.startswith("=") else f for f in formulas]
        if _special("\n".join(f for f in formulas if f is not None)):  # escaped one by one
            formulas = [f if f is None else _xml(f) for f in formulas]
        return [(f'<c r="{c}{r}" s="{x}"><v>{v:.16G}</v></c>' if v is not None and v == v else "") if f is None
                else f'<c r="{c}{r}" s="{x}"><f>{f}</f><v>{v}</v></c>' for r, f, v, x in zip(rs, formulas, values, xs)]

    def close(self):
        if self.last >= self.first:
            self.ws._check_dimensions(self.last, len(self.cols) - 1)
            self.ws.previous_row = self.last  # the next xlsxwriter row follows these
