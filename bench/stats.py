"""The harness's pure parts: reading wrk's report, medians and ratios, and the table. No
Django, no I/O (tests/bench/test_stats.py)."""

import json
import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class WrkRun:
    """One wrk run: requests completed, seconds, latency percentiles (ms) and errors (socket
    errors and timeouts plus responses that were not 2xx/3xx)."""

    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def parse_wrk(output: str) -> WrkRun:
    """The JSON line bench/wrk_report.lua prints at the end of wrk's output."""
    for line in reversed(output.splitlines()):
        line = line.strip()
        if line.startswith('{"wrk"'):
            data = json.loads(line)
            return WrkRun(
                requests=data["requests"],
                seconds=data["duration_us"] / 1e6,
                p50_ms=data["p50_us"] / 1000,
                p95_ms=data["p95_us"] / 1000,
                p99_ms=data["p99_us"] / 1000,
                errors=sum(data[k] for k in ("connect", "read", "write", "status", "timeout")),
            )
    raise ValueError("no wrk report line in the output (was bench/wrk_report.lua used?)")


def median(values: Sequence[float]) -> float:
    if not values:
        raise ValueError("median of nothing")
    return float(statistics.median(values))


def ratio(value: float, baseline: float) -> float | None:
    """value / baseline, None when there is no baseline to compare with."""
    return value / baseline if baseline else None


@dataclass(frozen=True)
class Paired:
    """One repetition: the endpoint's run, the baseline's run just before it, and the
    1-minute load average when each started. `run_cpu_ms` and `baseline_cpu_ms`: CPU time
    per completed request of the gunicorn workers plus the database backends serving them
    (None when not measured) — unlike req/s, it does not fall when other work takes the
    cores, so it is the figure to compare on a shared machine."""

    run: WrkRun
    baseline: WrkRun
    load: float
    baseline_load: float
    run_cpu_ms: float | None = None
    baseline_cpu_ms: float | None = None


@dataclass(frozen=True)
class PairedSummary:
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    baseline_rps: float
    ratio: float | None
    load: float
    repeats: int
    cpu_ms: float | None = None
    baseline_cpu_ms: float | None = None
    cpu_ratio: float | None = None


def cpu_per_request_ms(cpu_seconds: float, requests: int) -> float | None:
    """CPU milliseconds per completed request; None when nothing completed."""
    return cpu_seconds * 1000 / requests if requests else None


def summarize(pairs: Sequence[Paired]) -> PairedSummary:
    """Medians over the repetitions; the ratio is the median of each repetition's own ratio
    (endpoint req/s over the baseline's req/s measured right before it), errors the total."""
    ratios = [r for p in pairs if (r := ratio(p.run.rps, p.baseline.rps)) is not None]
    cpu = [p.run_cpu_ms for p in pairs if p.run_cpu_ms is not None]
    base_cpu = [p.baseline_cpu_ms for p in pairs if p.baseline_cpu_ms is not None]
    # The CPU ratio: the baseline's CPU per request over the endpoint's, per repetition —
    # the share of the baseline's throughput the endpoint would reach if CPU were the limit.
    cpu_ratios = [
        p.baseline_cpu_ms / p.run_cpu_ms
        for p in pairs
        if p.run_cpu_ms and p.baseline_cpu_ms is not None
    ]
    return PairedSummary(
        rps=median([p.run.rps for p in pairs]),
        p50_ms=median([p.run.p50_ms for p in pairs]),
        p95_ms=median([p.run.p95_ms for p in pairs]),
        p99_ms=median([p.run.p99_ms for p in pairs]),
        errors=sum(p.run.errors for p in pairs),
        baseline_rps=median([p.baseline.rps for p in pairs]),
        ratio=median(ratios) if ratios else None,
        load=median([p.load for p in pairs]),
        repeats=len(pairs),
        cpu_ms=median(cpu) if cpu else None,
        baseline_cpu_ms=median(base_cpu) if base_cpu else None,
        cpu_ratio=median(cpu_ratios) if cpu_ratios else None,
    )


def fmt_num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    return f"{value:,.{digits}f}"


def fmt_pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.2f} %"


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain table for the terminal: columns padded to their widest cell."""
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows, strict=False)]
    line = "  ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    for row in rows:
        out.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    return "\n".join(out)


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def esc(cell) -> str:
        return str(cell).replace("|", "\\|")

    out = ["| " + " | ".join(esc(h) for h in headers) + " |"]
    out.append("| " + " | ".join("---" for _ in headers) + " |")
    out.extend("| " + " | ".join(esc(c) for c in row) + " |" for row in rows)
    return "\n".join(out)
