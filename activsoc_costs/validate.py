"""validate: checks that need more than one cell (keys, references, periods, dates).

Owns the cross checks run on the typed tables: unique keys, payroll months, repeated
rows, references between tables, start/end dates, records outside the period (R1),
staff periods straddling the convention period (R1), dates far from the year, and the
hours as thousandths (``_milli``).  Each finding is a placed problem or warning.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from . import problems as P
from .parameters import Parameters
from .money import half_up_div
from .keydata import (MILLI, Inputs, aggregate_files, aggregate_hours, in_period_mask, period_worked, to_milli,
                      productive_hours_of)
from .schema import TABLE_BY_ID, TABLES, Table
from .cells import MAX_REPORTED_PER_COLUMN, _col, _rows_text, _where
from .frames import column
from .distinct import _factorize_values  # pd.factorize of a column of objects, short texts by a dict


def _all_distinct(*columns) -> bool:
    """True when no two rows hold the same values (the usual case, told in one set); False
    may be wrong (two missing cells look alike here), so it only sends to the exact check.
    Several columns: one integer code per row (``_column_codes``), no row of objects made."""
    if len(columns) > 1:
        key, radix = np.zeros(len(columns[0]), dtype=np.int64), 1
        for c in columns:
            codes, size, _blank = _column_codes(c)
            if radix * size >= 2 ** 62:  # cannot happen with real tables: the rows as tuples below
                break
            key += codes * radix
            radix *= size
        else:
            return len(pd.unique(key)) == len(key)
    rows = list(zip(*(c.tolist() for c in columns))) if len(columns) > 1 else columns[0].tolist()
    try:
        return len(set(rows)) == len(rows)
    except TypeError:  # an unhashable cell: the exact check
        return False


def _check_unique(t: Table, frame: pd.DataFrame, problems: list[P.Problem]) -> None:
    if not t.key or 0 in frame.shape:  # frame.empty
        return
    if _all_distinct(column(frame, t.key, dtype=object)):  # the cells as frame[key].tolist() gives them
        return
    ids = frame[t.key]
    dup = ids.notna() & ids.duplicated(keep=False)
    if not dup.any():
        return
    first = frame.loc[dup].groupby(t.key)["src_row"].transform("min")
    for idx in frame.index[dup.to_numpy()]:
        if frame.at[idx, "src_row"] != first[idx]:
            problems.append(P.make("duplicate_id", **_where(frame, idx), column=_col(t.id, t.key),
                                   value=ids[idx], first=int(first[idx])))


def _check_payroll_months(pay: pd.DataFrame, problems: list[P.Problem]) -> None:
    """A payroll line repeated (same staff member, month and amount: a line pasted twice) would be
    claimed twice: refused.  Several lines of one month with different amounts (salary, indexation
    arrears, a premium) are how payroll exports look, and are summed."""
    if 0 in pay.shape:  # pay.empty
        return
    cols = ["staff_id", "month", "amount"]
    if (_no_repeated_row(pay, cols) if len(pay) <= SMALL_TABLE else _all_distinct(*(pay[c] for c in cols))):
        return
    key = pay[["staff_id", "month", "amount"]]
    dup = key.notna().all(axis=1) & key.duplicated(keep=False)
    if not dup.any():
        return
    first = pay.loc[dup].groupby(["staff_id", "month", "amount"])["src_row"].transform("min")
    for idx in pay.index[dup.to_numpy()]:
        if pay.at[idx, "src_row"] != first[idx]:
            problems.append(P.make("payroll_line_twice", **_where(pay, idx), column=_col("payroll", "month"),
                                   value=f"{pay.at[idx, 'staff_id']} {pay.at[idx, 'month']:%m/%Y}",
                                   amount=P.Eur(int(pay.at[idx, "amount"])), first=int(first[idx])))


# key tables where two identical rows can be genuine (two blocks of 2 h of one activity on one day) but
# are often a row pasted twice: they count, and a warning names them so that the officer checks (R6, R7).
# Attendance is left out: two sessions of one module on one day (morning, afternoon) are ordinary.
REPEATABLE = {"time": ["staff_id", "date", "activity", "hours_milli"],
              "caseload": ["staff_id", "date", "piis_files", "all_files"]}


def _column_codes(col: pd.Series) -> tuple[np.ndarray, int, np.ndarray]:
    """One integer code per cell (equal cells, equal codes; a blank cell 0), how many codes
    there can be, and the blank cells.  A date is its integer (NaT: -1, as a value); integers
    and dates are their own codes (offset by the smallest) when their range is small; other
    cells are factorized."""
    values = col.to_numpy()
    if values.dtype.kind == "M":
        blank = np.isnat(values)
        values = np.where(blank, -1, values.view(np.int64)) if blank.any() else values.view(np.int64)
    elif values.dtype == np.int64:
        blank = np.zeros(len(values), dtype=bool)
    elif pd.api.types.is_datetime64_any_dtype(col):  # with a time zone
        values, blank = col.to_numpy("int64", na_value=-1), col.isna().to_numpy()
    else:
        codes, uniq = pd.factorize(col, use_na_sentinel=True)
        return codes.astype(np.int64) + 1, len(uniq) + 1, codes < 0
    low, high = (int(values.min()), int(values.max())) if len(values) else (0, 0)
    if high - low < 2 ** 40:
        return values - low + 1, high - low + 2, blank
    codes, uniq = pd.factorize(values)
    return codes.astype(np.int64) + 1, len(uniq) + 1, blank


SMALL_TABLE = 500  # rows: below this, Python sets cost less than pandas' fixed cost per column


def _no_repeated_row(frame: pd.DataFrame, cols: list[str]) -> bool:
    """True when no two rows hold the same cells in ``cols`` (blanks alike, as ``_column_codes``
    makes them): equal cells are equal Python values, so distinct tuples prove it; False
    (a repeat, or a cell that cannot be told) sends to the exact check."""
    columns = []
    try:
        for c in cols:
            values = column(frame, c)  # frame[c].to_numpy(): dates and integers (Int64 without a blank) as numpy's
            if values.dtype.kind in "Mi":  # dates as their integers (NaT: one value)
                columns.append(values.view(np.int64).tolist())
            else:  # every kind of blank one value (pandas' isna ones are None, NA or unequal to themselves)
                columns.append([_BLANK if v is None or v is pd.NA or bool(v != v) else v
                                for v in column(frame, c, dtype=object).tolist()])  # as frame[c].tolist()
        return len(set(zip(*columns))) == len(frame)
    except Exception:  # an unhashable cell, or one that cannot be compared
        return False


_BLANK = object()  # every blank cell, whatever its kind


def _warn_repeated_rows(name: str, frame: pd.DataFrame, cols: list[str], warnings: list[P.Problem],
                        given: dict | None = None) -> None:
    """``given``: text columns of ``frame`` already factorized (``_text_codes``)."""
    if 0 in frame.shape or not set(cols) <= set(frame.columns):  # frame.empty
        return
    if len(frame) <= SMALL_TABLE and _no_repeated_row(frame, cols):
        return
    # one integer code per column (no hashing of Decimal or text objects row by row), then one code per row
    key, radix, blank_first = np.zeros(len(frame), dtype=np.int64), 1, None
    for c in cols:
        if given and c in given:
            codes, uniq = given[c]
            codes, size, blank = codes.astype(np.int64) + 1, len(uniq) + 1, codes < 0
        else:
            codes, size, blank = _column_codes(frame[c])
        if blank_first is None:
            blank_first = blank
        if radix * size >= 2 ** 62:  # cannot happen with real tables; kept exact anyway
            key = pd.DataFrame({c: _column_codes(frame[c])[0] for c in cols})
            break
        key += codes * radix
        radix *= size
    dup = pd.Series(key).duplicated(keep="first").to_numpy() if isinstance(key, np.ndarray) \
        else key.duplicated(keep="first").to_numpy()
    dup = dup & ~blank_first
    if not dup.any():
        return
    rows = frame["src_row"].to_numpy()[dup]  # the text names the first few and counts the others
    first = dup.argmax()
    warnings.append(P.make("w_repeated_rows", file=frame["src_file"].iat[first], sheet=frame["src_sheet"].iat[first],
                           row=rows[:1].tolist()[0], value=str(frame[cols[0]].iat[first]), count=len(rows),
                           rows=_rows_text(rows),
                           table=TABLE_BY_ID[name].name("fr"), table_nl=TABLE_BY_ID[name].name("nl")))


def _check_refs(frame: pd.DataFrame, col: str, known: set, code: str, table_id: str,
                problems: list[P.Problem], given: tuple | None = None) -> np.ndarray:
    """Rows whose ``col`` names nothing known are reported; returns the mask of good rows
    (each distinct value looked up once; a blank cell is not a reference).  ``given``: the
    column already factorized (``_text_codes``)."""
    ok = None
    if given is None and len(frame) <= SMALL_TABLE:  # a small column: each cell looked up (no pandas call)
        try:
            ok = np.fromiter((_is_blank(v) or v in known for v in column(frame, col, dtype=object).tolist()),
                             dtype=bool, count=len(frame))
        except Exception:  # an odd or unhashable cell: pandas' factorize decides, as before
            ok = None
    if ok is None:
        codes, uniq = given if given is not None else pd.factorize(column(frame, col, dtype=object),
                                                                   use_na_sentinel=True)
        known_u = np.fromiter((u in known for u in uniq), dtype=bool, count=len(uniq))
        ok = (codes < 0) | (known_u[codes] if len(uniq) else False)
    if ok.all():
        return ok
    for n, idx in enumerate(frame.index[~ok]):
        if n >= MAX_REPORTED_PER_COLUMN:
            problems.append(P.make(code, file=frame.at[idx, "src_file"], sheet=frame.at[idx, "src_sheet"],
                                   column=_col(table_id, col), value=f"... +{int((~ok).sum()) - n}"))
            break
        problems.append(P.make(code, **_where(frame, idx), column=_col(table_id, col), value=frame.at[idx, col]))
    return ok


def _check_dates(frame: pd.DataFrame, start: str, end: str, table_id: str, problems: list[P.Problem]) -> None:
    if 0 in frame.shape:  # frame.empty
        return
    s, e = column(frame, start), column(frame, end)
    if s.dtype.kind == "M" and e.dtype.kind == "M":
        bad = e < s  # a blank date (NaT) compares False
    else:
        bad = (frame[start].notna() & frame[end].notna() & (frame[end] < frame[start])).to_numpy()
    if not bad.any():
        return
    for idx in frame.index[bad][:MAX_REPORTED_PER_COLUMN]:
        problems.append(P.make("end_before_start", **_where(frame, idx), column=_col(table_id, end),
                               value=frame.at[idx, end].strftime("%d/%m/%Y"),
                               start=frame.at[idx, start].strftime("%d/%m/%Y"),
                               end=frame.at[idx, end].strftime("%d/%m/%Y")))



def _as_hours(hours: Fraction) -> P.Hours:
    """Hours (exact) as thousandths of an hour, for a message in the reader's format."""
    hours = Fraction(hours)
    return P.Hours(half_up_div(hours.numerator * MILLI, hours.denominator))


