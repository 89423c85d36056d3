"""Escalation as a step line with the ceasefire periods shaded, and P(ceasefire in force)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from simulator.report.panels import Line, Panel
from simulator.report.series import day_axis, panel_figure
from simulator.report.shaping import days_of, runs_of, state_share
from simulator.report.style import CEASEFIRE_FILL, TALKS_FILL, base_layout, other_colors

ESCALATION_LEVELS = ("frozen", "skirmishes", "shelling", "air and drones", "overt foreign troops",
                     "interstate")
SHADES = (("ceasefire", CEASEFIRE_FILL, "ceasefire in force"),
          ("talks", TALKS_FILL, "talks"),
          ("violated", "rgba(120, 120, 120, 0.18)", "ceasefire violated"))
TOP = 5.4  # shading reaches a little above level 5


def escalation_figure(ts: pd.DataFrame, start: dt.date, colors: dict[str, str],
                      ensemble: bool) -> go.Figure:
    """Return escalation (0-5) as a step line (ensemble: median and bands) over shaded periods.

    One run: the days in each ceasefire state are shaded. Ensemble: the days on which most
    replicates are in that state.
    """
    ink = other_colors(colors)[0]
    panel = Panel("escalation", "Escalation", "escalation level (0 to 5)",
                  [Line("escalation", "escalation level", ink)], fmt=".0f", step=True,
                  yaxis={"range": [0, TOP], "rangemode": "normal", "tickvals": list(range(6)),
                         "ticktext": [f"{k} {n}" for k, n in enumerate(ESCALATION_LEVELS)]})
    fig = panel_figure(panel, ts, start, ensemble)
    shades = []
    if "ceasefire" in ts:
        days = days_of(ts)
        for state, fill, name in SHADES:
            share = state_share(ts, "ceasefire", state)["share"].to_numpy()
            trace = _shade(runs_of(share > 0.5), days, start, fill,
                           name + (" (most replicates)" if ensemble else ""))
            if trace is not None:
                shades.append(trace)
    fig = go.Figure([*shades, *fig.data], fig.layout)  # shading under the line
    fig.update_layout(margin={"l": 150})
    return fig


def _shade(runs: list[tuple[int, int]], days: np.ndarray, start: dt.date, fill: str,
           name: str) -> go.Scatter | None:
    """Return rectangles over the day ranges ``runs`` as one filled trace, or None."""
    if not runs:
        return None
    xs: list = []
    ys: list = []
    for a, b in runs:
        x0 = (start + dt.timedelta(days=int(days[a]))).isoformat()
        x1 = (start + dt.timedelta(days=int(days[b]) + 1)).isoformat()
        xs += [x0, x1, x1, x0, x0, None]
        ys += [0, 0, TOP, TOP, 0, None]
    return go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=fill,
                      line={"width": 0}, name=name, hoverinfo="skip")


def ceasefire_probability_figure(ts: pd.DataFrame, start: dt.date,
                                 colors: dict[str, str]) -> go.Figure:
    """Return the share of replicates with a ceasefire in force each day, with its 95% band."""
    s = state_share(ts, "ceasefire", "ceasefire")
    ink = other_colors(colors)[0]
    x = day_axis(start, int(s["day"].iloc[0]))
    fig = go.Figure([
        go.Scatter(y=(100 * s["low"]).astype(np.float32), **x, mode="lines",
                   line={"width": 0}, showlegend=False, hoverinfo="skip"),
        go.Scatter(y=(100 * s["high"]).astype(np.float32), **x, mode="lines", fill="tonexty",
                   fillcolor=CEASEFIRE_FILL, line={"width": 0}, name="95% interval (Wilson)",
                   hoverinfo="skip"),
        go.Scatter(y=(100 * s["share"]).astype(np.float32), **x, mode="lines",
                   name="replicates with a ceasefire in force", line={"color": ink, "width": 2.2},
                   customdata=np.stack([100 * s["low"], 100 * s["high"]], 1).astype(np.float32),
                   hovertemplate="%{y:.1f}% (95%: %{customdata[0]:.1f}% to "
                                 "%{customdata[1]:.1f}%)"),
    ])
    fig.update_layout(**base_layout("P(ceasefire in force) over time",
                                    "share of replicates (%)"))
    fig.update_yaxes(range=[0, 100.5], rangemode="normal")
    return fig
