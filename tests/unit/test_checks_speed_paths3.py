"""Speed paths of the checks (third set): each gives what the plain path gives.

problems.make writes a message when first read: the same Problem (fields, equality,
hash, dict, pickle) as one written at once, on awkward values.
"""
import dataclasses
import datetime as dt
import pickle
from decimal import Decimal
from fractions import Fraction
from string import Formatter

import numpy as np
import pandas as pd
import pytest

from activsoc_costs import problems as P
from helpers import repeated_rows_reference


def _eager(code, *, file="", sheet="", row=None, column="", value="", severity=None, rule=None, **args):
    """make as written before: both messages at once."""
    r, fr, nl = P.MESSAGES[code]
    args.setdefault("value", value)
    sev = severity or ("warning" if code.startswith("w_") else "error")
    shown = P.fmt(value) if isinstance(value, P.Eur) else str(value)
    return P.Problem(code=code, file=file, sheet=sheet, row=row, column=column, value=shown,
                     rule=rule if rule is not None else r, message_fr=fr.format(**P._localise(args, "fr")),
                     message_nl=nl.format(**P._localise(args, "nl")), severity=sev)


AWKWARD = [P.Eur(-123456789), P.Eur(0), P.Pct(1, 3), P.Pct(-5, 19), P.Hours(1234567), P.HoursUnit(-1),
           P.HoursUnit(0), "", "85.07.30-033.28", "« x »", "{value}", 0, -7, True, None, 1.5, float("nan"),
           Decimal("1.230"), Fraction(7, 3), dt.date(2015, 1, 2), dt.datetime(2015, 1, 2, 3, 4)]


def _names(code):
    return sorted({n for t in P.MESSAGES[code][1:] for _l, n, _s, _c in Formatter().parse(t) if n})


@pytest.mark.parametrize("code", sorted(P.MESSAGES))
def test_every_message_the_same_when_read_later(code):
    for i, v in enumerate(AWKWARD):
        args = {n: AWKWARD[(i + k) % len(AWKWARD)] for k, n in enumerate(_names(code))}
        args.setdefault("value", v)
        kw = dict(file="f.csv", sheet="s", row=3, column="c", **args)
        lazy, eager = P.make(code, **kw), _eager(code, **kw)
        assert lazy.to_dict() == eager.to_dict()
        assert lazy == eager and hash(lazy) == hash(eager) and repr(lazy) == repr(eager)
        for lang in ("fr", "nl"):
            assert lazy.message(lang) == eager.message(lang) and lazy.line(lang) == eager.line(lang)
        again = pickle.loads(pickle.dumps(P.make(code, **kw)))  # pickled before its messages were read
        assert again == eager and again.message_nl == eager.message_nl
        assert dataclasses.replace(P.make(code, **kw), value="x") == dataclasses.replace(eager, value="x")


def test_values_that_may_change_are_written_at_once():
    rows = [1, 2]
    p = P.make("w_repeated_rows", count=2, rows=rows, table="temps", table_nl="tijd")
    rows.append(3)
    assert "[1, 2]" in p.message_fr and "[1, 2]" in p.message_nl


def test_a_missing_value_fails_at_make_as_before():
    with pytest.raises(KeyError):
        P.make("w_r10_cap", value="S1")
    with pytest.raises(KeyError):
        _eager("w_r10_cap", value="S1")


def test_plain_problem_keeps_its_defaults():
    p = P.Problem("x")
    assert p.message_fr == "" and p.message_nl == "" and p.to_dict()["message_nl"] == ""
    with pytest.raises(AttributeError):
        P.make("no_inputs", path="p").not_a_field


