"""load: the CPAS's own files -> validated tables.

Reads an input workbook (.xlsx, one sheet per table) or a folder of CSV files
(one per table, as Excel exports them in Belgium: ``;`` separator, ``,``
decimal, cp1252 or UTF-8 with BOM, ``dd/mm/yyyy`` dates).  Headers may be in
French, Dutch or English, with any case, accents or spacing.  Every problem is
collected with its place (file, sheet, row, column), value and rule; nothing
is silently dropped and the files are opened read-only.

Each value is parsed once per distinct value (a column of 650 000 dates holds
about 365 distinct ones), so the per-cell Python work stays small.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd

from . import problems as P
from .money import parse_decimal, to_cents
from .parameters import Parameters, available_years, load_parameters
from .schema import TABLE_BY_ID, TABLES, Column, Table, column_lookup, enum_lookup, norm, table_lookup

MAX_ROWS = 5_000_000          # per table: beyond this, a clear refusal rather than running out of memory
MAX_XLSX_ROWS = 1_048_576     # Excel's own limit
MAX_REPORTED_PER_COLUMN = 50  # problems of one kind in one column: the first 50, then a count
DATE_MIN, DATE_MAX = dt.date(1990, 1, 1), dt.date(2100, 12, 31)
EXCEL_EPOCH = dt.date(1899, 12, 30)
MILLI = 1000                  # hours are held in thousandths of an hour (3.6 s), as integers

_MISSING = object()


@dataclass
class Inputs:
    """Validated input tables with canonical columns, each row keeping its place
    (``src_file``, ``src_sheet``, ``src_row``) in the user's files."""

    convention: dict
    params: Parameters | None
    tables: dict[str, pd.DataFrame]
    problems: list[P.Problem] = field(default_factory=list)
    warnings: list[P.Problem] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # file name -> SHA-256
    source: str = ""

    def __getattr__(self, name):
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    @property
    def ok(self) -> bool:
        return not self.problems


# --------------------------------------------------------------------------- reading files

def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(path: Path) -> tuple[pd.DataFrame, bool]:
    """A CSV file as strings, header in row 0; returns (frame, comma_decimal)."""
    text = _decode(path.read_bytes())
    first = text.split("\n", 1)[0]
    sep = max([";", ",", "\t"], key=first.count)
    frame = pd.read_csv(io.StringIO(text), sep=sep, header=None, dtype=str, keep_default_na=False,
                        skip_blank_lines=False, quoting=csv.QUOTE_MINIMAL, engine="c")
    return frame, sep != ","


def _excel_engine() -> str:
    try:
        import python_calamine  # noqa: F401
        return "calamine"
    except ImportError:
        return "openpyxl"


def _check_xlsx(path: Path) -> str | None:
    """Why ``path`` cannot be an xlsx workbook, or None."""
    if path.stat().st_size == 0:
        return "fichier vide / leeg bestand"
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "protégé par mot de passe ou ancien format .xls / met wachtwoord beveiligd of oud .xls-formaat"
    if not zipfile.is_zipfile(path):
        return "pas un classeur xlsx / geen xlsx-werkmap"
    try:
        with zipfile.ZipFile(path) as z:
            if "xl/workbook.xml" not in z.namelist():
                return "pas un classeur xlsx / geen xlsx-werkmap"
    except zipfile.BadZipFile:
        return "archive corrompue / beschadigd archief"
    return None


