"""The run summary printed by ``libya-sim run``: key places, territory, people, escalation."""

from __future__ import annotations

from typing import Any

import numpy as np
from rich.table import Table

from simulator.cli.common import out, safe


def _band(values: np.ndarray, fmt: str = "{:,.0f}") -> str:
    if values.size == 1:
        return fmt.format(values[0])
    lo, med, hi = np.percentile(values, [5, 50, 95])
    return f"{fmt.format(med)} ({fmt.format(lo)}-{fmt.format(hi)})"


def print_summary(results: Any) -> None:
    """Print a table of the run's outcomes (medians with 5-95% ranges for ensembles)."""
    o, s = results.outcomes, results.scenario
    n = len(o)
    title = f"{safe(s.name)}: {n} replicate(s), {results.days} days from {s.run.start_date}"
    table = Table(title=title, title_justify="left")
    table.add_column("outcome")
    table.add_column("value" if n == 1 else "median (5-95%)", justify="right")
    for pid in s.key_places:
        counts = o[f"holder_{pid}"].value_counts()
        text = ", ".join(f"{safe(k)} {v / n:.0%}" if n > 1 else safe(k) for k, v in counts.items())
        table.add_row(f"holder of {safe(s.places[pid].label or pid)}", text)
    for f in s.faction_ids:
        table.add_row(f"territory {safe(f)}", _band(o[f"territory_{f}_final"].to_numpy(),
                                                    "{:.1%}"))
    table.add_row("civilian deaths", _band(o["civilian_deaths"].to_numpy()))
    table.add_row("peak displaced", _band(o["peak_displaced"].to_numpy()))
    last = results.timeseries.groupby("replicate").tail(1)
    table.add_row("escalation at the end", _band(last["escalation"].to_numpy(), "{:.0f}"))
    states = last["ceasefire"].value_counts()
    table.add_row("ceasefire state at the end",
                  ", ".join(f"{safe(k)} {v / n:.0%}" for k, v in states.items()))
    out.print(table)
