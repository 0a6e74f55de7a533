"""consolidate: many CPAS (or clusters) to one table, one row per CPAS, plus totals (issue 11 item 4).

``activsoc-costs consolidate INPUTS...``: each input is a CPAS folder of CSV files, a workbook, the JSON
``report --json`` wrote, a cluster (its convention's figures: one row), or a folder holding many of those
(one CPAS per sub-folder, workbook or JSON file, as the national generated set).

Each CPAS is read, checked and allocated on its own by the same ``load`` and ``report`` as
``activsoc-costs report`` (a process pool over CPAS, ``--workers``); its figures are kept as integer cents.
A CPAS whose data has problems is listed with its problems and left out of the totals (the table says so);
it never stops the others.  Totals are sums of the rows, in cents, exact; the use of the grant of the
totals is accepted / granted of the totals.

Exit code of the command: 0 when every CPAS was read without problem, 1 when some had problems.
"""
from __future__ import annotations

import gc
import json
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from . import problems as P
from .batches import _batches, _holds_more_than_csv, _table_files
from .gcpause import collector_paused
from .money import fmt, fmt_eur, fmt_pct

FATES = ("claimed", "not_eligible", "excluded", "other_use")
COUNTS = ("bilans", "piis", "2.1", "2.2", "2.3")
MONEY = ("granted", "advance", "amount") + FATES + ("accepted", "balance")
FIRST_PROBLEMS = 5  # problems kept per CPAS (the count is always given)

WORDS = {
    "fr": {"title": "Consolidation — subvention activation sociale", "cpas": "CPAS", "year": "année",
           "source": "source", "granted": "montant octroyé", "advance": "avance", "amount": "coûts présentés",
           "claimed": "justifié", "not_eligible": "non éligible", "excluded": "exclu", "other_use": "autre affectation",
           "accepted": "accepté", "balance": "solde", "use_of_grant": "taux d'utilisation %",
           "bilans": "bilans", "piis": "PIIS", "2.1": "PIIS 2.1", "2.2": "PIIS 2.2", "2.3": "PIIS 2.3",
           "warnings": "avertissements", "warnings_by_rule": "avertissements par règle", "total": "TOTAL",
           "status": "état", "ok": "ok", "problems": "problèmes", "sheet": "Consolidation",
           "problems_sheet": "Problèmes", "chart": "Justifié et octroyé par CPAS",
           "chart_top": "Justifié et octroyé : les {n} plus grands montants octroyés sur {total} CPAS",
           "excluded_note": "{n} CPAS avec des problèmes : listés ci-dessous, non compris dans les totaux",
           "all_ok": "{n} CPAS, tous lus sans problème", "problem_count": "nombre de problèmes",
           "first_problems": "premiers problèmes", "no_rule": "sans règle", "written": "Écrit",
           "not_written": "Classeur non écrit", "no_input": "Aucune entrée à consolider"},
    "nl": {"title": "Consolidatie — subsidie sociale activering", "cpas": "OCMW", "year": "jaar",
           "source": "bron", "granted": "toegekend bedrag", "advance": "voorschot", "amount": "ingediende kosten",
           "claimed": "verantwoord", "not_eligible": "niet subsidieerbaar", "excluded": "uitgesloten",
           "other_use": "andere bestemming", "accepted": "aanvaard", "balance": "saldo",
           "use_of_grant": "benuttingsgraad %", "bilans": "balansen", "piis": "GPMI", "2.1": "GPMI 2.1",
           "2.2": "GPMI 2.2", "2.3": "GPMI 2.3", "warnings": "waarschuwingen",
           "warnings_by_rule": "waarschuwingen per regel", "total": "TOTAAL", "status": "toestand", "ok": "ok",
           "problems": "problemen", "sheet": "Consolidatie", "problems_sheet": "Problemen",
           "chart": "Verantwoord en toegekend per OCMW",
           "chart_top": "Verantwoord en toegekend: de {n} grootste toegekende bedragen op {total} OCMW's",
           "excluded_note": "{n} OCMW's met problemen: hieronder vermeld, niet opgenomen in de totalen",
           "all_ok": "{n} OCMW's, allemaal zonder probleem gelezen", "problem_count": "aantal problemen",
           "first_problems": "eerste problemen", "no_rule": "zonder regel", "written": "Geschreven",
           "not_written": "Werkmap niet geschreven", "no_input": "Geen invoer om te consolideren"},
}


