"""summarise: allocation + trajectories -> the figures of the final report.

Owns: the totals (sums of lines), the money figures (R2), the counts (R15, R23), the
report's JSON (each line with its ``basis``: how its fates were decided).  Core: takes
the engine's allocation, never runs it (``pipeline.report`` does both).

R2: accepted = min(claimed, granted); balance = accepted - advance (negative:
to pay back); use of the grant = accepted / granted.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from itertools import compress

import numpy as np
import pandas as pd

from . import __version__
from . import jsonout
from . import problems as P
from .allocate import Allocation, _Later, _lazy, line_rows
from .keydata import Inputs
from .money import fmt, fmt_pct
from .rules import Basis
from .trajectories import OUTCOMES, TYPES, Rows, count_bilans, count_trajectories

FATES = ("claimed", "not_eligible", "excluded", "other_use")


@dataclass
class Figures:
    cpas: str
    year: int
    granted: int
    advance: int
    personnel: dict[str, int]
    operating: dict[str, int]
    claimed: int
    accepted: int
    balance: int
    use_of_grant: Fraction
    counts: dict[str, int]
    objectives: dict[str, int | None]
    results: dict[str, int]
    allocation: Allocation
    trajectories: pd.DataFrame
    warnings: list[P.Problem] = field(default_factory=list)
    problems: list[P.Problem] = field(default_factory=list)
    convention: dict = field(default_factory=dict)

    @property
    def personnel_claimed(self) -> int:
        return self.personnel["claimed"]

    @property
    def operating_claimed(self) -> int:
        return self.operating["claimed"]

    def to_dict(self) -> dict:
        # column-wise (issue 10 item 4): each column read once as Python values, amounts formatted
        # in one pass; the same keys and values, in the same order, as one dict per row
        months: dict[str, list] = {}  # a personnel line's payroll months (its detail)
        d = self.allocation.payroll_detail
        for lid, m, a, f, sh, row in zip(d["line_id"].tolist(), d["month"].tolist(), _fmt_column(d["amount"]),
                                         d["file"].tolist(), d["sheet"].tolist(), d["row"].tolist()):
            months.setdefault(lid, []).append({"month": f"{m:%Y-%m}", "amount": a,
                                               "source": {"file": f, "sheet": sh, "row": int(row)}})
        L = self.allocation.lines
        lines = []
        basis_dict = Basis.to_dict
        for (id_, kind, amount, claimed, ne, ex, other, rules, reasons, f, sh, row, basis) in zip(
                L["id"].tolist(), L["kind"].tolist(), *(_fmt_column(L[c]) for c in ("amount", *FATES)),
                L["rules"].tolist(), L["reasons"].tolist(), L["file"].tolist(), L["sheet"].tolist(),
                L["row"].tolist(), L["basis"].tolist()) if len(L) else ():
            line = {"id": id_, "kind": kind, "amount": amount, "claimed": claimed, "not_eligible": ne,
                    "excluded": ex, "other_use": other, "rules": rules.split(), "reasons": reasons.split(),
                    "source": {"file": f, "sheet": sh, "row": int(row)}}
            if basis is not None:
                line["basis"] = basis_dict(basis, (f, sh, row))  # key, shares, deciding rule, data, rows
            if kind == "personnel" and id_ in months:
                line["months"] = months[id_]
            lines.append(line)
        T = self.trajectories
        traj = [{"id": i, "type": ty, "counted": bool(c), "rule": ru, "reason": re_, "carry_over": bool(co),
                 "status": st, "outcome": ou, "source": {"file": f, "sheet": sh, "row": int(row)}}
                for i, ty, c, ru, re_, co, st, ou, f, sh, row in zip(
                    *(T[c].tolist() for c in ("id", "type", "counted", "rule", "reason", "carry_over", "status",
                                              "outcome", "file", "sheet", "row")))] if len(T) else []
        return {
            **self.headline(),
            "lines": lines, "trajectories": traj, "refunds": self._refunds_dict(),
            "problems": [p.to_dict() for p in self.problems],
            "warnings": [w.to_dict() for w in self.warnings],
        }

    def headline(self) -> dict:
        """The report's money and counts as JSON values (the first keys of ``to_dict``; a
        cluster's report can use the same)."""
        return {
            "program": {"name": "activsoc-costs", "version": __version__},
            "cpas": self.cpas, "year": self.year,
            "period": [str(self.convention.get("period_start")), str(self.convention.get("period_end"))],
            "granted": fmt(self.granted), "advance": fmt(self.advance),
            "personnel_claimed": fmt(self.personnel["claimed"]), "operating_claimed": fmt(self.operating["claimed"]),
            "claimed": fmt(self.claimed), "accepted": fmt(self.accepted), "balance": fmt(self.balance),
            "use_of_grant": fmt_pct(self.use_of_grant),
            "personnel": {k: fmt(v) for k, v in self.personnel.items()},
            "operating": {k: fmt(v) for k, v in self.operating.items()},
            "counts": dict(self.counts), "objectives": dict(self.objectives), "results": dict(self.results),
        }

    def _refunds_dict(self) -> dict:
        """R11: the rate and the attendance hours behind the refund lines (hours as exact decimals)."""
        r = self.allocation.refunds or {}
        h = lambda m: f"{Decimal(int(m)) / 1000:f}"  # noqa: E731  thousandths of an hour -> "1830.000"
        return {"rate": fmt(int(r.get("rate", 0))), "hours_eligible": h(r.get("hours_eligible", 0)),
                "hours_not_eligible": h(r.get("hours_not_eligible", 0)), "hours_excluded": h(r.get("hours_excluded", 0)),
                "hours_outside": h(r.get("hours_outside", 0)), "eligible": fmt(int(r.get("eligible", 0))),
                "not_eligible": fmt(int(r.get("not_eligible", 0))), "excluded": fmt(int(r.get("excluded", 0)))}

    def to_json(self) -> str:
        """``json.dumps(self.to_dict(), ensure_ascii=False, indent=2, default=str)``: the same bytes,
        written by orjson when installed (``jsonout``)."""
        return jsonout.dumps(self.to_dict())


