"""Scoring [001 §2.3]: hand-worked examples at the edges, and bad input."""

from decimal import Decimal
from fractions import Fraction

import pytest

from audits.enums import FailureKind
from audits.scoring import (
    Benchmarks,
    ItemScore,
    ScoreInputError,
    display_pct,
    item_score_problems,
    score,
)


def item(element, number, possible=2, earned=2, *, na=False, note="", legislated=False):
    return ItemScore(
        element_number=element,
        item_number=number,
        points_possible=possible,
        points_earned=earned,
        not_applicable=na,
        note=note,
        legislated=legislated,
    )


def test_all_full_points_is_100_and_passes():
    result = score([item(1, "1.1.1"), item(1, "1.1.2"), item(2, "2.1.1", legislated=True)])
    assert result.overall_pct == 100
    assert result.element_pcts == {1: 100, 2: 100}
    assert result.failures == ()
    assert result.passed is True
    assert (result.points_earned, result.points_possible) == (6, 6)


def test_79_99_percent_overall_fails_and_80_passes():
    fail = score([item(1, "1.1.1", possible=10000, earned=7999)])
    assert fail.overall_pct == Fraction(7999, 100)
    assert fail.overall_display == "79.99"
    assert not fail.passed
    (failure,) = fail.failures
    assert failure.kind == FailureKind.OVERALL
    assert failure.element is None and failure.item is None
    assert failure.required == Decimal("80")
    assert failure.actual == Fraction(7999, 100)
    assert "79.99 %" in failure.describe()

    ok = score([item(1, "1.1.1", possible=10000, earned=8000)])
    assert ok.passed and ok.overall_display == "80.00"


def test_79_995_is_not_rounded_up_to_a_pass():
    result = score([item(1, "1.1.1", possible=20000, earned=15999)])
    assert result.overall_pct == Fraction(79995, 1000)
    assert result.overall_display == "79.99"  # truncated, consistent with the failure
    assert [f.kind for f in result.failures] == [FailureKind.OVERALL]


def test_realistic_two_point_items_just_below_80():
    # 50 two-point items = 100 points; 39 full + 1 half + 10 zero = 79 points → 79 %.
    items = [item(1, f"1.1.{n}", earned=2) for n in range(1, 40)]
    items.append(item(1, "1.1.40", earned=1))
    items += [item(2, f"2.1.{n}", earned=0) for n in range(1, 11)]
    result = score(items)
    assert result.overall_pct == 79
    assert result.element_pcts == {1: Fraction(79 * 100, 80), 2: 0}
    assert [(f.kind, f.element) for f in result.failures] == [
        (FailureKind.OVERALL, None),
        (FailureKind.ELEMENT, 2),
    ]


def test_element_at_64_99_percent_fails_only_that_element():
    result = score(
        [
            item(1, "1.1.1", possible=10000, earned=6499),
            item(2, "2.1.1", possible=90000, earned=90000),
        ]
    )
    assert result.overall_pct == Fraction(96499, 1000)
    assert result.element_pcts[1] == Fraction(6499, 100)
    assert not result.passed
    (failure,) = result.failures
    assert failure.kind == FailureKind.ELEMENT
    assert failure.element == 1
    assert failure.required == Decimal("65")
    assert display_pct(failure.actual) == "64.99"


def test_element_at_exactly_65_percent_passes():
    result = score(
        [item(1, "1.1.1", possible=100, earned=65), item(2, "2.1.1", possible=900, earned=900)]
    )
    assert result.element_pcts[1] == 65
    assert result.passed


def test_one_legislated_item_short_fails_even_at_99_percent():
    items = [item(e, f"{e}.1.{n}") for e in range(1, 15) for n in range(1, 4)]
    items.append(item(3, "3.2.1", possible=2, earned=1, legislated=True))
    result = score(items)
    assert result.overall_pct == Fraction(85 * 100, 86)
    assert result.element_pcts[3] == Fraction(7 * 100, 8)
    (failure,) = result.failures
    assert failure.kind == FailureKind.LEGISLATED_ITEM
    assert (failure.element, failure.item) == (3, "3.2.1")
    assert failure.required == Decimal("100")
    assert failure.actual == 50
    assert "3.2.1" in failure.describe()


def test_every_failure_is_listed_in_order():
    result = score(
        [
            item(1, "1.1.1", earned=0, legislated=True),
            item(1, "1.1.2", earned=0),
            item(2, "2.1.1", earned=0),
            item(2, "2.1.2", earned=0, legislated=True),
            item(3, "3.1.1", earned=2),
        ]
    )
    assert [(f.kind, f.element, f.item) for f in result.failures] == [
        (FailureKind.OVERALL, None, None),
        (FailureKind.ELEMENT, 1, None),
        (FailureKind.ELEMENT, 2, None),
        (FailureKind.LEGISLATED_ITEM, 1, "1.1.1"),
        (FailureKind.LEGISLATED_ITEM, 2, "2.1.2"),
    ]


def test_not_applicable_items_are_left_out_of_both_sides():
    result = score(
        [
            item(1, "1.1.1", earned=2),
            item(1, "1.1.2", earned=None, na=True, note="No subcontractors"),
            item(1, "1.1.3", earned=1),
        ]
    )
    assert (result.points_earned, result.points_possible) == (3, 4)
    assert result.element_pcts[1] == 75


