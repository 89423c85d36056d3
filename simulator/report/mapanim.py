"""The animated map of control: one hexagon marker per land region, a frame per grid snapshot.

Polygon traces per colour cannot animate region by region, so each region is a pointy-top
hexagon marker (Plotly's ``hexagon``) at its centre, sized to tile the map at the fixed size
and coloured by a code (faction k -> k, nobody -> K) on a discrete colour scale. A frame
carries those codes (int8, base64 in the page) and the front line of that day; cities, key
places, red lines and Libya's outline are drawn once. Hover shows the region (static).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import plotly.graph_objects as go

from simulator.geography.hexlayout import SQRT3_2
from simulator.plots.colors import NONE_COLOR
from simulator.plots.facilities import city_trace
from simulator.plots.hexmap import HexFrame, corner_keys, hex_frame, outline_xy
from simulator.plots.layers import neighbour_annotations, place_traces
from simulator.report.data import MapContext, RunData
from simulator.report.escape import esc
from simulator.report.front import front_xy
from simulator.report.shaping import control_codes
from simulator.report.style import FONT, date_text

PLOT_WIDTH = 860  # px of the plot area: fixed, so the hexagon markers tile the map
MAX_PLOT_HEIGHT = 760
MARGIN = {"l": 60, "r": 230, "t": 70, "b": 130}
FRONT_COLOR = "#111111"
FRAME_MS = 180  # per frame when playing


def _ranges(ctx: MapContext, frame: HexFrame) -> tuple[list[float], list[float]]:
    m = ctx.map
    kx, ky = corner_keys(m, m.land_index)
    cx, cy = frame.corner_xy(kx, ky)
    pad = 0.6 * frame.size
    x0, x1, y0, y1 = cx.min() - pad, cx.max() + pad, cy.min() - pad, cy.max() + pad
    if m.kind == "libya":  # room for the neighbours' names
        x0, x1 = x0 - 0.5, x1 + 1.0
    return [float(x0), float(x1)], [float(y0), float(y1)]


def _plot_size(frame: HexFrame, xr: list[float], yr: list[float]) -> tuple[float, float]:
    """Return the plot area (width, height) in px with the hexes regular and the map whole."""
    ratio = (yr[1] - yr[0]) * frame.scaleratio / (xr[1] - xr[0])
    width = float(PLOT_WIDTH)
    height = width * ratio
    if height > MAX_PLOT_HEIGHT:
        width, height = MAX_PLOT_HEIGHT / ratio, float(MAX_PLOT_HEIGHT)
    return width, height


def _colorscale(colors: list[str]) -> list[list]:
    """Return a discrete colour scale: code k (of len(colors)) takes ``colors[k]``."""
    n = len(colors)
    if n == 1:
        return [[0, colors[0]], [1, colors[0]]]
    out = []
    for k, c in enumerate(colors):
        out += [[k / n, c], [(k + 1) / n, c]]
    return out


def _hover_texts(ctx: MapContext, cells: np.ndarray) -> list[str]:
    m = ctx.map
    out = []
    for i in cells.tolist():
        parts = [f"<b>Region {i}</b>"]
        if m.city[i] >= 0:
            parts.append(esc(m.cities[int(m.city[i])]))
        if m.district[i] >= 0:
            parts.append(f"{esc(m.districts[int(m.district[i])])} district")
        out.append("<br>".join(parts))
    return out


def control_map_figure(run: RunData, ctx: MapContext) -> go.Figure | None:
    """Return the animated control map of the first replicate with snapshots, or None."""
    snaps = run.snapshots
    if snaps is None or snaps["control"].shape[0] == 0:
        return None
    m = ctx.map
    frame = hex_frame(m)
    cells = m.land_index
    xr, yr = _ranges(ctx, frame)
    width, height = _plot_size(frame, xr, yr)
    px_per_x = width / (xr[1] - xr[0])
    px_per_y = height / (yr[1] - yr[0])
    hex_px = frame.size * px_per_x / SQRT3_2 + 1.6  # across corners, overlapping a little
    k = len(run.factions)
    codes = control_codes(snaps["control"][0][:, cells], k)
    control_full = snaps["control"][0]
    palette = [run.colors[f] for f in run.factions] + [NONE_COLOR]
    days = [int(d) for d in snaps["days"]]
    dates = [run.start + dt.timedelta(days=d) for d in days]

    legend = [go.Scatter(x=[None], y=[None], mode="markers", name=run.labels[f],
                         marker={"symbol": "hexagon", "size": 15, "color": run.colors[f]},
                         legendgroup="control", legendgrouptitle_text="Held by")
              for f in run.factions]
    legend.append(go.Scatter(x=[None], y=[None], mode="markers", name="nobody",
                             marker={"symbol": "hexagon", "size": 15, "color": NONE_COLOR},
                             legendgroup="control"))
    hexes = go.Scatter(
        x=m.lon[cells].astype(np.float32), y=m.lat[cells].astype(np.float32), mode="markers",
        marker={"symbol": "hexagon", "size": hex_px, "color": codes[0], "cmin": -0.5,
                "cmax": k + 0.5, "colorscale": _colorscale(palette), "showscale": False,
                "line": {"width": 0}},
        text=_hover_texts(ctx, cells), hovertemplate="%{text}<extra></extra>",
        showlegend=False, name="regions",
    )
    fx, fy = front_xy(m, frame, control_full[0])
    front = go.Scatter(x=fx, y=fy, mode="lines", name="Front line",
                       line={"color": FRONT_COLOR, "width": 2.6}, hoverinfo="skip",
                       legendgroup="lines", legendgrouptitle_text="Lines and places")
    ox, oy = outline_xy(m, frame, cells)
    outline = go.Scatter(x=ox, y=oy, mode="lines", line={"color": "#3A3A3A", "width": 1.2},
                         name="Libya's outline" if m.kind == "libya" else "Edge of the map",
                         hoverinfo="skip", legendgroup="lines")
    places = place_traces(ctx, frame, run.colors)  # key places dotted, red lines dashed
    for t in places:
        t.legendgroup = "lines"
        t.legendgrouptitle = None
    city = city_trace(m, px_per_x, px_per_y, np.zeros((0, 3)))
    statics = [outline, *places] + ([city] if city is not None else [])
    if city is not None:
        city.legendgroup, city.legendgrouptitle = "lines", None
        city.marker.color = "#FFFFFF"
        city.marker.line = {"color": "#111111", "width": 1.5}
    traces = [hexes, front, *statics, *legend]
    i_hex, i_front = 0, 1
    frames = []
    for s in range(len(days)):
        fx, fy = front_xy(m, frame, control_full[s])
        frames.append(go.Frame(
            name=dates[s].isoformat(), traces=[i_hex, i_front],
            data=[go.Scatter(marker={"color": codes[s]}), go.Scatter(x=fx, y=fy)],
        ))
    fig = go.Figure(traces, frames=frames)
    fig.update_layout(**_layout(run, m, frame, xr, yr, width, height, dates, days))
    return fig


def _layout(run: RunData, m, frame: HexFrame, xr, yr, width, height, dates,  # noqa: ANN001
            days) -> dict:
    names = [d.isoformat() for d in dates]
    still = {"mode": "immediate", "frame": {"duration": 0, "redraw": False},
             "transition": {"duration": 0}}
    # "next", not "immediate": a click on the slider sends two animate calls, and an interrupted
    # call rejects its promise unhandled (a console error in Chromium).
    step = {**still, "mode": "next"}
    steps = [{"method": "animate", "label": date_text(d), "args": [[n], step]}
             for n, d in zip(names, dates, strict=True)]
    which = f", replicate {run.replicates[0]} of {len(run.replicates)}" if run.is_ensemble else ""
    every = int(days[1] - days[0]) if len(days) > 1 else 0
    xtitle, ytitle = ("x (grid units)", "y (grid units)") if m.kind == "grid" else (
        "longitude (° E)", "latitude (° N)")
    return {
        "title": {"text": f"<b>Who holds each region</b>{which}: a snapshot every {every} days",
                  "x": 0.01, "font": {"size": 15}},
        "font": {"family": FONT, "size": 12},
        "width": round(width) + MARGIN["l"] + MARGIN["r"],
        "height": round(height) + MARGIN["t"] + MARGIN["b"],
        "autosize": False, "margin": MARGIN, "template": "plotly_white",
        "xaxis": {"title": {"text": xtitle}, "range": xr, "showgrid": False, "zeroline": False,
                  "constrain": "domain"},
        "yaxis": {"title": {"text": ytitle}, "range": yr, "scaleanchor": "x",
                  "scaleratio": frame.scaleratio, "showgrid": False, "zeroline": False,
                  "constrain": "domain"},
        "plot_bgcolor": "#EEF2F5" if m.kind == "libya" else "white",
        "annotations": neighbour_annotations(m),
        "hovermode": "closest",
        "legend": {"x": 1.02, "y": 1, "xanchor": "left", "groupclick": "toggleitem",
                   "tracegroupgap": 14, "itemsizing": "constant"},
        "updatemenus": [{
            "type": "buttons", "direction": "left", "x": 0, "y": 0, "xanchor": "left",
            "yanchor": "top", "pad": {"t": 60, "r": 10}, "showactive": False,
            "buttons": [
                {"label": "▶ Play", "method": "animate",
                 "args": [None, {"mode": "immediate", "fromcurrent": True,
                                 "frame": {"duration": FRAME_MS, "redraw": False},
                                 "transition": {"duration": 0}}]},
                {"label": "❚❚ Pause", "method": "animate", "args": [[None], still]},
            ],
        }],
        "sliders": [{
            "active": 0, "steps": steps, "x": 0.17, "len": 0.83, "y": 0, "yanchor": "top",
            "pad": {"t": 45, "b": 10}, "currentvalue": {"prefix": "Date: ", "font": {"size": 14}},
            "transition": {"duration": 0},
        }],
    }
