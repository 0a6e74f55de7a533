"""Per-year parameters of the subsidy, read from ``parameters/<year>.toml`` (R5:
a new year is a new file, not new code).

Owns: every rule parameter that may vary by year: the period (R1), deadlines (R3),
the advance share (R2), the refund rate (R11), productive hours, the R16/R19 limits,
the second half of the year (R19), the under-use threshold (R2), the purposes of an
operating cost and which are not eligible (R11-R13), the 2014 uplift (R5).  Core."""
from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from .money import to_cents

HERE = Path(__file__).parent / "parameters"


@dataclass(frozen=True)
class Parameters:
    year: int
    period_start: dt.date
    period_end: dt.date
    report_deadline: dt.date | None
    convention_deadline: dt.date | None
    advance_share: Fraction
    refund_rate_cents: int
    productive_hours_per_fte: Decimal
    max_hours_worked_per_fte: Decimal
    max_trajectory_months: int
    uplift_on_2014: Fraction | None
    source: str = ""
    one_year_tolerance_days: int = 31  # R19: a PIIS "concluded for one year" ends at most this many days early
    raw: dict = field(default_factory=dict, compare=False, repr=False)
    second_half_starts: tuple[int, int] = (7, 1)   # R19: (month, day) the second half of a year begins
    underuse_threshold: Fraction = Fraction(95, 100)  # R2: a use of the grant below this is said
    purpose_rules: dict = field(default_factory=dict, compare=False)  # purpose -> the rule deciding it (R11-R13)
    not_eligible_purposes: frozenset = frozenset()  # R13: not eligible by nature

    @property
    def eligible_purposes(self) -> tuple[str, ...]:
        """The purposes of an operating cost that may be claimed (R11, R12)."""
        return tuple(p for p in self.purpose_rules if p not in self.not_eligible_purposes)

    def as_rows(self) -> list[tuple[str, str]]:
        """The parameters as (name, value) text pairs, for the report's Parameters sheet."""
        rows = []
        for k, v in self.raw.items():
            if isinstance(v, dict):  # e.g. purpose_rules: one row per purpose
                rows += [(f"{k}.{kk}", str(vv)) for kk, vv in v.items()]
            else:
                rows.append((k, ", ".join(map(str, v)) if isinstance(v, list) else str(v)))
        return rows


def available_years() -> list[int]:
    return sorted(int(p.stem) for p in HERE.glob("*.toml") if p.stem.isdigit())


# each file read once per process (a load per CPAS asks for its year again); read again when it changes
_READ: dict[tuple, Parameters] = {}


def load_parameters(year: int, path: Path | None = None) -> Parameters:
    """The parameters of ``year``; ``KeyError`` if no file exists for it."""
    p = path or HERE / f"{year}.toml"
    if not p.exists():
        raise KeyError(year)
    st = p.stat()
    seen = (str(p), st.st_mtime_ns, st.st_size)
    if seen not in _READ:
        if len(_READ) > 64:  # bounded: a handful of years, the odd edited file
            _READ.clear()
        _READ[seen] = _read(p)
    return _READ[seen]


def _read(p: Path) -> Parameters:
    raw = tomllib.loads(p.read_text(encoding="utf-8"))
    uplift = raw.get("uplift_on_2014_pct") or ""
    return Parameters(
        year=int(raw["year"]),
        period_start=raw["period_start"],
        period_end=raw["period_end"],
        report_deadline=raw.get("report_deadline"),
        convention_deadline=raw.get("convention_deadline"),
        advance_share=Fraction(Decimal(raw["advance_share_pct"])) / 100,
        refund_rate_cents=to_cents(Decimal(raw["refund_rate_eur_per_hour"])),
        productive_hours_per_fte=Decimal(raw["productive_hours_per_fte"]),
        max_hours_worked_per_fte=Decimal(raw["max_hours_worked_per_fte"]),
        max_trajectory_months=int(raw["max_trajectory_months"]),
        uplift_on_2014=(Fraction(Decimal(uplift)) / 100) if uplift else None,
        source=raw.get("source", ""),
        one_year_tolerance_days=int(raw.get("one_year_tolerance_days", 31)),
        raw=raw,
        second_half_starts=tuple(int(x) for x in raw.get("second_half_starts", "07-01").split("-")),
        underuse_threshold=Fraction(Decimal(raw.get("underuse_threshold_pct", "95"))) / 100,
        purpose_rules=dict(raw["purpose_rules"]),
        not_eligible_purposes=frozenset(raw["not_eligible_purposes"]),
    )
