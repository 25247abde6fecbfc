"""Benchmarks: figures for the README, run by `make bench`, never by `make test`."""
