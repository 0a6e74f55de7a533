"""app_inputs: the what-if app's inputs: load a folder or a workbook (given, or
uploaded on the Data tab), show what was read and its problems, build the what-if
model once, and fill every control from the inputs in the officer's format.
A workbook with problems changes nothing: its problems are listed, the current
model stays.  The widgets are in :mod:`app`.
"""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from .app_views import esc, fmt_amount, inputs_html, warnings_html
from .labels import label
from .whatif import Scenario, WhatIf


class InputsTab:
    """Mixed into :class:`app.WhatIfApp` (needs its controls)."""

    def load_inputs(self, inputs) -> bool:
        """Load a path (folder or .xlsx) or an ``Inputs``; show its problems; build the model once."""
        from .load import load
        if isinstance(inputs, (str, Path)):
            from .cluster import is_cluster
            if is_cluster(inputs):  # a cluster: the selector Cluster / member (app_cluster, issue 11)
                return self.load_cluster(inputs)
        inp = load(inputs) if isinstance(inputs, (str, Path)) else inputs
        self.inputs_out.value = inputs_html(inp, self.lang)
        if inp.problems:
            self.message_out.value = f"<div style='color:#b00'>{esc(label('problems', self.lang))}: " \
                                     f"{len(inp.problems)}</div>" + warnings_html(inp.problems, self.lang)
            return False
        self._leave_cluster()
        self.inputs = inp
        self.model = WhatIf(inp)
        self.scenario = Scenario()
        self._reset_controls()
        msg = ""
        conv_year = self.model.convention.get("year")
        if self.year and conv_year and int(self.year) != int(conv_year):
            msg = f"<div style='color:#b60'>{esc(label('year', self.lang))} {self.year} ≠ {conv_year}</div>"
        self.message_out.value = self._status = \
            msg + f"<div>{esc(self.model.convention.get('cpas', ''))} — {conv_year}</div>"
        self.refresh_scenarios()
        self.recompute()
        return True

    def _uploaded(self):
        files = self.upload.value
        if not files:
            return
        f = files[0] if isinstance(files, (list, tuple)) else next(iter(files.values()))
        name = Path(str(f.get("name") or "inputs.xlsx")).name
        folder = self.out_dir / "uploads"
        folder.mkdir(parents=True, exist_ok=True)
        path = Path(tempfile.mkdtemp(prefix="upload-", dir=folder)) / name
        path.write_bytes(bytes(f["content"]))
        self.load_inputs(path)

    def _reset_controls(self):
        m, lang = self.model, self.lang
        self._busy = True
        try:
            self.staff_select.options = list(m.staff_ids)
            self.staff_select.value = m.staff_ids[0] if m.staff_ids else None
            for t, w in self.piis_counts.items():
                w.value = int(m.figures.counts[t])
            self.bilans.value = int(m.figures.counts["bilans"])
            for p, w in self.purpose_amounts.items():
                w.value = fmt_amount(m.base_by_purpose.get(p, 0), lang)
            self.granted.value = fmt_amount(int(m.convention.get("granted") or 0), lang)
            self.amount_2014.disabled = m.params.uplift_on_2014 is None  # R5 only for 2016/2017
            self.amount_2014.value = fmt_amount(int(m.convention.get("amount_2014") or 0), lang)
            self.module_rate.value = fmt_amount(m.refund_rate, lang)
            base = m.evaluate(Scenario())
            self.budget_amounts["personnel"].value = fmt_amount(base.personnel["claimed"], lang)
            self.budget_amounts["operating"].value = fmt_amount(base.operating_claimed, lang)
            start = m.params.period_start
            self.as_of.value = dt.date(start.year, 6, 30)
        finally:
            self._busy = False
        self._show_staff()
        self._render_lists()
