"""cluster: several small CPAS under one convention (issue 11; domain.md "Clusters").

Reading (``load_cluster``): the convention has one row per member (columns ``cluster``,
``role``, optional ``distribution_key``; the cluster-wide fields on the promoter's row,
blank or equal on the others); each member's own tables come from a sub-folder named
as the member (form 1), a workbook ``<cpas>.xlsx`` beside the convention (form 2), or
the one workbook's sheets whose first column ``cpas`` names the member of each row
(form 3).  Each member is read by ``load()`` with the cluster's convention, so every
check of a single CPAS is made per member; every problem and warning names the member
(``Problem.member``; forms 1 and 2 also in the file: ``CPAS de Val/personnel.csv``).

Reporting (``cluster_report``): the rules apply per member, except R17 across the
cluster: a person counted in two members counts once, in the trajectory that started
first (tie: the promoter, then convention order), with a warning naming both members;
the uncounted PIIS funds no refund (R11: the member's allocation is made with the
adjusted trajectories).  Bilans: distinct persons across the cluster (pseudonyms are
the same keyed hash in every member).  R2 on the cluster's claimed total; the accepted
amount and the advance are distributed among the members pro rata of their claimed
costs, or by the agreed key, largest remainder to the cent (``money.split_largest_remainder``).
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from . import problems as P
from .money import fmt
# the report (core): re-exported, so that ``from activsoc_costs.cluster import ...`` has it all
from .cluster_figures import (Cluster, ClusterFigures, Member, MemberFigures, _rewrite, cluster_report,  # noqa: F401
                              distribute)


# --------------------------------------------------------------------------- reading

def _norm(s) -> str:
    from .schema import norm
    return norm(s).replace("'", "").replace(" ", "")


def _convention_frame(path: Path, problems: list, warnings: list, found: dict | None = None):
    """The convention read with the cluster's columns: (frame, file, sheet) or None."""
    from .load import _parse_table
    from .read import _read_sources
    from .schema import CLUSTER_CONVENTION
    if found is None:
        found, _h = _read_sources(path, problems, warnings, want={"convention"})
    if "convention" not in found:
        return None
    raw, file, sheet, comma, first_row = found["convention"]
    frame = _parse_table(CLUSTER_CONVENTION, raw.copy(), file, sheet, comma, problems, warnings, first_row, None, {})
    return None if frame is None else (frame, file, sheet)


def is_cluster(path: str | Path) -> bool:
    """True when the convention at ``path`` is a cluster's (a ``cluster`` or ``role`` value)."""
    path = Path(path)
    if not path.exists() or (path.is_file() and path.suffix.lower() not in (".xlsx", ".xlsm")):
        return False
    try:
        got = _convention_frame(path, [], [])
    except Exception:
        return False
    if got is None:
        return False
    frame = got[0]
    return bool(frame["cluster"].notna().any() or frame["role"].notna().any())


def _read_rows(frame: pd.DataFrame, file: str, problems: list) -> tuple[str, list[Member], object]:
    """The members of the convention and the promoter's index; the convention's problems."""
    from .schema import CLUSTER_CONVENTION
    col = lambda cid: CLUSTER_CONVENTION.column(cid).fr  # noqa: E731
    where = lambda idx: dict(file=file, sheet=frame.at[idx, "src_sheet"], row=int(frame.at[idx, "src_row"]))  # noqa: E731
    names = sorted({str(v) for v in frame["cluster"].dropna()})
    if len(names) > 1:
        problems.append(P.make("cluster_two_names", file=file, column=col("cluster"), value=" ; ".join(names)))
    members, seen, promoter = [], {}, None
    for idx in frame.index:
        cpas, role = frame.at[idx, "cpas"], frame.at[idx, "role"]
        if pd.isna(frame.at[idx, "cluster"]) or pd.isna(role):
            missing = "cluster" if pd.isna(frame.at[idx, "cluster"]) else "role"
            problems.append(P.make("cluster_role_missing", **where(idx), column=col(missing)))
        if cpas is None or pd.isna(cpas):
            continue  # "required" already said by the reader
        k = _norm(cpas)
        if k in seen:
            problems.append(P.make("cluster_member_twice", **where(idx), column=col("cpas"), value=cpas))
            continue
        seen[k] = idx
        key = frame.at[idx, "distribution_key"]
        members.append(Member(str(cpas), "promoter" if role == "promoter" else "member", int(frame.at[idx, "src_row"]),
                              None if key is None or pd.isna(key) else Decimal(str(key))))
        if role == "promoter":
            if promoter is not None:
                problems.append(P.make("cluster_two_promoters", **where(idx), column=col("role"),
                                       value=f"{frame.at[promoter, 'cpas']}, {cpas}"))
            else:
                promoter = idx
    if promoter is None and not frame.empty:
        problems.append(P.make("cluster_no_promoter", file=file, sheet=frame["src_sheet"].iloc[0], column=col("role")))
    if len(frame) < 3:
        problems.append(P.make("cluster_too_few", file=file, sheet=frame["src_sheet"].iloc[0] if len(frame) else "",
                               value=len(frame), count=len(frame)))
    keys = [m.key for m in members]
    if any(k is not None for k in keys):
        if any(k is None for k in keys):
            m = next(m for m in members if m.key is None)
            problems.append(P.make("cluster_key_incomplete", file=file, row=m.row, column=col("distribution_key"),
                                   value=m.cpas))
        elif sum(keys) != 100:
            problems.append(P.make("cluster_key_not_100", file=file, column=col("distribution_key"),
                                   value=str(sum(keys)).replace(".", ",")))
    return (names[0] if names else ""), members, promoter


