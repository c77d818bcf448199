"""Benchmarks (`make bench`, README "Benchmarks"). Not tests: nothing here runs in `make test`;
tests/bench/ tests only the harness's pure parts (bench/stats.py)."""