def test_element_with_all_items_na_is_reported_na_and_cannot_fail():
    result = score(
        [
            item(1, "1.1.1"),
            item(4, "4.1.1", earned=None, na=True, note="No contractors", legislated=True),
        ]
    )
    assert result.element_pcts == {1: 100, 4: None}
    assert result.passed
    assert display_pct(result.element_pcts[4]) == "N/A"


def test_everything_na_fails_with_nothing_scored():
    result = score([item(1, "1.1.1", earned=None, na=True, note="n/a")])
    assert result.overall_pct is None
    assert not result.passed
    assert [f.kind for f in result.failures] == [FailureKind.NOTHING_SCORED]


def test_custom_benchmarks_from_the_tool_version():
    alberta = Benchmarks(overall_pct=Decimal("80"), element_pct=Decimal("50"))
    result = score(
        [item(1, "1.1.1", possible=100, earned=50), item(2, "2.1.1", possible=900, earned=900)],
        alberta,
    )
    assert result.passed


@pytest.mark.parametrize(
    ("score_item", "message"),
    [
        (item(1, "1.1.1", earned=3), "Item 1.1.1: points earned (3) cannot exceed the item's 2"),
        (item(1, "1.1.1", earned=-1), "Item 1.1.1: points earned cannot be negative (got -1)"),
        (item(1, "1.1.1", earned=None, na=True), "Item 1.1.1: a not-applicable item needs a note"),
        (
            item(1, "1.1.1", earned=None, na=True, note="   "),
            "Item 1.1.1: a not-applicable item needs a note",
        ),
        (item(1, "1.1.1", earned=None), "Item 1.1.1: not scored yet"),
        (item(1, "1.1.1", earned=1.5), "Item 1.1.1: points earned must be a whole number"),
        (item(1, "1.1.1", earned=True), "Item 1.1.1: points earned must be a whole number"),
        (item(1, "1.1.1", possible=0), "Item 1.1.1: points possible must be a whole number"),
    ],
)
def test_bad_item_scores_are_named(score_item, message):
    (problem,) = item_score_problems(score_item)
    assert problem.startswith(message)
    with pytest.raises(ScoreInputError) as exc:
        score([item(1, "1.1.0"), score_item])
    assert exc.value.problems == [problem]
    assert exc.value.field == "items"


def test_every_bad_item_is_reported_at_once():
    with pytest.raises(ScoreInputError) as exc:
        score(
            [
                item(1, "1.1.1", earned=5),
                item(1, "1.1.2", earned=None, na=True),
                item(1, "1.1.1", earned=1),
            ]
        )
    assert len(exc.value.problems) == 3
    assert exc.value.problems[2] == "Item 1.1.1: scored more than once."


def test_na_item_with_a_note_ignores_its_points_earned():
    assert item_score_problems(item(1, "1.1.1", earned=99, na=True, note="Not applicable")) == []


@pytest.mark.parametrize(
    ("pct", "shown"),
    [
        (Fraction(7999, 100), "79.99"),
        (Fraction(79999, 1000), "79.99"),
        (Fraction(200, 3), "66.66"),
        (Fraction(100), "100.00"),
        (Fraction(0), "0.00"),
        (None, "N/A"),
    ],
)
def test_display_truncates_to_two_decimals(pct, shown):
    assert display_pct(pct) == shown


def test_failure_descriptions_name_what_failed():
    result = score(
        [
            item(1, "1.1.1", possible=3, earned=1, legislated=True),
            item(2, "2.1.1", earned=None, na=True, note="n/a"),
        ]
    )
    assert [f.describe() for f in result.failures] == [
        "Overall score 33.33 % is below the required 80 %.",
        "Element 1 scored 33.33 %, below the required 65 %.",
        "Legislated item 1.1.1 (element 1) scored 33.33 %; it needs 100 %.",
    ]
    nothing = score([item(1, "1.1.1", earned=None, na=True, note="n/a")])
    assert nothing.failures[0].describe() == (
        "Every item is marked not applicable: there is nothing to score."
    )


def test_failure_sentences_use_the_readers_decimal_mark():
    """The figures are formatted when the sentence is read: "33.33" in English, "33,33" in
    French; the score itself stays exact (issue 8)."""
    from django.utils import translation

    result = score(
        [item(1, "1.1.1", possible=3, earned=1, legislated=True)],
        Benchmarks(
            overall_pct=Decimal("80.5"), element_pct=Decimal("65"), legislated_pct=Decimal("100")
        ),
    )
    with translation.override("en-ca"):
        english = [f.describe() for f in result.failures]
    with translation.override("fr-ca"):
        french = [f.describe() for f in result.failures]
    assert english == [
        "Overall score 33.33 % is below the required 80.5 %.",
        "Element 1 scored 33.33 %, below the required 65 %.",
        "Legislated item 1.1.1 (element 1) scored 33.33 %; it needs 100 %.",
    ]
    assert french[0] == "La note globale de 33,33 % est inférieure au seuil requis de 80,5 %."
    assert french[1] == "L'élément 1 a obtenu 33,33 %, sous le seuil requis de 65 %."
    assert "33,33 %" in french[2] and "33.33" not in " ".join(french)
    assert result.overall_pct == Fraction(100, 3)


def test_item_score_problems_read_in_the_active_language():
    from django.utils import translation

    bad = item(1, "1.1.1", earned=3)
    with translation.override("fr-ca"):
        [problem] = item_score_problems(bad)
    assert problem.startswith("Critère 1.1.1 :") and "cannot" not in problem
    with translation.override("en-ca"):
        assert item_score_problems(bad) == [
            "Item 1.1.1: points earned (3) cannot exceed the item's 2 points."
        ]
