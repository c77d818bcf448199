"""Properties of scoring that hold for every audit (hypothesis)."""

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from audits.enums import FailureKind
from audits.scoring import Benchmarks, ItemScore, display_pct, score


@st.composite
def item_scores(draw, *, min_size=1):
    """A valid audit: items numbered uniquely, points within range, N/A items with notes."""
    count = draw(st.integers(min_value=min_size, max_value=30))
    items = []
    for n in range(count):
        element = draw(st.integers(min_value=1, max_value=5))
        possible = draw(st.integers(min_value=1, max_value=10))
        na = draw(st.booleans()) and draw(st.booleans())  # about a quarter N/A
        items.append(
            ItemScore(
                element_number=element,
                item_number=f"{element}.1.{n}",
                points_possible=possible,
                points_earned=None if na else draw(st.integers(0, possible)),
                not_applicable=na,
                note="Not applicable here" if na else "",
                legislated=draw(st.booleans()),
            )
        )
    return items


benchmark_values = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100"), places=2)


@given(item_scores(), benchmark_values, benchmark_values)
def test_percentages_are_between_0_and_100(items, overall, element):
    result = score(items, Benchmarks(overall_pct=overall, element_pct=element))
    pcts = [result.overall_pct, *result.element_pcts.values()]
    for pct in pcts:
        assert pct is None or 0 <= pct <= 100
        assert pct is None or isinstance(pct, Fraction)
    for failure in result.failures:
        assert failure.actual is None or 0 <= failure.actual <= 100
    assert result.passed == (not result.failures)


@given(item_scores())
def test_full_points_is_100_and_passes(items):
    assume(any(not i.not_applicable for i in items))
    full = [i if i.not_applicable else replace(i, points_earned=i.points_possible) for i in items]
    result = score(full)
    assert result.overall_pct == 100
    assert result.passed
    assert all(p in (None, 100) for p in result.element_pcts.values())


@given(item_scores(), st.data())
def test_na_items_never_change_the_result(items, data):
    changed = [
        replace(
            i,
            points_possible=data.draw(st.integers(1, 50)),
            points_earned=data.draw(st.none() | st.integers(0, 50)),
            legislated=data.draw(st.booleans()),
        )
        if i.not_applicable
        else i
        for i in items
    ]
    assert score(changed) == score(items)


@given(item_scores(), st.integers(1, 10), st.data())
def test_a_failed_legislated_item_always_fails(items, possible, data):
    earned = data.draw(st.integers(0, possible - 1))
    extra = ItemScore(
        element_number=1,
        item_number="9.9.9",
        points_possible=possible,
        points_earned=earned,
        legislated=True,
    )
    result = score([*items, extra])
    assert not result.passed
    assert any(
        f.kind == FailureKind.LEGISLATED_ITEM and f.item == "9.9.9" and f.element == 1
        for f in result.failures
    )


@given(item_scores(), st.data())
def test_more_points_never_lower_a_score_or_add_a_failure(items, data):
    scorable = [n for n, i in enumerate(items) if not i.not_applicable]
    assume(scorable)
    index = data.draw(st.sampled_from(scorable))
    before = items[index]
    assume(before.points_earned < before.points_possible)
    better = list(items)
    better[index] = replace(
        before,
        points_earned=data.draw(st.integers(before.points_earned + 1, before.points_possible)),
    )
    low, high = score(items), score(better)
    assert high.overall_pct >= low.overall_pct
    for element, pct in low.element_pcts.items():
        assert pct is None or high.element_pcts[element] >= pct
    assert len(high.failures) <= len(low.failures)
    assert not (low.passed and not high.passed)


@given(st.fractions(min_value=0, max_value=100), benchmark_values)
def test_shown_percentage_agrees_with_the_decision(pct, benchmark):
    shown = Decimal(display_pct(pct))
    assert (pct >= Fraction(benchmark)) == (shown >= benchmark)