def _shown(v) -> str:
    from .load import _shown as shown
    if isinstance(v, (pd.Timestamp,)):
        return v.strftime("%d/%m/%Y")
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)
    return shown(v)


def _check_cluster_wide(frame: pd.DataFrame, promoter, file: str, problems: list) -> None:
    from .schema import CLUSTER_CONVENTION, CLUSTER_WIDE
    for idx in frame.index:
        if idx == promoter:
            continue
        for cid in CLUSTER_WIDE:
            v, ref = frame.at[idx, cid], frame.at[promoter, cid]
            if v is None or pd.isna(v):
                continue
            if ref is None or pd.isna(ref) or v != ref:
                c = CLUSTER_CONVENTION.column(cid)
                shown = fmt(int(v)) if c.kind == "money" else _shown(v)
                ref_shown = "-" if ref is None or pd.isna(ref) else (fmt(int(ref)) if c.kind == "money" else _shown(ref))
                problems.append(P.make("cluster_field_differs", file=file, sheet=frame.at[idx, "src_sheet"],
                                       row=int(frame.at[idx, "src_row"]), column=c.fr, value=shown, promoter=ref_shown))


def _slice_workbook(found: dict, members: list[Member], problems: list) -> dict[str, dict]:
    """Form 3: each table's sheet split by its ``cpas`` column into one raw frame per member,
    each row keeping its sheet row number (``attrs["lines"]``)."""
    from .load import _header_row, _is_blank
    from .schema import TABLE_BY_ID, column_lookup, norm
    by_norm = {_norm(m.cpas): m.cpas for m in members}
    listed = ", ".join(m.cpas for m in members)
    out: dict[str, dict] = {m.cpas: {} for m in members}
    for tid, (raw, file, sheet, comma, first_row) in found.items():
        if tid == "convention":
            continue
        lookup = dict(column_lookup(TABLE_BY_ID[tid]))
        lookup.update({"cpas": "__cpas__", "ocmw": "__cpas__"})
        h0 = _header_row(raw, lookup) if len(raw) else 0
        header = raw.iloc[h0].tolist() if len(raw) else []
        ci = next((i for i, h in enumerate(header) if isinstance(h, str) and norm(h) in ("cpas", "ocmw")), None)
        if ci is None:
            problems.append(P.make("cluster_no_cpas_column", file=file, sheet=sheet, row=first_row + h0, value=sheet))
            continue
        rows: dict[str, list[int]] = {m.cpas: [] for m in members}
        for i in range(h0 + 1, len(raw)):
            v = raw.iat[i, ci]
            if _is_blank(v):
                if not all(_is_blank(x) for x in raw.iloc[i].tolist()):
                    problems.append(P.make("required", file=file, sheet=sheet, row=first_row + i, column=str(header[ci])))
                continue
            name = by_norm.get(_norm(v))
            if name is None:
                problems.append(P.make("cluster_unknown_member", file=file, sheet=sheet, row=first_row + i,
                                       column=str(header[ci]), value=str(v).strip(), members=listed))
                continue
            rows[name].append(i)
        formulas = raw.attrs.get("formula_cells", [])
        for name, body in rows.items():
            keep = list(range(h0 + 1)) + body
            sub = raw.iloc[keep].drop(columns=raw.columns[ci])
            sub.columns = range(sub.shape[1])
            sub.index = range(len(sub))
            kept = {first_row + i for i in keep}
            sub.attrs = {"lines": np.array(sorted(kept), dtype=np.int64)}
            if first_row == 1 and formulas:
                sub.attrs["formula_cells"] = [(r, c - (c > ci), f, e) for r, c, f, e in formulas
                                              if c != ci and r + 1 in kept]
            out[name][tid] = (sub, file, sheet, comma, first_row)
    return out


