"""``shopassist ab-report``: per-variant rates with confidence intervals,
significance tests against the control, and a plain recommendation.

The unit of analysis is a *turn that showed products* (one ranking row with
at least one shown product). Per variant:

* **click-through**: turns with at least one click / turns;
* **add-to-cart rate** and **purchase rate**: the same with carts and purchases;
* **thumbs-up ratio**: among turns that got a thumbs (on the answer or on one
  of its products), those whose latest thumbs was up;
* **order value**: the value of each purchase that carries one.

Rates get Wilson score intervals (Wilson, 1927), which stay inside [0, 1] and
behave at small counts, unlike the normal approximation. Each treatment is
compared with the control: Pearson's chi-squared test on the 2x2 table (no
Yates correction; reported as not valid when an expected count is below 5)
for rates, and Welch's t-test (unequal variances) for order values.

The recommendation rule (:func:`recommend`), per treatment against the control:

1. every variant needs ``min_turns`` turns first; before that: keep running;
2. the significance level of each test is ``alpha`` divided by the number of
   tests (Bonferroni over every treatment's five metrics: with one treatment,
   0.05 / 5 = 0.01), and a test only counts when it is valid. Without the
   split, a treatment no better or worse than the control would be rolled
   back by chance in about one experiment in five (five tests at 0.05);
3. **roll back** a treatment whose primary metric, or any guardrail (the other
   rates and the order value), is significantly *worse* than the control's;
4. **promote** a treatment whose primary metric is significantly *better*
   and that no guardrail says is worse;
5. otherwise **keep running**.

Overall: promote the winner with the largest primary lift; roll back when
every treatment is rolled back; otherwise keep running. Turns of one user are
counted as independent, so a few very active users make the intervals too
narrow; the report shows the number of users per variant beside the turns.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum

from scipy import stats
from sqlalchemy import select
from sqlalchemy.orm import Session

from personalization.store import InteractionRow, RankingRow

RATES: tuple[str, ...] = ("click_through", "add_to_cart", "purchase", "thumbs_up")
LABELS: Mapping[str, str] = {
    "click_through": "click-through",
    "add_to_cart": "add-to-cart rate",
    "purchase": "purchase rate",
    "thumbs_up": "thumbs-up ratio",
    "order_value": "order value",
}
METRICS: tuple[str, ...] = (*RATES, "order_value")  # what each treatment is tested on


# -- statistics ----------------------------------------------------------------------------------


def wilson_interval(successes: int, trials: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion; (0, 1) with no trials."""
    if trials < 0 or not 0 <= successes <= max(trials, 0):
        raise ValueError(f"need 0 <= successes <= trials, got {successes} of {trials}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence}")
    if trials == 0:
        return 0.0, 1.0
    z = float(stats.norm.ppf(1 - (1 - confidence) / 2))
    p = successes / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True, slots=True)
class TestResult:
    statistic: float
    p_value: float
    valid: bool  # the test's assumptions hold well enough to read p
    note: str = ""


def chi_squared(a_successes: int, a_trials: int, b_successes: int, b_trials: int) -> TestResult:
    """Pearson's chi-squared test of two proportions (2x2 table, no continuity correction)."""
    table = [[a_successes, a_trials - a_successes], [b_successes, b_trials - b_successes]]
    if min(a_trials, b_trials) <= 0:
        return TestResult(0.0, 1.0, False, "a variant has no trials")
    if a_successes + b_successes in (0, a_trials + b_trials):
        return TestResult(0.0, 1.0, False, "every trial had the same outcome")
    result = stats.chi2_contingency(table, correction=False)
    min_expected = float(result.expected_freq.min())
    valid = min_expected >= 5
    note = "" if valid else f"an expected count is {min_expected:.1f} (< 5)"
    return TestResult(float(result.statistic), float(result.pvalue), valid, note)


