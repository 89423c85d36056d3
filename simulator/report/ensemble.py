"""Figures across replicates: outcome histograms, who holds each key place at the end, flags."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from simulator.analysis import labels
from simulator.plots.colors import NONE_COLOR
from simulator.report.data import RunData
from simulator.report.escape import esc, esc_id
from simulator.report.shaping import flag_shares, holder_shares, numeric_outcomes
from simulator.report.style import FONT, other_colors

HIST_COLS = 3
FLAG_NAMES = {"ceasefire_reached": "a ceasefire came"}


def outcome_label(run: RunData, column: str) -> tuple[str, str, float, str]:
    """Return (title, axis title, scale, colour) of a numeric outcome column, escaped."""
    ink = other_colors(run.colors)[0]
    for f in run.factions:
        if column == f"territory_{f}_final":
            return (f"Territory of {run.labels[f]} at the end", "share of land regions (%)",
                    100.0, run.colors[f])
    title, unit, scale = labels.outcome_label(column)  # the sweep analysis' names and units
    return esc(title), esc(unit), scale, ink


def histogram_figure(run: RunData) -> go.Figure | None:
    """Return one histogram per numeric outcome (replicates per bin), or None if there are none."""
    cols = numeric_outcomes(run.outcomes)
    if not cols:
        return None
    rows = math.ceil(len(cols) / HIST_COLS)
    labels = [outcome_label(run, c) for c in cols]
    fig = make_subplots(rows=rows, cols=HIST_COLS, subplot_titles=[t for t, *_ in labels],
                        horizontal_spacing=0.07, vertical_spacing=0.5 / rows)
    for k, (c, (title, unit, scale, color)) in enumerate(zip(cols, labels, strict=True)):
        r, col = divmod(k, HIST_COLS)
        x = run.outcomes[c].to_numpy(dtype=float) * scale
        fig.add_trace(go.Histogram(
            x=x.astype(np.float32), marker={"color": color, "line": {"color": "white", "width": 1}},
            name=title, showlegend=False,
            hovertemplate=f"{title}<br>%{{x}} {unit}: %{{y}} replicate(s)<extra></extra>",
        ), row=r + 1, col=col + 1)
        fig.update_xaxes(title_text=unit, row=r + 1, col=col + 1)
        fig.update_yaxes(title_text="replicates" if col == 0 else None, row=r + 1, col=col + 1)
    n = len(run.outcomes)
    fig.update_layout(
        title={"text": f"<b>Outcomes across {n} replicates</b> (histograms)", "x": 0.01,
               "font": {"size": 15}},
        template="plotly_white", font={"family": FONT, "size": 12}, bargap=0.05,
        height=110 + 270 * rows, margin={"l": 70, "r": 20, "t": 80, "b": 50},
    )
    fig.update_annotations(font_size=13)
    return fig


def holder_figure(run: RunData) -> go.Figure | None:
    """Return P(key place held by each faction at the end) as stacked bars, or None."""
    shares = holder_shares(run.outcomes, run.factions)
    if shares.empty:
        return None
    places = list(dict.fromkeys(shares["place"]))
    ylabels = [run.place_label(p) for p in places]
    fig = go.Figure()
    for holder in dict.fromkeys(shares["holder"]):
        sub = shares[shares["holder"] == holder].set_index("place").reindex(places)
        name = run.labels.get(holder, esc_id(holder))
        color = run.colors.get(holder, NONE_COLOR)
        custom = np.stack([100 * sub["low"], 100 * sub["high"], sub["count"], sub["n"]], 1)
        fig.add_trace(go.Bar(
            y=ylabels, x=100 * sub["share"].to_numpy(), orientation="h", name=name,
            marker={"color": color, "line": {"color": "white", "width": 1}},
            customdata=custom,
            hovertemplate=(f"%{{y}}: held by {name} at the end in %{{x:.0f}}% of replicates "
                           "(%{customdata[2]:.0f} of %{customdata[3]:.0f}; 95%: "
                           "%{customdata[0]:.0f}% to %{customdata[1]:.0f}%)<extra></extra>"),
        ))
    fig.update_layout(
        barmode="stack", template="plotly_white", font={"family": FONT, "size": 12},
        title={"text": "<b>P(key place held by each faction at the end)</b>", "x": 0.01,
               "font": {"size": 15}},
        xaxis={"title": {"text": "share of replicates (%)"}, "range": [0, 100]},
        yaxis={"autorange": "reversed"},
        height=140 + 32 * len(places), margin={"l": 170, "r": 20, "t": 50, "b": 50},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 1, "xanchor": "right",
                "traceorder": "normal"},
    )
    return fig


def flag_figure(run: RunData) -> go.Figure | None:
    """Return the share of replicates in which each true/false outcome holds, or None."""
    shares = flag_shares(run.outcomes)
    if shares.empty:
        return None
    ink = other_colors(run.colors)[0]
    names = [FLAG_NAMES.get(c, esc_id(c)) for c in shares["outcome"]]
    err_hi = 100 * (shares["high"] - shares["share"])
    err_lo = 100 * (shares["share"] - shares["low"])
    fig = go.Figure(go.Bar(
        y=names, x=100 * shares["share"], orientation="h", marker={"color": ink},
        error_x={"type": "data", "array": err_hi, "arrayminus": err_lo, "color": "#555555"},
        customdata=np.stack([shares["count"], shares["n"]], 1),
        hovertemplate="%{y}: %{x:.0f}% of replicates (%{customdata[0]} of %{customdata[1]})"
                      "<extra></extra>", name="share",
    ))
    fig.update_layout(
        template="plotly_white", font={"family": FONT, "size": 12},
        title={"text": "<b>Share of replicates in which ...</b> (95% Wilson intervals)", "x": 0.01,
               "font": {"size": 15}},
        xaxis={"title": {"text": "share of replicates (%)"}, "range": [0, 100]},
        height=140 + 36 * len(names), margin={"l": 170, "r": 20, "t": 50, "b": 50},
    )
    return fig
