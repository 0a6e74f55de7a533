"""Per-year parameters of the subsidy, read from ``parameters/<year>.toml`` (R5:
a new year is a new file, not new code)."""
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

    def as_rows(self) -> list[tuple[str, str]]:
        """The parameters as (name, value) text pairs, for the report's Parameters sheet."""
        return [(k, str(v)) for k, v in self.raw.items()]


def available_years() -> list[int]:
    return sorted(int(p.stem) for p in HERE.glob("*.toml") if p.stem.isdigit())


def load_parameters(year: int, path: Path | None = None) -> Parameters:
    """The parameters of ``year``; ``KeyError`` if no file exists for it."""
    p = path or HERE / f"{year}.toml"
    if not p.exists():
        raise KeyError(year)
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
    )
