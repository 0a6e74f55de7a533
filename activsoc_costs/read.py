"""read: the CPAS's files -> raw frames, before any parsing or validation.

Finds the tables in a folder of CSV files or in a workbook, refuses what cannot
be read (size guards, damaged or encrypted packages, malformed quoting, two
sources for one table) with its place, and hands ``load`` raw frames of cells
with the place of their first row.  Files are only ever read.

Owns: finding the files (folder or workbook, copies and backups, helper sheets),
sniffing CSV files (encoding, separator, decimal comma), the size guards (bytes, rows)
and malformed quoting.  A workbook's package (its sheets' sizes, percent formats,
formulas) is ``read_xlsx``.  The next step, cells -> typed tables, is ``parse``.
"""
from __future__ import annotations

import csv
import hashlib
import io
import itertools
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import problems as P
from .schema import norm, table_lookup
# a workbook's package (size guard from <dimension>, percent formats, formulas): read_xlsx
from .read_xlsx import (PercentCell, _cell_marks, _check_xlsx, _col_index, _excel_engine,  # noqa: F401
                        _mark_cells, _percent_styles, _sheet_sizes, _xml_unescape)

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


def _decode(data: bytes) -> tuple[str, bytes | None]:
    """The text, and the bytes it was decoded from when they are plain UTF-8 (BOM
    left out): pandas reads those directly, faster than the text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" export
        return data.decode("utf-16", errors="replace"), None
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        return body.decode("utf-8"), body
    except UnicodeDecodeError:
        if body is not data:
            return body.decode("utf-8", errors="replace"), None
        return data.decode("cp1252", errors="replace"), None


def _hash_and_count_lines(path: Path) -> tuple[str, int]:
    """``_sha256`` and the lines of a file in one reading, by chunks."""
    h, n = hashlib.sha256(), 0
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 22), b""):
            h.update(chunk)
            n += chunk.count(b"\n")
    return h.hexdigest(), n


_QUOTED = re.compile(r'"[^"]*"')


def _head_lines(text: str, short: int = 4096) -> list[str]:
    """The lines the sniffing reads (the first, the first 20 not blank) as
    ``text[:65536].splitlines()`` gives them; from a shorter head when it holds them
    whole (its last line may be cut)."""
    if len(text) > short:
        lines = text[:short].splitlines()[:-1]
        if sum(1 for ln in lines if ln.strip()) >= 20:
            return lines
    return text[:65536].splitlines()


def _sniff_sep(lines: list[str]) -> str:
    """The separator: the candidate found the same number of times (> 0) on most
    of the first lines, quotes ignored; ';' wins ties (Belgian Excel)."""
    best, best_score = ";", -1
    sample = [_QUOTED.sub("", ln) for ln in itertools.islice((ln for ln in lines if ln.strip()), 20)]
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
    text, utf8 = _decode(path.read_bytes())
    first_row = 1
    head = _head_lines(text)
    if head and head[0].strip().lower().startswith("sep=") and len(head[0].strip()) == 5:
        sep = head[0].strip()[4]  # Excel's "sep=;" first line
        text = text.split("\n", 1)[1] if "\n" in text else ""
        if utf8 is not None:
            utf8 = utf8.split(b"\n", 1)[1] if b"\n" in utf8 else b""
        first_row = 2
    else:
        sep = _sniff_sep(head)
    if not text.strip():
        return pd.DataFrame(), sep != ",", first_row
    try:  # the same bytes reach pandas' tokenizer either way
        source = io.BytesIO(utf8) if utf8 is not None else io.StringIO(text)
        frame = pd.read_csv(source, sep=sep, header=None, dtype=str, keep_default_na=False, encoding="utf-8",
                            skip_blank_lines=False, quoting=csv.QUOTE_MINIMAL, engine="c")
    except pd.errors.ParserError:
        # rows with more cells than the first line: read them all, none is lost
        rows = list(csv.reader(io.StringIO(text), delimiter=sep))
        width = max((len(r) for r in rows), default=0)
        frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=str)
    if '"' in text:  # no quote at all: nothing can have swallowed a row nor spans two lines
        _check_quotes(frame, sep, first_row)
        breaks = np.zeros(len(frame), dtype=np.int64)
        for j in range(frame.shape[1]):
            col = frame.iloc[:, j]
            if col.str.contains("\n", regex=False, na=False).any():
                breaks += col.str.count("\n").fillna(0).to_numpy(dtype=np.int64)
        if breaks.any():  # a note typed on two lines: the rows below it start one line further down
            frame.attrs["lines"] = first_row + np.arange(len(frame)) + np.concatenate(([0], np.cumsum(breaks)[:-1]))
    return frame, sep != ",", first_row


class CsvQuoteError(ValueError):
    """A quote opened and not closed where it should be: following rows swallowed."""

    def __init__(self, row: int, text: str, lines: int, column: str = ""):
        super().__init__(f"row {row}")
        self.row, self.text, self.lines, self.column = row, text, lines, column


def _check_quotes(frame: pd.DataFrame, sep: str, first_row: int) -> None:
    """A cell holding a line break followed by whole rows (as many separators as
    the header) is a quote left open that swallowed them: refused, naming the row
    where the quote opens.  A note typed on two lines in one cell is not."""
    width = frame.shape[1]
    if width < 2 or frame.empty:
        return
    for j in range(width):
        col = frame.iloc[:, j]
        has_nl = col.str.contains("\n", regex=False, na=False).to_numpy()
        if not has_nl.any():
            continue
        for i in has_nl.nonzero()[0]:
            text = col.iat[i]
            swallowed = [ln for ln in text.split("\n")[1:] if ln.count(sep) >= width - 1]
            if swallowed:
                before = frame.iloc[:i].apply(lambda c: c.str.count("\n")).to_numpy().sum() if i else 0
                shown = text.split("\n")[0].strip()[:40]
                head = frame.iat[0, j] if i else ""  # the header (row 0), as far as the frame knows
                raise CsvQuoteError(first_row + int(i) + int(before), shown, len(swallowed), str(head).strip())


# ---- which file or sheet holds which table

# copies and old versions Windows, Excel and officers make: never silently used, never silently ignored
_COPY = re.compile(r"^(?:copie de |kopie van |copy of |copie |kopie )+|"
                   r"(?:\s*\((?:\d+|copie|kopie|copy)\)|\s*-\s*(?:copie|kopie|copy)(?:\s*\(\d+\))?|[\s_-]+(?:old|oud|ancien|bak|backup|"
                   r"copie|kopie|copy|v\d+|\d{4}-\d{2}-\d{2}|\d{8}))+$", re.I)
_LOCK = ("~$", ".~lock.")
_BACKUP_SUFFIXES = (".bak", ".tmp", ".old", ".orig", ".swp", "~")
_HELPER_SHEETS = {"listes", "lijsten", "lists"}  # the template's drop-down lists
# the justification workbook's summary and checks sheets (labels.py: xl_sheet_summary, xl_sheet_checks)
_OUTPUT_SUMMARY = {"synthese", "samenvatting", "summary"}
_OUTPUT_CHECKS = {"controles", "checks"}
TABLE_FILE_SUFFIXES = (".csv", ".txt")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def _table_of(name: str, lookup: dict) -> tuple[str | None, bool]:
    """(table id, is a copy) for a file stem or sheet name: "personnel" -> (staff,
    False), "Kopie van personeel" / "personnel (2)" / "personnel_old" -> (staff, True)."""
    tid = lookup.get(norm(name))
    if tid:
        return tid, False
    base = _COPY.sub("", name.strip()).strip()
    if base and base != name.strip():
        tid = lookup.get(norm(base))
        if tid:
            return tid, True
    return None, False


@dataclass
class _Source:
    tid: str
    file: Path
    sheet: str = ""        # "" for a CSV file
    copy: bool = False
    hidden: bool = False
    rows: int | None = None
    size: int = 0
    member: str = ""

    def label(self) -> str:
        return f"{self.file.name} [{self.sheet}]" if self.sheet else self.file.name


Found = dict[str, tuple[pd.DataFrame, str, str, bool, int]]


def _workbook_sheets(p: Path) -> tuple[dict, set, bool]:
    """(sheet sizes, hidden sheet names, the workbook asks to be recomputed on opening)."""
    sizes = _sheet_sizes(p)
    with zipfile.ZipFile(p) as z:
        wb = z.read("xl/workbook.xml")
    hidden = set()
    for m in re.finditer(rb'<(?:\w+:)?sheet\b[^>]*>', wb):
        name = re.search(rb'name="([^"]*)"', m.group(0))
        if name and re.search(rb'state="(?:hidden|veryHidden)"', m.group(0)):
            hidden.add(_xml_unescape(name.group(1).decode("utf-8", errors="replace")))
    full_calc = re.search(rb'fullCalcOnLoad="(?:1|true)"', wb) is not None
    return sizes, hidden, full_calc


def _read_sources(path: Path, problems: list[P.Problem], warnings: list[P.Problem] | None = None,
                  refused: set | None = None, want: set | None = None,
                  files: set | None = None) -> tuple[Found, dict[str, str]]:
    """Raw frames by table id: (frame, file name, sheet name, comma_decimal, the
    sheet row of frame row 0); and file hashes.  Files are only ever read.

    Every file and sheet is accounted for: a table found twice (``personnel.csv``
    beside ``personeel.csv``, a CSV beside a workbook, a hidden old sheet) is refused
    naming both (its id goes to ``refused``); a copy's name alone is refused; lock and
    backup files and unknown sheets are ignored with a warning saying so.

    A cluster (issue 11) reads its top folder's convention alone: ``files`` limits a
    folder to those files, ``want`` limits the tables read to those ids."""
    warnings = warnings if warnings is not None else []
    refused = refused if refused is not None else set()
    lookup = table_lookup()
    found: Found = {}
    hashes: dict[str, str] = {}
    limit = _max_rows()
    sources: dict[str, list[_Source]] = {}
    books: dict[Path, tuple[set, bool]] = {}  # workbook -> (hidden sheets, full_calc)

    def ignored(name: str, why_fr: str, why_nl: str, file: str = "", sheet: str = ""):
        warnings.append(P.make("w_ignored_file", file=file or name, sheet=sheet, value=name, why_fr=why_fr, why_nl=why_nl))

    def scan_workbook(p: Path, in_folder: bool):
        why = _check_xlsx(p)
        if why:
            problems.append(P.make(why[0], file=p.name, detail=why[1] or "-"))
            return
        try:
            sizes, hidden, full_calc = _workbook_sheets(p)
        except Exception as exc:  # a damaged package must not give a traceback
            problems.append(P.make("corrupt_xlsx", file=p.name, detail=type(exc).__name__))
            return
        names = {norm(n) for n in sizes}
        if names & _OUTPUT_SUMMARY and names & _OUTPUT_CHECKS:  # a justification workbook this program wrote
            ignored(p.name, "classeur de justification écrit par ce programme (un résultat, pas une donnée) : "
                            "rangez-le hors du dossier des données",
                    "verantwoordingswerkmap geschreven door dit programma (een resultaat, geen gegeven): "
                    "zet ze buiten de map met de gegevens")
            return
        books[p] = (hidden, full_calc)
        stem_tid, stem_copy = _table_of(p.stem, lookup) if in_folder else (None, False)
        visible = [n for n in sizes if n not in hidden]
        for sheet, (rows, size, member) in sizes.items():
            tid, copy = _table_of(sheet, lookup)
            if not tid and stem_tid and len(visible) == 1 and sheet == visible[0]:
                tid, copy = stem_tid, stem_copy  # personnel.xlsx holding one sheet "Feuil1"
            if not tid:
                if norm(sheet) not in _HELPER_SHEETS:
                    ignored(sheet, "aucune table ne porte ce nom", "geen tabel heeft deze naam", file=p.name, sheet=sheet)
                continue
            sources.setdefault(tid, []).append(_Source(tid, p, str(sheet), copy, sheet in hidden, rows, size, member))

    if path.is_dir():
        for p in sorted(path.iterdir()):
            if not p.is_file() or (p.name.startswith(".") and not p.name.startswith(".~lock.")):
                continue
            if files is not None and p not in files:
                continue
            low = p.name.lower()
            if p.name.startswith(_LOCK):
                ignored(p.name, "fichier de verrouillage d'un classeur ouvert", "vergrendelbestand van een geopende werkmap")
                continue
            if low.endswith(_BACKUP_SUFFIXES):
                ignored(p.name, "copie de sauvegarde", "reservekopie")
                continue
            suffix = p.suffix.lower()
            tid, copy = _table_of(p.stem, lookup)
            if suffix in TABLE_FILE_SUFFIXES:
                if not tid:
                    ignored(p.name, "aucune table ne porte ce nom", "geen tabel heeft deze naam")
                    continue
                sources.setdefault(tid, []).append(_Source(tid, p, "", copy))
            elif suffix in WORKBOOK_SUFFIXES:
                scan_workbook(p, True)
            elif suffix in (".xls", ".ods", ".numbers") and tid:
                hashes[p.name] = _sha256(p)
                problems.append(P.make("old_xls" if suffix == ".xls" else "ods_file", file=p.name, detail="-"))
    elif path.is_file():
        if path.suffix.lower() in TABLE_FILE_SUFFIXES:
            problems.append(P.make("single_csv", file=path.name, value=path.name,
                                   folder=str(path.parent) or "."))
            return found, hashes
        scan_workbook(path, False)
    else:
        problems.append(P.make("no_inputs", file=str(path), path=str(path)))
        return found, hashes

    if want is not None:
        sources = {tid: c for tid, c in sources.items() if tid in want}
    # one source per table, or a refusal naming them all
    chosen: list[_Source] = []
    for tid, cands in sources.items():
        if len(cands) > 1:  # an empty copy of the template lying beside the files holds no data: said, not counted
            empty = [c for c in cands if c.sheet and c.rows is not None and c.rows <= 1]
            if empty and len(empty) < len(cands):
                for c in empty:
                    ignored(c.sheet, "feuille vide (en-têtes seulement) ; la table est lue ailleurs",
                            "leeg blad (enkel kolomkoppen); de tabel wordt elders gelezen", file=c.file.name, sheet=c.sheet)
                cands = [c for c in cands if c not in empty]
        if len(cands) > 1:
            names = [c.label() + (" (masquée / verborgen)" if c.hidden else "") for c in cands]
            first = cands[0]
            problems.append(P.make("two_sources", file=first.file.name, sheet=first.sheet, value=" ; ".join(names),
                                   table=_table_name(tid), sources=", ".join(f"« {n} »" for n in names)))
            refused.add(tid)
        elif cands[0].copy:
            c = cands[0]
            problems.append(P.make("copy_name", file=c.file.name, sheet=c.sheet, value=c.sheet or c.file.name,
                                   table=_table_name(tid), what_fr="la feuille" if c.sheet else "le fichier",
                                   what_nl="het blad" if c.sheet else "het bestand"))
            refused.add(tid)
        else:
            chosen.append(cands[0])
            if cands[0].hidden:  # used, but the officer may not know the sheet is there
                warnings.append(P.make("w_hidden_sheet", file=cands[0].file.name, sheet=cands[0].sheet,
                                       value=cands[0].sheet, table=_table_name(tid)))

    by_book: dict[Path, list[_Source]] = {}
    for src in chosen:
        if src.sheet:
            by_book.setdefault(src.file, []).append(src)
            continue
        p = src.file
        hashes[p.name], n = _hash_and_count_lines(p)  # (counted to the end: the file is hashed whole anyway)
        size = p.stat().st_size
        if size == 0:
            problems.append(P.make("empty_file", file=p.name))
            continue
        if n - 1 > limit or size > MAX_CSV_BYTES:
            problems.append(P.make("too_many_rows", file=p.name, rows=f"> {limit}" if n > limit else n, limit=limit))
            continue
        try:
            frame, comma, first_row = _read_csv(p)
        except CsvQuoteError as e:
            problems.append(P.make("csv_quote", file=p.name, row=e.row, column=e.column, value=e.text, lines=e.lines))
            refused.add(src.tid)  # refused, not "missing" as well
            continue
        except Exception as exc:
            problems.append(P.make("unreadable", file=p.name, detail=type(exc).__name__))
            continue
        if frame.empty:
            problems.append(P.make("empty_file", file=p.name))
            continue
        found[src.tid] = (frame, p.name, "", comma, first_row)
    for p in books:
        hashes[p.name] = _sha256(p)
    for p, srcs in by_book.items():
        wanted = []
        for src in srcs:
            if (src.rows is not None and src.rows - 1 > limit) or src.size > MAX_SHEET_XML_BYTES:
                problems.append(P.make("too_many_rows", file=p.name, sheet=src.sheet,
                                       rows=(src.rows - 1) if src.rows else f"> {src.size // (1 << 20)} MiB",
                                       limit=limit))
                continue
            wanted.append(src)
        if not wanted:
            continue
        try:
            sheets = pd.read_excel(p, sheet_name=[s.sheet for s in wanted], header=None, dtype=object,
                                   engine=_excel_engine())
        except Exception as exc:  # a damaged workbook must not give a traceback
            problems.append(P.make("corrupt_xlsx", file=p.name, detail=type(exc).__name__))
            continue
        hidden, full_calc = books[p]
        try:
            with zipfile.ZipFile(p) as z:
                pct_styles = _percent_styles(z)
                marks = {s.sheet: _cell_marks(z, s.member, pct_styles, full_calc) for s in wanted}
        except Exception as exc:
            problems.append(P.make("corrupt_xlsx", file=p.name, detail=type(exc).__name__))
            continue
        for src in wanted:
            frame = sheets[src.sheet]
            if len(frame) - 1 > limit:  # the <dimension> was missing or wrong
                problems.append(P.make("too_many_rows", file=p.name, sheet=src.sheet, rows=len(frame) - 1, limit=limit))
                continue
            _mark_cells(frame, *marks[src.sheet])
            found[src.tid] = (frame, p.name, src.sheet, False, 1)
    return found, hashes


def _table_name(tid: str) -> str:
    from .schema import TABLE_BY_ID
    t = TABLE_BY_ID[tid]
    return f"{t.fr} / {t.nl}"
