"""libya-sim: an agent-based scenario simulator of the war in Libya.

The public API: ``load_scenario``, ``run``, ``Results`` and ``LibyaModel`` (the Mesa model).
Importing the package imports neither numba's kernels nor mesa; they load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.scenario import Scenario, load_scenario

__version__ = "0.1.0"
__all__ = ["LibyaModel", "Results", "Scenario", "__version__", "load_scenario", "run"]

if TYPE_CHECKING:
    from simulator.mesa_model import LibyaModel
    from simulator.results import Results


def run(scenario: Scenario, **kwargs: Any) -> Results:
    """Return the ``Results`` of running ``scenario`` (see ``simulator.engine.run``)."""
    from simulator.engine import run as _run

    return _run(scenario, **kwargs)


def __getattr__(name: str) -> Any:
    if name == "Results":
        from simulator.results import Results

        return Results
    if name == "LibyaModel":  # imports mesa, which sets the start method: only on demand
        from simulator.mesa_model import LibyaModel

        return LibyaModel
    raise AttributeError(f"module 'simulator' has no attribute {name!r}")
