"""Money: integer euro cents, and nothing else.

Every amount in the library is an ``int`` number of cents.  Floats never hold
money: ``0.1 + 0.2 != 0.3`` in binary floating point, and a justification must
agree with the spreadsheet's ``ROUND(...;2)`` to the cent.  The only rounding of
an amount in the whole package happens here: ``mul_share`` rounds half-up
(away from zero for the non-negative amounts we handle), as accountants and
``ROUND`` do, and totals are sums of rounded lines.

Shares are exact fractions (``fractions.Fraction``): 400 h / 1 520 h stays
5/19, never 0.263157…  A share given as a percentage with decimals ("12,5 %")
is the fraction 125/1000.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

ONE = Fraction(1)
ZERO = Fraction(0)


def half_up_div(num: int, den: int) -> int:
    """``num / den`` rounded half-up to an integer (``den`` > 0)."""
    if den <= 0:
        raise ValueError("denominator must be positive")
    if num >= 0:
        return (2 * num + den) // (2 * den)
    return -((-2 * num + den) // (2 * den))


def mul_share(cents: int, share: Fraction) -> int:
    """``cents × share``, rounded half-up to the cent (one line, one rounding)."""
    return half_up_div(cents * share.numerator, share.denominator)


def split_largest_remainder(cents: int, weights: list[int]) -> list[int]:
    """Split ``cents`` over integer ``weights`` so that the parts sum exactly to
    ``cents`` (largest-remainder method; ties go to the earlier weight)."""
    total = sum(weights)
    if total <= 0:
        raise ValueError("weights must sum to a positive number")
    floors = [cents * w // total for w in weights]
    rest = cents - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(cents * weights[i] % total), i))
    for i in order[:rest]:
        floors[i] += 1
    return floors


def to_cents(value: Decimal | int | str) -> int:
    """An exact decimal amount in euro to cents; more than two decimals is an error."""
    d = Decimal(value) if not isinstance(value, Decimal) else value
    c = d * 100
    if c != c.to_integral_value():
        raise ValueError(f"{value} has more than two decimals")
    return int(c)


def parse_decimal(text: str) -> Decimal:
    """Parse a number as Belgian or international Excel writes it.

    ``1.234,56``, ``1 234,56``, ``1234,56``, ``1234.56``, ``€ 1.234,56``, ``15 %``
    (the percent sign is dropped, not divided: percentages are 0–100 columns).
    Raises ``ValueError`` when it is not a number.
    """
    s = str(text).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    s = s.replace("€", "").replace("EUR", "").replace("%", "")
    if s.startswith("(") and s.endswith(")"):
        s = "-" + s[1:-1]
    if not s:
        raise ValueError("empty")
    if "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):  # 1.234,56
            s = s.replace(".", "").replace(",", ".")
        else:  # 1,234.56
            s = s.replace(",", "")
    elif "," in s:
        if s.count(",") > 1:
            raise ValueError(text)
        s = s.replace(",", ".")
    elif s.count(".") > 1:  # 1.234.567 (thousands only)
        parts = s.split(".")
        if all(len(p) == 3 for p in parts[1:]):
            s = "".join(parts)
        else:
            raise ValueError(text)
    try:
        d = Decimal(s)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not d.is_finite():
        raise ValueError(text)
    return d


def fmt(cents: int) -> str:
    """Cents as a plain decimal string with two decimals: ``-1234.5`` € → ``'-1234.50'``."""
    sign = "-" if cents < 0 else ""
    c = abs(int(cents))
    return f"{sign}{c // 100}.{c % 100:02d}"


def fmt_eur(cents: int, lang: str = "fr") -> str:
    """Cents for a reader: ``€ 1 234,56`` in French, ``€ 1.234,56`` in Dutch."""
    sign = "-" if cents < 0 else ""
    c = abs(int(cents))
    units = f"{c // 100:,}".replace(",", "\u202f" if lang == "fr" else ".")
    return f"{sign}€ {units},{c % 100:02d}"


def fmt_hours(milli: int, lang: str | None = None) -> str:
    """Thousandths of an hour for a reader, two decimals rounded half-up: 1 234,50 (fr),
    1.234,50 (nl), 1234.50 (no language: JSON values)."""
    hundredths = half_up_div(int(milli), 10)
    sign = "-" if hundredths < 0 else ""
    h = abs(hundredths)
    if lang in ("fr", "nl"):
        units = f"{h // 100:,}".replace(",", "\u202f" if lang == "fr" else ".")
        return f"{sign}{units},{h % 100:02d}"
    return f"{sign}{h // 100}.{h % 100:02d}"


def fmt_pct(share: Fraction, lang: str | None = None) -> str:
    """A fraction as a percentage with two decimals, rounded half-up: 5/19 → '26.32'."""
    hundredths = half_up_div(share.numerator * 10000, share.denominator)
    s = f"{hundredths // 100}.{hundredths % 100:02d}"
    return s.replace(".", ",") if lang in ("fr", "nl") else s
