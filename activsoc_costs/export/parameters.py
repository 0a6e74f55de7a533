"""The Paramètres / Parameters sheet: the program, the year's parameters, the refund rate
applied (R11), the hashes of the input files (none in a simulation)."""
from __future__ import annotations

from pathlib import Path

from .. import __version__
from ._book import _Book, _eur


# --------------------------------------------------------------------------- Parameters

def write_parameters(b: _Book):
    f, L, inputs = b.f, b.L, b.inputs
    ws = b.sheet("parameters", None, [34, 70], 2)
    b.title(ws, "parameters")
    b.s(ws, 2, 0, L("xl_program"), "label_b")
    b.s(ws, 2, 1, f"activsoc-costs {__version__}")
    b.s(ws, 3, 0, L("xl_inputs"), "label_b")
    b.s(ws, 3, 1, Path(str(inputs.source)).name if inputs.source else "")
    b.s(ws, 5, 0, L("xl_year_params") + f" {f.year}", "section")
    b.s(ws, 6, 0, L("xl_parameter"), "head")
    b.s(ws, 6, 1, L("xl_value"), "head")
    row = 7
    params = inputs.params
    rows = params.as_rows() if params is not None else []
    for k, v in rows:
        b.s(ws, row, 0, k)
        if k == "refund_rate_eur_per_hour":
            b.n(ws, row, 1, _eur(params.refund_rate_cents), "eur")
        else:
            b.s(ws, row, 1, v)
        row += 1
    # R11: the rate the refunds formulas use (named cell Refund_Rate): the engine's, i.e. the
    # CPAS's own rate from the convention, else the year's parameter
    refunds = f.allocation.refunds or {}
    rate = refunds.get("rate", params.refund_rate_cents if params is not None else 0)
    b.s(ws, row, 0, L("xl_refund_rate_used"), "label_b")
    b.n(ws, row, 1, _eur(rate), "eur")
    b.name("Refund_Rate", "parameters", row, 1)
    row += 1
    row += 1
    b.s(ws, row, 0, L("xl_input_files"), "section")
    row += 1
    b.s(ws, row, 0, L("xl_file"), "head")
    b.s(ws, row, 1, "SHA-256", "head")
    row += 1
    if b.simulation:  # a scenario is not the inputs: their hashes would certify figures it changed
        b.s(ws, row, 0, L("xl_simulation_no_hash"))
        row += 1
    else:
        for name, digest in sorted((inputs.files or {}).items()):
            b.s(ws, row, 0, name)
            b.s(ws, row, 1, digest, "mono")
            row += 1
    return ws