def _records_outside(t: dict, params: Parameters, warnings: list[P.Problem], inside: dict | None = None) -> None:
    """R1: one warning per staff member and table with the time / caseload records dated
    outside the period (they are left out of the key), giving the hours or files."""
    first, last = params.period_start.strftime("%d/%m/%Y"), params.period_end.strftime("%d/%m/%Y")
    for tid in ("time", "caseload"):
        frame = t[tid]
        if frame.empty:
            continue
        keep = inside[tid] if inside else in_period_mask(frame, "date", params)
        if keep.all():
            continue
        out = frame[~keep]
        table = next(x for x in TABLES if x.id == tid)
        for sid, g in out.groupby("staff_id", sort=False):
            if tid == "time":
                h = int(g["hours_milli"].sum())
                what = P.HoursUnit(h)
            else:
                what = f"{int(g['piis_files'].sum())}/{int(g['all_files'].sum())}"
            r = g.iloc[0]
            warnings.append(P.make("w_r1_records_outside_period", file=r["src_file"], sheet=r["src_sheet"],
                                   row=int(r["src_row"]), column=_col(tid, "date"), value=sid, count=len(g),
                                   table=f"{table.fr} / {table.nl}", first=first, last=last, what=what))


class _Rows:
    """A table's rows read once, looked up as ``rows.at[idx, col]`` like the DataFrame
    (the rules in ``keydata`` take either): one dict per row instead of a lookup per cell."""

    def __init__(self, frame: pd.DataFrame):
        columns = list(frame.columns)
        # the cells as objects, each as its column's tolist() gives it, in one conversion
        self.recs = {idx: dict(zip(columns, values)) for idx, values in
                     zip(frame.index.tolist(), frame.to_numpy(dtype=object).tolist())}
        self.at = self

    def __getitem__(self, key):
        idx, col = key
        return self.recs[idx][col]


