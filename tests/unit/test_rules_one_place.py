"""Issue 10 item 1: each rule in one place.  The share, cap, split and line-rule
functions are defined in ``rules`` only; the engine, the what-if and the workbook use
those same objects (by identity, not a copy); the Excel expressions of a line are
written only by the rules; the precedence of the line rules is data, and changing it
changes the engine."""
import ast
import importlib
from pathlib import Path

import activsoc_costs
from activsoc_costs import load, report, rules, whatif
from activsoc_costs.export import operating as x_op, personnel as x_pers
from helpers import write_inputs

allocate = importlib.import_module("activsoc_costs.allocate")  # the module (the package exports the function)
PKG = Path(activsoc_costs.__file__).parent
RULE_FUNCTIONS = {"time_share", "caseload_share", "direct_share", "fixed_share", "pct_share", "cap_share",
                  "needs_justification", "claim_cap", "split", "_mul", "split_formulas", "line_fates",
                  "staff_line_fates", "deciding_rule", "rebuild"}


def _defined(path: Path) -> set[str]:
    return {n.name for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}


def _code_strings(path: Path) -> str:
    """The string literals of a module's code (f-string parts included), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
            and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    return "\n".join(n.value for n in ast.walk(tree)
                     if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs)


def test_rule_functions_are_defined_once_in_rules():
    assert RULE_FUNCTIONS <= _defined(PKG / "rules.py")
    for path in PKG.rglob("*.py"):
        if path.name not in ("rules.py", "generate.py"):  # generate: synthetic inputs (its split() shares out CPAS sizes)
            twice = RULE_FUNCTIONS & _defined(path)
            assert not twice, f"{path.relative_to(PKG)} defines again {sorted(twice)}"
    # nor a share / cap / fates helper of its own in the what-if (the old _compute_staff shares, _pct)
    mine = _defined(PKG / "whatif.py") | _defined(PKG / "scenario.py") | _defined(PKG / "monitor.py")
    assert not {n for n in mine if n.endswith(("_share", "_cap")) or n in ("_pct", "_split")}, mine


def test_engine_whatif_and_workbook_use_the_rules_objects():
    for name in ("time_share", "caseload_share", "claim_cap", "staff_line_fates", "fixed_share", "pct_share",
                 "direct_share", "rebuild"):
        assert getattr(whatif, name) is getattr(rules, name), name
    for name in ("time_share", "caseload_share", "claim_cap", "staff_line_fates", "line_fates", "split"):
        assert getattr(allocate, name) is getattr(rules, name), name
    assert whatif.staff_warnings is allocate.staff_warnings
    assert x_pers.R6 is rules.R6 and x_pers.R7 is rules.R7 and x_pers.R10 is rules.R10
    assert x_pers.split_formulas is rules.split_formulas is x_op.split_formulas
    assert x_op.R13 is rules.R13 and x_op.cap_share is rules.cap_share


def test_excel_expressions_of_a_line_are_written_by_the_rules_only():
    # the share, cap and split expressions; the export modules call rules' formula functions
    for path in (PKG / "export").glob("*.py"):
        text = _code_strings(path)
        for expr in ("MAX(0,MIN(", "MIN(ROUND(", "/I{R},1", ",1-K{R})"):
            assert expr not in text, f"{path.name} writes {expr} itself"
    assert rules.R10.formula("K2", "M2", "N2") == "N2*MAX(0,MIN(K2,1-M2))"
    assert rules.R7.formula("H2", "I2") == "IF(I2=0,0,MIN(H2/I2,1))"
    fx = rules.split_formulas("F2", "K2", "O2", ne_share="L2", sa="P2", claimed="Q2", not_eligible="R2")
    assert fx == {"sa": "ROUND(F2*K2,2)", "claimed": "MIN(ROUND(F2*O2,2),P2)",
                  "not_eligible": "MIN(ROUND(F2*L2,2),F2-P2)", "excluded": "P2-Q2", "other_use": "F2-P2-R2"}


def test_the_order_of_precedence_is_data(tmp_path, monkeypatch):
    assert [r.id for r in rules.OPERATING_ORDER] == ["R13", "R1", "R14", "R10"]
    assert [r.id for r in rules.PERSONNEL_ORDER] == ["R1", "R9", "R10"]
    # a cost for studies (R13) dated outside the period (R1): R13 comes first, 100,00 not eligible
    op = [{"id": "O", "date": "31/12/2014", "description": "x", "amount": "100,00", "purpose": "studies"}]
    inputs = load(write_inputs(tmp_path, operating=op))
    line = report(inputs).allocation.lines.set_index("id").loc["O"]
    assert (line.claimed, line.not_eligible, line.excluded, line.basis.rule) == (0, 10000, 0, "R13")
    # the same line with R1 declared first: excluded under R1, 100,00
    monkeypatch.setattr(rules, "OPERATING_ORDER", (rules.R1, rules.R13, rules.R14, rules.R10))
    line = report(inputs).allocation.lines.set_index("id").loc["O"]
    assert (line.claimed, line.not_eligible, line.excluded, line.basis.rule) == (0, 0, 10000, "R1")