def welch_t(a: Sequence[float], b: Sequence[float]) -> TestResult:
    """Welch's t-test (unequal variances) of two samples' means."""
    if len(a) < 2 or len(b) < 2:
        return TestResult(0.0, 1.0, False, "fewer than 2 values in a variant")
    if _variance(a) == 0 and _variance(b) == 0:
        return TestResult(0.0, 1.0, False, "no variance in either variant")
    result = stats.ttest_ind(a, b, equal_var=False)
    return TestResult(float(result.statistic), float(result.pvalue), True)


def detectable_difference(rate: float, n1: int, n2: int, alpha: float, power: float = 0.8) -> float | None:
    """The smallest difference between two rates near ``rate`` that a two-sided
    test at ``alpha`` detects with probability ``power`` (normal approximation:
    ``(z(1 - alpha/2) + z(power)) * sqrt(rate (1 - rate) (1/n1 + 1/n2))``)."""
    if n1 <= 0 or n2 <= 0:
        return None
    z = float(stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power))
    return z * math.sqrt(rate * (1 - rate) * (1 / n1 + 1 / n2))


def _variance(values: Sequence[float]) -> float:
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values)


# -- per-variant counts from the store --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rate:
    successes: int
    trials: int
    rate: float
    ci_low: float
    ci_high: float

    @classmethod
    def of(cls, successes: int, trials: int, confidence: float = 0.95) -> Rate:
        low, high = wilson_interval(successes, trials, confidence)
        return cls(successes, trials, successes / trials if trials else 0.0, low, high)


@dataclass(frozen=True, slots=True)
class VariantStats:
    variant: str
    users: int
    turns: int
    rates: Mapping[str, Rate]
    order_values: tuple[float, ...] = field(repr=False)

    @property
    def mean_order_value(self) -> float | None:
        return sum(self.order_values) / len(self.order_values) if self.order_values else None


@dataclass(frozen=True, slots=True)
class TurnOutcome:
    """What happened after one turn (one ranking that showed products)."""

    variant: str
    user: str
    clicked: bool = False
    carted: bool = False
    purchased: bool = False
    thumbs: bool | None = None  # latest thumbs: True up, False down, None no vote
    order_values: tuple[float, ...] = ()


def turn_outcomes(session: Session, experiment: str, *, since: datetime | None = None,
                  until: datetime | None = None, include_demo: bool = True) -> list[TurnOutcome]:
    """One outcome per turn of ``experiment`` in [since, until) that showed products."""
    query = select(RankingRow.request_id, RankingRow.variant, RankingRow.user_id, RankingRow.session_id,
                   RankingRow.items).where(RankingRow.experiment == experiment, RankingRow.variant != "")
    if since is not None:
        query = query.where(RankingRow.created_at >= since)
    if until is not None:
        query = query.where(RankingRow.created_at < until)
    if not include_demo:
        query = query.where(RankingRow.is_demo.is_(False))
    rankings = [r for r in session.execute(query).all() if r.items]
    events: dict[str, list[InteractionRow]] = defaultdict(list)
    ids = [r.request_id for r in rankings]
    for start in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
        chunk = ids[start:start + 500]
        for row in session.scalars(select(InteractionRow).where(InteractionRow.request_id.in_(chunk))
                                   .order_by(InteractionRow.created_at, InteractionRow.id)):
            events[row.request_id].append(row)
    out = []
    for r in rankings:
        rows = events.get(r.request_id, [])
        kinds = {e.kind for e in rows}
        votes = [e.kind == "thumbs_up" for e in rows if e.kind in ("thumbs_up", "thumbs_down")]
        out.append(TurnOutcome(
            r.variant, r.user_id or f"session:{r.session_id or r.request_id}",
            "click" in kinds, "add_to_cart" in kinds, "purchase" in kinds,
            votes[-1] if votes else None,
            tuple(float(e.value) for e in rows if e.kind == "purchase" and e.value is not None),
        ))
    return out


def variant_stats(outcomes: Sequence[TurnOutcome], variant: str, confidence: float = 0.95) -> VariantStats:
    mine = [o for o in outcomes if o.variant == variant]
    n = len(mine)
    voted = [o for o in mine if o.thumbs is not None]
    rates = {
        "click_through": Rate.of(sum(o.clicked for o in mine), n, confidence),
        "add_to_cart": Rate.of(sum(o.carted for o in mine), n, confidence),
        "purchase": Rate.of(sum(o.purchased for o in mine), n, confidence),
        "thumbs_up": Rate.of(sum(bool(o.thumbs) for o in voted), len(voted), confidence),
    }
    return VariantStats(variant, len({o.user for o in mine}), n, rates,
                        tuple(v for o in mine for v in o.order_values))


