"""The summary of ``libya-sim run``: key places, ceasefire, casualties, displaced, escalation.

One replicate: the values. An ensemble: medians with the 5-95% range of the replicates, and
probabilities (shares of replicates) with their 95% Wilson interval, the Monte Carlo error.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from rich.table import Table

from simulator.cli.common import out, safe
from simulator.compare import outcome_table
from simulator.stats import band, wilson_interval


def fmt_band(values: np.ndarray, fmt: str = "{:,.0f}") -> str:
    """Return ``median (p5-p95)`` of ``values``, or the value alone for one replicate."""
    values = np.asarray(values, dtype=float)
    if values.size == 1:
        return fmt.format(values[0])
    lo, med, hi = band(values)
    return f"{fmt.format(med)} ({fmt.format(lo)}-{fmt.format(hi)})"


def fmt_share(successes: int, n: int) -> str:
    """Return ``p% [low-high%]`` with the 95% Wilson interval (``p%`` alone when n is 1)."""
    if n <= 1:
        return f"{successes / max(n, 1):.0%}"
    lo, hi = wilson_interval(successes, n)
    return f"{successes / n:.0%} [{lo:.0%}-{hi:.0%}]"


def fmt_categories(values: pd.Series) -> str:
    """Return each category's share (most frequent first); the value alone for one replicate."""
    n = len(values)
    counts = values.astype(str).value_counts()
    if n == 1:
        return safe(counts.index[0])
    return ", ".join(f"{safe(k)} {fmt_share(int(v), n)}" for k, v in counts.items())


def summary_rows(results: Any) -> list[tuple[str, str]]:
    """Return the summary as ``(outcome, value)`` rows of display text."""
    s = results.scenario
    o = outcome_table(results.outcomes, results.timeseries)
    n = len(o)
    rows: list[tuple[str, str]] = []
    for pid in s.key_places:
        rows.append((f"holder of {safe(s.places[pid].label or pid)}",
                     fmt_categories(o[f"holder_{pid}"])))
    if "ceasefire_final" in o:
        rows.append(("ceasefire state at the end", fmt_categories(o["ceasefire_final"])))
        reached = int(o["ceasefire_reached"].sum())
        rows.append(("ceasefire reached (any day)",
                     fmt_share(reached, n) if n > 1 else ("yes" if reached else "no")))
    if "longest_ceasefire_days" in o:
        rows.append(("longest ceasefire (days)", fmt_band(o["longest_ceasefire_days"])))
        rows.append(("ceasefire violations", fmt_band(o["violations"])))
    if "neighbour_intervened" in o and len(s.neighbours):
        hit = int(o["neighbour_intervened"].sum())
        rows.append(("a neighbour intervened",
                     fmt_share(hit, n) if n > 1 else ("yes" if hit else "no")))
    for f in s.faction_ids:
        rows.append((f"territory {safe(f)}", fmt_band(o[f"territory_{f}_final"], "{:.1%}")))
    for f in s.faction_ids:
        col = f"military_deaths_{f}_final"
        if col in o:
            rows.append((f"fighters killed, {safe(f)}", fmt_band(o[col])))
    rows.append(("civilian deaths", fmt_band(o["civilian_deaths"])))
    rows.append(("peak displaced", fmt_band(o["peak_displaced"])))
    if "foreign_fighters_final" in o and len(s.sponsors):
        rows.append(("foreign fighters at the end", fmt_band(o["foreign_fighters_final"])))
    for col, label in (("displaced_final", "displaced at the end"),
                       ("refugees_final", "refugees at the end"),
                       ("escalation_final", "escalation at the end (0-5)"),
                       ("escalation_peak", "peak escalation (0-5)")):
        if col in o:
            rows.append((label, fmt_band(o[col], "{:,.0f}")))
    return rows


def print_summary(results: Any) -> None:
    """Print a table of the run's outcomes (medians with 5-95% ranges for ensembles)."""
    s = results.scenario
    n = len(results.outcomes)
    title = f"{safe(s.name)}: {n} replicate(s), {results.days} days from {s.run.start_date}"
    caption = None
    if n > 1:
        caption = ("median (5-95% of replicates); share of replicates [95% Wilson interval: "
                   "Monte Carlo error]")
    table = Table(title=title, title_justify="left", caption=caption, caption_justify="left")
    table.add_column("outcome")
    table.add_column("value" if n == 1 else "median (5-95%) or share [95% interval]",
                     justify="right")
    for label, value in summary_rows(results):
        table.add_row(label, value)
    out.print(table)
