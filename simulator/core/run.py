"""Running days for a range of replicates of a batch: serial, GIL-free kernels.

Parallelism is across replicates only: the engine gives disjoint replicate ranges of one batch
to threads, each calling these ``nogil`` kernels. The day itself is serial, so results do not
depend on the number of threads. (A ``prange`` version compiled ten times slower: see
docs/PERFORMANCE.md.)
"""

from __future__ import annotations

from numba import njit

from simulator.core.day import decisions, dynamics, initialise


@njit(cache=True, nogil=True)
def init_range(P, S, rep0: int, b0: int, b1: int) -> None:  # noqa: ANN001
    """Record row 0 of batch replicates ``b0 ... b1 - 1`` (global replicate ``rep0 + b``)."""
    for b in range(b0, b1):
        initialise(P, S, b, rep0 + b)


@njit(cache=True, nogil=True)
def run_range(P, S, rep0: int, b0: int, b1: int, day0: int, day1: int) -> None:  # noqa: ANN001
    """Advance batch replicates ``b0 ... b1 - 1`` through days ``day0 + 1 ... day1``."""
    for b in range(b0, b1):
        for d in range(day0 + 1, day1 + 1):
            decisions(P, S, b, rep0 + b, d)
            dynamics(P, S, b, rep0 + b, d)