# -- comparison and recommendation -------------------------------------------------------------


class Action(StrEnum):
    PROMOTE = "promote"
    ROLL_BACK = "roll back"
    KEEP_RUNNING = "keep running"


@dataclass(frozen=True, slots=True)
class Rule:
    primary: str = "click_through"
    alpha: float = 0.05
    min_turns: int = 200

    def __post_init__(self) -> None:
        if self.primary not in RATES:
            raise ValueError(f"primary metric {self.primary!r} is not one of: {', '.join(RATES)}")
        if not 0 < self.alpha < 1:
            raise ValueError(f"alpha must be in (0, 1), got {self.alpha}")
        if self.min_turns < 1:
            raise ValueError(f"min_turns must be at least 1, got {self.min_turns}")

    def describe(self) -> str:
        return (f"primary metric {LABELS[self.primary]}; at least {self.min_turns} turns per variant; "
                f"alpha {self.alpha:g} split over every test (Bonferroni); roll back on any significantly "
                "worse rate or order value; promote on a significantly better primary metric with no guardrail worse")


def alpha_per_test(rule: Rule, treatments: int) -> float:
    """Bonferroni: ``rule.alpha`` over every treatment's tests (one per metric)."""
    return rule.alpha / (max(treatments, 1) * len(METRICS))


@dataclass(frozen=True, slots=True)
class Comparison:
    metric: str
    variant: str
    control: str
    control_value: float | None
    variant_value: float | None
    difference: float | None
    test: str  # "chi-squared" | "welch"
    result: TestResult
    significant: bool  # valid and p below the (adjusted) alpha

    @property
    def better(self) -> bool:
        return self.significant and (self.difference or 0) > 0

    @property
    def worse(self) -> bool:
        return self.significant and (self.difference or 0) < 0


@dataclass(frozen=True, slots=True)
class Verdict:
    variant: str
    action: Action
    reason: str


def compare(control: VariantStats, treatment: VariantStats, alpha: float) -> list[Comparison]:
    out = []
    for metric in RATES:
        c, t = control.rates[metric], treatment.rates[metric]
        result = chi_squared(t.successes, t.trials, c.successes, c.trials)
        diff = t.rate - c.rate if c.trials and t.trials else None
        out.append(Comparison(metric, treatment.variant, control.variant, c.rate if c.trials else None,
                              t.rate if t.trials else None, diff, "chi-squared", result,
                              result.valid and result.p_value < alpha))
    a, b = treatment.order_values, control.order_values
    result = welch_t(a, b)
    cm, tm = control.mean_order_value, treatment.mean_order_value
    out.append(Comparison("order_value", treatment.variant, control.variant, cm, tm,
                          tm - cm if cm is not None and tm is not None else None, "welch", result,
                          result.valid and result.p_value < alpha))
    return out