@dataclass
class Row:
    """One CPAS: its figures in cents (``ok``) or its problems."""
    source: str
    cpas: str = ""
    year: int = 0
    money: dict = field(default_factory=dict)      # MONEY keys -> cents
    counts: dict = field(default_factory=dict)     # COUNTS keys -> int
    warnings: dict = field(default_factory=dict)   # rule ("" = none) -> count
    problem_count: int = 0
    problems: list = field(default_factory=list)   # the first ones, as Problem.to_dict()

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    @property
    def use_of_grant(self) -> Fraction:
        g = self.money.get("granted", 0)
        return Fraction(self.money.get("accepted", 0), g) if g else Fraction(0)

    def to_dict(self) -> dict:
        d = {"cpas": self.cpas, "source": self.source, "status": "ok" if self.ok else "problems"}
        if self.ok:
            d["year"] = self.year
            d.update({k: fmt(self.money[k]) for k in MONEY})
            d["use_of_grant"] = fmt_pct(self.use_of_grant)
            d["counts"] = dict(self.counts)
            d["warnings"] = dict(sorted(self.warnings.items()))
        else:
            d["problem_count"] = self.problem_count
            d["problems"] = self.problems
        return d


# --------------------------------------------------------------------------- which inputs

def _is_cpas_folder(folder: Path) -> bool:
    """A folder is one CPAS (or one cluster) when it holds CSV files or a cluster's convention at its top."""
    try:
        if any(p.suffix.lower() == ".csv" for p in folder.iterdir() if p.is_file()):
            return True
    except OSError:
        return True  # unreadable: load() says why
    from .cluster import is_cluster
    return is_cluster(folder)


def expand(paths) -> list[str]:
    """The inputs, one per CPAS: a folder of many becomes its CPAS sub-folders, workbooks and JSON files
    (sorted by name); anything else (a CPAS folder, a workbook, a JSON file, a missing path) is kept as given."""
    out: list[str] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir() and not _is_cpas_folder(p):
            kids = []
            for c in sorted(p.iterdir(), key=lambda c: c.name):
                if c.name.startswith((".", "~$")):
                    continue
                if c.is_dir() or c.suffix.lower() in (".xlsx", ".xlsm", ".json"):
                    kids.append(str(c))
            out.extend(kids or [str(p)])  # an empty folder: load() reports "no inputs"
        else:
            out.append(str(p))
    return out


# --------------------------------------------------------------------------- one CPAS

def _warnings_by_rule(warnings) -> dict:
    c = Counter()
    for w in warnings:
        rule = w.get("rule", "") if isinstance(w, dict) else w.rule
        c[rule or ""] += 1
    return dict(c)


def _row_from_figures(source: str, f) -> Row:
    money = {"granted": f.granted, "advance": f.advance,
             "amount": f.personnel["amount"] + f.operating["amount"]}
    money.update({k: f.personnel[k] + f.operating[k] for k in FATES})
    money.update({"accepted": f.accepted, "balance": f.balance})
    return Row(source=source, cpas=f.cpas, year=f.year, money=money,
               counts={k: int(f.counts[k]) for k in COUNTS}, warnings=_warnings_by_rule(f.warnings))


def _row_from_problems(source: str, name: str, problems) -> Row:
    first = [p.to_dict() if hasattr(p, "to_dict") else dict(p) for p in list(problems)[:FIRST_PROBLEMS]]
    return Row(source=source, cpas=name, problem_count=len(problems), problems=first)


