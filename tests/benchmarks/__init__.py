"""Benchmarks and the synthetic landscape generator they share (not collected by pytest)."""
