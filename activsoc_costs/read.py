"""read: the CPAS's files -> raw frames, before any parsing or validation.

Finds the tables in a folder of CSV files or in a workbook, refuses what cannot
be read (size guards, damaged or encrypted packages, malformed quoting, two
sources for one table) with its place, and hands ``load`` raw frames of cells
with the place of their first row.  Files are only ever read.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import zipfile
from pathlib import Path

import pandas as pd

from . import problems as P
from .schema import norm, table_lookup

MAX_ROWS = 5_000_000          # per table: beyond this, a clear refusal rather than running out of memory
MAX_SHEET_XML_BYTES = 1 << 31  # one sheet's XML unpacked: 2 GiB (a "zip bomb" is refused before reading)
MAX_CSV_BYTES = 4 << 30       # one CSV file: 4 GiB


# --------------------------------------------------------------------------- reading files

def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _max_rows() -> int:
    """The row limit of one table; ``ACTIVSOC_MAX_ROWS`` lowers or raises it."""
    try:
        return max(1, int(os.environ.get("ACTIVSOC_MAX_ROWS", MAX_ROWS)))
    except ValueError:
        return MAX_ROWS


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" export
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _count_lines(path: Path, stop: int) -> int:
    """Lines in a file, counted by chunks without reading it whole (stops past ``stop``)."""
    n = 0
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 22), b""):
            n += chunk.count(b"\n")
            if n > stop:
                break
    return n


def _sniff_sep(lines: list[str]) -> str:
    """The separator: the candidate found the same number of times (> 0) on most
    of the first lines, quotes ignored; ';' wins ties (Belgian Excel)."""
    best, best_score = ";", -1
    sample = [re.sub(r'"[^"]*"', "", ln) for ln in lines if ln.strip()][:20]
    for sep in (";", "\t", ",", "|"):
        counts = [ln.count(sep) for ln in sample]
        if not counts or counts[0] == 0:
            continue
        score = sum(1 for c in counts if c == counts[0]) * 1000 + counts[0]
        if score > best_score:
            best, best_score = sep, score
    return best


def _read_csv(path: Path) -> tuple[pd.DataFrame, bool, int]:
    """A CSV file as strings, header in row 0; returns (frame, comma_decimal, first_row)."""
    text = _decode(path.read_bytes())
    first_row = 1
    head = text[:65536].splitlines()
    if head and head[0].strip().lower().startswith("sep=") and len(head[0].strip()) == 5:
        sep = head[0].strip()[4]  # Excel's "sep=;" first line
        text = text.split("\n", 1)[1] if "\n" in text else ""
        first_row = 2
    else:
        sep = _sniff_sep(head)
    if not text.strip():
        return pd.DataFrame(), sep != ",", first_row
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, header=None, dtype=str, keep_default_na=False,
                            skip_blank_lines=False, quoting=csv.QUOTE_MINIMAL, engine="c")
    except pd.errors.ParserError:
        # rows with more cells than the first line: read them all, none is lost
        rows = list(csv.reader(io.StringIO(text), delimiter=sep))
        width = max((len(r) for r in rows), default=0)
        frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=str)
    return frame, sep != ",", first_row


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


def _sheet_sizes(path: Path) -> dict[str, tuple[int | None, int]]:
    """Sheet name -> (rows from the sheet's <dimension>, uncompressed XML size),
    read from the package without loading any cells: a huge sheet is refused
    before it is read."""
    out: dict[str, tuple[int | None, int]] = {}
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
            out[sheet] = (rows, info.file_size)
    return out


def _xml_unescape(s: str) -> str:
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'") \
        .replace("&amp;", "&")


Found = dict[str, tuple[pd.DataFrame, str, str, bool, int]]


def _read_sources(path: Path, problems: list[P.Problem]) -> tuple[Found, dict[str, str]]:
    """Raw frames by table id: (frame, file name, sheet name, comma_decimal, the
    sheet row of frame row 0); and file hashes.  Files are only ever read."""
    lookup = table_lookup()
    found: Found = {}
    hashes: dict[str, str] = {}
    limit = _max_rows()

    def add_workbook(p: Path):
        why = _check_xlsx(p)
        if why:
            problems.append(P.make(why[0], file=p.name, detail=why[1] or "-"))
            return
        try:
            sizes = _sheet_sizes(p)
        except Exception as exc:  # a damaged package must not give a traceback
            problems.append(P.make("corrupt_xlsx", file=p.name, detail=type(exc).__name__))
            return
        wanted = []
        for sheet, (rows, size) in sizes.items():
            tid = lookup.get(norm(sheet))
            if not tid or tid in found or tid in [t for _, t in wanted]:
                continue
            if (rows is not None and rows - 1 > limit) or size > MAX_SHEET_XML_BYTES:
                problems.append(P.make("too_many_rows", file=p.name, sheet=sheet,
                                       rows=(rows - 1) if rows else f"> {size // (1 << 20)} MiB", limit=limit))
                continue
            wanted.append((sheet, tid))
        if not wanted:
            return
        try:
            sheets = pd.read_excel(p, sheet_name=[s for s, _ in wanted], header=None, dtype=object,
                                   engine=_excel_engine())
        except Exception as exc:  # a damaged workbook must not give a traceback
            problems.append(P.make("corrupt_xlsx", file=p.name, detail=type(exc).__name__))
            return
        for sheet, tid in wanted:
            frame = sheets[sheet]
            if len(frame) - 1 > limit:  # the <dimension> was missing or wrong
                problems.append(P.make("too_many_rows", file=p.name, sheet=sheet, rows=len(frame) - 1, limit=limit))
                continue
            found[tid] = (frame, p.name, str(sheet), False, 1)

    if path.is_dir():
        for p in sorted(path.iterdir()):
            if p.name.startswith((".", "~$")) or not p.is_file():
                continue
            suffix = p.suffix.lower()
            tid = lookup.get(norm(p.stem))
            if suffix in (".csv", ".txt"):
                if not tid or tid in found:
                    continue
                hashes[p.name] = _sha256(p)
                if p.stat().st_size == 0:
                    problems.append(P.make("empty_file", file=p.name))
                    continue
                n = _count_lines(p, limit + 2)
                if n - 1 > limit or p.stat().st_size > MAX_CSV_BYTES:
                    problems.append(P.make("too_many_rows", file=p.name, rows=f"> {limit}" if n > limit else n,
                                           limit=limit))
                    continue
                try:
                    frame, comma, first_row = _read_csv(p)
                except Exception as exc:
                    problems.append(P.make("unreadable", file=p.name, detail=type(exc).__name__))
                    continue
                if frame.empty:
                    problems.append(P.make("empty_file", file=p.name))
                    continue
                found[tid] = (frame, p.name, "", comma, first_row)
            elif suffix in (".xlsx", ".xlsm"):
                hashes[p.name] = _sha256(p)
                add_workbook(p)
            elif suffix in (".xls", ".ods", ".numbers") and tid:
                hashes[p.name] = _sha256(p)
                problems.append(P.make("old_xls" if suffix == ".xls" else "ods_file", file=p.name, detail="-"))
    elif path.is_file():
        hashes[path.name] = _sha256(path)
        add_workbook(path)
    else:
        problems.append(P.make("no_inputs", file=str(path), path=str(path)))
    return found, hashes
