"""The compiled one-day kernels, called without numba's per-call type dispatch.

A call of a numba dispatcher types every argument; for ``Params`` and ``State`` (about 250
arrays) that costs about 40 µs, more than the rest of ``LibyaModel.step()``. The types of a
model's parameters and state never change, so they are worked out once per object and the
kernel's compiled overload for them (from the disk cache, or compiled) is called directly,
which still unboxes the arrays (about 14 µs) but skips the typing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from numba import typeof, types


class Kernels:
    """Entry points of ``simulator.core.run`` resolved for given ``(Params, State)`` objects."""

    def __init__(self) -> None:
        """Import the compiled module (not the kernels' code: that loads on first use)."""
        from simulator.core import run

        self.module = run
        self._types: dict[int, tuple[Any, Any]] = {}
        self._entries: dict[tuple, Callable[..., None]] = {}

    def _type(self, obj: Any) -> Any:  # noqa: ANN401
        got = self._types.get(id(obj))
        if got is None or got[0] is not obj:
            got = (obj, typeof(obj))
            self._types[id(obj)] = got
        return got[1]

    def entry(self, name: str, params: Any, state: Any, n_ints: int) -> Callable[..., None]:
        """Return the compiled ``name(params, state, <n_ints int64>)`` for these objects."""
        key = (name, self._type(params), self._type(state))
        fn = self._entries.get(key)
        if fn is None:
            sig = (key[1], key[2], *([types.int64] * n_ints))
            fn = getattr(self.module, name).compile(sig)
            self._entries[key] = fn
        return fn

    def run_day(self, p: Any, s: Any, rep: int, day: int) -> None:
        """Run decisions and dynamics of ``day`` for replicate 0 of ``s`` (``run_range``)."""
        self.entry("run_range", p, s, 5)(p, s, rep, 0, 1, day - 1, day)

    def decide(self, p: Any, s: Any, rep: int, day: int) -> None:
        """Run the compiled decisions of ``day`` (``decide_day``)."""
        self.entry("decide_day", p, s, 3)(p, s, rep, 0, day)

    def dynamics(self, p: Any, s: Any, rep: int, day: int) -> None:
        """Run the compiled dynamics of ``day``, recording last (``dynamics_day``)."""
        self.entry("dynamics_day", p, s, 3)(p, s, rep, 0, day)