Figures.trajectories = _lazy("_trajectories")  # the table, made when first read (``trajectories.Rows``)


def _fmt_column(s: pd.Series) -> list[str]:
    """``money.fmt`` of a column of cents, in one pass: "-1234.50" (the same text, tested)."""
    return [f"-{-c // 100}.{-c % 100:02d}" if c < 0 else f"{c // 100}.{c % 100:02d}" for c in map(int, s.tolist())]


def totals(lines: pd.DataFrame, kind: str) -> dict[str, int]:
    """The amount and the four fates of the lines of one kind, summed (exact: Python ints)."""
    return totals_by_kind(lines, (kind,))[kind]


def totals_by_kind(lines: pd.DataFrame, kinds: tuple) -> dict[str, dict[str, int]]:
    """``totals`` of each kind, each column read once."""
    kind = lines["kind"].to_numpy(object) if len(lines) else np.zeros(0, dtype=object)
    masks = [kind == k for k in kinds]
    out: dict[str, dict[str, int]] = {k: {} for k in kinds}
    for c in ("amount", *FATES):
        values = lines[c].to_numpy()
        for k, mask in zip(kinds, masks):
            out[k][c] = sum(values[mask].tolist())
    return out


def _totals_of_rows(rows: list[tuple], kinds: tuple) -> dict[str, dict[str, int]] | None:
    """``totals_by_kind`` of the engine's line rows (``allocate.line_rows``), summed as they are;
    None when an amount is not a Python int (the frame's int64 column decides then)."""
    out: dict[str, dict[str, int]] = {}
    every = list(zip(*rows)) if rows else [()] * 9
    for k in kinds:
        mask = [x == k for x in every[1]]
        columns = [list(compress(every[j], mask)) for j in range(4, 9)]
        for c in columns:  # what an int64 column holds, else the frame says (or refuses) it
            if c and (set(map(type, c)) != {int} or min(c) < _INT64[0] or max(c) > _INT64[1]):
                return None
        out[k] = dict(zip(("amount", *FATES), map(sum, columns)))
    return out


_INT64 = (-2 ** 63, 2 ** 63 - 1)


