"""allocate: the engine. Validated tables -> one line per input amount, with its four fates and basis.

Owns: applying the rules (``rules``: the keys, the cap, the line rules in their declared
order, the split) to every staff member and ledger line, the shape of the lines (below),
each line's ``basis`` (``rules.Basis``: how its fates were decided, enough to rebuild
them) and the warnings of what the rules excluded.  R11 refunds: ``refunds``.  Core:
imports nothing from reading (read, load, schema) nor rendering (export, cli, app).

Every input amount is split into claimed + not eligible + excluded + other use,
to the cent (see ``shared/domain.md``).  Each line is rounded half-up once per
fate; the fates of a line always add up to its amount, and totals are sums of
lines.

Personnel (R6-R10, R25): a staff member's *share* comes from the key:
  time      social-activation hours / hours worked (R6; social work is not
            social activation, R25), or, with the productive-hours method,
            social-activation hours / productive hours;
  caseload  PIIS-AS files / all files followed (R7), for teachers PIIS-AS
            participants / all participants (R8);
  direct    100 % (R8: all participants under a PIIS-AS);
  fixed     a percentage with a written justification (R9).
The claimable share is capped so that all funders together never exceed
100 % (R10); administrative staff and fixed shares need a justification (R9).

Operating costs (R1, R10-R14): purpose, period, other funding, partnership vs
subcontracting, and participant refunds from attendance hours x rate (R11).

The shape of the personnel lines (issue 9: one line per staff member):
  * a staff member with an annual ``cost``: one line, ``id`` = ``ref`` = the
    staff id, source = the staff row;
  * a staff member with payroll months: the months inside the convention period
    are summed first and make ONE line (``id`` = ``ref`` = the staff id, source
    = the staff row); the share is applied once and rounded once
    (51 000.00 x 520/1 560 = 17 000.00, not 12 x 1 416.67 = 17 000.04);
    each month outside the period is its own line ``<staff id>/<YYYY-MM>``
    (source = its payroll row), excluded under R1, with a warning.
  * ``Allocation.payroll_detail`` (DataFrame, one row per payroll month, in the
    order of the payroll file): ``staff_id``, ``line_id`` (the line the month
    belongs to), ``month`` (date, first day), ``amount`` (cents),
    ``in_period`` (bool), ``file``, ``sheet``, ``row`` (its payroll row): the
    detail of each personnel line, for the workbook and the monitoring.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from . import problems as P, rules as _rules
from .frames import column
from .keydata import MILLI, Inputs, cells, held, productive_hours, productive_hours_of  # noqa: F401  (MILLI: re-exported)
from .money import ONE, ZERO
from .refunds import REFUND_EXCLUDED, _refund_budget, _refund_warnings, _split_refunds, refund_rate  # noqa: F401
from .rules import (KEY_RULE, NO_JUSTIFICATION, NOT_ELIGIBLE_PIIS, Basis, LineFacts, cap_share,  # noqa: F401
                    caseload_share, claim_cap, decide, direct_share, fixed_share, line_fates, needs_justification, pct_share, split,
                    splitter, staff_line_fates, time_share)

LINE_COLUMNS = ["id", "kind", "ref", "description", "amount", "claimed", "not_eligible", "excluded",
                "other_use", "rules", "reasons", "file", "sheet", "row", "basis"]
_PRODUCTIVE_CELLS = ("productive_hours", "fte", "start", "end")  # keydata.productive_hours_of's cells


@dataclass
class StaffShare:
    """The allocation key of one staff member, with the data it came from."""
    staff_id: str
    function: str
    key: str
    method: str
    share: Fraction            # social-activation share of the cost (before caps)
    not_eligible_share: Fraction
    cap: Fraction              # the share that may be claimed (R9, R10)
    sa_hours: int = 0          # thousandths of an hour
    worked_hours: int = 0
    productive_hours: Fraction | None = None
    prof_hours: int = 0
    piis_files: int = 0
    all_files: int = 0
    fixed_pct: object = None
    other_funding: Fraction = ZERO
    justified: bool = True
    rules: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()


@dataclass
class Allocation:
    lines: pd.DataFrame                  # one row per line (LINE_COLUMNS): see the module docstring
    staff: dict[str, StaffShare]         # the key of each staff member
    refunds: dict = field(default_factory=dict)  # R11: attendance hours and rate
    warnings: list[P.Problem] = field(default_factory=list)
    # one row per payroll month (PAYROLL_DETAIL_COLUMNS): the detail of the personnel lines
    payroll_detail: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PAYROLL_DETAIL_COLUMNS))


class _Later(tuple):
    """(make, rows): a frame made from rows when first read (the same frame whenever it is made)."""


def _lazy(slot: str) -> property:
    """``Allocation.<name>``: a frame, or a ``_Later`` made into its frame when first read."""
    def get(self):
        v = self.__dict__[slot]
        if type(v) is _Later:
            v = self.__dict__[slot] = v[0](v[1])
        return v
    return property(get, lambda self, v: self.__dict__.__setitem__(slot, v))


Allocation.lines, Allocation.payroll_detail = _lazy("_lines"), _lazy("_payroll_detail")


def line_rows(allocation: Allocation) -> list[tuple] | None:
    """The engine's line tuples (LINE_COLUMNS' order) while its lines frame is not made, else None."""
    v = allocation.__dict__.get("_lines")
    return v[1] if type(v) is _Later else None


def _hours_of(hours, sid) -> tuple[int, int, int] | None:
    """(social-activation, professional, all hours worked) in thousandths of an hour, or None.
    ``hours`` is the per-staff table of the loader, or the same as a dict (see ``_by_staff``)."""
    if isinstance(hours, dict):
        return hours.get(sid)
    if sid not in hours.index:
        return None
    h = hours.loc[sid]
    return int(h["social_activation"]), int(h["professional_activation"]), int(h.sum())


def _files_of(files, sid) -> tuple[int, int] | None:
    if isinstance(files, dict):
        return files.get(sid)
    if sid not in files.index:
        return None
    return int(files.loc[sid, "piis_files"]), int(files.loc[sid, "all_files"])


def _by_staff(hours: pd.DataFrame, files: pd.DataFrame) -> tuple[dict, dict]:
    """The loader's per-staff hours and files as dicts, read once (a lookup per staff
    member in a DataFrame costs more than the whole allocation of that member)."""
    h = {}
    names = hours.columns.tolist()  # read at once (iterating a text Index goes cell by cell)
    if len(hours) and {"social_activation", "professional_activation"} <= set(names):
        arrays = [held(hours, c) for c in names] if hours.columns.is_unique else []
        if arrays and all(type(a) is np.ndarray and a.dtype == np.int64 for a in arrays):
            # hours as int64: the columns as they are, summed in numpy (exact, in any order)
            sa, prof = (arrays[names.index(c)].tolist() for c in ("social_activation", "professional_activation"))
            worked = np.sum(arrays, axis=0).tolist()
        else:
            sa, prof, worked = hours["social_activation"], hours["professional_activation"], hours.sum(axis=1)
        h = {sid: (int(a), int(p), int(w)) for sid, a, p, w in zip(hours.index.tolist(), sa, prof, worked)}
    f = {}
    if len(files) and {"piis_files", "all_files"} <= set(files.columns.tolist()):
        piis, every = (cells(files, c) if files.columns.is_unique else files[c] for c in ("piis_files", "all_files"))
        f = {sid: (int(a), int(b)) for sid, a, b in zip(files.index.tolist(), piis, every)}
    return h, f


def staff_share(row: dict, params, hours: pd.DataFrame, files: pd.DataFrame, staff: pd.DataFrame, idx,
                row_is_staff: bool = False) -> StaffShare:
    """The key of one staff member (``row``: the staff row as a dict, ``staff``'s cells of ``idx``
    when ``row_is_staff``; ``hours``, ``files``: the loader's per-staff tables or ``_by_staff``'s)."""
    sid, key = row["id"], row["key"]
    method = row.get("method") if row.get("method") not in (None,) and not pd.isna(row.get("method")) else "hours"
    s = StaffShare(staff_id=sid, function=row["function"], key=key, method=method,
                   share=ZERO, not_eligible_share=ZERO, cap=ZERO)
    rules = [KEY_RULE[key]]
    if key == "time":
        sa, prof, worked = _hours_of(hours, sid) or (0, 0, 0)
        s.sa_hours, s.prof_hours, s.worked_hours = sa, prof, worked
        rules.append("R25")
        if method == "productive_hours":
            s.productive_hours = productive_hours_of(*(row[c] for c in _PRODUCTIVE_CELLS), params) if row_is_staff \
                else productive_hours(staff, idx, params)
        s.share, s.not_eligible_share = time_share(sa, prof, worked, method, s.productive_hours)
        if prof:
            rules.append("R13")
    elif key == "caseload":
        f = _files_of(files, sid)
        if f is not None:
            s.piis_files, s.all_files = f
        s.share = caseload_share(s.piis_files, s.all_files)  # R7
        if row["function"] == "teacher":
            rules.append("R8")
    elif key == "direct":
        s.share = direct_share()  # R8
    elif key == "fixed":
        s.fixed_pct = row.get("share")
        s.share = fixed_share(row.get("share"))  # R9
    s.other_funding = pct_share(row.get("other_funding"))
    justification = row.get("justification")
    s.justified = bool(justification) and not pd.isna(justification) and bool(str(justification).strip())
    cap, more_rules, reasons = claim_cap(row["function"], key, s.share, s.justified, s.other_funding)
    rules += more_rules
    cap = ZERO if cap is None else cap
    s.cap = max(cap, ZERO)
    s.rules, s.reasons = tuple(dict.fromkeys(rules)), tuple(reasons)
    return s


def _line(id_, kind, ref, description, amount, fates, rules, reasons, src, basis) -> tuple:
    """One line, its values in the order of LINE_COLUMNS."""
    claimed, ne, ex, other = fates
    return (id_, kind, ref, description, amount, claimed, ne, ex, other,
            " ".join(dict.fromkeys(r for r in rules if r)), " ".join(reasons), src[0], src[1], int(src[2]), basis)


def _lines_frame(lines: list[tuple]) -> pd.DataFrame:
    """The lines as a DataFrame, built column by column (amounts and row as int64)."""
    if not lines:
        frame = pd.DataFrame([], columns=LINE_COLUMNS)
        for c in _INT_COLUMNS:
            frame[c] = frame[c].astype(np.int64)
        return frame
    return pd.DataFrame({c: (np.array(v, dtype=np.int64) if c in _INT_COLUMNS else list(v) if c != "basis"
                             else [Basis(*b) if type(b) is tuple else b for b in v])  # a ledger line's: its fields
                         for c, v in zip(LINE_COLUMNS, zip(*lines))}, columns=LINE_COLUMNS)


_INT_COLUMNS = ("amount", "claimed", "not_eligible", "excluded", "other_use", "row")


def _key_data(s: StaffShare) -> dict:
    """The data a staff member's share came from (the basis of its lines)."""
    if s.key == "time":
        d = {"sa_hours": Fraction(s.sa_hours, 1000), "worked_hours": Fraction(s.worked_hours, 1000)}
        if s.prof_hours:
            d["prof_hours"] = Fraction(s.prof_hours, 1000)
        if s.productive_hours is not None:
            d["productive_hours"] = s.productive_hours
        return d
    if s.key == "caseload":
        return {"piis_files": s.piis_files, "all_files": s.all_files}
    return {}


