"""Data shaping for the report: tables of a results folder into the arrays the figures draw.

Plain pandas and numpy, no Plotly, so each step is unit-tested on its own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.stats import wilson_interval

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)  # the fan: 90% band, 50% band, median


def per_replicate(ts: pd.DataFrame, column: str) -> np.ndarray:
    """Return ``column`` as a float array ``[replicate, day]`` (replicates and days ascending).

    Missing (replicate, day) cells are NaN.
    """
    wide = ts.pivot(index="replicate", columns="day", values=column)
    return wide.sort_index().sort_index(axis=1).to_numpy(dtype=float)


def days_of(ts: pd.DataFrame) -> np.ndarray:
    """Return the days of the time series, ascending."""
    return np.sort(ts["day"].unique())


def fan(values: np.ndarray) -> dict[float, np.ndarray]:
    """Return ``{quantile: per-day value}`` over replicates (axis 0) for ``QUANTILES``."""
    q = np.nanquantile(values, QUANTILES, axis=0)
    return {level: q[k] for k, level in enumerate(QUANTILES)}


def columns_with(columns: list[str], prefix: str, exclude: tuple[str, ...] = ()) -> list[str]:
    """Return the columns that start with ``prefix`` (not in ``exclude``), in table order."""
    return [c for c in columns if c.startswith(prefix) and c not in exclude]


def runs_of(mask: np.ndarray) -> list[tuple[int, int]]:
    """Return ``[(first, last), ...]``: index ranges where ``mask`` is True, both ends included."""
    m = np.asarray(mask, dtype=bool)
    if m.size == 0:
        return []
    edges = np.diff(np.r_[0, m.astype(np.int8), 0])
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1) - 1
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def state_share(ts: pd.DataFrame, column: str, state: str) -> pd.DataFrame:
    """Return per day the share of replicates whose ``column`` equals ``state``.

    Columns ``day``, ``n``, ``share``, ``low``, ``high`` (the 95% Wilson interval).
    """
    hit = ts[column].astype(str) == state
    g = hit.groupby(ts["day"])
    k, n = g.sum().astype(int), g.size()
    out = pd.DataFrame({"day": k.index.to_numpy(), "n": n.to_numpy(), "share": (k / n).to_numpy()})
    bounds = [wilson_interval(int(a), int(b)) for a, b in zip(k, n, strict=True)]
    out["low"] = [lo for lo, _ in bounds]
    out["high"] = [hi for _, hi in bounds]
    return out


def holder_shares(outcomes: pd.DataFrame, holders: list[str]) -> pd.DataFrame:
    """Return the share of replicates in which each key place ends with each holder.

    One row per ``holder_<place>`` column and holder (``holders`` in order, then any other
    value such as ``contested``): ``place``, ``holder``, ``count``, ``n``, ``share``, ``low``,
    ``high`` (95% Wilson interval).
    """
    rows = []
    n = len(outcomes)
    for col in columns_with(list(outcomes.columns), "holder_"):
        values = outcomes[col].astype(str)
        seen = [h for h in holders if h in set(values)] + sorted(set(values) - set(holders))
        for h in [*holders, *[s for s in seen if s not in holders]]:
            k = int((values == h).sum())
            lo, hi = wilson_interval(k, n)
            rows.append({"place": col.removeprefix("holder_"), "holder": h, "count": k, "n": n,
                         "share": k / n if n else 0.0, "low": lo, "high": hi})
    return pd.DataFrame(rows, columns=["place", "holder", "count", "n", "share", "low", "high"])


def numeric_outcomes(outcomes: pd.DataFrame) -> list[str]:
    """Return the numeric outcome columns worth a histogram (not ids, flags or text)."""
    skip = {"replicate", "seed"}
    return [c for c in outcomes.columns if c not in skip
            and pd.api.types.is_numeric_dtype(outcomes[c])
            and not pd.api.types.is_bool_dtype(outcomes[c])]


def flag_outcomes(outcomes: pd.DataFrame) -> list[str]:
    """Return the true/false outcome columns (e.g. ``ceasefire_reached``)."""
    return [c for c in outcomes.columns if pd.api.types.is_bool_dtype(outcomes[c])]


def flag_shares(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Return per true/false outcome the share of replicates where it is true.

    Columns ``outcome``, ``count``, ``n``, ``share``, ``low``, ``high`` (95% Wilson interval).
    """
    rows = []
    n = len(outcomes)
    for c in flag_outcomes(outcomes):
        k = int(outcomes[c].fillna(False).astype(bool).sum())
        lo, hi = wilson_interval(k, n)
        rows.append({"outcome": c, "count": k, "n": n, "share": k / n if n else 0.0,
                     "low": lo, "high": hi})
    return pd.DataFrame(rows, columns=["outcome", "count", "n", "share", "low", "high"])


def control_codes(control: np.ndarray, n_factions: int) -> np.ndarray:
    """Return snapshot control ``[snap, cell]`` as int8 colour codes: faction k -> k, nobody -> K.

    Codes index a discrete colour scale (factions in order, then nobody's grey).
    """
    c = np.asarray(control)
    return np.where(c < 0, n_factions, c).astype(np.int8)


def event_rows(events: pd.DataFrame, replicate: int) -> pd.DataFrame:
    """Return the events of ``replicate`` sorted by day (an empty frame when there are none)."""
    if events.empty:
        return events
    ev = events[events["replicate"] == replicate]
    return ev.sort_values(["day", "kind"], kind="stable").reset_index(drop=True)
