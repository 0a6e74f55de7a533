"""read_xlsx: what a workbook's package says before pandas reads it.

Owns the checks on an .xlsx/.xlsm file as a zip package (empty, damaged, encrypted,
not a workbook), each sheet's size from its ``<dimension>`` (the size guard, before any
sheet is parsed), the percent number formats (a percent cell becomes ``PercentCell``:
its meaning shown by the file itself), formula cells without a cached value and error
cells, and which pandas engine reads the values.  ``read`` calls it; nothing else does.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd



def _excel_engine() -> str:
    try:
        import python_calamine  # noqa: F401
        return "calamine"
    except ImportError:
        return "openpyxl"


def _check_xlsx(path: Path) -> tuple[str, str] | None:
    """Why ``path`` cannot be an xlsx workbook: (problem code, detail), or None."""
    if path.stat().st_size == 0:
        return "empty_file", ""
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # an OLE compound file: an encrypted OOXML workbook holds an "EncryptionInfo" stream
        if "EncryptionInfo".encode("utf-16-le") in head or b"EncryptedPackage" in head \
                or "EncryptedPackage".encode("utf-16-le") in head:
            return "encrypted_workbook", ""
        return "old_xls", ""
    if not zipfile.is_zipfile(path):
        # a zip's local header without its central directory: a workbook cut short (copy, download)
        return ("corrupt_xlsx", "archive tronquée / afgebroken archief") if head.startswith(b"PK\x03\x04") \
            else ("not_xlsx", "")
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "xl/workbook.xml" not in names:
                return ("ods_file", "") if "content.xml" in names else ("not_xlsx", "")
            bad = z.testzip()
            if bad:
                return "corrupt_xlsx", bad
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        return "corrupt_xlsx", type(exc).__name__
    return None


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?"')


def _sheet_sizes(path: Path) -> dict[str, tuple[int | None, int, str]]:
    """Sheet name -> (rows from the sheet's <dimension>, uncompressed XML size, the
    sheet's member in the package), read without loading any cells: a huge sheet
    is refused before it is read."""
    out: dict[str, tuple[int | None, int, str]] = {}
    with zipfile.ZipFile(path) as z:
        wb = z.read("xl/workbook.xml")
        try:
            rels = z.read("xl/_rels/workbook.xml.rels")
        except KeyError:
            rels = b""
        targets = {m.group(1).decode(): m.group(2).decode() for m in
                   re.finditer(rb'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)}
        targets.update({m.group(2).decode(): m.group(1).decode() for m in
                        re.finditer(rb'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
        for m in re.finditer(rb'<(?:\w+:)?sheet\b[^>]*>', wb):
            tag = m.group(0)
            name = re.search(rb'name="([^"]*)"', tag)
            rid = re.search(rb'r:id="([^"]*)"', tag) or re.search(rb'\bid="([^"]*)"', tag)
            if not name or not rid:
                continue
            target = targets.get(rid.group(1).decode(), "")
            member = target.lstrip("/") if target.startswith("/") else "xl/" + target
            sheet = _xml_unescape(name.group(1).decode("utf-8", errors="replace"))
            try:
                info = z.getinfo(member)
            except KeyError:
                continue
            rows = None
            with z.open(info) as f:
                dim = _DIMENSION.search(f.read(4096))
            if dim and (dim.group(4) or dim.group(2)):
                rows = int(dim.group(4) or dim.group(2))
            out[sheet] = (rows, info.file_size, member)
    return out


def _xml_unescape(s: str) -> str:
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'") \
        .replace("&amp;", "&")


class PercentCell(float):
    """A workbook number shown with a percent format (``10 %`` typed in Excel is
    stored 0.1): read as 10 in a percent column."""


# ---- what the cells' XML says and pandas does not: number formats, formulas without a value

_BUILTIN_PERCENT = {9, 10}  # "0%", "0.00%"


def _percent_styles(z: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell formats (``s=`` of a cell) whose number format shows a percentage."""
    try:
        st = z.read("xl/styles.xml")
    except KeyError:
        return set()
    pct_fmts = set(_BUILTIN_PERCENT)
    for m in re.finditer(rb'<(?:\w+:)?numFmt\b[^>]*>', st):
        fid = re.search(rb'numFmtId="(\d+)"', m.group(0))
        code = re.search(rb'formatCode="([^"]*)"', m.group(0))
        if fid and code:
            text = _xml_unescape(code.group(1).decode("utf-8", errors="replace"))
            text = re.sub(r'"[^"]*"|\\.', "", text)  # quoted text and escaped characters show no percent
            if "%" in text:
                pct_fmts.add(int(fid.group(1)))
    xfs = re.search(rb'<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>', st, re.S)
    out = set()
    if xfs:
        for i, m in enumerate(re.finditer(rb'<(?:\w+:)?xf\b[^>]*>', xfs.group(1))):
            fid = re.search(rb'numFmtId="(\d+)"', m.group(0))
            if fid and int(fid.group(1)) in pct_fmts:
                out.add(i)
    return out


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


_FORMULA = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*>\s*<(?:\w+:)?f\b(?:[^>]*/>|[^>]*>([^<]*)</(?:\w+:)?f>)'
                      rb'\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>)?')


