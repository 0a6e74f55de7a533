"""The loader's shortcuts give what the plain pandas / pathlib expressions they replace give
(issue 11: a fixed cost per CPAS, paid 581 times by the national run)."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from activsoc_costs import problems as P
from activsoc_costs.batches import _holds_more_than_csv, _suffix
from activsoc_costs.cells import MAX_REPORTED_PER_COLUMN
from activsoc_costs.parse import _check_blank_amounts

PURPOSES = [None, "participant_refund", "training", np.nan, "", "participant_refund ", "Participant_refund",
            pd.NA, "rent"]


@pytest.mark.parametrize("seed", range(12))
def test_blank_amounts_same_as_series_arithmetic(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 30))
    purpose = np.array([PURPOSES[i] for i in rng.integers(0, len(PURPOSES), n)], dtype=object)
    blank = rng.random(n) < 0.5
    frame = pd.DataFrame({"purpose": pd.Series(purpose, dtype=object), "src_file": "f.csv", "src_sheet": "",
                          "src_row": np.arange(2, 2 + n)}, index=np.arange(2, 2 + n))
    problems: list[P.Problem] = []
    _check_blank_amounts(frame, {"headers": {"amount": "montant"}, "blank": {"amount": blank}}, problems)
    s = frame["purpose"]  # the plain expression the shortcut replaces
    want_bad = blank & (s.notna() & (s != "participant_refund")).to_numpy(dtype=bool, na_value=False)
    assert [p.row for p in problems] == frame["src_row"][want_bad].tolist()[:MAX_REPORTED_PER_COLUMN]
    assert all(p.code == "amount_blank" and p.column == "montant" for p in problems)


NAMES = ["personnel.csv", "a.XLSX", ".xlsx", "x.xlsm", "b.xlsx.csv", "c.", "..xlsx", "d.xls", "e.XlSm", "noext",
         "f.tar.xlsx", " g.xlsx", "h.xlsx "]


@pytest.mark.parametrize("name", NAMES)
def test_suffix_same_as_pathlib(name):
    assert _suffix(name) == Path(name).suffix.lower()


@pytest.mark.parametrize("extra", [None, "sub", "book.xlsx", ".xlsx", "..xlsx", "x.XLSM", "y.xls", "link", "flink"])
def test_holds_more_than_csv_same_as_pathlib(tmp_path, extra):
    folder = tmp_path / "cpas"
    folder.mkdir()
    (folder / "personnel.csv").write_text("a;b\n")
    if extra == "sub":
        (folder / extra).mkdir()
    elif extra == "link":  # a link to a folder elsewhere is a folder to both
        (tmp_path / "elsewhere").mkdir()
        (folder / extra).symlink_to(tmp_path / "elsewhere")
    elif extra == "flink":  # a link to a file is not
        (tmp_path / "file.txt").write_text("x")
        (folder / extra).symlink_to(tmp_path / "file.txt")
    elif extra:
        (folder / extra).write_bytes(b"")
    want = any(c.is_dir() or c.suffix.lower() in (".xlsx", ".xlsm") for c in folder.iterdir())
    assert _holds_more_than_csv(folder) == want
    assert want == (extra in ("sub", "book.xlsx", "..xlsx", "x.XLSM", "link"))


@pytest.mark.parametrize("rows", [np.arange(2, 9), np.array([], dtype=np.int64), np.array([5, 3, 3, 10**12]),
                                  np.arange(2, 9, dtype=np.int32), np.arange(2, 9)[::2], [2, 3]])
def test_row_index_same_as_pandas(rows):
    from activsoc_costs.parse import _row_index
    got, want = _row_index(rows), pd.Index(rows)
    pd.testing.assert_index_equal(got, want, exact=True)
    assert got.is_unique == want.is_unique and got.is_monotonic_increasing == want.is_monotonic_increasing
    if len(want):
        assert got.get_loc(want[-1]) == want.get_loc(want[-1])


def test_key_read_again_only_when_its_file_changes(tmp_path, monkeypatch):
    from activsoc_costs import privacy
    reads = []
    real = privacy._read_key
    monkeypatch.setattr(privacy, "_read_key", lambda p: reads.append(p) or real(p))
    a, b = tmp_path / "a.key", tmp_path / "b.key"
    a.write_text("11" * 32 + "\n")
    b.write_text("22" * 32 + "\n")
    assert privacy.load_key(a) == bytes.fromhex("11" * 32)
    assert privacy.load_key(a) == bytes.fromhex("11" * 32) and len(reads) == 1  # the same file, unchanged
    assert privacy.load_key(b) == bytes.fromhex("22" * 32) and len(reads) == 2  # another file
    a.write_text("33" * 32 + "\n")  # changed (size the same: its modification time or inode tells)
    import os
    os.utime(a, ns=(1, 10**18))
    assert privacy.load_key(a) == bytes.fromhex("33" * 32)
    a.write_text("zz\n")  # unusable: refused every time, never a key kept from before
    for _ in range(2):
        with pytest.raises(privacy.KeyError_):
            privacy.load_key(a)
    out = tmp_path / "outputs"
    out.mkdir()
    (out / "k.key").write_text("44" * 32 + "\n")
    for _ in range(2):  # a key among the outputs is refused, even once its file has been seen
        with pytest.raises(privacy.KeyError_):
            privacy.load_key(out / "k.key")


def _lone_cr_by_bytes(body: bytes) -> bool:  # the plain way: look after each CR
    return any(body[i:i + 1] == b"\r" and body[i + 1:i + 2] != b"\n" for i in range(len(body)))


@pytest.mark.parametrize("seed", range(40))
def test_lone_cr_same_as_looking_after_each_cr(seed):
    from activsoc_costs.read_csv import _lone_cr
    rng = np.random.default_rng(seed)
    pieces = [b"\r", b"\n", b"\r\n", b"a", b";", b"\r\r\n", b"\n\r"]
    for _ in range(50):
        body = b"".join(pieces[i] for i in rng.integers(0, len(pieces), int(rng.integers(0, 12))))
        assert _lone_cr(body) == _lone_cr_by_bytes(body), body
    for body in (b"", b"\r", b"\r\n", b"a\r", b"a\r\nb\r\n", b"a\rb\r\n", b"\r\r\n", b"x\n\r"):
        assert _lone_cr(body) == _lone_cr_by_bytes(body), body
    # a Windows file: CR LF line ends at even and odd offsets, one lone CR put in or not
    rows = [b"a" * int(k) + b";1,5\r\n" for k in rng.integers(0, 7, 300)]
    body = b"".join(rows)
    assert not _lone_cr(body) and not _lone_cr_by_bytes(body)
    at = int(rng.integers(0, len(body)))
    for odd in (body[:at] + b"\r" + body[at:], body + b"\r", b"\r" + body):
        assert _lone_cr(odd) == _lone_cr_by_bytes(odd), at


@pytest.mark.parametrize("seed", range(10))
def test_line_feeds_counted_as_bytes_count_them(seed):
    from activsoc_costs.read_csv import _count_lf
    rng = np.random.default_rng(seed)
    pieces = [b"\r", b"\n", b"\r\n", b"\xc3\xa9", b";", b"12,5"]
    for n in (0, 1, 5, 3000):
        body = b"".join(pieces[i] for i in rng.integers(0, len(pieces), n))
        assert _count_lf(body) == body.count(b"\n")
