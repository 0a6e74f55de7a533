"""parse: one raw table (cells, as ``read`` found them) -> a typed frame with its places.

Owns the header row (French, Dutch or English, near-miss headers when exactly one
column is close), the mapping of columns, the per-column conversion through ``cells``
(once per distinct value) and the warnings saying how a column was read; each bad
cell is a placed problem (file, sheet, row, column, value).  Checks across rows or
tables are ``validate``.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
import re
from decimal import Decimal

import numpy as np
import pandas as pd

from . import problems as P
from .distinct import (BY_OBJECT_FROM, SMALL_BELOW, _blank_values, _factorize, _factorize_texts,  # noqa: F401
                       _factorize_values, _file_in_group)
from .frames import column, labels
from .read import _max_rows
from .read_csv import RawCells, _raw_columns  # noqa: F401  (a raw table: a frame, or a scan's cells)
from .read_xlsx import PercentCell
from .schema import Column, Table, column_lookup, norm
from .cells import (MAX_REPORTED_PER_COLUMN, _AMBIGUOUS, _clean_number_text, _col, _has_ambiguous,
                    _is_blank, _number_lines, _parse_distinct, _parse_number, _plain, _separators_shown, _shown,
                    _shown_or_blank, _where)


def _header_row(raw: pd.DataFrame, lookup: dict) -> int:
    """The header is the row, among the first ten, that names the most known
    columns (a title or blank rows above it are allowed); row 0 by default."""
    return _header_of_rows(raw.iloc[:10].to_numpy(dtype=object).tolist(), lookup)


def _header_of_rows(rows, lookup: dict) -> int:
    """``_header_row`` of the first rows, as lists of cells (any iterable of them)."""
    best, best_n = 0, 0
    for i, row in enumerate(rows):
        n = sum(1 for h in row if not _is_blank(h) and isinstance(h, str)
                and (norm(h.strip()) in lookup or _canon_header(h.strip()) in lookup))
        if n > best_n:
            best, best_n = i, n
            if n == len(row):  # every cell names a column: no row below can name more
                break
    return best


# headers as officers write them: units, rule ids, typographic quotes, abbreviations
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00b4": "'", "`": "'", "\u2013": "-", "\u2014": "-",
                         "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"'})
_UNIT = r"(?:€|eur|euros?|%|en\s*%|in\s*%|r\d+(?:\s*[-,/et&]+\s*r?\d+)*)"
_HEADER_NOISE = (
    (re.compile(r"[(\[]\s*" + _UNIT + r"\s*[)\]]", re.I), " "),      # "(EUR)", "(R9)", "[€]", "(en %)"
    (re.compile(r"\b(?:en|in)\s*%", re.I), " %"),                    # "autre financement en %"
    (re.compile(r"€|\beuros?\b|\beur\b", re.I), " "),               # "coût employeur €"
    (re.compile(r"\br[ée]f\.?(?=\s|$)|\bref\.?(?=\s|$)", re.I), "référence "),  # "Réf. marché public"
    (re.compile(r"\bnr\.?(?=\s|$)|\bn°", re.I), "nummer "),
)
# close names no spelling rule can find (normalised): table -> spelling -> column
HEADER_SYNONYMS: dict[str, dict[str, str]] = {
    "piis": {"date de sortie": "left_on", "date d abandon": "left_on", "date abandon": "left_on", "sortie": "left_on",
             "datum uitstap": "left_on", "uitstapdatum": "left_on", "datum stopzetting": "left_on",
             "motif de sortie": "leave_reason", "motif abandon": "leave_reason", "reden stopzetting": "leave_reason"},
    "operating": {"% as": "share", "% sa": "share", "part as": "share", "aandeel sa": "share",
                  "marche public": "procurement_ref", "overheidsopdracht": "procurement_ref"},
    "staff": {"cout": "cost", "kost": "cost", "% as": "share", "part": "share", "aandeel": "share"},
}
MAX_UNKNOWN_LISTED = 10  # more unknown columns than this: one summarised warning


@functools.lru_cache(maxsize=1 << 14)
def _canon_header(h: str) -> str:
    s = h.translate(_QUOTES)
    for rx, rep in _HEADER_NOISE:
        s = rx.sub(rep, s)
    return norm(s)


def _close_columns(table: Table, canon: str) -> set[str]:
    """The known columns of ``table`` whose name is close to the header ``canon``."""
    import difflib
    syn = HEADER_SYNONYMS.get(table.id, {}).get(canon)
    if syn:
        return {syn}
    close, within = set(), set()
    words = set(canon.split())
    for c in table.columns:
        for name in (c.id.replace("_", " "), c.fr, c.nl, *c.aliases):
            if difflib.SequenceMatcher(None, canon, norm(name)).ratio() >= 0.85:
                close.add(c.id)
            if words and words < set(norm(name).split()):
                within.add(c.id)  # "montant": a part of "montant octroyé" and of "montant 2014"
    # a header that is only part of several names is ambiguous; part of one name is not
    # enough to map it ("heures" is not "heures productives"): it stays unknown
    return close | within if len(within) > 1 else close


def _map_headers(table: Table, header: list[str], lookup: dict, where: dict, row: int,
                 problems: list[P.Problem], warnings: list[P.Problem],
                 dups: list | None = None) -> dict[int, str]:
    """Column index -> column id.  Exact names first; then a header that, once
    units, rule ids, quotes and abbreviations are set aside, names exactly one
    known column is mapped (warning); close to two or more: refused; else unknown."""
    mapping: dict[int, str] = {}
    dups = dups if dups is not None else []
    rest = []
    for i, h in enumerate(header):
        if not h:
            continue
        cid = lookup.get(norm(h))
        if cid is None:
            rest.append(i)
        elif cid in mapping.values():
            dups.append((i, cid))  # decided by the caller, who sees the cells
        else:
            mapping[i] = cid
    unknown = []
    for i in rest:
        h = header[i]
        canon = _canon_header(h)
        cid = lookup.get(canon)
        close = {cid} if cid else _close_columns(table, canon)
        if len(close) == 1 and close <= set(mapping.values()):  # "coût employeur (€)" beside "coût employeur"
            dups.append((i, next(iter(close))))
            continue
        close -= set(mapping.values())
        if len(close) == 1:
            cid = close.pop()
            mapping[i] = cid
            c = table.column(cid)
            warnings.append(P.make("w_header_mapped", **where, row=row, column=h, value=h, column_name=f"{c.fr} / {c.nl}"))
        elif len(close) > 1:
            names = ", ".join(f"« {table.column(c).fr} / {table.column(c).nl} »" for c in sorted(close))
            problems.append(P.make("ambiguous_header", **where, row=row, column=h, value=h, candidates=names))
        else:
            unknown.append(h)
    if len(unknown) > MAX_UNKNOWN_LISTED:
        warnings.append(P.make("w_extra_columns", **where, row=row, count=len(unknown),
                               names=", ".join(f"« {h} »" for h in unknown[:5]) + ", …"))
    else:
        for h in unknown:
            warnings.append(P.make("extra_column", **where, row=row, column=h, value=h))
    return mapping


def _parse_table(table: Table, raw: pd.DataFrame | RawCells, file: str, sheet: str, comma_decimal: bool,
                 problems: list[P.Problem], warnings: list[P.Problem], first_row: int = 1,
                 seen: list | None = None, meta: dict | None = None) -> pd.DataFrame | None:
    """Headers mapped, blank rows dropped, every cell parsed; problems collected.
    ``seen`` receives each column's distinct values (file, sheet, header, values,
    codes, rows) for the personal-data scan, which so costs no second pass."""
    where = dict(file=file, sheet=sheet)
    lookup = _column_lookup(table)
    formula_cells = raw.attrs.pop("formula_cells", []) if first_row == 1 else []
    lines = raw.attrs.pop("lines", None)  # a CSV with line breaks inside cells: each record's first line
    cols, text_only = _raw_columns(raw)
    n_raw = raw.shape[0]
    # the first rows made as asked for: the header is most often the first, naming every column
    h0 = _header_of_rows(([c[i] for c in cols] for i in range(min(10, n_raw))), lookup) if n_raw else 0
    if h0:
        above = [first_row + i for i in range(h0) if not all(_is_blank(c[i]) for c in cols)]
        if above:
            warnings.append(P.make("w_rows_above_header", **where, row=above[0], header=first_row + h0,
                                   rows=", ".join(map(str, above))))
        cols = [c[h0:] for c in cols]
        n_raw -= h0
        first_row += h0
    if n_raw == 0 or all(_is_blank(c[0]) for c in cols):
        if table.required:
            problems.append(P.make("missing_table", **where, table=table.name("fr")))
        return None
    if n_raw - 1 > _max_rows():
        problems.append(P.make("too_many_rows", **where, rows=n_raw - 1, limit=_max_rows()))
        return None
    header = [("" if _is_blank(c[0]) else str(c[0]).strip()) for c in cols]
    body = [c[1:] for c in cols]
    group = getattr(raw, "group", None)  # a file of a scan: its columns factorised once for all its files
    lo = raw.start + h0 + 1 if group is not None else 0  # (its body's first row in the scan's columns)

    whole = _file_in_group(group, lo, lo + n_raw - 1) if group is not None and all(text_only) else None

    def factorize(i: int):  # (codes, distinct values, cells, blank per distinct value, places in the scan, blank cells)
        if whole is not None:
            codes, uniq, blank_u, order, blank_rows = whole[i]
            return codes, uniq, body[i], blank_u, order, blank_rows
        codes, uniq, values = _factorize(body[i], text_only[i])
        return codes, uniq, values, _blank_values(uniq), None, None
    dups: list[tuple[int, str]] = []
    mapping = _map_headers(table, header, lookup, where, first_row, problems, warnings, dups)
    for i, cid in dups:  # a second column with the same header: which one holds the values?
        first = next(k for k, v in mapping.items() if v == cid)
        a = [_shown_or_blank(v) for v in body[first]]
        b = [_shown_or_blank(v) for v in body[i]]
        if all(v == "" for v in b) or a == b:  # empty, or the same values: nothing to choose
            warnings.append(P.make("extra_column", **where, row=first_row, column=header[i], value=header[i]))
        else:
            problems.append(P.make("duplicate_column", **where, row=first_row, column=header[i], value=header[i],
                                   first=_col_letter(first), second=_col_letter(i)))
    for r, c, formula, error in formula_cells:
        if c not in mapping or r + 1 <= first_row:
            continue
        if error:  # "#DIV/0!", "#REF!": pandas would read a blank cell
            problems.append(P.make("error_cell", **where, row=r + 1, column=header[c], value=error,
                                   formula=formula or "-"))
        else:  # a formula the writing tool did not compute, in a column read
            problems.append(P.make("formula_no_value", **where, row=r + 1, column=header[c],
                                   value=f"{_col_letter(c)}{r + 1}", formula=formula))
    # cells under no header at all are not silently dropped: say where they are
    for i, h in enumerate(header):
        if h:
            continue
        filled = np.fromiter((_is_blank(v) for v in body[i]), dtype=bool, count=len(body[i]))
        if len(filled) and not filled.all():
            r = first_row + 1 + int(np.argmin(filled))
            warnings.append(P.make("w_cells_without_header", **where, row=r, column=_col_letter(i),
                                   count=int((~filled).sum())))
    missing = [c for c in table.columns if c.required and c.id not in mapping.values()]
    for c in missing:
        problems.append(P.make("missing_column", **where, row=first_row, value=c.header("fr"),
                               column_name=f"{c.fr} / {c.nl}"))
    n = n_raw - 1
    rows_all = np.arange(first_row + 1, first_row + 1 + n) if lines is None else lines[len(lines) - n:]
    if seen is not None:
        for i in range(len(cols)):
            if i not in mapping:  # extra and headerless columns: scanned too, never parsed
                codes, uniq, _cells, _b, _o, _r = factorize(i)
                seen.append((file, sheet, header[i] or _col_letter(i), uniq, codes, rows_all))
    # each column is factorised once: blanks and parsing are decided per distinct value, not per cell;
    # the columns are plain arrays until the frame is made once (pandas costs more than parsing a small table)
    fact: dict[str, tuple] = {}  # column id -> (codes, distinct values, blank per distinct value, raw cells)
    places: dict[str, np.ndarray | None] = {}  # column id -> its distinct values' places among the scan's
    blank: dict[str, np.ndarray] = {}  # column id -> its blank cells
    for i, cid in mapping.items():
        codes, uniq, values, blank_u, places[cid], blank_rows = factorize(i)
        fact[cid] = (codes, uniq, blank_u, values)
        # a cell is blank when its code is -1 (missing) or its distinct value is blank
        blank[cid] = np.append(blank_u, True)[codes] if blank_rows is None else blank_rows
    keep = ~np.logical_and.reduce(list(blank.values())) if blank else np.zeros(n, dtype=bool)
    kept = np.flatnonzero(keep)  # the raw cells' positions of the rows kept
    rows = rows_all[keep]  # the row numbers the user sees
    if len(kept) < n:  # (no blank row, the common case: every column as it is)
        blank = {c: b[keep] for c, b in blank.items()}
        fact = {c: (codes[keep], uniq, blank_u, values) for c, (codes, uniq, blank_u, values) in fact.items()}
    out: dict[str, object] = {"src_file": file, "src_sheet": sheet, "src_row": rows.astype(np.int64)}
    header_of = {mapping[i]: header[i] for i in mapping}
    mapping_of = {cid: i for i, cid in mapping.items()}
    if seen is not None:
        for c, (codes, uniq, _b, _v) in fact.items():
            seen.append((file, sheet, header_of[c], uniq, codes, rows))
    for col in table.columns:
        if col.id not in fact:
            out[col.id] = None
            continue
        codes, uniq, isblank_u, values = fact[col.id]
        isblank = blank[col.id]
        if col.required:
            for r in rows[isblank][:MAX_REPORTED_PER_COLUMN]:
                problems.append(P.make("required", **where, row=int(r), column=header_of[col.id]))
        numeric = col.kind in ("int", "decimal", "money", "percent")
        lines = _number_lines(uniq) if numeric else None
        decimal_sep, example, _ = _separators_shown(uniq, lines) if numeric else (None, None, set())
        parsed, errors = _parse_distinct(col, comma_decimal, decimal_sep, uniq, isblank_u) \
            if places[col.id] is None else \
            _parse_in_group(group, mapping_of[col.id], places[col.id], col, comma_decimal, decimal_sep)
        if errors and col.kind == "percent":
            _percent_one_read(uniq, parsed, errors, codes, ~isblank, lambda pos: (values[kept[pos]], int(rows[pos])),
                              header_of[col.id], where, warnings)
        ok = ~isblank
        if errors:
            is_bad = np.zeros(len(uniq), dtype=bool)
            is_bad[list(errors)] = True
            bad = ok & is_bad[np.maximum(codes, 0)] & (codes >= 0)
            by_code: dict[str, int] = {}
            for pos in np.flatnonzero(bad):
                code, args = errors[int(codes[pos])]
                by_code[code] = by_code.get(code, 0) + 1
                if by_code[code] <= MAX_REPORTED_PER_COLUMN:
                    problems.append(P.make(code, **where, row=int(rows[pos]), column=header_of[col.id],
                                           value=_shown(values[kept[pos]]), **args))
            for code, n_code in by_code.items():
                if n_code > MAX_REPORTED_PER_COLUMN:
                    problems.append(P.make(code, **where, column=header_of[col.id],
                                           value=f"... +{n_code - MAX_REPORTED_PER_COLUMN}",
                                           **errors[next(k for k in errors if errors[k][0] == code)][1]))
            ok &= ~bad
        if numeric:
            _say_how_read(col, uniq, codes, ok, lambda pos: (values[kept[pos]], int(rows[pos])),
                          decimal_sep, example, header_of[col.id], where, warnings, lines)
        out[col.id] = _typed(col, parsed, codes, ok)
    if meta is not None:  # (not in DataFrame.attrs: pandas deep-copies those on every operation)
        meta["headers"] = header_of
        meta["blank"] = blank
    return _frame(out, _row_index(rows))


def _parse_in_group(group, i: int, order: np.ndarray, col: Column, comma_decimal: bool, decimal_sep: str | None):
    """``_parse_distinct`` of a scanned file's distinct values (``order``: their places among the distinct
    values of the scan's column ``i``, ``distinct._file_in_group``): each of the scan's distinct values is parsed
    once per reading (the column, the separators) for all the files that hold it."""
    _codes, all_uniq, all_blank = group.cache[i]
    key = (i, col, comma_decimal, decimal_sep)
    got = group.cache.get(key)
    if got is None:  # (parsed, parsed yet, refusals by place)
        got = group.cache[key] = (np.empty(len(all_uniq), dtype=object), np.zeros(len(all_uniq), dtype=bool), {})
    parsed, done, refused = got
    todo = order[~done[order]]
    if len(todo):
        new, errors = _parse_distinct(col, comma_decimal, decimal_sep, all_uniq[todo], all_blank[todo])
        parsed[todo] = new
        done[todo] = True
        for j, error in errors.items():
            refused[int(todo[j])] = error
    if not refused:
        return parsed[order], {}
    return parsed[order], {j: refused[g] for j, g in enumerate(order.tolist()) if g in refused}


def _percent_one_read(uniq: np.ndarray, parsed: np.ndarray, errors: dict, codes: np.ndarray, ok: np.ndarray, cell_at,
                      header: str, where: dict, warnings: list[P.Problem]) -> None:
    """« 1 » in a percent column, refused by ``cells`` (``percent_one``: 100 % typed as a fraction, or 1 %?), is
    read as 1 % where the column itself shows its 0-100 scale: another of its values, typed without a percent
    format, is above 1.  Said once per column; elsewhere the cell stays refused (issue 9: never guess)."""
    ones = [j for j, (code, _args) in errors.items() if code == "percent_one"]
    scale = next((j for j, v in enumerate(parsed) if v is not None and v > 1 and not isinstance(uniq[j], PercentCell)),
                 None) if ones else None
    if scale is None:
        return
    for j in ones:
        parsed[j] = Decimal(1)
        del errors[j]
    flag = np.zeros(len(uniq), dtype=bool)
    flag[ones] = True
    n, pos = _first_and_count(flag, ok, codes)
    if n:
        v, row = cell_at(pos)
        warnings.append(P.make("w_percent_one_from_column", **where, row=row, column=header, value=_shown(v).strip(),
                               example=_shown(uniq[scale]).strip(), count=n))


def _first_and_count(flag: np.ndarray, ok: np.ndarray, codes: np.ndarray) -> tuple[int, int]:
    """How many of the cells taken (``ok``) hold a distinct value ``flag`` marks, and the first one's position."""
    hit = ok & (codes >= 0) & flag[np.maximum(codes, 0)]
    n = int(hit.sum())
    return (n, int(np.argmax(hit))) if n else (0, -1)