def _cents(text) -> int:
    from .money import to_cents
    return to_cents(Decimal(str(text)))


def _row_from_json(path: Path) -> Row:
    source = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return _row_from_problems(source, path.stem, [P.make("consolidate_bad_json", file=path.name,
                                                              detail=type(exc).__name__)])
    if not isinstance(data, dict):
        return _row_from_problems(source, path.stem, [P.make("consolidate_not_report", file=path.name)])
    if data.get("problems") and "claimed" not in data:  # report --json of data with problems
        return _row_from_problems(source, str(data.get("cpas") or path.stem), data["problems"])
    try:
        pers, oper = data["personnel"], data["operating"]
        money = {"granted": _cents(data["granted"]), "advance": _cents(data["advance"]),
                 "amount": _cents(pers["amount"]) + _cents(oper["amount"])}
        money.update({k: _cents(pers[k]) + _cents(oper[k]) for k in FATES})
        money.update({"accepted": _cents(data["accepted"]), "balance": _cents(data["balance"])})
        counts = {k: int(data["counts"][k]) for k in COUNTS}
        row = Row(source=source, cpas=str(data["cpas"]), year=int(data["year"]), money=money, counts=counts,
                  warnings=_warnings_by_rule(data.get("warnings", [])))
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return _row_from_problems(source, path.stem, [P.make("consolidate_not_report", file=path.name)])
    if money["claimed"] != _cents(data["claimed"]):  # a hand-edited file: its figures do not add up
        return _row_from_problems(source, row.cpas, [P.make("consolidate_json_inconsistent", file=path.name,
                                                             value=data["claimed"], total=fmt(money["claimed"]))])
    return row


def _maybe_cluster(path: Path) -> bool:
    """A cluster's convention (``cluster.is_cluster``), asked only where a cluster can be: a workbook (form 3),
    or a folder with sub-folders (form 1) or workbooks (form 2).  A folder of CSV files alone is one CPAS:
    its convention is not read twice (a fixed cost per CPAS, issue 11 Performance)."""
    from .cluster import is_cluster
    if path.is_dir():
        try:
            if not _holds_more_than_csv(path):
                return False
        except OSError:
            return False
    return is_cluster(path)


def one(source: str, pre: dict | None = None, csv_folder: bool = False) -> Row:
    """The row of one input (never raises: an unexpected error is the CPAS's problem).  ``pre``: CSV
    files already read (``read.read_csv_many``); ``csv_folder``: the input is known to be a folder of
    CSV files alone (``batches._csv_folder``, asked when the batches were made): not a cluster."""
    path = Path(source)
    try:
        if not csv_folder and path.is_file() and path.suffix.lower() == ".json":
            return _row_from_json(path)
        if not csv_folder and _maybe_cluster(path):
            from .cluster import cluster_report, load_cluster
            cl = load_cluster(path)
            if cl.problems:
                return _row_from_problems(source, path.stem if path.is_file() else path.name, cl.problems)
            return _row_from_figures(source, cluster_report(cl).figures)
        from .load import load
        from .pipeline import report
        inputs = load(path, pre=pre)
        if inputs.problems:
            name = str(inputs.convention.get("cpas") or "") if isinstance(getattr(inputs, "convention", None), dict) else ""
            return _row_from_problems(source, name or (path.stem if path.is_file() else path.name), inputs.problems)
        return _row_from_figures(source, report(inputs))
    except Exception as exc:  # last line of defence: this CPAS's problem, the others go on
        if os.environ.get("ACTIVSOC_DEBUG"):
            raise
        return _row_from_problems(source, path.name, [P.make("internal_error", file=path.name,
                                                             detail=type(exc).__name__)])


def _one_paused(source: str, pre: dict | None = None, csv_folder: bool = False) -> Row:
    """``one`` with the cycle collector paused (``gcpause``), its young objects collected after it."""
    with collector_paused(generation=1):
        return one(source, pre, csv_folder)