def test_productive_hours_of_the_row_values_is_productive_hours():
    import pandas as pd
    from activsoc_costs.keydata import period_worked, productive_hours, productive_hours_of, staff_period
    from activsoc_costs.parameters import load_parameters
    params = load_parameters(2015)
    nat = pd.NaT
    staff = pd.DataFrame({
        "productive_hours": [Decimal("1500.5"), None, float("nan"), None, None, pd.NA, Decimal("0"), None],
        "fte": [Decimal("0.5"), Decimal("0.8"), None, float("nan"), Decimal("1"), Decimal("0.333"), None, Decimal("0.5")],
        "start": pd.to_datetime(["2015-03-01", None, "2014-06-01", "2015-12-31", "2016-02-01", "2015-01-01",
                                 None, "2015-07-01"]),
        "end": pd.to_datetime(["2015-06-30", "2015-09-30", None, None, None, "2015-01-01", "2014-01-01", "2015-06-30"]),
    }, index=[10, 3, 7, 0, 1, 2, 5, 4])
    rows = dict(zip(staff.index.tolist(), staff.to_numpy(dtype=object).tolist()))  # as allocate/validate hold them
    for idx in staff.index:
        ph, fte, s, e = rows[idx]
        assert productive_hours_of(ph, fte, s, e, params) == productive_hours(staff, idx, params)
        assert period_worked(s, e, params) == staff_period(staff, idx, params)
    assert nat is pd.NaT


def test_pseudonym_digest_and_letters_as_hmac_and_the_digit_loop():
    import hashlib
    import hmac
    import os
    from activsoc_costs import privacy

    def old_letters(digest):
        n, letters = int.from_bytes(digest[:8], "big"), []
        for _ in range(12):
            n, r = divmod(n, 26)
            letters.append(chr(97 + r))
        return "".join(letters)

    messages = [b"", b"x", "txt:é ü".encode(), b"nrn:85073003328", os.urandom(63), os.urandom(64), os.urandom(200)]
    for size in (1, 16, 32, 63, 64, 65, 100, 200):
        key = os.urandom(size)
        ps = privacy.Pseudonymiser(key)
        for m in messages:
            assert ps.digest(m) == hmac.new(key, m, hashlib.sha256).digest()
            assert ps.digest(m) == ps.digest(m)  # the keyed states are copied, never consumed
        for v in ("B000123", "85.07.30-033.28", "Jean  DUPONT", 85073003328, 1.0, True):
            want = privacy.PSEUDONYM_PREFIX + old_letters(
                hmac.new(key, privacy.canonical(v).encode("utf-8"), hashlib.sha256).digest())
            assert ps.pseudonym(v) == want and ps.pseudonym(v) == want
    for d in [bytes(8), b"\xff" * 8, (26 ** 12).to_bytes(8, "big"), (26 ** 12 - 1).to_bytes(8, "big")] + \
            [os.urandom(32) for _ in range(5000)]:
        assert privacy._letters(d) == old_letters(d)


# --------------------------------------------------------------------------- repeated rows: small tables told by a set