@functools.lru_cache(maxsize=None)
def _column_lookup(table: Table) -> dict[str, str]:
    """``column_lookup``, made once per table (read only)."""
    return column_lookup(table)


def _say_how_read(col: Column, uniq: np.ndarray, codes: np.ndarray, ok: np.ndarray, cell_at,
                  decimal_sep: str | None, example, header: str, where: dict, warnings: list[P.Problem],
                  lines: str | None = None) -> None:
    """One warning per column and reading that the file itself decided: thousands
    read from the column's decimal separator, percent cells read from their format.
    ``cell_at(pos)``: the raw cell at a position of ``codes`` and its row number;
    ``lines``: ``cells._number_lines(uniq)`` when known."""
    if decimal_sep is not None and _has_ambiguous(uniq, lines):
        flag = np.fromiter((isinstance(u, str) and (m := _AMBIGUOUS.fullmatch(_clean_number_text(u))) is not None
                            and m.group(1) != decimal_sep for u in uniq), dtype=bool, count=len(uniq))
        n, pos = _first_and_count(flag, ok, codes) if flag.any() else (0, -1)
        if n:
            v, row = cell_at(pos)
            warnings.append(P.make("w_thousands_from_column", **where, row=row, column=header,
                                   value=str(v).strip(), read=_plain(_parse_number(v, decimal_sep, col.kind)),
                                   dec=decimal_sep, example=str(example).strip(), count=n))
    if col.kind == "percent" and lines is None:  # (all text: no cell has a percent format)
        flag = np.fromiter((isinstance(u, PercentCell) for u in uniq), dtype=bool, count=len(uniq))
        n, pos = _first_and_count(flag, ok, codes) if flag.any() else (0, -1)
        if n:
            v, row = cell_at(pos)
            warnings.append(P.make("w_percent_format", **where, row=row, column=header,
                                   value=_shown(v), stored=_plain(_parse_number(v)), count=n))


