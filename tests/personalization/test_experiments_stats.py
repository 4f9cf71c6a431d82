"""The A/B report's statistics against published values, and the recommendation rule."""

from __future__ import annotations

import math

import pytest

from personalization.ab_report import (
    Action,
    Rate,
    Rule,
    VariantStats,
    alpha_per_test,
    chi_squared,
    compare,
    detectable_difference,
    recommend,
    welch_t,
    wilson_interval,
)


@pytest.mark.parametrize(
    ("successes", "trials", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score, no correction).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_newcombe(successes, trials, low, high):
    lo, hi = wilson_interval(successes, trials)
    assert lo == pytest.approx(low, abs=5e-5) and hi == pytest.approx(high, abs=5e-5)


def test_wilson_interval_edges_and_bad_input():
    assert wilson_interval(0, 0) == (0.0, 1.0)
    lo, hi = wilson_interval(10, 10)
    assert hi == pytest.approx(1.0) and hi <= 1.0 and 0.6 < lo < 0.75  # never outside [0, 1], unlike the normal approximation
    narrow, wide = wilson_interval(50, 100, 0.90), wilson_interval(50, 100, 0.99)
    assert wide[0] < narrow[0] < 0.5 < narrow[1] < wide[1]
    with pytest.raises(ValueError, match="successes <= trials"):
        wilson_interval(5, 3)
    with pytest.raises(ValueError, match="confidence"):
        wilson_interval(1, 3, 1.5)


def test_chi_squared_matches_a_hand_computed_table():
    # [[20, 80], [40, 60]]: expected 30/70 in each row, so chi2 = 2 (100/30 + 100/70) = 9.5238;
    # with 1 degree of freedom p = P(Z^2 > 9.5238) = erfc(sqrt(9.5238 / 2)).
    result = chi_squared(20, 100, 40, 100)
    assert result.statistic == pytest.approx(2 * (100 / 30 + 100 / 70), rel=1e-9)
    assert result.p_value == pytest.approx(math.erfc(math.sqrt(result.statistic / 2)), rel=1e-9)
    assert result.p_value == pytest.approx(0.002028, abs=5e-6)
    assert result.valid


def test_chi_squared_says_when_it_cannot_be_read():
    small = chi_squared(1, 10, 3, 10)
    assert not small.valid and "expected count" in small.note
    same = chi_squared(0, 50, 0, 60)
    assert not same.valid and same.p_value == 1.0
    assert not chi_squared(0, 0, 3, 10).valid


def test_welch_t_matches_the_textbook_example():
    # Welch's t-test, worked example 1 on Wikipedia (two samples of 15, unequal variances):
    # t = -2.46, d.f. 24.99, p = 0.021.
    a = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]
    b = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]
    result = welch_t(a, b)
    # The statistic from its definition, computed here independently of scipy.
    def mean(x):
        return sum(x) / len(x)

    def var(x):
        return sum((v - mean(x)) ** 2 for v in x) / (len(x) - 1)

    t = (mean(a) - mean(b)) / math.sqrt(var(a) / len(a) + var(b) / len(b))
    assert result.statistic == pytest.approx(t, rel=1e-9)
    assert result.statistic == pytest.approx(-2.46, abs=0.005)
    assert result.p_value == pytest.approx(0.021, abs=0.0005)
    assert not welch_t([1.0], [2.0, 3.0]).valid
    assert not welch_t([5.0, 5.0], [5.0, 5.0]).valid


