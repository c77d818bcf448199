-- wrk reporter: requests/s, p95 latency (ms) and errors (status errors are non-2xx/3xx
-- answers) on one line, for registry_feed.py.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT rps=%.1f p95_ms=%.3f requests=%d errors=%d bytes=%d\n",
    summary.requests / seconds, latency:percentile(95.0) / 1000.0, summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status
      + summary.errors.timeout,
    summary.bytes))
end
