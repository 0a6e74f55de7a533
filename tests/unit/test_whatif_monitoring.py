"""Mid-year monitoring (whatif.monitor): budgeted / actual / theoretical / projected
per category, and the early warnings on the grant (R2), worked by hand on the sample."""
from __future__ import annotations

import datetime as dt

import pytest

from activsoc_costs import load, report
from activsoc_costs.whatif import Scenario, WhatIf, monitor
from helpers import SAMPLE, cents


@pytest.fixture(scope="module")
def model():
    return WhatIf(load(SAMPLE))


def hu(num, den):
    """num / den to the nearest cent, halves up (written out here, not the library's)."""
    q, r = divmod(num, den)
    return q + (2 * r >= den)


def row(m, cat):
    return next(r for r in [*m.rows, m.total] if r.category == cat)


def test_operating_actual_to_30_june_and_projection(model):
    m = monitor(model, dt.date(2015, 6, 30), Scenario(budget={"operating": cents("20 000,00")}))
    assert (m.elapsed_days, m.period_days) == (181, 365)
    op = row(m, "operating")
    # claimed operating lines dated on or before 30/06: O1 480 + O2 1 250 + O4 4 000 + O5 6 000
    # (O6 excluded R14, O7/O8 not eligible R13, O10 outside the period R1; O3, O11, O12 later)
    assert op.actual == cents("11 730,00")
    assert op.budgeted == cents("20 000,00")
    assert op.theoretical == cents("9 917,81")   # 20 000 x 181 / 365 = 9 917.808
    assert op.projected == cents("23 654,42")    # 11 730 x 365 / 181 = 23 654.419
    assert op.gap == op.projected - op.budgeted


def test_personnel_actual_counts_payroll_months_and_annual_costs_pro_rata(model):
    m = monitor(model, dt.date(2015, 6, 30))
    pers = row(m, "personnel")
    s3 = 6 * cents("1 791,67")  # six payroll months ended by 30/06
    # annual costs: claimed x days of the staff period elapsed / days of the staff period
    s1 = hu(cents("13 684,21") * 181, 365)
    s2 = hu(cents("8 000,00") * 122, 306)     # S2 starts 1/3: 122 of 306 days
    s4 = hu(cents("3 800,00") * 181, 365)
    s6 = hu(cents("24 000,00") * 181, 365)
    assert pers.actual == s3 + s1 + s2 + s4 + s6
    assert pers.budgeted == cents("70 984,21")  # no plan given: the scenario's own claim


def test_year_end_projection_is_the_report(model):
    m = monitor(model, dt.date(2015, 12, 31))
    full = report(load(SAMPLE))
    assert row(m, "total").actual == row(m, "total").projected == full.claimed
    assert row(m, "total").theoretical == row(m, "total").budgeted
    assert [w.code for w in m.warnings] == ["w_monitor_underuse"]  # 89 544.21 < 95 000
    assert "5 455,79" in m.warnings[0].message_fr.replace("\u202f", " ")


def test_early_warning_when_the_grant_will_be_exceeded_or_underused(model):
    m = monitor(model, dt.date(2015, 6, 30), Scenario(granted=cents("50 000,00")))
    assert [w.code for w in m.warnings] == ["w_monitor_exceeded"]
    total = row(m, "total")
    assert total.projected > cents("50 000,00")
    assert m.warnings[0].rule == "R2" and m.warnings[0].message_nl
    m = monitor(model, dt.date(2015, 6, 30), Scenario(granted=cents("200 000,00")))
    assert [w.code for w in m.warnings] == ["w_monitor_underuse"]


def test_theoretical_is_budget_pro_rata_of_time(model):
    sc = Scenario(budget={"personnel": cents("73 000,00"), "operating": cents("3 650,00")})
    m = monitor(model, dt.date(2015, 3, 31), sc)  # 90 days of 365
    assert row(m, "personnel").theoretical == cents("18 000,00")
    assert row(m, "operating").theoretical == cents("900,00")


def test_a_date_outside_the_period_is_warned(model):
    m = monitor(model, dt.date(2016, 3, 1))
    assert "w_monitor_date_outside" in [w.code for w in m.warnings]
    m = monitor(model, dt.date(2014, 12, 1))
    assert m.elapsed_days == 0 and row(m, "total").actual == 0
