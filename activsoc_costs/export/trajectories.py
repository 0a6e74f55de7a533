"""The Parcours / Trajecten sheet: one row per PIIS, pseudonymous (R15-R20, R23)."""
from __future__ import annotations

from ..schema import enum_label
from ._book import FIRST, D, N, S, _Book, _each, _sources, _text


# --------------------------------------------------------------------------- Trajectories

T_COLS = ["xl_piis_id", "xl_person", "xl_type", "xl_from", "xl_to", "xl_left_on", "xl_status", "counted", "xl_rule",
          "xl_reasons", "carry_over", "outcome", "xl_source"]
T_WIDTHS = [10, 14, 22, 11, 11, 11, 22, 11, 8, 44, 14, 24, 22]
STATUS_KEY = {"not_counted": "xl_status_not_counted", "left_with_reason": "left_with_reason", "ongoing": "ongoing",
              "outcome": "xl_status_outcome"}


def _traj_reason(b: _Book, reason, counted) -> str:
    reason = _text(reason)
    if not counted:
        head, _, rest = reason.partition(" (first: ")
        if rest:
            return f"{b.L(head)} {rest.rstrip(')')}"
        return b.L(reason)
    return reason  # the officer's own reason for leaving (R20)


def write_trajectories(b: _Book):
    traj = b.f.trajectories
    ws = b.sheet("trajectories", FIRST - 1, T_WIDTHS, len(T_COLS))
    b.title(ws, "trajectories")
    b.s(ws, 1, 0, "R15-R20, R23", "text")
    b.header(ws, FIRST - 1, T_COLS)
    lang = b.lang
    col = {k: traj[k].tolist() for k in ("type", "status", "counted", "reason", "carry_over", "outcome")}
    b.columns(ws, FIRST, len(T_COLS), {
        0: S(traj["id"].tolist()), 1: S(traj["person"].tolist()),
        2: S(_each(lambda t: enum_label("piis_type", t, lang) if t else "", col["type"])),
        3: D(traj["start"].tolist()), 4: D(traj["end"].tolist()), 5: D(traj["left_on"].tolist()),
        6: S(_each(lambda st: b.L(STATUS_KEY.get(st, st)), col["status"])),
        7: N([1 if c else 0 for c in col["counted"]], "yesno"), 8: S(traj["rule"].tolist()),
        9: S(_each(lambda rc: _traj_reason(b, *rc), list(zip(col["reason"], col["counted"])))),
        10: N([1 if c else 0 for c in col["carry_over"]], "yesno"),
        11: S(_each(lambda o: enum_label("outcome", o, lang) if o else "", col["outcome"])),
        12: S(_sources(b, traj["file"].tolist(), traj["sheet"].tolist(), traj["row"].tolist()))})
    n = len(traj)
    last = FIRST + max(n, 1) - 1
    ws.autofilter(FIRST - 1, 0, max(FIRST - 1 + n, FIRST), len(T_COLS) - 1)
    for name, c in (("Traj_Type", 2), ("Traj_Status", 6), ("Traj_Counted", 7), ("Traj_CarryOver", 10),
                    ("Traj_Outcome", 11)):
        b.name(name, "trajectories", FIRST, c, last)
    return ws
