"""app: the what-if budget as ipywidgets, for JupyterLab or served by Voilà
(``activsoc-costs app``), plus the small display helpers the notebooks call.

All figures come from :mod:`activsoc_costs.whatif` (pure, tested without a
browser); this module only turns controls into a :class:`~whatif.Scenario`
and figures into HTML.  Every control observes its value: a change updates the
results at once, without re-running a cell, and recomputes only the staff
member it touches (``WhatIf.evaluate`` memoises per staff member).

Tabs: Budget (controls and results), Scénarios / Scenario's (save, load,
compare, export the justification spreadsheet, download it), Suivi / Opvolging
(mid-year monitoring), Données / Gegevens (upload an input workbook).
"""
from __future__ import annotations

import base64
import datetime as dt
import html
import os
import tempfile
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from .labels import label
from .money import fmt_eur, fmt_pct, to_cents
from .trajectories import TYPES
from .whatif import (CATEGORIES, ELIGIBLE_PURPOSES, Module, Recruit, Scenario, ScenarioError, StaffPlan, WhatIf,
                     compare, list_scenarios, load_scenario, monitor, save_scenario)

ENV_INPUTS, ENV_LANG, ENV_YEAR, ENV_OUTPUTS = "ACTIVSOC_INPUTS", "ACTIVSOC_LANG", "ACTIVSOC_YEAR", "ACTIVSOC_OUTPUTS"

# Words of the app itself (the domain words come from labels.GLOSSARY)
UI: dict[str, tuple[str, str]] = {
    "title": ("Budget prévisionnel — que se passe-t-il si… ?", "Begroting — wat als…?"),
    "tab_budget": ("Budget", "Begroting"),
    "tab_scenarios": ("Scénarios", "Scenario's"),
    "tab_monitor": ("Suivi en cours d'année", "Opvolging tijdens het jaar"),
    "tab_data": ("Données", "Gegevens"),
    "staff": ("Membre du personnel", "Personeelslid"),
    "sa_hours": ("Heures activation sociale", "Uren sociale activering"),
    "worked_hours": ("Heures prestées", "Gewerkte uren"),
    "piis_files": ("Dossiers PIIS AS", "GPMI-SA dossiers"),
    "all_files": ("Total dossiers", "Totaal dossiers"),
    "share_pct": ("Part %", "Aandeel %"),
    "justified": ("Justification écrite (R9)", "Schriftelijke verantwoording (R9)"),
    "other_funding_pct": ("Autre financement % (R10)", "Andere financiering % (R10)"),
    "cost": ("Coût employeur (€)", "Werkgeverskost (€)"),
    "removed": ("Ne plus compter", "Niet meer meetellen"),
    "reset_staff": ("Revenir aux données", "Terug naar de gegevens"),
    "recruit": ("Recrutement prévu", "Geplande aanwerving"),
    "recruit_id": ("Identifiant", "Identificatie"),
    "function": ("Fonction", "Functie"),
    "key": ("Clé", "Sleutel"),
    "add": ("Ajouter", "Toevoegen"),
    "remove_last": ("Retirer le dernier", "Laatste verwijderen"),
    "trajectories": ("Trajets prévus (R15)", "Geplande trajecten (R15)"),
    "modules": ("Modules prévus : heures × participants × taux (R11)",
                "Geplande modules: uren × deelnemers × tarief (R11)"),
    "module_name": ("Module", "Module"),
    "hours": ("Heures", "Uren"),
    "participants": ("Participants", "Deelnemers"),
    "rate": ("Taux €/h", "Tarief €/u"),
    "operating_by_purpose": ("Frais de fonctionnement justifiés, par objet (€)",
                             "Verantwoorde werkingskosten, per doel (€)"),
    "grant": ("Subvention (R2, R5)", "Subsidie (R2, R5)"),
    "amount_2014": ("Montant 2014 (+ 20 %, R5)", "Bedrag 2014 (+ 20 %, R5)"),
    "results": ("Résultats", "Resultaten"),
    "cost_per_trajectory": ("coût par trajet (ligne 2)", "kost per traject (lijn 2)"),
    "gap": ("écart", "verschil"),
    "name": ("Nom du scénario", "Naam van het scenario"),
    "save": ("Enregistrer", "Opslaan"),
    "load": ("Charger", "Laden"),
    "compare": ("Comparer", "Vergelijken"),
    "export": ("Exporter le tableau justificatif", "Verantwoordingstabel exporteren"),
    "download": ("Télécharger", "Downloaden"),
    "saved": ("Enregistré", "Opgeslagen"),
    "loaded": ("Chargé", "Geladen"),
    "written": ("Écrit", "Geschreven"),
    "as_of": ("Dépenses réelles au", "Werkelijke uitgaven op"),
    "budgeted": ("budgété (plan)", "begroot (plan)"),
    "actual": ("réel", "werkelijk"),
    "theoretical": ("théorique (prorata temporis)", "theoretisch (pro rata temporis)"),
    "projected": ("projection fin d'année", "projectie eind van het jaar"),
    "personnel": ("frais de personnel", "personeelskosten"),
    "operating": ("frais de fonctionnement", "werkingskosten"),
    "total": ("total", "totaal"),
    "budget_plan": ("Plan budgétaire de la convention (€)", "Begrotingsplan van de overeenkomst (€)"),
    "upload": ("Classeur de données (.xlsx)", "Gegevensbestand (.xlsx)"),
    "inputs": ("Données lues", "Gelezen gegevens"),
    "no_warnings": ("Aucun avertissement", "Geen waarschuwingen"),
    "not_an_amount": ("n'est pas un montant valable", "is geen geldig bedrag"),
    "none_selected": ("Choisissez au moins un scénario", "Kies minstens één scenario"),
    "current": ("(actuel)", "(huidig)"),
    "elapsed": ("jours écoulés", "verstreken dagen"),
}


def T(key: str, lang: str) -> str:
    entry = UI.get(key)
    return entry[1 if lang == "nl" else 0] if entry else label(key, lang)


def default_outputs() -> Path:
    """``$ACTIVSOC_OUTPUTS``, else ``outputs/`` of the checkout (also when run from ``notebooks/``)."""
    env = os.environ.get(ENV_OUTPUTS)
    if env:
        return Path(env)
    cwd = Path.cwd()
    return (cwd.parent if cwd.name == "notebooks" else cwd) / "outputs"