def recommend(rule: Rule, by_variant: Mapping[str, VariantStats], control: str,
              comparisons: Sequence[Comparison]) -> tuple[Verdict, tuple[Verdict, ...]]:
    """The overall recommendation and one verdict per treatment (see the module docstring)."""
    short = {v: s.turns for v, s in by_variant.items() if s.turns < rule.min_turns}
    treatments = [v for v in by_variant if v != control]
    if short:
        need = ", ".join(f"{v} has {n}" for v, n in sorted(short.items()))
        reason = f"not enough data: each variant needs {rule.min_turns} turns ({need})"
        return Verdict("", Action.KEEP_RUNNING, reason), tuple(Verdict(v, Action.KEEP_RUNNING, reason) for v in treatments)
    verdicts = []
    for variant in treatments:
        mine = [c for c in comparisons if c.variant == variant]
        primary = next(c for c in mine if c.metric == rule.primary)
        harmed = [c for c in mine if c.worse]
        if harmed:
            what = ", ".join(f"{LABELS[c.metric]} {_signed(c)} (p={c.result.p_value:.3g})" for c in harmed)
            verdicts.append(Verdict(variant, Action.ROLL_BACK, f"significantly worse than {control}: {what}"))
        elif primary.better:
            verdicts.append(Verdict(variant, Action.PROMOTE, f"{LABELS[rule.primary]} {_signed(primary)} "
                                    f"(p={primary.result.p_value:.3g}) and no guardrail worse"))
        else:
            why = primary.result.note or f"p={primary.result.p_value:.3g}"
            verdicts.append(Verdict(variant, Action.KEEP_RUNNING,
                                    f"{LABELS[rule.primary]} {_signed(primary)} is not significant yet ({why})"))
    winners = [v for v in verdicts if v.action is Action.PROMOTE]
    if winners:
        lift = {c.variant: c.difference or 0 for c in comparisons if c.metric == rule.primary}
        best = max(winners, key=lambda v: lift[v.variant])
        return Verdict(best.variant, Action.PROMOTE, best.reason), tuple(verdicts)
    if all(v.action is Action.ROLL_BACK for v in verdicts):
        names = ", ".join(v.variant for v in verdicts)
        return Verdict(control, Action.ROLL_BACK, f"keep {control} for everyone; {names} did worse"), tuple(verdicts)
    return Verdict("", Action.KEEP_RUNNING, "no treatment is significantly better yet"), tuple(verdicts)


def _signed(c: Comparison) -> str:
    if c.difference is None:
        return "n/a"
    if c.metric == "order_value":
        return f"{c.difference:+.2f}"
    return f"{c.difference * 100:+.1f} pts"


# -- the report ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AbReport:
    experiment: str
    control: str
    rule: Rule
    alpha_per_test: float
    variants: tuple[VariantStats, ...]
    comparisons: tuple[Comparison, ...]
    verdicts: tuple[Verdict, ...]
    recommendation: Verdict
    since: datetime | None = None
    until: datetime | None = None
    detectable: Mapping[str, float | None] = field(default_factory=dict)  # per treatment, primary metric, 80% power

    def to_dict(self) -> dict[str, object]:
        return {
            "experiment": self.experiment,
            "control": self.control,
            "window": {"since": self.since.isoformat() if self.since else None,
                       "until": self.until.isoformat() if self.until else None},
            "rule": {**asdict(self.rule), "alpha_per_test": self.alpha_per_test, "text": self.rule.describe()},
            "variants": {
                v.variant: {"users": v.users, "turns": v.turns,
                            "rates": {m: asdict(r) for m, r in v.rates.items()},
                            "orders": len(v.order_values), "mean_order_value": v.mean_order_value}
                for v in self.variants
            },
            "comparisons": [
                {"metric": c.metric, "variant": c.variant, "control": c.control, "control_value": c.control_value,
                 "variant_value": c.variant_value, "difference": c.difference, "test": c.test,
                 "statistic": c.result.statistic, "p_value": c.result.p_value, "valid": c.result.valid,
                 "note": c.result.note, "significant": c.significant}
                for c in self.comparisons
            ],
            "verdicts": [{"variant": v.variant, "action": v.action.value, "reason": v.reason} for v in self.verdicts],
            "recommendation": {"action": self.recommendation.action.value, "variant": self.recommendation.variant,
                               "reason": self.recommendation.reason},
            "detectable_difference": dict(self.detectable),
        }


