"""What the officer sees and types in the what-if app, without a browser (issue 10
items 3 and 5): numbers shown and read in the reader's format, a value that reads
two ways refused (nothing changes), every word of the app in Dutch in the Dutch
app, and the layout: views apart from widgets, ``cli`` and ``app`` never import
each other, no module over 500 lines, each module's opening comment says what it
owns.  Figures worked by hand from the sample (shared/examples/exempleville-2015.md)."""
from __future__ import annotations

import ast
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from activsoc_costs.app import WhatIfApp
from activsoc_costs.app_views import NumberError, fmt_amount, fmt_number, read_number
from helpers import SAMPLE, cents

PKG = Path(__file__).resolve().parents[2] / "activsoc_costs"
NNBSP = "\u202f"


# --------------------------------------------------------------------------- shown in the reader's format

@pytest.mark.parametrize("value, fr, nl", [
    (Fraction(100, 3), "33,33", "33,33"),          # 33,333… % -> two decimals, half-up
    (Fraction(500, 19), "26,32", "26,32"),         # 400 h / 1 520 h = 26,3157… % (S1, R6)
    (10, "10", "10"),                              # whole: no decimals
    (Fraction(75, 2), "37,50", "37,50"),
    (1520, f"1{NNBSP}520", "1.520"),               # thousands as the reader groups them
    (Decimal("0.005"), "0,01", "0,01"),            # half-up, never a third decimal
])
def test_numbers_for_the_fields(value, fr, nl):
    assert (fmt_number(value, "fr"), fmt_number(value, "nl")) == (fr, nl)


def test_amounts_for_the_fields():
    assert fmt_amount(5_200_000, "fr") == f"52{NNBSP}000,00"
    assert fmt_amount(5_200_000, "nl") == "52.000,00"
    assert fmt_amount(5, "nl") == "0,05"


# --------------------------------------------------------------------------- read in the reader's format

@pytest.mark.parametrize("text, lang, expected", [
    ("1 234,56", "fr", "1234.56"), (f"1{NNBSP}234,56", "fr", "1234.56"), ("1.234,56", "nl", "1234.56"),
    ("1.234,56", "fr", "1234.56"),   # a comma after the dots: the dots can only group thousands
    ("52.000", "nl", "52000"), ("1.600", "nl", "1600"), ("37,5", "fr", "37.5"), ("37,5", "nl", "37.5"),
    ("37.5", "fr", "37.5"),          # one or two digits after a dot: no thousands mark, a decimal point
    ("€ 95 000,00", "fr", "95000.00"), ("20 %", "fr", "20"), ("12,345", "fr", "12.345"),
])
def test_read_number(text, lang, expected):
    assert read_number(text, lang) == Decimal(expected)


@pytest.mark.parametrize("text", ["1.600", "52.000", "1.234.567"])
def test_a_dot_before_three_digits_is_refused_in_french(text):
    with pytest.raises(NumberError) as e:
        read_number(text, "fr")
    assert e.value.ambiguous


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "1.23.4", ".5,", "12,", "1.2345.6", "--3"])
def test_not_a_number(text):
    with pytest.raises(NumberError):
        read_number(text, "nl")


def test_the_app_refuses_1_600_in_french_and_reads_it_in_dutch(tmp_path):
    fr = WhatIfApp(SAMPLE, lang="fr", out_dir=tmp_path / "fr")
    fr.staff_select.value = "S1"
    assert fr.cost.value == f"52{NNBSP}000,00" and fr.share_pct.value == "26,32"
    fr.cost.value = "60.000"                       # 60 000 or 60,000? refused, nothing changes
    assert "deux façons" in fr.message_out.value and fr.figures.claimed == cents("89 544,21")
    fr.cost.value = "60 000"                       # S1: 60 000 x 400 / 1 520 = 15 789,47 (was 13 684,21)
    assert fr.figures.claimed == cents("91 649,47")  # 89 544,21 - 13 684,21 + 15 789,47
    assert "deux façons" not in fr.message_out.value and "Exempleville" in fr.message_out.value  # taken: no stale refusal
    nl = WhatIfApp(SAMPLE, lang="nl", out_dir=tmp_path / "nl")
    nl.staff_select.value = "S1"
    assert nl.cost.value == "52.000,00" and nl.worked_hours.value == "1.520"
    nl.cost.value = "60.000"                       # in Dutch the dot groups thousands
    assert nl.figures.claimed == cents("91 649,47")
    assert "€ 91.649,47" in nl.claimed_out.value