def resolve_params(inputs=None, lang=None, year=None) -> tuple[Path, str, int | None]:
    """The notebooks' parameters: given values, else the environment set by
    ``activsoc-costs app`` (``ACTIVSOC_INPUTS``, ``ACTIVSOC_LANG``, ``ACTIVSOC_YEAR``), else the sample."""
    from .cli import default_inputs, default_lang
    inputs = inputs or os.environ.get(ENV_INPUTS) or default_inputs()
    p = Path(inputs)
    if not p.is_absolute() and not p.exists() and Path.cwd().name == "notebooks" and (Path.cwd().parent / p).exists():
        p = Path.cwd().parent / p
    lang = (lang or os.environ.get(ENV_LANG) or default_lang()).lower()
    lang = lang if lang in ("fr", "nl") else "fr"
    y = year or os.environ.get(ENV_YEAR) or None
    return p, lang, int(y) if y else None


# --------------------------------------------------------------------------- HTML and SVG (pure)

def esc(x) -> str:
    return html.escape(str(x))


def html_table(rows: list[list], header: list[str], cls: str = "activsoc-table", right_from: int = 1) -> str:
    th = "".join(f"<th style='text-align:{'left' if i < right_from else 'right'};padding:2px 8px'>{esc(h)}</th>"
                 for i, h in enumerate(header))
    body = []
    for r in rows:
        tds = "".join(f"<td style='text-align:{'left' if i < right_from else 'right'};padding:2px 8px'>{esc(v)}</td>"
                      for i, v in enumerate(r))
        body.append(f"<tr>{tds}</tr>")
    return f"<table class='{cls}' style='border-collapse:collapse'><thead><tr>{th}</tr></thead>" \
           f"<tbody>{''.join(body)}</tbody></table>"


def bar_chart_svg(bars: list[tuple[str, int]], reference: tuple[str, int] | None = None, lang: str = "fr",
                  width: int = 560, bar_h: int = 22) -> str:
    """Horizontal bars of amounts (cents), with a vertical line at ``reference`` (e.g. the grant)."""
    top = max([v for _, v in bars] + [reference[1] if reference else 0] + [1])
    lab_w, pad = 190, 8
    span = width - lab_w - 110
    h = len(bars) * (bar_h + pad) + 30
    out = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{h}' class='activsoc-chart' "
           f"font-family='sans-serif' font-size='12'>"]
    colours = ["#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf"]
    for i, (name, v) in enumerate(bars):
        y = 10 + i * (bar_h + pad)
        w = max(int(span * max(v, 0) / top), 0)
        out.append(f"<text x='0' y='{y + bar_h * 0.7:.0f}'>{esc(name[:30])}</text>")
        out.append(f"<rect x='{lab_w}' y='{y}' width='{w}' height='{bar_h}' fill='{colours[i % len(colours)]}'/>")
        out.append(f"<text x='{lab_w + w + 4}' y='{y + bar_h * 0.7:.0f}'>{esc(fmt_eur(v, lang))}</text>")
    if reference:
        x = lab_w + int(span * reference[1] / top)
        out.append(f"<line x1='{x}' y1='2' x2='{x}' y2='{h - 14}' stroke='#d62728' stroke-width='2' "
                   f"stroke-dasharray='5,3'/>")
        out.append(f"<text x='{max(x - 60, 0)}' y='{h - 2}' fill='#d62728'>{esc(reference[0])} "
                   f"{esc(fmt_eur(reference[1], lang))}</text>")
    out.append("</svg>")
    return "".join(out)


def stacked_staff_svg(rows: list[dict], lang: str = "fr", width: int = 620, bar_h: int = 16) -> str:
    """Per person: claimed vs not eligible vs excluded vs other use (stacked bars, cents)."""
    fates = [("claimed", "#2ca02c"), ("not_eligible", "#7f7f7f"), ("excluded", "#d62728"), ("other_use", "#1f77b4")]
    top = max([r["amount"] for r in rows] + [1])
    lab_w, pad = 70, 6
    span = width - lab_w - 10
    h = len(rows) * (bar_h + pad) + 34
    out = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{h}' class='activsoc-chart' "
           f"font-family='sans-serif' font-size='11'>"]
    for i, r in enumerate(rows):
        y = 6 + i * (bar_h + pad)
        out.append(f"<text x='0' y='{y + bar_h - 4}'>{esc(r['id'])}</text>")
        x = lab_w
        for f, c in fates:
            w = int(span * r[f] / top)
            if w > 0:
                out.append(f"<rect x='{x}' y='{y}' width='{w}' height='{bar_h}' fill='{c}'>"
                           f"<title>{esc(label(f, lang))}: {esc(fmt_eur(r[f], lang))}</title></rect>")
            x += w
    y = h - 12
    x = 0
    for f, c in fates:
        out.append(f"<rect x='{x}' y='{y - 9}' width='10' height='10' fill='{c}'/>"
                   f"<text x='{x + 14}' y='{y}'>{esc(label(f, lang))}</text>")
        x += 150
    out.append("</svg>")
    return "".join(out)


def warnings_html(warnings, lang: str) -> str:
    if not warnings:
        return f"<p class='activsoc-warnings'>{esc(T('no_warnings', lang))}</p>"
    items = "".join(f"<li>{esc(w.line(lang))}</li>" for w in warnings)
    return f"<ul class='activsoc-warnings'>{items}</ul>"


# --------------------------------------------------------------------------- notebook helpers (tables)

def problems_frame(problems, lang: str = "fr") -> pd.DataFrame:
    """Problems or warnings as a table: place, value, rule, message (no traceback, FR or NL)."""
    rows = [{"code": p.code, "file": p.file, "sheet": p.sheet, "row": p.row, "column": p.column, "value": p.value,
             "rule": p.rule, "message": p.message(lang)} for p in problems]
    return pd.DataFrame(rows, columns=["code", "file", "sheet", "row", "column", "value", "rule", "message"])


