"""Benchmark and load test. Run by hand (see README, "Performance"); pytest never collects
these modules: none is named test_*.py."""
