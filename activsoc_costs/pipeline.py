"""pipeline: the whole report of validated inputs, one call (issue 10 item 3).

Owns nothing but the order of the steps: trajectories (R15-R20) -> allocation (the
engine: rules applied line by line, R11 refunds need the counted PIIS) -> figures
(``summarise``, R2 and the counts).  ``report(inputs)`` is the convenience the
command line, the app, the notebooks and the tests call; ``summarise`` itself takes
the allocation and never runs the engine.
"""
from __future__ import annotations

from .allocate import allocate
from .keydata import Inputs
from .summarise import Figures, summarise
from .trajectories import trajectory_rows


def report(inputs: Inputs) -> Figures:
    """The figures of the final report of ``inputs`` (validated by ``load``)."""
    traj = trajectory_rows(inputs)  # count_trajectories, its table made when read (Figures.trajectories)
    return summarise(inputs, allocate(inputs, traj[0]), traj)


__all__ = ["report"]
