"""consolidate reads each table of many CPAS in one scan (issue 11 item 4): ``read.read_csv_many``
tokenizes the same table of a batch of CPAS folders with one ``pd.read_csv`` and cuts it back into one
frame per file.  It is only a cache in front of ``read._read_csv``: on every file it gives exactly what
that file read alone gives (frame, decimal comma, first row, hash, line count), or nothing, and then the
file is read alone.  The rows ``consolidate`` writes for messy CPAS read together are the rows each gives
read on its own."""
import random
from pathlib import Path

import pandas as pd
import pytest

from activsoc_costs import batches as B
from activsoc_costs import consolidate as C
from activsoc_costs import read as R
from activsoc_costs.read_csv import RawCells, _raw_columns

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"

# files a batch must read exactly as alone: blank lines inside and at the end, CRLF, no final line end,
# short rows, trailing separators, a BOM, Excel's sep= line, whitespace lines, non-ASCII, cp1252, UTF-16
PLAIN = [
    "id;montant\r\nS1;1,5\r\nS2;2\r\n",
    "\ufeffid;montant\nS1;1,5\n\n\nS2;\n",
    "sep=;\nid;montant\nS1;1,5\n",
    "id;montant\nS1;1,5",
    "id;montant;\nS1;1,5;\nS2\n",
    "id;montant\n   \nS1;1,5\n\n",
    "id;note\nS1;é€ – x \u00a0 y\n",
    "id,montant\nS1,1.5\nS2,2\n",
    "id;montant\n",
    "id;montant\nS1;1,5\n  ",
]
# files a batch leaves to ``_read_csv``: quotes, old Mac line ends, NUL, a blank first line, blank files
NOT_PLAIN = [
    'id;note\nS1;"deux\nlignes"\nS2;"un ""mot"""\n',
    "id;note\rS1;a\rS2;b\r",
    "id;note\r\nS1;a\rb\r\nS2;c\r\n",                             # a CR alone inside a row
    "id;note\r\nS1;a\r\nS2;c\r",                                  # a CR alone at the very end
    "id;note\nS1;x\x00y\n",
    "\nid;note\nS1;x\n",
    "\ufeff\ufeffid;note\nS1;x\n",
    "   \n\n",
    "",
]
# plain, but a row wider than its first line: that file is read alone, the others of its scan scanned again
RAGGED = ["id;note\nS1;z;extra;cells\n", "id;note\nS1;b;\n"]


def _write(folder: Path, texts, encoding="utf-8") -> list[Path]:
    paths = []
    for i, text in enumerate(texts):
        p = folder / f"f{i:03d}.csv"
        try:
            p.write_bytes(text.encode(encoding))
        except UnicodeEncodeError:
            p.write_bytes(text.encode("utf-8"))
        paths.append(p)
    return paths


def _same_as_alone(pre: dict, paths) -> int:
    """Every cached file is what ``_read_csv`` and ``_hash_and_count_lines`` give it alone; returns how
    many were read by the scan."""
    scanned = 0
    for p in paths:
        digest, lines, read = pre[p]
        assert (digest, lines) == R._hash_and_count_lines(p), p.name
        if read is None:
            continue
        scanned += 1
        cells, comma, first_row = read
        alone, comma_alone, first_alone = R._read_csv(p)
        assert isinstance(cells, RawCells) and cells.shape == alone.shape and cells.empty == alone.empty
        got, got_text = _raw_columns(cells)
        want, want_text = _raw_columns(alone)  # the cells parse takes from the frame read alone
        assert got_text == want_text, p.name
        for g, w in zip(got, want, strict=True):
            assert g.dtype == w.dtype == object
            assert [(type(v), v if v == v else "nan") for v in g] == [(type(v), v if v == v else "nan") for v in w]
        assert cells.attrs == alone.attrs == {}
        assert (comma, first_row) == (comma_alone, first_alone), p.name
    return scanned


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "utf-16"])
def test_scan_gives_each_file_what_it_gives_alone(tmp_path, encoding):
    paths = _write(tmp_path, PLAIN + NOT_PLAIN + RAGGED, encoding)
    pre = R.read_csv_many(paths)
    assert _same_as_alone(pre, paths) >= len(PLAIN) - 1  # (cp1252 cannot write every text the same)
    by_name = {p.name: pre[p][2] for p in paths}
    for i in range(len(PLAIN), len(PLAIN) + len(NOT_PLAIN)):
        assert by_name[f"f{i:03d}.csv"] is None  # left to _read_csv
    for i in range(len(PLAIN) + len(NOT_PLAIN), len(paths)):
        assert by_name[f"f{i:03d}.csv"] is None  # the scan named its wide row: read alone


