"""The loader's fast paths give what the plain paths give, on awkward values.

- a UTF-8 CSV file goes to pandas as bytes, not as decoded text: same frame;
- typed columns are built from arrays, not by ``astype("Int64")`` / ``pd.to_datetime``: same Series;
- the table's frame is made once from arrays, not from one Series per column: same frame;
- each distinct text is parsed once per column and separators (kept for the next table): same values and refusals;
- a CSV column (all text) is factorised without telling cell types apart: same codes and values;
- a long column is factorised by its cells' objects, then by value: same codes and values as ``pd.factorize``;
- a number column's separators and ambiguous texts found by regular expressions over all its values: the same
  separators, examples and warnings as value by value;
- ``norm`` is cached on the text: same result for numbers, booleans and text."""
import datetime as dt
import io
import unicodedata

import numpy as np
import pandas as pd
import pytest

from activsoc_costs import read as R
from activsoc_costs import read_csv as RC  # where _read_csv looks _decode up
from activsoc_costs import cells as C
from activsoc_costs.parse import _factorize, _frame, _typed
from activsoc_costs.read_xlsx import PercentCell
from activsoc_costs.schema import TABLE_BY_ID, norm

CSV_TEXTS = [
    "id;montant\r\nS1;1,5\r\nS2;2\r\n",
    "\ufeffid;montant\nS1;1,5\n\n\nS2;\n",
    "sep=;\nid;montant\nS1;1,5\n",
    "\ufeffsep=,\r\nid,montant\r\nS1,\"1,5\"\r\n",
    "id;note\rS1;a\rS2;b\r",                                    # old Mac line ends
    'id;note\nS1;"deux\nlignes"\nS2;"un ""mot"""\n',            # a note on two lines, doubled quotes
    "id;note\nS1;é€ – “x” \u00a0\u2028y\nS2;z;extra;cells\n",    # non-ASCII, line separator, ragged row
    "id;note\nS1\nS2;b;\n;\n",                                  # short rows, empty cells
    "\ufeff\ufeffid;note\nS1;x\n",                              # a BOM twice
    "id;note\nS1;x\x00y\n",                                     # a NUL byte
    "   \n\n",
]


def _encodable(text, encoding):
    try:
        text.encode(encoding)
        return True
    except UnicodeEncodeError:
        return False


# each text in each encoding that can write it (cp1252 cannot write a line separator)
ENCODED = [(t, e) for t in CSV_TEXTS for e in ("utf-8", "utf-8-sig", "cp1252", "utf-16") if _encodable(t, e)]


@pytest.mark.parametrize("text,encoding", ENCODED)
def test_csv_read_from_bytes_same_as_from_text(tmp_path, monkeypatch, text, encoding):
    data = text.encode(encoding)
    p = tmp_path / "f.csv"
    p.write_bytes(data)
    if encoding.startswith("utf-8"):
        assert R._decode(data)[1] is not None  # the fast path is the one tested

    def outcome():
        try:
            frame, comma, first = R._read_csv(p)
        except Exception as e:  # the same refusal either way
            return type(e).__name__, str(e)
        return frame, frame.attrs.get("lines"), comma, first

    fast = outcome()
    plain_decode = R._decode
    monkeypatch.setattr(RC, "_decode", lambda d: (plain_decode(d)[0], None))  # always from the text
    plain = outcome()
    if isinstance(fast[0], pd.DataFrame):
        pd.testing.assert_frame_equal(fast[0], plain[0], check_exact=True)
        assert [type(v) for v in fast[0].to_numpy(dtype=object).ravel()] == \
            [type(v) for v in plain[0].to_numpy(dtype=object).ravel()]
        assert (fast[1] is None and plain[1] is None) or np.array_equal(fast[1], plain[1])
        assert fast[2:] == plain[2:]
    else:
        assert fast == plain


def _col(kind):
    return next(c for t in TABLE_BY_ID.values() for c in t.columns if c.kind == kind)