def load_cluster(path: str | Path, *, internal: bool = False) -> Cluster:
    """Read and validate a cluster (the three forms); never raises on bad data: an unexpected
    error is a placed problem (``internal_error``), never the command line's exit 3."""
    import os
    path = Path(path)
    try:
        return _load_cluster(path, internal)
    except Exception as exc:
        if os.environ.get("ACTIVSOC_DEBUG"):
            raise
        cl = Cluster("", {}, None, [], [], [], str(path))
        cl.problems.append(P.make("internal_error", file=path.name, detail=type(exc).__name__))
        return cl


def _load_cluster(path: Path, internal: bool) -> Cluster:
    from .load import _convention, load
    from .read import _read_sources, _table_of, TABLE_FILE_SUFFIXES, WORKBOOK_SUFFIXES
    from .schema import CLUSTER_CONVENTION, table_lookup
    problems: list[P.Problem] = []
    warnings: list[P.Problem] = []
    cluster = Cluster("", {}, None, [], problems, warnings, str(path))
    if path.is_dir():
        found, hashes = _read_sources(path, problems, warnings, want={"convention"})
    else:
        found, hashes = _read_sources(path, problems, warnings)
    got = _convention_frame(path, problems, warnings, found)
    if got is None:
        if not problems:
            problems.append(P.make("missing_table", file=path.name, table="convention / overeenkomst"))
        return cluster
    frame, file, sheet = got
    cluster.name, cluster.members, promoter = _read_rows(frame, file, problems)
    if promoter is not None:
        if frame.at[promoter, "year"] is None or pd.isna(frame.at[promoter, "year"]):  # the cluster's year: the promoter's row
            problems.append(P.make("required", file=file, sheet=sheet, row=int(frame.at[promoter, "src_row"]),
                                   column=CLUSTER_CONVENTION.column("year").fr))
        base = frame.loc[[promoter]].drop(columns=["cluster", "role", "distribution_key"])
        cluster.convention, cluster.params = _convention(base, file, problems)
        _check_cluster_wide(frame, promoter, file, problems)
    members = cluster.members
    by_norm = {_norm(m.cpas): m for m in members}
    listed = ", ".join(m.cpas for m in members)
    sources: dict[str, tuple] = {}  # member -> (path, prefix, pre-read tables)
    if path.is_dir():
        cluster.form = 1
        lookup = table_lookup()
        for p in sorted(path.iterdir()):
            if p.name.startswith((".", "~$")):
                continue
            if p.is_file():
                tid = _table_of(p.stem, lookup)[0]
                if tid == "convention":
                    continue
                if p.suffix.lower() in TABLE_FILE_SUFFIXES and tid:
                    problems.append(P.make("cluster_table_at_top", file=p.name, value=p.name))
                    continue
                if p.suffix.lower() not in WORKBOOK_SUFFIXES:
                    continue
            elif not p.is_dir():
                continue
            name = p.stem if p.is_file() else p.name
            m = by_norm.get(_norm(name))
            if m is None:
                problems.append(P.make("cluster_unknown_member", file=p.name, value=name, members=listed))
                continue
            if m.cpas in sources:
                problems.append(P.make("cluster_member_two_sources", file=p.name, value=m.cpas,
                                       sources=f"« {sources[m.cpas][0].name} », « {p.name} »"))
                continue
            if p.is_file():
                cluster.form = 2
            sources[m.cpas] = (p, p.name if p.is_dir() else "", None)
    else:
        cluster.form = 3
        for name, tables in _slice_workbook(found, members, problems).items():
            if any(len(t[0]) > 1 for t in tables.values()):
                sources[name] = (path, "", (tables, dict(hashes)))
    for m in members:
        if m.cpas not in sources:
            problems.append(P.make("cluster_member_no_data", file=file, sheet=sheet, row=m.row, column="CPAS",
                                   value=m.cpas))
            continue
        src, prefix, pre = sources[m.cpas]
        m.source = prefix or src.name
        conv = dict(cluster.convention)
        conv["cpas"] = m.cpas
        conv["cluster"] = cluster.name
        inputs = load(src, internal=internal, member={"convention": conv, "params": cluster.params}, sources=pre)
        inputs.problems[:] = [_rewrite(p, m.cpas, prefix) for p in inputs.problems]
        inputs.warnings[:] = [_rewrite(w, m.cpas, prefix) for w in inputs.warnings]
        m.inputs = inputs
        problems.extend(inputs.problems)
    return cluster



__all__ = ["Cluster", "ClusterFigures", "Member", "MemberFigures", "cluster_report", "distribute", "is_cluster",
           "load_cluster"]