def _rows_inside(t: dict, tid: str, inside: dict) -> pd.DataFrame:
    """A dated table's rows in the period (``inside``: the rows ``in_period`` keeps)."""
    return t[tid] if inside[tid].all() else t[tid][inside[tid]]


def _is_blank(v) -> bool:
    """A blank cell as ``pd.factorize`` leaves it out (None, NA, NaN of every kind, NaT); may raise
    on a cell that cannot be compared (the callers then take pandas' path)."""
    return v is None or v is pd.NA or bool(v != v)


def _known(ids: pd.Series | np.ndarray) -> set:
    """The distinct ids of a column, blanks left out (a small column by one Python set).
    ``ids``: the column, or its cells as ``to_numpy(dtype=object)`` gives them."""
    cells = ids if isinstance(ids, np.ndarray) and ids.dtype == object else ids.to_numpy(dtype=object)
    if len(cells) <= SMALL_TABLE:
        try:
            return {v for v in cells.tolist() if not _is_blank(v)}
        except Exception:  # an odd or unhashable cell: pandas' factorize decides, as before
            pass
    return set(pd.factorize(cells)[1])  # the distinct values, blanks left out


def _text_codes(frame: pd.DataFrame, cols: tuple) -> dict:
    """The columns of objects among ``cols``, factorized once (``pd.factorize``: codes, distinct
    values) for the checks and the hours that look at each of them."""
    return {c: _factorize_values(column(frame, c, dtype=object))
            for c in cols if c in frame and frame[c].dtype == object}


