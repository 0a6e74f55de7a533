"""The cycle collector paused while one CPAS is read and allocated.

The loader and the engine make hundreds of thousands of short-lived objects (parsed cells, rows,
problems); Python's cycle collector otherwise walks them again and again while they are alive
(about 7 % of a city report's time, 13 % of a small CPAS's). Paused for one CPAS and run once after
it, memory stays bounded: what the CPAS left is collected before anything else is read.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused(generation: int = 2):
    """``generation`` 1: only what was made since the last collection is examined (while the
    collector is paused, every new object stays in the young generations), not the whole heap;
    a run over many CPAS (``consolidate``) so pays for each CPAS's own objects only."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect(generation)
        if was:
            gc.enable()
