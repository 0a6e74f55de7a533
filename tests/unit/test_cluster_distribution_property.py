"""The distribution among the members (issue 11 item 2): whatever the accepted amount and
the weights (claimed cents or an agreed key), the shares add up to the amount to the cent
and each differs from its exact share (amount × weight / total) by less than one cent."""
from fractions import Fraction

from hypothesis import given, settings, strategies as st

from activsoc_costs.cluster import distribute
from activsoc_costs.money import split_largest_remainder


@settings(max_examples=400, deadline=None)
@given(st.integers(0, 10**11), st.lists(st.integers(0, 10**10), min_size=3, max_size=12).filter(lambda w: sum(w) > 0))
def test_shares_add_up_and_stay_within_a_cent(cents, weights):
    shares = distribute(cents, weights)
    assert sum(shares) == cents
    total = sum(weights)
    for s, w in zip(shares, weights):
        exact = Fraction(cents * w, total)
        assert abs(s - exact) < 1
        assert s >= 0


def test_hand_example_ties_go_to_the_earlier_member():
    """100 cents over three equal weights: 33.33… each, one cent left, to the first (convention order)."""
    assert split_largest_remainder(100, [1, 1, 1]) == [34, 33, 33]
    # remainders .928, .895, .175 (docs/examples/cluster-2015.md): the two largest get a cent
    assert distribute(6_000_000, [1_590_000, 3_150_000, 1_400_000]) == [1_553_746, 3_078_176, 1_368_078]


def test_nothing_claimed_leaves_the_advance_with_the_promoter():
    """All members claimed 0: no pro rata exists; the whole advance (to pay back, R2) stays with the
    member that received it, the promoter (index 1 here)."""
    assert distribute(3_000_000, [0, 0, 0], 1) == [0, 3_000_000, 0]


def test_cluster_figures_is_core():
    """The cluster's figures (R17 across the cluster, R2, the distribution) import nothing from reading
    nor rendering, like the single CPAS's core (issue 10 item 3), and stay small."""
    import ast
    from pathlib import Path

    import activsoc_costs
    text = (Path(activsoc_costs.__file__).parent / "cluster_figures.py").read_text(encoding="utf-8")
    mods = {n.module.split(".")[0] for n in ast.walk(ast.parse(text)) if isinstance(n, ast.ImportFrom) and n.level and n.module}
    assert not mods & {"read", "load", "schema", "export", "cli", "app", "labels", "template", "cluster"}
    assert len(text.splitlines()) <= 520