def _check_blank_amounts(operating: pd.DataFrame, meta: dict, problems: list[P.Problem]) -> None:
    """Only a participant refund may leave its amount blank (computed from the
    attendance, R11); any other ledger line without an amount is refused."""
    if operating.empty:
        return
    headers = meta.get("headers", {})
    if "amount" not in headers:
        blank = np.ones(len(operating), dtype=bool)  # no amount column at all
    else:
        blank = meta.get("blank", {}).get("amount", np.zeros(len(operating), dtype=bool))
    purpose = column(operating, "purpose", dtype=object)  # (numpy, not Series arithmetic: a fixed cost per CPAS)
    named = ~pd.isna(purpose)
    other = np.zeros(len(purpose), dtype=bool)
    other[named] = purpose[named] != "participant_refund"
    bad = blank & other
    header = headers.get("amount", _col("operating", "amount"))
    for idx in operating.index[bad][:MAX_REPORTED_PER_COLUMN]:
        problems.append(P.make("amount_blank", **_where(operating, idx), column=header))


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


_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def _typed(col: Column, parsed: np.ndarray, codes: np.ndarray, ok: np.ndarray):
    """A column's values (``parsed`` per distinct value, taken where ``ok``; missing
    elsewhere) as an array of its kind: Int64 (cents, counts), datetime64[s] (dates,
    as ``pd.to_datetime`` makes them from dates), else objects."""
    take = codes[ok]
    if col.kind == "money" or col.kind == "int":
        values = np.zeros(len(codes), dtype=np.int64)
        values[ok] = np.array([0 if v is None else v for v in parsed], dtype=np.int64)[take]
        return pd.arrays.IntegerArray(values, ~ok)
    if col.kind in ("date", "month"):  # every parsed value is a datetime.date
        values = np.full(len(codes), np.datetime64("NaT"), dtype="datetime64[s]")
        epoch = _EPOCH_ORDINAL  # days since 1970 (numpy reads a date object ten times slower; a list beats fromiter)
        days = np.array([0 if d is None else d.toordinal() - epoch for d in parsed], dtype=np.int64)
        values[ok] = days.astype("datetime64[D]")[take]
        return values
    values = np.empty(len(codes), dtype=object)  # None where not ok
    values[ok] = parsed[take]
    return values