def _batch(sources: list[str]) -> list[Row]:
    """The rows of a batch of inputs: each table of the batch's CPAS folders read in one scan
    (``read.read_csv_many``), then each CPAS checked and allocated on its own files."""
    from .read import read_csv_many
    # a batch of several inputs holds CPAS folders of CSV files only (``_batches`` put any other alone)
    together = len(sources) > 1
    try:
        pre = read_csv_many(_table_files(sources, csv_folders=True)) if together else None
    except Exception:  # the scan is only a cache: each CPAS then reads its own files and says what is wrong
        if os.environ.get("ACTIVSOC_DEBUG"):
            raise
        pre = None
    return [_one_paused(s, pre, together) for s in sources]


def _worker_start() -> None:
    """A pool worker: what the parent made before the fork (modules, tables) is never garbage."""
    gc.freeze()


# --------------------------------------------------------------------------- many CPAS

class _Progress:
    """A one-line progress bar on stderr (only when it is a terminal)."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.done, self.enabled = total, 0, enabled and total > 1

    def step(self, n: int = 1) -> None:
        self.done += n
        if self.enabled:
            width = 30
            full = int(width * self.done / self.total)
            sys.stderr.write(f"\r[{'#' * full}{'.' * (width - full)}] {self.done}/{self.total} CPAS")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()


def consolidate(paths, workers: int | None = None, progress: bool = False) -> "Consolidation":
    """Every input's row (in the order of ``expand(paths)``) and the totals of the rows without problems."""
    sources = expand(paths)
    workers = max(1, int(workers or os.cpu_count() or 1))
    bar = _Progress(len(sources), progress)
    rows: list[Row] = []
    try:
        batches = _batches(sources)
        got: dict[int, Row] = {}
        if workers == 1 or len(batches) < 2:
            for batch in batches:
                for i, row in zip(batch, _batch([sources[i] for i in batch])):
                    got[i] = row
                bar.step(len(batch))
        else:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor
            ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
            from . import cluster, load, pipeline  # noqa: F401  imported once, before the fork: each worker has them
            with ProcessPoolExecutor(min(workers, len(batches)), mp_context=ctx, initializer=_worker_start) as pool:
                work = [[sources[i] for i in batch] for batch in batches]
                for batch, batch_rows in zip(batches, pool.map(_batch, work, chunksize=1)):
                    for i, row in zip(batch, batch_rows):
                        got[i] = row
                    bar.step(len(batch))
        rows = [got[i] for i in range(len(sources))]
    finally:
        bar.close()
    return Consolidation(_refuse_duplicates(rows))


def _refuse_duplicates(rows: list[Row]) -> list[Row]:
    """The same CPAS and year given twice (its folder and its JSON, or two copies) would be counted twice:
    each of them becomes a problem row naming the other sources, out of the totals (no silent money)."""
    from .schema import norm
    groups: dict[tuple, list[int]] = {}
    for i, r in enumerate(rows):
        if r.ok:
            groups.setdefault((norm(r.cpas), r.year), []).append(i)
    out = list(rows)
    for idx in groups.values():
        if len(idx) < 2:
            continue
        for i in idx:
            r = rows[i]
            others = " ; ".join(rows[j].source for j in idx if j != i)
            prob = P.make("consolidate_duplicate_cpas", file=Path(r.source).name, value=r.cpas, year=r.year,
                          others=others)
            out[i] = _row_from_problems(r.source, r.cpas, [prob])
    return out