def _cross_checks(inputs: Inputs) -> None:
    """Checks that need more than one row or table (keys, references, ranges)."""
    pr = inputs.problems
    t = inputs.tables
    params = inputs.params
    for table in TABLES:
        if table.id != "convention":
            _check_unique(table, t[table.id], pr)
    _check_payroll_months(t["payroll"], pr)
    # the time table's texts factorized once: its repeated rows, its references and the hours
    time_codes = _text_codes(t["time"], ("staff_id", "activity"))
    for name, cols in REPEATABLE.items():
        _warn_repeated_rows(name, t[name], cols, inputs.warnings, time_codes if name == "time" else None)
    staff, piis, attendance = t["staff"], t["piis"], t["attendance"]
    staff_ids = _known(column(staff, "id", dtype=object))
    for name in ("payroll", "time", "caseload"):
        ok = _check_refs(t[name], "staff_id", staff_ids, "unknown_staff", name, pr,
                         time_codes.get("staff_id") if name == "time" else None)
        if not ok.all():
            t[name] = t[name][ok]
            if name == "time":
                time_codes = {c: (codes[ok], uniq) for c, (codes, uniq) in time_codes.items()}
    ok = _check_refs(attendance, "piis_id", _known(column(piis, "id", dtype=object)), "unknown_piis", "attendance", pr)
    if not ok.all():
        t["attendance"] = attendance[ok]
    _check_dates(staff, "start", "end", "staff", pr)
    _check_dates(piis, "start", "end", "piis", pr)
    _check_dates(piis, "start", "left_on", "piis", pr)

    # the staff rows read once (a DataFrame lookup per cell costs more than the checks themselves)
    rows = _Rows(staff)
    recs = rows.recs

    def at(idx, col):
        return recs[idx][col]

    def where(idx) -> dict:
        r = recs[idx]
        return dict(file=r["src_file"], sheet=r["src_sheet"], row=int(r["src_row"]))

    for idx in staff.index:
        w = where(idx)
        sid = at(idx, "id")
        fte = at(idx, "fte")
        if fte is not None and not pd.isna(fte) and not (Decimal(0) < fte <= Decimal(1)):
            pr.append(P.make("fte_range", **w, column=_col("staff", "fte"), value=fte))
        key = at(idx, "key")
        method = at(idx, "method")
        if method is not None and not pd.isna(method) and method != "hours" and key != "time":
            pr.append(P.make("method_not_time", **w, column=_col("staff", "method"), value=sid))
        if key == "fixed" and (at(idx, "share") is None or pd.isna(at(idx, "share"))):
            pr.append(P.make("no_share", **w, column=_col("staff", "share"), value=sid))
    has_payroll = _known(column(t["payroll"], "staff_id", dtype=object))
    for idx in staff.index:
        sid = at(idx, "id")
        cost = at(idx, "cost")
        has_cost = cost is not None and not pd.isna(cost)
        if has_cost and sid in has_payroll:
            pr.append(P.make("cost_and_payroll", **where(idx), column=_col("staff", "cost"), value=sid))
        elif not has_cost and sid not in has_payroll and sid is not None:
            pr.append(P.make("no_cost", **where(idx), column=_col("staff", "cost"), value=sid))

    # time records: hours per staff and activity, in thousandths of an hour (exact integers)
    # R1: the records in the period only, told once per table (``in_period``) for the key and the
    # warnings; the aggregates get the rows already kept (no params: nothing left to leave out)
    inside = {tid: in_period_mask(t[tid], "date", params) for tid in ("time", "caseload")} \
        if params is not None else {}
    if inside and not inside["time"].all():
        time_codes = {c: (codes[inside["time"]], uniq) for c, (codes, uniq) in time_codes.items()}
    hours_by_staff = inputs.hours = aggregate_hours(_rows_inside(t, "time", inside), codes=time_codes) if inside \
        else aggregate_hours(t["time"], params, time_codes)
    cl = t["caseload"]
    _check_caseload(cl, pr)
    files = inputs.files_by_staff = aggregate_files(_rows_inside(t, "caseload", inside)) if inside \
        else aggregate_files(cl, params)
    if params is None:
        return
    days_in_period = (params.period_end - params.period_start).days + 1
    if len(hours_by_staff) and all(d == np.int64 for d in hours_by_staff.dtypes):  # integer sums, as pandas makes them
        hours_sum = dict(zip(hours_by_staff.index.tolist(), hours_by_staff.to_numpy().sum(axis=1).tolist()))
    else:
        hours_sum = hours_by_staff.sum(axis=1).to_dict() if len(hours_by_staff) else {}
    # the columns' cells as Series.tolist() / to_dict() give them (column(..., dtype=object)), without the Series
    hours_of = {sid: (int(a), int(p)) for sid, a, p in zip(hours_by_staff.index.tolist(),
                column(hours_by_staff, "social_activation", dtype=object).tolist(),
                column(hours_by_staff, "professional_activation", dtype=object).tolist())}
    all_files = dict(zip(files.index.tolist(), column(files, "all_files", dtype=object).tolist()))
    _check_far_dates(t, params, pr)
    _records_outside(t, params, inputs.warnings, inside)
    _staff_periods(staff, rows, params, pr)
    limits: dict[int, Fraction] = {}  # R6: the hours a year allows, per number of days worked
    for idx in staff.index:
        sid = at(idx, "id")
        key = at(idx, "key")
        w = where(idx)
        has_hours = hours_sum.get(sid, 0) > 0
        if key == "time" and not has_hours:
            pr.append(P.make("no_time_records", **w, column=_col("staff", "key"), value=sid))
            continue
        if has_hours:  # whatever the key: the hours a year allows (R6)
            sa, prof = hours_of[sid]
            worked = int(hours_sum[sid])
            start, end = period_worked(at(idx, "start"), at(idx, "end"), params)
            days = (end - start).days + 1
            if days <= 0:
                continue  # end before start, or outside the period: reported elsewhere
            if days not in limits:  # the same few periods for most staff: each limit made once
                limits[days] = Fraction(params.max_hours_worked_per_fte) * days / days_in_period
            limit = limits[days]
            fte = at(idx, "fte")
            fte = Fraction(fte) if fte is not None and not pd.isna(fte) else Fraction(1)
            if Fraction(worked, MILLI) > limit:
                pr.append(P.make("hours_above_year", **w, column=_col("time", "hours"), value=sid,
                                 hours=P.Hours(worked), limit=_as_hours(limit)))
            elif Fraction(sa, MILLI) > limit * fte:
                # R25/R6: social-activation hours cannot exceed the hours the contract (FTE, period) has
                pr.append(P.make("hours_sa_above_worked", **w, column=_col("time", "hours"), value=sid,
                                 hours=P.Hours(sa), limit=_as_hours(limit * fte)))
        if key == "time":
            if at(idx, "method") == "productive_hours":
                prod = productive_hours_of(at(idx, "productive_hours"), at(idx, "fte"), at(idx, "start"),
                                           at(idx, "end"), params)
                used = sa + prof
                if prod <= 0 or Fraction(used, MILLI) > prod:
                    pr.append(P.make("hours_above_productive", **w, column=_col("staff", "productive_hours"),
                                     value=sid, hours=P.Hours(used), limit=_as_hours(prod)))
        elif key == "caseload":
            if sid not in all_files or int(all_files[sid]) <= 0:
                pr.append(P.make("no_caseload", **w, column=_col("staff", "key"), value=sid))


