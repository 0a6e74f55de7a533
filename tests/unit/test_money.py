"""money: integer cents, half-up rounding, exact splitting."""
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from activsoc_costs.money import fmt, fmt_eur, half_up_div, mul_share, parse_decimal, split_largest_remainder, to_cents


@pytest.mark.parametrize("num,den,expected", [(5, 10, 1), (4, 10, 0), (15, 10, 2), (25, 10, 3), (-5, 10, -1), (-4, 10, 0)])
def test_half_up(num, den, expected):
    assert half_up_div(num, den) == expected


def test_mul_share_examples():
    assert mul_share(5_200_000, Fraction(400, 1520)) == 1_368_421    # 13 684.2105... -> 13 684.21
    assert mul_share(1, Fraction(1, 2)) == 1                          # 0.005 -> 0.01 (half-up)
    assert mul_share(3, Fraction(1, 2)) == 2                          # 0.015 -> 0.02, not banker's 0.02/0.01


@given(st.integers(0, 10**12), st.lists(st.integers(0, 10**6), min_size=1, max_size=30).filter(lambda w: sum(w) > 0))
def test_split_sums_exactly(cents, weights):
    parts = split_largest_remainder(cents, weights)
    assert sum(parts) == cents
    total = sum(weights)
    for p, w in zip(parts, weights):
        assert abs(p - cents * w / total) < 1  # each part within one cent of its exact share


@pytest.mark.parametrize("text,value", [("1.234,56", "1234.56"), ("1 234,56", "1234.56"), ("€ 1.234,56", "1234.56"),
                                        ("1234.56", "1234.56"), ("1,234.56", "1234.56"), ("15 %", "15"),
                                        ("0,5", "0.5"), ("1.234.567", "1234567"), ("\u00a01\u202f000,00", "1000.00")])
def test_parse_decimal(text, value):
    assert parse_decimal(text) == Decimal(value)


@pytest.mark.parametrize("text", ["abc", "1,2,3", "", "1.23.4"])
def test_parse_decimal_refuses(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


def test_to_cents_refuses_three_decimals():
    assert to_cents(Decimal("12.30")) == 1230
    with pytest.raises(ValueError):
        to_cents(Decimal("12.345"))


def test_formats():
    assert fmt(-123456) == "-1234.56"
    assert fmt(5) == "0.05"
    assert fmt_eur(123456789, "nl") == "€ 1.234.567,89"
    assert fmt_eur(123456789, "fr") == "€ 1\u202f234\u202f567,89"


def test_hours_in_the_readers_format():
    from activsoc_costs.money import fmt_hours
    # 1 234.505 h = 1 234 505 thousandths -> half-up to 1 234.51
    assert fmt_hours(1_234_505, "fr") == "1\u202f234,51"
    assert fmt_hours(1_234_505, "nl") == "1.234,51"
    assert fmt_hours(1_234_505) == "1234.51"
    assert fmt_hours(800_000, "fr") == "800,00"