@dataclass
class Consolidation:
    rows: list[Row]

    @property
    def ok_rows(self) -> list[Row]:
        return [r for r in self.rows if r.ok]

    @property
    def problem_rows(self) -> list[Row]:
        return [r for r in self.rows if not r.ok]

    def totals(self) -> dict:
        ok = self.ok_rows
        money = {k: sum(r.money[k] for r in ok) for k in MONEY}
        counts = {k: sum(r.counts[k] for r in ok) for k in COUNTS}
        warnings = Counter()
        for r in ok:
            warnings.update(r.warnings)
        use = Fraction(money["accepted"], money["granted"]) if money["granted"] else Fraction(0)
        return {"cpas": len(ok), "money": money, "counts": counts, "warnings": dict(warnings), "use_of_grant": use}

    def to_dict(self) -> dict:
        from . import __version__
        t = self.totals()
        return {"program": {"name": "activsoc-costs", "version": __version__},
                "cpas_count": len(self.rows), "ok_count": len(self.ok_rows),
                "problems_count": len(self.problem_rows),
                "rows": [r.to_dict() for r in self.rows],
                "totals": {"cpas": t["cpas"], **{k: fmt(v) for k, v in t["money"].items()},
                           "use_of_grant": fmt_pct(t["use_of_grant"]), "counts": t["counts"],
                           "warnings": dict(sorted(t["warnings"].items()))},
                "excluded_from_totals": [r.cpas or r.source for r in self.problem_rows]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def rules(self) -> list[str]:
        seen = set()
        for r in self.ok_rows:
            seen.update(r.warnings)
        return sorted(seen, key=lambda k: (k == "", k))

    # ---------------------------------------------------------------- console
    def text(self, lang: str = "fr") -> str:
        W = WORDS[lang]
        eur = lambda c: fmt_eur(c, lang)  # noqa: E731
        cols = ("granted", "claimed", "not_eligible", "excluded", "other_use", "accepted", "balance")
        out = [W["title"], ""]
        head = f"{W['cpas']:<28}{W['year']:>6}" + "".join(f"{W[c][:17]:>19}" for c in cols) + \
            f"{W['use_of_grant'][:9]:>10}" + "".join(f"{W[c][:8]:>9}" for c in COUNTS) + f"{W['warnings'][:8]:>9}"
        out.append(head)
        for r in self.ok_rows:
            out.append(f"{r.cpas[:27]:<28}{r.year:>6}" + "".join(f"{eur(r.money[c]):>19}" for c in cols) +
                       f"{fmt_pct(r.use_of_grant, lang):>10}" + "".join(f"{r.counts[c]:>9}" for c in COUNTS) +
                       f"{sum(r.warnings.values()):>9}")
        t = self.totals()
        out.append(f"{W['total'] + ' (' + str(t['cpas']) + ')':<34}" + "".join(f"{eur(t['money'][c]):>19}" for c in cols) +
                   f"{fmt_pct(t['use_of_grant'], lang):>10}" + "".join(f"{t['counts'][c]:>9}" for c in COUNTS) +
                   f"{sum(t['warnings'].values()):>9}")
        if t["warnings"]:
            out += ["", W["warnings_by_rule"] + " : " + ", ".join(
                f"{k or W['no_rule']} {v}" for k, v in sorted(t["warnings"].items(), key=lambda kv: (kv[0] == "", kv[0])))]
        bad = self.problem_rows
        out.append("")
        if bad:
            out.append(W["excluded_note"].format(n=len(bad)))
            for r in bad:
                out.append(f"  - {r.cpas or r.source} ({r.source}): {r.problem_count} {W['problems']}")
                for p in r.problems:
                    prob = P.Problem(**{k: v for k, v in p.items() if k in P.Problem.__dataclass_fields__})
                    out.append(f"      {prob.line(lang)}")
        else:
            out.append(W["all_ok"].format(n=len(self.rows)))
        return "\n".join(out)


# --------------------------------------------------------------------------- workbook

def output_name(lang: str) -> str:
    return f"consolidation-{lang}.xlsx"


def write_workbook(c: Consolidation, path: str | Path, lang: str = "fr", top: int = 30) -> Path:
    """The table with live totals (SUM over the rows), the chart, and the CPAS with problems."""
    import xlsxwriter
    from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
    W = WORDS[lang]
    path = Path(path)
    wb = xlsxwriter.Workbook(str(path))
    bold = wb.add_format({"bold": True})
    head = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1})
    eur = wb.add_format({"num_format": "#,##0.00"})
    eur_b = wb.add_format({"num_format": "#,##0.00", "bold": True, "top": 1})
    pct = wb.add_format({"num_format": "0.00"})
    pct_b = wb.add_format({"num_format": "0.00", "bold": True, "top": 1})
    int_b = wb.add_format({"bold": True, "top": 1})
    ws = wb.add_worksheet(W["sheet"])
    rules = c.rules()
    money_cols = ["granted", "advance", "amount", *FATES, "accepted", "balance"]
    headers = [W["cpas"], W["year"], *[W[k] for k in money_cols], W["use_of_grant"], *[W[k] for k in COUNTS],
               W["warnings"], *[f"{W['warnings']} {r or W['no_rule']}" for r in rules], W["source"]]
    ws.write(0, 0, W["title"], bold)
    ok = c.ok_rows
    note = W["excluded_note"].format(n=len(c.problem_rows)) if c.problem_rows else W["all_ok"].format(n=len(c.rows))
    ws.write(1, 0, note)
    H = 3  # header row (0-based); data from H + 1
    for j, h in enumerate(headers):
        ws.write(H, j, h, head)
    ws.set_row(H, 45)
    ws.freeze_panes(H + 1, 1)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 7)
    ws.set_column(2, 1 + len(money_cols), 15)
    ws.set_column(2 + len(money_cols), len(headers) - 2, 10)
    ws.set_column(len(headers) - 1, len(headers) - 1, 40)
    col = {k: 2 + i for i, k in enumerate(money_cols)}
    c_use = 2 + len(money_cols)
    c_counts = {k: c_use + 1 + i for i, k in enumerate(COUNTS)}
    c_warn = c_use + 1 + len(COUNTS)
    c_rules = {r: c_warn + 1 + i for i, r in enumerate(rules)}
    first, last = H + 1, H + len(ok)  # 0-based rows of the data
    for i, r in enumerate(ok):
        x = first + i
        ws.write_string(x, 0, r.cpas)
        ws.write_number(x, 1, r.year)
        for k in money_cols:
            ws.write_number(x, col[k], r.money[k] / 100, eur)  # cents / 100: the euro value, two decimals
        g, a = xl_rowcol_to_cell(x, col["granted"]), xl_rowcol_to_cell(x, col["accepted"])
        ws.write_formula(x, c_use, f"=IF({g}=0,0,ROUND({a}/{g}*100,2))", pct,
                         float(fmt_pct(r.use_of_grant)))
        for k in COUNTS:
            ws.write_number(x, c_counts[k], r.counts[k])
        ws.write_number(x, c_warn, sum(r.warnings.values()))
        for rule, j in c_rules.items():
            ws.write_number(x, j, r.warnings.get(rule, 0))
        ws.write_string(x, len(headers) - 1, r.source)
    t = c.totals()
    tot = last + 1 if ok else first
    ws.write(tot, 0, f"{W['total']} ({t['cpas']})", int_b)
    ws.write(tot, 1, "", int_b)

    def _sum(j: int, value, fmt_=None):
        if ok:
            cl = xl_col_to_name(j)
            ws.write_formula(tot, j, f"=SUM({cl}{first + 1}:{cl}{last + 1})", fmt_ or int_b, value)
        else:
            ws.write_number(tot, j, 0, fmt_ or int_b)

    for k in money_cols:
        _sum(col[k], t["money"][k] / 100, eur_b)
    g, a = xl_rowcol_to_cell(tot, col["granted"]), xl_rowcol_to_cell(tot, col["accepted"])
    ws.write_formula(tot, c_use, f"=IF({g}=0,0,ROUND({a}/{g}*100,2))", pct_b, float(fmt_pct(t["use_of_grant"])))
    for k in COUNTS:
        _sum(c_counts[k], t["counts"][k])
    _sum(c_warn, sum(t["warnings"].values()))
    for rule, j in c_rules.items():
        _sum(j, t["warnings"].get(rule, 0))
    # the chart: claimed vs granted per CPAS, the ``top`` largest grants when there are many
    if ok:
        order = sorted(range(len(ok)), key=lambda i: -ok[i].money["granted"])[:top]
        sheet_name = W["sheet"]
        if len(ok) > top:  # a helper block (values) of the CPAS shown, right of the table
            base = len(headers) + 1
            ws.write(H, base, W["cpas"], head)
            ws.write(H, base + 1, W["claimed"], head)
            ws.write(H, base + 2, W["granted"], head)
            for n, i in enumerate(order):
                ws.write_string(first + n, base, ok[i].cpas)
                ws.write_number(first + n, base + 1, ok[i].money["claimed"] / 100, eur)
                ws.write_number(first + n, base + 2, ok[i].money["granted"] / 100, eur)
            cats, c_cl, c_gr, n_last = base, base + 1, base + 2, first + len(order) - 1
            title = W["chart_top"].format(n=len(order), total=len(ok))
        else:
            cats, c_cl, c_gr, n_last = 0, col["claimed"], col["granted"], last
            title = W["chart"]
        chart = wb.add_chart({"type": "bar"})
        for name, j in ((W["claimed"], c_cl), (W["granted"], c_gr)):
            chart.add_series({"name": name, "categories": [sheet_name, first, cats, n_last, cats],
                              "values": [sheet_name, first, j, n_last, j]})
        chart.set_title({"name": title})
        chart.set_y_axis({"reverse": True})
        chart.set_size({"width": 900, "height": max(300, 22 * (n_last - first + 1) + 120)})
        ws.insert_chart(tot + 3, 0, chart)
    # the CPAS with problems: their own sheet, never in the totals
    wp = wb.add_worksheet(W["problems_sheet"])
    wp.write(0, 0, W["excluded_note"].format(n=len(c.problem_rows)) if c.problem_rows
             else W["all_ok"].format(n=len(c.rows)), bold)
    for j, h in enumerate((W["cpas"], W["source"], W["problem_count"], W["first_problems"])):
        wp.write(2, j, h, head)
    wp.set_column(0, 1, 30)
    wp.set_column(3, 3, 120)
    x = 3
    for r in c.problem_rows:
        wp.write_string(x, 0, r.cpas)
        wp.write_string(x, 1, r.source)
        wp.write_number(x, 2, r.problem_count)
        for p in r.problems:
            prob = P.Problem(**{k: v for k, v in p.items() if k in P.Problem.__dataclass_fields__})
            wp.write_string(x, 3, prob.line(lang))
            x += 1
        x += 0 if r.problems else 1
    ws.activate()
    wb.close()
    return path


def export(c: Consolidation, out_dir: str | Path = "outputs", lang: str = "fr", inputs=()) -> list[Path]:
    """Write ``consolidation-<lang>.xlsx`` (``lang`` fr, nl or all) into ``out_dir``: a hidden temporary
    file renamed into place (never half a file), with the permissions of the umask.  Never into one of the
    ``inputs`` folders (ValueError)."""
    import tempfile
    from .export import file_mode
    out_dir = Path(out_dir)
    for folder in (Path(i) for i in inputs):
        if folder.is_dir():
            try:
                out_dir.resolve().relative_to(folder.resolve())
            except ValueError:
                continue
            raise ValueError(f"on n'écrit jamais dans les données / er wordt nooit in de gegevens geschreven: {folder}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for lg in (("fr", "nl") if lang == "all" else (lang,)):
        target = out_dir / output_name(lg)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}.{os.getpid()}.", suffix=".xlsx.tmp", dir=out_dir)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            write_workbook(c, tmp, lg)
            os.chmod(tmp, file_mode())
            os.replace(tmp, target)
            written.append(target)
        finally:
            if tmp.exists():
                tmp.unlink()
    return written


__all__ = ["consolidate", "Consolidation", "Row", "expand", "one", "export", "write_workbook"]