def _check_caseload(cl: pd.DataFrame, problems: list[P.Problem]) -> None:
    """A caseload row with more PIIS-AS files than files (R7)."""
    dtypes = cl.dtypes  # one Series for both columns' types (a Series per column costs more)
    if pd.api.types.is_integer_dtype(dtypes["piis_files"]) and pd.api.types.is_integer_dtype(dtypes["all_files"]):
        # counts (at most MAX_NUMBER) are exact as floats; a blank count (NaN) compares False
        bad = column(cl, "piis_files", "float64", na_value=np.nan) > column(cl, "all_files", "float64", na_value=np.nan)
    else:
        bad = (cl["piis_files"].notna() & cl["all_files"].notna() & (cl["piis_files"] > cl["all_files"])).to_numpy()
    for idx in cl.index[bad][:MAX_REPORTED_PER_COLUMN]:
        problems.append(P.make("caseload_above_total", **_where(cl, idx), column=_col("caseload", "piis_files"),
                               value=cl.at[idx, "piis_files"], piis=cl.at[idx, "piis_files"], all=cl.at[idx, "all_files"]))


def _staff_periods(staff: pd.DataFrame, rows: _Rows, params: Parameters, problems: list[P.Problem]) -> None:
    """R1: an annual ``cost`` whose staff period straddles the convention period's
    boundary is refused (no pro rata is guessed); wholly outside, the allocation
    excludes it with a warning."""
    ps, pe = params.period_start, params.period_end
    for idx in staff.index:
        cost = rows.at[idx, "cost"]
        if cost is None or pd.isna(cost):
            continue
        s, e = rows.at[idx, "start"], rows.at[idx, "end"]
        s = ps if pd.isna(s) else s.date()
        e = pe if pd.isna(e) else e.date()
        if e < s or e < ps or s > pe:
            continue  # end before start: reported elsewhere; wholly outside: excluded by the allocation
        if s < ps or e > pe:
            problems.append(P.make("r1_cost_straddles_period", **_where(staff, idx), column=_col("staff", "cost"),
                                   value=rows.at[idx, "id"], start=s.strftime("%d/%m/%Y"), end=e.strftime("%d/%m/%Y"),
                                   first=ps.strftime("%d/%m/%Y"), last=pe.strftime("%d/%m/%Y")))


