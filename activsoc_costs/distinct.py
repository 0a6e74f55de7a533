"""distinct: a raw column -> each cell's code and the column's distinct values, as ``pd.factorize`` gives them.

Owns how ``parse`` (and ``validate`` and ``personal``, for their columns of objects) factorises a column once, so that blanks,
parsing and personal-data scans are decided per distinct value, not per cell: 1, 1.0, True and '1' kept apart
(a workbook cell's type matters to the parsers); a long CSV column hashed by its cells' objects first; a short
column of texts by a dict.  For a short file of a scan of many (``read_csv.read_csv_many``), the scan's columns
are factorised once for all its files (``_file_in_group``) and each file's codes are only numbered again.  Decides
nothing about a value: that is ``cells`` and ``parse``.
"""
from __future__ import annotations

import ctypes

import numpy as np
import pandas as pd

from .cells import _is_blank


def _factorize(arr: np.ndarray, text_only: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each cell's code (-1: missing), the distinct raw values, exactly: 1, 1.0,
    True and '1' stay apart (a workbook cell's type matters to the parsers), and
    the raw cells.  ``text_only``: the cells are all text (or missing)."""
    codes, uniq = _factorize_values(arr)
    uniq = np.asarray(uniq, dtype=object)
    if text_only or len(uniq) == 0:
        return codes, uniq, arr
    tcodes, tuniq = pd.factorize(np.fromiter((type(v) for v in arr), dtype=object, count=len(arr)))
    if len(tuniq) == 1:
        return codes, uniq, arr
    both = np.where(codes < 0, -1, codes.astype(np.int64) * len(tuniq) + tcodes)
    values, first, inverse = np.unique(both, return_index=True, return_inverse=True)
    start = 1 if len(values) and values[0] == -1 else 0
    codes = inverse.astype(np.int64) - start
    return codes, arr[first[start:]], arr


def _column_of_group(group, i: int) -> tuple:
    """Column ``i`` of a scan factorised once: (codes, distinct values, blank per distinct value)."""
    got = group.cache.get(i)
    if got is None:
        codes, uniq = _factorize_values(group.columns[i])
        uniq = np.asarray(uniq, dtype=object)
        got = group.cache[i] = (codes, uniq, _blank_values(uniq))
    return got


def _file_in_group(group, lo: int, hi: int) -> list[tuple]:
    """For each column of a scanned file (its cells ``lo:hi`` of the scan's columns): ``_factorize`` of its cells
    (codes, distinct values), ``_blank_values`` of those values, their places among the scan's column's distinct
    values (``order``) and the blank cells (a missing cell is blank).  The scan's columns are factorised once
    for all its files, as one space of codes (each column's after the previous columns' distinct values); a
    file's codes are only numbered again, in order of first appearance as pandas numbers them, all its columns
    at once: a dozen array operations a file, no cell hashed a second time."""
    whole = group.cache.get("whole")
    if whole is None:
        per = [_column_of_group(group, i) for i in range(len(group.columns))]
        offsets = np.concatenate(([0], np.cumsum([len(u) for _c, u, _b in per]))).astype(np.intp)
        shifted = np.stack([np.where(c < 0, -1, c + off) for (c, _u, _b), off in zip(per, offsets)])
        whole = group.cache["whole"] = (shifted, offsets, np.concatenate([u for _c, u, _b in per]),
                                        np.concatenate([b for _c, _u, b in per]),
                                        np.empty(int(offsets[-1]), dtype=np.intp))
    shifted, offsets, uniq, blank, scratch = whole
    cells = shifted[:, lo:hi]
    flat = cells.ravel()  # column after column: a column's first appearances all come before the next one's
    present = np.flatnonzero(flat >= 0) if flat.size and flat.min() < 0 else None  # (-1: a cell of a short row)
    cc = flat if present is None else flat[present]
    at = np.arange(len(cc))
    scratch[cc] = len(cc)
    np.minimum.at(scratch, cc, at)  # each value's first cell among these
    order = cc[scratch[cc] == at]  # the values of these cells, in order of first appearance
    scratch[order] = np.arange(len(order))
    bounds = np.searchsorted(np.searchsorted(offsets, order, side="right") - 1, np.arange(len(offsets)))
    codes = scratch[cells] - bounds[:-1, None]
    rows_blank = blank[cells]
    if present is not None:
        gone = cells < 0
        codes[gone], rows_blank[gone] = -1, True
    return [(codes[i], uniq[order[a:b]], blank[order[a:b]], order[a:b] - offsets[i], rows_blank[i])
            for i, (a, b) in enumerate(zip(bounds[:-1].tolist(), bounds[1:].tolist()))]


BY_OBJECT_FROM = 2000  # cells: a longer column is factorised by its objects first
SMALL_BELOW = 100  # cells: a shorter column of texts is factorised by a dict (pd.factorize costs ~12 us a call)


def _factorize_texts(arr) -> tuple[np.ndarray, np.ndarray] | None:
    """``pd.factorize(arr)`` of a short column of ``str`` and blanks (None, NA, NaN: -1) by a dict; else None."""
    index: dict[str, int] = {}  # each text's code, in order of first appearance (its first object kept)
    codes = []
    for v in arr:
        if type(v) is str:
            codes.append(index.setdefault(v, len(index)))
        elif v is None or v is pd.NA or (type(v) is float and v != v):
            codes.append(-1)
        else:
            return None
    return np.array(codes, dtype=np.intp), np.array(list(index), dtype=object)


def _factorize_values(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(arr)``.  A long column is factorised first by each cell's object
    (pandas' CSV reader makes one object of a text repeated nearby: hashing its address
    is ~4x faster than hashing the text), then its few distinct objects by value."""
    if len(arr) < SMALL_BELOW and arr.dtype == object:
        found = _factorize_texts(arr)
        if found is not None:
            return found
    if len(arr) < BY_OBJECT_FROM or arr.dtype != object or not arr.flags.c_contiguous:
        return pd.factorize(arr)
    address = np.frombuffer(ctypes.string_at(arr.ctypes.data, arr.nbytes), dtype=np.intp)
    by_object, _ = pd.factorize(address)
    # an object's first cell is where the running highest code rises (codes come in order of first cells)
    first = np.flatnonzero(np.diff(np.maximum.accumulate(by_object), prepend=-1))
    codes, uniq = pd.factorize(arr[first])
    return codes[by_object], uniq


def _blank_values(uniq: np.ndarray) -> np.ndarray:
    try:  # a CSV column: all text, the cheap test
        return np.fromiter((not u.strip() for u in uniq), dtype=bool, count=len(uniq))
    except (AttributeError, TypeError):  # a workbook's numbers, dates, None
        return np.fromiter((_is_blank(u) for u in uniq), dtype=bool, count=len(uniq))
