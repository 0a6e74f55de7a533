"""The messy-file corpus (issue 9): the shipped sample written the way Belgian
offices really export it, and traps that must be refused with their place.

Every file under ``tests/data/corpus/`` was written by this script (run it from
the repository root: ``python3 tests/data/make_corpus.py``); it is committed so
that a reader can open it in Excel or LibreOffice, and so that the tests read
exactly what an officer would hand over.  The one file this script cannot make
without LibreOffice, ``legit/workbook_saved_by_libreoffice.xlsx``, is LibreOffice's
own ``soffice --headless --convert-to xlsx`` of ``legit/workbook_excel_fr.xlsx``:
it is written when missing or with ``--libreoffice`` (its bytes differ on every run).

``legit/<name>``: holds exactly the data of ``inputs/exempleville-2015`` (the
worked example of the domain notes).  ``LEGIT`` says for each which warnings
must say that the file's own evidence was used (a percent format, the
thousands separators of the rest of a column, a close header).

``traps/<name>``: one thing an office really produces that the loader must not
read silently.  ``TRAPS`` gives, for each, the place the refusal must name:
file, sheet (workbooks), row as the officer sees it (header = row 1 when the
header is the first line), column (the column's header in the file).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import sys
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SAMPLE = ROOT / "inputs" / "exempleville-2015"
CORPUS = HERE / "corpus"
sys.path.insert(0, str(ROOT))

from activsoc_costs.schema import ENUMS, TABLE_BY_ID, column_lookup, enum_lookup, norm  # noqa: E402

# sample file stem -> table id
STEM_TABLE = {"convention": "convention", "personnel": "staff", "paie": "payroll", "temps": "time",
              "dossiers": "caseload", "piis": "piis", "bilans": "bilans", "fonctionnement": "operating",
              "presences": "attendance"}
XLSX_EPOCH = dt.datetime(1899, 12, 30)
FIXED_TIME = dt.datetime(2016, 2, 15, 9, 30)  # workbook properties: reproducible files


# --------------------------------------------------------------------------- the sample, typed

@dataclass
class Table:
    stem: str
    tid: str
    ids: list[str]                  # canonical column ids, in the sample's order
    rows: list[list[object]]        # typed values: Decimal, date, str (enum: canonical id), None

    @property
    def schema(self):
        return TABLE_BY_ID[self.tid]

    def kind(self, cid: str) -> str:
        return self.schema.column(cid).kind

    def header(self, lang: str) -> list[str]:
        if lang == "en":
            return list(self.ids)
        return [self.schema.column(c).header(lang) for c in self.ids]


def _parse(kind: str, enum: str | None, text: str):
    if text == "":
        return None
    if kind in ("money", "decimal", "percent", "int"):
        return Decimal(text.replace(".", "").replace(",", "."))
    if kind == "date":
        d, m, y = map(int, text.split("/"))
        return dt.date(y, m, d)
    if kind == "month":
        m, y = map(int, text.split("/"))
        return dt.date(y, m, 1)
    if kind == "enum":
        return enum_lookup(enum)[norm(text)]
    return text


def sample() -> dict[str, Table]:
    out = {}
    for stem, tid in STEM_TABLE.items():
        text = (SAMPLE / f"{stem}.csv").read_text(encoding="utf-8-sig")
        raw = [r for r in csv.reader(io.StringIO(text), delimiter=";") if any(c.strip() for c in r)]
        schema = TABLE_BY_ID[tid]
        lookup = column_lookup(schema)
        ids = [lookup[norm(h)] for h in raw[0]]
        rows = [[_parse(schema.column(c).kind, schema.column(c).enum, v) for c, v in zip(ids, r)] for r in raw[1:]]
        out[stem] = Table(stem, tid, ids, rows)
    return out


# --------------------------------------------------------------------------- how a locale writes a cell

@dataclass
class Style:
    """How one export writes the sample's cells as text."""
    lang: str = "fr"                # headers, enum labels and file names: fr | nl | en (canonical ids)
    sep: str = ";"
    encoding: str = "cp1252"
    newline: str = "\r\n"
    decimal: str = ","
    thousands: str = "."
    money: str = "{n}"              # e.g. "€ {n}", "{n} €"
    places: int = 2                 # decimals written for money
    percent: str = "{n}"            # e.g. "{n}%", "{n} %"
    date: str = "%d/%m/%Y"
    month: str = "%m/%Y"
    quote_all: bool = False
    headers: dict[str, str] = field(default_factory=dict)   # (stem.column id) -> header as typed
    ext: str = ".csv"

    def number(self, d: Decimal, places: int, thousands: bool) -> str:
        q = f"{d:,.{places}f}" if thousands else f"{d:.{places}f}"
        return q.replace(",", "\x00").replace(".", self.decimal).replace("\x00", self.thousands)

    def cell(self, t: Table, cid: str, v) -> str:
        if v is None:
            return ""
        col = t.schema.column(cid)
        if col.kind == "money":
            return self.money.format(n=self.number(v, self.places, True))
        if col.kind == "percent":
            return self.percent.format(n=self.number(v, 0, False))
        if col.kind == "decimal":
            return self.number(v, 0 if v == v.to_integral() else 1, False)
        if col.kind == "int":
            return str(int(v))
        if col.kind == "date":
            return v.strftime(self.date)
        if col.kind == "month":
            return v.strftime(self.month)
        if col.kind == "enum":
            if self.lang == "en":
                return v
            fr, nl = ENUMS[col.enum][v]
            return nl if self.lang == "nl" else fr
        return v

    def file_name(self, t: Table) -> str:
        s = t.schema
        return (s.id if self.lang == "en" else s.nl if self.lang == "nl" else t.stem) + self.ext

    def header_of(self, t: Table) -> list[str]:
        base = t.header(self.lang)
        return [self.headers.get(f"{t.stem}.{c}", h) for c, h in zip(t.ids, base)]

    def lines(self, t: Table, rows: list[list[str]] | None = None) -> list[str]:
        out = io.StringIO()
        w = csv.writer(out, delimiter=self.sep, lineterminator=self.newline,
                       quoting=csv.QUOTE_ALL if self.quote_all else csv.QUOTE_MINIMAL)
        w.writerow(self.header_of(t))
        for r in rows if rows is not None else self.text_rows(t):
            w.writerow(r)
        return out.getvalue().splitlines(keepends=True)

    def text_rows(self, t: Table) -> list[list[str]]:
        return [[self.cell(t, c, v) for c, v in zip(t.ids, r)] for r in t.rows]

    def write(self, folder: Path, t: Table, lines: list[str] | None = None, name: str | None = None) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        p = folder / (name or self.file_name(t))
        data = "".join(lines if lines is not None else self.lines(t))
        p.write_bytes(data.encode(self.encoding))
        return p

    def write_all(self, folder: Path, tables: dict[str, Table]) -> Path:
        for t in tables.values():
            self.write(folder, t)
        return folder


