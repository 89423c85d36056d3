"""Running days for a batch of replicates: parallel over replicates, serial within a day."""

from __future__ import annotations

from numba import njit, prange

from simulator.core.day import decisions, dynamics, initialise


@njit(cache=True, parallel=True)
def init_batch(P, S, rep0: int) -> None:  # noqa: ANN001
    """Record row 0 of every replicate in the batch (global replicates ``rep0 ...``)."""
    for b in prange(S.forces.shape[0]):
        initialise(P, S, b, rep0 + b)


@njit(cache=True, parallel=True)
def run_days(P, S, rep0: int, day0: int, day1: int) -> None:  # noqa: ANN001
    """Advance every replicate of the batch through days ``day0 + 1 ... day1`` (inclusive)."""
    for b in prange(S.forces.shape[0]):
        for d in range(day0 + 1, day1 + 1):
            decisions(P, S, b, rep0 + b, d)
            dynamics(P, S, b, rep0 + b, d)


@njit(cache=True)
def run_days_serial(P, S, rep0: int, day0: int, day1: int) -> None:  # noqa: ANN001
    """Advance the batch like ``run_days`` on one thread (a twin for tests and the Mesa layer)."""
    for b in range(S.forces.shape[0]):
        for d in range(day0 + 1, day1 + 1):
            decisions(P, S, b, rep0 + b, d)
            dynamics(P, S, b, rep0 + b, d)
