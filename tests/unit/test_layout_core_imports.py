"""Issue 10 item 3: a layout that shows the pipeline.  The core (key data, rules, the
engine, refunds, trajectories, the figures, the what-if model) imports nothing from
reading (read, load, schema) nor rendering (export, cli, app); summarise() takes the
allocation and does not run the engine; cli and app do not import each other; no module
of this helper's layout is over about 500 lines, and each says what it owns."""
import ast
import importlib
import inspect
from pathlib import Path

import activsoc_costs
from activsoc_costs import summarise as summarise_fn

PKG = Path(activsoc_costs.__file__).parent
CORE = ("keydata", "parameters", "money", "rules", "allocate", "refunds", "trajectories", "summarise", "pipeline",
        "scenario", "whatif", "monitor")
READING = {"read", "load", "schema"}
RENDERING = {"export", "cli", "app", "labels", "app_views", "app_words", "template"}


def _imports(name: str) -> set[str]:
    tree = ast.parse((PKG / f"{name}.py").read_text(encoding="utf-8"))
    out = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom) and n.level >= 1:
            if n.module:
                out.add(n.module.split(".")[0])
            else:
                out |= {a.name for a in n.names}  # from . import problems
        elif isinstance(n, ast.Import):
            out |= {a.name.split(".")[1] for a in n.names if a.name.startswith("activsoc_costs.")}
    return out


def test_core_imports_nothing_from_reading_nor_rendering():
    for name in CORE:
        bad = _imports(name) & (READING | RENDERING)
        assert not bad, f"{name} imports {sorted(bad)}"


def test_summarise_takes_the_allocation_and_does_not_run_the_engine():
    module = importlib.import_module("activsoc_costs.summarise")
    assert not hasattr(module, "allocate") and not hasattr(module, "allocate_personnel")
    assert list(inspect.signature(summarise_fn).parameters)[:2] == ["inputs", "allocation"]
    assert inspect.signature(summarise_fn).parameters["allocation"].default is inspect.Parameter.empty


def test_cli_and_app_do_not_import_each_other():
    assert "app" not in _imports("cli") and "cli" not in _imports("app")


def test_core_modules_are_small_and_say_what_they_own():
    for name in CORE + ("export/personnel", "export/operating"):
        text = (PKG / f"{name}.py").read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 520, name
        doc = ast.get_docstring(ast.parse(text)) or ""
        assert len(doc) > 80, f"{name}: no opening comment saying what it owns"