def _read_sources(path: Path, problems: list[P.Problem]) -> tuple[dict[str, tuple[pd.DataFrame, str, str, bool]], dict[str, str]]:
    """Raw frames by table id: (frame, file name, sheet name, comma_decimal); and file hashes."""
    lookup = table_lookup()
    found: dict[str, tuple[pd.DataFrame, str, str, bool]] = {}
    hashes: dict[str, str] = {}

    def add_workbook(p: Path):
        why = _check_xlsx(p)
        if why:
            problems.append(P.make("unreadable", file=p.name, detail=why))
            return
        try:
            sheets = pd.read_excel(p, sheet_name=None, header=None, dtype=object, engine=_excel_engine())
        except Exception as exc:  # a damaged workbook must not give a traceback
            problems.append(P.make("unreadable", file=p.name, detail=type(exc).__name__))
            return
        for sheet, frame in sheets.items():
            tid = lookup.get(norm(sheet))
            if tid and tid not in found:
                found[tid] = (frame, p.name, str(sheet), False)

    if path.is_dir():
        for p in sorted(path.iterdir()):
            if p.name.startswith((".", "~$")):
                continue
            suffix = p.suffix.lower()
            if suffix == ".csv":
                tid = lookup.get(norm(p.stem))
                if not tid:
                    continue
                hashes[p.name] = _sha256(p)
                try:
                    frame, comma = _read_csv(p)
                except Exception as exc:
                    problems.append(P.make("unreadable", file=p.name, detail=type(exc).__name__))
                    continue
                found[tid] = (frame, p.name, "", comma)
            elif suffix in (".xlsx", ".xlsm"):
                hashes[p.name] = _sha256(p)
                add_workbook(p)
    elif path.is_file():
        hashes[path.name] = _sha256(path)
        add_workbook(path)
    else:
        problems.append(P.make("no_inputs", file=str(path), path=str(path)))
    return found, hashes


# --------------------------------------------------------------------------- parsing cells

def _is_blank(v) -> bool:
    if v is None:
        return True
    if isinstance(v, float) and math.isnan(v):
        return True
    if v is pd.NaT:
        return True
    return isinstance(v, str) and not v.strip()


def _parse_number(v, comma_decimal: bool) -> Decimal:
    if isinstance(v, bool):
        raise ValueError(v)
    if isinstance(v, (int, np.integer)):
        return Decimal(int(v))
    if isinstance(v, (float, np.floating)):
        if not math.isfinite(v):
            raise ValueError(v)
        d = Decimal(repr(float(v)))
        # a value computed by an Excel formula may carry binary noise (15600.000000000002)
        r = round(float(v), 6)
        return Decimal(repr(r)) if abs(float(v) - r) < 1e-9 else d
    s = str(v).strip()
    if comma_decimal:
        t = s.replace(" ", "").replace("\u00a0", "").replace("€", "")
        if t.count(".") == 1 and "," not in t:
            head, tail = t.lstrip("-").split(".")
            if len(tail) == 3 and head.isdigit() and tail.isdigit() and 1 <= len(head) <= 3:
                return Decimal(t.replace(".", ""))  # "1.234" in a Belgian CSV is one thousand ...
    return parse_decimal(s)


def _parse_date(v) -> dt.date:
    if isinstance(v, (pd.Timestamp, dt.datetime)):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
        f = float(v)
        if f.is_integer() and 1 <= f <= 2958465:  # an Excel serial date
            return EXCEL_EPOCH + dt.timedelta(days=int(f))
        raise ValueError(v)
    s = str(v).strip()
    if s.replace(".0", "").isdigit() and len(s.replace(".0", "")) == 5:
        return EXCEL_EPOCH + dt.timedelta(days=int(float(s)))
    s = s.split(" ")[0].split("T")[0]
    for sep in ("/", "-", "."):
        parts = s.split(sep)
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            a, b, c = parts
            if len(a) == 4:
                return dt.date(int(a), int(b), int(c))
            if len(c) == 4:
                return dt.date(int(c), int(b), int(a))
    raise ValueError(s)


def _parse_month(v) -> dt.date:
    if isinstance(v, str):
        s = v.strip()
        for sep in ("/", "-", "."):
            parts = s.split(sep)
            if len(parts) == 2 and all(p.isdigit() for p in parts):
                a, b = parts
                if len(a) == 4:
                    return dt.date(int(a), int(b), 1)
                if len(b) == 4:
                    return dt.date(int(b), int(a), 1)
    return _parse_date(v).replace(day=1)


class _Cell(Exception):
    def __init__(self, code: str, **args):
        super().__init__(code)
        self.code, self.args_ = code, args


