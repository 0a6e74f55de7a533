"""refunds: the participant refunds of R11 (and R18), from attendance hours x the CPAS's rate.

Owns: the CPAS's hourly refund rate, the attendance hours that fund the refunds (counted
PIIS within their dates and the period; R18 not eligible; the rest excluded, with why),
the warnings about hours that fund no refund, and the sharing of the attendance budget
among the refund lines in date then id order (so the ledger's row order changes
nothing).  The engine (``allocate``) and the workbook use these.  Core: imports nothing
from reading nor rendering.
"""
from __future__ import annotations

import datetime as dt
from itertools import repeat

import numpy as np
import pandas as pd

from . import problems as P
from .frames import column as array  # frame[name].to_numpy(...), without the Series
from .keydata import MILLI, Inputs, cells, days
from .money import half_up_div
from .rules import NOT_ELIGIBLE_PIIS


def refund_rate(inputs: Inputs) -> int:
    """R11: the CPAS's own hourly refund rate (convention column ``refund_rate``), in cents;
    blank: the year's parameter (the € 1/h one CPAS asked about and the administration accepted)."""
    r = inputs.convention.get("refund_rate")
    return int(r) if r is not None and not pd.isna(r) else inputs.params.refund_rate_cents


# why attendance hours do not fund the refunds (R11): code -> (rule, fr, nl)
REFUND_EXCLUDED = {
    "outside_period": ("R1", "hors de la période de la convention", "buiten de periode van de overeenkomst"),
    "not_counted": ("", "PIIS non comptabilisés", "niet meegetelde GPMI"),  # + the PIIS's rule (R16, R17, R19, R20)
    "outside_piis_dates": ("R11", "hors des dates du PIIS", "buiten de data van het GPMI"),
    "after_left": ("R20", "après la date de sortie du PIIS", "na de datum van stopzetting van het GPMI"),
    "not_eligible": ("R18", "PIIS d'activation professionnelle ou d'études (non éligible)",
                     "GPMI professionele activering of studies (niet subsidieerbaar)"),
}


