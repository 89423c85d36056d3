"""The start map: a scenario's map on day 0 (control, forces, places, infrastructure) in Plotly.

Drawn on plain Cartesian lon/lat axes (hex polygons, no base map or tiles), so the HTML works
offline. Every string that comes from a scenario file is HTML-escaped before Plotly sees it.
"""

from __future__ import annotations

from html import escape

import numpy as np
import plotly.graph_objects as go

from simulator.core.build import Built
from simulator.geography.mapdata import Map
from simulator.plots.colors import faction_colors
from simulator.plots.facilities import facility_traces
from simulator.plots.hexmap import HexFrame, corner_keys, hex_frame
from simulator.plots.hover import hover_trace
from simulator.plots.layers import (
    force_discs,
    force_traces,
    geography_traces,
    neighbour_annotations,
    place_traces,
    territory_traces,
)

DISCLAIMER = "Hypothetical scenario of a model: not a forecast"
LEGEND_RANKS = {"territory": 100, "forces": 200, "places": 300, "infrastructure": 400,
                "geography": 500}
MARGIN = {"l": 60, "r": 20, "t": 90, "b": 90}
# The width follows the window; these typical sizes (px) of the plot area set the figure's
# height from the map's aspect and place the city names before the browser lays the page out.
TYPICAL_PLOT_WIDTH = 950.0
MAX_PLOT_HEIGHT, MIN_PLOT_HEIGHT = 820.0, 360.0
MIN_EDGED_HEX_PX = 9.0  # smaller hexes are drawn without visible edges
PLOT_CONFIG = {"displaylogo": False, "responsive": True, "scrollZoom": True}


def start_map_figure(built: Built) -> go.Figure:
    """Return the day-0 map of ``built``: territory, forces, places and infrastructure layers.

    Each layer is a legend item that can be switched off; hovering a cell shows its details.
    """
    m, s = built.map, built.scenario
    frame = hex_frame(m)
    colors = faction_colors(s)
    xr, yr = _ranges(m, frame)
    px_per_y = _px_per_y(frame, xr, yr)
    cell_px = frame.size * px_per_y / frame.scaleratio
    forces = force_traces(built, frame, colors)
    px_per_x = px_per_y / frame.scaleratio
    traces = [
        hover_trace(built),
        *territory_traces(built, frame, colors, edges=cell_px >= MIN_EDGED_HEX_PX),
        *geography_traces(m, frame),
        *place_traces(built, frame, colors),
        *forces,
        *facility_traces(m, px_per_x, px_per_y, force_discs(forces, px_per_x, px_per_y)),
    ]
    for t in traces:
        if t.legendgroup in LEGEND_RANKS:
            t.legendrank = LEGEND_RANKS[t.legendgroup]
    fig = go.Figure(traces)
    fig.update_layout(**_layout(built, frame, xr, yr))
    return fig


def start_map_html(built: Built) -> str:
    """Return the start map as a self-contained HTML page (plotly.js inlined, no network use)."""
    fig = start_map_figure(built)
    html = fig.to_html(include_plotlyjs=True, full_html=True, config=PLOT_CONFIG)
    title = f"<title>{escape(built.scenario.name)}: start map</title>"
    return html.replace("<head>", f"<head>{title}", 1)


def _ranges(m: Map, frame: HexFrame) -> tuple[list[float], list[float]]:
    kx, ky = corner_keys(m, m.land_index)
    cx, cy = frame.corner_xy(kx, ky)
    pad = 0.5 * frame.size
    x0, x1, y0, y1 = cx.min() - pad, cx.max() + pad, cy.min() - pad, cy.max() + pad
    if m.kind == "libya":  # room for the neighbours' names
        x0, x1 = x0 - 0.5, x1 + 1.0
    return [float(x0), float(x1)], [float(y0), float(y1)]


def _plot_height(frame: HexFrame, xr: list[float], yr: list[float]) -> float:
    """Return the plot area's height in px that fits the map in a typical width."""
    fit = TYPICAL_PLOT_WIDTH * (yr[1] - yr[0]) * frame.scaleratio / (xr[1] - xr[0])
    return float(np.clip(fit, MIN_PLOT_HEIGHT, MAX_PLOT_HEIGHT))


def _px_per_y(frame: HexFrame, xr: list[float], yr: list[float]) -> float:
    """Return the estimated screen pixels per y unit once the axes keep the hexes regular."""
    by_height = _plot_height(frame, xr, yr) / (yr[1] - yr[0])
    by_width = TYPICAL_PLOT_WIDTH / ((xr[1] - xr[0]) / frame.scaleratio)
    return min(by_height, by_width)


def _layout(built: Built, frame: HexFrame, xr: list[float], yr: list[float]) -> dict:
    m, s = built.map, built.scenario
    xtitle, ytitle = ("x (grid units)", "y (grid units)") if m.kind == "grid" else (
        "longitude (° E)", "latitude (° N)")
    date = f"{s.run.start_date:%d %B %Y}".lstrip("0")
    note = (
        f"{int(m.land.sum()):,} hex regions about {m.cell_km:,.0f} km apart. "
        "Fills: who holds each region on day 0; circles: fighters (area ~ number). "
        "Hover a region for details; click legend items to hide or show layers."
    )
    return {
        "title": {"text": f"<b>{escape(s.name)}</b>: the start, {date}", "x": 0.01,
                  "xanchor": "left", "font": {"size": 20}},
        "annotations": [
            {"text": f"<b>{DISCLAIMER}</b>", "xref": "paper", "yref": "paper", "x": 0,
             "y": 1.0, "yanchor": "bottom", "xanchor": "left", "showarrow": False,
             "font": {"size": 13, "color": "#A33B00"}},
            {"text": note, "xref": "paper", "yref": "paper", "x": 0, "y": 0, "yshift": -48,
             "xanchor": "left", "yanchor": "top", "showarrow": False,
             "font": {"size": 11, "color": "#555555"}},
            *neighbour_annotations(m),
        ],
        "xaxis": {"title": xtitle, "range": xr, "showgrid": False, "zeroline": False},
        "yaxis": {"title": ytitle, "range": yr, "scaleanchor": "x",
                  "scaleratio": frame.scaleratio, "showgrid": False, "zeroline": False},
        "plot_bgcolor": "#EEF2F5" if m.kind == "libya" else "white",
        "paper_bgcolor": "white",
        "height": round(_plot_height(frame, xr, yr)) + MARGIN["t"] + MARGIN["b"],
        "margin": MARGIN,
        "legend": {"groupclick": "toggleitem", "itemsizing": "constant", "tracegroupgap": 14,
                   "font": {"size": 12}, "itemclick": "toggle", "itemdoubleclick": "toggleothers"},
        "hovermode": "closest",
        "hoverlabel": {"bgcolor": "white", "font": {"size": 12}},
    }
