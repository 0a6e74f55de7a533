"""load: the CPAS's own files -> validated tables.

Reads an input workbook (.xlsx, one sheet per table) or a folder of CSV files
(one per table, as Excel exports them in Belgium: ``;`` separator, ``,``
decimal, cp1252 or UTF-8 with BOM, ``dd/mm/yyyy`` dates).  Headers may be in
French, Dutch or English, with any case, accents or spacing.  Every problem is
collected with its place (file, sheet, row, column), value and rule; nothing
is silently dropped and the files are opened read-only.  Nothing is read as a
guess (issue 9): a percent cell by its number format, "95.000" by the decimal
separator the rest of its column shows, a near-miss header when exactly one
column is close - each said in a warning; otherwise refused with its place.
Owns the loader's sequence and the convention row; each step is its own module
(issue 10 item 3), and their names stay importable from here:

- ``read`` / ``read_xlsx``: finding and reading the files (sniffing, CSV, xlsx, size guards);
- ``cells``: one cell -> a typed value (numbers, percents, thousands, dates);
- ``parse``: one raw table -> a typed frame (headers, columns);
- ``validate``: checks across rows and tables (keys, references, periods);
- ``personal``: national numbers and beneficiaries' names (with ``privacy``);
- a cluster's members are read by ``cluster.load_cluster``, which calls ``load`` per member.

Each value is parsed once per distinct value (a column of 650 000 dates holds
about 365 distinct ones), so the per-cell Python work stays small.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from . import problems as P
from .frames import column
from .money import fmt, mul_share
from .parameters import Parameters, available_years, load_parameters
from .read import MAX_CSV_BYTES, MAX_ROWS, MAX_SHEET_XML_BYTES, PercentCell, _max_rows, _read_sources  # noqa: F401
from .schema import TABLE_BY_ID, TABLES
# the key data (hours, files, periods) and the Inputs container live in the core (issue 10); re-exported here
from .keydata import (MILLI, Inputs, aggregate_files, aggregate_hours, in_period, productive_hours,  # noqa: F401
                      staff_period)
# the loader's steps, one module each (issue 10 item 3); their names stay importable from here
from .cells import (MAX_XLSX_ROWS, MAX_REPORTED_PER_COLUMN, DATE_MIN, DATE_MAX, EXCEL_EPOCH, MAX_NUMBER,  # noqa: F401
                    _MISSING, _is_blank, _AMBIGUOUS, _DURATION_TEXT, _STRIP, _clean_number_text,
                    _decimal_shown, _column_separators, _parse_number, _parse_date, _parse_date_text,
                    _parse_month, _Cell, _converter, _plain, _shown_or_blank, _shown, _where, _col,
                    MAX_ROWS_NAMED, _rows_text)
from .parse import (_header_row, _QUOTES, _UNIT, _HEADER_NOISE, MAX_UNKNOWN_LISTED, _canon_header,  # noqa: F401
                    _close_columns, _map_headers, _parse_table, _say_how_read, _check_blank_amounts,
                    _factorize, _blank_values, _col_letter, _key, _typed, _empty)
from .validate import (_check_unique, _check_payroll_months, REPEATABLE, _warn_repeated_rows, _check_refs,  # noqa: F401
                       _check_dates, _records_outside, _cross_checks, _staff_periods, FAR_YEARS, DATED,
                       _check_far_dates, _milli, _milli_cells)
from .personal import (PERSON_COLUMNS, BENEFICIARY_ID_COLUMNS, _scan_for_nrn, _protect_personal_data,  # noqa: F401
                       _scrub_problems)


# --------------------------------------------------------------------------- the convention (one row)

def _convention(frame: pd.DataFrame, file: str, problems: list[P.Problem]) -> tuple[dict, Parameters | None]:
    if len(frame) != 1:
        problems.append(P.make("one_convention_row", file=file, sheet=frame["src_sheet"].iloc[0] if len(frame) else "",
                               rows=len(frame)))
        if not len(frame):
            return {}, None
    idx = frame.index[0]
    cells = dict(zip(frame.columns, frame.iloc[0].tolist()))  # each cell read once (the row as .at gives it)
    conv = {c: (None if pd.isna(v) else v) for c, v in cells.items()}
    for k in ("signed",):
        if conv.get(k) is not None:
            conv[k] = conv[k].date()
    for k in ("granted", "amount_2014", "advance_paid", "refund_rate", "obj_bilans", "obj_2_1", "obj_2_2", "obj_2_3",
              "year"):
        if conv.get(k) is not None:
            conv[k] = int(conv[k])
    params = None
    if conv.get("year") is not None:
        try:
            params = load_parameters(conv["year"])
        except KeyError:
            problems.append(P.make("year_mismatch", **_where(frame, idx), column=_col("convention", "year"),
                                   value=conv["year"], years=", ".join(map(str, available_years()))))
    if params is not None:
        conv["period_start"], conv["period_end"] = params.period_start, params.period_end
        # R5: for 2016 and 2017 the granted amount may be derived from the 2014 amount + 20 %
        conv["granted_derived"] = False
        if conv.get("granted") is None:
            if params.uplift_on_2014 is not None and conv.get("amount_2014") is not None:
                conv["granted"] = mul_share(conv["amount_2014"], 1 + params.uplift_on_2014)
                conv["granted_derived"] = True
            else:
                problems.append(P.make("no_granted", **_where(frame, idx), column=_col("convention", "granted")))
        if conv.get("advance_paid") is None and conv.get("granted") is not None:
            conv["advance_paid"] = mul_share(conv["granted"], params.advance_share)  # R2
            conv["advance_derived"] = True
        if conv.get("advance_paid") is not None and conv.get("granted") is not None \
                and conv["advance_paid"] > conv["granted"]:  # R2: the advance is part of the granted amount
            problems.append(P.make("r2_advance_above_granted", **_where(frame, idx),
                                   column=_col("convention", "advance_paid"), value=fmt(conv["advance_paid"]),
                                   granted=fmt(conv["granted"])))
    conv["_source"] = (cells["src_file"], cells["src_sheet"], int(cells["src_row"]))
    return conv, params


# --------------------------------------------------------------------------- the public function

def load(path: str | Path, *, internal: bool = False, member: dict | None = None,
         sources: tuple | None = None, pre: dict | None = None) -> Inputs:
    """Read and validate the inputs at ``path`` (an .xlsx workbook or a folder of
    CSV files).  Never raises on bad data: problems are in ``Inputs.problems``.

    A cluster member (issue 11, ``cluster.load_cluster``): ``member`` gives the cluster's
    convention (``{"convention": dict, "params": Parameters}``, the member's name as
    ``convention["cpas"]``); its own files hold no convention.  ``sources``: the member's
    tables already read (``(found, hashes)``, its slice of a one-workbook cluster).  ``pre``: CSV files
    already read (``read.read_csv_many``, ``consolidate``), used instead of reading them again.

    Beneficiaries are replaced by pseudonymous ids (keyed hash, see
    ``privacy``); ``internal=True`` keeps the real values, for an internal
    version the officer explicitly asks for.  Files are opened read-only."""
    path = Path(path)
    problems: list[P.Problem] = []
    warnings: list[P.Problem] = []
    debug = bool(os.environ.get("ACTIVSOC_DEBUG"))
    refused: set[str] = set()  # tables found twice, or under a copy's name: refused, not "missing"
    try:
        found, hashes = sources if sources is not None else _read_sources(path, problems, warnings, refused, pre=pre)
    except Exception as exc:  # last line of defence: a problem, not a traceback
        if debug:
            raise
        problems.append(P.make("internal_error", file=path.name, detail=type(exc).__name__))
        found, hashes = {}, {}
    if member is not None and "convention" in found:  # a cluster's convention is given once, at the top
        _raw, cfile, csheet = found.pop("convention")[:3]
        problems.append(P.make("cluster_member_convention", file=cfile, sheet=csheet, value=cfile))
    if not found and not problems:
        problems.append(P.make("no_inputs", file=str(path), path=str(path)))
    tables: dict[str, pd.DataFrame] = {}
    seen: list = []  # each column's distinct values, for the personal-data scan
    metas: dict[str, dict] = {}  # per table: its headers and blank cells, as read
    for table in TABLES:
        if table.id not in found:
            if table.required and found and table.id not in refused and not (member and table.id == "convention"):
                problems.append(P.make("missing_table", file=path.name, table=f"{table.fr} / {table.nl}"))
            tables[table.id] = _empty(table)
            continue
        raw, file, sheet, comma, first_row = found[table.id]
        try:
            frame = _parse_table(table, raw, file, sheet, comma, problems, warnings, first_row, seen,
                                 metas.setdefault(table.id, {}))
        except Exception as exc:
            if debug:
                raise
            problems.append(P.make("internal_error", file=file, sheet=sheet, detail=type(exc).__name__))
            frame = None
        tables[table.id] = frame if frame is not None else _empty(table)
    convention, params = ({}, None)
    try:  # every loader path ends in a placed problem, never in the command line's "internal error" (exit 3)
        _check_blank_amounts(tables["operating"], metas.get("operating", {}), problems)
        for name in ("time", "attendance"):
            frame = tables[name]
            frame["hours_milli"] = _milli_cells(column(frame, "hours", dtype=object)) if len(frame) \
                else pd.Series(dtype=np.int64)
        if member is not None:
            convention, params = dict(member["convention"]), member["params"]
        elif "convention" in found:
            convention, params = _convention(tables["convention"], found["convention"][1], problems)
    except Exception as exc:
        if debug:
            raise
        problems.append(P.make("internal_error", file=path.name, detail=type(exc).__name__))
        for name in ("time", "attendance"):
            if "hours_milli" not in tables[name]:
                tables[name] = _empty(TABLE_BY_ID[name]).assign(hours_milli=pd.Series(dtype=np.int64))
    inputs = Inputs(convention=convention, params=params, tables=tables, problems=problems, warnings=warnings,
                    files=hashes, source=str(path))
    try:
        _protect_personal_data(inputs, seen, internal)
        if found:
            _cross_checks(inputs)
    except Exception as exc:
        if debug:
            raise
        problems.append(P.make("internal_error", file=path.name, detail=type(exc).__name__))
    _scrub_problems(inputs)
    return inputs
