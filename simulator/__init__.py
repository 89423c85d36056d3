"""libya-sim: an agent-based scenario simulator of the war in Libya.

The public API: ``load_scenario``, ``run``, ``Results`` and ``LibyaModel`` (the Mesa model).
Importing the package imports neither numba's kernels nor mesa; they load on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from simulator.scenario import Scenario, load_scenario

__version__ = "0.1.0"
__all__ = ["LibyaModel", "Results", "Scenario", "__version__", "load_scenario", "run"]

if TYPE_CHECKING:
    from simulator.mesa_model import LibyaModel
    from simulator.results import Results


def run(
    scenario: Scenario,
    *,
    seed: int | None = None,
    replicates: int | None = None,
    days: int | None = None,
    first_replicate: int = 0,
    snapshot_replicates: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Results:
    """Return the ``Results`` of replicates ``first_replicate ...`` of ``scenario``.

    ``seed``, ``replicates``, ``days`` and ``snapshot_replicates`` left at None take the
    scenario's ``run`` table (whose own defaults are seed 0, 1 replicate, 365 days, snapshots of
    replicate 0 only), so ``--set run.seed=7`` and a scenario file's ``[run]`` mean the same
    here as on the command line. Replicates are numbered globally: replicates
    ``first_replicate ... first_replicate + replicates - 1`` of a seed are the same rows whether
    run alone or inside a larger run. ``progress(done, total)`` is called after every chunk of
    replicate-days; when ``should_stop()`` returns True (asked at most about 0.3 s apart),
    ``simulator.engine.Interrupted`` is raised. Raises ``ValueError`` for a negative seed, days
    or first replicate, or fewer than one replicate.
    """
    from simulator.engine import run as _run

    return _run(scenario, seed=seed, replicates=replicates, days=days,
                first_replicate=first_replicate, snapshot_replicates=snapshot_replicates,
                progress=progress, should_stop=should_stop)


def __getattr__(name: str) -> Any:
    if name == "Results":
        from simulator.results import Results

        return Results
    if name == "LibyaModel":  # imports mesa, which sets the start method: only on demand
        from simulator.mesa_model import LibyaModel

        return LibyaModel
    raise AttributeError(f"module 'simulator' has no attribute {name!r}")