FR_EXCEL = Style()  # Excel fr-BE "CSV (séparateur : point-virgule)": ';', cp1252, 1.234,56, dd/mm/yyyy


# --------------------------------------------------------------------------- legitimate CSV exports

def legit_excel_fr_be(folder: Path, s: dict[str, Table]) -> None:
    """Excel fr-BE, 'CSV (séparateur : point-virgule)': cp1252, ';', '1.234,56',
    percent cells as Excel shows them ('10%'), CRLF."""
    Style(percent="{n}%").write_all(folder, s)


def legit_excel_nl_be(folder: Path, s: dict[str, Table]) -> None:
    """Excel nl-BE: Dutch file names, headers and list values, '€ 1.234,56'
    (the nl-BE currency format), cp1252, ';'."""
    Style(lang="nl", money="€ {n}", percent="{n}%").write_all(folder, s)


def legit_excel_unicode_text(folder: Path, s: dict[str, Table]) -> None:
    """Excel 'Texte Unicode (*.txt)': UTF-16 LE with BOM, tab-separated, .txt."""
    Style(sep="\t", encoding="utf-16", ext=".txt", money="{n} €").write_all(folder, s)


def legit_excel_csv_utf8(folder: Path, s: dict[str, Table]) -> None:
    """Excel 'CSV UTF-8': UTF-8 with BOM, ';', General-format numbers (no
    thousands separator), percent cells shown '10,00 %'."""
    st = Style(encoding="utf-8-sig", thousands="", percent="{n},00 %")
    st.write_all(folder, s)


def legit_libreoffice_comma(folder: Path, s: dict[str, Table]) -> None:
    """LibreOffice Calc fr-BE, 'Texte CSV' with ',' as field separator: the
    decimal commas make every amount a quoted field ("52000,00"), UTF-8, LF."""
    Style(sep=",", encoding="utf-8", newline="\n", thousands="").write_all(folder, s)


def legit_libreoffice_all_quoted(folder: Path, s: dict[str, Table]) -> None:
    """LibreOffice Calc, ';' and '"' around every field ('Quote all text
    cells' on a sheet typed as text), UTF-8 without BOM, LF, '1.234,56'."""
    Style(encoding="utf-8", newline="\n", quote_all=True).write_all(folder, s)


def legit_english_locale(folder: Path, s: dict[str, Table]) -> None:
    """Excel with English (United Kingdom) regional settings: ',' separator,
    '.' decimal, '52,000.00' (quoted), dd/mm/yyyy, the English column ids as
    headers and list values (README: the English id is accepted)."""
    Style(lang="en", sep=",", encoding="utf-8", decimal=".", thousands=",", percent="{n}%").write_all(folder, s)


NEAR_MISS = {  # header as typed by an officer -> the sample's column (README's 'header near-misses')
    "personnel.other_funding": "Autre financement en %",
    "personnel.cost": "Coût employeur (€)",
    "personnel.justification": "Justification (R9)",
    "personnel.share": "Part (%)",
    "fonctionnement.share": "% AS",
    "fonctionnement.procurement_ref": "Réf. marché public",
    "fonctionnement.amount": "Montant (EUR)",
    "piis.leave_reason": "motif d\u2019abandon",
    "piis.left_on": "Date de sortie",
}
# headers that the loader's normal folding (case, accents, punctuation and the '€' sign) already makes
# exact: read without a warning
EXACT_AFTER_FOLDING = {"personnel.cost", "personnel.share"}


def legit_header_near_misses(folder: Path, s: dict[str, Table]) -> None:
    """Excel fr-BE with the headers officers really type: typographic apostrophe,
    units in brackets, a rule id, abbreviations (each mapped to one column,
    and said so in a warning)."""
    Style(headers=NEAR_MISS).write_all(folder, s)


NEAR_MISS_NL = {  # the same in a Dutch-speaking office (Excel nl-BE)
    "personnel.other_funding": "Andere financiering in %",
    "personnel.cost": "Werkgeverskost (€)",
    "personnel.justification": "Verantwoording (R9)",
    "fonctionnement.amount": "Bedrag (EUR)",
    "fonctionnement.share": "% SA",
    "fonctionnement.procurement_ref": "Ref. overheidsopdracht",
    "fonctionnement.other_funder": "Andere financier (bv. PAS)",  # text only: an unknown column, said
    "piis.leave_reason": "reden stopzetting",
    "piis.left_on": "Datum stopzetting",
    "piis.evaluation": "tussentijdse evaluatie (R19)",
}
NL_FILE = {"personnel": "personeel.csv", "fonctionnement": "werking.csv", "piis": "gpmi.csv"}


def legit_header_near_misses_nl(folder: Path, s: dict[str, Table]) -> None:
    """Excel nl-BE with the headers a Dutch-speaking officer types: 'Bedrag
    (EUR)', '% SA', 'Ref. overheidsopdracht', 'Verantwoording (R9)'..."""
    Style(lang="nl", money="€ {n}", headers=NEAR_MISS_NL).write_all(folder, s)


def legit_title_rows_and_blank_tail(folder: Path, s: dict[str, Table]) -> None:
    """Sheets exported with a title and a blank row above the header, empty
    trailing columns (';;;' from formatted but empty cells) and blank rows at
    the end (formatted empty rows)."""
    st = Style()
    for t in s.values():
        n = len(t.ids) + 2
        lines = st.lines(t)
        lines = [x.rstrip("\r\n") + ";;" + "\r\n" for x in lines]
        title = f"CPAS d'Exempleville - {t.stem} 2015" + ";" * (n - 1) + "\r\n"
        tail = [";" * (n - 1) + "\r\n"] * 3 + ["\r\n"]
        st.write(folder, t, [title, ";" * (n - 1) + "\r\n", *lines, *tail])


def legit_lock_and_system_files(folder: Path, s: dict[str, Table]) -> None:
    """The sample, with what lies beside files being edited: Excel's owner file
    '~$personnel.csv', LibreOffice's '.~lock.fonctionnement.csv#', Windows'
    'Thumbs.db' and 'desktop.ini'.  None of them is a table."""
    FR_EXCEL.write_all(folder, s)
    # Excel's owner file: the user name, padded (162 bytes), never a table
    (folder / "~$personnel.csv").write_bytes(b"\x08agent AS" + b" " * 45 + b"\x00" * 108)
    (folder / ".~lock.fonctionnement.csv#").write_text("agent AS,PC-COMPTA/agent,PC-COMPTA,15.02.2016 09:30,"
                                                       "file:///C:/Users/agent/AppData/Roaming/LibreOffice/4;",
                                                       encoding="utf-8")
    (folder / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 120)
    (folder / "desktop.ini").write_text("[.ShellClassInfo]\r\nIconResource=C:\\Windows\\System32\\imageres.dll,-3\r\n",
                                        encoding="cp1252")