def inputs_summary(inputs, lang: str = "fr") -> pd.DataFrame:
    """Rows read per table, with the money totals the officer can check against their own files."""
    from .schema import TABLES
    rows = []
    for t in TABLES:
        frame = inputs.tables.get(t.id)
        n = 0 if frame is None else len(frame)
        total = ""
        if frame is not None and n:
            for col in ("cost", "amount"):
                if col in frame.columns:
                    total = fmt_eur(int(frame[col].fillna(0).sum()), lang)
                    break
            if "hours_milli" in frame.columns:
                total = f"{int(frame['hours_milli'].sum()) / 1000:.2f} h"
        rows.append({"table": t.id, "sheet": t.fr if lang == "fr" else t.nl, "rows": n, "total": total})
    return pd.DataFrame(rows)


def staff_frame(figures, lang: str = "fr") -> pd.DataFrame:
    """One row per staff member: the key, its data and the four fates (euros as text)."""
    lines = figures.allocation.lines
    pers = lines[lines["kind"] == "personnel"].groupby("ref", sort=False)[
        ["amount", "claimed", "not_eligible", "excluded", "other_use"]].sum()
    rows = []
    for sid, s in figures.allocation.staff.items():
        if s.key == "time":
            data = f"{s.sa_hours / 1000:.2f} h / {s.worked_hours / 1000:.2f} h"
        elif s.key == "caseload":
            data = f"{s.piis_files} / {s.all_files}"
        elif s.key == "fixed":
            data = f"{s.fixed_pct} %"
        else:
            data = "100 %"
        t = pers.loc[sid] if sid in pers.index else pd.Series(0, index=pers.columns)
        rows.append({"id": sid, "function": s.function, "key": s.key,
                     "data": data, "share": fmt_pct(s.share, lang) + " %", "cap": fmt_pct(s.cap, lang) + " %",
                     **{k: fmt_eur(int(t[k]), lang) for k in pers.columns}, "rules": " ".join(s.rules)})
    return pd.DataFrame(rows)


def staff_chart(figures, lang: str = "fr") -> str:
    lines = figures.allocation.lines
    g = lines[lines["kind"] == "personnel"].groupby("ref", sort=False)[
        ["amount", "claimed", "not_eligible", "excluded", "other_use"]].sum()
    rows = [{"id": sid, **{k: int(v) for k, v in r.items()}} for sid, r in g.iterrows()]
    return stacked_staff_svg(rows, lang)


def report_frames(figures, lang: str = "fr") -> dict[str, pd.DataFrame]:
    """The final report's figures (R2, R15, R23) as small tables."""
    L = lambda k: label(k, lang)  # noqa: E731
    money = pd.DataFrame([
        {"": L("personnel_costs"), **{L(k): fmt_eur(figures.personnel[k], lang) for k in
                                      ("amount", "claimed", "not_eligible", "excluded", "other_use")}},
        {"": L("operating_costs"), **{L(k): fmt_eur(figures.operating[k], lang) for k in
                                      ("amount", "claimed", "not_eligible", "excluded", "other_use")}},
    ])
    grant = pd.DataFrame([(L("granted"), fmt_eur(figures.granted, lang)), (L("advance"), fmt_eur(figures.advance, lang)),
                          (L("claimed"), fmt_eur(figures.claimed, lang)), (L("accepted"), fmt_eur(figures.accepted, lang)),
                          (L("balance") + " (" + (L("to_receive") if figures.balance >= 0 else L("to_pay_back")) + ")",
                           fmt_eur(abs(figures.balance), lang)),
                          (L("use_of_grant"), fmt_pct(figures.use_of_grant, lang) + " %")], columns=["", "€"])
    r15 = pd.DataFrame([{"": L(line), L("objective"): figures.objectives.get(k), L("realised"): figures.counts[k]}
                        for k, line in (("bilans", "line_1"), ("piis", "line_2"), ("2.1", "line_2.1"),
                                        ("2.2", "line_2.2"), ("2.3", "line_2.3"))])
    r23 = pd.DataFrame([{"": L(k), "n": figures.results[k]} for k in
                        ("socio_professional", "autonomy", "volunteering", "job", "left_with_reason", "ongoing")])
    return {"money": money, "grant": grant, "R15": r15, "R23": r23}


def report_chart(figures, lang: str = "fr") -> str:
    return bar_chart_svg([(label("personnel_costs", lang), figures.personnel["claimed"]),
                          (label("operating_costs", lang), figures.operating["claimed"]),
                          (label("claimed", lang), figures.claimed)], (label("granted", lang), figures.granted), lang)


# --------------------------------------------------------------------------- the app

def _dec(v) -> Decimal:
    return Decimal(repr(float(v))) if isinstance(v, float) else Decimal(str(v))


def _cents(v) -> int:
    """A widget's euro value to cents (two decimals at most, never negative)."""
    c = to_cents(_dec(v).normalize() if _dec(v) == _dec(v).to_integral_value() else _dec(v))
    if c < 0:
        raise ValueError(v)
    return c


