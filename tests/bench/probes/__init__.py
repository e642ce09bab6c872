"""Small programs the benchmarks start as separate processes (baselines and helpers)."""
