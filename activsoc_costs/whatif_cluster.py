"""whatif_cluster: the what-if budget of a cluster (issue 11 item 3; pure logic, no widgets).

Owns: :class:`ClusterWhatIf`, built once from a loaded cluster: ``cluster_report`` runs once
(R17 across the cluster applied there, never re-derived here), and each member gets its own
:class:`whatif.WhatIf` on its inputs with the member's figures from that report (so its
trajectories and allocation are the cluster-adjusted ones).  :meth:`ClusterWhatIf.evaluate`
takes one scenario per member and gives each member's what-if figures and the cluster's:
claimed by fate = the sum of the members' what-if figures; accepted, balance, use (R2) on the
cluster's grant; the distribution of the accepted amount and of the advance with the
cluster's key by ``cluster_figures.distribute`` (the same largest-remainder split as the
report, not a second copy).  A member's accepted / advance / balance are its shares.

What is NOT recomputed (said in ``notes``, FR/NL words in ``app_words``): R17 across members is
not re-applied to a member's planned numbers of PIIS (they are taken as typed); the cluster's
bilans (distinct persons across members) move by the difference a member plans on its own
count (its new persons are assumed not to have a bilan in another member); the grant and the
advance are the cluster's: a member's scenario does not change them (the grant controls are
disabled for a member of a cluster).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from . import problems as P
from .cluster_figures import GRANT_CODES, Cluster, ClusterFigures, _weights, cluster_report, distribute
from .money import half_up_div
from .summarise import grant_warnings, money_figures
from .trajectories import TYPES
from .whatif import FATES, Scenario, WhatIf, WhatIfFigures

if TYPE_CHECKING:  # (pandas is imported where a frame is made, not by the what-if model itself)
    import pandas as pd

MEMBER_GRANT_CODES = GRANT_CODES | {"w_no_piis"}  # R2 and R15 line 2 are the cluster's, not a member's


@dataclass
class MemberWhatIf:
    cpas: str
    role: str
    figures: WhatIfFigures      # the member's what-if; granted = the cluster's, accepted / advance / balance: its shares
    distributed: int
    advance_share: int

    @property
    def balance(self) -> int:
        return self.distributed - self.advance_share


@dataclass
class ClusterWhatIfFigures:
    name: str
    granted: int
    advance: int
    personnel: dict[str, int]           # amount and the four fates, summed over the members
    operating_claimed: int
    claimed: int
    accepted: int
    balance: int
    use_of_grant: Fraction
    counts: dict[str, int]
    objectives: dict[str, int | None]
    gaps: dict[str, int | None]
    cost_per_trajectory: int | None
    method: str                         # pro_rata_claimed | agreed_key
    members: list[MemberWhatIf]
    warnings: list[P.Problem]
    notes: list[str]                    # app_words keys: what a scenario changed that is not recomputed

    def member(self, cpas: str) -> MemberWhatIf:
        return next(m for m in self.members if m.cpas == cpas)


class ClusterWhatIf:
    """A cluster's members, each with its what-if model, evaluated together."""

    def __init__(self, cluster: Cluster, report: ClusterFigures | None = None):
        self.cluster = cluster
        self.report = report or cluster_report(cluster)
        self.name = cluster.name
        self.convention = cluster.convention
        self.params = cluster.params
        self.names = [mf.member.cpas for mf in self.report.members]
        # each member's model on its own inputs and its figures from the cluster report (R17 applied)
        self.models: dict[str, WhatIf] = {}
        for mf in self.report.members:
            m = WhatIf(mf.member.inputs, mf.figures)
            m.base_warnings = [w for w in m.base_warnings if w.code not in MEMBER_GRANT_CODES]
            self.models[mf.member.cpas] = m
        self._members = [mf.member for mf in self.report.members]
        self._cluster_only = list(cluster.warnings) + [w for w in self.report.figures.warnings
                                                       if w.code == "w_r17_cluster"]

    def evaluate(self, scenarios: dict[str, Scenario] | None = None) -> ClusterWhatIfFigures:
        scenarios = scenarios or {}
        base = self.report.figures
        evals: list[WhatIfFigures] = []
        notes: list[str] = []
        for name in self.names:
            sc = scenarios.get(name) or Scenario()
            if sc.granted is not None or sc.amount_2014 is not None or sc.advance is not None:
                notes.append("cluster_note_grant")
                sc = dataclasses.replace(sc, granted=None, amount_2014=None, advance=None)
            if sc.piis and "cluster_note_piis" not in notes:
                notes.append("cluster_note_piis")
            evals.append(self.models[name].evaluate(sc))
        granted, advance = base.granted, base.advance
        pers = {k: sum(f.personnel[k] for f in evals) for k in ("amount", *FATES)}
        operating = sum(f.operating_claimed for f in evals)
        claimed = pers["claimed"] + operating
        accepted, balance, use = money_figures(granted, advance, claimed)
        counts = {k: sum(f.counts[k] for f in evals) for k in ("piis", *TYPES)}
        bilans = base.counts["bilans"]
        for name, f in zip(self.names, evals):
            own = self.models[name].figures.counts["bilans"]
            if f.counts["bilans"] != own:
                bilans += f.counts["bilans"] - own
                if "cluster_note_bilans" not in notes:
                    notes.append("cluster_note_bilans")
        counts = {"bilans": bilans, **counts}
        objectives = dict(base.objectives)
        gaps = {k: (counts[k] - objectives[k]) if objectives.get(k) is not None else None
                for k in ("bilans", "piis", *TYPES)}
        # the distribution: the report's own functions (the key, largest remainder to the cent)
        weights, method = _weights(self._members, [f.claimed for f in evals])
        promoter = next((i for i, m in enumerate(self._members) if m.role == "promoter"), 0)
        shares = distribute(accepted, weights, promoter)
        adv = distribute(advance, weights, promoter)
        members, warnings = [], list(self._cluster_only)
        for m, f, s, a in zip(self._members, evals, shares, adv):
            own = [w for w in f.warnings if w.code not in MEMBER_GRANT_CODES]
            f = dataclasses.replace(f, granted=granted, accepted=s, advance=a, balance=s - a,
                                    use_of_grant=Fraction(s, granted) if granted else Fraction(0), warnings=own)
            members.append(MemberWhatIf(m.cpas, m.role, f, s, a))
            warnings += own
        warnings += grant_warnings(granted, advance, claimed, self.convention.get("_source"),
                                   self.params.underuse_threshold)
        if counts["piis"] == 0:
            warnings.append(P.make("w_no_piis"))
        cost_per = half_up_div(claimed, counts["piis"]) if counts["piis"] else None
        return ClusterWhatIfFigures(
            name=self.name, granted=granted, advance=advance, personnel=pers, operating_claimed=operating,
            claimed=claimed, accepted=accepted, balance=balance, use_of_grant=use, counts=counts,
            objectives=objectives, gaps=gaps, cost_per_trajectory=cost_per, method=method, members=members,
            warnings=warnings, notes=notes)

    def compare_member(self, name: str, scenarios: list[Scenario], others: dict[str, Scenario]) -> "pd.DataFrame":
        """``whatif.compare`` for one member of the cluster: each scenario of ``name`` evaluated with the
        other members' scenarios ``others``, so that accepted / advance / balance are the member's shares."""
        import pandas as pd

        from .whatif import COMPARE_ROWS
        cols = {}
        for i, sc in enumerate(scenarios):
            col = sc.name or f"#{i + 1}"
            while col in cols:
                col += "'"
            cols[col] = self.evaluate({**others, name: sc}).member(name).figures.summary()
        return pd.DataFrame(cols, index=list(COMPARE_ROWS))


__all__ = ["ClusterWhatIf", "ClusterWhatIfFigures", "MemberWhatIf"]
