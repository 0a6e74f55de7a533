"""app_scenarios: the what-if app's Scenarios tab: save the current scenario,
load one (its values back into the controls, in the officer's format), compare
scenarios side by side, export the scenario's justification workbook (it says
SIMULATION) and offer it for download.  Scenario files and figures come from
:mod:`whatif`; what is shown from :mod:`app_views`.
"""
from __future__ import annotations

import base64
import datetime as dt
from dataclasses import replace
from pathlib import Path

from .app_views import colon, compare_html, download_html, esc, fmt_amount, warnings_html
from .app_words import T
from .whatif import ScenarioError, compare, list_scenarios, load_scenario, save_scenario


class Scenarios:
    """Mixed into :class:`app.WhatIfApp` (needs its controls, ``self.model`` and ``self.scenario``)."""

    def refresh_scenarios(self):
        names = list_scenarios(self.scenarios_dir)
        self.scenario_select.options = names
        self.compare_select.options = [T("current", self.lang)] + names

    def save(self, name: str | None = None) -> Path:
        name = (name or self.scenario_name.value or "").strip() or dt.datetime.now().strftime("scenario-%Y%m%d-%H%M%S")
        self.scenario = replace(self.scenario, name=name)
        path = save_scenario(self.scenario, self.scenarios_dir)
        self.refresh_scenarios()
        self.message_out.value = f"<div>{esc(T('saved', self.lang))}{colon(self.lang)}{esc(path)}</div>"
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
        lang = self.lang
        try:
            m = self.model
            for t, w in self.piis_counts.items():
                w.value = int(sc.piis.get(t, m.figures.counts[t]))
            self.bilans.value = int(sc.bilans if sc.bilans is not None else m.figures.counts["bilans"])
            for p, w in self.purpose_amounts.items():
                w.value = fmt_amount(sc.operating.get(p, m.base_by_purpose.get(p, 0)), lang)
            self.granted.value = fmt_amount(sc.granted if sc.granted is not None
                                            else int(m.convention.get("granted") or 0), lang)
            if sc.amount_2014 is not None:
                self.amount_2014.value = fmt_amount(sc.amount_2014, lang)
            plan = m.evaluate(replace(sc, budget={}))
            own = {"personnel": plan.personnel["claimed"], "operating": plan.operating_claimed}
            for c, w in self.budget_amounts.items():
                w.value = fmt_amount(sc.budget.get(c, own[c]), lang)
            self.scenario_name.value = sc.name
        finally:
            self._busy = False
        self._show_staff()
        self._render_lists()
        self.recompute()
        self.message_out.value = f"<div>{esc(T('loaded', self.lang))}{colon(self.lang)}{esc(name)}</div>"

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
        cm = getattr(self, "cluster_model", None)
        if cm is not None and self.unit:  # a member of a cluster: its shares, the other members' scenarios kept
            table = cm.compare_member(self.unit, scs, self.member_scenarios)
        else:
            table = compare(self.model, scs)
        self.compare_out.value = compare_html(table, self.lang)
        return table

    def export(self) -> list[Path]:
        """Write the current scenario's justification spreadsheet and offer it for download."""
        try:
            from . import export as export_mod
        except ImportError:
            self.download_out.value = "<p>export: —</p>"
            return []
        from .whatif import safe_name, scenario_figures
        figures, inputs = scenario_figures(self.model, self.scenario)
        out = self.out_dir / "scenarios" / "export" / safe_name(self.scenario.name or "scenario")
        # a scenario's workbook says SIMULATION (name, titles, headers), carries no signature
        # block and no hashes of the real inputs (issue 9)
        paths = export_mod.export(figures, inputs, out, self.lang, force=True, simulation=True,
                                  scenario=self.scenario.name or "")
        self.export_paths = list(paths)
        self.download_out.value = "".join(
            download_html(Path(p).name, base64.b64encode(Path(p).read_bytes()).decode("ascii"), p, self.lang)
            for p in paths)
        return self.export_paths
