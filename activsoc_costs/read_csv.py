"""read_csv: one CSV file -> a raw frame of text cells; or the same table of many CPAS in one scan.

Owns how a CSV file is decoded (UTF-8 with or without BOM, cp1252, Excel's "Unicode text" UTF-16),
its separator sniffed (or taken from Excel's ``sep=;`` first line), its cells tokenized by pandas'
C reader as text (``_CSV_OPTIONS``, the one place of those options), a ragged row kept whole, and a
quote left open refused with the row where it opens (``CsvQuoteError``).

``read_csv_many`` (issue 11 item 4, ``consolidate``) reads many files of one table at once: the files
whose rows cannot reach the tokenizer differently alone and together are put end to end and tokenized
by one ``pd.read_csv``, then cut back into each file's cells (``RawCells``): the same cells as in the
frame ``_read_csv`` gives that file alone (tested on awkward files).  Any other file is left to
``_read_csv``.  Which file holds which table, the size guards and every refusal stay with ``read``.
"""
from __future__ import annotations

import csv
import hashlib
import io
import itertools
import re
from pathlib import Path

import numpy as np
import pandas as pd


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


def _count_lf(data: bytes) -> int:
    """``data.count(b"\\n")``, by numpy: about four times faster on a long file (a byte at a time)."""
    return int(np.count_nonzero(np.frombuffer(data, dtype=np.uint8) == 10)) if data else 0


def _hash_and_count_lines(path: Path) -> tuple[str, int]:
    """``_sha256`` and the lines of a file in one reading, by chunks."""
    h, n = hashlib.sha256(), 0
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 22), b""):
            h.update(chunk)
            n += _count_lf(chunk)
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


# how every CSV file is tokenized (one file at a time, or many files of one table in one scan)
_CSV_OPTIONS = dict(header=None, dtype=str, keep_default_na=False, encoding="utf-8", skip_blank_lines=False,
                    quoting=csv.QUOTE_MINIMAL, engine="c")


def _prepare_csv(data: bytes) -> tuple[str, bytes | None, str, int]:
    """A CSV file's bytes -> (text, its UTF-8 bytes or None, separator, the row of the first line),
    Excel's ``sep=;`` first line taken out."""
    text, utf8 = _decode(data)
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
    return text, utf8, sep, first_row


def _read_csv(path: Path) -> tuple[pd.DataFrame, bool, int]:
    """A CSV file as strings, header in row 0; returns (frame, comma_decimal, first_row)."""
    text, utf8, sep, first_row = _prepare_csv(path.read_bytes())
    if not text.strip():
        return pd.DataFrame(), sep != ",", first_row
    try:  # the same bytes reach pandas' tokenizer either way
        source = io.BytesIO(utf8) if utf8 is not None else io.StringIO(text)
        frame = pd.read_csv(source, sep=sep, **_CSV_OPTIONS)
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


# ---- many CSV files of one table in one scan (issue 11 item 4: consolidate)

BATCH_FILE_BYTES = 8 << 20  # a larger file is read on its own: one scan would save nothing on it


def _plain_for_batch(body: bytes) -> bool:
    """Bytes whose rows the tokenizer reads the same inside a longer stream as alone: no quote (nothing
    spans two lines), no lone carriage return or NUL, a first line that is not empty and does not start
    with a byte-order mark (pandas takes one out at the start of what it reads, not further on)."""
    return (b'"' not in body and b"\x00" not in body and not body.startswith((b"\n", b"\r\n", b"\xef\xbb\xbf"))
            and not _lone_cr(body))