def test_the_warnings_shown_fast_are_the_warnings(tmp_path):
    """The inputs' warnings are rendered once per model; what is shown is still every warning of
    the evaluation, in order (here S6 without other funding: its R10 cap warning goes, and the claim
    95 544,21 above the grant 95 000,00 adds the R2 one)."""
    from activsoc_costs.app_views import warnings_html
    app = WhatIfApp(SAMPLE, lang="nl", out_dir=tmp_path)
    assert app.model.base_warnings  # the fast path is taken
    full = lambda: "<h4>waarschuwingen</h4>" + warnings_html(app.figures.warnings, "nl")  # noqa: E731
    assert app.warnings_out.value.lower() == full().lower()
    app.staff_select.value = "S6"
    app.other_funding.value = "0"
    assert app.figures.claimed == cents("95 544,21")
    assert app.warnings_out.value.lower() == full().lower()


# --------------------------------------------------------------------------- every word in the chosen language

def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-zÀ-ÿ']{5,}", text.lower()))


def test_every_word_of_the_app_has_its_dutch_word():
    from activsoc_costs.app_words import INTRO, UI
    same = sorted(k for k, (fr, nl) in {**UI, **INTRO}.items() if fr == nl)
    assert same == ["module_name"]  # "Module" is the same word in both languages


def test_the_dutch_app_shows_no_french_word_of_the_app(tmp_path):
    from activsoc_costs.app_words import INTRO, UI
    french = set().union(*(_words(fr) for fr, _ in [*UI.values(), *INTRO.values()]))
    french -= set().union(*(_words(nl) for _, nl in [*UI.values(), *INTRO.values()]))
    assert {"changez", "enregistrer", "résultats"} <= french
    app = WhatIfApp(SAMPLE, lang="nl", out_dir=tmp_path)
    shown = " ".join(w.value for w in app.widget.children[:1]) + app.results_out.value + app.monitor_out.value \
        + " ".join(app._labels.values())
    assert not _words(shown) & french


# --------------------------------------------------------------------------- layout

def _imports(path: Path) -> set[str]:
    mods = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            mods.add(("." * node.level) + (node.module or ""))
            mods.update(f".{a.name}" for a in node.names if node.level and not node.module)
        elif isinstance(node, ast.Import):
            mods.update(a.name for a in node.names)
    return mods


def test_cli_and_app_never_import_each_other():
    app_modules = sorted(PKG.glob("app*.py"))
    assert {p.stem for p in app_modules} >= {"app", "app_views", "app_words", "app_controls", "app_inputs", "app_scenarios"}
    cli = _imports(PKG / "cli.py")
    assert not any(re.fullmatch(r"(\.|activsoc_costs\.)app\w*", m) for m in cli), cli
    for p in app_modules:
        assert not any(re.fullmatch(r"(\.|activsoc_costs\.)cli", m) for m in _imports(p)), p.name


def test_views_are_pure_and_modules_small_and_say_what_they_own():
    for name in ("app_views", "app_words"):
        mods = _imports(PKG / f"{name}.py")
        assert not any("ipywidgets" in m or "traitlets" in m for m in mods), name
    for p in [*PKG.glob("app*.py"), PKG / "defaults.py"]:
        text = p.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 500, p.name
        assert text.startswith(f'"""{p.stem}: '), p.name  # the opening comment names the module and what it owns