ONE_BLOCK_BELOW = 5000  # rows: a shorter table's columns of one dtype make one block


def _frame(columns: dict, index: pd.Index) -> pd.DataFrame:
    """One frame from the columns (arrays, or a text or None for every row) made once,
    as ``pd.DataFrame(columns, index=index)`` makes it from one Series per column (an
    array of objects stays objects), without pandas checking and stacking each column again."""
    try:
        from pandas.api.internals import create_dataframe_from_blocks
    except ImportError:  # pandas before 2.3
        return pd.DataFrame({k: pd.Series(v, index=index, dtype=object, copy=False)
                             if isinstance(v, np.ndarray) and v.dtype == object else v for k, v in columns.items()},
                            index=index, copy=False)
    n = len(index)
    # a short table's numpy columns of one dtype: one block, as pandas consolidates them (a block
    # costs more than copying a few cells); a long table's: a block each (copying would cost more)
    blocks, groups = [], {}
    for i, v in enumerate(columns.values()):
        if isinstance(v, str):
            blocks.append((_text_array(v, n), np.array([i])))
        elif v is not None and not isinstance(v, np.ndarray):  # an extension array (Int64)
            blocks.append((v, np.array([i])))
        else:
            dtype = np.dtype(object) if v is None else v.dtype
            groups.setdefault(dtype if n < ONE_BLOCK_BELOW else i, (dtype, []))[1].append((i, v))
    for dtype, cols in groups.values():
        if len(cols) == 1 and cols[0][1] is not None:
            values = cols[0][1].reshape(1, n)
        else:
            values = np.empty((len(cols), n), dtype=dtype)  # an array of objects is filled with None
            for j, (_i, v) in enumerate(cols):
                if v is not None:
                    values[j] = v
        values = _dates_block(values) if values.dtype.kind == "M" else values  # (pandas would check them again)
        blocks.append((values, np.array([i for i, _v in cols])))
    return create_dataframe_from_blocks(blocks, index=index, columns=labels(tuple(columns)))


