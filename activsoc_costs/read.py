"""read: the CPAS's files -> raw frames, before any parsing or validation.

Finds the tables in a folder of CSV files or in a workbook, refuses what cannot
be read (size guards, damaged or encrypted packages, malformed quoting, two
sources for one table) with its place, and hands ``load`` raw frames of cells
with the place of their first row.  Files are only ever read.

Owns: finding the files (folder or workbook, copies and backups, helper sheets),
choosing one source per table, the size guards (bytes, rows) and the refusals of what
cannot be read, with their place.  A CSV file's bytes (encoding, separator, decimal comma,
tokenizing, malformed quoting; many files of one table in one scan) are ``read_csv``; a
workbook's package (its sheets' sizes, percent formats, formulas) is ``read_xlsx``.  The
next step, cells -> typed tables, is ``parse``.
"""
from __future__ import annotations

import hashlib
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import problems as P
from .schema import norm, table_lookup
# the CSV files themselves (decoding, sniffing, tokenizing; one file, or many in one scan): read_csv
from .read_csv import (BATCH_FILE_BYTES, CsvQuoteError, _CSV_OPTIONS, _QUOTED, _check_quotes, _decode,  # noqa: F401
                       _hash_and_count_lines, _head_lines, _plain_for_batch, _prepare_csv, _read_csv,
                       _sniff_sep, read_csv_many)
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


def _folder_entry(p: Path, lookup: dict) -> tuple[str, str | None, bool]:
    """What an entry of a CPAS folder is to the loader: its kind ("skip": not a file, or hidden; "lock";
    "backup"; "table_file": CSV or text; "workbook"; "other"), the table its name says and whether that
    name is a copy's (``_table_of``).  ``_read_sources`` and ``consolidate``'s batches both ask here."""
    if not p.is_file() or (p.name.startswith(".") and not p.name.startswith(".~lock.")):
        return "skip", None, False
    if p.name.startswith(_LOCK):
        return "lock", None, False
    if p.name.lower().endswith(_BACKUP_SUFFIXES):
        return "backup", None, False
    tid, copy = _table_of(p.stem, lookup)
    suffix = p.suffix.lower()
    kind = "table_file" if suffix in TABLE_FILE_SUFFIXES else "workbook" if suffix in WORKBOOK_SUFFIXES else "other"
    return kind, tid, copy


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
                  files: set | None = None, pre: dict | None = None) -> tuple[Found, dict[str, str]]:
    """Raw frames by table id: (frame, file name, sheet name, comma_decimal, the
    sheet row of frame row 0); and file hashes.  Files are only ever read.

    Every file and sheet is accounted for: a table found twice (``personnel.csv``
    beside ``personeel.csv``, a CSV beside a workbook, a hidden old sheet) is refused
    naming both (its id goes to ``refused``); a copy's name alone is refused; lock and
    backup files and unknown sheets are ignored with a warning saying so.

    A cluster (issue 11) reads its top folder's convention alone: ``files`` limits a
    folder to those files, ``want`` limits the tables read to those ids.

    ``pre``: CSV files already read by ``read_csv_many`` (``consolidate``: each table of many CPAS in one
    scan), taken from there instead of reading the file again."""
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
            kind, tid, copy = _folder_entry(p, lookup)
            if kind == "skip" or (files is not None and p not in files):
                continue
            if kind == "lock":
                ignored(p.name, "fichier de verrouillage d'un classeur ouvert", "vergrendelbestand van een geopende werkmap")
                continue
            if kind == "backup":
                ignored(p.name, "copie de sauvegarde", "reservekopie")
                continue
            suffix = p.suffix.lower()
            if kind == "table_file":
                if not tid:
                    ignored(p.name, "aucune table ne porte ce nom", "geen tabel heeft deze naam")
                    continue
                sources.setdefault(tid, []).append(_Source(tid, p, "", copy))
            elif kind == "workbook":
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
        done = pre.pop(p, None) if pre else None
        if done is not None:
            hashes[p.name], n, read = done
        else:
            hashes[p.name], n = _hash_and_count_lines(p)  # (counted to the end: the file is hashed whole anyway)
            read = None
        size = p.stat().st_size
        if size == 0:
            problems.append(P.make("empty_file", file=p.name))
            continue
        if n - 1 > limit or size > MAX_CSV_BYTES:
            problems.append(P.make("too_many_rows", file=p.name, rows=f"> {limit}" if n > limit else n, limit=limit))
            continue
        try:
            frame, comma, first_row = read if read is not None else _read_csv(p)
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