def test_plain_files_are_read_by_one_scan_per_separator_and_width(tmp_path, monkeypatch):
    paths = _write(tmp_path, PLAIN)
    calls = []
    real = pd.read_csv
    monkeypatch.setattr(R.pd, "read_csv", lambda *a, **k: calls.append(k["sep"]) or real(*a, **k))
    pre = R.read_csv_many(paths)
    assert all(pre[p][2] is not None for p in paths)
    # groups: ";" with 2 cells (8 files), ";" with 3 cells (1), "," with 2 cells (1)
    assert sorted(calls) == [",", ";", ";"]
    monkeypatch.undo()
    assert _same_as_alone(pre, paths) == len(PLAIN)


def test_a_ragged_file_does_not_change_the_others_of_its_scan(tmp_path):
    paths = _write(tmp_path, ["id;note\nS1;a\n", "id;note\nS1;b;c\n", "id;note\nS2;d\n"])
    pre = R.read_csv_many(paths)
    assert [pre[p][2] is None for p in paths] == [False, True, False]  # the wide one alone: _read_csv keeps it
    assert _same_as_alone(pre, paths) == 2
    frame, _comma, _first = R._read_csv(paths[1])
    assert frame.shape == (2, 3)


def test_random_files_scanned_together_are_read_as_alone(tmp_path):
    rnd = random.Random(20261124)
    cells = ["", "S1", "1,5", "95.000", "12/03/2016", "é€", " x ", "-3", "100 %", "\u00a0"]
    texts = []
    for _ in range(300):
        width = rnd.randint(1, 5)
        rows = [";".join(f"h{j}" for j in range(width))]
        for _ in range(rnd.randint(0, 6)):
            kind = rnd.random()
            if kind < 0.1:
                rows.append("")
            elif kind < 0.15:
                rows.append("   ")
            else:
                rows.append(";".join(rnd.choice(cells) for _ in range(rnd.randint(1, width))))
        end = rnd.choice(["\n", "\r\n"])
        text = end.join(rows) + rnd.choice([end, "", end + end])
        if rnd.random() < 0.2:
            text = "sep=;" + end + text
        if rnd.random() < 0.2:
            text = "\ufeff" + text
        texts.append(text)
    paths = _write(tmp_path, texts)
    pre = R.read_csv_many(paths)
    assert _same_as_alone(pre, paths) >= 250


def test_read_sources_takes_the_scanned_file_and_still_decides(tmp_path):
    folder = tmp_path / "cpas"
    folder.mkdir()
    (folder / "personnel.csv").write_text("id;nom\nS1;x\n", encoding="utf-8")
    (folder / "personnel (2).csv").write_text("id;nom\nS1;x\n", encoding="utf-8")  # a copy: refused
    pre = R.read_csv_many(sorted(folder.iterdir()))
    problems, warnings = [], []
    found, hashes = R._read_sources(folder, problems, warnings, set(), pre=dict(pre))
    assert "staff" not in found and any(p.code == "two_sources" for p in problems)
    problems2 = []
    found2, hashes2 = R._read_sources(folder, problems2, [], set())
    assert hashes == hashes2 and [p.to_dict() for p in problems] == [p.to_dict() for p in problems2]


def _corpus_folders() -> list[str]:
    return sorted(str(p) for p in CORPUS.glob("*/*") if p.is_dir())


def test_consolidate_of_messy_folders_read_together_is_each_read_alone():
    folders = _corpus_folders()
    assert len(folders) > 40
    csv_only = [f for f in folders if B._csv_folder(Path(f))]  # the others (a workbook inside) go alone
    assert len(csv_only) > 35
    assert sorted(max(B._batches(folders), key=len)) == [folders.index(f) for f in csv_only]  # one batch
    assert [r.to_dict() for r in C._batch(folders)] == [C.one(f).to_dict() for f in folders]
    together = C.consolidate(folders, workers=1).rows  # (the same CPAS many times: all refused as duplicates)
    alone = C._refuse_duplicates([C.one(f) for f in C.expand(folders)])
    assert [r.to_dict() for r in together] == [r.to_dict() for r in alone]
    pre = R.read_csv_many(B._table_files(folders))
    assert sum(v[2] is not None for v in pre.values()) > 100  # most were read by the scan


def test_batches_keep_large_cpas_and_other_inputs_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(B, "BATCH_BYTES", 1000)
    names = []
    for i, size in enumerate((5000, 400, 400, 400, 300)):
        d = tmp_path / f"cpas-{i}"
        d.mkdir()
        (d / "personnel.csv").write_bytes(b"x" * size)
        names.append(str(d))
    (tmp_path / "c.xlsx").write_bytes(b"x" * 10)
    names.append(str(tmp_path / "c.xlsx"))
    batches = B._batches(names)
    assert batches == [[0], [1, 2], [3, 4], [5]]  # largest first, up to BATCH_BYTES, the workbook alone
