"""The README explains the input tables column by column: every column of the
schema (its id, French and Dutch header) appears in it."""
from activsoc_costs.schema import TABLES
from helpers import ROOT


def test_every_column_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = []
    for t in TABLES:
        for c in t.columns:
            row = f"| `{c.id}` | {c.fr} | {c.nl} |"
            if row not in readme:
                missing.append(f"{t.id}.{c.id}")
    assert missing == []
