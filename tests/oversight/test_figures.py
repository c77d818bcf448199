"""Every program figure against a hand-computed fixture (issue 14, "Tests")."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oversight import figures as f

D = Decimal


class TestPercentiles:
    def test_even_count_median_interpolates(self):
        # 1 2 3 4: median at rank 1.5 -> 2.5; p90 at rank 2.7 -> 3 + 0.7 = 3.7
        counts = f.counts_of([4, 1, 3, 2])
        assert f.percentile_from_counts(counts, 50) == D("2.5")
        assert f.percentile_from_counts(counts, 90) == D("3.7")

    def test_repeated_values_from_a_histogram(self):
        # 5 5 5 20: median rank 1.5 -> 5; p90 rank 2.7 -> 5 + 0.7 * 15 = 15.5
        counts = {5: 3, 20: 1}
        assert f.percentile_from_counts(counts, 50) == D("5.0")
        assert f.percentile_from_counts(counts, 90) == D("15.5")

    def test_odd_count_median_is_the_middle(self):
        # 10 20 30 40 60: median 30; p90 rank 3.6 -> 40 + 0.6 * 20 = 52
        counts = f.counts_of([60, 10, 40, 20, 30])
        assert f.percentile_from_counts(counts, 50) == D("30.0")
        assert f.percentile_from_counts(counts, 90) == D("52.0")

    def test_one_value_and_the_extremes(self):
        assert f.percentile_from_counts({7: 1}, 90) == D("7.0")
        assert f.percentile_from_counts({1: 1, 9: 1}, 0) == D("1.0")
        assert f.percentile_from_counts({1: 1, 9: 1}, 100) == D("9.0")

    def test_rounding_half_up(self):
        # 0 and 1: p15 = 0.15 -> 0.2 (half up), p5 = 0.05 -> 0.1
        assert f.percentile_from_counts({0: 1, 1: 1}, 15) == D("0.2")
        assert f.percentile_from_counts({0: 1, 1: 1}, 5) == D("0.1")

    def test_no_values(self):
        assert f.percentile_from_counts({}, 50) is None
        assert f.percentile_from_counts({3: 0}, 50) is None
        assert f.cycle_times({}) == f.CycleTimes(0, None, None)

    def test_bad_input(self):
        with pytest.raises(ValueError):
            f.percentile_from_counts({1: 1}, 101)
        with pytest.raises(ValueError):
            f.cycle_times({-1: 1})

    def test_cycle_times(self):
        assert f.cycle_times({10: 2, 30: 1, 61: 1}) == f.CycleTimes(4, D("20.0"), D("51.7"))

    @settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=60))
    def test_agrees_with_sorted_list_definition(self, values):
        ordered = sorted(values)
        for p in (0, 50, 90, 100):
            rank = D(p) * (len(ordered) - 1) / 100
            low = int(rank)
            high = min(low + 1, len(ordered) - 1)
            expected = D(ordered[low]) + (D(ordered[high]) - D(ordered[low])) * (rank - low)
            assert f.percentile_from_counts(f.counts_of(values), p) == expected.quantize(
                D("0.1"), rounding="ROUND_HALF_UP"
            )
            assert min(values) <= f.percentile_from_counts(f.counts_of(values), p) <= max(values)


class TestSlaCompliance:
    TODAY = date(2026, 6, 15)

    def test_hand_computed(self):
        due = date(2026, 6, 1)
        outcomes = [
            f.DeadlineOutcome("met", due, date(2026, 5, 20)),  # on time
            f.DeadlineOutcome("met", due, due),  # on its due day: on time
            f.DeadlineOutcome("met", due, date(2026, 6, 2)),  # late
            f.DeadlineOutcome("missed", due),
            f.DeadlineOutcome("open", date(2026, 6, 14)),  # past due, not swept yet: missed
            f.DeadlineOutcome("open", self.TODAY),  # due today: not decided
            f.DeadlineOutcome("cancelled", due),  # not counted
        ]
        result = f.sla_compliance(outcomes, self.TODAY)
        assert (result.on_time, result.late, result.missed, result.decided) == (2, 1, 2, 5)
        assert result.compliance == D("40.0")

    def test_thirds_round_half_up(self):
        assert f.sla_tally(on_time=2, late=0, missed=1).compliance == D("66.7")
        assert f.sla_tally(on_time=1, late=1, missed=1).compliance == D("33.3")

    def test_nothing_decided_is_no_figure(self):
        assert f.sla_compliance([], self.TODAY).compliance is None
        assert f.sla_compliance([f.DeadlineOutcome("open", self.TODAY)], self.TODAY).decided == 0

    def test_all_and_none_on_time(self):
        assert f.sla_tally(on_time=3, late=0, missed=0).compliance == D("100.0")
        assert f.sla_tally(on_time=0, late=0, missed=3).compliance == D("0.0")

    def test_met_needs_its_day(self):
        with pytest.raises(ValueError):
            f.sla_compliance([f.DeadlineOutcome("met", self.TODAY)], self.TODAY)


class TestOhsPerformance:
    def test_one_person_year_is_2000_hours(self):
        assert f.person_years(2000) == 1
        assert f.person_years(D("1000.5")) == D("0.50025")

    def test_ltc_rate(self):
        # 3 claims over 100,000 h = 50 person-years -> 3 / 50 * 100 = 6
        assert f.ltc_rate(3, 100_000) == D("6.00")
        # 1 claim over 3,000 h = 1.5 person-years -> 66.666… -> 66.67
        assert f.ltc_rate(1, 3000) == D("66.67")
        # 0 claims: 0, not "no data"
        assert f.ltc_rate(0, 4000) == D("0.00")

    def test_dir_adds_modified_work(self):
        # (3 + 2) / 50 * 100 = 10
        assert f.dir_rate(3, 2, 100_000) == D("10.00")
        assert f.dir_rate(0, 1, 6000) == D("33.33")

    def test_zero_hours_is_no_rate(self):
        assert f.ltc_rate(0, 0) is None
        assert f.ltc_rate(2, 0) is None
        assert f.dir_rate(1, 1, D("0.00")) is None

    def test_tiny_hours_large_rate(self):
        # 1 claim in 1 hour: 1 / (1/2000) * 100 = 200,000
        assert f.ltc_rate(1, 1) == D("200000.00")

    def test_rounding_half_up(self):
        # 1 claim over 160,000 h = 80 py -> 1.25 exactly; 1 over 1,600,000 -> 0.125 -> 0.13
        assert f.ltc_rate(1, 160_000) == D("1.25")
        assert f.ltc_rate(1, 1_600_000) == D("0.13")

    def test_negative_input_refused(self):
        for call in (
            lambda: f.ltc_rate(-1, 10),
            lambda: f.ltc_rate(1, -10),
            lambda: f.dir_rate(1, -1, 10),
        ):
            with pytest.raises(ValueError):
                call()

    def test_group_rate_from_sums_not_average_of_rates(self):
        # A: 1 claim / 2,000 h (rate 100); B: 0 / 198,000 h (rate 0): group 1 / 100 py = 1.00
        totals = f.performance_totals([(2000, 1, 0), (198_000, 0, 1)])
        assert totals.accounts == 2
        assert totals.person_years == D("100.00")
        assert totals.ltc_rate == D("1.00")
        assert totals.dir_rate == D("2.00")

    def test_group_with_zero_hours(self):
        totals = f.performance_totals([(0, 0, 0), (D("0"), 1, 0)])
        assert totals.ltc_rate is None and totals.dir_rate is None
        assert f.performance_totals([]).ltc_rate is None


class TestRetentionAndShares:
    def test_retention(self):
        r = f.retention([1, 2, 3, 4], [2, 3, 4, 9])
        assert (r.at_start, r.retained, r.rate) == (4, 3, D("75.0"))
        assert f.retention([], [1]).rate is None
        assert f.retention([1, 1, 2], [1, 2]).rate == D("100.0")

    def test_share(self):
        assert f.share(1, 3) == D("33.3")
        assert f.share(0, 0) is None
        with pytest.raises(ValueError):
            f.share(4, 3)

    def test_progress(self):
        assert f.progress(3, 15) == D("20.0")
        assert f.progress(20, 15) == D("133.3")
        assert f.progress(None, 15) is None
        assert f.progress(3, 0) is None