@pytest.mark.parametrize("seed", range(80))
def test_small_table_without_repeat_only_when_factorized_finds_none(seed):
    import random

    import numpy as np
    import pandas as pd
    from activsoc_costs import validate as V
    rnd = random.Random(seed)
    n = rnd.choice([1, 2, 3, 8, 40])
    odd = ["S1", "S2", None, np.nan, float("nan"), pd.NA, pd.NaT, Decimal("NaN"), Decimal("sNaN"), Decimal("1"),
           Decimal("1.0"), 1, 1.0, True, "1", np.float64("nan"), np.datetime64("NaT"), [1], (1, None)]
    frame = pd.DataFrame({
        "a": pd.Series([rnd.choice(odd[: rnd.randint(2, len(odd))]) for _ in range(n)], dtype=object),
        "d": pd.Series([rnd.choice([pd.Timestamp(2015, 3, 1), pd.NaT, pd.Timestamp(1970, 1, 1),
                                    pd.Timestamp(1677, 9, 22)]) for _ in range(n)],
                       dtype=rnd.choice(["datetime64[s]", "datetime64[ns]", "datetime64[ns, Europe/Brussels]"])),
        "i": pd.array([rnd.choice([0, 5, None, -(2 ** 63) + 1]) for _ in range(n)], dtype="Int64"),
        "j": np.array([rnd.choice([0, 1, -5]) for _ in range(n)], dtype=np.int64),
        "f": np.array([rnd.choice([0.0, -0.0, np.nan, 1.5]) for _ in range(n)]),
        "src_file": "f.csv", "src_sheet": "", "src_row": np.arange(2, n + 2, dtype=np.int64),
    })
    for cols in (["a", "d", "i", "j"], ["d", "a"], ["i", "f", "a"], ["f"], ["a"], ["d"], ["j", "i"]):
        try:
            want = repeated_rows_reference(frame, cols)
        except TypeError:  # pandas cannot factorize these cells: nor can the check (same as before)
            continue
        if V._no_repeated_row(frame, cols):
            assert want == []
        got, plain = [], []
        V._warn_repeated_rows("caseload", frame, cols, got)
        small = V.SMALL_TABLE
        try:
            V.SMALL_TABLE = 0
            V._warn_repeated_rows("caseload", frame, cols, plain)
        finally:
            V.SMALL_TABLE = small
        assert [p.to_dict() for p in got] == [p.to_dict() for p in plain]


@pytest.mark.parametrize("seed", range(60))
def test_small_payroll_same_problems_as_the_codes(seed):
    import random

    import numpy as np
    import pandas as pd
    from activsoc_costs import validate as V
    rnd = random.Random(seed)
    n = rnd.choice([1, 2, 6, 30])
    pay = pd.DataFrame({
        "staff_id": pd.Series([rnd.choice(["S1", "S2", None, np.nan, 1, "1", True, Decimal("NaN")])
                               for _ in range(n)], dtype=object),
        "month": pd.Series([rnd.choice([pd.Timestamp(2015, 1, 1), pd.Timestamp(2015, 2, 1), pd.NaT,
                                        pd.Timestamp(1969, 12, 31, 23, 59, 59)]) for _ in range(n)],
                           dtype=rnd.choice(["datetime64[s]", "datetime64[ns]"])),
        "amount": pd.array([rnd.choice([100, 200, None, 2 ** 62]) for _ in range(n)], dtype="Int64"),
        "src_file": "paie.csv", "src_sheet": "", "src_row": np.arange(2, n + 2, dtype=np.int64),
    }, index=rnd.sample(range(100), n))
    got, plain = [], []
    V._check_payroll_months(pay, got)
    small = V.SMALL_TABLE
    try:
        V.SMALL_TABLE = 0
        V._check_payroll_months(pay, plain)
    finally:
        V.SMALL_TABLE = small
    assert [p.to_dict() for p in got] == [p.to_dict() for p in plain]


def test_pseudonyms_of_many_values_as_one_by_one():
    import os

    import numpy as np
    from activsoc_costs import privacy
    key = os.urandom(32)
    values = ["B1", "B1", "85.07.30-033.28", "85073003328", 85073003328, 1, 1.0, True, "1", "", " b1 ", None,
              float("nan"), Decimal("1"), "Jean Dupont", "jean  DUPONT"]
    privacy._KNOWN.pop(key, None)
    one_by_one = [privacy.Pseudonymiser(key).pseudonym(v) for v in values]
    privacy._KNOWN.pop(key, None)
    ps = privacy.Pseudonymiser(key)
    assert ps.pseudonyms(np.array(values, dtype=object)) == one_by_one  # every value new
    assert ps.pseudonyms(values) == one_by_one  # texts met before
    assert ps.pseudonyms([]) == []