def legit_column_evidence(folder: Path, s: dict[str, Table]) -> None:
    """Excel fr-BE where cells of one column carry different number formats:
    '52.000' (format '#,##0') beside '40.000,00' in the same column: the column
    shows that ',' is the decimal separator, so '52.000' is 52 000 (warning).
    Percent cells shown '10 %' with a no-break space, a non-breaking-space
    thousands separator in the payroll ('1 791,67'), d/m/yyyy dates."""
    st = Style(percent="{n}\u00a0%")
    for stem, t in s.items():
        rows = st.text_rows(t)
        if stem == "personnel":
            i = t.ids.index("cost")
            rows[0][i] = "52.000"       # S1: '#,##0' format; S2 '40.000,00' shows the decimal comma
            rows[3][i] = "38.000"
        if stem == "paie":
            i = t.ids.index("amount")
            for r in rows:
                r[i] = r[i].replace(".", "\u00a0")
        if stem == "piis":
            for c in ("start", "end"):
                i = t.ids.index(c)
                for r in rows:
                    d, m, y = r[i].split("/")
                    r[i] = f"{int(d)}/{int(m)}/{y}"
        st.write(folder, t, st.lines(t, rows))


def legit_mixed_office(folder: Path, s: dict[str, Table]) -> None:
    """One folder assembled from several colleagues: each table exported by a
    different tool (the way a finance officer really collects them)."""
    styles = {
        "convention": Style(money="{n} €"),
        "personnel": Style(lang="nl", money="€ {n}", percent="{n}%"),
        "paie": Style(encoding="utf-8-sig", thousands=""),
        "temps": Style(sep="\t", encoding="utf-16", newline="\r\n"),
        "dossiers": Style(sep=",", encoding="utf-8", newline="\n"),
        "piis": Style(date="%Y-%m-%d", encoding="utf-8"),
        "bilans": Style(lang="nl", quote_all=True, encoding="utf-8", newline="\n"),
        "fonctionnement": Style(money="{n} EUR"),
        "presences": Style(lang="en", sep=",", decimal=".", thousands=",", encoding="utf-8"),
    }
    for stem, t in s.items():
        styles[stem].write(folder, t)


# --------------------------------------------------------------------------- legitimate workbooks

def _xlsx_book(path: Path):
    import xlsxwriter
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    wb.set_properties({"created": FIXED_TIME, "author": "CPAS d'Exempleville"})
    return wb


def _xlsx_sheet(wb, t: Table, lang: str, fmts: dict, *, sheet: str | None = None, title: str | None = None,
                headers: dict | None = None, cell=None, blank_tail: int = 0):
    """One table as Excel fr-BE / nl-BE types it: numbers as numbers, percent
    cells 0.1 with a percent format, amounts with a euro format, real dates."""
    ws = wb.add_worksheet(sheet or (t.schema.nl if lang == "nl" else t.stem))
    r0 = 0
    if title:
        ws.merge_range(0, 0, 0, 3, title, fmts["title"])
        r0 = 2
    header = t.header(lang)
    for j, (cid, h) in enumerate(zip(t.ids, header)):
        ws.write_string(r0, j, (headers or {}).get(f"{t.stem}.{cid}", h), fmts["head"])
    for i, row in enumerate(t.rows):
        r = r0 + 1 + i
        for j, (cid, v) in enumerate(zip(t.ids, row)):
            if cell and cell(ws, r, j, t, cid, v, i):
                continue
            _xlsx_cell(ws, r, j, t, cid, v, lang, fmts)
    for k in range(blank_tail):  # formatted but empty rows below the data
        for j in range(len(t.ids)):
            ws.write_blank(r0 + 1 + len(t.rows) + k, j, None, fmts["date"])
    ws.freeze_panes(r0 + 1, 0)
    return ws


def _xlsx_cell(ws, r, j, t, cid, v, lang, fmts):
    if v is None:
        return
    col = t.schema.column(cid)
    if col.kind == "money":
        ws.write_number(r, j, float(v), fmts["eur"])
    elif col.kind == "percent":
        ws.write_number(r, j, float(v / 100), fmts["pct"])   # '10 %' typed: stored 0.1
    elif col.kind in ("decimal", "int"):
        ws.write_number(r, j, float(v))
    elif col.kind == "date":
        ws.write_datetime(r, j, dt.datetime.combine(v, dt.time()), fmts["date"])
    elif col.kind == "month":
        ws.write_datetime(r, j, dt.datetime.combine(v, dt.time()), fmts["month"])
    elif col.kind == "enum":
        fr, nl = ENUMS[col.enum][v]
        ws.write_string(r, j, nl if lang == "nl" else fr)
    else:
        ws.write_string(r, j, v)


def _formats(wb, lang: str) -> dict:
    eur = "#,##0.00\\ [$€-80C]" if lang == "fr" else "[$€-813]\\ #,##0.00"
    return {"eur": wb.add_format({"num_format": eur}), "pct": wb.add_format({"num_format": "0%"}),
            "date": wb.add_format({"num_format": "dd/mm/yyyy"}), "month": wb.add_format({"num_format": "mm/yyyy"}),
            "title": wb.add_format({"bold": True, "font_size": 14}), "head": wb.add_format({"bold": True})}


def legit_workbook_excel_fr(path: Path, s: dict[str, Table]) -> None:
    """Excel fr-BE workbook: percent cells ('10 %' stored 0.1), euro currency
    format '# ##0,00 €', real date cells, month cells, a title row above the
    ledger's header, formatted empty rows below the data, the cost of S1 as a
    formula with its cached value (=4*13000), an empty 'Feuil1' Excel added."""
    wb = _xlsx_book(path)
    f = _formats(wb, "fr")

    def s1_formula(ws, r, j, t, cid, v, i):
        if t.stem == "personnel" and cid == "cost" and i == 0:
            ws.write_formula(r, j, "=4*13000", f["eur"], 52000)
            return True
        return False
    for stem, t in s.items():
        _xlsx_sheet(wb, t, "fr", f, cell=s1_formula,
                    title="Grand livre activation sociale 2015" if stem == "fonctionnement" else None,
                    blank_tail=5 if stem in ("personnel", "fonctionnement") else 0)
    wb.add_worksheet("Feuil1")
    wb.close()


