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
    1-minute load average when each started."""

    run: WrkRun
    baseline: WrkRun
    load: float
    baseline_load: float


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


def summarize(pairs: Sequence[Paired]) -> PairedSummary:
    """Medians over the repetitions; the ratio is the median of each repetition's own ratio
    (endpoint req/s over the baseline's req/s measured right before it), errors the total."""
    ratios = [r for p in pairs if (r := ratio(p.run.rps, p.baseline.rps)) is not None]
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
