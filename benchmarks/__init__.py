"""Benchmarks: a synthetic-data generator (generate.py) and a page benchmark (pages.py)."""
