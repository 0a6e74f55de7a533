"""app_views: what the what-if app and the notebooks show, as pure functions
(figures in, HTML / SVG / DataFrames out; no widget, no file, no kernel).

- numbers in the reader's format: :func:`fmt_number` / :func:`fmt_amount` for the
  fields the officer edits (``33,33``, ``52 000,00`` / ``52.000,00``) and
  :func:`read_number`, which reads what the officer typed in that format and
  refuses what it cannot read without guessing (``1.600`` in French: 1 600 or 1,6?);
- HTML tables, bar charts (SVG), warnings lists;
- the app's panels: results, staff line, recruits, modules, monitoring,
  comparison, inputs read;
- the notebooks' tables (problems, inputs read, staff, final report).

Amounts come in cents and are shown with :func:`money.fmt_eur`; shares with
:func:`money.fmt_pct` (two decimals, half-up).  The widgets are in :mod:`app`.
"""
from __future__ import annotations

import html
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

import pandas as pd

from .app_words import UI, T, enum_label
from .labels import label
from .money import fmt_eur, fmt_pct, half_up_div

# --------------------------------------------------------------------------- numbers in the reader's format

_SPACES = ("\u00a0", "\u202f", " ", "\u2009")


class NumberError(ValueError):
    """What the officer typed is not a number in their format; ``ambiguous`` when it reads two ways."""

    def __init__(self, text: str, ambiguous: bool = False):
        super().__init__(text)
        self.text, self.ambiguous = text, ambiguous


def _group(digits: str, lang: str) -> str:
    """Thousands grouped as the reader writes them: 52 000 (narrow space) / 52.000."""
    sep = "." if lang == "nl" else "\u202f"
    head = len(digits) % 3 or 3
    return sep.join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


def fmt_decimal(d: Decimal, lang: str, min_decimals: int = 0) -> str:
    """An exact decimal in the reader's format, every decimal kept (at least ``min_decimals``)."""
    d = Decimal(d)
    sign = "-" if d < 0 else ""
    t = format(abs(d), "f")
    whole, _, frac = t.partition(".")
    frac = frac.rstrip("0").ljust(min_decimals, "0")
    return f"{sign}{_group(whole, lang)}" + (f",{frac}" if frac else "")


def fmt_number(x, lang: str) -> str:
    """A share, a percentage or hours for an edit field: two decimals at most, rounded half-up,
    none when whole (``10``, ``33,33``, ``1 520``, ``37,50``)."""
    f = Fraction(x) if not isinstance(x, float) else Fraction(Decimal(repr(x)))
    h = half_up_div(f.numerator * 100, f.denominator)
    d = Decimal(h) / 100
    return fmt_decimal(d, lang, 0 if h % 100 == 0 else 2)


def fmt_amount(cents: int, lang: str) -> str:
    """Cents for an edit field: ``52 000,00`` (fr) / ``52.000,00`` (nl), without the euro sign."""
    return fmt_eur(cents, lang).replace("€ ", "")


def read_number(text, lang: str) -> Decimal:
    """What the officer typed, read in their format: the decimal mark is a comma; thousands
    are grouped by spaces (and by dots in Dutch).  Also read: a decimal point that cannot be a
    thousands mark (``37.5``).  Refused (``NumberError``): anything else, and in French a dot
    before exactly three digits (``1.600``: 1 600 or 1,6? the program does not guess)."""
    if isinstance(text, (int, Decimal)):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(repr(text))
    s = str(text).strip()
    for sp in _SPACES:
        s = s.replace(sp, "")
    s = s.replace("€", "").replace("%", "")
    neg = s.startswith("-")
    s = s[1:] if neg else s
    if not s or not re.fullmatch(r"[0-9.,]+", s) or s.count(",") > 1:
        raise NumberError(str(text))
    whole, _, frac = s.partition(",")
    if "," in s:
        groups = whole.split(".")
        if not frac.isdigit() or (len(groups) > 1 and not all(len(g) == 3 for g in groups[1:])) or not groups[0]:
            raise NumberError(str(text))
        whole = "".join(groups)
    elif "." in s:
        groups = s.split(".")
        if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]) and groups[0]:
            if lang != "nl":
                raise NumberError(str(text), ambiguous=True)
            whole, frac = "".join(groups), ""
        elif len(groups) == 2 and groups[0] and groups[1]:
            whole, frac = groups
        else:
            raise NumberError(str(text))
    try:
        d = Decimal(f"{whole}.{frac}" if frac else whole)
    except InvalidOperation as exc:
        raise NumberError(str(text)) from exc
    return -d if neg else d


