"""Benchmarks: one module per app, each exposing ``run() -> list[Figure]`` (see bench/__main__.py)."""