@pytest.mark.parametrize("kind", ["money", "int", "date", "month", "text", "decimal"])
@pytest.mark.parametrize("case", ["mixed", "all_missing", "empty", "bounds"])
def test_typed_column_same_as_astype_and_to_datetime(kind, case):
    col = _col(kind)
    if kind in ("money", "int"):
        distinct = [0, 5, 10 ** 14, None, 123456789]
    elif kind in ("date", "month"):
        distinct = [dt.date(1990, 1, 1), dt.date(2100, 12, 31), None, dt.date(2015, 2, 28), dt.date(1970, 1, 1),
                    dt.date(1969, 12, 31), dt.date(1900, 2, 28), dt.date(2016, 2, 29)]
    else:
        distinct = ["a", "", None, "1,5"]
    parsed = np.array(distinct + [None], dtype=object)[:len(distinct)]
    every = list(range(len(distinct)))[::-1]
    codes = {"mixed": [0, 1, -1, 2, 3, 1, 4 % len(distinct)] + every, "all_missing": [-1, 2, -1],
             "empty": [], "bounds": [0, 1, 0, 1]}[case]
    codes = np.array(codes, dtype=np.int64)
    ok = (codes >= 0) & np.array([c >= 0 and parsed[c] is not None for c in codes], dtype=bool)
    index = pd.Index(np.arange(2, 2 + len(codes), dtype=np.int64))
    got = _frame({"c": _typed(col, parsed, codes, ok)}, index)["c"]
    full = np.full(len(codes), None, dtype=object)
    full[ok] = parsed[codes[ok]]
    s = pd.Series(full, index=index, dtype=object)
    if kind in ("money", "int"):
        want = s.astype("Int64")
    elif kind in ("date", "month"):
        want = pd.to_datetime(s, errors="coerce")
    else:
        want = s
    pd.testing.assert_series_equal(got, want, check_exact=True, check_names=False)
    assert [type(v) for v in got.tolist()] == [type(v) for v in want.tolist()]


def _norm_uncached(text):
    import re
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9%.]+", " ", s.lower()).strip()


@pytest.mark.parametrize("value", [1, 1.0, True, "1", "1.0", "True", " Coût  employeur (€) ", "Œuvre", "ß", "", None,
                                   np.float64(1.0), np.int64(1), "Aandeel SA %"])
def test_norm_cached_same_as_computed(value):
    assert norm(value) == _norm_uncached(value)
    assert norm(value) == _norm_uncached(value)  # the second call comes from the cache


@pytest.mark.parametrize("n", [0, 1, 4, 5003])  # (5003: a long table, a block per column)
def test_frame_from_arrays_same_as_from_series(n):
    from activsoc_costs.parse import ONE_BLOCK_BELOW
    assert ONE_BLOCK_BELOW < 5003
    from decimal import Decimal
    index = pd.Index(np.arange(2, 2 + n, dtype=np.int64))
    cycle = lambda vals: np.array([vals[i % len(vals)] for i in range(n)], dtype=object)  # noqa: E731
    columns = {
        "src_file": "personnel.csv", "src_sheet": "", "src_row": np.arange(2, 2 + n, dtype=np.int64),
        "text": cycle(["a", "b"]),                      # all text: pandas would make it its string dtype
        "text_missing": cycle(["a", None]),
        "none": cycle([None]),
        "decimal": cycle([Decimal("1.5"), None, Decimal("0")]),
        "absent": None,
        "cents": pd.arrays.IntegerArray(np.arange(n, dtype=np.int64), np.arange(n) % 2 == 1),
        "date": np.array([np.datetime64("2015-01-01", "s"), np.datetime64("NaT")] * n, dtype="datetime64[s]")[:n],
        "text_again": cycle(["c", None, "d"]),         # columns of one dtype apart: one block, in their places
        "date_again": np.array([np.datetime64("NaT"), np.datetime64("2016-02-29", "s")] * n, dtype="datetime64[s]")[:n],
        "absent_again": None,
        "cents_again": pd.arrays.IntegerArray(np.arange(n, dtype=np.int64) * 7, np.arange(n) % 3 == 0),
        "count": np.arange(n, dtype=np.int64) * 3,
        "sheet": "Feuil1",
    }
    _frame(columns, index).columns.name = "renamed"  # the next frame's labels are not this one's
    got = _frame(columns, index)
    def series(v):  # one Series per column, as the frame was made before
        if isinstance(v, np.ndarray) and v.dtype == object:
            return pd.Series(v, index=index, dtype=object)
        return pd.Series(v, index=index) if isinstance(v, (np.ndarray, pd.api.extensions.ExtensionArray)) else v
    want = pd.DataFrame({k: series(v) for k, v in columns.items()}, index=index)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert list(got.dtypes) == list(want.dtypes)
    assert [type(v) for v in got.to_numpy(dtype=object).ravel()] == \
        [type(v) for v in want.to_numpy(dtype=object).ravel()]
    if n:  # the dates' block (made as pandas keeps it) behaves as pandas' own: set, shift, compare
        for f in (got, want):
            f.loc[f.index[0], "date"] = pd.Timestamp("2015-06-30")
            f["later"] = f["date_again"] > f["date"]
        pd.testing.assert_frame_equal(got, want, check_exact=True)
        pd.testing.assert_series_equal(got["date"].dt.month, want["date"].dt.month)