def money_figures(granted: int, advance: int, claimed: int) -> tuple[int, int, Fraction]:
    """R2: (accepted, balance, use of the grant)."""
    accepted = min(claimed, granted)
    return accepted, accepted - advance, (Fraction(accepted, granted) if granted else Fraction(0))


def grant_warnings(granted: int, advance: int, claimed: int, source: tuple,
                   threshold: Fraction = Fraction(95, 100)) -> list[P.Problem]:
    accepted, balance, use = money_figures(granted, advance, claimed)
    w = dict(file=source[0], sheet=source[1], row=source[2]) if source else {}
    out = []
    if claimed > granted:
        out.append(P.make("w_r2_above_granted", **w, claimed=P.Eur(claimed), granted=P.Eur(granted),
                          over=P.Eur(claimed - granted)))
    elif balance < 0:
        out.append(P.make("w_r2_below_advance", **w, claimed=P.Eur(claimed), advance=P.Eur(advance), back=P.Eur(-balance)))
    elif use < threshold:  # R2: the year's under-use threshold (parameters/<year>.toml)
        out.append(P.make("w_underuse", **w, use=P.Pct(use), lost=P.Eur(granted - accepted)))
    return out


def summarise(inputs: Inputs, allocation: Allocation, trajectories: tuple | None = None) -> Figures:
    """The figures of the final report (R2, R15, R23) from the engine's ``allocation``
    (``pipeline.report`` runs both); ``trajectories``: ``count_trajectories(inputs)``
    when already made (the allocation's R11 refunds used it)."""
    traj, t_warn = trajectories if trajectories is not None else count_trajectories(inputs)
    conv = inputs.convention
    rows = line_rows(allocation)  # the lines' totals from the engine's rows (the frame is made when read)
    by_kind = (_totals_of_rows(rows, ("personnel", "operating")) if rows is not None else None) \
        or totals_by_kind(allocation.lines, ("personnel", "operating"))
    pers, oper = by_kind["personnel"], by_kind["operating"]
    claimed = pers["claimed"] + oper["claimed"]
    granted, advance = int(conv.get("granted") or 0), int(conv.get("advance_paid") or 0)
    accepted, balance, use = money_figures(granted, advance, claimed)
    # the counted PIIS, read as Python values once (a filtered DataFrame per count costs more)
    column = traj.column if hasattr(traj, "column") else (lambda c: traj[c].tolist())  # a table, or its Rows
    flags = column("counted") if len(traj) else []
    counted = {c: [v for v, k in zip(column(c), flags) if k] for c in ("type", "outcome", "status", "carry_over")} \
        if any(flags) else {"type": [], "outcome": [], "status": [], "carry_over": []}
    counts = {"bilans": count_bilans(inputs), "piis": len(counted["type"])}
    for t in TYPES:
        counts[t] = counted["type"].count(t)
    results = {o: counted["outcome"].count(o) for o in OUTCOMES}
    results["left_with_reason"] = counted["status"].count("left_with_reason")
    results["ongoing"] = counted["status"].count("ongoing")
    results["carry_over"] = sum(1 for c in counted["carry_over"] if c)
    objectives = {"bilans": conv.get("obj_bilans"), "2.1": conv.get("obj_2_1"), "2.2": conv.get("obj_2_2"),
                  "2.3": conv.get("obj_2_3")}
    parts = [objectives[t] for t in TYPES]
    objectives["piis"] = sum(parts) if all(p is not None for p in parts) else None  # R15: 2 = 2.1 + 2.2 + 2.3
    warnings = list(inputs.warnings) + list(allocation.warnings) + t_warn
    warnings += grant_warnings(granted, advance, claimed, conv.get("_source"), inputs.params.underuse_threshold)
    if counts["piis"] == 0:
        warnings.append(P.make("w_no_piis"))
    return Figures(cpas=str(conv.get("cpas", "")), year=int(conv.get("year") or 0), granted=granted, advance=advance,
                   personnel=pers, operating=oper, claimed=claimed, accepted=accepted, balance=balance,
                   use_of_grant=use, counts=counts, objectives=objectives, results=results,
                   allocation=allocation, trajectories=_Later((Rows.table, traj)) if hasattr(traj, "column") else traj,
                   warnings=warnings, problems=list(inputs.problems),
                   convention=conv)