def _lone_cr(body: bytes) -> bool:
    """A carriage return not followed by a line feed (an old Mac line end, a CR in a cell): more CRs
    than CR LF pairs (each pair holds one CR; two pairs cannot overlap).  A file without any CR is told
    by one search; a Windows file (CR LF line ends: every file of an Excel export) is counted by numpy,
    the pairs as 16-bit words at even and at odd offsets (``bytes.count`` of both took ~1 s over the
    national set's 626 MB, numpy about a quarter of that)."""
    if b"\r" not in body:
        return False
    crs = np.count_nonzero(np.frombuffer(body, dtype=np.uint8) == 13)
    even = np.frombuffer(body, dtype="<u2", count=len(body) // 2)
    odd = np.frombuffer(body, dtype="<u2", count=(len(body) - 1) // 2, offset=1)
    return bool(crs > np.count_nonzero(even == 0x0A0D) + np.count_nonzero(odd == 0x0A0D))


_WIDE_ROW = re.compile(r"Expected \d+ fields in line (\d+), saw")


def _scan(files: list, sep: str, width: int, retries: int = 8) -> pd.DataFrame | None:
    """One ``pd.read_csv`` of the files' bytes put end to end: their rows, ``width`` cells each, or None.
    A row wider than its file's first line (the tokenizer names its line) leaves that file to be read
    alone (``_read_csv`` keeps every cell of it) and the others are scanned again."""
    for _ in range(retries):
        if not files:
            return None
        try:
            big = pd.read_csv(io.BytesIO(b"".join(f[1] for f in files)), sep=sep, **_CSV_OPTIONS)
        except pd.errors.ParserError as exc:
            m = _WIDE_ROW.search(str(exc))
            if not m:
                return None
            line, end = int(m.group(1)), 0
            for k, f in enumerate(files):
                end += f[2]
                if line <= end:
                    files.pop(k)  # (the caller's list: the files cut back are those left in it)
                    break
            else:
                return None
            continue
        except (pd.errors.EmptyDataError, ValueError):
            return None
        return big if big.shape == (sum(f[2] for f in files), width) else None
    return None


def read_csv_many(paths) -> dict[Path, tuple[str, int, tuple | None]]:
    """Many CSV files (the same table of many CPAS) -> for each file: (sha256, lines, ``_read_csv``'s
    result or None).  The files whose rows cannot reach the tokenizer differently alone and together
    (``_plain_for_batch``), grouped by separator and by the number of cells of their first line, are
    tokenized by one ``pd.read_csv`` (``_CSV_OPTIONS``, as ``_read_csv``) and cut back into each
    file's cells (``RawCells``, which ``parse`` reads as the frame ``_read_csv`` gives).  None: the file is read by ``_read_csv`` when ``_read_sources`` reaches it (quotes,
    another encoding's oddities, a large file, a group whose scan refused a row).  Only a cache: every
    decision about a file (size, rows, copies, two sources) stays with ``_read_sources``."""
    out: dict[Path, tuple[str, int, tuple | None]] = {}
    groups: dict[tuple[str, int], list] = {}
    for p in paths:
        p = Path(p)
        try:
            data = p.read_bytes()
        except OSError:
            continue  # _read_sources says why, with its place
        lines = _count_lf(data)
        out[p] = (hashlib.sha256(data).hexdigest(), lines, None)
        if not data or len(data) > BATCH_FILE_BYTES:
            continue
        text, utf8, sep, first_row = _prepare_csv(data)
        body = utf8 if utf8 is not None else text.encode("utf-8")
        if not text or text.isspace() or not _plain_for_batch(body):  # blank: _read_csv's empty frame
            continue
        end = body.find(b"\n")
        width = body.count(sep.encode("utf-8"), 0, end if end >= 0 else len(body)) + 1  # the first line's cells
        if utf8 is None:
            lines = _count_lf(body)
        elif first_row == 2:
            lines -= 1  # the "sep=;" line taken out
        rows = lines + (0 if body.endswith(b"\n") else 1)
        groups.setdefault((sep, width), []).append((p, body if body.endswith(b"\n") else body + b"\n",
                                                    rows, first_row))
    for (sep, width), files in groups.items():
        big = _scan(files, sep, width)
        if big is None:
            continue
        cols, text_only = _raw_columns(big)  # each column's cells taken once for the whole scan
        starts = np.concatenate(([0], np.cumsum([f[2] for f in files]))).tolist()
        # the short files' cells, end to end: parse factorises them once for all (``distinct._file_in_group``)
        short = [k for k, f in enumerate(files) if f[2] <= GROUP_BELOW]
        group = ScanGroup([np.concatenate([c[starts[k]:starts[k + 1]] for k in short]) for c in cols]) \
            if len(short) > 1 else None
        at = dict(zip(short, np.concatenate(([0], np.cumsum([files[k][2] for k in short]))).tolist())) \
            if group is not None else {}
        for k, (p, _body, rows, first_row) in enumerate(files):
            cells = RawCells([c[starts[k]:starts[k] + rows] for c in cols], text_only,
                             group if k in at else None, at.get(k, 0))
            out[p] = out[p][:2] + ((cells, sep != ",", first_row),)
    return out


class RawCells:
    """One file's raw cells cut from a scan of many: its columns as the arrays of objects
    ``_raw_columns`` takes from a frame (views of the scan's), without a frame per file (a pandas
    slice and index cost ~0.1 ms a table: a fixed cost per CPAS, issue 11).  ``parse`` reads it as it
    reads a raw frame; ``read`` asks only whether it is ``empty``."""

    __slots__ = ("columns", "text_only", "attrs", "group", "start")

    def __init__(self, columns: list[np.ndarray], text_only: list[bool], group: "ScanGroup | None" = None,
                 start: int = 0):
        self.columns, self.text_only, self.attrs = columns, text_only, {}
        self.group, self.start = group, start  # the scan's columns, and where this file's first row is in them

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.columns[0]) if self.columns else 0, len(self.columns))

    @property
    def empty(self) -> bool:
        return 0 in self.shape


GROUP_BELOW = 2000  # rows: a shorter file of a scan is factorised with the other short ones (a column's fixed
#                     cost shared); a longer one alone (hashing its cells costs less than numbering them again)


class ScanGroup:
    """The columns of the short files of one scan, end to end, and what ``parse`` works out once for all of them
    (``cache``: each column's codes and distinct values), so that each file's share costs no second
    pass over its cells."""

    __slots__ = ("columns", "cache")

    def __init__(self, columns: list[np.ndarray]):
        self.columns, self.cache = columns, {}


def _raw_columns(raw) -> tuple[list[np.ndarray], list[bool]]:
    """Each raw column's cells as an array of objects (``Series.to_numpy(dtype=object)``),
    taken once: pandas costs more per access than a small table's parsing; and whether
    it is all text (pandas' string dtype: a CSV column), whose cells need no type told apart.
    ``RawCells`` (a file of a scan) has them already."""
    if isinstance(raw, RawCells):
        return list(raw.columns), list(raw.text_only)
    iter_arrays = getattr(raw, "_iter_column_arrays", None)  # pandas' own arrays, without a Series each
    arrays = list(iter_arrays()) if iter_arrays is not None else [s.array for _, s in raw.items()]
    cols = [np.asarray(a, dtype=object) if isinstance(a, np.ndarray) else a.to_numpy(dtype=object) for a in arrays]
    return cols, [isinstance(a.dtype, pd.StringDtype) for a in arrays]


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