AWKWARD = ["1.250", "95.000", "(95.000)", "-95.000", "1,250", "1,5", "1.5", " 7:30 ", "7:30", "abc", "1e309", "-1",
           "0,6", "60 %", "60%", "150", "1.250,00", "1,250,000", "€ 12,50", "12.345.678,90", "0", "00012",
           "31/02/2015", "2015-01-01", "01/01/1989", "01/2015", "2015-13", "42005", "42005.0", "15/06/2015 00:00:00",
           "activation sociale", "Sociale Activering", "2,1", "2.1", "inconnu", "  S00001  ", "nan", "None",
           1.0, 1, True, 0.6, 42005, PercentCell(0.1), PercentCell(0.0), dt.date(2015, 1, 1),
           dt.datetime(2015, 1, 1, 12), dt.timedelta(hours=7, minutes=30), dt.time(7, 30), float("inf"), None]


def _plain_outcome(conv, v):
    try:
        return "ok", conv(v)
    except C._Cell as e:
        return "refused", (e.code, e.args_)


@pytest.mark.parametrize("decimal_sep", [None, ",", "."])
@pytest.mark.parametrize("col", sorted({(c.kind, c.enum): c for t in TABLE_BY_ID.values() for c in t.columns}.values(),
                                       key=lambda c: (c.kind, str(c.enum))), ids=lambda c: f"{c.kind}-{c.enum}")
def test_distinct_values_parsed_once_same_as_each_alone(col, decimal_sep):
    uniq = np.array(AWKWARD, dtype=object)
    blank = np.array([C._is_blank(v) for v in AWKWARD], dtype=bool)
    conv = C._converter(col, True, decimal_sep)
    want = [None if b else _plain_outcome(conv, v) for v, b in zip(AWKWARD, blank)]
    for _ in range(2):  # the second time from what the first kept
        parsed, errors = C._parse_distinct(col, True, decimal_sep, uniq, blank)
        got = [None if b else ("refused", errors[j]) if j in errors else ("ok", parsed[j])
               for j, b in enumerate(blank)]
        assert got == want
        assert [type(g[1]) for g in got if g] == [type(w[1]) for w in want if w]
        assert all(parsed[j] is None for j in errors) and all(parsed[j] is None for j in np.flatnonzero(blank))
        assert list(errors) == sorted(errors)  # in the values' order: the first refusal of a kind is named


@pytest.mark.parametrize("cells", [[], ["a"], ["a", "b", "a", "", " a", "A"], ["1", "1.0", "True", "1"],
                                   ["x", float("nan"), "x", float("nan"), "y"], [float("nan")]])
def test_text_column_factorised_same_as_typed(cells):
    arr = pd.Series(cells, dtype="str").to_numpy(dtype=object) if cells else np.array([], dtype=object)
    fast = _factorize(arr, True)
    plain = _factorize(arr, False)
    assert np.array_equal(fast[0], plain[0])
    assert list(fast[1]) == list(plain[1]) and [type(v) for v in fast[1]] == [type(v) for v in plain[1]]


def _awkward_frames():
    n = [None, float("nan"), pd.NaT]
    mixed = pd.DataFrame({0: np.array(["id", 1, 1.0, True, PercentCell(0.1), dt.datetime(2015, 1, 1), pd.Timestamp("2015-01-02"),
                                       dt.date(2015, 1, 3), dt.time(7, 30), dt.timedelta(hours=3), *n], dtype=object)})
    frames = [
        pd.DataFrame({0: ["id", "S1", "", None], 1: ["montant", "1,5", " ", "x"]}, dtype="str"),
        pd.DataFrame({0: ["id", "S1", "", None], 1: ["montant", "1,5", " ", "x"]}, dtype=object),
        mixed,
        pd.DataFrame({"a": [1, 2], "b": [1.5, float("nan")], "c": [True, False], "d": pd.to_datetime(["2015-01-01", None]),
                      "e": pd.array([1, None], dtype="Int64"), "f": pd.Categorical(["x", None]),
                      "g": pd.to_datetime(["2015-01-01", None]).as_unit("s")}),
        pd.DataFrame([["a", "b"], ["c", "d"]], columns=[0, 0], dtype="str"),  # one label twice
        pd.DataFrame({0: pd.Series([], dtype="str"), 1: pd.Series([], dtype=object)}),
    ]
    return frames + [f.iloc[1:] for f in frames] + [pd.concat([frames[0], frames[1]], axis=1)]