# dated records that belong to the year: a date this far from it is a typo (e.g. 2051 for 2015)
FAR_YEARS = 5
DATED = (("time", "date"), ("payroll", "month"), ("caseload", "date"), ("attendance", "date"), ("operating", "date"))


def _check_far_dates(t: dict, params: Parameters, problems: list[P.Problem]) -> None:
    first = pd.Timestamp(params.period_start.year - FAR_YEARS, 1, 1)
    last = pd.Timestamp(params.period_end.year + FAR_YEARS, 12, 31)
    first_day, last_day = np.datetime64(first.date(), "D"), np.datetime64(last.date(), "D")
    for tid, cid in DATED:
        frame = t[tid]
        if 0 in frame.shape:
            continue
        d = column(frame, cid)
        if d.dtype.kind == "M":  # a blank date (NaT) compares False
            bad = (d < first_day) | (d > last_day)
        else:
            d = frame[cid]
            bad = (d.notna() & ((d < first) | (d > last))).to_numpy()
        if not bad.any():
            continue
        for idx in frame.index[bad][:MAX_REPORTED_PER_COLUMN]:
            problems.append(P.make("date_far_from_year", **_where(frame, idx), column=_col(tid, cid),
                                   value=frame.at[idx, cid].strftime("%d/%m/%Y"), first=first.year, last=last.year))


def _milli(h: pd.Series) -> pd.Series:
    """Hours (Decimal) -> thousandths of an hour, computed once per distinct value; blank -> 0."""
    return pd.Series(_milli_cells(h.to_numpy(dtype=object)), index=h.index)


def _milli_cells(values: np.ndarray) -> np.ndarray:
    """``_milli`` of a column's cells (an array of objects), as int64."""
    cells = values.tolist()
    try:  # the distinct values by one set (a Decimal keeps its hash; pandas tests each cell for NaN)
        distinct = set(cells)
    except TypeError:  # an unhashable cell: pandas' factorize
        distinct = None
    if distinct is not None:
        milli = {d: 0 if pd.isna(d) else to_milli(d) for d in distinct}
        return np.fromiter(map(milli.__getitem__, cells), dtype=np.int64, count=len(cells))
    codes, uniq = pd.factorize(values)
    milli = np.fromiter((to_milli(d) for d in uniq), dtype=np.int64,
                        count=len(uniq))
    return np.where(codes < 0, 0, milli[np.maximum(codes, 0)] if len(uniq) else 0).astype(np.int64)
