"""scenario: what the officer plans, as plain data (dataclasses; JSON in ``outputs/scenarios/``).

Owns: the scenario (what it may change, below), reading it back with every bad value
reported in French and Dutch (never a traceback), storing and listing scenarios.  No
figure is computed here: the model (``whatif.WhatIf``) evaluates a scenario with the
engine's rules (``rules``).

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
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from . import problems as P
from .money import fmt, to_cents
from .parameters import available_years, load_parameters
from .trajectories import TYPES

# R12: the purposes a planned amount may be set for (the latest year's eligible purposes, parameters/<year>.toml);
# participant refunds follow attendance (R11): planned modules
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
        def mapping(name, allowed, what, kind):  # {key: value}: a key not allowed, or a bad value, is reported
            out = {}
            for k, v in (d.get(name) or {}).items():
                if k not in allowed:
                    bad(f"{name}.{k}", k, what)
                    continue
                x = conv(f"{name}.{k}", v, kind)
                if x is not None:
                    out[k] = x
            return out

        piis = mapping("piis", TYPES, "piis_type", "int")
        operating = mapping("operating", ELIGIBLE_PURPOSES, "purpose", "money")  # R13: only an eligible purpose
        budget = mapping("budget", CATEGORIES, "category", "money")
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