def legit_workbook_excel_nl(path: Path, s: dict[str, Table]) -> None:
    """Excel nl-BE workbook: Dutch sheet names, headers and list values, '€
    1.234,56' currency format, percent cells; the ledger's amounts typed as
    text ('1.250,00', the green triangle), which the column shows are decimal
    commas (each has two decimals after ',')."""
    wb = _xlsx_book(path)
    f = _formats(wb, "nl")

    def amount_text(ws, r, j, t, cid, v, i):
        if t.stem == "fonctionnement" and cid == "amount" and v is not None:
            ws.write_string(r, j, Style().number(v, 2, True))
            return True
        return False
    for t in s.values():
        _xlsx_sheet(wb, t, "nl", f, cell=amount_text)
    wb.close()


def legit_workbook_header_near_misses(path: Path, s: dict[str, Table]) -> None:
    """The fr-BE workbook with the near-miss headers of ``NEAR_MISS``, percent
    cells, and a hidden sheet of drop-down lists ('listes') that is no table."""
    wb = _xlsx_book(path)
    f = _formats(wb, "fr")
    for t in s.values():
        _xlsx_sheet(wb, t, "fr", f, headers=NEAR_MISS)
    ws = wb.add_worksheet("listes")  # the officer's own drop-down lists (fixed: not the schema's)
    lists = {"fonctions": ["assistant social", "agent administratif", "enseignant", "coordinateur", "autre"],
             "clés": ["temps", "dossiers", "direct", "part fixe"], "types PIIS": ["2.1", "2.2", "2.3"]}
    for j, (head, values) in enumerate(lists.items()):
        ws.write_string(0, j, head)
        for i, v in enumerate(values):
            ws.write_string(i + 1, j, v)
    ws.hide()
    wb.close()


def legit_workbook_saved_by_libreoffice(path: Path, s: dict[str, Table]) -> None:
    """``soffice --headless --convert-to xlsx`` of workbook_excel_fr.xlsx: the
    styles, shared strings and cached values as LibreOffice writes them.
    Committed; rewritten only when LibreOffice is installed."""
    from activsoc_costs import _libreoffice as lo
    src = path.parent / "workbook_excel_fr.xlsx"
    if path.exists() and "--libreoffice" not in sys.argv:
        return  # LibreOffice's output is not byte-reproducible: rewritten only on request
    if lo.soffice_path() is None:
        raise SystemExit("LibreOffice is needed to make " + path.name)
    lo._convert(src, path, "xlsx:Calc MS Excel 2007 XML", 120)


def legit_excel_sep_line(folder: Path, s: dict[str, Table]) -> None:
    """Files that begin with Excel's separator hint 'sep=;' (written by macros
    and by some accounting exports so that Excel opens them in any locale)."""
    st = Style()
    for t in s.values():
        st.write(folder, t, ["sep=;\r\n", *st.lines(t)])


def legit_fr_fr_locale(folder: Path, s: dict[str, Table]) -> None:
    """A PC set to French (France) rather than French (Belgium): thousands
    grouped with a narrow no-break space ('52 000,00', U+202F, as Windows 10
    writes it), percent cells '10 %', so the file is UTF-8 with BOM."""
    Style(encoding="utf-8-sig", thousands="\u202f", money="{n} €", percent="{n}\u00a0%").write_all(folder, s)


def legit_hand_typed_values(folder: Path, s: dict[str, Table]) -> None:
    """Lists typed by hand rather than picked: capitals, no accents, feminine
    forms ('Assistante sociale', 'Enseignante', 'Coordinatrice'), PIIS types
    typed '2,2' (a fr-BE Excel turns '2.2' into a date or a number otherwise)."""
    st = Style()
    feminine = {"social_worker": "Assistante sociale", "teacher": "Enseignante", "coordinator": "Coordinatrice",
                "administrative": "Agent administratif"}
    for t in s.values():
        rows = st.text_rows(t)
        for r, typed in zip(rows, t.rows):
            for j, cid in enumerate(t.ids):
                col = t.schema.column(cid)
                if col.kind != "enum" or typed[j] is None:
                    continue
                if col.enum == "function":
                    r[j] = feminine[typed[j]]
                elif col.enum == "piis_type" and typed[j] in ("2.1", "2.2", "2.3"):
                    r[j] = typed[j].replace(".", ",")
                else:
                    r[j] = norm(r[j]).upper() if j % 2 else norm(r[j]).capitalize()
        st.write(folder, t, st.lines(t, rows))


def legit_with_archive_subfolder(folder: Path, s: dict[str, Table]) -> None:
    """The sample, and last year's files kept in a sub-folder 'archives 2014'
    (the inputs are the folder's own files, not its sub-folders')."""
    FR_EXCEL.write_all(folder, s)
    old = folder / "archives 2014"
    FR_EXCEL.write_all(old, s)
    _edit(old, "convention.csv", lambda x: x.replace(";2015;", ";2014;"))


def legit_workbook_custom_formats(path: Path, s: dict[str, Table]) -> None:
    """A workbook whose percent columns hold 10 shown '10 %' by the custom
    format '0" %"' (a literal '%', not a percent format: the value is 10),
    amounts in '#,##0.00 "EUR"', dates in the long format 'd mmmm yyyy'."""
    wb = _xlsx_book(path)
    f = _formats(wb, "fr")
    f["pct"] = wb.add_format({"num_format": '0" %"'})
    f["eur"] = wb.add_format({"num_format": '#,##0.00 "EUR"'})
    f["date"] = wb.add_format({"num_format": "[$-80C]d mmmm yyyy"})

    def literal_percent(ws, r, j, t, cid, v, i):
        if t.kind(cid) == "percent" and v is not None:
            ws.write_number(r, j, float(v), f["pct"])
            return True
        return False
    for t in s.values():
        _xlsx_sheet(wb, t, "fr", f, cell=literal_percent)
    wb.close()


def legit_workbook_all_text(path: Path, s: dict[str, Table]) -> None:
    """A workbook where every cell is text (CSV files pasted into a sheet
    formatted 'Texte'): '52.000,00', '10%', '10/02/2015', '0,5' as strings.
    Each amount column shows its decimal comma ('480,00')."""
    wb = _xlsx_book(path)
    f = _formats(wb, "fr")
    st = Style(percent="{n}%")

    def text(ws, r, j, t, cid, v, i):
        if v is not None:
            ws.write_string(r, j, st.cell(t, cid, v))
        return True
    for t in s.values():
        _xlsx_sheet(wb, t, "fr", f, cell=text)
    wb.close()