@pytest.mark.parametrize("k", range(len(_awkward_frames())))
def test_raw_columns_same_as_each_series(k):
    from activsoc_costs.parse import _raw_columns
    raw = _awkward_frames()[k]
    cols, text_only = _raw_columns(raw)
    want = [s.to_numpy(dtype=object) for _, s in raw.items()]
    assert len(cols) == len(want)
    for got, w, (_, s), text in zip(cols, want, raw.items(), text_only):
        assert got.dtype == object and w.dtype == object
        assert [type(v) for v in got] == [type(v) for v in w]
        assert all(a is b or a == b or (a != a and b != b) for a, b in zip(got, w))
        assert text == isinstance(s.dtype, pd.StringDtype)


@pytest.mark.parametrize("rows", [
    [["id", "montant"], ["S1", "1"]],                                     # the header on the first row
    [["Personnel 2015", ""], ["id", "montant"], ["S1", "1"]],             # a title above
    [["id", "inconnu"], ["id", "montant"]],                               # a better row below a partial one
    [["id", "montant"], ["id", "montant"]],                               # two full rows: the first one
    [["", ""], [None, float("nan")], [1, "id"]],                          # blanks and a number
    [["coût employeur (€)", "id"]] * 12,                                  # more than ten rows
])
def test_header_row_early_stop_same_as_all_rows(rows):
    from activsoc_costs.parse import _canon_header, _header_of_rows
    from activsoc_costs.schema import column_lookup
    lookup = column_lookup(TABLE_BY_ID["staff"])
    best, best_n = 0, 0  # every row of the first ten counted, as before
    for i, row in enumerate(rows[:10]):
        n = sum(1 for h in row if isinstance(h, str) and h.strip()
                and (norm(h.strip()) in lookup or _canon_header(h.strip()) in lookup))
        if n > best_n:
            best, best_n = i, n
    assert _header_of_rows(rows[:10], lookup) == best


UNITS = ["0", "7", "12", "518", "1737", "0001", "1.737", "12.345.678", "1,737", "12,345,678", "1.7377", "999999999999",
         "1000000000000", "1000000000001", "١٢", ""]
DECIMALS = ["", ",5", ",95", ",950", ".5", ".95", ".950", ",", "."]
AROUND = ["{}", " {} ", "\u00a0{}", "{}\u202f", "-{}", "({})", "€ {}", "{} %"]


@pytest.mark.parametrize("decimal_sep", [None, ",", "."])
def test_plain_amount_same_as_money_converter(monkeypatch, decimal_sep):
    money = next(c for t in TABLE_BY_ID.values() for c in t.columns if c.kind == "money")
    values = [a.format(u + d) for u in UNITS for d in DECIMALS for a in AROUND]
    fast = {v: C._plain_amount(v) for v in values}
    monkeypatch.setattr(C, "_plain_amount", lambda v: None)  # the converter's own reading, every cell
    conv = C._converter(money, True, decimal_sep)
    for v, cents in fast.items():
        if cents is not None:
            got = conv(v)
            assert got == cents and type(got) is int, v
    assert fast["1.737,95"] == 173795 and fast[" 518,95 "] == 51895 and fast["12"] == 1200
    assert sum(c is not None for c in fast.values()) > 100  # the fast path is the one tested


@pytest.mark.parametrize("data", [b"", b"a", b"a\n", b"a\r\nb\r\n", b"\n" * 3, b"x;y\n" * 1_500_000, b"\xff\n\x00\n"])
def test_hash_and_lines_in_one_reading_same_as_apart(tmp_path, data):
    p = tmp_path / "f.csv"
    p.write_bytes(data)
    assert R._hash_and_count_lines(p) == (R._sha256(p), data.count(b"\n"))