def number_error_html(what: str, value, lang: str, ambiguous: bool = False) -> str:
    """The message under the controls when a value is refused (nothing changes)."""
    why = T("ambiguous_dot", lang) if ambiguous else T("not_an_amount", lang)
    return f"<div style='color:#b00'>{esc(what)}{colon(lang)}« {esc(value)} » {esc(why)}</div>"


# --------------------------------------------------------------------------- HTML and SVG

def esc(x) -> str:
    return html.escape(str(x))


def html_table(rows: list[list], header: list[str], cls: str = "activsoc-table", right_from: int = 1,
               wrap_first: bool = False) -> str:
    """A table; columns from ``right_from`` on are right-aligned (figures); ``wrap_first``: the
    first column's long texts wrap on several lines (never cut)."""
    def style(i):
        wrap = "white-space:normal;max-width:32em;" if wrap_first and i == 0 else ""
        return f"text-align:{'left' if i < right_from else 'right'};padding:2px 8px;{wrap}"
    th = "".join(f"<th style='{style(i)}'>{esc(h)}</th>" for i, h in enumerate(header))
    body = []
    for r in rows:
        tds = "".join(f"<td style='{style(i)}'>{esc(v)}</td>" for i, v in enumerate(r))
        body.append(f"<tr>{tds}</tr>")
    return f"<table class='{cls}' style='border-collapse:collapse'><thead><tr>{th}</tr></thead>" \
           f"<tbody>{''.join(body)}</tbody></table>"


def bar_chart_svg(bars: list[tuple[str, int]], reference: tuple[str, int] | None = None, lang: str = "fr",
                  width: int = 560, bar_h: int = 22) -> str:
    """Horizontal bars of amounts (cents), with a vertical line at ``reference`` (e.g. the grant)."""
    top = max([v for _, v in bars] + [reference[1] if reference else 0] + [1])
    pad = 8
    lab_w = max([190] + [7 * len(str(name)) + 10 for name, _ in bars])  # every label whole (about 7 px a letter)
    width = max(width, lab_w + 260)
    span = width - lab_w - 110
    h = len(bars) * (bar_h + pad) + 30
    out = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{h}' class='activsoc-chart' "
           f"font-family='sans-serif' font-size='12'>"]
    colours = ["#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf"]
    for i, (name, v) in enumerate(bars):
        y = 10 + i * (bar_h + pad)
        w = max(int(span * max(v, 0) / top), 0)
        out.append(f"<text x='0' y='{y + bar_h * 0.7:.0f}'>{esc(name)}</text>")
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


_LI: dict[str, dict[int, tuple[object, str]]] = {"fr": {}, "nl": {}}


def _li(w, lang: str) -> str:
    text = w.line(lang) if w.place(lang) else w.message(lang) + (f" ({w.rule})" if w.rule else "")
    return f"<li>{esc(text)}</li>"


def warnings_html(warnings, lang: str) -> str:
    """The warnings as a list.  Each one's item is rendered once per language: at city size the
    inputs carry about 1 300 warnings that no scenario changes, and the app shows them after every
    change (the cache keeps the warning itself, so that its id is not reused while cached)."""
    if not warnings:
        return f"<p class='activsoc-warnings'>{esc(T('no_warnings', lang))}</p>"
    return f"<ul class='activsoc-warnings'>{warnings_items(warnings, lang)}</ul>"


def warnings_items(warnings, lang: str) -> str:
    """The list items of :func:`warnings_html` (each rendered once per language)."""
    cache = _LI["nl" if lang == "nl" else "fr"]
    if len(cache) > 200_000:
        cache.clear()
    get, parts = cache.get, []
    for w in warnings:
        hit = get(id(w))
        if hit is None or hit[0] is not w:
            hit = cache[id(w)] = (w, _li(w, lang))
        parts.append(hit[1])
    return "".join(parts)


# --------------------------------------------------------------------------- notebook helpers (tables)