def legit_workbook_mac_1904(path: Path, s: dict[str, Table]) -> None:
    """A workbook from Excel for Mac with the 1904 date system (dates are
    stored 1 462 days smaller: read with 1900's epoch they would fall in 2011),
    its sheets protected against editing (no password to open)."""
    import xlsxwriter
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"date_1904": True, "strings_to_numbers": False})
    wb.set_properties({"created": FIXED_TIME})
    f = _formats(wb, "fr")
    for t in s.values():
        _xlsx_sheet(wb, t, "fr", f).protect()
    wb.close()


# --------------------------------------------------------------------------- traps

def _sample_folder(folder: Path, s: dict[str, Table], style: Style = FR_EXCEL) -> Path:
    return style.write_all(folder, s)


def _edit(folder: Path, name: str, fn, encoding: str = "cp1252") -> None:
    p = folder / name
    p.write_bytes(fn(p.read_bytes().decode(encoding)).encode(encoding))


def trap_thousands_without_evidence(folder: Path, s):
    """convention.csv: '95.000' (Excel format '#,##0'): the column holds one
    cell and nothing shows whether '.' groups thousands or marks decimals."""
    _sample_folder(folder, s)
    _edit(folder, "convention.csv", lambda x: x.replace("95.000,00", "95.000"))


def trap_english_thousands_without_evidence(folder: Path, s):
    """An English-locale export with '95,000' in the granted amount: nothing in
    the column shows that ',' groups thousands."""
    st = Style(lang="en", sep=",", encoding="utf-8", decimal=".", thousands=",", percent="{n}%")
    st.write_all(folder, s)
    _edit(folder, "convention.csv", lambda x: x.replace('"95,000.00"', '"95,000"'), "utf-8")


def trap_ledger_thousands_format_0(folder: Path, s):
    """fonctionnement.csv exported with the format '#,##0': '1.250', '4.000',
    '480', never a decimal: 1.250 may be 1 250 or 1,25."""
    st = Style(places=0)
    _sample_folder(folder, s)
    st.write(folder, s["fonctionnement"])


def trap_percent_fraction_csv(folder: Path, s):
    """personnel.csv: S6's 'autre financement %' typed 0,6 (meaning 60 %? or
    0,6 %?): a CSV has no cell format to tell."""
    _sample_folder(folder, s)
    _edit(folder, "personnel.csv", lambda x: x.replace(";60;PAS", ";0,6;PAS"))


def trap_percent_one_csv(folder: Path, s):
    """personnel.csv: S6's 'autre financement %' typed 1, the column's only value: 100 % typed as a
    fraction (S6 fully funded by PAS) or 1 %?  Read as 1 %, S6 would be claimed at 99 % of its share."""
    _sample_folder(folder, s)
    _edit(folder, "personnel.csv", lambda x: x.replace(";60;PAS", ";1;PAS"))


def trap_percent_fraction_workbook(path: Path, s):
    """An xlsx where S6's other funding is 0.6 in a General-format cell (not
    typed '60 %'): the cell format does not show a percentage."""
    wb = _xlsx_book(path)
    f = _formats(wb, "fr")

    def general(ws, r, j, t, cid, v, i):
        if t.stem == "personnel" and cid == "other_funding" and v is not None:
            ws.write_number(r, j, float(v / 100))
            return True
        return False
    for t in s.values():
        _xlsx_sheet(wb, t, "fr", f, cell=general)
    wb.close()


def trap_text_thousands_workbook(path: Path, s):
    """An xlsx where S1's cost was typed as text '52.000' (the other costs are
    numbers, which show no separator): nothing shows what '.' means."""
    wb = _xlsx_book(path)
    f = _formats(wb, "fr")

    def text(ws, r, j, t, cid, v, i):
        if t.stem == "personnel" and cid == "cost" and i == 0:
            ws.write_string(r, j, "52.000")
            return True
        return False
    for t in s.values():
        _xlsx_sheet(wb, t, "fr", f, cell=text)
    wb.close()


def trap_two_sources_fr_nl(folder: Path, s):
    """personnel.csv and an old personeel.csv (a colleague's Dutch copy, with
    last year's costs) in one folder."""
    _sample_folder(folder, s)
    old = Table("personnel", "staff", s["personnel"].ids, [list(r) for r in s["personnel"].rows])
    i = old.ids.index("cost")
    for r in old.rows:
        if r[i] is not None:
            r[i] = r[i] - 1000
    Style(lang="nl").write(folder, old)


def trap_copy_beside_original(folder: Path, s):
    """'Copie de fonctionnement.csv' (Windows Explorer's copy) beside
    fonctionnement.csv."""
    _sample_folder(folder, s)
    shutil.copy(folder / "fonctionnement.csv", folder / "Copie de fonctionnement.csv")


def trap_draft_workbook_in_csv_folder(folder: Path, s):
    """The CSV folder, with a draft 'fonctionnement.xlsx' holding the ledger
    still lying in it."""
    _sample_folder(folder, s)
    wb = _xlsx_book(folder / "fonctionnement.xlsx")
    _xlsx_sheet(wb, s["fonctionnement"], "fr", _formats(wb, "fr"))
    wb.close()


def trap_hidden_old_sheet(path: Path, s):
    """An xlsx with 'personnel' and a hidden older copy 'personnel (2)'."""
    wb = _xlsx_book(path)
    f = _formats(wb, "fr")
    for t in s.values():
        _xlsx_sheet(wb, t, "fr", f)
    old = _xlsx_sheet(wb, s["personnel"], "fr", f, sheet="personnel (2)")
    old.hide()
    wb.close()


def trap_copy_suffix_alone(folder: Path, s):
    """'personnel (2).csv' (a browser's second download) and no personnel.csv."""
    _sample_folder(folder, s)
    (folder / "personnel.csv").rename(folder / "personnel (2).csv")


def trap_open_quote_ledger(folder: Path, s):
    """fonctionnement.csv: the last cell of O9 ('autre financeur') opens a quote
    that is never closed: read naively, O10-O12 vanish inside that cell."""
    _sample_folder(folder, s)
    _edit(folder, "fonctionnement.csv", lambda x: x.replace(";100;PAS\r\n", ';100;"PAS\r\n'))


def trap_blank_amount(folder: Path, s):
    """fonctionnement.csv: O6 (a workshop, not a refund) with its amount blank."""
    _sample_folder(folder, s)
    _edit(folder, "fonctionnement.csv", lambda x: x.replace(";2.400,00;", ";;"))


