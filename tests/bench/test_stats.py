"""The benchmark harness's pure parts (bench/stats.py): reading wrk's report line, medians,
ratios and the tables. The benchmarks themselves are not tests and never run here."""

import pytest

from bench.stats import (
    Paired,
    WrkRun,
    cpu_per_request_ms,
    fmt_pct,
    markdown_table,
    median,
    parse_wrk,
    ratio,
    summarize,
    text_table,
)

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8000/bench/minimal/
  2 threads and 20 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.40ms    1.20ms  40.00ms   90.00%
  30000 requests in 5.00s, 9.00MB read
  Non-2xx or 3xx responses: 12
Requests/sec:   6000.00
Transfer/sec:      1.80MB
{"wrk": 1, "requests": 30000, "duration_us": 5000000, "bytes": 9437184, "connect": 0, \
"read": 2, "write": 0, "status": 12, "timeout": 1, "p50_us": 3100, "p95_us": 5600, \
"p99_us": 9900, "max_us": 40000}
"""


def run(requests: int, seconds: float = 1.0, p95: float = 10.0) -> WrkRun:
    return WrkRun(
        requests=requests, seconds=seconds, p50_ms=p95 / 2, p95_ms=p95, p99_ms=p95 * 2, errors=0
    )


def test_the_report_line_gives_requests_latency_in_ms_and_every_kind_of_error():
    parsed = parse_wrk(WRK_OUTPUT)
    assert parsed.requests == 30000
    assert parsed.seconds == 5.0
    assert parsed.rps == 6000.0
    assert (parsed.p50_ms, parsed.p95_ms, parsed.p99_ms) == (3.1, 5.6, 9.9)
    assert parsed.errors == 2 + 12 + 1  # read errors, non-2xx/3xx, timeouts


def test_output_without_the_report_line_is_a_clear_error():
    with pytest.raises(ValueError, match=r"wrk_report\.lua"):
        parse_wrk("Running 5s test @ http://127.0.0.1/\n  0 requests in 5.00s\n")


def test_median_of_odd_and_even_counts_and_of_nothing():
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 3.0, 2.0]) == 2.5
    with pytest.raises(ValueError):
        median([])


def test_ratio_is_none_without_a_baseline():
    assert ratio(50.0, 1000.0) == 0.05
    assert ratio(50.0, 0.0) is None
    assert fmt_pct(ratio(17.0, 6000.0)) == "0.28 %"
    assert fmt_pct(None) == "—"


def test_summary_takes_medians_and_the_median_of_each_runs_own_ratio():
    # The baseline drifts (noisy machine): each run is compared with the baseline before it.
    pairs = [
        Paired(run=run(10), baseline=run(1000), load=1.0, baseline_load=1.0),
        Paired(run=run(30, p95=30.0), baseline=run(1500), load=3.0, baseline_load=2.0),
        Paired(run=run(20, p95=20.0), baseline=run(500), load=2.0, baseline_load=2.0),
    ]
    s = summarize(pairs)
    assert s.rps == 20.0
    assert s.baseline_rps == 1000.0
    assert s.ratio == 0.02  # median of 0.01, 0.02, 0.04 — not 20 / 1000 by chance
    assert s.p95_ms == 20.0
    assert s.load == 2.0
    assert s.repeats == 3


def test_a_failed_baseline_leaves_the_ratio_out_rather_than_dividing_by_zero():
    pairs = [
        Paired(run=run(10), baseline=run(0), load=1.0, baseline_load=1.0),
        Paired(run=run(10), baseline=run(100), load=1.0, baseline_load=1.0),
    ]
    assert summarize(pairs).ratio == 0.1


def test_cpu_ratio_is_the_median_of_baseline_cpu_over_endpoint_cpu_per_request():
    # CPU per request does not fall when other work takes the cores: 1 ms for the minimal
    # view and 20 ms for the endpoint is 5 % however loaded the machine was.
    pairs = [
        Paired(run=run(10), baseline=run(900), load=9.0, baseline_load=9.0,
               run_cpu_ms=20.0, baseline_cpu_ms=1.0),
        Paired(run=run(40), baseline=run(3000), load=1.0, baseline_load=1.0,
               run_cpu_ms=25.0, baseline_cpu_ms=1.0),
        Paired(run=run(20), baseline=run(1500), load=4.0, baseline_load=4.0,
               run_cpu_ms=10.0, baseline_cpu_ms=1.0),
    ]  # fmt: skip
    s = summarize(pairs)
    assert s.cpu_ms == 20.0
    assert s.baseline_cpu_ms == 1.0
    assert s.cpu_ratio == 0.05  # median of 0.05, 0.04, 0.10
    assert cpu_per_request_ms(1.5, 100) == 15.0
    assert cpu_per_request_ms(1.5, 0) is None


def test_without_cpu_figures_the_cpu_columns_stay_empty():
    s = summarize([Paired(run=run(10), baseline=run(100), load=1.0, baseline_load=1.0)])
    assert (s.cpu_ms, s.baseline_cpu_ms, s.cpu_ratio) == (None, None, None)


def test_tables_line_up_and_markdown_escapes_pipes():
    rows = [["reviewer queue", "17.0"], ["a|b", "5,988.0"]]
    text = text_table(["endpoint", "req/s"], rows).splitlines()
    assert text[0].index("req/s") == text[2].index("17.0") == text[3].index("5,988.0")
    md = markdown_table(["endpoint", "req/s"], rows).splitlines()
    assert md[0] == "| endpoint | req/s |"
    assert md[1] == "| --- | --- |"
    assert md[3] == "| a\\|b | 5,988.0 |"