def _head_texts():
    row = "S00001;maatschappelijk werker;01/01/2015;;0,5\r\n"
    return [
        "", "a", "id;x\n", row * 3, row * 200, "\n" * 5000 + row * 30, ("   \n" + row) * 40,
        "sep=;\n" + row * 100, row.replace("\r\n", "\r") * 300, "x" * 5000 + "\n" + row * 30,
        (row[:-2] + "\u2028") * 150, "".join(f"{i};{'y' * (i % 97)}\r\n" for i in range(400)),
    ] + [row * 99 + "z" * k + "\r\n" + row * 20 for k in range(0, 60, 7)]  # the cut falls anywhere, between \r and \n


@pytest.mark.parametrize("k", range(len(_head_texts())))
def test_head_lines_same_as_first_64k_split(k):
    text = _head_texts()[k]
    for short in (4096, 100, 47, 1):
        got = R._head_lines(text, short)
        want = text[:65536].splitlines()
        assert got[:1] == want[:1]
        assert R._sniff_sep(got) == R._sniff_sep(want)
        nonblank = [ln for ln in want if ln.strip()][:20]
        assert [ln for ln in got if ln.strip()][:20] == nonblank


def _long_columns():
    from activsoc_costs.parse import BY_OBJECT_FROM
    n = BY_OBJECT_FROM + 7
    rows = "".join(f"{i % 13};{'x' if i % 5 else ''};{i % 3},5\n" for i in range(n))
    csv = pd.read_csv(io.BytesIO(rows.encode()), sep=";", header=None, dtype=str, keep_default_na=False)
    ragged = pd.read_csv(io.StringIO("a;b\n" + "c\n" * n + "d;e\n"), sep=";", header=None, dtype=str)
    cols = [csv[j].to_numpy(dtype=object) for j in csv] + [ragged[j].to_numpy(dtype=object) for j in ragged]
    equal_apart = np.array(["".join(["a", "b" * (i % 2)]) for i in range(n)], dtype=object)  # equal, not the same object
    missing = [None, float("nan"), np.nan, pd.NA, pd.NaT, np.float64("nan")]
    odd = [1, 1.0, True, "1", np.int64(1), 0, False, -0.0, 0.0, dt.date(2015, 1, 1), pd.Timestamp("2015-01-01"),
           PercentCell(0.1), 0.1, "", " ", *missing]
    mixed = np.array([odd[(i * 7) % len(odd)] if i % 3 else float("nan") for i in range(n)], dtype=object)
    return cols + [equal_apart, mixed, mixed[::2], mixed[::-1], np.array([float("nan")] * n, dtype=object),
                   np.array(["y"] * n, dtype=object), mixed[:BY_OBJECT_FROM - 1]]


@pytest.mark.parametrize("k", range(len(_long_columns())))
def test_factorised_by_object_same_as_by_value(k):
    from activsoc_costs.parse import _factorize_values
    arr = _long_columns()[k]
    if k == 0:  # pandas' reader repeats one object per text: the fast path is the one tested
        assert len({id(v) for v in arr}) < len(arr) // 10
    codes, uniq = _factorize_values(arr)
    want_codes, want_uniq = pd.factorize(arr)
    assert codes.dtype == want_codes.dtype and np.array_equal(codes, want_codes)
    assert len(uniq) == len(want_uniq)
    assert all(a is b or (type(a) is type(b) and a == b) for a, b in zip(uniq, want_uniq))


NUMBER_TEXTS = ["12", "0", "7,5", "518,75", "1.737,95", "12.345.678,90", "1,250.5", "7.25", "1,234,567.89", "",
                "1.250", "95.000", "1,250", "0,250", "1234,250", "1.250.000", "1,250,000", "-95.000", "(95.000)",
                "€ 12,50", "12,50 €", "12,50 EUR", "1 737,95", "1\u00a0737,95", "60 %", "  ", " 7,5 ", "7,5\t",
                "1.2 50", "€        1.250", "١٢,٥", "١.٢٥٠", "12\n,50", "1\n2,5", "1.250\n", "\n", "1,5\r", "abc",
                "1,2,3", "1.2.3", "1,23.4", "12,", ",5", ".5", "1.", "7:30", "1e3", "-12,5", "+3"]