def _stats(name, turns, clicks, carts=None, purchases=None, up=None, voted=None, orders=()):
    carts = carts if carts is not None else turns // 20
    purchases = purchases if purchases is not None else turns // 40
    voted = voted if voted is not None else turns // 5
    up = up if up is not None else voted // 2
    rates = {"click_through": Rate.of(clicks, turns), "add_to_cart": Rate.of(carts, turns),
             "purchase": Rate.of(purchases, turns), "thumbs_up": Rate.of(up, voted)}
    return VariantStats(name, turns // 3, turns, rates, tuple(orders))


def _decide(rule, *variants):
    by = {v.variant: v for v in variants}
    control = variants[0].variant
    alpha = alpha_per_test(rule, len(variants) - 1)
    assert alpha == rule.alpha / ((len(variants) - 1) * 5)  # every treatment's five tests
    comparisons = [c for v in variants[1:] for c in compare(variants[0], v, alpha)]
    return recommend(rule, by, control, comparisons)


def test_rule_promotes_a_significant_winner_with_no_guardrail_worse():
    overall, _ = _decide(Rule(), _stats("control", 1000, 300), _stats("rerank", 1000, 380))
    assert overall.action is Action.PROMOTE and overall.variant == "rerank"
    assert "click-through +8.0 pts" in overall.reason


def test_rule_rolls_back_a_significant_loser_and_a_guardrail_breach():
    overall, _ = _decide(Rule(), _stats("control", 1000, 380), _stats("rerank", 1000, 300))
    assert overall.action is Action.ROLL_BACK and overall.variant == "control"
    # Better click-through, but purchases fell significantly: a guardrail wins over the primary metric.
    overall, verdicts = _decide(Rule(), _stats("control", 2000, 600, purchases=120),
                                _stats("clicky", 2000, 760, purchases=60))
    assert overall.action is Action.ROLL_BACK and "purchase rate" in verdicts[0].reason
    # So does a significantly lower order value (Welch).
    overall, verdicts = _decide(Rule(), _stats("control", 1000, 300, orders=[100.0, 110, 90, 105, 95] * 8),
                                _stats("cheap", 1000, 300, orders=[50.0, 55, 45, 52, 48] * 8))
    assert overall.action is Action.ROLL_BACK and "order value" in verdicts[0].reason


def test_rule_keeps_running_when_small_or_not_significant():
    overall, _ = _decide(Rule(min_turns=200), _stats("control", 150, 30), _stats("rerank", 150, 90))
    assert overall.action is Action.KEEP_RUNNING and "200 turns" in overall.reason
    overall, verdicts = _decide(Rule(), _stats("control", 1000, 300), _stats("rerank", 1000, 310))
    assert overall.action is Action.KEEP_RUNNING and "not significant" in verdicts[0].reason


def test_rule_splits_alpha_over_every_test():
    # Five tests per treatment: alpha 0.05 becomes 0.01 per test with one treatment, 0.005 with two.
    control, treatment = _stats("control", 1000, 300), _stats("a", 1000, 356)
    p = compare(control, treatment, 0.05)[0].result.p_value
    assert 0.005 < p < 0.01
    assert _decide(Rule(), control, treatment)[0].action is Action.PROMOTE
    overall, _ = _decide(Rule(), control, treatment, _stats("b", 1000, 300))
    assert overall.action is Action.KEEP_RUNNING
    # A single guardrail at p = 0.03 is what chance gives one experiment in five: not a roll back.
    overall, _ = _decide(Rule(), _stats("control", 1000, 300, purchases=60), _stats("a", 1000, 300, purchases=40))
    assert 0.01 < compare(_stats("c", 1000, 300, purchases=60), _stats("a", 1000, 300, purchases=40), 0.05)[2].result.p_value < 0.05
    assert overall.action is Action.KEEP_RUNNING


def test_rule_picks_the_largest_winner_and_validates_its_settings():
    overall, _ = _decide(Rule(), _stats("control", 2000, 500), _stats("a", 2000, 600), _stats("b", 2000, 700))
    assert overall.action is Action.PROMOTE and overall.variant == "b"
    with pytest.raises(ValueError, match="primary metric"):
        Rule(primary="revenue")
    with pytest.raises(ValueError, match="alpha"):
        Rule(alpha=0)


def test_detectable_difference_matches_the_sample_size_formula():
    # n = (z_0.995 + z_0.8)^2 * 2 p (1 - p) / delta^2: 1.5 points at 75% and alpha 0.01 needs about 19,500 per variant.
    n = round((2.5758 + 0.8416) ** 2 * 2 * 0.75 * 0.25 / 0.015**2)
    assert detectable_difference(0.75, n, n, 0.01) == pytest.approx(0.015, rel=1e-3)
    assert detectable_difference(0.75, 4 * n, 4 * n, 0.01) == pytest.approx(0.0075, rel=1e-3)  # 4x the data: half
    assert detectable_difference(0.5, 0, 10, 0.05) is None