_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\s(?=[^>]*\bt="e")[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*>\s*'
                         rb'(?:<(?:\w+:)?f\b[^>]*/>|<(?:\w+:)?f\b[^>]*>([^<]*)</(?:\w+:)?f>)?\s*<(?:\w+:)?v>([^<]*)</')


def _cell_marks(z: zipfile.ZipFile, member: str, pct_styles: set[int], full_calc: bool) -> tuple[dict, list]:
    """(cells with a percent number format as {column: rows}, formula cells without a
    computed value as (row, column, formula)) of one sheet, 0-based; read by chunks, one regular expression
    each, so that a sheet of 50 000 rows costs a fraction of a second."""
    pct: dict = {}
    formulas: list = []
    pct_re = None
    if pct_styles:
        alt = b"|".join(str(i).encode() for i in sorted(pct_styles))
        pct_re = re.compile(rb'<(?:\w+:)?c\s(?=[^>]*\bs="(?:' + alt + rb')")[^>]*?\br="([A-Z]{1,3})(\d+)"')
    carry = b""
    with z.open(member) as f:
        while True:
            chunk = f.read(1 << 24)
            data = carry + chunk
            if chunk:
                cut = data.rfind(b"</row>")
                if cut < 0:
                    carry = data
                    continue
                data, carry = data[:cut + 6], data[cut + 6:]
            if pct_re is not None:
                for letters, row in pct_re.findall(data):
                    pct.setdefault(letters, []).append(row)
            if b"<f" in data or b":f" in data:
                for m in _FORMULA.finditer(data):
                    v = m.group(4)
                    if v is None or not v.strip() or (full_calc and v.strip() in (b"0", b"0.0")):
                        formula = _xml_unescape((m.group(3) or b"").decode("utf-8", errors="replace"))
                        formulas.append((int(m.group(2)) - 1, _col_index(m.group(1)), "=" + formula if formula else "=",
                                         ""))
            if b't="e"' in data:  # #DIV/0!, #REF!, #N/A: pandas reads them as blank cells
                for m in _ERROR_CELL.finditer(data):
                    formula = _xml_unescape((m.group(3) or b"").decode("utf-8", errors="replace"))
                    formulas.append((int(m.group(2)) - 1, _col_index(m.group(1)), "=" + formula if formula else "",
                                     m.group(4).decode("utf-8", errors="replace")))
            if not chunk:
                break
    # column -> 0-based rows: one conversion per column, not per cell
    return {_col_index(letters): np.array(rows, dtype=np.int64) - 1 for letters, rows in pct.items()}, formulas


def _mark_cells(frame: pd.DataFrame, pct: dict, formulas: list) -> None:
    """Percent-formatted numbers become PercentCell; formula cells without a value are
    listed in ``frame.attrs["formula_cells"]`` for the loader to place."""
    nrows, ncols = frame.shape
    for c, rows in pct.items():  # one column at a time: 50 000 cells in a fraction of a second
        rows = rows[(rows >= 0) & (rows < nrows)]
        if c >= ncols or not len(rows):
            continue
        values = frame.iloc[:, c].to_numpy(dtype=object).copy()
        for r in rows.tolist():
            v = values[r]
            if type(v) in (int, float) and v == v:
                values[r] = PercentCell(v)
        frame.isetitem(c, values)
    if formulas:  # popped by the loader before any operation on the frame copies it
        frame.attrs["formula_cells"] = [(r, c, f, e) for r, c, f, e in formulas if c < ncols]
