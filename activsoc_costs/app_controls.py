"""app_controls: the what-if app's building blocks (ipywidgets): fields that hold
a number in the officer's format, labels placed above their control (an HTML
line that wraps: a label is never cut), checkboxes and buttons as wide as their
words, the style sheet that keeps the tabs' titles whole, and the reading of a
field (a refused value leaves everything unchanged and says why).  The app's
controls, layout and wiring are in :mod:`app`.
"""
from __future__ import annotations

from decimal import Decimal

from .app_views import NumberError, esc, fmt_decimal, number_error_html, read_number
from .money import to_cents

# Tabs and buttons keep their whole title (ipywidgets cuts a tab's title at 144 px with "…")
CSS = """<style>
.activsoc-app .lm-TabBar-tab, .activsoc-app .p-TabBar-tab { flex: 0 0 auto !important; max-width: none !important;
  min-width: 0 !important; }
.activsoc-app .lm-TabBar-tabLabel, .activsoc-app .p-TabBar-tabLabel { overflow: visible !important;
  text-overflow: clip !important; }
.activsoc-app .widget-button, .activsoc-app .jupyter-button { overflow: visible; text-overflow: clip;
  white-space: nowrap; min-width: fit-content; }
.activsoc-app .widget-checkbox label, .activsoc-app .widget-label-basic { overflow: visible; text-overflow: clip;
  white-space: normal; }
.activsoc-app .activsoc-label { display: block; line-height: 1.3; margin-top: 4px; }
.activsoc-app .jupyter-widget-Collapse-header, .activsoc-app .p-Collapse-header { overflow: visible;
  text-overflow: clip; white-space: normal; }
</style>"""


class Controls:
    """Mixed into :class:`app.WhatIfApp` (needs ``self.W``, ``self.lang``, ``self._labels``, ``self.message_out``,
    ``self._status`` and ``self._refused``)."""

    # ---------------------------------------------------------------- controls (every label whole)
    def _labelled(self, w, text: str):
        self._labels[id(w)] = text
        return w

    def _number(self, text: str, cls: str, decimals: int = 0, value=None):
        """A text field holding a number in the reader's format (see ``_number_field``)."""
        w = _number_field()(continuous_update=False, layout=self.W.Layout(width="13em"))
        w._lang, w._decimals = self.lang, decimals
        if value is not None:
            w.value = value
        return self._labelled(w, text).add_class(cls)

    def _int(self, text: str, cls: str):
        return self._labelled(self.W.IntText(continuous_update=False, layout=self.W.Layout(width="13em")),
                              text).add_class(cls)

    def _check(self, text: str, value: bool = False):
        return self.W.Checkbox(description=text, value=value, indent=False, layout=self.W.Layout(width="auto"))

    def _button(self, text: str):
        return self.W.Button(description=text, layout=self.W.Layout(width="auto", align_self="flex-start"))

    def _f(self, *widgets):
        """Each widget under its label (an HTML line that wraps: never cut)."""
        W, out = self.W, []
        for w in widgets:
            text = self._labels.get(id(w))
            out.append(W.VBox([W.HTML(f"<span class='activsoc-label'>{esc(text)}</span>"), w],
                              layout=W.Layout(margin="0 16px 2px 0")) if text else w)
        return out

    # ---------------------------------------------------------------- reading the fields
    def _refuse(self, what: str, value, exc: Exception | None = None):
        ambiguous = isinstance(exc, NumberError) and exc.ambiguous
        self.message_out.value = self._refused = number_error_html(what, value, self.lang, ambiguous)

    def _accepted(self):
        """A value taken: the message of an earlier refusal goes (the inputs' line comes back)."""
        if self._refused and self.message_out.value == self._refused:
            self.message_out.value = self._status
        self._refused = ""

    def _cents(self, w, what: str) -> int:
        """A field's euros as cents (two decimals at most, never negative); ValueError else."""
        c = to_cents(read_number(w.value, self.lang))
        if c < 0:
            raise ValueError(w.value)
        return c


_NUMBER_FIELD = None


def _number_field():
    """``ipywidgets.Text`` holding a number in the reader's format.  A number set from Python
    (``app.cost.value = 1.005``) is written in the field exactly, every decimal kept, so that
    the same reading and the same refusals apply to it as to what the officer types."""
    global _NUMBER_FIELD
    if _NUMBER_FIELD is None:
        import ipywidgets as W
        from traitlets import Any, TraitError, validate

        class NumberText(W.Text):
            value = Any("", help="the number as the reader writes it").tag(sync=True)
            _lang, _decimals = "fr", 0

            @validate("value")
            def _as_text(self, proposal):
                v = proposal["value"]
                if isinstance(v, bool):
                    raise TraitError(f"not a number: {v!r}")
                if isinstance(v, (int, float, Decimal)):
                    d = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
                    return fmt_decimal(d, self._lang, self._decimals)
                if not isinstance(v, str):
                    raise TraitError(f"not a number: {v!r}")
                return v

        _NUMBER_FIELD = NumberText
    return _NUMBER_FIELD
