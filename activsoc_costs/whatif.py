"""whatif: the what-if budget and the mid-year monitoring (pure logic, no widgets).

A :class:`Scenario` is plain data (dataclasses; JSON in ``outputs/scenarios/``):
what the officer plans, as changes to the loaded inputs.  A :class:`WhatIf`
model is built **once** from loaded inputs: the allocation runs once, and for
each staff member the model keeps its key data (the ``StaffShare``) and its
cost items.  :meth:`WhatIf.evaluate` then recomputes only what the scenario
changes: each changed staff member (memoised by its plan, so a control change
recomputes one staff member), the operating purposes it sets, the planned
modules and recruits.  The time records are never grouped again after the
model is built.

What a scenario can change (every field optional; ``None`` = as in the inputs):

``staff[id]`` (:class:`StaffPlan`)
    ``cost`` the planned employer cost for the year (cents; replaces the cost
    items), ``sa_hours`` the planned social-activation hours (time key, R6: the
    hours worked stay the same, the hours move from or to the other
    activities), ``worked_hours``, ``piis_files`` / ``all_files`` (caseload key,
    R7/R8), ``share_pct`` (fixed key, R9; for another key it replaces the key's
    share), ``justified`` (R9), ``other_funding_pct`` (R10), ``removed``.
``recruits`` (:class:`Recruit`)
    a planned recruit with a cost and a key: ``direct`` (100 %, R8) or a
    planned share (``share_pct``); R9 and R10 apply as to any staff member.
``piis`` / ``bilans``
    the planned number of counted PIIS per type (2.1, 2.2, 2.3) and of bilans
    sociaux (R15).
``modules`` (:class:`Module`)
    planned module hours x participants x refund rate (R11): the participant
    refund they add is eligible.
``operating``
    purpose -> planned claimable amount (cents) for an eligible purpose
    (R11, R12); it replaces what the ledger claims for that purpose.
``granted`` / ``amount_2014`` / ``advance``
    the granted amount, or for 2016/2017 the 2014 amount + 20 % (R5).  When the
    granted amount changes and no advance is given, the advance is the year's
    advance share of it (R2); otherwise the advance paid stays.
``budget``
    the convention's budget plan for the mid-year monitoring: category
    (``personnel``, ``operating``) -> planned amount in cents.  A category left
    out takes the scenario's own planned claim for it.

The mid-year monitoring (:func:`monitor`) compares, per category, the budgeted
amount, the actual claim to a date, the theoretical amount (budget pro rata of
the days elapsed) and the projected year-end amount (actual / days elapsed x
days in the period), and warns when the grant will not be fully used (money the
CPAS loses, R2) or will be exceeded (the excess is not paid, R2).  Actual costs
to a date: operating lines dated on or before the date; a staff member's line of
payroll months (one line for the period, issue 9) counts its claim pro rata of
the amounts of the months ended on or before the date; a staff member's annual
``cost`` is taken as the year's cost and counted pro rata of the days of the
staff period elapsed.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

import pandas as pd

from . import problems as P
from .allocate import StaffShare, refund_rate
from .rules import caseload_share, claim_cap, split, time_share
from .keydata import MILLI, Inputs, aggregate_files, aggregate_hours, staff_period
from .parameters import available_years, load_parameters
from .money import ONE, ZERO, fmt, half_up_div, mul_share, to_cents
from .pipeline import report
from .summarise import Figures, grant_warnings, money_figures
from .trajectories import TYPES

FATES = ("claimed", "not_eligible", "excluded", "other_use")
# R12: the purposes a planned amount may be set for; participant refunds follow attendance (R11): planned modules
ELIGIBLE_PURPOSES = tuple(p for p in load_parameters(available_years()[-1]).eligible_purposes if p != "participant_refund")
KEYS = ("time", "caseload", "direct", "fixed")
FUNCTIONS = ("social_worker", "administrative", "teacher", "coordinator", "other")
CATEGORIES = ("personnel", "operating")
SCENARIO_FORMAT = 1


class ScenarioError(ValueError):
    """A scenario that cannot be used; carries the problems (FR / NL)."""

    def __init__(self, problems: list[P.Problem]):
        super().__init__("; ".join(p.message_fr for p in problems))
        self.problems = problems


# --------------------------------------------------------------------------- the scenario (plain data)

@dataclass(frozen=True)
class StaffPlan:
    """Planned changes to one staff member (``None``: as in the inputs)."""
    cost: int | None = None                 # cents, for the year
    sa_hours: Decimal | None = None         # R6: social-activation hours
    worked_hours: Decimal | None = None
    piis_files: int | None = None           # R7
    all_files: int | None = None
    share_pct: Decimal | None = None        # R9: fixed share, 0-100
    justified: bool | None = None           # R9: a written justification exists
    other_funding_pct: Decimal | None = None  # R10, 0-100
    removed: bool = False

    def is_empty(self) -> bool:
        return self == StaffPlan()


@dataclass(frozen=True)
class Recruit:
    """A planned recruit: a cost and a key."""
    id: str
    function: str = "social_worker"
    cost: int = 0                           # cents, for the year
    key: str = "direct"                     # direct (100 %, R8) or a planned share_pct
    share_pct: Decimal = Decimal(100)
    justified: bool = True                  # R9
    other_funding_pct: Decimal = Decimal(0)  # R10


@dataclass(frozen=True)
class Module:
    """A planned module: hours x participants x refund rate (R11)."""
    name: str = ""
    hours: Decimal = Decimal(0)
    participants: int = 0
    rate: int | None = None                 # cents per hour; None: the year's parameter


@dataclass
class Scenario:
    name: str = ""
    staff: dict[str, StaffPlan] = field(default_factory=dict)
    recruits: list[Recruit] = field(default_factory=list)
    piis: dict[str, int] = field(default_factory=dict)
    bilans: int | None = None
    modules: list[Module] = field(default_factory=list)
    operating: dict[str, int] = field(default_factory=dict)
    granted: int | None = None
    amount_2014: int | None = None
    advance: int | None = None
    budget: dict[str, int] = field(default_factory=dict)
    note: str = ""

    # -- JSON: amounts as exact decimal strings ("1234.56"), never floats
    def to_dict(self) -> dict:
        def plan(p):
            return {k: _out(v, k) for k, v in asdict(p).items() if v is not None and v is not False}
        return {
            "format": SCENARIO_FORMAT, "name": self.name, "note": self.note,
            "staff": {sid: plan(p) for sid, p in self.staff.items() if not p.is_empty()},
            "recruits": [{k: _out(v, k) for k, v in asdict(r).items()} for r in self.recruits],
            "piis": {t: int(n) for t, n in self.piis.items()},
            "bilans": self.bilans,
            "modules": [{k: _out(v, k) for k, v in asdict(m).items() if v is not None} for m in self.modules],
            "operating": {p: fmt(c) for p, c in self.operating.items()},
            "granted": None if self.granted is None else fmt(self.granted),
            "amount_2014": None if self.amount_2014 is None else fmt(self.amount_2014),
            "advance": None if self.advance is None else fmt(self.advance),
            "budget": {c: fmt(v) for c, v in self.budget.items()},
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, d: dict, file: str = "") -> "Scenario":
        """Read a scenario; every bad value is reported (FR / NL), never a traceback."""
        probs: list[P.Problem] = []

        def bad(where, value, kind):
            probs.append(P.make("scenario_bad_value", file=file, column=where, value=value, kind=kind, field=where))

        def conv(where, value, kind):
            if value is None or value == "":
                return None
            try:
                if kind == "money":
                    c = to_cents(Decimal(str(value)))
                    if c < 0:
                        raise ValueError
                    return c
                if kind == "int":
                    n = Decimal(str(value))
                    if n != n.to_integral_value() or n < 0:
                        raise ValueError
                    return int(n)
                if kind in ("pct", "hours"):
                    x = Decimal(str(value))
                    if not x.is_finite() or x < 0 or (kind == "pct" and x > 100):
                        raise ValueError
                    return x
                if kind == "bool":
                    if isinstance(value, bool):
                        return value
                    raise ValueError
                if kind == "text":
                    return str(value)
            except (ValueError, InvalidOperation, ArithmeticError):
                bad(where, value, kind)
                return None
            raise AssertionError(kind)

        if not isinstance(d, dict):
            raise ScenarioError([P.make("scenario_bad_value", file=file, column="", value=str(d)[:40], kind="json", field="")])
        kinds = {"cost": "money", "sa_hours": "hours", "worked_hours": "hours", "piis_files": "int",
                 "all_files": "int", "share_pct": "pct", "justified": "bool", "other_funding_pct": "pct",
                 "removed": "bool"}
        staff = {}
        for sid, p in (d.get("staff") or {}).items():
            vals = {}
            for k, v in (p or {}).items():
                if k not in kinds:
                    bad(f"staff.{sid}.{k}", v, "field")
                    continue
                vals[k] = conv(f"staff.{sid}.{k}", v, kinds[k])
            vals["removed"] = bool(vals.get("removed") or False)
            staff[str(sid)] = StaffPlan(**vals)
        recruits = []
        for i, r in enumerate(d.get("recruits") or []):
            w = f"recruits[{i}]"
            key = r.get("key", "direct")
            function = r.get("function", "social_worker")
            if key not in ("direct", "fixed", "time", "caseload"):
                bad(f"{w}.key", key, "key")
            if function not in FUNCTIONS:
                bad(f"{w}.function", function, "function")
            recruits.append(Recruit(id=str(r.get("id") or f"R{i + 1}"), function=function,
                                    cost=conv(f"{w}.cost", r.get("cost", "0"), "money") or 0, key=key,
                                    share_pct=conv(f"{w}.share_pct", r.get("share_pct", "100"), "pct") or Decimal(0),
                                    justified=bool(r.get("justified", True)),
                                    other_funding_pct=conv(f"{w}.other_funding_pct", r.get("other_funding_pct", "0"),
                                                           "pct") or Decimal(0)))
        modules = []
        for i, m in enumerate(d.get("modules") or []):
            w = f"modules[{i}]"
            modules.append(Module(name=str(m.get("name", "")), hours=conv(f"{w}.hours", m.get("hours", "0"), "hours")
                                  or Decimal(0), participants=conv(f"{w}.participants", m.get("participants", 0), "int")
                                  or 0, rate=conv(f"{w}.rate", m.get("rate"), "money")))
        piis = {}
        for t, n in (d.get("piis") or {}).items():
            if t not in TYPES:
                bad(f"piis.{t}", t, "piis_type")
                continue
            v = conv(f"piis.{t}", n, "int")
            if v is not None:
                piis[t] = v
        operating = {}
        for p, a in (d.get("operating") or {}).items():
            if p not in ELIGIBLE_PURPOSES:
                bad(f"operating.{p}", p, "purpose")  # R13: a planned claim only for an eligible purpose
                continue
            v = conv(f"operating.{p}", a, "money")
            if v is not None:
                operating[p] = v
        budget = {}
        for c, a in (d.get("budget") or {}).items():
            if c not in CATEGORIES:
                bad(f"budget.{c}", c, "category")
                continue
            v = conv(f"budget.{c}", a, "money")
            if v is not None:
                budget[c] = v
        s = cls(name=str(d.get("name") or ""), note=str(d.get("note") or ""), staff=staff, recruits=recruits,
                piis=piis, bilans=conv("bilans", d.get("bilans"), "int"), modules=modules, operating=operating,
                granted=conv("granted", d.get("granted"), "money"),
                amount_2014=conv("amount_2014", d.get("amount_2014"), "money"),
                advance=conv("advance", d.get("advance"), "money"), budget=budget)
        if probs:
            raise ScenarioError(probs)
        return s

    @classmethod
    def from_json(cls, text: str, file: str = "") -> "Scenario":
        try:
            d = json.loads(text)
        except ValueError as exc:
            raise ScenarioError([P.make("scenario_bad_value", file=file, column="", value=str(exc)[:60], kind="json", field="")])
        return cls.from_dict(d, file=file)

    def with_staff(self, sid: str, **changes) -> "Scenario":
        """A copy with ``changes`` applied to the plan of ``sid``."""
        plan = replace(self.staff.get(sid, StaffPlan()), **changes)
        return replace(self, staff={**self.staff, sid: plan})


def _out(v, name=""):
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, int) and not isinstance(v, bool) and name in ("cost", "rate"):
        return fmt(v)
    return v


# --------------------------------------------------------------------------- storing scenarios

def safe_name(name: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in "-_ " else "_" for ch in name.strip())
    return "_".join(keep.split()) or "scenario"


def save_scenario(scenario: Scenario, folder: str | Path) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{safe_name(scenario.name)}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(scenario.to_json(), encoding="utf-8")
    tmp.replace(path)  # a half-written scenario is never left behind
    return path


def load_scenario(path: str | Path) -> Scenario:
    path = Path(path)
    return Scenario.from_json(path.read_text(encoding="utf-8"), file=path.name)


def list_scenarios(folder: str | Path) -> list[str]:
    folder = Path(folder)
    return sorted(p.stem for p in folder.glob("*.json")) if folder.exists() else []


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

def _pct(x) -> Fraction:
    return Fraction(Decimal(x)) / 100 if x is not None and not (isinstance(x, float) and pd.isna(x)) else ZERO


def _milli(hours: Decimal) -> int:
    return int((Decimal(hours) * MILLI).to_integral_value())


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
        for ref, amount, out in zip(pers["ref"].to_numpy(), pers["amount"].to_numpy(), outside):
            items.setdefault(ref, []).append((int(amount), not bool(out)))
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
                warnings.append(P.make("w_whatif_hours_above_worked", **w, hours=f"{sa / MILLI:.2f}",
                                       limit=f"{(worked - prof) / MILLI:.2f}"))
                sa = max(worked - prof, 0)
            share, ne_share = time_share(sa, prof, worked, s.method, s.productive_hours)  # the engine's R6
        if s.key == "caseload" and (plan.piis_files is not None or plan.all_files is not None):
            pf = plan.piis_files if plan.piis_files is not None else s.piis_files
            af = plan.all_files if plan.all_files is not None else s.all_files
            share = caseload_share(pf, af)  # the engine's R7
        if plan.share_pct is not None:
            share = min(max(_pct(plan.share_pct), ZERO), ONE)
            ne_share = min(ne_share, ONE - share)
        justified = s.justified if plan.justified is None else plan.justified
        other = s.other_funding if plan.other_funding_pct is None else _pct(plan.other_funding_pct)
        if plan.removed:
            items: tuple = ()
        elif plan.cost is not None:
            items = ((int(plan.cost), True),)
        else:
            items = self.items.get(sid, ())
        res, ws = _fates(sid, s.function, s.key, share, ne_share, justified, other, items, w)
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
        share = ONE if r.key == "direct" else min(_pct(r.share_pct), ONE)  # R8: direct is 100 %
        w = dict(file="scenario", sheet="", row=None, value=r.id)
        # a recruit's planned share is a fixed share (R9: with a written justification) unless direct (R8)
        return _fates(r.id, r.function, "direct" if r.key == "direct" else "fixed", share, ZERO, r.justified,
                      _pct(r.other_funding_pct), ((int(r.cost), True),), w)

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

    # -- mid-year monitoring
    def line_dates(self) -> pd.DataFrame:
        """Each allocated line with the date it counts as actual (None: an annual staff
        cost, or a line of payroll months, whose ``months`` are (month end, amount))."""
        if self._line_dates is None:
            alloc = self.figures.allocation
            lines = alloc.lines
            op_dates = dict(zip(self.inputs.operating["id"], self.inputs.operating["date"]))
            months: dict[str, list] = {}
            d = alloc.payroll_detail
            for lid, month, amount in zip(d["line_id"], d["month"], d["amount"]):
                nxt = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
                months.setdefault(lid, []).append((nxt - dt.timedelta(days=1), int(amount)))
            dates, line_months = [], []
            for kind, lid in zip(lines["kind"], lines["id"]):
                m = months.get(lid) if kind == "personnel" else None
                if kind == "operating":
                    v = op_dates.get(lid)
                    dates.append(None if v is None or pd.isna(v) else v.date())
                elif m is not None and len(m) == 1:  # one payroll month: counts once the month has ended
                    dates.append(m[0][0])
                    m = None
                else:
                    dates.append(None)
                line_months.append(tuple(m) if m else None)
            self._line_dates = pd.DataFrame({"kind": lines["kind"], "ref": lines["ref"], "claimed": lines["claimed"],
                                             "amount": lines["amount"], "date": dates, "months": line_months})
        return self._line_dates


def _fates(sid, function, key, share, ne_share, justified, other, items, w) -> tuple[StaffResult, list[P.Problem]]:
    """The four fates of a staff member's cost items, as ``allocate`` splits them
    (R1; R8, R9, R10 through ``allocate.claim_cap``, the engine's own rule)."""
    warnings = []
    cap, _, reasons = claim_cap(function, key, share, justified, other)
    tot = [0, 0, 0, 0]
    amount = inside_excluded = 0
    for a, inside in items:
        f = split(a, share, ne_share, cap if inside else None)  # R1: outside the period, excluded
        amount += a
        tot = [x + y for x, y in zip(tot, f)]
        if inside:
            inside_excluded += f[2]
    if "R8_direct_no_justification" in reasons and inside_excluded:
        warnings.append(P.make("w_r8_direct_no_justification", **w, excluded=P.Eur(inside_excluded)))
    elif "R9_no_justification" in reasons and inside_excluded:
        warnings.append(P.make("w_r9_no_justification", **w, excluded=P.Eur(inside_excluded)))
    elif "R10_cap" in reasons and inside_excluded:
        warnings.append(P.make("w_r10_cap", **w, share=P.Pct(share), other=P.Pct(other), excluded=P.Eur(inside_excluded)))
    return StaffResult(sid, amount, *tot, share=share, cap=cap), warnings


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


# --------------------------------------------------------------------------- mid-year monitoring

@dataclass
class MonitorRow:
    category: str
    budgeted: int
    actual: int
    theoretical: int   # budget pro rata of the days elapsed
    projected: int     # actual / days elapsed x days in the period
    gap: int           # projected - budgeted


@dataclass
class Monitoring:
    as_of: dt.date
    elapsed_days: int
    period_days: int
    granted: int
    rows: list[MonitorRow]
    total: MonitorRow
    warnings: list[P.Problem]

    def table(self) -> pd.DataFrame:
        return pd.DataFrame([asdict(r) for r in [*self.rows, self.total]]).set_index("category")


def monitor(model: WhatIf, as_of: dt.date, scenario: Scenario | None = None) -> Monitoring:
    """Budgeted / actual / theoretical / projected per category at ``as_of``.

    ``model`` holds the actual costs (the inputs loaded with the costs to date);
    the budget plan is ``scenario.budget`` (a category left out takes the
    scenario's planned claim for it).
    """
    sc = scenario or Scenario()
    params = model.params
    start, end = params.period_start, params.period_end
    period_days = (end - start).days + 1
    warnings: list[P.Problem] = []
    if as_of < start or as_of > end:
        warnings.append(P.make("w_monitor_date_outside", file="", value=as_of.strftime("%d/%m/%Y"),
                               start=start.strftime("%d/%m/%Y"), end=end.strftime("%d/%m/%Y")))
    day = min(max(as_of, start - dt.timedelta(days=1)), end)
    elapsed = (day - start).days + 1
    plan = model.evaluate(sc)
    budget = {"personnel": plan.personnel["claimed"], "operating": plan.operating_claimed}
    budget.update({c: v for c, v in sc.budget.items() if c in CATEGORIES})
    actual = actual_to_date(model, day)
    rows = []
    for c in CATEGORIES:
        b, a = budget[c], actual[c]
        theo = mul_share(b, Fraction(elapsed, period_days)) if elapsed > 0 else 0
        proj = half_up_div(a * period_days, elapsed) if elapsed > 0 else 0
        rows.append(MonitorRow(c, b, a, theo, proj, proj - b))
    tb, ta = sum(r.budgeted for r in rows), sum(r.actual for r in rows)
    tt, tp = sum(r.theoretical for r in rows), sum(r.projected for r in rows)
    total = MonitorRow("total", tb, ta, tt, tp, tp - tb)
    granted = plan.granted
    if elapsed > 0:
        if tp > granted:
            warnings.append(P.make("w_monitor_exceeded", value=as_of.strftime("%d/%m/%Y"), projected=P.Eur(tp),
                                   granted=P.Eur(granted), over=P.Eur(tp - granted)))
        elif tp < granted:
            warnings.append(P.make("w_monitor_underuse", value=as_of.strftime("%d/%m/%Y"), projected=P.Eur(tp),
                                   granted=P.Eur(granted), lost=P.Eur(granted - tp),
                                   use=P.Pct(Fraction(tp, granted) if granted else ZERO)))
    return Monitoring(as_of=as_of, elapsed_days=max(elapsed, 0), period_days=period_days, granted=granted, rows=rows,
                      total=total, warnings=warnings)


def actual_to_date(model: WhatIf, day: dt.date) -> dict[str, int]:
    """The actual claims per category up to ``day`` (the inputs' allocation: no scenario
    changes them), computed once per day and model: the app shows the monitoring after
    every control change (issue 10 item 4)."""
    cache = model.__dict__.setdefault("_actual_by_day", {})
    hit = cache.get(day)
    if hit is None:
        hit = cache[day] = _actual_sums(model, day)
    return dict(hit)


def _actual_sums(model: WhatIf, day: dt.date) -> dict[str, int]:
    start, end = model.params.period_start, model.params.period_end
    ld = model.line_dates()
    actual = {"personnel": 0, "operating": 0}
    for kind, ref, claimed, amount, d, months in zip(ld["kind"], ld["ref"], ld["claimed"], ld["amount"], ld["date"],
                                                     ld["months"]):
        claimed = int(claimed)
        if months is not None:
            # payroll months summed in one line: the claim of the months ended, pro rata of their amounts
            done = sum(a for end_, a in months if end_ <= day)
            if claimed and int(amount):
                actual[kind] += mul_share(claimed, Fraction(done, int(amount)))
        elif d is not None:
            if d <= day:
                actual[kind] += claimed
        elif kind == "personnel" and claimed:
            # an annual staff cost: the year's cost, counted pro rata of the staff period elapsed
            s, e = model.staff_period.get(ref, (start, end))
            days = (e - s).days + 1
            done = (min(day, e) - s).days + 1
            if days > 0 and done > 0:
                actual[kind] += mul_share(claimed, Fraction(min(done, days), days))
    return actual


__all__ = ["scenario_inputs", "scenario_figures", "Scenario", "StaffPlan", "Recruit", "Module", "WhatIf", "WhatIfFigures", "StaffResult", "ScenarioError",
           "compare", "monitor", "Monitoring", "MonitorRow", "save_scenario", "load_scenario", "list_scenarios",
           "ELIGIBLE_PURPOSES", "CATEGORIES"]