def _number_columns():
    rng = np.random.default_rng(7)
    others = [1.5, 3, PercentCell(0.25), None, float("nan"), dt.date(2015, 1, 1)]
    cols = [[t] for t in NUMBER_TEXTS] + [[], ["12", "7,5", "518,75"], ["7.25", "12"], ["7,5", "7.25"],
                                          ["1.737,95", "12", ""], ["12", "1.250", "7,5"]]
    for k in range(400):
        n = int(rng.integers(1, 8))
        pool = NUMBER_TEXTS[:10] if k % 3 else NUMBER_TEXTS + others  # often all plain: the fast path
        cols.append(list(dict.fromkeys(pool[int(i)] for i in rng.integers(0, len(pool), n))))
    return [np.array(c + [None], dtype=object)[:-1] for c in cols]  # (object arrays, even of one list)


def test_column_separators_from_lines_same_as_one_by_one():
    fast_used = 0
    for uniq in _number_columns():
        lines = C._number_lines(uniq)
        fast_used += lines is not None and C._PLAIN_LINES.fullmatch(lines) is not None
        got, want = C._separators_shown(uniq, lines), C._separators_shown(uniq, None)
        assert got == want and type(got[1]) is type(want[1]), list(uniq)
        assert C._has_ambiguous(uniq, lines) == C._has_ambiguous(uniq, None), list(uniq)
        assert C._column_separators(uniq) == want
    assert fast_used > 200


@pytest.mark.parametrize("kind", ["percent", "money", "decimal"])
def test_say_how_read_from_lines_same_as_one_by_one(kind):
    from activsoc_costs.parse import _say_how_read
    col, warned = _col(kind), 0
    for uniq in _number_columns():
        codes = np.arange(len(uniq))
        ok = np.ones(len(uniq), dtype=bool)
        lines = C._number_lines(uniq)
        sep, example, _ = C._separators_shown(uniq, lines)
        said = []
        for given in (lines, None):
            warnings = []
            _say_how_read(col, uniq, codes, ok, lambda pos: (uniq[pos], pos + 2), sep, example, "h",
                          dict(file="f", sheet=""), warnings, given)
            said.append([w.__dict__ for w in warnings])
        assert said[0] == said[1], list(uniq)
        warned += bool(said[0])
    assert warned > 5  # the warnings themselves are compared, not only their absence


def _short_columns():
    """Columns shorter than SMALL_BELOW: all texts (the dict path) and any other cell (pandas' path)."""
    from activsoc_costs.parse import SMALL_BELOW
    texts = ["", " ", "a", "A", "a ", "1", "1.0", "True", "\u00a0", "é", "e\u0301", "\n", "nan", "None"]
    twice = [t.encode().decode() for t in texts]  # equal texts, distinct objects
    cols = [[], ["x"], texts, texts + twice, texts[::-1] * 3, (texts * 20)[:SMALL_BELOW - 1]]
    odd = [1, 1.0, True, "1", None, float("nan"), pd.NA, pd.NaT, np.nan, 0, False, -0.0, 0.0, "0", dt.date(2015, 1, 1)]
    cols += [texts + [v] for v in odd] + [[v] + texts for v in odd] + [odd, odd[::-1], [None] * 5]

    class Text(str):
        pass

    cols.append(texts + [Text("a")])
    return [np.array(c + [None], dtype=object)[:-1] for c in cols]


@pytest.mark.parametrize("k", range(len(_short_columns())))
def test_short_column_factorised_same_as_pandas(k):
    from activsoc_costs.parse import _factorize_values
    arr = _short_columns()[k]
    codes, uniq = _factorize_values(arr)
    want_codes, want_uniq = pd.factorize(arr)
    assert codes.dtype == want_codes.dtype and np.array_equal(codes, want_codes)
    assert uniq.dtype == want_uniq.dtype and len(uniq) == len(want_uniq)
    assert all(a is b or (type(a) is type(b) and a == b) for a, b in zip(uniq, want_uniq))


@pytest.mark.parametrize("k", range(len(_short_columns())))
def test_blank_values_same_as_strip(k):
    from activsoc_costs.parse import _blank_values
    from activsoc_costs.cells import _is_blank
    uniq = pd.factorize(_short_columns()[k])[1]
    uniq = np.asarray(uniq, dtype=object)
    want = [(not u.strip()) if isinstance(u, str) and all(isinstance(w, str) for w in uniq) else _is_blank(u)
            for u in uniq]
    assert _blank_values(uniq).tolist() == want


def test_blank_values_same_as_strip_every_character():
    from activsoc_costs.parse import _blank_values
    uniq = np.array([chr(i) * k for i in range(0x3100) for k in (1, 2)] + [""], dtype=object)
    assert _blank_values(uniq).tolist() == [not u.strip() for u in uniq]
