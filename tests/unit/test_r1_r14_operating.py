"""Operating costs: R1 (period, start-up before signature), R10 (funded
elsewhere), R11 (participant refunds from attendance), R12/R13 (purposes),
R14 (partnership vs subcontracting)."""
from activsoc_costs import load, report
from helpers import write_inputs

PIIS = [{"id": "P1", "person": "B1", "type": "2.2", "start": "01/02/2015", "end": "31/12/2015"},
        {"id": "P2", "person": "B2", "type": "professional", "start": "01/02/2015", "end": "31/12/2015"}]


def fates(f, oid):
    r = f.allocation.lines.set_index("id").loc[oid]
    return (r.amount, r.claimed, r.not_eligible, r.excluded, r.other_use)


def op(id_, purpose, amount, date="01/03/2015", **kw):
    return {"id": id_, "date": date, "description": f"line {id_}", "amount": amount, "purpose": purpose, **kw}


def test_purposes_period_and_contracts(tmp_path):
    rows = [op("A", "social_activation", "100,00", date="02/01/2015"),          # before signature: claimed (R1)
            op("B", "social_activation", "100,00", date="31/12/2014"),          # outside: excluded (R1)
            op("C", "social_activation", "100,00", date="01/01/2016"),          # outside: excluded (R1)
            op("D", "literacy", "100,00"), op("E", "pre_training", "100,00"),   # R12
            op("F", "pre_training_job", "100,00"), op("G", "studies", "100,00"),  # R13
            op("H", "social_activation", "100,00", contract="subcontracting"),  # no procurement ref: R14
            op("I", "social_activation", "100,00", contract="subcontracting", procurement_ref="MP-1"),
            op("J", "social_activation", "100,00", contract="partnership"),
            op("K", "social_activation", "100,00", other_funding="25", other_funder="PAS"),  # R10
            op("L", "social_activation", "100,01", share="50")]                 # mixed cost: half-up per fate
    f = report(load(write_inputs(tmp_path, operating=rows, piis=PIIS)))
    assert fates(f, "A") == (10000, 10000, 0, 0, 0)
    assert fates(f, "B") == (10000, 0, 0, 10000, 0)
    assert fates(f, "C") == (10000, 0, 0, 10000, 0)
    assert fates(f, "D")[1] == fates(f, "E")[1] == 10000
    assert fates(f, "F") == fates(f, "G") == (10000, 0, 10000, 0, 0)
    assert fates(f, "H") == (10000, 0, 0, 10000, 0)
    assert fates(f, "I")[1] == fates(f, "J")[1] == 10000
    assert fates(f, "K") == (10000, 7500, 0, 2500, 0)
    assert fates(f, "L") == (10001, 5001, 0, 0, 5000)
    codes = {w.code for w in f.warnings}
    assert {"w_r1_outside_period", "w_r14_no_procurement", "w_r10_funded_elsewhere"} <= codes


def test_refund_computed_from_attendance(tmp_path):
    # R11: blank amount -> 12,5 h eligible x 1.00 + 2 h on a professional PIIS (R18: not eligible);
    # hours dated 2014 are outside the period and not refunded
    att = [{"piis_id": "P1", "date": "01/03/2015", "hours": "10"}, {"piis_id": "P1", "date": "02/03/2015", "hours": "2,5"},
           {"piis_id": "P2", "date": "01/03/2015", "hours": "2"}, {"piis_id": "P1", "date": "01/12/2014", "hours": "7"}]
    f = report(load(write_inputs(tmp_path, piis=PIIS, attendance=att,
                                    operating=[op("R", "participant_refund", "", date="31/12/2015")])))
    assert fates(f, "R") == (1450, 1250, 200, 0, 0)
    assert f.allocation.refunds["hours_eligible"] == 12500 and f.allocation.refunds["rate"] == 100


def test_refund_above_attendance_is_excluded(tmp_path):
    att = [{"piis_id": "P1", "date": "01/03/2015", "hours": "10"}]
    f = report(load(write_inputs(tmp_path, piis=PIIS, attendance=att,
                                    operating=[op("R", "participant_refund", "15,00")])))
    assert fates(f, "R") == (1500, 1000, 0, 500, 0)
    assert any(w.code == "w_r11_refund_above_attendance" for w in f.warnings)


def test_refund_rate_is_a_parameter(tmp_path, monkeypatch):
    import dataclasses
    import sys
    L = sys.modules["activsoc_costs.load"]
    real = L.load_parameters
    monkeypatch.setattr(L, "load_parameters", lambda y: dataclasses.replace(real(y), refund_rate_cents=150))
    att = [{"piis_id": "P1", "date": "01/03/2015", "hours": "10"}]
    f = report(load(write_inputs(tmp_path, piis=PIIS, attendance=att,
                                    operating=[op("R", "participant_refund", "")])))
    assert fates(f, "R")[:2] == (1500, 1500)
