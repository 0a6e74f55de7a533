"""cluster_figures: a cluster's figures from its members' validated inputs (issue 11; core).

Owns: the cluster and member containers (``Cluster``, ``Member``: what ``cluster.load_cluster``
reads), R17 across the cluster (a person counted in two members counts once: the trajectory that
started first, tie: the promoter, then convention order; a warning naming both members; the
uncounted PIIS funds no refund, R11, because each member's allocation is made with the adjusted
trajectories), the bilans across the cluster (distinct pseudonyms), R2 on the cluster's claimed
total, and the distribution of the accepted amount and the advance among the members (pro rata
of claimed costs or the agreed key, largest remainder to the cent: ``money.split_largest_remainder``).
Core: imports nothing from reading (read, load, schema) nor rendering (export, cli, app).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from . import problems as P
from .allocate import Allocation, allocate
from .keydata import Inputs
from .money import fmt, fmt_pct, split_largest_remainder
from .parameters import Parameters
from .summarise import Figures, grant_warnings, money_figures, summarise
from .trajectories import TYPES, count_trajectories
GRANT_CODES = {"w_r2_above_granted", "w_r2_below_advance", "w_underuse"}  # R2: the cluster's, not a member's


@dataclass
class Member:
    cpas: str
    role: str                       # promoter | member
    row: int                        # its row in the convention
    key: Decimal | None = None      # agreed distribution key, percent
    source: str = ""                # sub-folder, workbook, or "" (form 3)
    inputs: Inputs | None = None


@dataclass
class Cluster:
    name: str
    convention: dict                # the promoter's row: the cluster-wide fields
    params: Parameters | None
    members: list[Member]
    problems: list[P.Problem] = field(default_factory=list)
    warnings: list[P.Problem] = field(default_factory=list)
    source: str = ""
    form: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def promoter(self) -> Member | None:
        return next((m for m in self.members if m.role == "promoter"), None)



def _rewrite(p: P.Problem, member: str, prefix: str) -> P.Problem:
    file = p.file
    if prefix and file and not file.startswith(prefix + "/"):
        file = f"{prefix}/{file}"
    return dataclasses.replace(p, member=member, file=file)



# --------------------------------------------------------------------------- the report

@dataclass
class MemberFigures:
    member: Member
    figures: Figures                 # the member's own figures; accepted/advance/balance: its shares
    distributed: int
    advance_share: int


@dataclass
class ClusterFigures:
    cluster: Cluster
    figures: Figures                 # the cluster's figures (R2, R15, R23)
    members: list[MemberFigures]
    method: str                      # "pro_rata_claimed" | "agreed_key"

    def to_dict(self) -> dict:
        f = self.figures
        d = f.headline()  # the same first keys as one CPAS's report --json, from one place
        d["program"] = None
        members, lines, traj = [], [], []
        rates, hours, money = set(), {}, {}
        for mf in self.members:
            md = mf.figures.to_dict()
            d["program"] = md["program"]
            for line in md["lines"]:
                lines.append({"member": mf.member.cpas, **line})
            for t in md["trajectories"]:
                traj.append({"member": mf.member.cpas, **t})
            r = md["refunds"]
            rates.add(r["rate"])
            for k, v in r.items():
                if k.startswith("hours_"):
                    hours[k] = hours.get(k, Decimal(0)) + Decimal(v)
                elif k != "rate":
                    money[k] = money.get(k, 0) + int(Decimal(v) * 100)
            md.update({"cpas": mf.member.cpas, "role": mf.member.role,
                       "distribution_key": None if mf.member.key is None else str(mf.member.key),
                       "distributed": fmt(mf.distributed), "advance_share": fmt(mf.advance_share),
                       "balance": fmt(mf.distributed - mf.advance_share)})
            members.append(md)
        refunds = {"rate": next(iter(rates)) if len(rates) == 1 else ""}
        refunds.update({k: f"{v:.3f}" for k, v in hours.items()})
        refunds.update({k: fmt(v) for k, v in money.items()})
        promoter = self.cluster.promoter
        d.update({"lines": lines, "trajectories": traj, "refunds": refunds,
                  "problems": [p.to_dict() for p in f.problems], "warnings": [w.to_dict() for w in f.warnings],
                  "cluster": self.cluster.name, "promoter": promoter.cpas if promoter else "",
                  "distribution": {"method": self.method, "accepted": fmt(f.accepted), "advance": fmt(f.advance),
                                   "distributed_total": fmt(sum(m.distributed for m in self.members)),
                                   "advance_total": fmt(sum(m.advance_share for m in self.members))},
                  "members": members})
        return d

    def to_json(self) -> str:
        import json
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, default=str)


def _weights(members: list[Member], claimed: list[int]) -> tuple[list[int], str]:
    """Integer weights of the distribution: the agreed key (percent, exact) or the claimed cents."""
    if members and all(m.key is not None for m in members):
        fr = [Fraction(m.key) for m in members]
        den = 1
        for x in fr:
            den = den * x.denominator // np.gcd(den, x.denominator)
        return [int(x * den) for x in fr], "agreed_key"
    return list(claimed), "pro_rata_claimed"


def distribute(cents: int, weights: list[int], fallback: int = 0) -> list[int]:
    """``cents`` split over ``weights`` by largest remainder (sum exact, each part within one cent
    of its exact share); all weights zero: everything to the member at ``fallback`` (the promoter)."""
    if sum(weights) <= 0:
        out = [0] * len(weights)
        if out:
            out[fallback] = cents
        return out
    return split_largest_remainder(cents, weights)


def _cross_r17(cluster: Cluster, trajs: list[tuple[pd.DataFrame, list]]) -> list[P.Problem]:
    """R17 across the cluster: the first trajectory of a person (start, then the promoter, then
    convention order) stays counted; the others are uncounted with a warning naming both."""
    members = cluster.members
    rank = sorted(range(len(members)), key=lambda i: (members[i].role != "promoter", i))
    pos = {i: k for k, i in enumerate(rank)}
    cands = []
    for mi, (t, _w) in enumerate(trajs):
        if t.empty:
            continue
        for idx in t.index[t["counted"].to_numpy(dtype=bool)]:
            cands.append((t.at[idx, "start"], pos[mi], int(t.at[idx, "row"]), mi, idx))
    cands.sort(key=lambda c: c[:3])
    first: dict[str, tuple[int, str]] = {}
    out = []
    for _s, _p, _r, mi, idx in cands:
        t = trajs[mi][0]
        person = t.at[idx, "person"]
        if person not in first:
            first[person] = (mi, t.at[idx, "id"])
            continue
        fm, fid = first[person]
        t.loc[idx, ["counted", "carry_over"]] = False
        t.loc[idx, ["rule", "reason", "status", "outcome"]] = [
            "R17", f"second_trajectory_of_person (first: {members[fm].cpas} {fid})", "not_counted", ""]
        m = members[mi]
        prefix = m.source if cluster.form == 1 else ""
        w = P.make("w_r17_cluster", file=t.at[idx, "file"], sheet=t.at[idx, "sheet"], row=int(t.at[idx, "row"]),
                   value=t.at[idx, "id"], person=person, first_member=members[fm].cpas, first=fid,
                   member_name=m.cpas)
        out.append(_rewrite(w, m.cpas, prefix))
    return out


def cluster_report(cluster: Cluster) -> ClusterFigures:
    """The cluster's figures, each member's beside them, and the distribution."""
    if not cluster.ok:
        raise P.InputError(cluster.problems)
    members = cluster.members
    trajs = [count_trajectories(m.inputs) for m in members]
    for t, _w in trajs:
        t["counted"] = t["counted"].astype(object)
    r17 = _cross_r17(cluster, trajs)
    for t, _w in trajs:
        t["counted"] = t["counted"].astype(bool)
        t["carry_over"] = t["carry_over"].astype(bool)
    figs: list[Figures] = []
    for m, (t, w) in zip(members, trajs):
        f = summarise(m.inputs, allocate(m.inputs, t), (t, w))
        prefix = m.source if cluster.form == 1 else ""
        f.warnings = [_rewrite(x, m.cpas, prefix) if not x.member else x for x in f.warnings
                      if x.code not in GRANT_CODES]
        figs.append(f)
    conv = cluster.convention
    granted, advance = int(conv.get("granted") or 0), int(conv.get("advance_paid") or 0)
    pers = {k: sum(f.personnel[k] for f in figs) for k in figs[0].personnel}
    oper = {k: sum(f.operating[k] for f in figs) for k in figs[0].operating}
    claimed = pers["claimed"] + oper["claimed"]
    accepted, balance, use = money_figures(granted, advance, claimed)
    counts = {k: sum(f.counts[k] for f in figs) for k in ("piis", *TYPES)}
    counts = {"bilans": _bilans(cluster), **counts}
    results = {k: sum(f.results[k] for f in figs) for k in figs[0].results}
    warnings = list(cluster.warnings) + [w for f in figs for w in f.warnings] + r17
    warnings += grant_warnings(granted, advance, claimed, conv.get("_source"), cluster.params.underuse_threshold)
    lines = pd.concat([f.allocation.lines.assign(member=m.cpas) for m, f in zip(members, figs)], ignore_index=True)
    traj = pd.concat([t.assign(member=m.cpas) for m, (t, _w) in zip(members, trajs)], ignore_index=True)
    total = Figures(cpas=cluster.name, year=int(conv.get("year") or 0), granted=granted, advance=advance,
                    personnel=pers, operating=oper, claimed=claimed, accepted=accepted, balance=balance,
                    use_of_grant=use, counts=counts, objectives=dict(figs[0].objectives), results=results,
                    allocation=Allocation(lines=lines, staff={}), trajectories=traj, warnings=warnings,
                    problems=[], convention=conv)
    weights, method = _weights(members, [f.claimed for f in figs])
    promoter = next((i for i, m in enumerate(members) if m.role == "promoter"), 0)
    shares = distribute(accepted, weights, promoter)
    adv = distribute(advance, weights, promoter)
    out = []
    for m, f, s, a in zip(members, figs, shares, adv):
        # a member's accepted amount and advance are its shares; the grant and the objectives are the
        # cluster's (R15 is reported for the cluster), so a member's objectives are left blank
        f = dataclasses.replace(f, granted=granted, accepted=s, advance=a, balance=s - a,
                                use_of_grant=Fraction(s, granted) if granted else Fraction(0),
                                objectives={k: None for k in f.objectives})
        out.append(MemberFigures(m, f, s, a))
    return ClusterFigures(cluster, total, out, method)


def _bilans(cluster: Cluster) -> int:
    """R15 line 1 for the cluster: distinct persons with a bilan in the period, across members."""
    p = cluster.params
    persons = set()
    for m in cluster.members:
        b = m.inputs.bilans
        if b.empty:
            continue
        inside = (b["date"] >= pd.Timestamp(p.period_start)) & (b["date"] <= pd.Timestamp(p.period_end))
        persons.update(b.loc[inside, "person"].dropna().tolist())
    return len(persons)


__all__ = ["Cluster", "ClusterFigures", "Member", "MemberFigures", "cluster_report", "distribute"]
