"""Dates as Excel shows them in a CSV export: fr-BE's default short date has a two-digit year
(31-03-15), a month column formatted "mmm-yy" reads janv-15 (fr-BE) or mrt-15 (nl-BE), a long
date reads "mardi 31 mars 2015".  Each reads as the same date: the worked example's figures are
unchanged.  A two-digit year is read as Excel reads it (00-29: 2000s, 30-99: 1900s), and a year that
far from the convention's is refused; a word that is not a month or a weekday is not a date."""
import csv
import datetime as dt
import re
import shutil

import pytest

from activsoc_costs import load, report
from activsoc_costs.cells import _parse_date_text, _parse_month, _year
from helpers import SAMPLE

FR = ["janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc"]
NL = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
WEEKDAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]


@pytest.fixture(autouse=True)
def _key(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("ACTIVSOC_KEY_FILE", str(tmp_path_factory.getbasetemp() / "key" / "pseudonym.key"))


def _rewrite(tmp_path, day, month):
    """The sample with every dd/mm/yyyy cell written by ``day`` and every mm/yyyy cell by ``month``."""
    out = tmp_path / "in"
    shutil.copytree(SAMPLE, out)
    for f in out.glob("*.csv"):
        with open(f, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh, delimiter=";"))
        for row in rows[1:]:
            for j, v in enumerate(row):
                if re.fullmatch(r"\d{2}/\d{2}/\d{4}", v):
                    row[j] = day(dt.datetime.strptime(v, "%d/%m/%Y").date())
                elif re.fullmatch(r"\d{2}/\d{4}", v):
                    row[j] = month(dt.datetime.strptime(v, "%m/%Y").date())
        with open(f, "w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh, delimiter=";").writerows(rows)
    return out


def _lines(folder):
    inputs = load(folder)
    assert inputs.problems == [], [p.line() for p in inputs.problems]
    lines = report(inputs).allocation.lines
    return sorted(map(tuple, lines[["id", "kind", "amount", "claimed", "not_eligible", "excluded", "other_use"]]
                      .itertuples(index=False)))


@pytest.fixture(scope="module")
def sample_lines():
    return _lines(SAMPLE)


@pytest.mark.parametrize("style", ["fr-BE short", "nl-BE mmm-yy", "long fr", "short with dots"])
def test_dates_as_excel_shows_them_give_the_sample_figures(tmp_path, sample_lines, style):
    day, month = {
        "fr-BE short": (lambda d: d.strftime("%d-%m-%y"), lambda d: f"{FR[d.month - 1]}-{d:%y}"),
        "nl-BE mmm-yy": (lambda d: f"{d.day}-{NL[d.month - 1]}-{d:%y}", lambda d: f"{NL[d.month - 1]}-{d:%y}"),
        "long fr": (lambda d: f"{WEEKDAYS_FR[d.weekday()]} {d.day} {MONTHS_FR[d.month - 1]} {d.year}",
                    lambda d: f"{MONTHS_FR[d.month - 1]} {d.year}"),
        "short with dots": (lambda d: f"{d.day}.{d.month}.{d:%y}", lambda d: f"{d.month}/{d:%y}"),
    }[style]
    assert _lines(_rewrite(tmp_path, day, month)) == sample_lines


@pytest.mark.parametrize("typed, code", [("31/03/75", "date_range"), ("31/03/25", "date_far_from_year")])
def test_a_two_digit_year_far_from_the_convention_is_refused_at_its_place(tmp_path, typed, code):
    out = _rewrite(tmp_path, lambda d: d.strftime("%d/%m/%Y"), lambda d: d.strftime("%m/%Y"))
    t = (out / "temps.csv").read_text(encoding="utf-8-sig").splitlines()
    t[1] = t[1].replace("31/03/2015", typed, 1)  # 1975 and 2025 (Excel's readings): far from 2015
    (out / "temps.csv").write_text("\n".join(t) + "\n", encoding="utf-8")
    p = [p for p in load(out).problems if p.file == "temps.csv" and p.row == 2]
    assert [x.code for x in p] == [code], [x.line() for x in p]


@pytest.mark.parametrize("text", ["31 foo 2015", "avant 31 mars 2015", "31 mars", "3/31/2015", "mars", "15 2015"])
def test_words_that_are_not_a_month_or_a_weekday_are_not_a_date(text):
    with pytest.raises(ValueError):
        _parse_date_text(text)


def test_two_digit_years_as_excel_reads_them():
    assert [_year(y) for y in ("00", "15", "29", "30", "99", "2015")] == [2000, 2015, 2029, 1930, 1999, 2015]
    assert _parse_date_text("1/2/15") == dt.date(2015, 2, 1)  # day first, as everywhere
    assert _parse_month("déc.-15") == _parse_month("DEC-2015") == _parse_month("12/15") == dt.date(2015, 12, 1)
    assert _parse_date_text("le 1er mars 2015") == _parse_date_text("dinsdag 3 maart 2015") - dt.timedelta(days=2)
