"""The README's "What is refused, and what to type instead" names real problem and
warning codes, and every reading refusal of issue 9 is in it."""
import re

from activsoc_costs.problems import MESSAGES
from helpers import ROOT

READING_CODES = {"ambiguous_number", "percent_fraction", "percent_one", "w_percent_one_from_column", "percent_format_elsewhere", "formula_no_value", "error_cell",
                 "duration_not_hours", "amount_blank", "two_sources", "copy_name", "single_csv", "csv_quote",
                 "ambiguous_header", "duplicate_column", "w_header_mapped", "w_extra_columns", "w_ignored_file", "w_hidden_sheet",
                 "w_thousands_from_column", "w_percent_format"}


def _section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("### What is refused, and what to type instead")
    return text[start:text.index("\n## ", start)]


def _named() -> set[str]:
    """The codes the table names: "refused, `code`" and "warning `code`"."""
    return set(re.findall(r"(?:refused, |warnings? )`([a-z_0-9]+)`", _section()))


def test_codes_in_the_readme_table_exist():
    assert _named() and _named() - set(MESSAGES) == set()


def test_every_reading_refusal_is_documented_in_both_languages():
    named = _named()
    assert READING_CODES - named == set()
    for code in READING_CODES:
        _, fr, nl = MESSAGES[code]
        assert fr.strip() and nl.strip() and fr != nl
