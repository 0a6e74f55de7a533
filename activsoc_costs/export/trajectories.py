"""The Parcours / Trajecten sheet: one row per PIIS, pseudonymous (R15-R20, R23)."""
from __future__ import annotations

from ..schema import enum_label
from ._book import FIRST, _Book, _source, _text


# --------------------------------------------------------------------------- Trajectories

T_COLS = ["xl_piis_id", "xl_person", "xl_type", "xl_from", "xl_to", "xl_left_on", "xl_status", "counted", "xl_rule",
          "xl_reasons", "carry_over", "outcome", "xl_source"]
T_WIDTHS = [10, 14, 22, 11, 11, 11, 22, 11, 8, 44, 14, 24, 22]
STATUS_KEY = {"not_counted": "xl_status_not_counted", "left_with_reason": "left_with_reason", "ongoing": "ongoing",
              "outcome": "xl_status_outcome"}


def _traj_reason(b: _Book, t) -> str:
    reason = _text(t.reason)
    if not t.counted:
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
    r = FIRST
    b.rows(ws, len(T_COLS))
    for t in traj.itertuples(index=False):
        b.s(ws, r, 0, t.id)
        b.s(ws, r, 1, t.person)
        b.s(ws, r, 2, enum_label("piis_type", t.type, b.lang) if t.type else "")
        b.d(ws, r, 3, t.start)
        b.d(ws, r, 4, t.end)
        b.d(ws, r, 5, t.left_on)
        b.s(ws, r, 6, b.L(STATUS_KEY.get(t.status, t.status)))
        b.n(ws, r, 7, 1 if t.counted else 0, "yesno")
        b.s(ws, r, 8, t.rule)
        b.s(ws, r, 9, _traj_reason(b, t))
        b.n(ws, r, 10, 1 if t.carry_over else 0, "yesno")
        if t.outcome:
            b.s(ws, r, 11, enum_label("outcome", t.outcome, b.lang))
        b.s(ws, r, 12, _source(b, t.file, t.sheet, t.row))
        r += 1
    b.end_rows()
    n = len(traj)
    last = FIRST + max(n, 1) - 1
    ws.autofilter(FIRST - 1, 0, max(FIRST - 1 + n, FIRST), len(T_COLS) - 1)
    for name, c in (("Traj_Type", 2), ("Traj_Status", 6), ("Traj_Counted", 7), ("Traj_CarryOver", 10),
                    ("Traj_Outcome", 11)):
        b.name(name, "trajectories", FIRST, c, last)
    return ws