ODD_IDS = ["a", "b", "a", None, float("nan"), pd.NA, pd.NaT, np.nan, Decimal("NaN"), np.datetime64("NaT"),
           1, 1.0, True, Decimal("1"), 0, False, "", " ", "A", Decimal("2.50"), 2.5, dt.date(2015, 1, 1),
           pd.Timestamp(2015, 1, 1), ("t", 1), np.float64("nan"), np.int64(7), 7]


@pytest.mark.parametrize("seed", range(12))
def test_small_known_and_references_as_factorized(seed):
    """validate._known / _check_refs on a small column (Python set, a lookup per cell) = the
    factorized path: same ids, same good rows, same problems; odd cells go to pandas as before."""
    from activsoc_costs import validate as V
    rng = np.random.default_rng(seed)
    cells = [ODD_IDS[i] for i in rng.integers(0, len(ODD_IDS), size=int(rng.integers(0, 40)))]
    col = pd.Series(cells, dtype=object)
    assert V._known(col) == set(pd.factorize(col.to_numpy(dtype=object))[1])
    known = {ODD_IDS[i] for i in rng.integers(0, len(ODD_IDS), size=6) if not pd.isna(ODD_IDS[i])}
    frame = pd.DataFrame({"staff_id": col, "src_file": "f.csv", "src_sheet": "", "src_row": range(2, len(col) + 2)})
    frame.index = frame.index * 3 + 1
    small, plain = [], []
    ok = V._check_refs(frame, "staff_id", known, "unknown_staff", "payroll", small)
    given = pd.factorize(frame["staff_id"].to_numpy(dtype=object), use_na_sentinel=True)
    ok2 = V._check_refs(frame, "staff_id", known, "unknown_staff", "payroll", plain, given)
    assert ok.dtype == ok2.dtype == bool and ok.tolist() == ok2.tolist() and small == plain


def test_small_known_odd_cells_as_before():
    """An unhashable cell or a signalling NaN: the same outcome as pandas' factorize."""
    from activsoc_costs import validate as V
    for cells in ([["x"], "a"], [Decimal("sNaN"), "a"], [{"k": 1}]):
        col = pd.Series(cells, dtype=object)
        try:
            want = set(pd.factorize(col.to_numpy(dtype=object))[1])
        except Exception as exc:
            with pytest.raises(type(exc)):
                V._known(col)
        else:
            assert V._known(col) == want


KEY_TEXTS = ["b", "a", "B", "", " ", "é", "e", "É", "10", "9", "a b", "ß", "ss", "\u00e9", "e\u0301", "z" * 30,
             "😀", "İ", "i"]


@pytest.mark.parametrize("seed", range(12))
def test_small_key_codes_as_factorize_sorted(seed):
    """keydata._sorted_text_codes of a short column of texts (one Python set, sorted) = pandas'
    factorize(sort=True): same codes, same distinct texts in the same order; a blank or a non-text
    cell still gives None."""
    from activsoc_costs import keydata as K
    rng = np.random.default_rng(seed)
    texts = [KEY_TEXTS[i] for i in rng.integers(0, len(KEY_TEXTS), size=int(rng.integers(1, 60)))]
    col = pd.Series(texts, dtype=object)
    codes, uniq = K._sorted_text_codes(col)
    want_codes, want_uniq = pd.factorize(col.to_numpy(dtype=object), sort=True)
    assert codes.dtype == want_codes.dtype and codes.tolist() == want_codes.tolist()
    assert uniq.dtype == want_uniq.dtype and uniq.tolist() == want_uniq.tolist()
    for odd in (None, float("nan"), pd.NA, 1, np.str_("a"), np.str_("zz")):  # pandas decides, as before
        cells = pd.Series(texts + [odd], dtype=object)
        got = K._sorted_text_codes(cells)
        c, u = pd.factorize(cells.to_numpy(dtype=object), sort=True)
        if (c < 0).any() or not all(type(v) is str for v in u):
            assert got is None
        else:
            assert got[0].tolist() == c.tolist() and got[1].tolist() == u.tolist()
