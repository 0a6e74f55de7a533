"""R11 refunds (domain.md, binding choice): the rate is the CPAS's own (convention column
``refund_rate`` / taux de défraiement / vergoedingstarief, euro per hour; blank = the year's
parameter, € 1.00 in 2015); refunds are eligible only for the attendance of COUNTED PIIS,
within the PIIS's dates and the period.  Other hours do not fund the refunds: R18 -> not
eligible; R16/R17/R20, outside the PIIS's dates or the period -> excluded, with a warning."""
from activsoc_costs import load, report
from helpers import write_inputs

PIIS = [{"id": "P1", "person": "B1", "type": "2.2", "start": "01/02/2015", "end": "31/12/2015"},
        {"id": "P2", "person": "B2", "type": "professional", "start": "01/02/2015", "end": "31/12/2015"},   # R18
        {"id": "P3", "person": "B1", "type": "2.2", "start": "01/03/2015", "end": "31/12/2015"},           # R17
        {"id": "P4", "person": "B4", "type": "2.2", "start": "01/02/2015", "end": "31/12/2015",
         "left_on": "01/05/2015"},                                                                       # R20
        {"id": "P5", "person": "B5", "type": "2.2", "start": "01/02/2015", "end": "31/12/2015",
         "left_on": "01/06/2015", "leave_reason": "déménagement"}]                                       # counts
ATT = [{"piis_id": "P1", "date": "01/03/2015", "hours": "10"},   # eligible
       {"piis_id": "P1", "date": "15/01/2015", "hours": "4"},    # before P1's start: outside its dates
       {"piis_id": "P2", "date": "01/03/2015", "hours": "2"},    # R18: not eligible
       {"piis_id": "P3", "date": "01/04/2015", "hours": "3"},    # R17: not counted
       {"piis_id": "P4", "date": "01/04/2015", "hours": "5"},    # R20 without reason: not counted
       {"piis_id": "P1", "date": "01/12/2014", "hours": "7"}]    # R1: before the period


def refund(amount, date="31/12/2015"):
    return [{"id": "R", "date": date, "description": "défraiement", "amount": amount, "purpose": "participant_refund"}]


def fates(f, id_):
    r = f.allocation.lines.set_index("id").loc[id_]
    return (int(r.amount), int(r.claimed), int(r.not_eligible), int(r.excluded), int(r.other_use))


def test_only_counted_piis_within_their_dates_fund_refunds_at_the_cpas_rate(tmp_path):
    # rate 1.50 / h (convention). eligible 10 h x 1.50 = 15.00; R18 2 h x 1.50 = 3.00 not eligible;
    # 4 + 3 + 5 + 7 = 19 h do not fund refunds. Line of 45.00: 15.00 claimed, 3.00 not eligible,
    # 45.00 - 15.00 - 3.00 = 27.00 excluded.
    f = report(load(write_inputs(tmp_path, convention={"refund_rate": "1,50"}, piis=PIIS,
                                    attendance=ATT, operating=refund("45,00"))))
    assert f.problems == []
    assert fates(f, "R") == (4500, 1500, 300, 2700, 0)
    r = f.allocation.refunds
    assert (r["rate"], r["hours_eligible"], r["hours_not_eligible"], r["hours_excluded"]) == (150, 10000, 2000, 19000)
    w = {x.value: x for x in f.warnings if x.code == "w_r11_hours_not_counted"}
    # 7 h outside the period = 10.50; PIIS not counted: 3 h of P3 (R17) = 4.50, 5 h of P4 (R20) = 7.50;
    # 4 h outside P1's dates = 6.00
    assert set(w) == {"outside_period", "not_counted R17", "not_counted R20", "outside_piis_dates"}
    assert "7,00 h" in w["outside_period"].message_fr and "10,50" in w["outside_period"].message_fr
    assert "3,00 h" in w["not_counted R17"].message_fr and "4,50" in w["not_counted R17"].message_fr
    assert "5,00 h" in w["not_counted R20"].message_fr and "7,50" in w["not_counted R20"].message_fr
    assert w["not_counted R20"].rule == "R11 R20" and "(R20)" in w["not_counted R20"].message_nl
    assert "4,00 h" in w["outside_piis_dates"].message_fr and "6,00" in w["outside_piis_dates"].message_fr


def test_blank_rate_is_the_years_parameter_and_blank_amount_is_computed(tmp_path):
    # 2015 parameter: 1.00 / h. Blank amount = eligible + not eligible hours x rate = 10.00 + 2.00 = 12.00
    f = report(load(write_inputs(tmp_path, piis=PIIS, attendance=ATT, operating=refund(""))))
    assert fates(f, "R") == (1200, 1000, 200, 0, 0)
    assert f.allocation.refunds["rate"] == 100


def test_hours_after_a_leaving_date_fund_no_refund(tmp_path):
    # P5 left 01/06/2015 with a reason (R20: the PIIS counts). 3 h on 15/05/2015 are before it:
    # 3.00 eligible. 2 h on 01/07/2015 are after it: the person left, no module of this PIIS after
    # that date: they fund nothing. Line of 5.00: 3.00 claimed, 2.00 excluded, and two warnings:
    # the hours not counted (2.00 h, 2,00 at 1.00/h) and which PIIS (P5, since 01/06/2015).
    att = [{"piis_id": "P5", "date": "15/05/2015", "hours": "3"},
           {"piis_id": "P5", "date": "01/07/2015", "hours": "2"}]
    f = report(load(write_inputs(tmp_path, piis=PIIS, attendance=att, operating=refund("5,00"))))
    assert f.problems == []
    assert fates(f, "R") == (500, 300, 0, 200, 0)
    w = {x.value: x for x in f.warnings if x.code == "w_r11_hours_not_counted"}
    assert set(w) == {"after_left"} and "2,00 h" in w["after_left"].message_fr and "2,00 u" in w["after_left"].message_nl and "R20" in w["after_left"].rule
    w = [x for x in f.warnings if x.code == "w_r11_after_left"]
    assert [x.value for x in w] == ["P5"] and "01/06/2015" in w[0].message_fr and "01/06/2015" in w[0].message_nl


def test_sample_refunds_unchanged():
    # the worked example: 1 830 attended hours x 1.00 = 1 830.00 claimed (O3)
    from helpers import SAMPLE
    f = report(load(SAMPLE))
    assert fates(f, "O3") == (183000, 183000, 0, 0, 0)
    # report --json shows the hours behind it: 2 x 231 + 6 x 228 = 1 830 h, all eligible, at 1.00 / h
    r = f.to_dict()["refunds"]
    assert (r["rate"], r["hours_eligible"], r["hours_excluded"], r["eligible"]) == ("1.00", "1830", "0", "1830.00")
