"""R8: direct (100 %) is the teacher's key (all participants under a PIIS-AS); any other
function at 100 % needs a written justification (as R9), else the social-activation part
is excluded with a warning naming R8 and what to write.  The what-if applies the same rule."""
from activsoc_costs import load, report
from activsoc_costs.whatif import Recruit, Scenario, WhatIf
from helpers import cents, write_inputs


def fates(f, ref):
    r = f.allocation.lines.set_index("id").loc[ref]
    return (int(r.claimed), int(r.not_eligible), int(r.excluded), int(r.other_use))


def test_coordinator_at_100_percent_without_justification_is_excluded(tmp_path):
    # 60 000.00, direct: teacher -> claimed 60 000.00; coordinator without justification -> 60 000.00
    # excluded; coordinator with a justification -> claimed 60 000.00
    staff = [{"id": "T", "function": "teacher", "cost": "60000,00", "key": "direct"},
             {"id": "C", "function": "coordinator", "cost": "60000,00", "key": "direct"},
             {"id": "J", "function": "coordinator", "cost": "60000,00", "key": "direct",
              "justification": "coordination exclusive des parcours PIIS AS (organigramme joint)"}]
    f = report(load(write_inputs(tmp_path, staff=staff)))
    assert fates(f, "T") == (6_000_000, 0, 0, 0)
    assert fates(f, "C") == (0, 0, 6_000_000, 0)
    assert fates(f, "J") == (6_000_000, 0, 0, 0)
    w = [w for w in f.warnings if w.code == "w_r8_direct_no_justification"]
    assert [x.value for x in w] == ["C"] and w[0].rule == "R8"
    assert "justification" in w[0].message_fr and "verantwoording" in w[0].message_nl
    rules = f.allocation.lines.set_index("id").loc["C", "rules"].split()
    assert "R8" in rules and "R9" in rules


def test_whatif_applies_the_same_rule(tmp_path):
    staff = [{"id": "C", "function": "coordinator", "cost": "60000,00", "key": "direct"}]
    model = WhatIf(load(write_inputs(tmp_path, staff=staff)))
    assert model.evaluate().personnel["excluded"] == cents("60 000,00")
    # a recruit: social worker, direct, not justified -> 30 000.00 excluded; a teacher -> claimed
    sc = Scenario(recruits=[Recruit("N1", "social_worker", cents("30 000,00"), "direct", justified=False),
                            Recruit("N2", "teacher", cents("30 000,00"), "direct", justified=False)])
    r = model.evaluate(sc)
    assert (r.staff["N1"].claimed, r.staff["N1"].excluded) == (0, cents("30 000,00"))
    assert (r.staff["N2"].claimed, r.staff["N2"].excluded) == (cents("30 000,00"), 0)
    assert any(w.code == "w_r8_direct_no_justification" and w.value == "N1" for w in r.warnings)