def _converter(col: Column, comma_decimal: bool):
    """A function raw cell -> parsed value (or raising _Cell)."""
    kind = col.kind
    if kind == "text":
        def conv(v):
            if isinstance(v, float) and v.is_integer():
                return str(int(v))
            if isinstance(v, (dt.datetime, pd.Timestamp)):
                return v.strftime("%Y-%m-%d")
            return str(v).strip()
        return conv
    if kind == "enum":
        lookup = enum_lookup(col.enum)
        allowed = ", ".join(sorted({k for k in lookup.values()}))

        def conv(v):
            s = str(v).strip()
            if isinstance(v, float) and col.enum == "piis_type":
                s = f"{v:.1f}"
            cid = lookup.get(norm(s))
            if cid is None:
                raise _Cell("unknown_value", allowed=allowed)
            return cid
        return conv
    if kind in ("date", "month"):
        f = _parse_month if kind == "month" else _parse_date

        def conv(v):
            try:
                d = f(v)
            except (ValueError, OverflowError, TypeError):
                raise _Cell("not_date")
            if not DATE_MIN <= d <= DATE_MAX:
                raise _Cell("date_range")
            return d
        return conv

    def conv(v):
        try:
            d = _parse_number(v, comma_decimal)
        except (ValueError, ArithmeticError):
            raise _Cell("not_number")
        if d < 0:
            raise _Cell("negative")
        if kind == "int":
            if d != d.to_integral_value():
                raise _Cell("not_integer")
            return int(d)
        if kind == "money":
            try:
                return to_cents(d)
            except ValueError:
                raise _Cell("too_many_decimals")
        if kind == "percent":
            if d > 100:
                raise _Cell("percent_range")
            return d
        return d  # decimal
    return conv


def _shown(v) -> str:
    if isinstance(v, (dt.datetime, pd.Timestamp)):
        return v.strftime("%d/%m/%Y")
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _parse_table(table: Table, raw: pd.DataFrame, file: str, sheet: str, comma_decimal: bool,
                 problems: list[P.Problem], warnings: list[P.Problem]) -> pd.DataFrame | None:
    """Headers mapped, blank rows dropped, every cell parsed; problems collected."""
    where = dict(file=file, sheet=sheet)
    if raw.shape[0] == 0:
        if table.required:
            problems.append(P.make("missing_table", **where, table=table.name("fr")))
        return None
    if raw.shape[0] - 1 > MAX_ROWS:
        problems.append(P.make("too_many_rows", **where, rows=raw.shape[0] - 1, limit=MAX_ROWS))
        return None
    header = [("" if _is_blank(h) else str(h).strip()) for h in raw.iloc[0].tolist()]
    lookup = column_lookup(table)
    mapping: dict[int, str] = {}
    for i, h in enumerate(header):
        if not h:
            continue
        cid = lookup.get(norm(h))
        if cid is None or cid in mapping.values():
            warnings.append(P.make("extra_column", **where, row=1, column=h, value=h))
            continue
        mapping[i] = cid
    missing = [c for c in table.columns if c.required and c.id not in mapping.values()]
    for c in missing:
        problems.append(P.make("missing_column", **where, row=1, value=c.header("fr"),
                               column_name=f"{c.fr} / {c.nl}"))
    body = raw.iloc[1:]
    body = body[[i for i in mapping]]
    body.columns = [mapping[i] for i in mapping]
    body = body.copy()
    body.index = np.arange(2, 2 + len(body))  # the row numbers the user sees (header is row 1)
    # each column is factorised once: blanks and parsing are decided per distinct value, not per cell
    fact = {c: _factorize(body[c]) for c in body.columns}
    blank = pd.DataFrame({c: _blank_cells(*fact[c]) for c in body.columns}, index=body.index)
    keep = ~blank.all(axis=1).to_numpy() if len(body.columns) else np.zeros(len(body), dtype=bool)
    body, blank = body[keep], blank[keep]
    fact = {c: (codes[keep], uniq) for c, (codes, uniq) in fact.items()}
    out = pd.DataFrame(index=body.index)
    out["src_file"], out["src_sheet"], out["src_row"] = file, sheet, body.index.astype(np.int64)
    header_of = {mapping[i]: header[i] for i in mapping}
    for col in table.columns:
        if col.id not in body.columns:
            out[col.id] = None
            continue
        series = body[col.id]
        isblank = blank[col.id].astype(bool)
        if col.required:
            for r in series.index[isblank.to_numpy()][:MAX_REPORTED_PER_COLUMN]:
                problems.append(P.make("required", **where, row=int(r), column=header_of[col.id]))
        conv = _converter(col, comma_decimal)
        codes, uniq = fact[col.id]
        isblank_u = _blank_values(uniq)
        parsed = np.empty(len(uniq), dtype=object)
        errors: dict[int, tuple] = {}
        for j, u in enumerate(uniq):
            if isblank_u[j]:
                continue
            try:
                parsed[j] = conv(u)
            except _Cell as e:
                errors[j] = (e.code, e.args_)
        ok = ~isblank.to_numpy()
        if errors:
            is_bad = np.zeros(len(uniq), dtype=bool)
            is_bad[list(errors)] = True
            bad = ok & is_bad[np.maximum(codes, 0)] & (codes >= 0)
            by_code: dict[str, int] = {}
            for pos in np.flatnonzero(bad):
                code, args = errors[int(codes[pos])]
                by_code[code] = by_code.get(code, 0) + 1
                if by_code[code] <= MAX_REPORTED_PER_COLUMN:
                    r = series.index[pos]
                    problems.append(P.make(code, **where, row=int(r), column=header_of[col.id],
                                           value=_shown(series.iloc[pos]), **args))
            for code, n in by_code.items():
                if n > MAX_REPORTED_PER_COLUMN:
                    problems.append(P.make(code, **where, column=header_of[col.id],
                                           value=f"... +{n - MAX_REPORTED_PER_COLUMN}",
                                           **errors[next(k for k in errors if errors[k][0] == code)][1]))
            ok &= ~bad
        full_values = np.full(len(out), None, dtype=object)
        full_values[ok] = parsed[codes[ok]]
        full = pd.Series(full_values, index=out.index, dtype=object)
        out[col.id] = _typed(col, full)
    return out


