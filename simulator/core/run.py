"""Running days for a range of replicates of a batch: serial, GIL-free kernels.

Each entry point turns the ``Params`` and ``State`` tuples into references once
(``refs.as_ref``) and runs the day on those. Parallelism is across replicates only: the engine
gives disjoint replicate ranges of one batch to threads, each calling these ``nogil`` kernels.
The day itself is serial, so results do not depend on the number of threads. (The engine
uses a thread pool rather than ``prange`` over replicates: it keeps one compiled day for every
thread count and lets a Ctrl-C through between chunks; ``simulator/engine.py``.)
"""

from __future__ import annotations

from numba import njit

from simulator.core.day import decisions, dynamics, initialise
from simulator.core.record import log_event
from simulator.core.refs import as_ref


@njit(cache=True, nogil=True)
def init_range(P, S, rep0: int, b0: int, b1: int) -> None:  # noqa: ANN001
    """Record row 0 of batch replicates ``b0 ... b1 - 1`` (global replicate ``rep0 + b``)."""
    p, s = as_ref(P), as_ref(S)
    for b in range(b0, b1):
        initialise(p, s, b, rep0 + b)


@njit(cache=True, nogil=True)
def run_range(P, S, rep0: int, b0: int, b1: int, day0: int, day1: int) -> None:  # noqa: ANN001
    """Advance batch replicates ``b0 ... b1 - 1`` through days ``day0 + 1 ... day1``."""
    p, s = as_ref(P), as_ref(S)
    for b in range(b0, b1):
        for d in range(day0 + 1, day1 + 1):
            decisions(p, s, b, rep0 + b, d)
            dynamics(p, s, b, rep0 + b, d)


# One replicate and one day at a time: the entry points of the Mesa model (simulator/mesa_model),
# which runs the same decisions and dynamics with Python in between.
@njit(cache=True, nogil=True)
def decide_day(P, S, rep: int, b: int, day: int) -> None:  # noqa: ANN001
    """Run the decision phases of ``day`` for batch replicate ``b`` (global replicate ``rep``)."""
    decisions(as_ref(P), as_ref(S), b, rep, day)


@njit(cache=True, nogil=True)
def dynamics_day(P, S, rep: int, b: int, day: int) -> None:  # noqa: ANN001
    """Run the dynamic phases of ``day`` (recording last) for batch replicate ``b``."""
    dynamics(as_ref(P), as_ref(S), b, rep, day)


@njit(cache=True, nogil=True)
def log_one(S, b: int, day: int, kind: int, actor: int, place: int, value: float) -> None:  # noqa: ANN001
    """Append one event to replicate ``b``'s log (``record.log_event`` from Python)."""
    log_event(S, b, day, kind, actor, place, value)
