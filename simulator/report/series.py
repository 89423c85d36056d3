"""Time-series figures on real dates: one line per series for a run, fan charts for ensembles.

Every trace places its points with ``x0`` (the start date) and ``dx`` (one day), so a panel of
two years carries its values only, not 731 date strings per trace.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import plotly.graph_objects as go

from simulator.report.panels import Line, Panel
from simulator.report.shaping import days_of, fan, per_replicate
from simulator.report.style import DAY_MS, base_layout, rgba

BAND_90, BAND_50 = 0.13, 0.28  # opacity of the fan's bands


def day_axis(start: dt.date, first_day: int) -> dict:
    """Return the ``x0``/``dx`` of a trace whose points are consecutive days from ``first_day``."""
    return {"x0": (start + dt.timedelta(days=int(first_day))).isoformat(), "dx": DAY_MS}


def panel_figure(panel: Panel, ts, start: dt.date, ensemble: bool) -> go.Figure:  # noqa: ANN001
    """Return the figure of ``panel``: lines (one run) or fans of the replicates (ensemble)."""
    days = days_of(ts)
    fig = go.Figure()
    for line in panel.lines:
        values = per_replicate(ts, line.column) * panel.scale
        if ensemble:
            _add_fan(fig, line, values, panel, start, int(days[0]))
        else:
            _add_line(fig, line, values[0], panel, start, int(days[0]))
    fig.update_layout(**base_layout(panel.title, panel.ytitle))
    if panel.yaxis:
        fig.update_yaxes(**panel.yaxis)
    return fig


def _shape(panel: Panel) -> str:
    return "hv" if panel.step else "linear"


def _add_line(fig: go.Figure, line: Line, y: np.ndarray, panel: Panel, start: dt.date,
              day0: int) -> None:
    fig.add_trace(go.Scatter(
        y=y.astype(np.float32), **day_axis(start, day0), mode="lines", name=line.name,
        line={"color": line.color, "width": 2.2, "dash": line.dash, "shape": _shape(panel)},
        hovertemplate=f"%{{y:{panel.fmt}}}",
    ))


def _add_fan(fig: go.Figure, line: Line, values: np.ndarray, panel: Panel, start: dt.date,
             day0: int) -> None:
    q = fan(values)
    x = day_axis(start, day0)
    shape = _shape(panel)
    group = {"legendgroup": line.column, "showlegend": False, "hoverinfo": "skip"}
    for lo, hi, alpha in ((0.05, 0.95, BAND_90), (0.25, 0.75, BAND_50)):
        fig.add_trace(go.Scatter(y=q[lo].astype(np.float32), **x, mode="lines",
                                 line={"width": 0, "shape": shape}, **group))
        fig.add_trace(go.Scatter(y=q[hi].astype(np.float32), **x, mode="lines", fill="tonexty",
                                 fillcolor=rgba(line.color, alpha),
                                 line={"width": 0, "shape": shape}, **group))
    bands = np.stack([q[0.25], q[0.75], q[0.05], q[0.95]], axis=1).astype(np.float32)
    f = panel.fmt
    fig.add_trace(go.Scatter(
        y=q[0.5].astype(np.float32), **x, mode="lines", name=line.name,
        legendgroup=line.column, customdata=bands,
        line={"color": line.color, "width": 2.2, "dash": line.dash, "shape": shape},
        hovertemplate=(f"median %{{y:{f}}} (50%: %{{customdata[0]:{f}}} to "
                       f"%{{customdata[1]:{f}}}; 90%: %{{customdata[2]:{f}}} to "
                       f"%{{customdata[3]:{f}}})"),
    ))