def _refund_budget(inputs: Inputs, trajectories: pd.DataFrame | None = None) -> dict:
    """R11: the attendance hours that fund the refunds, at the CPAS's rate.

    eligible: attendance of a COUNTED PIIS (R15-R20), dated within the period and
    within the PIIS's dates (start..end, and not after the leaving date: a person who
    left, R20, attends no module after it);
    not eligible: a PIIS of professional activation or studies (R18), in the period;
    the others do not fund the refunds (excluded): outside the period (R1), PIIS not
    counted (R16, R17, R19, R20), outside the PIIS's dates, after the leaving date."""
    params, att = inputs.params, inputs.attendance
    rate = refund_rate(inputs)
    out = {"rate": rate, "hours_eligible": 0, "hours_not_eligible": 0, "hours_outside": 0, "hours_excluded": 0,
           "eligible": 0, "not_eligible": 0, "excluded": 0, "why": {}, "after_left": {}}
    if 0 in att.shape:  # att.empty
        return out
    if trajectories is None:
        from .trajectories import count_trajectories
        trajectories = count_trajectories(inputs)[0]
    # the PIIS of each attendance row (the last PIIS of an id, as a dict would keep it); row n: no such PIIS
    t = trajectories  # a table, or its rows (trajectories.Rows: read as they are when the ids are texts)
    if hasattr(t, "column") and not all(type(i) is str for i in t.column("id")):
        t = t.table()
    column = t.column if hasattr(t, "column") else (lambda c: t[c].tolist())
    ids = column("id") if len(t) else []
    pids = cells(att, "piis_id")
    k = _piis_rows(ids, pids if all(type(pid) is str for pid in ids) else att["piis_id"])
    n = len(ids)

    def per_piis(col, blank, dtype=None):  # a column of the PIIS table, with the value of "no such PIIS" last
        values = (column(col) if n else []) + [blank]
        return (_days(values) if dtype == "datetime64[D]" else np.array(values, dtype=dtype))[k]

    typ_ne = np.array([x in NOT_ELIGIBLE_PIIS for x in (column("type") if n else [])] + [False], dtype=bool)[k]
    counted = per_piis("counted", False, bool)
    start, end, left = (per_piis(c, None, "datetime64[D]") for c in ("start", "end", "left_on"))
    ps, pe = np.datetime64(params.period_start, "D"), np.datetime64(params.period_end, "D")
    day = days(att, "date")
    hours = array(att, "hours_milli", np.int64)
    planned = (array(att, "src_file", object) == "scenario") if "src_file" in att.columns \
        else np.zeros(len(att), bool)
    inside = ~np.isnat(day) & (day >= ps) & (day <= pe)
    # a what-if's planned module: hours of counted PIIS by construction (whatif.scenario_inputs)
    plan = planned & inside
    outside = ~plan & ~inside
    ne = ~plan & inside & typ_ne
    not_counted = ~plan & inside & ~typ_ne & ~counted
    rest = ~plan & inside & ~typ_ne & counted
    outside_dates = rest & (np.isnat(start) | np.isnat(end) | (day < start) | (day > end))
    rest &= ~outside_dates
    after = rest & ~np.isnat(left) & (day > left)  # R20: the person left; hours after it are not a refund of it
    he = int(hours[plan | (rest & ~after)].sum())
    hn = int(hours[ne].sum())
    # why the other hours fund no refund, in the order each cause first occurs
    causes = [("outside_period", outside), ("outside_piis_dates", outside_dates), ("after_left", after)]
    rules = per_piis("rule", "", object)
    for rule in dict.fromkeys(rules[not_counted].tolist()):
        causes.append((f"not_counted {rule}".strip(), not_counted & (rules == rule)))  # e.g. "not_counted R17"
    found = [(int(np.argmax(mask)), cause, int(hours[mask].sum())) for cause, mask in causes if mask.any()]
    why: dict[str, int] = {}
    for _, cause, h in sorted(found):
        why[cause] = why.get(cause, 0) + h
    after_left: dict[str, tuple[int, object]] = {}
    lefts = column("left_on") if after.any() else []
    for i in np.flatnonzero(after).tolist():  # which PIIS, and since when
        pid = pids[i]
        h, left_on = after_left.get(pid, (0, lefts[k[i]]))
        after_left[pid] = (h + int(hours[i]), left_on)
    hx = sum(why.values())
    out.update({"hours_eligible": he, "hours_not_eligible": hn, "hours_outside": why.get("outside_period", 0),
                "hours_excluded": hx, "eligible": half_up_div(he * rate, MILLI),
                "not_eligible": half_up_div(hn * rate, MILLI), "excluded": half_up_div(hx * rate, MILLI),
                "why": why, "after_left": after_left})
    return out


def _piis_rows(ids: list, piis_id: pd.Series | list) -> np.ndarray:
    """The row of ``ids`` (the PIIS table) of each attendance row's PIIS: the last row of an
    id (as a dict keeps it), len(ids) when there is no such PIIS.  Looked up in a dict when
    the ids are texts (``piis_id``: the column, or its ``tolist``), else by ``Index.get_indexer``
    (``piis_id``: the column)."""
    n = len(ids)
    pos = {pid: i for i, pid in enumerate(ids)}
    if all(type(pid) is str for pid in pos):  # no blank id a blank attendance id could match
        cells_ = piis_id if type(piis_id) is list else piis_id.tolist()
        return np.fromiter(map(pos.get, cells_, repeat(n, len(cells_))), dtype=np.intp, count=len(cells_))
    at = pd.Index(list(pos)).get_indexer(piis_id) if pos else np.full(len(piis_id), -1)
    return np.where(at >= 0, np.array(list(pos.values()) + [n])[at], n)


_EPOCH = dt.date(1970, 1, 1).toordinal()
_NAT = np.iinfo(np.int64).min  # NaT as an int64
_DATE_OR_NONE = {dt.date, type(None)}