def trap_total_row_ledger(folder: Path, s):
    """fonctionnement.csv with the sum row an officer adds below the ledger
    ('Total;;;30.660,00'): counted as a line it would double the money."""
    _sample_folder(folder, s)
    _edit(folder, "fonctionnement.csv", lambda x: x + "Total;;;30.660,00;;;;;;\r\n")


def trap_repeated_header(folder: Path, s):
    """presences.csv printed/exported by pages: the header repeated in the middle."""
    _sample_folder(folder, s)

    def fn(x):
        lines = x.splitlines(keepends=True)
        return "".join(lines[:301] + [lines[0]] + lines[301:])
    _edit(folder, "presences.csv", fn)


def trap_ambiguous_header(folder: Path, s):
    """convention.csv with the header 'montant': as close to 'montant octroyé'
    as to 'montant 2014'."""
    _sample_folder(folder, s)
    _edit(folder, "convention.csv", lambda x: x.replace(";montant octroyé;", ";montant;"))


def trap_single_file(folder: Path, s):
    """personnel.csv alone in a folder, and the path given is the file itself."""
    FR_EXCEL.write(folder, s["personnel"])


def _drop_cached_value(path: Path, sheet_xml: str, formula: str) -> None:
    """Remove the cached value of a formula cell, as tools that write formulas
    without computing them do (<f> without <v>)."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == sheet_xml:
                new = re.sub(rb"(<f>" + re.escape(formula.encode()) + rb"</f>)<v>[^<]*</v>", rb"\1", data)
                assert new != data, "formula cell not found"
                data = new
            zout.writestr(item, data)
    tmp.replace(path)


def trap_formula_without_cached_value(path: Path, s):
    """An xlsx whose S1 cost is the formula =4*13000 with no cached value (a
    file written by a script, never opened in Excel): its value is unknown."""
    wb = _xlsx_book(path)
    f = _formats(wb, "fr")

    def formula(ws, r, j, t, cid, v, i):
        if t.stem == "personnel" and cid == "cost" and i == 0:
            ws.write_formula(r, j, "=4*13000", f["eur"])
            return True
        return False
    for t in s.values():
        _xlsx_sheet(wb, t, "fr", f, cell=formula)
    wb.close()
    _drop_cached_value(path, "xl/worksheets/sheet2.xml", "4*13000")


def trap_error_cell(path: Path, s):
    """An xlsx whose O5 amount is a formula to a deleted sheet, cached '#REF!'."""
    wb = _xlsx_book(path)
    f = _formats(wb, "fr")

    def ref(ws, r, j, t, cid, v, i):
        if t.stem == "fonctionnement" and cid == "amount" and i == 4:
            ws.write_formula(r, j, "=#REF!+0", f["eur"], "#REF!")
            return True
        return False
    for t in s.values():
        _xlsx_sheet(wb, t, "fr", f, cell=ref)
    wb.close()


def trap_line_pasted_twice(folder: Path, s):
    """fonctionnement.csv: the line of O5 pasted twice (row 14): the same
    invoice counted twice would double 6 000,00."""
    _sample_folder(folder, s)
    _edit(folder, "fonctionnement.csv",
          lambda x: x + next(line for line in x.splitlines(keepends=True) if line.startswith("O5;")))


def trap_credit_note_negative(folder: Path, s):
    """fonctionnement.csv: a credit note typed as a negative line ('-480,00'),
    row 14: a cost may not be negative; the officer corrects the original line."""
    _sample_folder(folder, s)
    _edit(folder, "fonctionnement.csv",
          lambda x: x + "O13;20/02/2015;note de crédit brochures;-480,00;activation sociale;;en propre;;;\r\n")


def trap_payroll_general_format(folder: Path, s):
    """paie.csv exported from a sheet computing =21500/12 in the General
    format: '1791,66666666667': more than two decimals, never rounded silently."""
    st = Style(thousands="")
    _sample_folder(folder, s)
    rows = st.text_rows(s["paie"])
    rows[0][2] = "1791,66666666667"
    st.write(folder, s["paie"], st.lines(s["paie"], rows))


def trap_csv_with_formulas(folder: Path, s):
    """personnel.csv saved by LibreOffice with 'Save cell formulas instead of
    calculated values': S1's cost is '=4*13000'."""
    st = Style(encoding="utf-8", newline="\n")
    _sample_folder(folder, s)
    rows = st.text_rows(s["personnel"])
    rows[0][s["personnel"].ids.index("cost")] = "=4*13000"
    st.write(folder, s["personnel"], st.lines(s["personnel"], rows))


def trap_percent_format_applied_after(path: Path, s):
    """An xlsx where S6's other funding was typed 60 and the percent format
    applied afterwards: Excel shows '6000 %'."""
    wb = _xlsx_book(path)
    f = _formats(wb, "fr")

    def sixty(ws, r, j, t, cid, v, i):
        if t.stem == "personnel" and cid == "other_funding" and v is not None:
            ws.write_number(r, j, float(v), f["pct"])
            return True
        return False
    for t in s.values():
        _xlsx_sheet(wb, t, "fr", f, cell=sixty)
    wb.close()


def trap_merged_cells(path: Path, s):
    """An xlsx where 'agent administratif' is one merged cell over S4 and S5
    (rows 5-6): the second row's function is empty in the file."""
    wb = _xlsx_book(path)
    f = _formats(wb, "fr")

    def merged(ws, r, j, t, cid, v, i):
        if t.stem == "personnel" and cid == "function" and i in (3, 4):
            if i == 3:
                ws.merge_range(r, j, r + 1, j, "agent administratif")
            return True
        return False
    for t in s.values():
        _xlsx_sheet(wb, t, "fr", f, cell=merged)
    wb.close()


def trap_two_workbook_versions(folder: Path, s):
    """'budget AS 2015.xlsx' and 'budget AS 2015 v2.xlsx' in one folder."""
    legit_workbook_excel_fr(folder / "budget AS 2015.xlsx", s)
    legit_workbook_excel_fr(folder / "budget AS 2015 v2.xlsx", s)


def trap_us_dates(folder: Path, s):
    """An export from a PC set to English (United States): piis.csv dates in
    m/d/yyyy ('05/15/2015' is P05's start, row 6): the day-first reading the
    rest of the folder uses is impossible there, and would swap day and month
    silently elsewhere."""
    _sample_folder(folder, s)
    Style(date="%m/%d/%Y").write(folder, s["piis"])


def trap_convention_two_years(folder: Path, s):
    """convention.csv keeping last year's convention as a second row."""
    _sample_folder(folder, s)
    _edit(folder, "convention.csv",
          lambda x: x + "CPAS d'Exempleville;2014;15/10/2014;80.000,00;40.000,00;30;5;10;5\r\n")