def _in_period(d, params) -> bool:
    if d is None or pd.isna(d):
        return True
    d = d.date() if hasattr(d, "date") else d
    return params.period_start <= d <= params.period_end


NO_DATA: dict = {}  # the basis of a ledger line has no key data (shared, never written to)
PAYROLL_DETAIL_COLUMNS = ["staff_id", "line_id", "month", "amount", "in_period", "file", "sheet", "row"]


def _payroll_by_staff(payroll: pd.DataFrame, params=None) -> dict[str, list]:
    """Payroll months by staff member, in file order: sid -> [(month as a date (blank: as read),
    amount, (file, sheet, row), inside the period by ``_in_period``'s test (``params`` None: True))]."""
    out: dict[str, list] = {}
    if 0 in payroll.shape:  # payroll.empty
        return out
    day = column(payroll, "month")  # payroll["month"].to_numpy()
    if day.dtype.kind == "M":  # naive datetime64: days in numpy, dates for the lines
        day = day.astype("datetime64[D]")
        nat = np.isnat(day)
        months = [m if n else d for m, n, d in zip(cells(payroll, "month"), nat.tolist(), day.astype(object).tolist())] \
            if nat.any() else day.astype(object).tolist()
        inside = (nat | ((day >= np.datetime64(params.period_start, "D")) & (day <= np.datetime64(params.period_end, "D")))
                  ).tolist() if params is not None else [True] * len(months)
    else:
        months = cells(payroll, "month")
        inside = [params is None or _in_period(m, params) for m in months]
    for sid, month, amount, f, sh, r, ok in zip(cells(payroll, "staff_id"), months, cells(payroll, "amount"),
                                                cells(payroll, "src_file"), cells(payroll, "src_sheet"),
                                                cells(payroll, "src_row"), inside):
        if type(sid) is not str and (sid is None or pd.isna(sid)) or type(amount) is not int and pd.isna(amount):
            continue
        out.setdefault(sid, []).append((month, int(amount), (f, sh, int(r)), ok))
    return out