def build_report(session: Session, experiment: str, variants: Sequence[str] | None = None, control: str | None = None,
                 *, rule: Rule | None = None, since: datetime | None = None, until: datetime | None = None,
                 include_demo: bool = True, confidence: float = 0.95) -> AbReport:
    """The report for ``experiment`` from the store.

    ``variants`` (control first) are the configured ones, so a variant with
    no traffic yet still shows; without them, the variants found in the
    store, with ``control`` first (default: the configured control, else a
    variant named "control").
    """
    rule = rule or Rule()
    outcomes = turn_outcomes(session, experiment, since=since, until=until, include_demo=include_demo)
    seen = sorted({o.variant for o in outcomes})
    names = list(dict.fromkeys([*(variants or []), *seen]))
    if len(names) < 2:
        found = ", ".join(seen) or "none"
        raise ValueError(f"experiment {experiment!r} needs a control and at least one treatment with turns in the store "
                         f"(variants found: {found}); is the experiment name right and has it served any turns?")
    if control is None:
        if variants:
            control = variants[0]
        elif "control" in names:
            control = "control"
        else:
            raise ValueError(f"which variant of {experiment!r} is the control (--control)? variants: {', '.join(names)}")
    if control not in names:
        raise ValueError(f"control {control!r} is not a variant of {experiment!r}; variants: {', '.join(names)}")
    names = [control, *[n for n in names if n != control]]
    by_variant = {n: variant_stats(outcomes, n, confidence) for n in names}
    alpha = alpha_per_test(rule, len(names) - 1)
    comparisons = [c for n in names[1:] for c in compare(by_variant[control], by_variant[n], alpha)]
    overall, verdicts = recommend(rule, by_variant, control, comparisons)
    base = by_variant[control].rates[rule.primary]
    detectable = {n: detectable_difference(base.rate, base.trials, by_variant[n].rates[rule.primary].trials, alpha)
                  for n in names[1:]}
    return AbReport(experiment, control, rule, alpha, tuple(by_variant.values()), tuple(comparisons), verdicts,
                    overall, since, until, detectable)


def experiments_in_store(session: Session) -> list[str]:
    return sorted(set(session.scalars(select(RankingRow.experiment).where(RankingRow.experiment != "").distinct())))


def format_report(report: AbReport) -> str:
    """The report as plain text for the terminal."""
    lines = [f"Experiment {report.experiment!r} (control: {report.control})"]
    if report.since or report.until:
        lines.append(f"window: {report.since.isoformat() if report.since else '-'} to "
                     f"{report.until.isoformat() if report.until else '-'}")
    lines.append("")
    header = f"{'variant':<16} {'users':>6} {'turns':>6}  " + "  ".join(f"{LABELS[m]:<28}" for m in RATES) + "  order value"
    lines.append(header)
    for v in report.variants:
        cells = []
        for m in RATES:
            r = v.rates[m]
            cells.append(f"{r.rate * 100:5.1f}% [{r.ci_low * 100:4.1f}, {r.ci_high * 100:4.1f}] n={r.trials}".ljust(28))
        mean = v.mean_order_value
        lines.append(f"{v.variant:<16} {v.users:>6} {v.turns:>6}  " + "  ".join(cells)
                     + (f"  {mean:.2f} (n={len(v.order_values)})" if mean is not None else "  -"))
    lines.append("(rates with 95% Wilson intervals, in %)")
    lines.append("")
    lines.append(f"Against {report.control} (alpha per test {report.alpha_per_test:.3g}):")
    for c in report.comparisons:
        flag = "better" if c.better else "worse" if c.worse else "n.s."
        stat = "chi2" if c.test == "chi-squared" else "t"
        note = f"  [{c.result.note}]" if c.result.note else ""
        lines.append(f"  {c.variant:<16} {LABELS[c.metric]:<18} {_signed(c):>10}  {stat}={c.result.statistic:7.3f}  "
                     f"p={c.result.p_value:.4f}  {flag}{note}")
    lines.append("")
    for v in report.verdicts:
        lines.append(f"  {v.variant}: {v.action.value} ({v.reason})")
    for variant, delta in report.detectable.items():
        if delta is not None:
            lines.append(f"  {variant}: with these turns the test detects a {LABELS[report.rule.primary]} difference "
                         f"of {delta * 100:.1f} pts 80% of the time")
    rec = report.recommendation
    target = f" {rec.variant}" if rec.variant and rec.action is not Action.KEEP_RUNNING else ""
    lines.append(f"Recommendation: {rec.action.value.upper()}{target}: {rec.reason}.")
    lines.append(f"Rule: {report.rule.describe()}.")
    return "\n".join(lines)
