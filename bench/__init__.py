"""Benchmark harness (never a timed test): see bench/README.md."""
