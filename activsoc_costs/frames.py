"""frames: one column of a frame as an array, without pandas' cost per access.

``frame[name].to_numpy()`` (or ``.tolist()``) makes a Series for each access (about 12 µs, 30 µs
for a date or Int64 column); a CPAS's checks and allocation take a few hundred columns that way, a
fixed cost paid once per CPAS that the national run pays 581 times (issue 11, time per row).  ``column``
gives the same array (same values, dtype and read-only flag) from the frame's own storage;
``held`` what the Series would hold, ``cells`` its ``tolist()``, ``days`` its dates as days;
``labels`` the recurring column labels, made once.
It owns no rule: it is how the rules read a column.
"""
from __future__ import annotations

import functools

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionDtype
from pandas.api.extensions import no_default as _NO_DEFAULT

try:  # pandas' nullable arrays: values and mask (cells reads them as they are)
    from pandas.core.arrays.masked import BaseMaskedArray as _MASKED
except ImportError:  # another pandas: tolist, as the Series does it
    _MASKED = None


def column(frame: pd.DataFrame, name: str, dtype=None, na_value=_NO_DEFAULT) -> np.ndarray:
    """``frame[name].to_numpy(dtype, na_value=na_value)``: the same array, without the Series."""
    values = held(frame, name)
    if isinstance(values, (pd.Series, pd.DataFrame)) or (na_value is not _NO_DEFAULT and not isinstance(values.dtype, ExtensionDtype)):
        s = frame[name]
        return s.to_numpy(dtype) if na_value is _NO_DEFAULT else s.to_numpy(dtype, na_value=na_value)
    if isinstance(values.dtype, ExtensionDtype):
        return values.to_numpy(dtype) if na_value is _NO_DEFAULT else values.to_numpy(dtype, na_value=na_value)
    if dtype is None and not isinstance(values, np.ndarray):  # dates: the array pandas keeps them in
        stored = getattr(values, "_ndarray", None)
        values = stored if isinstance(stored, np.ndarray) and stored.dtype == values.dtype else values
    result = np.asarray(values, dtype=dtype)
    if result is values or np.shares_memory(values[:2], result[:2]):  # a view of the frame: read only, as pandas gives it
        result = result.view()
        result.flags.writeable = False
    return result


def held(frame: pd.DataFrame, name: str):
    """What ``frame[name]`` holds (its ``_values``: the same dtype and ``tolist``), without the
    Series (12-30 µs each, issue 11); the Series itself when pandas cannot say."""
    get = getattr(frame, "_get_column_array", None)  # pandas' own (read-only use), else the public way
    cols = frame.columns
    return get(cols.get_loc(name)) if get is not None and cols.is_unique else frame[name]


def cells(frame: pd.DataFrame, name: str) -> list:
    """``frame[name].tolist()``: ``Series.tolist`` is the ``tolist`` of the array the Series holds.
    A nullable number or boolean column (Int64...): its values' ``tolist`` with pd.NA where it is
    blank, as pandas' ``tolist`` makes it (which first copies the values under a warnings filter,
    ~10 µs a column)."""
    values = held(frame, name)
    if _MASKED is not None and isinstance(values, _MASKED) and values.ndim == 1:
        out = values._data.tolist()
        for i in np.flatnonzero(values._mask).tolist():
            out[i] = pd.NA
        return out
    return values.tolist()


def days(frame: pd.DataFrame, name: str) -> np.ndarray:
    """``frame[name].to_numpy("datetime64[D]")``: a naive datetime64 column cast by numpy (pandas'
    own cast of it costs ~10 µs more), any other (a time zone, objects) as pandas casts it."""
    values = column(frame, name)
    return values.astype("datetime64[D]") if values.dtype.kind == "M" else column(frame, name, "datetime64[D]")



def labels(names: tuple, name=None) -> pd.Index:
    """``pd.Index(list(names), name=name)`` of labels that recur from table to table and CPAS to CPAS
    (a frame's columns, the activities): made once, then a new Index on the same values each time
    (what ``copy()`` makes, without checking them again): a frame renaming its labels renames no other's."""
    index = _labels(names, name)
    return index._view() if hasattr(index, "_view") else index.copy()


@functools.lru_cache(maxsize=1024)
def _labels(names: tuple, name) -> pd.Index:
    return pd.Index(list(names), name=name)


__all__ = ["column", "held", "cells", "days", "labels"]