def _records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")`` (a blank of a nullable column: None), each column read once
    as Python values (its ``tolist``; the frame's ``to_numpy(object)`` costs more, interleaving blocks)."""
    names = frame.columns.tolist()
    cols = [[None if v is pd.NA else v for v in c] for c in (
        (cells(frame, n) for n in names) if frame.columns.is_unique else frame.to_numpy(dtype=object).T.tolist())]
    return [dict(zip(names, v)) for v in zip(*cols)]


def _staff_outside_period(row: dict, params) -> bool:
    """R1: the staff period (start..end) lies wholly outside the convention period."""
    s, e = row.get("start"), row.get("end")
    s = None if s is None or pd.isna(s) else (s.date() if hasattr(s, "date") else s)
    e = None if e is None or pd.isna(e) else (e.date() if hasattr(e, "date") else e)
    return (s is not None and s > params.period_end) or (e is not None and e < params.period_start)


def allocate_personnel(inputs: Inputs) -> tuple[list[tuple], dict[str, StaffShare], list[P.Problem], list[tuple]]:
    """One line per staff member for the period (see the module docstring); returns
    (lines, shares, warnings, payroll detail rows)."""
    params, staff, payroll = inputs.params, inputs.staff, inputs.payroll
    hours, files = inputs.hours, inputs.files_by_staff
    lines, shares, warnings, detail = [], {}, [], []
    hours_d, files_d = _by_staff(hours, files)
    pay_by_staff = _payroll_by_staff(payroll, params)
    row_is_staff = staff.index.is_unique and set(_PRODUCTIVE_CELLS) <= set(staff.columns.tolist())  # as staff.at reads them
    for idx, row in zip(staff.index.tolist(), _records(staff)):
        sid = row["id"]
        s = staff_share(row, params, hours_d, files_d, staff, idx, row_is_staff)
        shares[sid] = s
        src = (row["src_file"], row["src_sheet"], row["src_row"])
        w = dict(file=src[0], sheet=src[1], row=int(src[2]), value=sid)
        description = row["function"]
        items = []  # (line id, amount, inside the period, source, every source row)
        if sid in pay_by_staff:
            months = pay_by_staff[sid]
            inside = [m for m in months if m[3]]
            outside = [m for m in months if not m[3]]
            if inside:  # the months of the period summed first: one line, rounded once
                items.append((sid, sum(m[1] for m in inside), True, src, (src, *(m[2] for m in inside))))
            for month, amount, msrc, _ in outside:
                items.append((f"{sid}/{month:%Y-%m}", amount, False, msrc, (msrc,)))
            for month, amount, msrc, ok in months:
                detail.append((sid, sid if ok else f"{sid}/{month:%Y-%m}",
                               month.date() if hasattr(month, "date") else month, amount, ok, *msrc))
        elif not pd.isna(row["cost"]):
            items.append((sid, int(row["cost"]), not _staff_outside_period(row, params), src, (src,)))
        totals = [0, 0, 0, 0]
        out_amount, out_excluded = 0, 0
        data = _key_data(s)
        for line_id, amount, in_period, lsrc, sources in items:
            rules, reasons = list(s.rules), list(s.reasons)
            # the personnel line rules in their order (rules.PERSONNEL_ORDER): R1, R8/R9, R10
            fates, rule, claimable = staff_line_fates(amount, s.share, s.not_eligible_share, s.cap, s.reasons, in_period)
            if rule.id == "R1":  # R1: outside the convention's period
                rules.append("R1")
                reasons.append("R1_outside_period")
            basis = Basis(s.key, amount, s.share, s.not_eligible_share, claimable, rule.id,
                          other_funding=s.other_funding, data=data, sources=tuple(sources))
            if in_period:
                totals = [a + b for a, b in zip(totals, fates)]
            else:
                out_amount += amount
                out_excluded += fates[2]
            lines.append(_line(line_id, "personnel", sid, description, amount, fates, rules, reasons, lsrc, basis))
        if out_amount:
            if sid in pay_by_staff:
                months = [m[0] for m in pay_by_staff[sid] if not m[3]]
                warnings.append(P.make("w_r1_payroll_outside_period", **w, months=", ".join(f"{m:%m/%Y}" for m in months),
                                       amount=P.Eur(out_amount), excluded=P.Eur(out_excluded)))
            else:
                warnings.append(P.make("w_r1_staff_outside_period", **w, amount=P.Eur(out_amount),
                                       excluded=P.Eur(out_excluded)))
        warnings += staff_warnings(s.reasons, s.share, s.other_funding, totals[2], w)
    return lines, shares, warnings, detail


def staff_warnings(reasons, share: Fraction, other: Fraction, excluded: int, w: dict) -> list[P.Problem]:
    """What a staff member's cap excluded inside the period, said once (R8, R9, R10);
    the engine and the what-if both call this."""
    if not excluded:
        return []
    if "R8_direct_no_justification" in reasons:
        return [P.make("w_r8_direct_no_justification", **w, excluded=P.Eur(excluded))]
    if "R9_no_justification" in reasons:
        return [P.make("w_r9_no_justification", **w, excluded=P.Eur(excluded))]
    if "R10_cap" in reasons:
        return [P.make("w_r10_cap", **w, share=P.Pct(share), other=P.Pct(other), excluded=P.Eur(excluded))]
    return []


_memo = dict  # the cache of _operating_decision (a test replaces it with one that keeps nothing)
_decisions = _memo()  # the same across CPAS, keyed also on what the parameters say of the purpose


def _operating_decision(purpose, share: Fraction, other: Fraction, in_period: bool, no_ref: bool, contract,
                        params) -> tuple:
    """The operating line rules in their order (rules.OPERATING_ORDER: R13 > R1 > R14 > R10)
    on a ledger line's facts: (deciding rule, claimable share, amount -> fates, share, other
    funding, the rules said after the purpose's and R18, the rules text, the reasons, their
    text).  The same for every line of the same facts; a refund's R18 and R11 and R10's
    reason (something excluded) depend on the amount."""
    facts = LineFacts("operating", in_period=in_period, purpose=purpose,
                      not_eligible_purpose=purpose in params.not_eligible_purposes, subcontracting_without_ref=no_ref,
                      cap=cap_share(share, other) if other.numerator > 0 else share)  # Fraction > 0 is slow
    rule, claimable = decide(facts)
    rules, reasons = [], []
    if rule.id == "R13":  # the social-activation part is not eligible by nature
        reasons.append(rule.reason)
    elif rule.id in ("R1", "R14"):  # outside the convention's period; subcontracting without a reference
        rules.append(rule.id)
        reasons.append(rule.reason)
    else:  # R10: the key's share, capped by the other funding
        if contract in ("partnership", "subcontracting"):
            rules.append("R14")
        if other.numerator > 0:
            rules.append("R10")
    if share.numerator != share.denominator:  # share != 100 %
        rules.append("R6")
    return (rule, claimable, splitter(share, ZERO, claimable, rule.sa_fate), share, other, tuple(rules),
            _rules_text((params.purpose_rules.get(purpose, ""), *rules)), tuple(reasons), " ".join(reasons))


def _plain_number(x) -> bool:
    """An int or a finite Decimal: a percentage cell that is not blank, as it is (a cache key)."""
    return type(x) is int or (type(x) is Decimal and x.is_finite())


def _day_text(dates: pd.Series, i: int, day: np.ndarray | None) -> str:
    """Ledger row ``i``'s date as R1's warning says it (dd/mm/yyyy); ``day``: the naive datetime64 column as days."""
    return (day[i].item() if day is not None else dates.iloc[i]).strftime("%d/%m/%Y")


def _rules_text(rules) -> str:
    """A line's rules as written: each once, in order, blanks left out."""
    return " ".join(dict.fromkeys(r for r in rules if r))


def allocate_operating(inputs: Inputs, trajectories: pd.DataFrame | None = None
                       ) -> tuple[list[dict], dict, list[P.Problem]]:
    params, op = inputs.params, inputs.operating
    cols = {c: cells(op, c) for c in ("id", "description", "amount", "purpose", "share", "other_funding",
                                      "contract", "procurement_ref", "other_funder", "src_file", "src_sheet",
                                      "src_row")}  # each column read once as Python values (its tolist)
    day = column(op, "date")  # op["date"].to_numpy()
    refunds = _refund_budget(inputs, trajectories)
    refund_parts = _split_refunds(op, refunds, {**cols, "date": day})
    lines, warnings = [], []
    purposes = cols["purpose"]
    if "participant_refund" in purposes:  # the warnings about attendance hours, at the first refund line
        i0 = purposes.index("participant_refund")
        warnings += _refund_warnings(refunds, (cols["src_file"][i0], cols["src_sheet"][i0], int(cols["src_row"][i0])))
    # R1, decided for the whole ledger at once (same test as _in_period: the day within the period)
    if day.dtype.kind == "M":  # naive datetime64: compared as days (else, a time zone or objects: cell by cell)
        dates, day = None, day.astype("datetime64[D]")
        inside = (np.isnat(day) | ((day >= np.datetime64(params.period_start, "D")) &
                                   (day <= np.datetime64(params.period_end, "D")))).tolist()
    else:
        dates, day = op["date"], None
        inside = [_in_period(d, params) for d in dates]
    purpose_rule = params.purpose_rules  # R11-R13, by year
    rate_data = {"rate": refunds["rate"]}  # the basis of a refund line: the rate (R11)
    decided = _memo()  # the line rules' decision, made once per distinct facts (_operating_decision)
    if len(_decisions) > 100_000 or _decisions.get(None) is not _rules.OPERATING_ORDER:  # memory; the order now
        _decisions.clear()
        _decisions[None] = _rules.OPERATING_ORDER
    rows = zip(*cols.values())
    for i, ((id_, description, amount, purpose, share, other, contract, procurement_ref, other_funder,
             s_file, s_sheet, s_row), in_period) in enumerate(zip(rows, inside)):
        if share is not None and not _plain_number(share):
            share = None if pd.isna(share) else share  # a blank cell: None (the cache key)
        if other is not None and not _plain_number(other):
            other = None if pd.isna(other) else other
        if type(amount) is not int:
            amount = None if amount is None or pd.isna(amount) else int(amount)
        no_ref = contract == "subcontracting" and (procurement_ref is None or pd.isna(procurement_ref)
                                                   or not str(procurement_ref).strip())
        key = (purpose, share, other, in_period, no_ref, contract)
        d = decided.get(key)
        if d is None:  # equal percentages give equal shares whatever their type (Fraction of the value)
            k = (*key, purpose in params.not_eligible_purposes, purpose_rule.get(purpose, ""))
            d = decided[key] = _decisions.get(k) or _operating_decision(
                purpose, ONE if share is None else pct_share(share), pct_share(other), in_period, no_ref, contract, params)
            _decisions[k] = d
        rule, claimable, fates_of, share, other, rules_after, rules_text, reasons, reasons_text = d
        pre_ne = pre_ex = 0  # a refund's part beyond attendance: not eligible (R18), excluded (R11)
        if purpose == "participant_refund":
            amount, base, pre_ne, pre_ex = refund_parts[id_]
            if pre_ne:
                rules_text = _rules_text((purpose_rule.get(purpose, ""), "R18", *rules_after))
            if pre_ex:
                w = dict(file=s_file, sheet=s_sheet, row=int(s_row), value=id_)
                warnings.append(P.make("w_r11_refund_above_attendance", **{**w, "value": P.Eur(amount)},
                                       computed=P.Eur(refunds["eligible"] + refunds["not_eligible"]),
                                       excluded=P.Eur(pre_ex)))
                reasons_text = " ".join(("R11_above_attendance", *reasons))
            data = rate_data
        else:
            base = amount if amount is not None else 0
            data = NO_DATA
        claimed, ne, ex, oth = fates_of(base)
        rule_id = rule.id
        if rule_id == "R1":
            w = dict(file=s_file, sheet=s_sheet, row=int(s_row), value=_day_text(dates, i, day))
            warnings.append(P.make("w_r1_outside_period", **w, excluded=P.Eur(ex)))
        elif rule_id == "R14":
            w = dict(file=s_file, sheet=s_sheet, row=int(s_row), value=id_)
            warnings.append(P.make("w_r14_no_procurement", **w, excluded=P.Eur(ex)))
        elif ex and rule_id != "R13":  # R10: the key's share, capped by the other funding
            reasons_text = f"{reasons_text} R10_funded_elsewhere" if reasons_text else "R10_funded_elsewhere"
            funder = other_funder if other_funder is not None and not pd.isna(other_funder) else "?"
            w = dict(file=s_file, sheet=s_sheet, row=int(s_row), value=id_)
            warnings.append(P.make("w_r10_funded_elsewhere", **w, funder=funder, other=P.Pct(other),
                                   excluded=P.Eur(ex)))
        basis = ("share", base, share, ZERO, claimable, rule.id, rule.sa_fate, other, pre_ne, pre_ex, data,
                 ((s_file, s_sheet, s_row),))  # the Basis's fields: made a Basis with the lines frame (_lines_frame)
        lines.append((id_, "operating", id_, description, amount, claimed, ne + pre_ne, ex + pre_ex, oth,
                      rules_text, reasons_text, s_file, s_sheet, int(s_row), basis))
    return lines, refunds, warnings


def allocate(inputs: Inputs, trajectories: pd.DataFrame | None = None) -> Allocation:
    """Split every personnel and operating amount into its four fates.  ``trajectories``:
    the table of ``count_trajectories`` (R11 refunds need to know which PIIS count);
    computed here when not given."""
    if inputs.params is None:
        raise ValueError("inputs without parameters: load() reported why")
    p_lines, shares, w1, detail = allocate_personnel(inputs)
    o_lines, refunds, w2 = allocate_operating(inputs, trajectories)
    return Allocation(lines=_Later((_lines_frame, p_lines + o_lines)), staff=shares, refunds=refunds,
                      warnings=w1 + w2, payroll_detail=_Later((_detail_frame, detail)))


def _detail_frame(detail: list[tuple]) -> pd.DataFrame:
    """The payroll detail rows (tuples in the order of PAYROLL_DETAIL_COLUMNS) as a DataFrame."""
    if not detail:
        return pd.DataFrame([], columns=PAYROLL_DETAIL_COLUMNS)
    return pd.DataFrame(dict(zip(PAYROLL_DETAIL_COLUMNS, (list(c) for c in zip(*detail)))),
                        columns=PAYROLL_DETAIL_COLUMNS)


__all__ = ["allocate", "Allocation", "StaffShare", "split", "staff_share", "claim_cap", "needs_justification",
           "time_share", "caseload_share", "refund_rate",
           "PAYROLL_DETAIL_COLUMNS"]
