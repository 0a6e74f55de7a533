"""app_cluster: the what-if app opened on a cluster (issue 11 item 3): the selector
"Cluster / <member>", the member's figures beside its shares, and the cluster's figures
with the distribution table.  The figures come from :mod:`whatif_cluster` (one what-if
per member on the cluster report's figures, the report's own distribution function);
this module only holds the selector, which member's scenario the controls edit, and
the HTML of the cluster's figures.  Mixed into :class:`app.WhatIfApp`.

- A member selected: the controls are that member's what-if (its own scenario, kept
  when another member is selected); the results show its claimed and, as accepted /
  advance / balance, its distributed share, advance share and balance; the grant
  controls are disabled (the grant is the cluster's).
- The cluster selected: the cluster's figures recomputed from every member's scenario,
  the distribution per member, and what is not recomputed; the controls are hidden and
  the Scenarios tab's buttons disabled (a scenario is a member's).
- The justification spreadsheet of a scenario is not exported for a cluster (a member's
  workbook alone would set its claim against the whole grant): the message says so.
"""
from __future__ import annotations

from pathlib import Path

from .app_views import (claimed_html, esc, fmt_amount, html_table, monitor_html, results_chart, results_html,
                        warnings_html)
from .app_words import T
from .labels import label
from .money import fmt_eur
from .whatif import Scenario

CLUSTER = ""  # the selector's value for the whole cluster


class ClusterView:
    """Mixed into :class:`app.WhatIfApp` (needs its controls, ``recompute`` and ``_reset_controls``)."""

    def _cluster_widgets(self):
        W = self.W
        self.cluster_model = None          # whatif_cluster.ClusterWhatIf when a cluster is loaded
        self.member_scenarios: dict[str, Scenario] = {}
        self.cluster_figures = None        # the last ClusterWhatIfFigures
        self.unit = None                   # CLUSTER, or the selected member's name
        self.unit_select = self._labelled(W.Dropdown(options=[]), T("cluster_unit", self.lang)).add_class(
            "activsoc-unit")
        self.cluster_out = W.HTML().add_class("activsoc-cluster")
        self.cluster_hint = W.HTML(f"<p>{esc(T('cluster_hint', self.lang))}</p>")
        self.unit_box = W.VBox([*self._f(self.unit_select), self.cluster_hint],
                               layout=W.Layout(display="none"))
        self.unit_select.observe(lambda ch: self._busy or self.select_unit(ch["new"]), names="value")

    # ---------------------------------------------------------------- loading
    def load_cluster(self, path) -> bool:
        """Load a cluster (folder or workbook); its problems change nothing."""
        from .cluster import load_cluster
        from .whatif_cluster import ClusterWhatIf
        cl = load_cluster(Path(path))
        if not cl.ok:
            self.message_out.value = f"<div style='color:#b00'>{esc(label('problems', self.lang))}: " \
                                     f"{len(cl.problems)}</div>" + warnings_html(cl.problems, self.lang)
            return False
        self.cluster_model = cm = ClusterWhatIf(cl)
        self.member_scenarios = {n: Scenario() for n in cm.names}
        role = {mf.member.cpas: mf.member.role for mf in cm.report.members}
        options = [(f"{T('cluster_whole', self.lang)} « {cm.name} »", CLUSTER)]
        options += [(f"{n} ({T(role[n], self.lang)})", n) for n in cm.names]
        self.inputs_out.value = "".join(f"<h4>{esc(n)}</h4>" for n in cm.names)
        self.unit_box.layout.display = None
        self._status = f"<div>{esc(T('cluster_whole', self.lang))} « {esc(cm.name)} » — " \
                       f"{esc(cm.convention.get('year', ''))}</div>"
        self.message_out.value = self._status
        self._busy = True
        try:
            self.unit_select.options = options
            self.unit_select.value = CLUSTER
        finally:
            self._busy = False
        self.unit = None
        self.select_unit(CLUSTER)
        return True

    def units(self) -> list[str]:
        """The selector's labels: the cluster, then each member."""
        return [lab for lab, _v in self.unit_select.options]

    def select_unit(self, unit: str):
        """Show the cluster (``""``) or a member (its ``cpas``): the member's own scenario comes back."""
        cm = self.cluster_model
        if cm is None or unit == self.unit:
            return
        if self.unit and self.model is not None:
            self.member_scenarios[self.unit] = self.scenario
        self.unit = unit
        if self.unit_select.value != unit:
            busy, self._busy = self._busy, True
            try:
                self.unit_select.value = unit
            finally:
                self._busy = busy
        whole = unit == CLUSTER
        self.cluster_hint.layout.display = None if whole else "none"
        self._controls.layout.display = "none" if whole else None
        for b in (self.save_button, self.load_button, self.compare_button):
            b.disabled = whole
        # a member's justification spreadsheet alone would set its claim against the whole grant:
        # the cluster's workbook is ``activsoc-costs report PATH --out`` (export.cluster)
        self.export_button.disabled = True
        self.download_out.value = f"<p>{esc(T('cluster_no_export', self.lang))}</p>"
        if whole:
            self.model, self.inputs, self.scenario = None, None, Scenario()
        else:
            self.model = cm.models[unit]
            self.inputs = self.model.inputs
            self.scenario = Scenario()
            self._reset_controls()
            self._fill_scenario(self.member_scenarios[unit])
            self.granted.disabled = self.amount_2014.disabled = True  # the grant is the cluster's
        self._recompute_cluster()

    def _fill_scenario(self, sc: Scenario):
        """The member's kept scenario back into the controls (the reader's format)."""
        m, lang = self.model, self.lang
        self.scenario = sc
        self._busy = True
        try:
            for t, w in self.piis_counts.items():
                w.value = int(sc.piis.get(t, m.figures.counts[t]))
            self.bilans.value = int(sc.bilans if sc.bilans is not None else m.figures.counts["bilans"])
            for p, w in self.purpose_amounts.items():
                w.value = fmt_amount(sc.operating.get(p, m.base_by_purpose.get(p, 0)), lang)
        finally:
            self._busy = False
        self._show_staff()
        self._render_lists()

    def _leave_cluster(self):
        """A single CPAS loaded after a cluster: no selector, every control back."""
        if self.cluster_model is None:
            return
        self.cluster_model, self.member_scenarios, self.cluster_figures, self.unit = None, {}, None, None
        self.unit_box.layout.display = "none"
        self._controls.layout.display = None
        self.cluster_out.value = self.download_out.value = ""
        self.granted.disabled = False
        for b in (self.save_button, self.load_button, self.compare_button, self.export_button):
            b.disabled = False

    # ---------------------------------------------------------------- results
    def _recompute_cluster(self):
        cm, lang = self.cluster_model, self.lang
        if self.unit and self.model is not None:
            self.member_scenarios[self.unit] = self.scenario
        cf = self.cluster_figures = cm.evaluate(self.member_scenarios)
        self._accepted()
        if self.unit == CLUSTER:
            f = cf
            warnings = cf.warnings
            self.cluster_out.value = cluster_html(cf, lang)
        else:
            mw = cf.member(self.unit)
            f = mw.figures
            warnings = f.warnings
            self.cluster_out.value = member_share_html(mw, cf, lang)
        self.figures = f
        self.claimed_out.value = claimed_html(f, lang)
        self.results_out.value = results_html(f, lang)
        self.chart_out.value = results_chart(f, lang)
        self.warnings_out.value = f"<h4>{esc(label('warnings', lang))}</h4>" + warnings_html(warnings, lang)
        if self.model is not None:
            self._render_monitor()
        else:
            self.monitor_out.value = f"<p>{esc(T('cluster_hint', lang))}</p>"