def _dates_block(values: np.ndarray):
    """datetime64 columns (a 2-D block) as pandas' ``DatetimeArray``, not checked again (~50 µs a frame)."""
    try:
        return pd.arrays.DatetimeArray._simple_new(values, dtype=values.dtype)
    except (AttributeError, TypeError, ValueError):
        return values


def _row_index(rows: np.ndarray) -> pd.Index:
    """``pd.Index(rows)`` of a table's int64 row numbers, their kind not inferred again (~17 µs a frame)."""
    if hasattr(pd.Index, "_simple_new") and isinstance(rows, np.ndarray) and rows.dtype == np.int64 and rows.ndim == 1:
        return pd.Index._simple_new(rows)
    return pd.Index(rows)


def _text_array(text: str, n: int):
    """A column of one text repeated, of the dtype pandas gives it (taken from a
    one-row column: pandas would check every cell of a new string array)."""
    return _one_text(text).take(np.zeros(n, dtype=np.intp))


@functools.lru_cache(maxsize=1024)
def _one_text(text: str):
    dtype = _text_dtype()
    return np.array([text], dtype=object) if dtype == object else pd.array([text], dtype=dtype)


@functools.cache
def _text_dtype():
    """The dtype pandas gives a column of one text repeated (its string dtype, or objects)."""
    return pd.DataFrame({"t": "x"}, index=[0])["t"].dtype


# --------------------------------------------------------------------------- checks across rows and tables

def _empty(table: Table) -> pd.DataFrame:
    frame = pd.DataFrame({c.id: pd.Series(dtype=object) for c in table.columns})
    for c in ("src_file", "src_sheet"):
        frame[c] = pd.Series(dtype=object)
    frame["src_row"] = pd.Series(dtype=np.int64)
    return frame