def _factorize(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each cell's code (-1: missing) and the distinct raw values, exactly: 1, 1.0,
    True and '1' stay apart (a workbook cell's type matters to the parsers)."""
    arr = s.to_numpy(dtype=object)
    codes, uniq = pd.factorize(arr)
    uniq = np.asarray(uniq, dtype=object)
    if isinstance(s.dtype, pd.StringDtype) or len(uniq) == 0:
        return codes, uniq
    tcodes, tuniq = pd.factorize(np.fromiter((type(v) for v in arr), dtype=object, count=len(arr)))
    if len(tuniq) == 1:
        return codes, uniq
    both = np.where(codes < 0, -1, codes.astype(np.int64) * len(tuniq) + tcodes)
    values, first, inverse = np.unique(both, return_index=True, return_inverse=True)
    start = 1 if len(values) and values[0] == -1 else 0
    codes = inverse.astype(np.int64) - start
    return codes, arr[first[start:]]


def _blank_values(uniq: np.ndarray) -> np.ndarray:
    return np.fromiter((_is_blank(u) for u in uniq), dtype=bool, count=len(uniq))


def _blank_cells(codes: np.ndarray, uniq: np.ndarray) -> np.ndarray:
    blank_u = _blank_values(uniq)
    return (codes < 0) | (blank_u[np.maximum(codes, 0)] if len(uniq) else True)


def _col_letter(i: int) -> str:
    """0 -> A, 27 -> AB: where a headerless cell is, as the spreadsheet shows it."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _key(v):
    """A hashable key for a raw cell value that keeps 1 and '1' apart."""
    return (type(v).__name__, v if not isinstance(v, float) or not math.isnan(v) else "nan")


def _typed(col: Column, s: pd.Series) -> pd.Series:
    if col.kind == "money" or col.kind == "int":
        return s.astype("Int64")
    if col.kind in ("date", "month"):
        return pd.to_datetime(s, errors="coerce")
    return s


# --------------------------------------------------------------------------- checks across rows and tables

def _empty(table: Table) -> pd.DataFrame:
    frame = pd.DataFrame({c.id: pd.Series(dtype=object) for c in table.columns})
    for c in ("src_file", "src_sheet"):
        frame[c] = pd.Series(dtype=object)
    frame["src_row"] = pd.Series(dtype=np.int64)
    return frame


def _where(frame: pd.DataFrame, idx) -> dict:
    return dict(file=frame.at[idx, "src_file"], sheet=frame.at[idx, "src_sheet"], row=int(frame.at[idx, "src_row"]))


def _col(table_id: str, cid: str) -> str:
    return TABLE_BY_ID[table_id].column(cid).header("fr")


def _check_unique(t: Table, frame: pd.DataFrame, problems: list[P.Problem]) -> None:
    if not t.key or frame.empty:
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


def _check_refs(frame: pd.DataFrame, col: str, known: set, code: str, table_id: str,
                problems: list[P.Problem]) -> pd.Series:
    """Rows whose ``col`` names nothing known are reported; returns the mask of good rows."""
    ok = frame[col].isin(known) | frame[col].isna()
    for n, idx in enumerate(frame.index[~ok.to_numpy()]):
        if n >= MAX_REPORTED_PER_COLUMN:
            problems.append(P.make(code, file=frame.at[idx, "src_file"], sheet=frame.at[idx, "src_sheet"],
                                   column=_col(table_id, col), value=f"... +{int((~ok).sum()) - n}"))
            break
        problems.append(P.make(code, **_where(frame, idx), column=_col(table_id, col), value=frame.at[idx, col]))
    return ok


def _check_dates(frame: pd.DataFrame, start: str, end: str, table_id: str, problems: list[P.Problem]) -> None:
    if frame.empty:
        return
    bad = frame[start].notna() & frame[end].notna() & (frame[end] < frame[start])
    for idx in frame.index[bad.to_numpy()][:MAX_REPORTED_PER_COLUMN]:
        problems.append(P.make("end_before_start", **_where(frame, idx), column=_col(table_id, end),
                               value=frame.at[idx, end].strftime("%d/%m/%Y"),
                               start=frame.at[idx, start].strftime("%d/%m/%Y"),
                               end=frame.at[idx, end].strftime("%d/%m/%Y")))


def _convention(frame: pd.DataFrame, file: str, problems: list[P.Problem]) -> tuple[dict, Parameters | None]:
    if len(frame) != 1:
        problems.append(P.make("one_convention_row", file=file, sheet=frame["src_sheet"].iloc[0] if len(frame) else "",
                               rows=len(frame)))
        if not len(frame):
            return {}, None
    idx = frame.index[0]
    conv = {c: (None if pd.isna(frame.at[idx, c]) else frame.at[idx, c]) for c in frame.columns}
    for k in ("signed",):
        if conv.get(k) is not None:
            conv[k] = conv[k].date()
    for k in ("granted", "amount_2014", "advance_paid", "obj_bilans", "obj_2_1", "obj_2_2", "obj_2_3", "year"):
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
                from .money import mul_share
                conv["granted"] = mul_share(conv["amount_2014"], 1 + params.uplift_on_2014)
                conv["granted_derived"] = True
            else:
                problems.append(P.make("no_granted", **_where(frame, idx), column=_col("convention", "granted")))
        if conv.get("advance_paid") is None and conv.get("granted") is not None:
            from .money import mul_share
            conv["advance_paid"] = mul_share(conv["granted"], params.advance_share)  # R2
            conv["advance_derived"] = True
    conv["_source"] = (frame.at[idx, "src_file"], frame.at[idx, "src_sheet"], int(frame.at[idx, "src_row"]))
    return conv, params


def _cross_checks(inputs: Inputs) -> None:
    """Checks that need more than one row or table (keys, references, ranges)."""
    pr = inputs.problems
    t = inputs.tables
    params = inputs.params
    for table in TABLES:
        if table.id != "convention":
            _check_unique(table, t[table.id], pr)
    staff, payroll, time, caseload = t["staff"], t["payroll"], t["time"], t["caseload"]
    piis, attendance, operating = t["piis"], t["attendance"], t["operating"]
    staff_ids = set(staff["id"].dropna())
    for name in ("payroll", "time", "caseload"):
        t[name] = t[name][_check_refs(t[name], "staff_id", staff_ids, "unknown_staff", name, pr)]
    piis_ids = set(piis["id"].dropna())
    t["attendance"] = attendance[_check_refs(attendance, "piis_id", piis_ids, "unknown_piis", "attendance", pr)]
    _check_dates(staff, "start", "end", "staff", pr)
    _check_dates(piis, "start", "end", "piis", pr)
    _check_dates(piis, "start", "left_on", "piis", pr)

    for idx in staff.index:
        w = _where(staff, idx)
        sid = staff.at[idx, "id"]
        fte = staff.at[idx, "fte"]
        if fte is not None and not pd.isna(fte) and not (Decimal(0) < fte <= Decimal(1)):
            pr.append(P.make("fte_range", **w, column=_col("staff", "fte"), value=fte))
        key = staff.at[idx, "key"]
        method = staff.at[idx, "method"]
        if method is not None and not pd.isna(method) and method != "hours" and key != "time":
            pr.append(P.make("method_not_time", **w, column=_col("staff", "method"), value=sid))
        if key == "fixed" and (staff.at[idx, "share"] is None or pd.isna(staff.at[idx, "share"])):
            pr.append(P.make("no_share", **w, column=_col("staff", "share"), value=sid))
    has_payroll = set(t["payroll"]["staff_id"].dropna())
    for idx in staff.index:
        sid = staff.at[idx, "id"]
        cost = staff.at[idx, "cost"]
        has_cost = cost is not None and not pd.isna(cost)
        if has_cost and sid in has_payroll:
            pr.append(P.make("cost_and_payroll", **_where(staff, idx), column=_col("staff", "cost"), value=sid))
        elif not has_cost and sid not in has_payroll and sid is not None:
            pr.append(P.make("no_cost", **_where(staff, idx), column=_col("staff", "cost"), value=sid))

    # time records: hours per staff and activity, in thousandths of an hour (exact integers)
    time = t["time"]
    hours_by_staff = time.groupby(["staff_id", "activity"])["hours_milli"].sum().unstack(fill_value=0) \
        if not time.empty else pd.DataFrame()
    for act in ("social_activation", "social_work", "professional_activation", "other"):
        if act not in hours_by_staff.columns:
            hours_by_staff[act] = 0
    inputs.hours = hours_by_staff
    cl = t["caseload"]
    bad = cl["piis_files"].notna() & cl["all_files"].notna() & (cl["piis_files"] > cl["all_files"])
    for idx in cl.index[bad.to_numpy()][:MAX_REPORTED_PER_COLUMN]:
        pr.append(P.make("caseload_above_total", **_where(cl, idx), column=_col("caseload", "piis_files"),
                         value=cl.at[idx, "piis_files"], piis=cl.at[idx, "piis_files"], all=cl.at[idx, "all_files"]))
    files = cl.groupby("staff_id")[["piis_files", "all_files"]].sum() if not cl.empty else pd.DataFrame(
        columns=["piis_files", "all_files"])
    inputs.files_by_staff = files
    if params is None:
        return
    days_in_period = (params.period_end - params.period_start).days + 1
    for idx in staff.index:
        sid = staff.at[idx, "id"]
        key = staff.at[idx, "key"]
        w = _where(staff, idx)
        if key == "time":
            if sid not in hours_by_staff.index or hours_by_staff.loc[sid].sum() <= 0:
                pr.append(P.make("no_time_records", **w, column=_col("staff", "key"), value=sid))
                continue
            h = hours_by_staff.loc[sid]
            worked = int(h.sum())
            start, end = staff_period(staff, idx, params)
            days = max((end - start).days + 1, 0)
            limit = params.max_hours_worked_per_fte * days / days_in_period
            if Fraction(worked, MILLI) > Fraction(limit):
                pr.append(P.make("hours_above_year", **w, column=_col("time", "hours"), value=sid,
                                 hours=_hours(worked), limit=f"{limit:.0f}"))
            if staff.at[idx, "method"] == "productive_hours":
                prod = productive_hours(staff, idx, params)
                used = int(h["social_activation"] + h["professional_activation"])
                if prod <= 0 or Fraction(used, MILLI) > prod:
                    pr.append(P.make("hours_above_productive", **w, column=_col("staff", "productive_hours"),
                                     value=sid, hours=_hours(used), limit=f"{float(prod):.2f}"))
        elif key == "caseload":
            if sid not in files.index or int(files.loc[sid, "all_files"]) <= 0:
                pr.append(P.make("no_caseload", **w, column=_col("staff", "key"), value=sid))


def _hours(milli: int) -> str:
    return f"{milli / MILLI:.2f}"


def staff_period(staff: pd.DataFrame, idx, params: Parameters) -> tuple[dt.date, dt.date]:
    """The part of the convention period the staff member worked."""
    s, e = staff.at[idx, "start"], staff.at[idx, "end"]
    start = max(params.period_start, s.date()) if not pd.isna(s) else params.period_start
    end = min(params.period_end, e.date()) if not pd.isna(e) else params.period_end
    return start, end


def productive_hours(staff: pd.DataFrame, idx, params: Parameters) -> Fraction:
    """Productive hours of a staff member: given, or 1 720 h x FTE pro rata of the period worked."""
    given = staff.at[idx, "productive_hours"]
    if given is not None and not pd.isna(given):
        return Fraction(given)
    fte = staff.at[idx, "fte"]
    fte = Fraction(fte) if fte is not None and not pd.isna(fte) else Fraction(1)
    start, end = staff_period(staff, idx, params)
    days = max((end - start).days + 1, 0)
    period_days = (params.period_end - params.period_start).days + 1
    return Fraction(params.productive_hours_per_fte) * fte * Fraction(days, period_days)


def _milli(h: pd.Series) -> pd.Series:
    """Hours (Decimal) -> thousandths of an hour, computed once per distinct value; blank -> 0."""
    codes, uniq = pd.factorize(h.to_numpy(dtype=object))
    milli = np.fromiter((int((Decimal(d) * MILLI).to_integral_value()) for d in uniq), dtype=np.int64,
                        count=len(uniq))
    return pd.Series(np.where(codes < 0, 0, milli[np.maximum(codes, 0)] if len(uniq) else 0).astype(np.int64),
                     index=h.index)


# --------------------------------------------------------------------------- the public function

def load(path: str | Path) -> Inputs:
    """Read and validate the inputs at ``path`` (an .xlsx workbook or a folder of
    CSV files).  Never raises on bad data: problems are in ``Inputs.problems``."""
    path = Path(path)
    problems: list[P.Problem] = []
    warnings: list[P.Problem] = []
    found, hashes = _read_sources(path, problems)
    if not found and not problems:
        problems.append(P.make("no_inputs", file=str(path), path=str(path)))
    tables: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        if table.id not in found:
            if table.required and found:
                problems.append(P.make("missing_table", file=path.name, table=f"{table.fr} / {table.nl}"))
            tables[table.id] = _empty(table)
            continue
        raw, file, sheet, comma = found[table.id]
        frame = _parse_table(table, raw, file, sheet, comma, problems, warnings)
        tables[table.id] = frame if frame is not None else _empty(table)
    for name in ("time", "attendance"):
        h = tables[name]["hours"]
        tables[name]["hours_milli"] = _milli(h) if len(h) else pd.Series(dtype=np.int64)
    convention, params = ({}, None)
    if "convention" in found:
        convention, params = _convention(tables["convention"], found["convention"][1], problems)
    inputs = Inputs(convention=convention, params=params, tables=tables, problems=problems, warnings=warnings,
                    files=hashes, source=str(path))
    if found:
        _cross_checks(inputs)
    return inputs
