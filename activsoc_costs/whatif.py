"""whatif: the what-if budget model (pure logic, no widgets).

Owns: the :class:`WhatIf` model, built **once** from loaded inputs: the allocation runs
once, and for each staff member the model keeps its key data (the ``StaffShare``) and
its cost items.  :meth:`WhatIf.evaluate` then recomputes only what the scenario changes,
with the ENGINE'S RULES (``rules``: the key's share, ``claim_cap``, the personnel line
rules in their order): each changed staff member (memoised by its plan, so a control
change recomputes one staff member), the operating purposes it sets, the planned
modules and recruits.  Also: the scenario as inputs for the workbook
(``scenario_inputs``), the comparison of scenarios.  The scenario itself is plain data
(``scenario``); the mid-year monitoring is ``monitor`` (both re-exported here).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pandas as pd

from . import problems as P
from .allocate import StaffShare, refund_rate, staff_warnings
from .rules import (caseload_share, claim_cap, direct_share, fixed_share, pct_share, rebuild, staff_line_fates,
                    time_share)
from .keydata import MILLI, Inputs, aggregate_files, aggregate_hours, staff_period, to_milli
from .money import ONE, ZERO, half_up_div, mul_share
from .pipeline import report
from .summarise import Figures, grant_warnings, money_figures
from .trajectories import TYPES
# the scenario (plain data) and the monitoring, re-exported: callers import them from whatif
from .scenario import (CATEGORIES, ELIGIBLE_PURPOSES, FUNCTIONS, KEYS, Module, Recruit, Scenario,  # noqa: F401
                       ScenarioError, StaffPlan, list_scenarios, load_scenario, safe_name, save_scenario)
from .monitor import Monitoring, MonitorRow, actual_to_date, monitor  # noqa: F401

FATES = ("claimed", "not_eligible", "excluded", "other_use")


# --------------------------------------------------------------------------- results

@dataclass
class StaffResult:
    staff_id: str
    amount: int
    claimed: int
    not_eligible: int
    excluded: int
    other_use: int
    share: Fraction
    cap: Fraction | None
    lines: tuple = ()   # (line id, four fates) of each cost item, as the engine's lines

    @property
    def fates(self) -> tuple[int, int, int, int]:
        return self.claimed, self.not_eligible, self.excluded, self.other_use


@dataclass
class WhatIfFigures:
    name: str
    granted: int
    advance: int
    personnel: dict[str, int]             # amount and the four fates
    operating_claimed: int
    operating_by_purpose: dict[str, int]  # claimed per purpose
    refunds_planned: int                  # R11: from the planned modules
    claimed: int
    accepted: int
    balance: int
    use_of_grant: Fraction
    counts: dict[str, int]
    objectives: dict[str, int | None]
    gaps: dict[str, int | None]           # realised - objective (R15)
    cost_per_trajectory: int | None       # claimed / line 2
    staff: dict[str, StaffResult]         # only the staff the scenario changed, and the recruits
    warnings: list[P.Problem]

    @property
    def personnel_claimed(self) -> int:
        return self.personnel["claimed"]

    def summary(self) -> dict:
        """The headline figures (cents, counts) of the scenario, e.g. for a comparison table."""
        return {"granted": self.granted, "advance": self.advance, "personnel_claimed": self.personnel["claimed"],
                "operating_claimed": self.operating_claimed, "claimed": self.claimed, "accepted": self.accepted,
                "balance": self.balance, "use_of_grant": self.use_of_grant, "piis": self.counts["piis"],
                "bilans": self.counts["bilans"], "cost_per_trajectory": self.cost_per_trajectory}


# --------------------------------------------------------------------------- the model

_milli = to_milli  # (hours -> thousandths: keydata's)


class WhatIf:
    """The inputs, allocated once; :meth:`evaluate` recomputes only what a scenario changes."""

    def __init__(self, inputs: Inputs, figures: Figures | None = None):
        if inputs.params is None:
            raise ValueError("inputs without parameters: load() reported why")
        self.inputs = inputs
        self.figures = figures or report(inputs)
        self.params = inputs.params
        self.convention = inputs.convention
        self.refund_rate = refund_rate(inputs)  # R11: cents per hour, the CPAS's own or the year's
        alloc = self.figures.allocation
        self.shares: dict[str, StaffShare] = alloc.staff
        lines = alloc.lines
        pers = lines[lines["kind"] == "personnel"]
        oper = lines[lines["kind"] == "operating"]
        # per staff: the cost items (amount, inside the period) and the fates, grouped once
        outside = pers["reasons"].str.contains("R1_outside_period", regex=False).to_numpy()
        items: dict[str, list] = {}
        for lid, ref, amount, out in zip(pers["id"].to_numpy(), pers["ref"].to_numpy(), pers["amount"].to_numpy(),
                                         outside):
            items.setdefault(ref, []).append((lid, int(amount), not bool(out)))
        self.items = {k: tuple(v) for k, v in items.items()}
        g = pers.groupby("ref", sort=False)[["amount", *FATES]].sum()
        self.base_staff: dict[str, tuple[int, int, int, int, int]] = {
            ref: tuple(int(x) for x in row) for ref, row in zip(g.index, g.to_numpy())}
        self.base_personnel = {"amount": int(pers["amount"].sum()), **{f: int(pers[f].sum()) for f in FATES}}
        staff = inputs.staff
        self.staff_ids = [s for s in staff["id"].tolist()]
        self.staff_src = {sid: (f, sh, int(r)) for sid, f, sh, r in
                          zip(staff["id"], staff["src_file"], staff["src_sheet"], staff["src_row"])}
        self.staff_period = {staff.at[i, "id"]: staff_period(staff, i, self.params) for i in staff.index}
        # operating: claimed per purpose (the ledger), for the purposes a scenario may replace
        purpose = dict(zip(inputs.operating["id"], inputs.operating["purpose"]))
        op_purpose = oper["ref"].map(purpose)
        self.base_by_purpose = {p: int(v) for p, v in oper.groupby(op_purpose)["claimed"].sum().items()}
        self.base_operating_claimed = int(oper["claimed"].sum())
        # the warnings about the inputs that a scenario does not change
        staff_codes = ("w_r8_direct_no_justification", "w_r9_no_justification", "w_r10_cap")
        grant_codes = ("w_r2_above_granted", "w_r2_below_advance", "w_underuse", "w_no_piis")
        self.base_staff_warnings: dict[str, list[P.Problem]] = {}
        self.base_warnings: list[P.Problem] = []
        for w in self.figures.warnings:
            if w.code in staff_codes:
                self.base_staff_warnings.setdefault(w.value, []).append(w)
            elif w.code not in grant_codes:
                self.base_warnings.append(w)
        self._cache: dict[tuple[str, StaffPlan], tuple[StaffResult, list[P.Problem]]] = {}
        self._line_dates = None

    # -- personnel
    def staff_result(self, sid: str, plan: StaffPlan) -> tuple[StaffResult, list[P.Problem]]:
        """The fates of one staff member under ``plan`` (memoised: a control change recomputes one person)."""
        key = (sid, plan)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = self._compute_staff(sid, plan)
            if len(self._cache) > 50_000:  # bounded memory in a long session
                self._cache.clear()
        return hit

    def _compute_staff(self, sid: str, plan: StaffPlan):
        if sid not in self.shares:
            raise ScenarioError([P.make("scenario_unknown_staff", file="scenario", value=sid)])
        s = self.shares[sid]
        warnings: list[P.Problem] = []
        src = self.staff_src.get(sid, ("", "", None))
        w = dict(file=src[0], sheet=src[1], row=src[2], value=sid)
        share, ne_share = s.share, s.not_eligible_share
        if s.key == "time" and (plan.sa_hours is not None or plan.worked_hours is not None):
            sa = _milli(plan.sa_hours) if plan.sa_hours is not None else s.sa_hours
            worked = _milli(plan.worked_hours) if plan.worked_hours is not None else s.worked_hours
            prof = s.prof_hours
            if sa + prof > worked and s.method != "productive_hours":
                # R25: social-activation hours cannot exceed the hours worked (less professional hours)
                warnings.append(P.make("w_whatif_hours_above_worked", **w, hours=P.Hours(sa),
                                       limit=P.Hours(worked - prof)))
                sa = max(worked - prof, 0)
            share, ne_share = time_share(sa, prof, worked, s.method, s.productive_hours)  # the engine's R6
        if s.key == "caseload" and (plan.piis_files is not None or plan.all_files is not None):
            pf = plan.piis_files if plan.piis_files is not None else s.piis_files
            af = plan.all_files if plan.all_files is not None else s.all_files
            share = caseload_share(pf, af)  # the engine's R7
        if plan.share_pct is not None:
            share = min(max(fixed_share(plan.share_pct), ZERO), ONE)  # R9: the planned share
            ne_share = min(ne_share, ONE - share)
        justified = s.justified if plan.justified is None else plan.justified
        other = s.other_funding if plan.other_funding_pct is None else pct_share(plan.other_funding_pct)
        if plan.removed:
            items: tuple = ()
        elif plan.cost is not None:
            items = ((sid, int(plan.cost), True),)
        else:
            items = self.items.get(sid, ())
        res, ws = _staff_result(sid, s.function, s.key, share, ne_share, justified, other, items, w)
        return res, warnings + ws

    # -- the whole scenario
    def evaluate(self, scenario: Scenario | None = None) -> WhatIfFigures:
        sc = scenario or Scenario()
        params, conv = self.params, self.convention
        pers = dict(self.base_personnel)
        changed: dict[str, StaffResult] = {}
        warnings: list[P.Problem] = []
        staff_warn = dict(self.base_staff_warnings)
        for sid, plan in sc.staff.items():
            if plan.is_empty():
                continue
            res, ws = self.staff_result(sid, plan)
            base = self.base_staff.get(sid, (0, 0, 0, 0, 0))
            pers["amount"] += res.amount - base[0]
            for i, f in enumerate(FATES):
                pers[f] += res.fates[i] - base[i + 1]
            changed[sid] = res
            staff_warn[sid] = ws
        for r in sc.recruits:
            res, ws = self.recruit_result(r)
            pers["amount"] += res.amount
            for i, f in enumerate(FATES):
                pers[f] += res.fates[i]
            changed[r.id] = res
            warnings += ws
        for ws in staff_warn.values():
            warnings += ws
        # operating: the ledger, with the planned purposes and modules (R11, R12)
        by_purpose = dict(self.base_by_purpose)
        for p, amount in sc.operating.items():
            by_purpose[p] = int(amount)
        rate_default = self.refund_rate  # R11: the CPAS's own rate, else the year's
        refunds = sum(half_up_div(_milli(m.hours) * int(m.participants) * (rate_default if m.rate is None else m.rate),
                                  MILLI) for m in sc.modules)
        if refunds:
            by_purpose["participant_refund"] = by_purpose.get("participant_refund", 0) + refunds
        operating_claimed = sum(by_purpose.values())
        # money (R2, R5)
        granted = int(conv.get("granted") or 0)
        advance = int(conv.get("advance_paid") or 0)
        new_granted = None
        if sc.granted is not None:
            new_granted = sc.granted
        elif sc.amount_2014 is not None:
            if params.uplift_on_2014 is not None:
                new_granted = mul_share(sc.amount_2014, ONE + params.uplift_on_2014)  # R5: 2014 amount + 20 %
            else:
                warnings.append(P.make("w_whatif_no_uplift", file="scenario", value=str(params.year)))
        if new_granted is not None and new_granted != granted:
            granted = new_granted
            advance = mul_share(granted, params.advance_share)  # R2: the advance of the new amount
        if sc.advance is not None:
            advance = sc.advance
        claimed = pers["claimed"] + operating_claimed
        accepted, balance, use = money_figures(granted, advance, claimed)
        warnings += grant_warnings(granted, advance, claimed, conv.get("_source"), params.underuse_threshold)
        # trajectories (R15)
        counts = dict(self.figures.counts)
        for t in TYPES:
            if t in sc.piis:
                counts[t] = int(sc.piis[t])
        counts["piis"] = sum(counts[t] for t in TYPES)  # R15: line 2 = 2.1 + 2.2 + 2.3
        if sc.bilans is not None:
            counts["bilans"] = int(sc.bilans)
        if counts["piis"] == 0:
            warnings.append(P.make("w_no_piis"))
        objectives = dict(self.figures.objectives)
        gaps = {k: (counts[k] - objectives[k]) if objectives.get(k) is not None else None
                for k in ("bilans", "piis", *TYPES)}
        cost_per = half_up_div(claimed, counts["piis"]) if counts["piis"] else None
        return WhatIfFigures(name=sc.name, granted=granted, advance=advance, personnel=pers,
                             operating_claimed=operating_claimed, operating_by_purpose=by_purpose,
                             refunds_planned=refunds, claimed=claimed, accepted=accepted, balance=balance,
                             use_of_grant=use, counts=counts, objectives=objectives, gaps=gaps,
                             cost_per_trajectory=cost_per, staff=changed,
                             warnings=self.base_warnings + warnings)

    def recruit_result(self, r: Recruit) -> tuple[StaffResult, list[P.Problem]]:
        share = direct_share() if r.key == "direct" else min(fixed_share(r.share_pct), ONE)  # R8 / R9
        w = dict(file="scenario", sheet="", row=None, value=r.id)
        # a recruit's planned share is a fixed share (R9: with a written justification) unless direct (R8)
        return _staff_result(r.id, r.function, "direct" if r.key == "direct" else "fixed", share, ZERO, r.justified,
                      pct_share(r.other_funding_pct), ((r.id, int(r.cost), True),), w)

    def fates_by_line(self, scenario: Scenario | None = None) -> dict[tuple[str, str], tuple[int, int, int, int]]:
        """(kind, line id) -> the four fates of every line as the what-if computes them under
        ``scenario``: each staff member's items recomputed through the rules (never read back
        from the allocation, not even for an empty plan), each operating line rebuilt from its
        basis with the rules (``rules.rebuild``).  With an empty scenario: the engine's lines."""
        sc = scenario or Scenario()
        out = {}
        for sid in self.staff_ids:
            res = self._compute_staff(sid, sc.staff.get(sid, StaffPlan()))[0]  # not the memo: recomputed
            out.update({("personnel", lid): f for lid, f in res.lines})
        oper = self.figures.allocation.lines
        oper = oper[oper["kind"] == "operating"]
        if not sc.operating:
            out.update({("operating", lid): rebuild(b) for lid, b in zip(oper["id"], oper["basis"])})
        return out

    def staff_result_base(self, sid: str) -> StaffResult:
        """The fates of ``sid`` as the inputs give them (from the one allocation)."""
        a, c, n, e, o = self.base_staff.get(sid, (0, 0, 0, 0, 0))
        s = self.shares[sid]
        return StaffResult(sid, a, c, n, e, o, s.share, s.cap)

    # -- the inputs of a scenario, for the justification spreadsheet
    def scenario_staff_table(self, scenario: Scenario) -> list[dict]:
        """One row per staff member and recruit: the key and the planned fates (for display / export)."""
        rows = []
        for sid in self.staff_ids:
            plan = scenario.staff.get(sid)
            res = self.staff_result(sid, plan)[0] if plan and not plan.is_empty() else self.staff_result_base(sid)
            s = self.shares[sid]
            rows.append({"id": sid, "function": s.function, "key": s.key, "share": res.share, "amount": res.amount,
                         "claimed": res.claimed, "not_eligible": res.not_eligible, "excluded": res.excluded,
                         "other_use": res.other_use, "planned": bool(plan and not plan.is_empty())})
        for r in scenario.recruits:
            res = self.recruit_result(r)[0]
            rows.append({"id": r.id, "function": r.function, "key": r.key, "share": res.share, "amount": res.amount,
                         "claimed": res.claimed, "not_eligible": res.not_eligible, "excluded": res.excluded,
                         "other_use": res.other_use, "planned": True})
        return rows

    # -- mid-year monitoring (monitor.py): each line with the date it counts as actual
    def line_dates(self) -> pd.DataFrame:
        from .monitor import line_dates
        return line_dates(self)


