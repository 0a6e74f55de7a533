"""The empty input workbook a finance officer fills: one sheet per table, the
headers in French or Dutch, a comment under every header explaining the column,
drop-down lists for the enumerations, numbers >= 0 and dates validated by
Excel itself, and frozen header rows."""
from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import xlsxwriter

from .export import file_mode
from .schema import CLUSTER_CONVENTION, ENUMS, MEMBER_COLUMN, TABLES, enum_label

MAX_ROW = 1_048_575


CLUSTER_NOTE = {
    "fr": "Cluster (au moins trois CPAS, une convention signée par le promoteur) : une ligne par CPAS membre ; "
          "cluster = le même nom sur chaque ligne ; rôle = promoteur sur une seule ligne, membre sur les autres ; "
          "année, montants et objectifs sur la ligne du promoteur (vides ou identiques ailleurs) ; clé de répartition "
          "% : sur chaque ligne (total 100) ou sur aucune (répartition au prorata des frais déclarés). Dans les autres "
          "feuilles, la première colonne CPAS nomme le membre de chaque ligne.",
    "nl": "Cluster (minstens drie OCMW's, één overeenkomst ondertekend door de promotor): één rij per lid-OCMW; "
          "cluster = dezelfde naam op elke rij; rol = promotor op één rij, lid op de andere; jaar, bedragen en "
          "doelstellingen op de rij van de promotor (elders leeg of gelijk); verdeelsleutel %: op elke rij (totaal 100) "
          "of op geen enkele (verdeling pro rata van de ingediende kosten). In de andere bladen noemt de eerste kolom "
          "OCMW het lid van elke rij.",
}


def write_template(path: str | Path, lang: str = "fr", cluster: bool = False) -> Path:
    """Write the empty input workbook to ``path`` (atomically).  ``cluster``: the cluster's
    one-workbook form (issue 11): the convention with one row per member and the columns
    cluster, role and distribution key; every other sheet starts with a column CPAS."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".xlsx", dir=path.parent)
    os.close(fd)
    wb = xlsxwriter.Workbook(tmp)
    wb.set_properties({"title": "activsoc-costs input", "created": dt.datetime(2015, 1, 1)})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    money_fmt = wb.add_format({"num_format": "#,##0.00"})
    lists = wb.add_worksheet("listes" if lang == "fr" else "lijsten")
    list_ranges: dict[str, str] = {}
    for j, (enum, values) in enumerate(ENUMS.items()):
        lists.write(0, j, enum, head)
        for i, cid in enumerate(values):
            lists.write(i + 1, j, enum_label(enum, cid, lang))
        col = xlsxwriter.utility.xl_col_to_name(j)
        list_ranges[enum] = f"='{lists.get_name()}'!${col}$2:${col}${len(values) + 1}"
    for k, table in enumerate(TABLES):
        ws = wb.add_worksheet(table.name(lang))
        if k == 0:
            ws.activate()  # the workbook opens on the convention, not on the lists
        ws.freeze_panes(1, 0)
        note = table.note_nl if lang == "nl" else table.note_fr
        columns = table.columns
        if cluster:
            columns = CLUSTER_CONVENTION.columns if k == 0 else (MEMBER_COLUMN, *table.columns)
            note = CLUSTER_NOTE[lang] if k == 0 else note
        for j, col in enumerate(columns):
            ws.write(0, j, col.header(lang), head)
            comment = col.note(lang) or col.header(lang)
            if j == 0 and note:
                comment = f"{note}\n\n{comment}"
            if col.required:
                comment += " — " + ("obligatoire" if lang == "fr" else "verplicht")
            ws.write_comment(0, j, comment, {"x_scale": 2, "y_scale": 1.5})
            ws.set_column(j, j, max(14, min(40, len(col.header(lang)) + 4)),
                          date_fmt if col.kind in ("date", "month") else money_fmt if col.kind == "money" else None)
            rng = (1, j, MAX_ROW, j)
            if col.kind == "enum":
                ws.data_validation(*rng, {"validate": "list", "source": list_ranges[col.enum]})
            elif col.kind in ("money", "decimal"):
                ws.data_validation(*rng, {"validate": "decimal", "criteria": ">=", "value": 0})
            elif col.kind == "int":
                ws.data_validation(*rng, {"validate": "integer", "criteria": ">=", "value": 0})
            elif col.kind == "percent":
                ws.data_validation(*rng, {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100})
            elif col.kind in ("date", "month"):
                ws.data_validation(*rng, {"validate": "date", "criteria": "between",
                                          "minimum": dt.date(1990, 1, 1), "maximum": dt.date(2100, 12, 31)})
        ws.set_row(0, 30)
    wb.close()
    os.chmod(tmp, file_mode())  # mkstemp made it 0600: the umask decides, as for any file
    os.replace(tmp, path)
    return path
