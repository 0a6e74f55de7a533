"""A short file of a ``consolidate`` scan takes its columns' codes from the scan's one factorisation
(``distinct._file_in_group``): the same codes, distinct values (in order of first appearance) and blanks
as the file's own cells factorised alone give, whatever the files around it hold, short rows included;
and the same frame, problems and warnings out of ``parse``."""
import numpy as np
import pandas as pd
import pytest

from activsoc_costs.distinct import SMALL_BELOW, _blank_values, _factorize, _file_in_group
from activsoc_costs.parse import _parse_table
from activsoc_costs.read_csv import RawCells, ScanGroup, read_csv_many
from activsoc_costs.schema import TABLE_BY_ID

POOL = ["12,50", "3", "", " ", "01/02/2015", "x", "12,50 ", "95.000", "S00001", "travail social", "é"]


def _column(rng, n):
    cells = rng.choice(np.array(POOL + [f"v{k}" for k in range(40)], dtype=object), n)
    cells[rng.random(n) < 0.05] = np.nan  # a row shorter than its header: pandas' missing cell
    return cells


@pytest.mark.parametrize("seed", range(40))
def test_each_file_of_a_group_factorised_as_alone(seed):
    rng = np.random.default_rng(seed)
    sizes = [int(x) for x in rng.choice([0, 1, 5, SMALL_BELOW - 1, SMALL_BELOW, 300, 2500], 6)]
    width = int(rng.integers(1, 6))
    columns = [np.concatenate([_column(rng, n) for n in sizes]) if sum(sizes) else np.array([], dtype=object)
               for _ in range(width)]
    if seed % 2:  # no missing cell at all (the common case: every row as wide as its header)
        columns = [np.where(pd.isna(c), "", c).astype(object) for c in columns]
    group = ScanGroup(columns)
    for _ in range(2):  # the second time from the group's cache
        lo = 0
        for n in sizes:
            whole = _file_in_group(group, lo, lo + n)
            assert len(whole) == width
            for i, (codes, uniq, blank, order, blank_rows) in enumerate(whole):
                want_codes, want_uniq, _ = _factorize(columns[i][lo:lo + n], True)
                assert codes.tolist() == want_codes.tolist()
                assert [(type(u), u) for u in uniq] == [(type(u), u) for u in want_uniq]
                assert blank.tolist() == _blank_values(want_uniq).tolist()
                assert [(type(u), u) for u in group.cache[i][1][order]] == [(type(u), u) for u in uniq]
                assert blank_rows.tolist() == np.append(blank, True)[want_codes].tolist()  # missing: blank
            lo += n


def test_parse_of_a_scanned_file_same_as_alone(tmp_path):
    rng = np.random.default_rng(7)
    header = "id personnel;date;activité;heures\n"
    paths = []
    for k in range(12):
        n = int(rng.choice([3, SMALL_BELOW + 20, 700]))
        # files that write their decimals with a comma, with a point, or do not show it: "95.000" read three ways
        hours = [["1", "0,75", "95.000", "x", ""], ["1", "1.5", "95.000", "2,5", ""], ["1", "95.000", "3"]][k % 3]
        lines = [f"S{int(rng.integers(1, 9)):05d};{int(rng.integers(1, 28)):02d}/0{int(rng.integers(1, 9))}/2015;"
                 f"{rng.choice(['travail social', 'autre', ' ', ''])};{rng.choice(hours)}"
                 for _ in range(n)]
        p = tmp_path / f"c{k:02d}" / "temps.csv"
        p.parent.mkdir()
        p.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
        paths.append(p)
    pre = read_csv_many(paths)
    table = TABLE_BY_ID["time"]
    codes = set()
    for p in paths:
        cells, comma, first_row = pre[p][2]
        assert isinstance(cells, RawCells) and cells.group is not None
        alone = RawCells(cells.columns, cells.text_only)  # the same cells, without the scan
        got, want = [], []
        for raw, out in ((cells, got), (alone, want)):
            problems, warnings, seen, meta = [], [], [], {}
            frame = _parse_table(table, raw, p.name, "", comma, problems, warnings, first_row, seen, meta)
            out.append((frame, [x.to_dict() for x in problems], [x.to_dict() for x in warnings],
                        [(f, s, h, list(u), c.tolist(), r.tolist()) for f, s, h, u, c, r in seen],
                        {k: v.tolist() for k, v in meta["blank"].items()}))
        pd.testing.assert_frame_equal(got[0][0], want[0][0])
        assert got[0][1:] == want[0][1:]
        codes.update(w["code"] for w in got[0][1] + got[0][2])
    assert {"ambiguous_number", "w_thousands_from_column"} <= codes  # the readings the files decide were met
