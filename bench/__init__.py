"""Benchmarks: `make bench` (scale, latency, retrieval quality) and `make bench-cmrc` (answers on CMRC 2018 dev)."""
