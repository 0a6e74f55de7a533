"""Test helpers: write a folder of input CSV files from plain Python rows.

Headers are the canonical (English) column ids, which the loader accepts beside
the French and Dutch headers; values are written as Belgian Excel would
(``;`` separator) unless told otherwise.
"""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "inputs" / "exempleville-2015"

CONVENTION_2015 = {"cpas": "CPAS de Test", "year": 2015, "signed": "30/09/2015", "granted": "100000,00",
                   "obj_bilans": 10, "obj_2_1": 1, "obj_2_2": 1, "obj_2_3": 1}


def write_table(folder: Path, name: str, rows: list[dict], sep: str = ";", encoding: str = "utf-8-sig") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    p = folder / f"{name}.csv"
    with open(p, "w", encoding=encoding, newline="") as f:
        f.write(sep.join(cols) + "\r\n")
        for r in rows:
            f.write(sep.join("" if r.get(c) is None else str(r.get(c)) for c in cols) + "\r\n")
    return p


def write_inputs(folder: Path, convention: dict | None = None, staff=(), piis=(), operating=(), **tables) -> Path:
    """A complete input folder; required tables get a harmless default."""
    write_table(folder, "convention", [{**CONVENTION_2015, **(convention or {})}])
    write_table(folder, "staff", list(staff) or [{"id": "X", "function": "social_worker", "cost": "0", "key": "direct"}])
    write_table(folder, "piis", list(piis) or [{"id": "PX", "person": "BX", "type": "2.2", "start": "01/02/2015",
                                                "end": "31/12/2015"}])
    write_table(folder, "operating", list(operating) or [{"id": "OX", "date": "01/02/2015", "description": "x",
                                                          "amount": "0", "purpose": "social_activation"}])
    for name, rows in tables.items():
        write_table(folder, name, list(rows))
    return folder


def cents(text: str) -> int:
    """'1 234,56' or '1234.56' -> 123456 (for expected figures written as in the example)."""
    t = text.replace("€", "").replace(" ", "").replace("\u202f", "")
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    euros, _, dec = t.partition(".")
    return int(euros) * 100 + int((dec + "00")[:2])


def fill_template_with_sample(path: Path):
    """The sample's CSV rows typed into an input template, as an officer would;
    returns the open openpyxl workbook (saved by the caller)."""
    import csv

    import openpyxl
    wb = openpyxl.load_workbook(path)
    for csv_file in SAMPLE.glob("*.csv"):
        with open(csv_file, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f, delimiter=";"))
        ws = wb[csv_file.stem]
        header = [c.value for c in ws[1]]
        for i, row in enumerate(rows[1:], start=2):
            for h, v in zip(rows[0], row):
                if v != "":
                    ws.cell(i, header.index(h) + 1, v)
    return wb


CLUSTER = ROOT / "inputs" / "cluster-exempleville-2015"
CLUSTER_MEMBERS = ("CPAS d'Amont", "CPAS de Val", "CPAS d'Aval")


def csv_rows(path: Path) -> list[list]:
    """The rows of one of our ``;`` CSV files, blanks as None (as cells left empty)."""
    import csv
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [[c if c != "" else None for c in r] for r in csv.reader(f, delimiter=";")]


def cluster_as_one_workbook(out: Path) -> Path:
    """The shipped cluster as one workbook (form 3): the convention sheet, then each table's sheet
    with a first column CPAS naming the member of each row (cells as the CSV text)."""
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.title = "convention"
    for r in csv_rows(CLUSTER / "convention.csv"):
        wb.active.append(r)
    sheets = {}
    for m in CLUSTER_MEMBERS:
        for p in sorted((CLUSTER / m).glob("*.csv")):
            r = csv_rows(p)
            if p.stem not in sheets:
                sheets[p.stem] = wb.create_sheet(p.stem)
                sheets[p.stem].append(["CPAS"] + r[0])
            for line in r[1:]:
                sheets[p.stem].append([m] + line)
    wb.save(out)
    return out


def repeated_rows_reference(frame, cols):
    """The source rows of ``frame`` that repeat an earlier row on ``cols``, every column factorized
    (blank cells alike, a blank first column never repeated): what ``validate._warn_repeated_rows``
    named before its fast paths, the reference the speed-path tests compare them with."""
    import pandas as pd
    key = pd.DataFrame({c: pd.factorize(frame[c].to_numpy("int64", na_value=-1)
                                        if pd.api.types.is_datetime64_any_dtype(frame[c]) else frame[c])[0]
                        for c in cols})
    first = frame[cols[0]]
    blank = first.isna().to_numpy() if pd.api.types.is_datetime64_any_dtype(first) \
        else pd.factorize(first, use_na_sentinel=True)[0] < 0
    return frame["src_row"].to_numpy()[key.duplicated(keep="first").to_numpy() & ~blank].tolist()
