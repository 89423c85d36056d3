"""Executors: where batches run. A local process pool (explicit start method) or a Dask cluster.

Both take tasks one at a time (``submit``) and hand back finished results (``finished``); the
runner keeps only a few tasks in flight, so memory does not grow with the number of batches.
"""

from __future__ import annotations

import multiprocessing as mp
import sys
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from simulator.errors import ExitCode, UserError
from simulator.sweep.tasks import init_worker, run_task

RESTARTS = 3  # a pool whose worker died is rebuilt this many times before the sweep stops


def start_method() -> str:
    """Return the pool's start method: forkserver on Linux, else spawn (never fork)."""
    return "forkserver" if sys.platform.startswith("linux") else "spawn"


class LocalPool:
    """A process pool with its own context; a worker that dies gets its batches run again."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.method = start_method()
        self.restarts = 0
        self._ex = self._new()
        self._tasks: dict[Future, dict[str, Any]] = {}

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=mp.get_context(self.method),
                                   initializer=init_worker)

    @property
    def slots(self) -> int:
        """Return how many tasks to keep in flight."""
        return 2 * self.workers

    def in_flight(self) -> int:
        """Return the number of tasks submitted and not yet handed back."""
        return len(self._tasks)

    def submit(self, task: dict[str, Any]) -> None:
        """Queue one task."""
        self._tasks[self._ex.submit(run_task, task)] = task

    def finished(self, timeout: float) -> list[dict[str, Any]]:
        """Return the results finished within ``timeout`` seconds (maybe none)."""
        if not self._tasks:
            return []
        done, _ = wait(list(self._tasks), timeout=timeout, return_when=FIRST_COMPLETED)
        out, lost = [], []
        for f in done:
            task = self._tasks.pop(f)
            try:
                out.append(f.result())
            except BrokenProcessPool:
                lost.append(task)
        if lost:
            self._restart(lost)
        return out

    def _restart(self, lost: list[dict[str, Any]]) -> None:
        self.restarts += 1
        if self.restarts > RESTARTS:
            raise RuntimeError(f"pool workers died {self.restarts} times; stopping the sweep")
        pending = lost + list(self._tasks.values())
        self._tasks.clear()
        self._ex.shutdown(wait=False, cancel_futures=True)
        self._ex = self._new()
        for task in pending:
            self.submit(task)

    def close(self, kill: bool = False) -> None:
        """Shut the pool down; with ``kill``, end the worker processes at once."""
        if kill:
            for p in list(getattr(self._ex, "_processes", {}).values()):
                p.kill()
        self._ex.shutdown(wait=not kill, cancel_futures=True)

    def describe(self) -> dict[str, Any]:
        """Return what the manifest records about this executor."""
        return {"kind": "pool", "workers": self.workers, "start_method": self.method}


class DaskExecutor:
    """Batches on a running Dask cluster (``dask scheduler`` + ``dask worker`` processes).

    A worker that dies mid-task is the scheduler's to handle: it runs the task again elsewhere.
    """

    def __init__(self, address: str, connect_timeout: float = 15.0) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise UserError("--scheduler needs Dask: pip install 'libya-sim[dask]'",
                            code=ExitCode.USAGE) from None
        if not address.startswith(("tcp://", "tls://", "inproc://")):
            raise UserError(f"--scheduler: expected tcp://HOST:PORT (got {address!r})",
                            code=ExitCode.USAGE)
        try:
            self.client = Client(address, timeout=connect_timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise UserError(f"--scheduler {address}: cannot connect ({exc})",
                            code=ExitCode.USAGE) from None
        self.address = address
        self._futures: dict[Any, dict[str, Any]] = {}
        self._seq = 0

    @property
    def slots(self) -> int:
        """Return how many tasks to keep in flight: twice the cluster's threads (at least 2)."""
        info = self.client.scheduler_info(n_workers=-1)
        threads = sum(w.get("nthreads", 1) for w in info.get("workers", {}).values())
        return max(2, 2 * threads)

    def in_flight(self) -> int:
        """Return the number of tasks submitted and not yet handed back."""
        return len(self._futures)

    def submit(self, task: dict[str, Any]) -> None:
        """Queue one task on the cluster."""
        self._seq += 1
        key = f"libya-sim-batch-{task['batch']}-{id(self)}-{self._seq}"
        fut = self.client.submit(run_task, task, key=key, pure=False, retries=2)
        self._futures[fut] = task

    def finished(self, timeout: float) -> list[dict[str, Any]]:
        """Return the results finished within ``timeout`` seconds (maybe none)."""
        if not self._futures:
            return []
        deadline = time.monotonic() + timeout
        ready = [f for f in self._futures if f.done()]
        while not ready and time.monotonic() < deadline:
            time.sleep(0.01)
            ready = [f for f in self._futures if f.done()]
        out = []
        for f in ready:
            self._futures.pop(f)
            out.append(f.result())
        return out

    def close(self, kill: bool = False) -> None:
        """Cancel what is left and disconnect (the cluster keeps running)."""
        if self._futures:
            self.client.cancel(list(self._futures))
        self.client.close(timeout=5)

    def describe(self) -> dict[str, Any]:
        """Return what the manifest records about this executor."""
        info = self.client.scheduler_info(n_workers=-1)
        return {"kind": "dask", "scheduler": self.address,
                "workers": len(info.get("workers", {}))}


Executor = LocalPool | DaskExecutor
SubmitFn = Callable[[dict[str, Any]], None]
