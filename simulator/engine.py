"""Run a scenario: batches of replicates, in chunks of days short enough to honour Ctrl-C.

``run(scenario, seed=..., replicates=..., days=...)`` returns ``Results``. Replicates are
numbered globally, so a range of replicates run on its own gives the same rows as the same
replicates inside a larger run (``first_replicate``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from simulator.scenario.schema import Scenario

CHUNK_SECONDS = 0.3  # target wall time of one compiled call
# imported on a thread while the kernels load and simulate (mostly without the GIL): pandas
ASSEMBLE_IMPORTS = ("simulator.results",)


@dataclass
class Timings:
    """Wall-clock seconds spent in each stage of a run."""

    build: float = 0.0
    compile: float = 0.0
    simulate: float = 0.0
    assemble: float = 0.0
    compiled_fresh: bool = False
    extra: dict[str, float] = field(default_factory=dict)


class Interrupted(Exception):  # noqa: N818 - a stop the caller asked for, not an error
    """Raised by ``run`` when ``should_stop()`` returned True at a chunk boundary.

    ``done`` and ``total`` count replicate-days; ``replicates_done`` lists the replicates that
    ran through every day (whole batches); ``timings`` holds the stages so far.
    """

    def __init__(self, done: int, total: int, replicates_done: list[int], timings: Timings):
        self.done, self.total = done, total
        self.replicates_done = replicates_done
        self.timings = timings
        super().__init__(f"stopped after {done:,} of {total:,} replicate-days")


def _compile(built, n_snap: int) -> bool:  # noqa: ANN001
    """Compile (or load from the disk cache) the kernels; return True if any was compiled."""
    from simulator.core.build import allocate
    from simulator.core.run import init_range, run_range

    def misses() -> int:
        return sum(run_range.stats.cache_misses.values()) + sum(
            init_range.stats.cache_misses.values()
        )

    tiny = allocate(built, 1, 0, min(n_snap, 1))
    before = misses()
    init_range(built.params, tiny, 0, 0, 1)
    run_range(built.params, tiny, 0, 0, 1, 0, 0)
    return misses() > before


def _load_registries() -> None:
    """Set up numba's compiler registries, as its first cache load would; return None.

    This part of loading the kernels holds the GIL (imports, scipy's included); reading the
    cached code that follows mostly runs in LLVM without it, like the simulation.
    """
    from simulator.core.run import run_range

    run_range.targetctx.refresh()


def n_threads() -> int:
    """Return the number of threads to run replicates on (numba's thread setting)."""
    import numba

    return max(1, int(numba.get_num_threads()))


class Pool:
    """Threads that run disjoint replicate ranges of one batch through the nogil kernels."""

    def __init__(self, threads: int) -> None:
        self.threads = threads
        self.ex = ThreadPoolExecutor(threads) if threads > 1 else None

    def map_ranges(self, fn: Callable[[int, int], None], n: int) -> None:
        """Call ``fn(b0, b1)`` on up to ``threads`` disjoint ranges covering ``0 ... n - 1``."""
        parts = min(self.threads, n)
        if self.ex is None or parts <= 1:
            fn(0, n)
            return
        bounds = [round(n * p / parts) for p in range(parts + 1)]
        futures = [self.ex.submit(fn, bounds[p], bounds[p + 1]) for p in range(parts)]
        for f in futures:
            f.result()

    def close(self) -> None:
        """Stop the threads."""
        if self.ex is not None:
            self.ex.shutdown(wait=True, cancel_futures=True)


def batch_size(built, replicates: int) -> int:  # noqa: ANN001
    """Return how many replicates run together: the scenario's choice, else by map size."""
    chosen = built.scenario.engine.batch_replicates
    if chosen:
        return min(chosen, replicates)
    per_rep = built.map.n_regions * (built.initial.forces.shape[0] + 8) * 8
    return int(max(1, min(replicates, 64, (256 << 20) // max(per_rep, 1))))


def run(
    scenario: Scenario,
    *,
    seed: int | None = None,
    replicates: int | None = None,
    days: int | None = None,
    first_replicate: int = 0,
    snapshot_replicates: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_compile: Callable[[], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    background_imports: Sequence[str] = ASSEMBLE_IMPORTS,
):  # noqa: ANN201 - returns Results (imported lazily)
    """Return the ``Results`` of replicates ``first_replicate ...`` of ``scenario``.

    ``seed``, ``replicates`` and ``days`` default to the scenario's ``run`` table;
    ``snapshot_replicates`` (default the scenario's) replicates keep grid snapshots.
    ``progress(done, total)`` is called after every chunk with replicate-days done.
    ``should_stop()`` is asked after building, after compiling and after every chunk (at most
    about ``CHUNK_SECONDS`` apart); when it returns True, ``Interrupted`` is raised.
    ``background_imports`` are imported on a thread while the kernels load and simulate
    (pandas, which ``assemble`` needs, costs about half a second); pass () to import nothing.
    """
    from simulator.core.build import allocate, build
    from simulator.core.run import init_range, run_range
    from simulator.preload import preload

    timings = Timings()
    t0 = time.perf_counter()
    seed = scenario.run.seed if seed is None else int(seed)
    replicates = scenario.run.replicates if replicates is None else int(replicates)
    days = scenario.run.days if days is None else int(days)
    if seed < 0 or replicates < 1 or days < 0 or first_replicate < 0:
        raise ValueError("seed, days and first_replicate must be >= 0, replicates >= 1")
    n_snap_total = (
        scenario.run.snapshot_replicates if snapshot_replicates is None else snapshot_replicates
    )
    built = build(scenario)
    params = built.params._replace(seed=np.uint64(seed))
    epochs = tuple((d, p._replace(seed=np.uint64(seed))) for d, p in built.epochs)
    built = type(built)(**{**built.__dict__, "params": params, "epochs": epochs})
    timings.build = time.perf_counter() - t0
    total = replicates * days
    stop = _Stopper(should_stop, total, timings)
    stop.check(0)

    t1 = time.perf_counter()
    if on_compile is not None and not _kernels_ready():
        on_compile()
    _load_registries()
    preload(background_imports)  # from here the main thread mostly runs without the GIL
    timings.compiled_fresh = _compile(built, n_snap_total)
    timings.compile = time.perf_counter() - t1
    stop.check(0)

    t2 = time.perf_counter()
    batch = batch_size(built, replicates)
    states: list = []
    done = 0
    stop.t_sim = t2
    pool = Pool(n_threads())
    try:
        for start in range(0, replicates, batch):
            n_b = min(batch, replicates - start)
            rep0 = first_replicate + start
            n_snap = int(np.clip(n_snap_total - rep0, 0, n_b))
            state = allocate(built, n_b, days, n_snap)
            pool.map_ranges(lambda b0, b1, st=state, r=rep0: init_range(params, st, r, b0, b1), n_b)
            done = _run_batch(
                pool, run_range, built, state, rep0, n_b, days, done, total, progress, stop
            )
            states.append((rep0, state))
            stop.reps.extend(range(rep0, rep0 + n_b))
            stop.check(done)
    finally:
        pool.close()
    timings.simulate = time.perf_counter() - t2

    t3 = time.perf_counter()
    from simulator.results import assemble  # pandas: after the simulation (see preload)

    results = assemble(built, states, seed=seed, days=days)
    timings.assemble = time.perf_counter() - t3
    results.timings = timings
    return results


class _Stopper:
    """Asks ``should_stop`` and raises ``Interrupted`` with what was done."""

    def __init__(self, should_stop: Callable[[], bool] | None, total: int, timings: Timings):
        self.should_stop, self.total, self.timings = should_stop, total, timings
        self.t_sim: float | None = None
        self.reps: list[int] = []

    def check(self, done: int) -> None:
        """Raise ``Interrupted`` if the caller asked to stop; return None otherwise."""
        if self.should_stop is None or not self.should_stop():
            return
        if self.t_sim is not None:
            self.timings.simulate = time.perf_counter() - self.t_sim
        raise Interrupted(done, self.total, list(self.reps), self.timings)


def _run_batch(pool, kernel, built, state, rep0, n_b, days, done, total, progress, stop) -> int:  # noqa: ANN001, E501
    """Run one batch through all days in chunks of about ``CHUNK_SECONDS``; return done.

    A chunk never spans the first day of a parameter epoch (``built.epochs``).
    """
    day, chunk = 0, 1  # one day first: on a million regions a day alone takes ~0.5 s
    starts = [d for d, _ in built.epochs]
    while day < days:
        params = built.params_from(day + 1)
        end = min(days, day + chunk, *[d - 1 for d in starts if d > day + 1])
        tc = time.perf_counter()
        pool.map_ranges(
            lambda b0, b1, d0=day, d1=end, p=params: kernel(p, state, rep0, b0, b1, d0, d1), n_b
        )
        per_day = (time.perf_counter() - tc) / (end - day)
        done += n_b * (end - day)
        day = end
        if progress is not None:
            progress(done, total)
        if day < days:
            stop.check(done)
        chunk = int(np.clip(CHUNK_SECONDS / max(per_day, 1e-7), 1, 10_000))
    return done


def _kernels_ready() -> bool:
    """Return True when the batch kernels already have a compiled signature in this process."""
    from simulator.core.run import run_range

    return bool(run_range.signatures)