def _days(values: list) -> np.ndarray:
    """``np.array(values, dtype="datetime64[D]")`` (None: NaT), from the dates' ordinals when
    every value is a date or None (numpy converts date objects one by one, slowly)."""
    if not set(map(type, values)) <= _DATE_OR_NONE:
        return np.array(values, dtype="datetime64[D]")
    return np.array([_NAT if v is None else v.toordinal() - _EPOCH for v in values], dtype=np.int64
                    ).view("datetime64[D]")


def _refund_warnings(refunds: dict, src: tuple) -> list[P.Problem]:
    """R11: the hours that do not fund the refunds, with their amount at the rate; the
    hours after a leaving date that were taken."""
    out = []
    rate = refunds["rate"]
    w = dict(file=src[0], sheet=src[1], row=src[2]) if src else {}
    for cause, h in sorted(refunds["why"].items()):
        base, _, piis_rule = cause.partition(" ")
        rule, fr, nl = REFUND_EXCLUDED[base]
        rule = piis_rule or rule
        if piis_rule:
            fr, nl = f"{fr} ({piis_rule})", f"{nl} ({piis_rule})"
        out.append(P.make("w_r11_hours_not_counted", **w, value=cause, rule=f"R11 {rule}",
                          hours=P.Hours(h), amount=P.Eur(half_up_div(h * rate, MILLI)), rate=P.Eur(rate),
                          why=f"{fr} / {nl}"))
    for pid, (h, left) in refunds["after_left"].items():  # which PIIS, and since when (the total is above)
        out.append(P.make("w_r11_after_left", **w, value=pid, hours=P.Hours(h), left=left.strftime("%d/%m/%Y")))
    return out


def _split_refunds(op: pd.DataFrame, refunds: dict, cols: dict | None = None) -> dict:
    """R11: the refund lines share the attendance budget (hours x rate) in the
    order of their date then id, so that the row order of the ledger changes
    nothing.  Returns id -> (amount, eligible basis, not eligible, excluded).
    ``cols``: the ledger's columns already read (purpose, id, amount as lists; date: the column or
    its ``to_numpy()``)."""
    left_eligible, left_ne = refunds["eligible"], refunds["not_eligible"]
    out = {}
    for id_, amount in _refund_rows(op, cols):
        amount = None if amount is None or pd.isna(amount) else int(amount)
        if amount is None:  # a blank amount is computed from the attendance
            amount = left_eligible + left_ne
        basis = min(amount, left_eligible)
        ne_part = min(amount - basis, left_ne)
        left_eligible -= basis
        left_ne -= ne_part
        out[id_] = (amount, basis, ne_part, amount - basis - ne_part)
    return out


def _refund_rows(op: pd.DataFrame, cols: dict | None = None) -> list[tuple]:
    """(id, amount) of the refund lines, in the order of their date (blank last) then id,
    stable: ``sort_values(["date", "id"], kind="stable")`` without a DataFrame per CPAS."""
    cols = cols or {}
    purposes = cols["purpose"] if "purpose" in cols else cells(op, "purpose")
    idx = [i for i, p in enumerate(purposes) if p == "participant_refund"]
    if not idx:
        return []
    ids = cols["id"] if "id" in cols else cells(op, "id")
    amounts = cols["amount"] if "amount" in cols else cells(op, "amount")
    date = cols["date"] if "date" in cols else array(op, "date")  # the column, or its to_numpy()
    values = date if isinstance(date, np.ndarray) else date.to_numpy()
    if values.dtype.kind != "M":  # not a naive datetime64 column (objects, a time zone): pandas sorts it
        rows = op.iloc[idx].sort_values(["date", "id"], kind="stable")
        return list(zip(rows["id"].tolist(), rows["amount"].tolist()))
    day = values.view("i8").tolist()
    nat = np.isnat(values).tolist()
    idx.sort(key=lambda i: (nat[i], 0 if nat[i] else day[i], ids[i]))
    return [(ids[i], amounts[i]) for i in idx]
