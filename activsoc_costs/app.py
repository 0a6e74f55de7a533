"""app: the what-if budget's widgets (ipywidgets), for JupyterLab or served by
Voilà (``activsoc-costs app``).  This module owns the controls, their layout and
their wiring, nothing else: the figures come from :mod:`activsoc_costs.whatif`
(pure, tested without a browser), what is shown from :mod:`app_views` (pure
HTML/SVG), the words from :mod:`app_words` and the glossary, the default
inputs/language/outputs from :mod:`defaults` (shared with ``cli``: the two never
import each other).

Every control observes its value: a change updates the results at once, without
re-running a cell, and recomputes only the staff member it touches
(``WhatIf.evaluate`` memoises per staff member; the monitoring's actual sums and
the inputs' warnings are computed once).  Numbers are shown and read in the
officer's format (``33,33``, ``52 000,00`` / ``52.000,00``); a value that reads two
ways is refused with a message, nothing changes.  Every label is whole: labels
sit above their control and wrap.

Tabs: Budget (controls and results), Scénarios / Scenario's (save, load,
compare, export the justification spreadsheet, download it: :mod:`app_scenarios`),
Suivi / Opvolging (mid-year monitoring), Données / Gegevens (upload an input
workbook: :mod:`app_inputs`).  The fields' building blocks are in :mod:`app_controls`.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from .app_cluster import ClusterView
from .app_controls import CSS, Controls
from .app_inputs import InputsTab
from .app_scenarios import Scenarios
# the notebooks' helpers, re-exported (notebooks 01, 02 and 04 import them from here)
from .app_views import (claimed_html, esc, fmt_amount, fmt_number, inputs_summary,  # noqa: F401
                        intro_html, modules_html, monitor_html, problems_frame, read_number, recruits_html,
                        report_chart, report_frames, results_chart, results_html, staff_chart, staff_frame,
                        staff_info_html, warnings_html, warnings_items)
from .app_words import T, enum_label
from .defaults import default_outputs, resolve_params  # noqa: F401
from .labels import label
from .trajectories import TYPES
from .whatif import CATEGORIES, ELIGIBLE_PURPOSES, Module, Recruit, Scenario, ScenarioError, StaffPlan, WhatIf, monitor


class WhatIfApp(Controls, InputsTab, Scenarios, ClusterView):
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
        self.monitoring = None
        self._base_items = None  # (model.base_warnings, their rendered list items)
        self._status = self._refused = ""  # the inputs' line; the message of a value refused
        self.export_paths: list[Path] = []
        self._labels: dict[int, str] = {}   # widget id -> its label, placed above it by _f()
        L = lambda k: T(k, self.lang)  # noqa: E731
        self.L = L
        num = lambda *a, **k: self._number(*a, **k)  # noqa: E731
        amount = lambda *a, **k: self._number(*a, decimals=2, **k)  # noqa: E731
        # results
        self.claimed_out = W.HTML().add_class("activsoc-claimed")
        self.results_out = W.HTML().add_class("activsoc-results")
        self.chart_out = W.HTML().add_class("activsoc-chart")
        self.warnings_out = W.HTML().add_class("activsoc-warnings")
        self.message_out = W.HTML().add_class("activsoc-message")
        # per staff member: one set of controls for the selected person
        self.staff_select = self._labelled(W.Dropdown(options=[]), L("staff")).add_class("activsoc-staff")
        self.sa_hours = num(L("sa_hours"), "activsoc-sa-hours")
        self.worked_hours = num(L("worked_hours"), "activsoc-worked-hours")
        self.piis_files = self._int(L("piis_files"), "activsoc-piis-files")
        self.all_files = self._int(L("all_files"), "activsoc-all-files")
        self.share_pct = num(L("share_pct"), "activsoc-share")
        self.justified = self._check(L("justified")).add_class("activsoc-justified")
        self.other_funding = num(L("other_funding_pct"), "activsoc-other-funding")
        self.cost = amount(L("cost"), "activsoc-cost")
        self.removed = self._check(L("removed")).add_class("activsoc-removed")
        self.reset_staff = self._button(L("reset_staff")).add_class("activsoc-reset-staff")
        self.staff_info = W.HTML().add_class("activsoc-staff-info")
        self._staff_fields = {"sa_hours": self.sa_hours, "worked_hours": self.worked_hours,
                              "piis_files": self.piis_files, "all_files": self.all_files, "share_pct": self.share_pct,
                              "justified": self.justified, "other_funding_pct": self.other_funding, "cost": self.cost,
                              "removed": self.removed}
        # recruits
        self.recruit_id = self._labelled(W.Text(value="N1"), L("recruit_id")).add_class("activsoc-recruit-id")
        self.recruit_function = self._labelled(W.Dropdown(options=[
            (label(k, self.lang), v) for k, v in (("social_worker", "social_worker"),
                                                  ("administrative_staff", "administrative"), ("teacher", "teacher"),
                                                  ("coordinator", "coordinator"), ("other_function", "other"))]),
            L("function"))
        self.recruit_cost = amount(L("cost"), "activsoc-recruit-cost", value=0)
        self.recruit_key = self._labelled(W.Dropdown(options=[(label("direct", self.lang), "direct"),
                                                              (label("fixed_share", self.lang), "fixed")]), L("key"))
        self.recruit_share = num(L("share_pct"), "activsoc-recruit-share", value=100)
        self.recruit_justified = self._check(L("justified"), value=True)
        self.recruit_add = self._button(L("add")).add_class("activsoc-recruit-add")
        self.recruit_remove = self._button(L("remove_last"))
        self.recruit_list = W.HTML()
        # trajectories (R15)
        self.piis_counts = {t: self._int(f"{label('piis', self.lang)} {t}", f"activsoc-piis-{t.replace('.', '-')}")
                            for t in TYPES}
        self.bilans = self._int(label("bilan_social", self.lang), "activsoc-bilans")
        # modules (R11)
        self.module_name = self._labelled(W.Text(value=""), L("module_name"))
        self.module_hours = num(L("hours"), "activsoc-module-hours", value=0)
        self.module_participants = self._int(L("participants"), "activsoc-module-participants")
        self.module_rate = amount(L("rate"), "activsoc-module-rate", value=1)
        self.module_add = self._button(L("add")).add_class("activsoc-module-add")
        self.module_remove = self._button(L("remove_last"))
        self.module_list = W.HTML()
        # operating by purpose (R11, R12)
        self.purpose_amounts = {p: amount(enum_label("purpose", p, self.lang), f"activsoc-purpose-{p}")
                                for p in ELIGIBLE_PURPOSES}
        # grant (R2, R5)
        self.granted = amount(label("granted", self.lang), "activsoc-granted")
        self.amount_2014 = amount(L("amount_2014"), "activsoc-amount-2014", value=0)
        # scenarios
        self.scenario_name = self._labelled(W.Text(value=""), L("name")).add_class("activsoc-scenario-name")
        self.save_button = self._button(L("save")).add_class("activsoc-save")
        self.scenario_select = self._labelled(W.Dropdown(options=[]), L("load")).add_class("activsoc-scenario-select")
        self.load_button = self._button(L("load")).add_class("activsoc-load")
        self.compare_select = self._labelled(W.SelectMultiple(options=[], rows=5), L("compare")).add_class(
            "activsoc-compare-select")
        self.compare_button = self._button(L("compare")).add_class("activsoc-compare")
        self.compare_out = W.HTML().add_class("activsoc-compare-out")
        self.export_button = self._button(L("export")).add_class("activsoc-export")
        self.download_out = W.HTML().add_class("activsoc-download")
        # monitoring
        self.as_of = self._labelled(W.DatePicker(), L("as_of")).add_class("activsoc-as-of")
        self.budget_amounts = {c: amount(T(c, self.lang), f"activsoc-budget-{c}") for c in CATEGORIES}
        self.monitor_out = W.HTML().add_class("activsoc-monitor")
        # data
        self.upload = W.FileUpload(accept=".xlsx", multiple=False, description=L("upload"),
                                   layout=W.Layout(width="auto")).add_class("activsoc-upload")
        self.inputs_out = W.HTML().add_class("activsoc-inputs")
        self._wire()
        self._cluster_widgets()  # the selector Cluster / member (app_cluster, issue 11)
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
        for w in [*self.piis_counts.values(), self.bilans, *self.purpose_amounts.values(), self.granted,
                  self.amount_2014, *self.budget_amounts.values()]:
            w.observe(lambda ch: self._global_changed(), names="value")
        self.module_add.on_click(lambda b: self._add_module())
        self.module_remove.on_click(lambda b: self._remove_module())
        self.save_button.on_click(lambda b: self.save())
        self.load_button.on_click(lambda b: self.load(self.scenario_select.value))
        self.compare_button.on_click(lambda b: self.compare(list(self.compare_select.value)))
        self.export_button.on_click(lambda b: self.export())
        self.as_of.observe(lambda ch: self._render_monitor(), names="value")
        self.upload.observe(lambda ch: self._uploaded(), names="value")

    def _layout(self):
        W, L, f = self.W, self.L, self._f
        wrap = W.Layout(flex_flow="row wrap")
        staff_box = W.VBox([*f(self.staff_select), self.staff_info,
                            W.HBox(f(self.sa_hours, self.worked_hours, self.piis_files, self.all_files,
                                     self.share_pct, self.other_funding, self.cost), layout=wrap),
                            self.justified, self.removed, self.reset_staff])
        recruit_box = W.VBox([W.HBox(f(self.recruit_id, self.recruit_function, self.recruit_cost, self.recruit_key,
                                       self.recruit_share), layout=wrap),
                              self.recruit_justified, W.HBox([self.recruit_add, self.recruit_remove]),
                              self.recruit_list])
        traj_box = W.VBox([W.HBox(f(*self.piis_counts.values(), self.bilans), layout=wrap)])
        module_box = W.VBox([W.HBox(f(self.module_name, self.module_hours, self.module_participants,
                                      self.module_rate), layout=wrap),
                             W.HBox([self.module_add, self.module_remove]), self.module_list])
        oper_box = W.VBox([W.HBox(f(*self.purpose_amounts.values()), layout=wrap)])
        grant_box = W.VBox([W.HBox(f(self.granted, self.amount_2014), layout=wrap)])
        controls = W.Accordion(children=[staff_box, recruit_box, traj_box, module_box, oper_box, grant_box],
                               titles=(label("personnel_costs", self.lang), L("recruit"), L("trajectories"),
                                       L("modules"), L("operating_by_purpose"), L("grant")), selected_index=0)
        self._controls = controls
        results = W.VBox([W.HTML(f"<h3>{esc(L('results'))}</h3>"), self.cluster_out, self.claimed_out,
                          self.results_out, self.chart_out, self.warnings_out])
        budget_tab = W.HBox([W.VBox([self.unit_box, controls], layout=W.Layout(width="50%")),
                             W.VBox([results], layout=W.Layout(width="50%"))])
        scen_tab = W.VBox([W.HBox([*f(self.scenario_name), self.save_button], layout=W.Layout(align_items="flex-end")),
                           W.HBox([*f(self.scenario_select), self.load_button],
                                  layout=W.Layout(align_items="flex-end")),
                           W.HBox([*f(self.compare_select), self.compare_button],
                                  layout=W.Layout(align_items="flex-end")),
                           self.compare_out, W.HBox([self.export_button]), self.download_out])
        mon_tab = W.VBox([*f(self.as_of), W.HTML(f"<b>{esc(L('budget_plan'))}</b>"),
                          W.HBox(f(*self.budget_amounts.values()), layout=wrap), self.monitor_out])
        data_tab = W.VBox([self.upload, self.inputs_out])
        tabs = W.Tab(children=[budget_tab, scen_tab, mon_tab, data_tab],
                     titles=(L("tab_budget"), L("tab_scenarios"), L("tab_monitor"), L("tab_data")))
        return W.VBox([W.HTML(CSS + intro_html(self.lang)), self.message_out, tabs]).add_class("activsoc-app")

    # ---------------------------------------------------------------- staff controls
    def _show_staff(self):
        """Fill the controls with the selected person's plan, or the inputs' data (reader's format)."""
        m, sid, lang = self.model, self.staff_select.value, self.lang
        if m is None or sid is None:
            return
        s = m.shares[sid]
        plan = self.scenario.staff.get(sid, StaffPlan())
        base_cost = m.base_staff.get(sid, (0,))[0]
        pick = lambda planned, base: base if planned is None else planned  # noqa: E731
        vals = {
            "sa_hours": fmt_number(pick(plan.sa_hours, Fraction(s.sa_hours, 1000)), lang),
            "worked_hours": fmt_number(pick(plan.worked_hours, Fraction(s.worked_hours, 1000)), lang),
            "piis_files": pick(plan.piis_files, s.piis_files),
            "all_files": pick(plan.all_files, s.all_files),
            "share_pct": fmt_number(pick(plan.share_pct, s.share * 100), lang),
            "justified": pick(plan.justified, s.justified),
            "other_funding_pct": fmt_number(pick(plan.other_funding_pct, s.other_funding * 100), lang),
            "cost": fmt_amount(pick(plan.cost, base_cost), lang),
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
        plan = self.scenario.staff.get(sid)
        res = m.staff_result(sid, plan)[0] if plan and not plan.is_empty() else m.staff_result_base(sid)
        lines = m.figures.allocation.lines
        self.staff_info.value = staff_info_html(m.shares[sid], res, self.lang,
                                                lines[(lines["kind"] == "personnel") & (lines["ref"] == sid)])
        if self.share_pct.disabled:  # a time or caseload share follows the hours or files just typed (R6, R7)
            busy, self._busy = self._busy, True
            try:
                self.share_pct.value = fmt_number(Fraction(res.share) * 100, self.lang)
            finally:
                self._busy = busy

    def _staff_changed(self, name: str, value):
        if self._busy or self.model is None or self.staff_select.value is None:
            return
        sid = self.staff_select.value
        s = self.model.shares[sid]
        try:
            if name in ("sa_hours", "worked_hours", "share_pct", "other_funding_pct"):
                v = read_number(value, self.lang)
                if v < 0 or (name.endswith("pct") and v > 100):
                    raise ValueError(value)
                base = {"sa_hours": Decimal(s.sa_hours) / 1000, "worked_hours": Decimal(s.worked_hours) / 1000,
                        "share_pct": None, "other_funding_pct": None}.get(name)
                new = None if base is not None and v == base else v
            elif name == "cost":
                new = self._cents(self.cost, name)
            elif name in ("piis_files", "all_files"):
                new = int(value)
                if new < 0:
                    raise ValueError(value)
            else:
                new = bool(value)
        except (ValueError, ArithmeticError) as e:
            self._refuse(T(name, self.lang), value, e)
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
            cost = self._cents(self.recruit_cost, "cost")
            share = read_number(self.recruit_share.value, self.lang)
            if not (0 <= share <= 100):
                raise ValueError(share)
        except (ValueError, ArithmeticError) as e:
            self._refuse(T("recruit", self.lang), f"{self.recruit_cost.value} / {self.recruit_share.value}", e)
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
            hours = read_number(self.module_hours.value, self.lang)
            rate = self._cents(self.module_rate, "rate")
            n = int(self.module_participants.value)
            if hours < 0 or n < 0:
                raise ValueError(hours)
        except (ValueError, ArithmeticError) as e:
            self._refuse(T("modules", self.lang), f"{self.module_hours.value} / {self.module_rate.value}", e)
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
        self.recruit_list.value = recruits_html(self.scenario.recruits, self.lang)
        self.module_list.value = modules_html(self.scenario.modules, self.model.refund_rate if self.model else 0,
                                              self.lang)

    def _global_changed(self):
        if self._busy or self.model is None:
            return
        m = self.model
        field = None
        try:
            for t, w in self.piis_counts.items():
                field = w
                if int(w.value) < 0:
                    raise ValueError(w.value)
            piis = {t: int(w.value) for t, w in self.piis_counts.items() if int(w.value) != m.figures.counts[t]}
            field = self.bilans
            bilans = int(self.bilans.value)
            if bilans < 0:
                raise ValueError(bilans)
            operating = {}
            for p, w in self.purpose_amounts.items():
                field = w
                c = self._cents(w, p)
                if c != m.base_by_purpose.get(p, 0):
                    operating[p] = c
            field = self.granted
            granted = self._cents(self.granted, "granted")
            field = self.amount_2014
            a2014 = self._cents(self.amount_2014, "amount_2014") if not self.amount_2014.disabled else 0
            budget = {}
            for c, w in self.budget_amounts.items():
                field = w
                budget[c] = self._cents(w, c)
        except (ValueError, ArithmeticError) as e:
            self._refuse(self._labels.get(id(field), ""), getattr(field, "value", ""), e)
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
        if self.cluster_model is not None:  # a cluster: the member's and the cluster's figures (app_cluster)
            try:
                self._recompute_cluster()
            except ScenarioError as e:
                self.message_out.value = warnings_html(e.problems, self.lang)
            return
        if self.model is None:
            return
        try:
            f = self.model.evaluate(self.scenario)
        except ScenarioError as e:
            self.message_out.value = warnings_html(e.problems, self.lang)
            return
        self._accepted()
        self.figures = f
        lang = self.lang
        self.claimed_out.value = claimed_html(f, lang)
        self.results_out.value = results_html(f, lang)
        self.chart_out.value = results_chart(f, lang)
        self.warnings_out.value = f"<h4>{esc(label('warnings', lang))}</h4>" + self._warnings_html(f.warnings)
        self._render_monitor()

    def _warnings_html(self, warnings) -> str:
        """The warnings of an evaluation: the inputs' own ones (``WhatIf.base_warnings``, the same
        objects first in every evaluation, about 2 500 at city size) rendered once per model."""
        base = self.model.base_warnings
        if not base or warnings[:len(base)] != base:  # a list compares its items by identity first
            return warnings_html(warnings, self.lang)
        if self._base_items is None or self._base_items[0] is not base:
            self._base_items = (base, warnings_items(base, self.lang))
        rest = warnings_items(warnings[len(base):], self.lang)
        return f"<ul class='activsoc-warnings'>{self._base_items[1]}{rest}</ul>"

    def _render_monitor(self):
        if self.model is None or self._busy or self.as_of.value is None:
            return
        self.monitoring = monitor(self.model, self.as_of.value, self.scenario)
        if self.cluster_model is not None:  # a member of a cluster: the grant is the cluster's (app_cluster)
            from .app_cluster import member_monitor_html
            self.monitor_out.value = member_monitor_html(self.monitoring, self.lang)
            return
        self.monitor_out.value = monitor_html(self.monitoring, self.lang)

def what_if_app(inputs=None, lang=None, year=None, **kw) -> WhatIfApp:
    """The app for the notebook: parameters resolved as :func:`defaults.resolve_params` does."""
    path, lang, year = resolve_params(inputs, lang, year)
    return WhatIfApp(path, lang=lang, year=year, **kw)


__all__ = ["WhatIfApp", "what_if_app", "resolve_params", "default_outputs", "inputs_summary", "problems_frame",
           "report_chart", "report_frames", "staff_chart", "staff_frame"]