def trap_workbook_fr_and_nl_sheets(path: Path, s):
    """A workbook holding the staff twice: 'personnel' and a Dutch 'personeel'
    sheet a colleague added."""
    wb = _xlsx_book(path)
    f = _formats(wb, "fr")
    for t in s.values():
        _xlsx_sheet(wb, t, "fr", f)
    _xlsx_sheet(wb, s["personnel"], "nl", f)
    wb.close()


def trap_trailing_minus(folder: Path, s):
    """An accounting-software export: a credit note '480,00-' (trailing minus,
    row 14); read without its sign it would add 480,00 instead of removing it."""
    _sample_folder(folder, s)
    _edit(folder, "fonctionnement.csv",
          lambda x: x + "O13;20/02/2015;note de crédit brochures;480,00-;activation sociale;;en propre;;;\r\n")


def trap_accounting_parentheses(folder: Path, s):
    """The Excel 'Comptabilité' format for a negative amount: '(480,00)', row 14."""
    _sample_folder(folder, s)
    _edit(folder, "fonctionnement.csv",
          lambda x: x + "O13;20/02/2015;note de crédit brochures;(480,00);activation sociale;;en propre;;;\r\n")


def either_hours_as_durations(path: Path, s):
    """An xlsx timesheet whose hours are durations: 100 h typed '100:00' is
    stored 4.1666… (days) with the format '[h]:mm'.  Read as 4.17 hours it
    would change S1's and S6's keys silently."""
    wb = _xlsx_book(path)
    f = _formats(wb, "fr")
    f["duration"] = wb.add_format({"num_format": "[h]:mm"})

    def duration(ws, r, j, t, cid, v, i):
        if t.stem == "temps" and cid == "hours":
            ws.write_number(r, j, float(v) / 24, f["duration"])
            return True
        return False
    for t in s.values():
        _xlsx_sheet(wb, t, "fr", f, cell=duration)
    wb.close()


def trap_two_cost_columns(folder: Path, s):
    """personnel.csv keeping last year's costs in a second 'coût employeur'
    column (column M, 1 000,00 less each): which one is this year's is not in
    the file."""
    st = Style()
    _sample_folder(folder, s)
    t = s["personnel"]
    rows = st.text_rows(t)
    i = t.ids.index("cost")
    last_year = [st.cell(t, "cost", v[i] - 1000) if v[i] is not None else "" for v in t.rows]
    lines = st.lines(t, [r + [old] for r, old in zip(rows, last_year)])
    lines[0] = lines[0].rstrip("\r\n") + ";coût employeur\r\n"
    st.write(folder, t, lines)


def trap_excel_table_total_row(path: Path, s):
    """The ledger as an Excel table (Insertion > Tableau) with its 'Total' row
    switched on (row 14: 'Total', =SUBTOTAL(109,...)): counted as a line it
    would double the money."""
    wb = _xlsx_book(path)
    f = _formats(wb, "fr")
    for t in s.values():
        if t.stem != "fonctionnement":
            _xlsx_sheet(wb, t, "fr", f)
            continue
        ws = wb.add_worksheet(t.stem)
        data = [[(float(v) if isinstance(v, Decimal) else dt.datetime.combine(v, dt.time())
                  if isinstance(v, dt.date) else ENUMS[t.schema.column(c).enum][v][0]
                  if t.kind(c) == "enum" and v is not None else v) for c, v in zip(t.ids, r)] for r in t.rows]
        cols = [{"header": h} for h in t.header("fr")]
        cols[0]["total_string"] = "Total"
        cols[t.ids.index("amount")].update(total_function="sum", format=f["eur"], total_value=30660)
        ws.add_table(0, 0, len(data) + 1, len(cols) - 1, {"data": data, "columns": cols, "total_row": True,
                                                          "name": "Grand_livre"})
    wb.close()


def trap_payroll_month_twice(folder: Path, s):
    """paie.csv with S3's January pasted twice (row 14): 1 791,67 more claimed
    for a month already paid.  A real second payment for a month (arrears) is
    typed as the month's total on one line."""
    _sample_folder(folder, s)
    _edit(folder, "paie.csv", lambda x: x + "S3;01/2015;1.791,67\r\n")


# --------------------------------------------------------------------------- the catalogue

@dataclass
class Place:
    file: str
    row: int | None = None
    column: str = ""          # the header as it stands in the file
    sheet: str = ""
    also: str = ""            # another name the refusal must mention (the second source)
    letter: str = ""          # the column's letter, accepted instead of its header


@dataclass
class Legit:
    make: object
    name: str
    evidence: list[Place] = field(default_factory=list)   # warnings that must say the evidence was used


@dataclass
class Trap:
    make: object
    name: str
    place: Place
    given: str = ""           # what to pass to load() below the trap's path (a file in a folder)


LEGIT = [
    Legit(legit_excel_fr_be, "excel_fr_be"),
    Legit(legit_excel_nl_be, "excel_nl_be"),
    Legit(legit_excel_unicode_text, "excel_unicode_text"),
    Legit(legit_excel_csv_utf8, "excel_csv_utf8"),
    Legit(legit_libreoffice_comma, "libreoffice_comma"),
    Legit(legit_libreoffice_all_quoted, "libreoffice_all_quoted"),
    Legit(legit_english_locale, "english_locale"),
    Legit(legit_header_near_misses, "header_near_misses",
          [Place(f"{k.split('.')[0]}.csv", column=v) for k, v in NEAR_MISS.items() if k not in EXACT_AFTER_FOLDING]),
    Legit(legit_header_near_misses_nl, "header_near_misses_nl",
          [Place(NL_FILE[k.split(".")[0]], column=v) for k, v in NEAR_MISS_NL.items()
           if k not in ("personnel.cost", "fonctionnement.other_funder")]),
    Legit(legit_title_rows_and_blank_tail, "title_rows_and_blank_tail"),
    Legit(legit_lock_and_system_files, "lock_and_system_files"),
    Legit(legit_column_evidence, "column_evidence", [Place("personnel.csv", 2, "coût employeur")]),
    Legit(legit_mixed_office, "mixed_office"),
    Legit(legit_excel_sep_line, "excel_sep_line"),
    Legit(legit_fr_fr_locale, "fr_fr_locale"),
    Legit(legit_hand_typed_values, "hand_typed_values"),
    Legit(legit_with_archive_subfolder, "with_archive_subfolder"),
    Legit(legit_workbook_custom_formats, "workbook_custom_formats.xlsx"),
    Legit(legit_workbook_all_text, "workbook_all_text.xlsx"),
    Legit(legit_workbook_mac_1904, "workbook_mac_1904.xlsx"),
    Legit(legit_workbook_excel_fr, "workbook_excel_fr.xlsx",
          [Place("workbook_excel_fr.xlsx", None, "part %", "personnel"),
           Place("workbook_excel_fr.xlsx", None, "autre financement %", "personnel"),
           Place("workbook_excel_fr.xlsx", None, "part AS %", "fonctionnement")]),
    Legit(legit_workbook_excel_nl, "workbook_excel_nl.xlsx",
          [Place("workbook_excel_nl.xlsx", None, "aandeel %", "personeel")]),
    Legit(legit_workbook_header_near_misses, "workbook_header_near_misses.xlsx",
          [Place("workbook_header_near_misses.xlsx", None, v, k.split(".")[0]) for k, v in NEAR_MISS.items()
           if k not in EXACT_AFTER_FOLDING]),
    Legit(legit_workbook_saved_by_libreoffice, "workbook_saved_by_libreoffice.xlsx",
          [Place("workbook_saved_by_libreoffice.xlsx", None, "part %", "personnel")]),
]