def problems_frame(problems, lang: str = "fr") -> pd.DataFrame:
    """Problems or warnings as a table: place, value, rule, message (no traceback; headers and
    messages in the reader's language, the code kept for a search in the README)."""
    cols = ["code", "file", "sheet", "row", "column", "value", "rule", "message"]
    rows = [[p.code, p.file, p.sheet, p.row, p.column, p.value, p.rule, p.message(lang)] for p in problems]
    return pd.DataFrame(rows, columns=[T(f"col_{c}", lang) for c in cols])


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
                total = f"{fmt_number(Fraction(int(frame['hours_milli'].sum()), 1000), lang)} h"
        rows.append([t.fr if lang == "fr" else t.nl, n, total])
    return pd.DataFrame(rows, columns=[T("col_sheet", lang), T("col_rows", lang), T("col_total", lang)])


def staff_frame(figures, lang: str = "fr") -> pd.DataFrame:
    """One row per staff member: the key, its data and the four fates (euros as text)."""
    lines = figures.allocation.lines
    pers = lines[lines["kind"] == "personnel"].groupby("ref", sort=False)[
        ["amount", "claimed", "not_eligible", "excluded", "other_use"]].sum()
    rows = []
    for sid, s in figures.allocation.staff.items():
        if s.key == "time":
            data = (f"{fmt_number(Fraction(s.sa_hours, 1000), lang)} h / "
                    f"{fmt_number(Fraction(s.worked_hours, 1000), lang)} h")
        elif s.key == "caseload":
            data = f"{s.piis_files} / {s.all_files}"
        elif s.key == "fixed":
            data = f"{fmt_number(Fraction(str(s.fixed_pct)), lang)} %"
        else:
            data = "100 %"
        t = pers.loc[sid] if sid in pers.index else pd.Series(0, index=pers.columns)
        rows.append([sid, enum_label("function", s.function, lang), enum_label("key", s.key, lang), data,
                     fmt_pct(s.share, lang) + " %", fmt_pct(s.cap, lang) + " %",
                     *(fmt_eur(int(t[k]), lang) for k in pers.columns), " ".join(s.rules)])
    return pd.DataFrame(rows, columns=[T("recruit_id", lang), T("function", lang), T("key", lang), T("col_data", lang),
                                       T("col_share", lang), T("col_cap", lang), *(label(k, lang) for k in pers.columns),
                                       T("col_rules", lang)])


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


# --------------------------------------------------------------------------- the app's panels (pure)

def intro_html(lang: str) -> str:
    return (f"<h2 class='activsoc-title'>{esc(T('title', lang))}</h2>"
            f"<p class='activsoc-intro' style='max-width:70em'>{esc(T('intro', lang))}</p>")


def claimed_html(f, lang: str) -> str:
    return (f"<div style='font-size:1.4em'>{esc(label('claimed', lang))}{colon(lang)}"
            f"<b class='activsoc-claimed-value'>{esc(fmt_eur(f.claimed, lang))}</b></div>")


def results_html(f, lang: str) -> str:
    """The money (R2, R5) and the trajectories against the objectives (R15) of a what-if evaluation."""
    eur = lambda c: fmt_eur(c, lang)  # noqa: E731
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
    traj = [[label(line, lang), "" if f.objectives.get(k) is None else f.objectives[k], f.counts[k],
             "" if f.gaps[k] is None else f"{f.gaps[k]:+d}"]
            for k, line in (("bilans", "line_1"), ("piis", "line_2"), ("2.1", "line_2.1"), ("2.2", "line_2.2"),
                            ("2.3", "line_2.3"))]
    traj_html = html_table(traj, ["R15", label("objective", lang), label("realised", lang), T("gap", lang)],
                           wrap_first=True)
    return money + "<br/>" + traj_html


def results_chart(f, lang: str) -> str:
    return bar_chart_svg([(label("personnel_costs", lang), f.personnel["claimed"]),
                          (label("operating_costs", lang), f.operating_claimed),
                          (label("claimed", lang), f.claimed)], (label("granted", lang), f.granted), lang)


