"""Shared helpers for benchmarks: a throw-away database, timing of requests, the BENCH line."""

from __future__ import annotations

import operator
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

OPERATORS: dict[str, Callable[[float, float], bool]] = {"<=": operator.le, ">=": operator.ge}


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    op: str
    target: float

    @property
    def ok(self) -> bool:
        return OPERATORS[self.op](self.value, self.target)

    def line(self) -> str:
        verdict = "ok" if self.ok else "MISS"
        return f"BENCH {self.name} {self.value:.3g} {self.unit} target {self.op}{self.target:g} {verdict}"


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


@contextmanager
def bench_database() -> Iterator[None]:
    """Set up Django with a fresh test database (SQLite, or the one DATABASE_URL names) and drop it after."""
    import django
    from django.test.utils import setup_test_environment, teardown_test_environment

    django.setup()
    from django.db import connection

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def time_ms(action: Callable[[], object], *, repeat: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples
