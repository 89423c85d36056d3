"""The event timeline: captures, defections and other events of one replicate, on real dates."""

from __future__ import annotations

import plotly.graph_objects as go

from simulator.plots.colors import NONE_COLOR
from simulator.report.data import RunData
from simulator.report.shaping import event_rows
from simulator.report.style import base_layout

KIND_NAMES = {"capture": "captures of key places", "defection": "defections of local groups",
              "scripted": "scripted events"}
MAX_LABELLED = 30  # events get their place written beside them up to this many
SYMBOLS = ("circle", "diamond", "square", "triangle-up", "star", "x")


def timeline_figure(run: RunData, replicate: int) -> go.Figure | None:
    """Return the events of ``replicate`` as markers by kind, coloured by actor; None if none."""
    ev = event_rows(run.events, replicate)
    if ev.empty:
        return None
    kinds = list(dict.fromkeys(ev["kind"]))
    ylabels = {k: KIND_NAMES.get(k, k) for k in kinds}
    fig = go.Figure()
    actors = [*[f for f in run.factions if f in set(ev["actor"])],
              *sorted(set(ev["actor"]) - set(run.factions))]
    for k, actor in enumerate(actors):
        sub = ev[ev["actor"] == actor]
        fig.add_trace(go.Scatter(
            x=sub["date"].dt.strftime("%Y-%m-%d"), y=[ylabels[k] for k in sub["kind"]],
            mode="markers+text" if len(ev) <= MAX_LABELLED else "markers",
            textposition="top center", texttemplate="%{customdata}", textfont={"size": 10},
            customdata=[run.place_label(p) if p else "" for p in sub["place"]],
            name=run.labels.get(actor, actor or "none"),
            marker={"color": run.colors.get(actor, NONE_COLOR), "size": 13,
                    "symbol": SYMBOLS[k % len(SYMBOLS)], "line": {"color": "#222222", "width": 1},
                    "opacity": 0.9},
            text=sub["detail"], hovertemplate="%{x|%-d %b %Y}: %{text}<extra></extra>",
        ))
    which = f" (replicate {replicate})" if run.is_ensemble else ""
    layout = base_layout(f"Event timeline{which}", "", height=190 + 50 * len(kinds))
    layout["hovermode"] = "closest"
    layout["yaxis"] = {"type": "category", "categoryorder": "array",
                       "categoryarray": [ylabels[k] for k in kinds], "automargin": True}
    layout["legend"].update(title={"text": "actor: "}, y=-0.25)
    layout["margin"] = {"l": 70, "r": 20, "t": 50, "b": 70}
    first, last = run.timeseries["date"].min(), run.timeseries["date"].max()
    layout["xaxis"]["range"] = [first.strftime("%Y-%m-%d"), last.strftime("%Y-%m-%d")]
    fig.update_layout(**layout)
    return fig
