"""batches: which inputs ``consolidate`` reads together (issue 11 item 4).

Owns the batches: the CPAS folders of CSV files put together up to ``BATCH_BYTES`` of CSV, the largest
first, so that each table of a batch is read in one scan (``read_csv.read_csv_many``); a larger CPAS and
every other input (a workbook, a JSON file, a cluster) alone; and which files of a batch's folders go into
that scan (those ``load`` will read: a table's own name, not a copy, a lock or a backup).  Nothing here
decides anything about a file: the scan is only a cache in front of ``read._read_sources``.
"""
from __future__ import annotations

import os
from pathlib import Path


def _holds_more_than_csv(folder: Path) -> bool:
    """A folder with sub-folders or workbooks (where a cluster can be); raises OSError when unreadable."""
    with os.scandir(folder) as entries:  # (an entry's kind without a stat each: asked once per CPAS)
        return any(e.is_dir() or _suffix(e.name) in (".xlsx", ".xlsm") for e in entries)


def _suffix(name: str) -> str:
    """``Path(name).suffix.lower()`` without a Path."""
    i = name.rfind(".")
    return name[i:].lower() if 0 < i < len(name) - 1 else ""


def _csv_folder(path: Path) -> bool:
    """A readable folder with neither sub-folders nor workbooks: one CPAS's CSV files, never a cluster."""
    try:
        return path.is_dir() and not _holds_more_than_csv(path)
    except OSError:
        return False


def _table_files(sources, csv_folders: bool = False) -> list[Path]:
    """The CSV files of the CPAS folders among ``sources`` that ``load`` will read (a table's own name,
    not a copy, a lock or a backup), table by table: what ``read.read_csv_many`` reads in one scan.
    ``csv_folders``: the sources are known to be such folders (a batch of ``_batches``)."""
    from .read import _folder_entry
    from .schema import table_lookup
    lookup = table_lookup()
    by_table: dict[str, list[Path]] = {}
    for source in sources:
        path = Path(source)
        if not csv_folders and not _csv_folder(path):
            continue
        try:
            entries = sorted(path.iterdir())
        except OSError:  # (gone since the batches were made: load says so)
            continue
        for c in entries:
            kind, tid, copy = _folder_entry(c, lookup)
            if kind == "table_file" and tid and not copy:
                by_table.setdefault(tid, []).append(c)
    return [f for files in by_table.values() for f in files]


BATCH_BYTES = 16 << 20  # the CSV bytes of one batch: its raw cells stay in memory until its CPAS are done


def _batches(sources: list[str]) -> list[list[int]]:
    """The inputs' indices in batches, the largest first (the pool is not left waiting on one big CPAS at
    the end): the CPAS folders of CSV files put together up to ``BATCH_BYTES``, a larger one and every
    other input (a workbook, a JSON file, a cluster) alone."""
    sizes = {i: _size(s) for i, s in enumerate(sources)}
    out: list[list[int]] = []
    current: list[int] = []
    total = 0
    for i in sorted(sizes, key=lambda i: -sizes[i]):
        if not _csv_folder(Path(sources[i])) or sizes[i] >= BATCH_BYTES:
            out.append([i])
            continue
        if current and total + sizes[i] > BATCH_BYTES:
            out.append(current)
            current, total = [], 0
        current.append(i)
        total += sizes[i]
    if current:
        out.append(current)
    return sorted(out, key=lambda b: -sum(sizes[i] for i in b))


def _size(source: str) -> int:
    p = Path(source)
    try:
        if p.is_dir():
            return sum(c.stat().st_size for c in p.iterdir() if c.is_file())
        return p.stat().st_size
    except OSError:
        return 0
