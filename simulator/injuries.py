"""Civilian injuries by cause and by attributed faction, derived from the deaths columns.

The civilians phase (docs/MODEL.md, phase 10) injures ``injury_ratio`` people per civilian
killed and records only the total (``civilian_injuries``). The breakdowns follow exactly from
the deaths columns: each day's new deaths of a cause (or attributed to a faction) times the
ratio in force that day (events may change it: ``Built.params_from``), summed over the days.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.core.layout import HARM_CAUSES


def daily_ratio(built, days: int) -> np.ndarray:  # noqa: ANN001
    """Return the injury ratio in force on each day ``0 ... days`` (injured per death)."""
    return np.array([float(built.params_from(d).injury_ratio) for d in range(days + 1)])


def injuries_from_deaths(deaths: np.ndarray, ratio: np.ndarray) -> np.ndarray:
    """Return cumulative injuries ``[rep, day]`` from cumulative deaths ``[rep, day]``.

    With one ratio for the whole run this is ``ratio × deaths``; otherwise each day's new
    deaths are weighted by that day's ratio and summed.
    """
    if (ratio == ratio[0]).all():
        return ratio[0] * deaths
    new = np.diff(deaths, axis=1, prepend=0.0)
    return np.cumsum(new * ratio[None, :], axis=1)


def injury_columns(faction_ids: list[str]) -> list[tuple[str, str]]:
    """Return ``(injuries column, deaths column)`` pairs: the causes, then the factions."""
    pairs = [(f"civilian_injuries_{c}", f"civilian_deaths_{c}") for c in HARM_CAUSES]
    return pairs + [(f"civilian_injuries_by_{f}", f"civilian_deaths_by_{f}") for f in faction_ids]


def add_injuries(ts: pd.DataFrame, built, n_reps: int, days: int) -> None:  # noqa: ANN001
    """Insert the injury columns into ``ts`` (rows: ``n_reps`` blocks of ``days + 1``) in place.

    They go right after ``civilian_injuries``; the cause columns sum to it (to rounding).
    """
    ratio = daily_ratio(built, days)
    at = ts.columns.get_loc("civilian_injuries") + 1
    for k, (name, source) in enumerate(injury_columns(built.scenario.faction_ids)):
        deaths = ts[source].to_numpy(dtype=np.float64).reshape(n_reps, days + 1)
        ts.insert(at + k, name, injuries_from_deaths(deaths, ratio).reshape(-1))