def staff_info_html(s, res, lang: str, lines=None) -> str:
    """One staff member: function, key and share, rules, claimed / amount; with ``lines`` (the
    engine's lines of this staff member), the basis of each in words (rules.explain: the same
    basis as report --json and the workbook)."""
    head = (f"<div>{esc(enum_label('function', s.function, lang))} — {esc(enum_label('key', s.key, lang))} "
            f"{esc(fmt_pct(res.share, lang))} % ({esc(' '.join(s.rules))}) — {esc(label('claimed', lang))} "
            f"<b class='activsoc-staff-claimed'>{esc(fmt_eur(res.claimed, lang))}</b>"
            f" / {esc(fmt_eur(res.amount, lang))}</div>")
    if lines is None or len(lines) == 0:
        return head
    import dataclasses

    from .rules import explain

    def item(r) -> str:
        # the source files are the officer's own names (data, like the warnings): apart from the app's words
        b = r["basis"]
        srcs = ", ".join(f"{f} {'[' + sh + '] ' if sh else ''}{r_}" for f, sh, r_ in b.sources[:3])
        more = f" (+{len(b.sources) - 3})" if len(b.sources) > 3 else ""
        return (f"<li><b>{esc(r['id'])}</b> : {esc(explain(dataclasses.replace(b, sources=()), lang))}"
                + (f" — <span class='activsoc-data'>{esc(srcs + more)}</span>" if srcs else "") + "</li>")
    items = "".join(item(r) for r in lines.to_dict("records"))
    return head + (f"<details class='activsoc-basis'><summary>{esc(T('basis', lang))}</summary>"
                   f"<ul>{items}</ul></details>")


def recruits_html(recruits, lang: str) -> str:
    rows = [[r.id, enum_label("function", r.function, lang), enum_label("key", r.key, lang),
             f"{fmt_number(r.share_pct, lang)} %", fmt_eur(r.cost, lang)] for r in recruits]
    return html_table(rows, [T("recruit_id", lang), T("function", lang), T("key", lang), T("share_pct", lang),
                             T("cost", lang)], right_from=3) if rows else ""


def modules_html(modules, default_rate: int, lang: str) -> str:
    rows = [[m.name, fmt_number(m.hours, lang), m.participants, fmt_eur(default_rate if m.rate is None else m.rate,
                                                                            lang)] for m in modules]
    return html_table(rows, [T("module_name", lang), T("hours", lang), T("participants", lang),
                             T("rate", lang)]) if rows else ""


def monitor_html(mo, lang: str) -> str:
    """Budgeted / actual / theoretical / projected per category (whatif.monitor)."""
    rows = [[T(r.category, lang), fmt_eur(r.budgeted, lang), fmt_eur(r.actual, lang), fmt_eur(r.theoretical, lang),
             fmt_eur(r.projected, lang), fmt_eur(r.gap, lang)] for r in [*mo.rows, mo.total]]
    head = ["", T("budgeted", lang), T("actual", lang), T("theoretical", lang), T("projected", lang), T("gap", lang)]
    return (f"<p>{mo.elapsed_days} / {mo.period_days} {esc(T('elapsed', lang))}</p>"
            + html_table(rows, head) + warnings_html(mo.warnings, lang))


def compare_html(table: pd.DataFrame, lang: str) -> str:
    """Scenarios side by side (whatif.compare), and their claims against the grant."""
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
    return html_table(rows, [""] + [str(c) for c in table.columns]) + chart


def inputs_html(inp, lang: str) -> str:
    """What was read (rows and totals per table), its problems and its warnings."""
    s = inputs_summary(inp, lang)
    parts = [html_table(s.values.tolist(), list(s.columns), right_from=2)]
    if inp.problems:
        parts.append(f"<h4>{esc(label('problems', lang))}</h4>" + warnings_html(inp.problems, lang))
    if inp.warnings:
        parts.append(f"<h4>{esc(label('warnings', lang))}</h4>" + warnings_html(inp.warnings, lang))
    return "".join(parts)


def download_html(name: str, data_b64: str, path, lang: str) -> str:
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return (f"<a class='activsoc-download-link' download='{esc(name)}' href='data:{mime};base64,{data_b64}'>"
            f"⬇ {esc(T('download', lang))} {esc(name)}</a><div>{esc(T('written', lang))}{colon(lang)}{esc(path)}</div>")


def colon(lang: str) -> str:
    """` : ` in French (a space before the colon), `: ` in Dutch."""
    return "\u202f: " if lang == "fr" else ": "