class WhatIfApp:
    """The what-if budget.  ``app.widget`` is the root to display; the controls
    and outputs are attributes so that tests drive them from Python."""

    def __init__(self, inputs=None, lang: str = "fr", scenarios_dir: str | Path | None = None,
                 out_dir: str | Path | None = None, year: int | None = None):
        import ipywidgets as W
        self.W = W
        self.lang = lang if lang in ("fr", "nl") else "fr"
        self.out_dir = Path(out_dir) if out_dir else default_outputs()
        self.scenarios_dir = Path(scenarios_dir) if scenarios_dir else self.out_dir / "scenarios"
        self.year = year
        self._busy = False
        self.model: WhatIf | None = None
        self.inputs = None
        self.scenario = Scenario()
        self.figures = None
        self.export_paths: list[Path] = []
        L = lambda k: T(k, self.lang)  # noqa: E731
        self.L = L
        # results
        self.claimed_out = W.HTML().add_class("activsoc-claimed")
        self.results_out = W.HTML().add_class("activsoc-results")
        self.chart_out = W.HTML().add_class("activsoc-chart")
        self.warnings_out = W.HTML().add_class("activsoc-warnings")
        self.message_out = W.HTML().add_class("activsoc-message")
        # per staff member: one set of controls for the selected person
        self.staff_select = W.Dropdown(description=L("staff"), options=[],
                                       style={"description_width": "160px"}).add_class("activsoc-staff")
        ft = dict(continuous_update=False, style={"description_width": "200px"})
        self.sa_hours = W.FloatText(description=L("sa_hours"), **ft).add_class("activsoc-sa-hours")
        self.worked_hours = W.FloatText(description=L("worked_hours"), **ft).add_class("activsoc-worked-hours")
        self.piis_files = W.IntText(description=L("piis_files"), **ft).add_class("activsoc-piis-files")
        self.all_files = W.IntText(description=L("all_files"), **ft).add_class("activsoc-all-files")
        self.share_pct = W.FloatText(description=L("share_pct"), **ft).add_class("activsoc-share")
        self.justified = W.Checkbox(description=L("justified")).add_class("activsoc-justified")
        self.other_funding = W.FloatText(description=L("other_funding_pct"), **ft).add_class("activsoc-other-funding")
        self.cost = W.FloatText(description=L("cost"), **ft).add_class("activsoc-cost")
        self.removed = W.Checkbox(description=L("removed")).add_class("activsoc-removed")
        self.reset_staff = W.Button(description=L("reset_staff")).add_class("activsoc-reset-staff")
        self.staff_info = W.HTML().add_class("activsoc-staff-info")
        self._staff_fields = {"sa_hours": self.sa_hours, "worked_hours": self.worked_hours,
                              "piis_files": self.piis_files, "all_files": self.all_files, "share_pct": self.share_pct,
                              "justified": self.justified, "other_funding_pct": self.other_funding, "cost": self.cost,
                              "removed": self.removed}
        # recruits
        self.recruit_id = W.Text(description=L("recruit_id"), value="N1").add_class("activsoc-recruit-id")
        self.recruit_function = W.Dropdown(description=L("function"), options=[
            (label(k, self.lang), v) for k, v in (("social_worker", "social_worker"),
                                                  ("administrative_staff", "administrative"), ("teacher", "teacher"),
                                                  ("coordinator", "coordinator"), ("other_function", "other"))])
        self.recruit_cost = W.FloatText(description=L("cost"), value=0.0, **ft).add_class("activsoc-recruit-cost")
        self.recruit_key = W.Dropdown(description=L("key"), options=[(label("direct", self.lang), "direct"),
                                                                      (label("fixed_share", self.lang), "fixed")])
        self.recruit_share = W.FloatText(description=L("share_pct"), value=100.0, **ft)
        self.recruit_justified = W.Checkbox(description=L("justified"), value=True)
        self.recruit_add = W.Button(description=L("add")).add_class("activsoc-recruit-add")
        self.recruit_remove = W.Button(description=L("remove_last"))
        self.recruit_list = W.HTML()
        # trajectories (R15)
        self.piis_counts = {t: W.IntText(description=f"{label('piis', self.lang)} {t}", **ft).add_class(
            f"activsoc-piis-{t.replace('.', '-')}") for t in TYPES}
        self.bilans = W.IntText(description=label("bilan_social", self.lang), **ft).add_class("activsoc-bilans")
        # modules (R11)
        self.module_name = W.Text(description=L("module_name"), value="")
        self.module_hours = W.FloatText(description=L("hours"), value=0.0, **ft).add_class("activsoc-module-hours")
        self.module_participants = W.IntText(description=L("participants"), value=0, **ft).add_class(
            "activsoc-module-participants")
        self.module_rate = W.FloatText(description=L("rate"), value=1.0, **ft)
        self.module_add = W.Button(description=L("add")).add_class("activsoc-module-add")
        self.module_remove = W.Button(description=L("remove_last"))
        self.module_list = W.HTML()
        # operating by purpose (R11, R12)
        self.purpose_amounts = {p: W.FloatText(description=_purpose_label(p, self.lang), **ft).add_class(
            f"activsoc-purpose-{p}") for p in ELIGIBLE_PURPOSES}
        # grant (R2, R5)
        self.granted = W.FloatText(description=label("granted", self.lang), **ft).add_class("activsoc-granted")
        self.amount_2014 = W.FloatText(description=L("amount_2014"), value=0.0, **ft).add_class("activsoc-amount-2014")
        # scenarios
        self.scenario_name = W.Text(description=L("name"), value="").add_class("activsoc-scenario-name")
        self.save_button = W.Button(description=L("save")).add_class("activsoc-save")
        self.scenario_select = W.Dropdown(description=L("load"), options=[]).add_class("activsoc-scenario-select")
        self.load_button = W.Button(description=L("load")).add_class("activsoc-load")
        self.compare_select = W.SelectMultiple(description=L("compare"), options=[], rows=5).add_class(
            "activsoc-compare-select")
        self.compare_button = W.Button(description=L("compare")).add_class("activsoc-compare")
        self.compare_out = W.HTML().add_class("activsoc-compare-out")
        self.export_button = W.Button(description=L("export"), layout=W.Layout(width="auto")).add_class(
            "activsoc-export")
        self.download_out = W.HTML().add_class("activsoc-download")
        # monitoring
        self.as_of = W.DatePicker(description=L("as_of")).add_class("activsoc-as-of")
        self.budget_amounts = {c: W.FloatText(description=T(c, self.lang), **ft).add_class(f"activsoc-budget-{c}")
                               for c in CATEGORIES}
        self.monitor_out = W.HTML().add_class("activsoc-monitor")
        # data
        self.upload = W.FileUpload(accept=".xlsx", multiple=False, description=L("upload")).add_class("activsoc-upload")
        self.inputs_out = W.HTML().add_class("activsoc-inputs")
        self._wire()
        self.widget = self._layout()
        if inputs is not None:
            self.load_inputs(inputs)

    # ---------------------------------------------------------------- wiring
    def _wire(self):
        self.staff_select.observe(lambda ch: self._show_staff(), names="value")
        for name, w in self._staff_fields.items():
            w.observe(lambda ch, name=name: self._staff_changed(name, ch["new"]), names="value")
        self.reset_staff.on_click(lambda b: self._reset_staff())
        self.recruit_add.on_click(lambda b: self._add_recruit())
        self.recruit_remove.on_click(lambda b: self._remove_recruit())
        for t, w in self.piis_counts.items():
            w.observe(lambda ch: self._global_changed(), names="value")
        self.bilans.observe(lambda ch: self._global_changed(), names="value")
        self.module_add.on_click(lambda b: self._add_module())
        self.module_remove.on_click(lambda b: self._remove_module())
        for w in self.purpose_amounts.values():
            w.observe(lambda ch: self._global_changed(), names="value")
        self.granted.observe(lambda ch: self._global_changed(), names="value")
        self.amount_2014.observe(lambda ch: self._global_changed(), names="value")
        self.save_button.on_click(lambda b: self.save())
        self.load_button.on_click(lambda b: self.load(self.scenario_select.value))
        self.compare_button.on_click(lambda b: self.compare(list(self.compare_select.value)))
        self.export_button.on_click(lambda b: self.export())
        self.as_of.observe(lambda ch: self._render_monitor(), names="value")
        for w in self.budget_amounts.values():
            w.observe(lambda ch: self._global_changed(), names="value")
        self.upload.observe(lambda ch: self._uploaded(), names="value")

    def _layout(self):
        W, L = self.W, self.L
        staff_box = W.VBox([self.staff_select, self.staff_info, W.HBox([W.VBox([self.sa_hours, self.worked_hours,
                                                                                 self.piis_files, self.all_files]),
                                                                         W.VBox([self.share_pct, self.other_funding,
                                                                                 self.cost, self.justified,
                                                                                 self.removed, self.reset_staff])])])
        recruit_box = W.VBox([W.HTML(f"<b>{esc(L('recruit'))}</b>"),
                              W.HBox([W.VBox([self.recruit_id, self.recruit_function, self.recruit_cost]),
                                      W.VBox([self.recruit_key, self.recruit_share, self.recruit_justified,
                                              W.HBox([self.recruit_add, self.recruit_remove])])]),
                              self.recruit_list])
        traj_box = W.VBox([W.HTML(f"<b>{esc(L('trajectories'))}</b>"), *self.piis_counts.values(), self.bilans])
        module_box = W.VBox([W.HTML(f"<b>{esc(L('modules'))}</b>"),
                             W.HBox([W.VBox([self.module_name, self.module_hours]),
                                     W.VBox([self.module_participants, self.module_rate])]),
                             W.HBox([self.module_add, self.module_remove]), self.module_list])
        oper_box = W.VBox([W.HTML(f"<b>{esc(L('operating_by_purpose'))}</b>"), *self.purpose_amounts.values()])
        grant_box = W.VBox([W.HTML(f"<b>{esc(L('grant'))}</b>"), self.granted, self.amount_2014])
        controls = W.Accordion(children=[staff_box, recruit_box, traj_box, module_box, oper_box, grant_box],
                               titles=(label("personnel_costs", self.lang), L("recruit"), L("trajectories"),
                                       L("modules"), L("operating_by_purpose"), L("grant")), selected_index=0)
        results = W.VBox([W.HTML(f"<h3>{esc(L('results'))}</h3>"), self.claimed_out, self.results_out,
                          self.chart_out, self.warnings_out])
        budget_tab = W.HBox([W.VBox([controls], layout=W.Layout(width="50%")),
                             W.VBox([results], layout=W.Layout(width="50%"))])
        scen_tab = W.VBox([W.HBox([self.scenario_name, self.save_button]),
                           W.HBox([self.scenario_select, self.load_button]),
                           W.HBox([self.compare_select, self.compare_button]), self.compare_out,
                           W.HBox([self.export_button]), self.download_out])
        mon_tab = W.VBox([self.as_of, W.HTML(f"<b>{esc(L('budget_plan'))}</b>"), *self.budget_amounts.values(),
                          self.monitor_out])
        data_tab = W.VBox([self.upload, self.inputs_out])
        tabs = W.Tab(children=[budget_tab, scen_tab, mon_tab, data_tab],
                     titles=(L("tab_budget"), L("tab_scenarios"), L("tab_monitor"), L("tab_data")))
        return W.VBox([self.message_out, tabs]).add_class("activsoc-app")

    # ---------------------------------------------------------------- inputs
    def load_inputs(self, inputs) -> bool:
        """Load a path (folder or .xlsx) or an ``Inputs``; show its problems; build the model once."""
        from .load import load
        inp = load(inputs) if isinstance(inputs, (str, Path)) else inputs
        self.inputs_out.value = self._inputs_html(inp)
        if inp.problems:
            self.message_out.value = f"<div style='color:#b00'>{esc(label('problems', self.lang))}: " \
                                     f"{len(inp.problems)}</div>" + warnings_html(inp.problems, self.lang)
            return False
        self.inputs = inp
        self.model = WhatIf(inp)
        self.scenario = Scenario()
        self._reset_controls()
        msg = ""
        conv_year = self.model.convention.get("year")
        if self.year and conv_year and int(self.year) != int(conv_year):
            msg = f"<div style='color:#b60'>{esc(label('year', self.lang))} {self.year} ≠ {conv_year}</div>"
        self.message_out.value = msg + f"<div>{esc(self.model.convention.get('cpas', ''))} — {conv_year}</div>"
        self.refresh_scenarios()
        self.recompute()
        return True

    def _inputs_html(self, inp) -> str:
        s = inputs_summary(inp, self.lang)
        parts = [html_table(s.values.tolist(), list(s.columns), right_from=2)]
        if inp.problems:
            parts.append(f"<h4>{esc(label('problems', self.lang))}</h4>" + warnings_html(inp.problems, self.lang))
        if inp.warnings:
            parts.append(f"<h4>{esc(label('warnings', self.lang))}</h4>" + warnings_html(inp.warnings, self.lang))
        return "".join(parts)

    def _uploaded(self):
        files = self.upload.value
        if not files:
            return
        f = files[0] if isinstance(files, (list, tuple)) else next(iter(files.values()))
        name = Path(str(f.get("name") or "inputs.xlsx")).name
        folder = Path(tempfile.mkdtemp(prefix="upload-", dir=self._ensure(self.out_dir / "uploads")))
        path = folder / name
        path.write_bytes(bytes(f["content"]))
        self.load_inputs(path)

    @staticmethod
    def _ensure(p: Path) -> Path:
        p.mkdir(parents=True, exist_ok=True)
        return p

    def _reset_controls(self):
        m = self.model
        self._busy = True
        try:
            self.staff_select.options = list(m.staff_ids)
            self.staff_select.value = m.staff_ids[0] if m.staff_ids else None
            for t, w in self.piis_counts.items():
                w.value = int(m.figures.counts[t])
            self.bilans.value = int(m.figures.counts["bilans"])
            for p, w in self.purpose_amounts.items():
                w.value = m.base_by_purpose.get(p, 0) / 100
            self.granted.value = int(m.convention.get("granted") or 0) / 100
            self.amount_2014.disabled = m.params.uplift_on_2014 is None  # R5 only for 2016/2017
            self.amount_2014.value = int(m.convention.get("amount_2014") or 0) / 100
            self.module_rate.value = m.refund_rate / 100
            base = m.evaluate(Scenario())
            self.budget_amounts["personnel"].value = base.personnel["claimed"] / 100
            self.budget_amounts["operating"].value = base.operating_claimed / 100
            start = m.params.period_start
            self.as_of.value = dt.date(start.year, 6, 30)
        finally:
            self._busy = False
        self._show_staff()
        self._render_lists()

    # ---------------------------------------------------------------- staff controls
    def _show_staff(self):
        """Fill the controls with the selected person's plan, or the inputs' data."""
        m, sid = self.model, self.staff_select.value
        if m is None or sid is None:
            return
        s = m.shares[sid]
        plan = self.scenario.staff.get(sid, StaffPlan())
        base_cost = m.base_staff.get(sid, (0,))[0]
        vals = {
            "sa_hours": float(plan.sa_hours) if plan.sa_hours is not None else s.sa_hours / 1000,
            "worked_hours": float(plan.worked_hours) if plan.worked_hours is not None else s.worked_hours / 1000,
            "piis_files": plan.piis_files if plan.piis_files is not None else s.piis_files,
            "all_files": plan.all_files if plan.all_files is not None else s.all_files,
            "share_pct": float(plan.share_pct) if plan.share_pct is not None else float(s.share * 100),
            "justified": plan.justified if plan.justified is not None else s.justified,
            "other_funding_pct": float(plan.other_funding_pct) if plan.other_funding_pct is not None
            else float(s.other_funding * 100),
            "cost": (plan.cost if plan.cost is not None else base_cost) / 100,
            "removed": plan.removed,
        }
        self._busy = True
        try:
            for name, w in self._staff_fields.items():
                w.value = vals[name]
            self.sa_hours.disabled = self.worked_hours.disabled = s.key != "time"
            self.piis_files.disabled = self.all_files.disabled = s.key != "caseload"
            # the share of a time or caseload key comes from its hours or files (R6, R7)
            self.share_pct.disabled = s.key in ("time", "caseload")
            self.justified.disabled = not (s.function == "administrative" or s.key == "fixed")  # R9
        finally:
            self._busy = False
        self._render_staff_info()

    def _render_staff_info(self):
        m, sid = self.model, self.staff_select.value
        if m is None or sid is None:
            return
        s = m.shares[sid]
        plan = self.scenario.staff.get(sid)
        res = m.staff_result(sid, plan)[0] if plan and not plan.is_empty() else m.staff_result_base(sid)
        share = fmt_pct(res.share, self.lang) + " %"
        self.staff_info.value = (f"<div>{esc(_enum('function', s.function, self.lang))} — "
                                 f"{esc(_enum('key', s.key, self.lang))} {esc(share)} "
                                 f"({esc(' '.join(s.rules))}) — {esc(label('claimed', self.lang))} "
                                 f"<b class='activsoc-staff-claimed'>{esc(fmt_eur(res.claimed, self.lang))}</b>"
                                 f" / {esc(fmt_eur(res.amount, self.lang))}</div>")

    def _staff_changed(self, name: str, value):
        if self._busy or self.model is None or self.staff_select.value is None:
            return
        sid = self.staff_select.value
        s = self.model.shares[sid]
        try:
            if name in ("sa_hours", "worked_hours", "share_pct", "other_funding_pct"):
                v = _dec(value)
                if v < 0 or (name.endswith("pct") and v > 100):
                    raise ValueError(value)
                base = {"sa_hours": Decimal(s.sa_hours) / 1000, "worked_hours": Decimal(s.worked_hours) / 1000,
                        "share_pct": None, "other_funding_pct": None}.get(name)
                new = None if base is not None and v == base else v
            elif name == "cost":
                new = _cents(value)
            elif name in ("piis_files", "all_files"):
                new = int(value)
                if new < 0:
                    raise ValueError(value)
            else:
                new = bool(value)
        except (ValueError, InvalidOperation, ArithmeticError):
            self.message_out.value = f"<div style='color:#b00'>{esc(T(name, self.lang))}: « {esc(value)} » " \
                                     f"{esc(T('not_an_amount', self.lang))}</div>"
            return
        self.scenario = self.scenario.with_staff(sid, **{name: new})
        self.recompute()
        self._render_staff_info()

    def _reset_staff(self):
        sid = self.staff_select.value
        if sid in self.scenario.staff:
            self.scenario = replace(self.scenario, staff={k: v for k, v in self.scenario.staff.items() if k != sid})
        self._show_staff()
        self.recompute()

    def set_staff(self, sid: str, **changes):
        """Select ``sid`` and set its controls (as an officer would), e.g. ``set_staff('S4', share_pct=20)``."""
        self.staff_select.value = sid
        for name, v in changes.items():
            self._staff_fields[name].value = v

    # ---------------------------------------------------------------- other controls
    def _add_recruit(self):
        try:
            cost = _cents(self.recruit_cost.value)
            share = _dec(self.recruit_share.value)
            if not (0 <= share <= 100):
                raise ValueError(share)
        except (ValueError, InvalidOperation, ArithmeticError):
            self.message_out.value = f"<div style='color:#b00'>{esc(T('recruit', self.lang))}: " \
                                     f"{esc(T('not_an_amount', self.lang))}</div>"
            return
        rid = self.recruit_id.value.strip() or f"N{len(self.scenario.recruits) + 1}"
        taken = set(self.model.staff_ids) | {r.id for r in self.scenario.recruits}
        while rid in taken:
            rid += "'"
        r = Recruit(id=rid, function=self.recruit_function.value, cost=cost, key=self.recruit_key.value,
                    share_pct=share, justified=bool(self.recruit_justified.value))
        self.scenario = replace(self.scenario, recruits=[*self.scenario.recruits, r])
        self.recruit_id.value = f"N{len(self.scenario.recruits) + 1}"
        self._render_lists()
        self.recompute()

    def _remove_recruit(self):
        if self.scenario.recruits:
            self.scenario = replace(self.scenario, recruits=self.scenario.recruits[:-1])
            self._render_lists()
            self.recompute()

    def _add_module(self):
        try:
            hours = _dec(self.module_hours.value)
            rate = _cents(self.module_rate.value)
            n = int(self.module_participants.value)
            if hours < 0 or n < 0:
                raise ValueError
        except (ValueError, InvalidOperation, ArithmeticError):
            self.message_out.value = f"<div style='color:#b00'>{esc(T('modules', self.lang))}: " \
                                     f"{esc(T('not_an_amount', self.lang))}</div>"
            return
        default = self.model.refund_rate
        m = Module(name=self.module_name.value, hours=hours, participants=n, rate=None if rate == default else rate)
        self.scenario = replace(self.scenario, modules=[*self.scenario.modules, m])
        self._render_lists()
        self.recompute()

    def _remove_module(self):
        if self.scenario.modules:
            self.scenario = replace(self.scenario, modules=self.scenario.modules[:-1])
            self._render_lists()
            self.recompute()

    def _render_lists(self):
        lang = self.lang
        rows = [[r.id, r.function, r.key, f"{r.share_pct} %", fmt_eur(r.cost, lang)] for r in self.scenario.recruits]
        self.recruit_list.value = html_table(rows, [T("recruit_id", lang), T("function", lang), T("key", lang),
                                                    T("share_pct", lang), T("cost", lang)], right_from=3) if rows else ""
        default = self.model.refund_rate if self.model else 0
        rows = [[m.name, f"{m.hours}", m.participants, fmt_eur(default if m.rate is None else m.rate, lang)]
                for m in self.scenario.modules]
        self.module_list.value = html_table(rows, [T("module_name", lang), T("hours", lang), T("participants", lang),
                                                   T("rate", lang)]) if rows else ""

    def _global_changed(self):
        if self._busy or self.model is None:
            return
        m = self.model
        try:
            piis = {t: int(w.value) for t, w in self.piis_counts.items() if int(w.value) != m.figures.counts[t]}
            bilans = int(self.bilans.value)
            operating = {}
            for p, w in self.purpose_amounts.items():
                c = _cents(w.value)
                if c != m.base_by_purpose.get(p, 0):
                    operating[p] = c
            granted = _cents(self.granted.value)
            a2014 = _cents(self.amount_2014.value) if not self.amount_2014.disabled else 0
            budget = {c: _cents(w.value) for c, w in self.budget_amounts.items()}
            if min([bilans, *piis.values()] or [0]) < 0:
                raise ValueError
        except (ValueError, InvalidOperation, ArithmeticError):
            self.message_out.value = f"<div style='color:#b00'>{esc(T('not_an_amount', self.lang))}</div>"
            return
        conv = m.convention
        base_a2014 = int(conv.get("amount_2014") or 0)
        self.scenario = replace(
            self.scenario, piis=piis, bilans=None if bilans == m.figures.counts["bilans"] else bilans,
            operating=operating, granted=None if granted == int(conv.get("granted") or 0) else granted,
            amount_2014=None if a2014 == base_a2014 else a2014, budget=budget)
        self.recompute()

    # ---------------------------------------------------------------- results
    def recompute(self):
        """Evaluate the current scenario and show the results (fast: see whatif.WhatIf.evaluate)."""
        if self.model is None:
            return
        try:
            f = self.model.evaluate(self.scenario)
        except ScenarioError as e:
            self.message_out.value = warnings_html(e.problems, self.lang)
            return
        self.figures = f
        lang = self.lang
        eur = lambda c: fmt_eur(c, lang)  # noqa: E731
        self.claimed_out.value = (f"<div style='font-size:1.4em'>{esc(label('claimed', lang))} : "
                                  f"<b class='activsoc-claimed-value'>{esc(eur(f.claimed))}</b></div>")
        word = label("to_receive", lang) if f.balance >= 0 else label("to_pay_back", lang)
        rows = [[label("granted", lang), eur(f.granted)], [label("advance", lang), eur(f.advance)],
                [label("personnel_costs", lang), eur(f.personnel["claimed"])],
                [label("operating_costs", lang), eur(f.operating_claimed)],
                [label("claimed", lang), eur(f.claimed)], [label("accepted", lang), eur(f.accepted)],
                [f"{label('balance', lang)} ({word})", eur(abs(f.balance))],
                [label("use_of_grant", lang), fmt_pct(f.use_of_grant, lang) + " %"],
                [T("cost_per_trajectory", lang), eur(f.cost_per_trajectory) if f.cost_per_trajectory is not None
                 else "—"]]
        money = html_table(rows, ["", "€"])
        traj = [[label(line, lang)[:60], "" if f.objectives.get(k) is None else f.objectives[k], f.counts[k],
                 "" if f.gaps[k] is None else f"{f.gaps[k]:+d}"]
                for k, line in (("bilans", "line_1"), ("piis", "line_2"), ("2.1", "line_2.1"), ("2.2", "line_2.2"),
                                ("2.3", "line_2.3"))]
        traj_html = html_table(traj, ["R15", label("objective", lang), label("realised", lang), T("gap", lang)])
        self.results_out.value = money + "<br/>" + traj_html
        self.chart_out.value = bar_chart_svg([(label("personnel_costs", lang), f.personnel["claimed"]),
                                              (label("operating_costs", lang), f.operating_claimed),
                                              (label("claimed", lang), f.claimed)],
                                             (label("granted", lang), f.granted), lang)
        self.warnings_out.value = f"<h4>{esc(label('warnings', lang))}</h4>" + warnings_html(f.warnings, lang)
        self._render_monitor()

    def _render_monitor(self):
        if self.model is None or self._busy or self.as_of.value is None:
            return
        mo = monitor(self.model, self.as_of.value, self.scenario)
        lang = self.lang
        rows = [[T(r.category, lang), fmt_eur(r.budgeted, lang), fmt_eur(r.actual, lang), fmt_eur(r.theoretical, lang),
                 fmt_eur(r.projected, lang), fmt_eur(r.gap, lang)] for r in [*mo.rows, mo.total]]
        head = ["", T("budgeted", lang), T("actual", lang), T("theoretical", lang), T("projected", lang),
                T("gap", lang)]
        self.monitoring = mo
        self.monitor_out.value = (f"<p>{mo.elapsed_days} / {mo.period_days} {esc(T('elapsed', lang))}</p>"
                                  + html_table(rows, head) + warnings_html(mo.warnings, lang))

    # ---------------------------------------------------------------- scenarios
    def refresh_scenarios(self):
        names = list_scenarios(self.scenarios_dir)
        self.scenario_select.options = names
        self.compare_select.options = [T("current", self.lang)] + names

    def save(self, name: str | None = None) -> Path:
        name = (name or self.scenario_name.value or "").strip() or dt.datetime.now().strftime("scenario-%Y%m%d-%H%M%S")
        self.scenario = replace(self.scenario, name=name)
        path = save_scenario(self.scenario, self.scenarios_dir)
        self.refresh_scenarios()
        self.message_out.value = f"<div>{esc(T('saved', self.lang))} : {esc(path)}</div>"
        return path

    def load(self, name: str | None):
        if not name:
            return
        try:
            sc = load_scenario(self.scenarios_dir / f"{name}.json")
            self.model.evaluate(sc)  # unknown staff etc. are reported before anything changes
        except ScenarioError as e:
            self.message_out.value = warnings_html(e.problems, self.lang)
            return
        self.scenario = sc
        self._busy = True
        try:
            m = self.model
            for t, w in self.piis_counts.items():
                w.value = int(sc.piis.get(t, m.figures.counts[t]))
            self.bilans.value = int(sc.bilans if sc.bilans is not None else m.figures.counts["bilans"])
            for p, w in self.purpose_amounts.items():
                w.value = sc.operating.get(p, m.base_by_purpose.get(p, 0)) / 100
            self.granted.value = (sc.granted if sc.granted is not None else int(m.convention.get("granted") or 0)) / 100
            if sc.amount_2014 is not None:
                self.amount_2014.value = sc.amount_2014 / 100
            plan = m.evaluate(replace(sc, budget={}))
            own = {"personnel": plan.personnel["claimed"], "operating": plan.operating_claimed}
            for c, w in self.budget_amounts.items():
                w.value = sc.budget.get(c, own[c]) / 100
            self.scenario_name.value = sc.name
        finally:
            self._busy = False
        self._show_staff()
        self._render_lists()
        self.recompute()
        self.message_out.value = f"<div>{esc(T('loaded', self.lang))} : {esc(name)}</div>"

    def compare(self, names: list[str]):
        if not names:
            self.compare_out.value = f"<p>{esc(T('none_selected', self.lang))}</p>"
            return None
        scs = []
        for n in names:
            if n == T("current", self.lang):
                scs.append(replace(self.scenario, name=n))
            else:
                scs.append(load_scenario(self.scenarios_dir / f"{n}.json"))
        table = compare(self.model, scs)
        lang = self.lang
        rows = []
        for key in table.index:
            vals = []
            for v in table.loc[key]:
                if key == "use_of_grant":
                    vals.append(fmt_pct(v, lang) + " %")
                elif key in ("piis", "bilans"):
                    vals.append(str(v))
                else:
                    vals.append("—" if v is None or (isinstance(v, float) and pd.isna(v)) else fmt_eur(int(v), lang))
            rows.append([T(key, lang) if key in UI else label(key.replace("_claimed", "_costs"), lang), *vals])
        chart = bar_chart_svg([(str(c), int(table.loc["claimed", c])) for c in table.columns],
                              (label("granted", lang), int(table.loc["granted"].max())), lang)
        self.compare_out.value = html_table(rows, [""] + [str(c) for c in table.columns]) + chart
        return table

    def export(self) -> list[Path]:
        """Write the current scenario's justification spreadsheet and offer it for download."""
        try:
            from . import export as export_mod
        except ImportError:
            self.download_out.value = "<p>export: —</p>"
            return []
        from .whatif import scenario_figures
        figures, inputs = scenario_figures(self.model, self.scenario)
        out = self.out_dir / "scenarios" / "export" / _slug(self.scenario.name or "scenario")
        # a scenario's workbook says SIMULATION (name, titles, headers), carries no signature
        # block and no hashes of the real inputs (issue 9)
        paths = export_mod.export(figures, inputs, out, self.lang, force=True, simulation=True,
                                  scenario=self.scenario.name or "")
        self.export_paths = list(paths)
        links = []
        for p in paths:
            data = base64.b64encode(Path(p).read_bytes()).decode("ascii")
            mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            links.append(f"<a class='activsoc-download-link' download='{esc(Path(p).name)}' "
                         f"href='data:{mime};base64,{data}'>⬇ {esc(T('download', self.lang))} {esc(Path(p).name)}</a>"
                         f"<div>{esc(T('written', self.lang))} : {esc(p)}</div>")
        self.download_out.value = "".join(links)
        return self.export_paths


def _slug(name: str) -> str:
    from .whatif import safe_name
    return safe_name(name)


def _enum(enum: str, cid: str, lang: str) -> str:
    from .schema import ENUMS
    entry = ENUMS.get(enum, {}).get(cid)
    return (entry[1] if lang == "nl" else entry[0]) if entry else label(cid, lang)


def _purpose_label(p: str, lang: str) -> str:
    return _enum("purpose", p, lang)


def what_if_app(inputs=None, lang=None, year=None, **kw) -> WhatIfApp:
    """The app for the notebook: parameters resolved as :func:`resolve_params` does."""
    path, lang, year = resolve_params(inputs, lang, year)
    return WhatIfApp(path, lang=lang, year=year, **kw)
