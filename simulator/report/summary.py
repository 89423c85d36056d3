"""The summary table at the top of the report, as escaped HTML rows.

One replicate: the values. An ensemble: medians with the 5-95% range of the replicates, and
shares of replicates with their 95% Wilson interval (the Monte Carlo error), as on the terminal.
"""

from __future__ import annotations

import pandas as pd

from simulator.analysis.labels import outcome_label
from simulator.cli.summary import fmt_band, fmt_share
from simulator.compare import outcome_table
from simulator.report.data import RunData
from simulator.report.escape import esc

END_ROWS = (("displaced_final", "displaced at the end", "{:,.0f}"),
            ("refugees_final", "refugees abroad at the end", "{:,.0f}"),
            ("escalation_final", "escalation at the end (0-5)", "{:,.0f}"),
            ("escalation_peak", "peak escalation (0-5)", "{:,.0f}"))


def _categories(run: RunData, values: pd.Series) -> str:
    n = len(values)
    counts = values.astype(str).value_counts()
    names = [run.labels.get(k, esc(k)) for k in counts.index]
    if n == 1:
        return names[0]
    return ", ".join(f"{name} {fmt_share(int(v), n)}"
                     for name, v in zip(names, counts.to_numpy(), strict=True))


def _share(k: int, n: int) -> str:
    """Return the share of ``n`` replicates with its Wilson interval, or yes/no for one."""
    return fmt_share(k, n) if n > 1 else ("yes" if k else "no")


def _first_day(days: pd.Series) -> str:
    """Return the band of the first ceasefire day over the replicates that had one (-1: none)."""
    came = days[days >= 0]
    return fmt_band(came) if len(came) else "none"


def summary_rows(run: RunData) -> list[tuple[str, str]]:
    """Return ``(outcome, value)`` rows of escaped display text for the run's outcomes."""
    o = outcome_table(run.outcomes, run.timeseries)
    n = len(o)
    rows: list[tuple[str, str]] = []
    for col in [c for c in o.columns if c.startswith("holder_")]:
        rows.append((f"holder of {run.place_label(col.removeprefix('holder_'))} at the end",
                     _categories(run, o[col])))
    if "ceasefire_final" in o:
        rows.append(("ceasefire state at the end", _categories(run, o["ceasefire_final"])))
    if "ceasefire_reached" in o:
        reached = int(o["ceasefire_reached"].astype(bool).sum())
        rows.append(("a ceasefire came (any day)", _share(reached, n)))
    if "first_ceasefire_day" in o:
        rows.append(("first ceasefire day (when one came)", _first_day(o["first_ceasefire_day"])))
    for f in run.factions:
        col = f"territory_{f}_final"
        if col in o:
            rows.append((f"territory of {run.labels[f]} at the end", fmt_band(o[col], "{:.1%}")))
    for f in run.factions:
        col = f"military_deaths_{f}_final"
        if col in o:
            rows.append((f"fighters of {run.labels[f]} killed", fmt_band(o[col])))
    for col, label in (("civilian_deaths", "civilian deaths"),
                       ("peak_displaced", "peak displaced")):
        if col in o:
            rows.append((label, fmt_band(o[col])))
    for col, label, fmt in END_ROWS:
        if col in o:
            rows.append((label, fmt_band(o[col], fmt)))
    known = {"replicate", "seed", *(c for c in o.columns if c.startswith(("holder_",
             "territory_", "military_deaths_"))), "civilian_deaths", "peak_displaced",
             "ceasefire_final", "ceasefire_reached", "first_ceasefire_day",
             *(c for c, _, _ in END_ROWS)}
    if "escalation_peak" in o:
        known.add("peak_escalation")  # the same figure, already in END_ROWS
    for col in [c for c in run.outcomes.columns if c not in known]:
        if pd.api.types.is_bool_dtype(o[col]):
            rows.append((_label(col, unit=False), _share(int(o[col].sum()), n)))
        elif pd.api.types.is_numeric_dtype(o[col]):
            big = float(o[col].abs().median()) >= 100
            rows.append((_label(col), fmt_band(o[col], "{:,.0f}" if big else "{:,.3g}")))
        else:
            rows.append((_label(col, unit=False), _categories(run, o[col])))
    return rows


def _label(col: str, unit: bool = True) -> str:
    """Return the escaped display name of an outcome column, with its unit when it has one."""
    title, what, _ = outcome_label(col)
    text = title if col.startswith("intervened_") else title[:1].lower() + title[1:]  # a name
    if unit and what not in ("value", "count") and not what.startswith("%"):
        text += f" ({what})"
    return esc(text)


def summary_html(run: RunData) -> str:
    """Return the summary as an HTML table (every cell escaped text)."""
    n = len(run.outcomes)
    head = "value" if n == 1 else "median (5–95% of replicates) or share [95% Wilson interval]"
    body = "".join(f"<tr><td>{a}</td><td class='num'>{b}</td></tr>"
                   for a, b in summary_rows(run))
    return (f"<table class='summary'><thead><tr><th>outcome</th><th>{head}</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")