def member_monitor_html(mo, lang: str) -> str:
    """A member's monitoring: R2 is the cluster's, so its projection is not set against the whole grant."""
    mo.warnings = [w for w in mo.warnings if w.code not in ("w_monitor_exceeded", "w_monitor_underuse")]
    return monitor_html(mo, lang) + f"<p>{esc(T('cluster_monitor', lang))}</p>"


def member_share_html(mw, cf, lang: str) -> str:
    """A member's figures beside its shares of the cluster's accepted amount and advance."""
    eur = lambda c: fmt_eur(c, lang)  # noqa: E731
    rows = [[label("claimed", lang), eur(mw.figures.claimed)],
            [T("distributed", lang), eur(mw.distributed)], [T("advance_share", lang), eur(mw.advance_share)],
            [T("member_balance", lang), eur(mw.balance)]]
    return (f"<h4>{esc(mw.cpas)} — {esc(T('cluster_whole', lang))} « {esc(cf.name)} »</h4>"
            + html_table(rows, ["", "€"], cls="activsoc-table activsoc-member-share")
            + f"<p>{esc(T('method_' + cf.method, lang))}</p>")


def cluster_html(cf, lang: str) -> str:
    """The cluster's personnel fates, the distribution per member, and what is not recomputed."""
    eur = lambda c: fmt_eur(c, lang)  # noqa: E731
    p = cf.personnel
    fates = html_table([[label("personnel_costs", lang), eur(p["amount"]), eur(p["claimed"]), eur(p["not_eligible"]),
                         eur(p["excluded"]), eur(p["other_use"])]],
                       ["", T("total", lang), label("claimed", lang), label("not_eligible", lang),
                        label("excluded", lang), label("other_use", lang)])
    rows = [[m.cpas, T(m.role, lang), eur(m.figures.claimed), eur(m.distributed), eur(m.advance_share),
             eur(m.balance)] for m in cf.members]
    rows.append([T("total", lang), "", eur(cf.claimed), eur(sum(m.distributed for m in cf.members)),
                 eur(sum(m.advance_share for m in cf.members)), eur(sum(m.balance for m in cf.members))])
    dist = html_table(rows, [T("member", lang), T("role", lang), label("claimed", lang), T("distributed", lang),
                             T("advance_share", lang), T("member_balance", lang)],
                      cls="activsoc-table activsoc-distribution", right_from=2)
    notes = "".join(f"<li>{esc(T(n, lang))}</li>" for n in cf.notes)
    return (f"<h4>{esc(T('cluster_whole', lang))} « {esc(cf.name)} »</h4>" + fates
            + f"<h4>{esc(T('distribution', lang))}</h4>" + dist + f"<p>{esc(T('method_' + cf.method, lang))}</p>"
            + f"<p>{esc(T('cluster_recomputed', lang))}</p>"
            + (f"<ul class='activsoc-cluster-notes'>{notes}</ul>" if notes else ""))
