"""Messy and hostile input fixtures (issue 5), made from the shipped sample.

Binary fixtures (workbooks, cp1252 and UTF-16 files, a password-protected or
corrupt workbook) are generated here rather than committed.  The tests call
these functions on a temporary folder; ``python3 tests/data/make_fixtures.py
OUT`` writes them all into OUT to look at them in Excel or LibreOffice.

Every messy fixture holds exactly the data of ``inputs/exempleville-2015`` (the
worked example of the domain notes), written the way real exports and
hand-kept registers write it; every hostile fixture names the problem codes
the loader must report for it.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "inputs" / "exempleville-2015"
EXCEL_EPOCH = dt.date(1899, 12, 30)

# sample file stem -> table id and Dutch name (the input format of the README)
TABLES = {"convention": ("convention", "overeenkomst"), "personnel": ("staff", "personeel"),
          "paie": ("payroll", "loonlijst"), "temps": ("time", "tijd"), "dossiers": ("caseload", "dossiers"),
          "piis": ("piis", "gpmi"), "bilans": ("bilans", "balansen"), "fonctionnement": ("operating", "werking"),
          "presences": ("attendance", "aanwezigheden")}


def sample_rows(stem: str) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of one sample CSV file, as strings."""
    text = (SAMPLE / f"{stem}.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    rows = [r for r in rows if any(c.strip() for c in r)]
    return rows[0], rows[1:]


def dutch_header(stem: str, header: list[str]) -> list[str]:
    from activsoc_costs.schema import TABLE_BY_ID, column_lookup, norm
    table = TABLE_BY_ID[TABLES[stem][0]]
    lookup = column_lookup(table)
    return [table.column(lookup[norm(h)]).nl for h in header]


def serial(d: str) -> str:
    """'31/03/2015' -> Excel's serial number '42094'."""
    day, month, year = map(int, d.split("/"))
    return str((dt.date(year, month, day) - EXCEL_EPOCH).days)


def _lines(header, rows, sep=";") -> list[str]:
    out = io.StringIO()
    w = csv.writer(out, delimiter=sep, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    return out.getvalue().splitlines(keepends=True)


# --------------------------------------------------------------------------- messy but valid

def write_messy_csv(folder: Path) -> Path:
    """The sample as Belgian offices' exports really look: cp1252 and UTF-8 with
    BOM and UTF-16, 'sep=;', tabs, headers in capitals, without accents or in
    Dutch, a title row, blank rows between data, trailing spaces, '€' and
    thousands separators, Excel serial dates, ISO dates, an extra column."""
    folder.mkdir(parents=True, exist_ok=True)

    # convention: cp1252, "sep=;" first line, headers in capitals, € signs and spaces
    h, rows = sample_rows("convention")
    rows = [[c if i != 3 and i != 4 else f"€ {c} " for i, c in enumerate(r)] for r in rows]
    text = "sep=;\r\n" + "".join(_lines([x.upper() + "  " for x in h], rows))
    (folder / "convention.csv").write_bytes(text.encode("cp1252"))

    # personnel: Dutch file and headers, UTF-8 with BOM, trailing spaces, a blank row, an extra column
    h, rows = sample_rows("personnel")
    rows = [[c + "  " if c else c for c in r] + ["bureau 2"] for r in rows]
    lines = _lines(dutch_header("personnel", h) + ["commentaire interne"], rows)
    lines.insert(3, ";;;;;;;;;;;;\r\n")
    (folder / "personeel.csv").write_bytes("".join(lines).encode("utf-8-sig"))

    # paie: cp1252, every amount with a euro sign after it, a blank line in the middle
    h, rows = sample_rows("paie")
    rows = [[r[0], r[1], r[2] + " €"] for r in rows]
    lines = _lines(h, rows)
    lines.insert(6, "\r\n")
    (folder / "paie.csv").write_bytes("".join(lines).encode("cp1252"))

    # temps: Excel serial dates, headers without accents, numbers as "100,00"
    h, rows = sample_rows("temps")
    rows = [[r[0], serial(r[1]), r[2], r[3] + ",00"] for r in rows]
    (folder / "temps.csv").write_bytes("".join(_lines(["ID PERSONNEL", "Date", "Activite", "Heures"], rows))
                                       .encode("utf-8-sig"))

    # dossiers: Excel's "Unicode text" export: UTF-16 with BOM, tab-separated
    h, rows = sample_rows("dossiers")
    (folder / "dossiers.csv").write_bytes("".join(_lines(h, rows, sep="\t")).encode("utf-16"))

    # piis: a title row and a blank row above the header, ISO dates, UTF-8 without BOM
    h, rows = sample_rows("piis")
    iso = lambda d: "-".join(reversed(d.split("/"))) if d else d  # noqa: E731
    rows = [[r[0], r[1], r[2], iso(r[3]), iso(r[4]), *r[5:]] for r in rows]
    lines = ["Registre PIIS activation sociale 2015;;;;;;;;;\r\n", ";;;;;;;;;\r\n"] + _lines(h, rows)
    (folder / "piis.csv").write_bytes("".join(lines).encode("utf-8"))

    # bilans: Dutch file name, headers with odd spacing
    h, rows = sample_rows("bilans")
    (folder / "balansen.csv").write_bytes("".join(_lines(["  Bénéficiaire ", " DATE"], rows)).encode("utf-8-sig"))

    # fonctionnement: cp1252 (the € is byte 0x80), headers without accents, amounts "1.250,00 €"
    h, rows = sample_rows("fonctionnement")
    rows = [[*r[:3], (r[3] + " €") if r[3] else r[3], *r[4:]] for r in rows]
    lines = _lines(["id", "date", "libelle", "montant", "objet", "part AS %", "contrat", "reference marche public",
                    "autre financement %", "autre financeur"], rows)
    (folder / "fonctionnement.csv").write_bytes("".join(lines).encode("cp1252"))

    # presences: an international CSV (comma separator, decimal point), quoted fields
    h, rows = sample_rows("presences")
    rows = [[r[0], r[1], r[2], r[3].replace(",", ".") + ".0"] for r in rows]
    out = io.StringIO()
    w = csv.writer(out, delimiter=",", lineterminator="\n", quoting=csv.QUOTE_ALL)
    w.writerow(h)
    w.writerows(rows)
    (folder / "presences.csv").write_text(out.getvalue(), encoding="utf-8")
    return folder


def write_messy_xlsx(path: Path) -> Path:
    """The sample as a hand-kept workbook: Dutch sheet names, a title row,
    blank rows, real date cells and serial numbers, numbers stored as text,
    formulas whose cached values are the data, trailing spaces, an extra column."""
    import xlsxwriter
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    datefmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    for stem, (_tid, nl) in TABLES.items():
        h, rows = sample_rows(stem)
        ws = wb.add_worksheet(nl)
        r0 = 0
        if stem == "fonctionnement":
            ws.write(0, 0, "Grootboek werkingskosten 2015")  # a title above the header
            r0 = 2
        header = dutch_header(stem, h) if stem in ("personnel", "temps", "piis") else [x + " " for x in h]
        if stem == "personnel":
            header.append("opmerking intern")
        for j, x in enumerate(header):
            ws.write_string(r0, j, x)
        r = r0 + 1
        for i, row in enumerate(rows):
            if stem in ("temps", "presences") and i == 3:
                r += 1  # a blank row between data
            for j, v in enumerate(row):
                _write_cell(ws, r, j, stem, header[j].strip(), v, datefmt)
            if stem == "personnel":
                ws.write_string(r, len(row), "zie dossier")
            r += 1
    wb.close()
    return path


def _write_cell(ws, r, j, stem, head, v, datefmt):
    from activsoc_costs.money import parse_decimal
    if v == "":
        return
    if "/" in v and v.count("/") == 2 and v.replace("/", "").isdigit():
        day, month, year = map(int, v.split("/"))
        d = dt.date(year, month, day)
        if stem == "temps":
            ws.write_number(r, j, (d - EXCEL_EPOCH).days)  # a date cell formatted as a number
        else:
            ws.write_datetime(r, j, dt.datetime(year, month, day), datefmt)
        return
    if stem == "paie" and j == 1:
        ws.write_string(r, j, v)  # "01/2015": a month as text
        return
    if stem == "personnel" and head == "werkgeverskost":
        cents = int(parse_decimal(v) * 100)
        # the cost as a formula, its cached value the data (as Excel saves it)
        ws.write_formula(r, j, f"={cents // 100}+{cents % 100}/100", None, cents / 100)
        return
    if stem == "fonctionnement" and head in ("montant",):
        ws.write_string(r, j, v + " ")  # a number stored as text, with a trailing space
        return
    if stem == "piis" and head == "type" and v in ("2.1", "2.2", "2.3"):
        ws.write_number(r, j, float(v))  # Excel turned "2.1" into a number
        return
    try:
        num = parse_decimal(v)
    except ValueError:
        ws.write_string(r, j, v + ("  " if j == 0 else ""))
        return
    if stem in ("temps", "presences", "dossiers") or head in ("ETP", "année", "part %"):
        ws.write_number(r, j, float(num))
    else:
        ws.write_string(r, j, v)


# --------------------------------------------------------------------------- hostile files

def copy_sample(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for p in SAMPLE.glob("*.csv"):
        (folder / p.name).write_bytes(p.read_bytes())
    return folder


def write_hostile(base: Path) -> dict[str, tuple[Path, set[str]]]:
    """name -> (path to give to ``load``, problem codes it must report)."""
    base.mkdir(parents=True, exist_ok=True)
    out: dict[str, tuple[Path, set[str]]] = {}
    good = write_messy_xlsx(base / "good.xlsx")

    p = base / "empty.xlsx"
    p.write_bytes(b"")
    out["empty_xlsx"] = (p, {"empty_file"})

    p = base / "renamed.xlsx"
    p.write_bytes((SAMPLE / "personnel.csv").read_bytes())
    out["csv_renamed_xlsx"] = (p, {"not_xlsx"})

    p = base / "pdf.xlsx"
    p.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
    out["pdf_renamed_xlsx"] = (p, {"not_xlsx"})

    p = base / "zip.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("readme.txt", "not a workbook")
    out["zip_not_xlsx"] = (p, {"not_xlsx"})

    p = base / "ods.xlsx"  # an OpenDocument spreadsheet (LibreOffice's own format) renamed
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    out["ods_renamed_xlsx"] = (p, {"ods_file"})

    p = base / "old.xlsx"  # an OLE2 compound file without encryption streams: how an old .xls starts
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x00" * 4000)
    out["xls_renamed_xlsx"] = (p, {"old_xls"})

    data = good.read_bytes()
    p = base / "truncated.xlsx"
    p.write_bytes(data[: len(data) // 2])
    out["truncated_xlsx"] = (p, {"corrupt_xlsx"})

    # a workbook whose sheet XML is damaged inside an intact zip (CRC fine, content garbage)
    p = base / "garbage_sheet.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            content = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                content = content[: len(content) // 3] + b"\x00\xff<<garbage"
            zout.writestr(item, content)
    out["garbage_sheet_xlsx"] = (p, {"corrupt_xlsx"})

    p = base / "protected.xlsx"
    write_encrypted(good, p)
    out["password_xlsx"] = (p, {"encrypted_workbook"})

    d = copy_sample(base / "empty_csv")
    (d / "personnel.csv").write_bytes(b"")
    out["empty_csv"] = (d, {"empty_file"})

    d = copy_sample(base / "bom_only_csv")
    (d / "fonctionnement.csv").write_bytes(b"\xef\xbb\xbf\r\n\r\n")
    out["blank_csv"] = (d, {"empty_file"})

    d = copy_sample(base / "missing_sheet")
    (d / "piis.csv").unlink()
    out["missing_sheet"] = (d, {"missing_table"})

    d = write_bad_values(base / "bad_values")
    out["bad_values"] = (d, BAD_VALUE_CODES)
    return out


def write_encrypted(src: Path, dst: Path, password: str = "secret") -> bool:
    """A real password-protected workbook (ECMA-376 agile encryption), as Excel
    writes it with 'Protect workbook with password' (msoffcrypto-tool is a
    declared test dependency: imported plainly, never skipped)."""
    from msoffcrypto.format.ooxml import OOXMLFile
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        OOXMLFile(fin).encrypt(password, fout)
    return True


BAD_VALUE_CODES = {"missing_column", "duplicate_id", "negative", "not_number", "hours_above_year",
                   "hours_sa_above_worked", "percent_range", "unknown_value", "end_before_start", "date_range",
                   "date_far_from_year", "caseload_above_total", "not_date"}


def write_bad_values(folder: Path) -> Path:
    """The sample with one of each refusable value, all in one folder: every one
    must be reported in a single run."""
    copy_sample(folder)

    def edit(stem, fn):
        h, rows = sample_rows(stem)
        h, rows = fn(h, rows)
        (folder / f"{stem}.csv").write_bytes("".join(_lines(h, rows)).encode("utf-8-sig"))

    def staff(h, rows):
        rows[3][6] = "au feeling"               # unknown key (row 5, S4)
        rows[4][8] = "150"                      # share above 100 % (row 6, S5)
        rows.append(["S1", "autre", "", "", "1", "1.000,00", "direct", "", "", "", "", ""])  # duplicate id (row 8)
        rows.append(["S7", "autre", "", "", "un", "1.000,00", "direct", "", "", "", "", ""])  # ETP not a number (row 9)
        rows.append(["S8", "autre", "01/06/2015", "01/01/2015", "1", "1.000,00", "direct", "", "", "", "", ""])  # end before start (row 10)
        rows.append(["S9", "autre", "", "", "0,5", "1.000,00", "direct", "", "", "", "", ""])  # half time (row 11)
        return h, rows
    edit("personnel", staff)

    def time(h, rows):
        rows.append(["S1", "31/12/2015", "travail social", "3000"])          # S1: 4520 h > 2080 h a year
        rows.append(["S9", "31/12/2015", "activation sociale", "1500"])      # S9 (0,5 ETP): 1500 h SA > 1040 h
        rows.append(["S6", "31/12/2015", "autre", "-5"])                     # negative hours
        rows.append(["S6", "31/12/2015", "autre", "cinq"])                   # not a number
        return h, rows
    edit("temps", time)

    def ops(h, rows):
        rows[0][3] = "-480,00"                  # negative amount
        rows[1][4] = "loisirs"                  # unknown purpose
        rows[2][1] = "01/02/2051"               # far from the year (R1 typo)
        rows[3][1] = "31/02/2015"               # not a date
        return h, rows
    edit("fonctionnement", ops)

    def piis(h, rows):
        rows[0][2] = "2.9"                      # unknown PIIS type
        rows[1][3] = "01/01/1850"               # date outside any sensible range
        return h, rows
    edit("piis", piis)

    def cases(h, rows):
        rows[0][2] = "30"                       # 30 PIIS files of 25
        return h, rows
    edit("dossiers", cases)

    def bil(h, rows):
        return h[:1], [r[:1] for r in rows]     # the date column is missing
    edit("bilans", bil)
    return folder


def write_huge_csv(folder: Path, rows: int) -> Path:
    """The sample with a time file of ``rows`` records (for a lowered row limit)."""
    copy_sample(folder)
    with open(folder / "temps.csv", "w", encoding="utf-8-sig", newline="") as f:
        f.write("id personnel;date;activité;heures\r\n")
        for _ in range(rows):
            f.write("S1;31/03/2015;activation sociale;1\r\n")
    return folder


def write_huge_xlsx(path: Path, rows: int) -> Path:
    """A workbook whose time sheet has ``rows`` records (its <dimension> says so)."""
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    for stem, (_tid, nl) in TABLES.items():
        h, data = sample_rows(stem)
        ws = wb.add_worksheet(stem)
        ws.write_row(0, 0, h)
        if stem == "temps":
            for i in range(rows):
                ws.write_row(i + 1, 0, ["S1", "31/03/2015", "activation sociale", 1])
        else:
            for i, r in enumerate(data):
                ws.write_row(i + 1, 0, r)
    wb.close()
    return path


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "outputs/fixtures")
    write_messy_csv(out / "messy_csv")
    write_messy_xlsx(out / "messy.xlsx")
    for name, (path, codes) in write_hostile(out / "hostile").items():
        print(f"{name:20} {path}  -> {', '.join(sorted(codes))}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv))