TRAPS = [
    Trap(trap_thousands_without_evidence, "thousands_without_evidence",
         Place("convention.csv", 2, "montant octroyé")),
    Trap(trap_english_thousands_without_evidence, "english_thousands_without_evidence",
         Place("convention.csv", 2, "granted")),
    Trap(trap_ledger_thousands_format_0, "ledger_thousands_format_0", Place("fonctionnement.csv", 3, "montant")),
    Trap(trap_percent_fraction_csv, "percent_fraction_csv", Place("personnel.csv", 7, "autre financement %")),
    Trap(trap_percent_one_csv, "percent_one_csv", Place("personnel.csv", 7, "autre financement %")),
    Trap(trap_percent_fraction_workbook, "percent_fraction_workbook.xlsx",
         Place("percent_fraction_workbook.xlsx", 7, "autre financement %", "personnel")),
    Trap(trap_text_thousands_workbook, "text_thousands_workbook.xlsx",
         Place("text_thousands_workbook.xlsx", 2, "coût employeur", "personnel")),
    Trap(trap_two_sources_fr_nl, "two_sources_fr_nl", Place("personeel.csv", also="personnel.csv")),
    Trap(trap_copy_beside_original, "copy_beside_original",
         Place("Copie de fonctionnement.csv", also="fonctionnement.csv")),
    Trap(trap_draft_workbook_in_csv_folder, "draft_workbook_in_csv_folder",
         Place("fonctionnement.xlsx", also="fonctionnement.csv")),
    Trap(trap_hidden_old_sheet, "hidden_old_sheet.xlsx",
         Place("hidden_old_sheet.xlsx", sheet="personnel (2)", also="personnel")),
    Trap(trap_copy_suffix_alone, "copy_suffix_alone", Place("personnel (2).csv")),
    Trap(trap_open_quote_ledger, "open_quote_ledger", Place("fonctionnement.csv", 10, "autre financeur", letter="J")),
    Trap(trap_blank_amount, "blank_amount", Place("fonctionnement.csv", 7, "montant")),
    Trap(trap_total_row_ledger, "total_row_ledger", Place("fonctionnement.csv", 14)),
    Trap(trap_repeated_header, "repeated_header", Place("presences.csv", 302)),
    Trap(trap_ambiguous_header, "ambiguous_header", Place("convention.csv", 1, "montant")),
    Trap(trap_single_file, "single_file", Place("personnel.csv"), given="personnel.csv"),
    Trap(trap_formula_without_cached_value, "formula_without_cached_value.xlsx",
         Place("formula_without_cached_value.xlsx", 2, "coût employeur", "personnel")),
    Trap(trap_error_cell, "error_cell.xlsx", Place("error_cell.xlsx", 6, "montant", "fonctionnement")),
    Trap(trap_line_pasted_twice, "line_pasted_twice", Place("fonctionnement.csv", 14, "id")),
    Trap(trap_credit_note_negative, "credit_note_negative", Place("fonctionnement.csv", 14, "montant")),
    Trap(trap_payroll_general_format, "payroll_general_format", Place("paie.csv", 2, "coût employeur")),
    Trap(trap_csv_with_formulas, "csv_with_formulas", Place("personnel.csv", 2, "coût employeur")),
    Trap(trap_percent_format_applied_after, "percent_format_applied_after.xlsx",
         Place("percent_format_applied_after.xlsx", 7, "autre financement %", "personnel")),
    Trap(trap_merged_cells, "merged_cells.xlsx", Place("merged_cells.xlsx", 6, "fonction", "personnel")),
    Trap(trap_two_workbook_versions, "two_workbook_versions",
         Place("budget AS 2015 v2.xlsx", also="budget AS 2015.xlsx")),
    Trap(trap_us_dates, "us_dates", Place("piis.csv", 6, "début")),
    Trap(trap_convention_two_years, "convention_two_years", Place("convention.csv")),
    Trap(trap_workbook_fr_and_nl_sheets, "workbook_fr_and_nl_sheets.xlsx",
         Place("workbook_fr_and_nl_sheets.xlsx", sheet="personeel", also="personnel")),
    Trap(trap_trailing_minus, "trailing_minus", Place("fonctionnement.csv", 14, "montant")),
    Trap(trap_accounting_parentheses, "accounting_parentheses", Place("fonctionnement.csv", 14, "montant")),
    Trap(trap_two_cost_columns, "two_cost_columns", Place("personnel.csv", 1, "coût employeur")),
    Trap(trap_payroll_month_twice, "payroll_month_twice", Place("paie.csv", 14, "mois")),
    Trap(trap_excel_table_total_row, "excel_table_total_row.xlsx",
         Place("excel_table_total_row.xlsx", 14, sheet="fonctionnement")),
]


# files whose meaning the file itself shows, but in a way an office rarely intends: either read as the
# file shows it (the sample's figures, and a warning at the place) or refused at the place; never silent
EITHER = [
    Trap(either_hours_as_durations, "hours_as_durations.xlsx",
         Place("hours_as_durations.xlsx", None, "heures", "temps")),
]


def build(out: Path = CORPUS, *, libreoffice: bool = True) -> Path:
    """(Re)write the whole corpus into ``out``."""
    s = sample()
    for kind, items in (("legit", LEGIT), ("traps", TRAPS), ("either", EITHER)):
        base = out / kind
        base.mkdir(parents=True, exist_ok=True)
        for item in items:
            target = base / item.name
            if item.make is legit_workbook_saved_by_libreoffice:
                if libreoffice:
                    item.make(target, s)
                continue
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
            item.make(target, s)
    return out


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    print(build(Path(args[0]) if args else CORPUS))