def _staff_result(sid, function, key, share, ne_share, justified, other, items, w) -> tuple[StaffResult, list[P.Problem]]:
    """A staff member's cost items through the engine's own rules: ``rules.claim_cap``
    (R8, R9, R10), ``rules.staff_line_fates`` (R1 > R8/R9 > R10, the split) and
    ``allocate.staff_warnings``; nothing is computed here but the sums."""
    cap, _, reasons = claim_cap(function, key, share, justified, other)
    tot = [0, 0, 0, 0]
    amount = inside_excluded = 0
    lines = []
    for line_id, a, inside in items:
        f = staff_line_fates(a, share, ne_share, cap, reasons, inside)[0]
        lines.append((line_id, f))
        amount += a
        tot = [x + y for x, y in zip(tot, f)]
        if inside:
            inside_excluded += f[2]
    return (StaffResult(sid, amount, *tot, share=share, cap=cap, lines=tuple(lines)),
            staff_warnings(reasons, share, other, inside_excluded, w))


# --------------------------------------------------------------------------- the scenario as inputs (export)

PLAN = "(plan)"  # ids of planned rows; sorts before ledger ids, so planned refunds use their own attendance (R11)


def scenario_inputs(model: WhatIf, scenario: Scenario) -> Inputs:
    """The inputs with the scenario applied, so that ``summarise`` and the
    justification spreadsheet show the scenario line by line.  Planned rows
    have ``src_file`` = ``scenario``; the loaded inputs are not modified."""
    import copy

    inp, params = model.inputs, model.params
    new = copy.copy(inp)
    new.tables = dict(inp.tables)
    new.convention = dict(inp.convention)
    t = new.tables
    staff, time, pay, cl = t["staff"].copy(), t["time"], t["payroll"], t["caseload"]
    src = {"src_file": "scenario", "src_sheet": scenario.name or "", "src_row": 0}
    end_ts = pd.Timestamp(params.period_end)
    drop_time, drop_pay, drop_cl = set(), set(), set()
    add_time, add_cl, add_staff = [], [], []
    for sid, plan in scenario.staff.items():
        if plan.is_empty():
            continue
        if sid not in model.shares:
            raise ScenarioError([P.make("scenario_unknown_staff", file="scenario", value=sid)])
        s = model.shares[sid]
        idx = staff.index[staff["id"] == sid][0]
        if plan.removed:
            staff = staff.drop(index=idx)
            drop_time.add(sid), drop_pay.add(sid), drop_cl.add(sid)
            continue
        if plan.cost is not None:
            staff.at[idx, "cost"] = int(plan.cost)
            drop_pay.add(sid)
        if plan.share_pct is not None:
            if s.key != "fixed":
                staff.at[idx, "key"] = "fixed"
                staff.at[idx, "method"] = None
                j = staff.at[idx, "justification"]
                if s.function != "administrative" and (j is None or pd.isna(j) or not str(j).strip()):
                    # the what-if keeps the key's own rule (no R9 justification): say where the share comes from
                    staff.at[idx, "justification"] = f"scénario « {scenario.name} » : part prévue"
            staff.at[idx, "share"] = Decimal(plan.share_pct)
        if plan.justified is True and not s.justified:
            staff.at[idx, "justification"] = f"scénario « {scenario.name} » : justification à joindre (R9)"
        elif plan.justified is False:
            staff.at[idx, "justification"] = None
        if plan.other_funding_pct is not None:
            staff.at[idx, "other_funding"] = Decimal(plan.other_funding_pct)
        if s.key == "time" and (plan.sa_hours is not None or plan.worked_hours is not None) and plan.share_pct is None:
            sa = _milli(plan.sa_hours) if plan.sa_hours is not None else s.sa_hours
            worked = _milli(plan.worked_hours) if plan.worked_hours is not None else s.worked_hours
            prof = s.prof_hours
            if s.method != "productive_hours":
                sa = min(sa, max(worked - prof, 0))  # R25, as evaluate caps it
            rest = max(worked - sa - prof, 0)
            drop_time.add(sid)
            for act, h in (("social_activation", sa), ("professional_activation", prof), ("social_work", rest)):
                if h:
                    add_time.append({**src, "staff_id": sid, "date": end_ts, "activity": act,
                                     "hours": Decimal(h) / MILLI, "hours_milli": h})
        if s.key == "caseload" and (plan.piis_files is not None or plan.all_files is not None) \
                and plan.share_pct is None:
            drop_cl.add(sid)
            add_cl.append({**src, "staff_id": sid, "date": end_ts,
                           "piis_files": plan.piis_files if plan.piis_files is not None else s.piis_files,
                           "all_files": plan.all_files if plan.all_files is not None else s.all_files})
    for r in scenario.recruits:
        add_staff.append({**src, "id": r.id, "function": r.function, "start": pd.NaT, "end": pd.NaT, "fte": None,
                          "cost": int(r.cost), "key": "direct" if r.key == "direct" else "fixed", "method": None,
                          "productive_hours": None, "share": None if r.key == "direct" else Decimal(r.share_pct),
                          "justification": f"scénario « {scenario.name} » : recrutement prévu" if r.justified else None,
                          "other_funding": Decimal(r.other_funding_pct) if r.other_funding_pct else None,
                          "other_funder": None})

    def concat(frame, rows):
        return pd.concat([frame, pd.DataFrame(rows, columns=frame.columns)], ignore_index=True) if rows else frame

    t["staff"] = concat(staff, add_staff)
    t["time"] = concat(time[~time["staff_id"].isin(drop_time)], add_time)
    t["payroll"] = pay[~pay["staff_id"].isin(drop_pay)]
    t["caseload"] = concat(cl[~cl["staff_id"].isin(drop_cl)], add_cl)
    # operating: a planned amount replaces the ledger's lines of its purpose (R12)
    op = t["operating"]
    add_op, add_att = [], []
    if scenario.operating:
        op = op[~op["purpose"].isin(list(scenario.operating))]
        for p, amount in scenario.operating.items():
            add_op.append({**src, "id": f"{PLAN} {p}", "date": end_ts, "description": f"montant prévu ({p})",
                           "amount": int(amount), "purpose": p, "share": None, "contract": "own",
                           "procurement_ref": None, "other_funding": None, "other_funder": None})
    rate = refund_rate(inp)  # R11: the CPAS's own rate, else the year's
    for i, m in enumerate(scenario.modules, 1):
        amount = half_up_div(_milli(m.hours) * int(m.participants) * (rate if m.rate is None else m.rate), MILLI)
        if not amount:
            continue
        hm = -(-amount * MILLI // rate)  # R11: attendance hours x rate covers the planned refund
        add_att.append({**src, "piis_id": f"{PLAN} M{i}", "date": pd.Timestamp(params.period_start),
                        "module": m.name, "hours": Decimal(hm) / MILLI, "hours_milli": hm})
        add_op.append({**src, "id": f"{PLAN} M{i}", "date": pd.Timestamp(params.period_start),
                       "description": f"défraiement prévu : {m.name} ({m.hours} h × {m.participants})",
                       "amount": amount, "purpose": "participant_refund", "share": None, "contract": "own",
                       "procurement_ref": None, "other_funding": None, "other_funder": None})
    t["operating"] = concat(op, add_op)
    t["attendance"] = concat(t["attendance"], add_att)
    # the aggregates load() makes, for the changed tables only (at export time, not on a control change)
    new.hours = aggregate_hours(t["time"], params)
    new.files_by_staff = aggregate_files(t["caseload"], params)
    f = model.evaluate(scenario)
    new.convention["granted"], new.convention["advance_paid"] = f.granted, f.advance
    return new


def scenario_figures(model: WhatIf, scenario: Scenario) -> tuple[Figures, Inputs]:
    """The report's figures of a scenario (for the justification spreadsheet), and its inputs.
    The planned numbers of trajectories replace the register's counts (R15)."""
    inp = scenario_inputs(model, scenario)
    figures = report(inp)
    planned = model.evaluate(scenario)
    figures.counts = dict(planned.counts)
    return figures, inp


# --------------------------------------------------------------------------- comparison

COMPARE_ROWS = ("granted", "advance", "personnel_claimed", "operating_claimed", "claimed", "accepted", "balance",
                "use_of_grant", "piis", "bilans", "cost_per_trajectory")


def compare(model: WhatIf, scenarios: list[Scenario]) -> pd.DataFrame:
    """The headline figures of several scenarios side by side (one column per scenario)."""
    cols = {}
    for i, sc in enumerate(scenarios):
        name = sc.name or f"#{i + 1}"
        while name in cols:
            name += "'"
        cols[name] = model.evaluate(sc).summary()
    return pd.DataFrame(cols, index=list(COMPARE_ROWS))


__all__ = ["scenario_inputs", "scenario_figures", "Scenario", "StaffPlan", "Recruit", "Module", "WhatIf", "WhatIfFigures", "StaffResult", "ScenarioError",
           "compare", "monitor", "Monitoring", "MonitorRow", "save_scenario", "load_scenario", "list_scenarios",
           "ELIGIBLE_PURPOSES", "CATEGORIES"]
