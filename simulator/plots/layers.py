"""Area layers of the start map: territory, provinces and borders, forces, key places, red lines."""

from __future__ import annotations

from html import escape

import numpy as np
import plotly.graph_objects as go

from simulator.core.build import Built
from simulator.geography.mapdata import Map
from simulator.plots.colors import KEY_PLACE_COLOR, NONE_COLOR, lighten, red_line_color
from simulator.plots.hexmap import HexFrame, division_xy, fill_trace, outline_xy

PROVINCE_FILLS = ("#E8DDC4", "#D3E4CD", "#DCD6EA", "#F1D9D0", "#D5E5EE")
BORDER_INK = "#3A3A3A"
FILL_LIGHTEN = 0.45  # territory fills are lighter than the faction colour, forces use it full
HEX_EDGE_LIGHTEN = 0.3  # hex edges: a little lighter than the fill, so the cells show
MAX_MARKER_PX = 34.0
# Where the neighbours' names go on the Libya map (lon, lat, text): for orientation only.
NEIGHBOUR_LABELS = (
    (18.6, 32.75, "Mediterranean Sea"),
    (10.1, 32.7, "TUNISIA"),
    (9.7, 27.2, "ALGERIA"),
    (12.3, 21.4, "NIGER"),
    (17.3, 20.8, "CHAD"),
    (24.6, 19.75, "SUDAN"),
    (25.6, 27.0, "EGYPT"),
)


def faction_label(built: Built, fid: str) -> str:
    """Return the display name of faction ``fid`` (its label, else the id in capitals), escaped."""
    f = built.scenario.factions[fid]
    return escape(f.label or fid.upper())


def is_red_line(pid: str) -> bool:
    """Return whether place ``pid`` is a red line (its id starts ``red_line`` or is sirte_jufra)."""
    return pid.startswith("red_line") or pid == "sirte_jufra"


def territory_traces(
    built: Built, frame: HexFrame, colors: dict[str, str], edges: bool = True
) -> list[go.Scatter]:
    """Return one filled hex trace per holder at day 0 (factions in order, then nobody).

    With ``edges`` the hexes get a slightly lighter outline so single cells show; without, the
    outline is the fill colour (seamless, for maps whose hexes are only a few pixels wide).
    """
    m, control = built.map, built.initial.control
    group = {"legendgroup": "territory", "legendgrouptitle_text": "Control at the start"}
    out = []
    holders = [(k, fid, faction_label(built, fid)) for k, fid in enumerate(built.scenario.factions)]
    for code, fid, label in [*holders, (-1, "none", "Held by nobody")]:
        cells = np.flatnonzero(m.land & (control == code))
        if cells.size:
            color = NONE_COLOR if code < 0 else lighten(colors[fid], FILL_LIGHTEN)
            edge = {"color": lighten(color, HEX_EDGE_LIGHTEN if edges else 0.0), "width": 0.5}
            out.append(fill_trace(m, frame, cells, color, label, line=edge, **group))
    return out


def geography_traces(m: Map, frame: HexFrame) -> list[go.Scatter]:
    """Return province fills (hidden at first), province and district lines, and the outline."""
    group = {"legendgroup": "geography", "legendgrouptitle_text": "Geography"}
    out: list[go.Scatter] = []
    for k, name in enumerate(m.provinces):
        cells = np.flatnonzero(m.land & (m.province == k))
        if cells.size:
            color = PROVINCE_FILLS[k % len(PROVINCE_FILLS)]
            out.append(
                fill_trace(m, frame, cells, color, f"Province: {escape(name)}",
                           visible="legendonly", **group)
            )
    if m.districts:
        xs, ys = division_xy(m, frame, m.district)
        out.append(_line(xs, ys, "District borders", "#8A8A8A", 0.7, group))
    if m.provinces:
        xs, ys = division_xy(m, frame, m.province)
        out.append(_line(xs, ys, "Province borders", BORDER_INK, 2.2, group))
    xs, ys = outline_xy(m, frame, m.land_index)
    name = "Libya's outline" if m.kind == "libya" else "Edge of the map"
    out.append(_line(xs, ys, name, BORDER_INK, 1.4, group))
    return out


def _line(xs: list, ys: list, name: str, color: str, width: float, group: dict) -> go.Scatter:
    return go.Scatter(
        x=xs, y=ys, mode="lines", name=name, line={"color": color, "width": width},
        hoverinfo="skip", **group,
    )


def force_traces(built: Built, frame: HexFrame, colors: dict[str, str]) -> list[go.Scatter]:
    """Return one marker trace per faction: circles at its regions, area ~ fighters there."""
    m, forces = built.map, built.initial.forces
    fids = list(built.scenario.factions)
    biggest = float(forces.max()) if forces.size else 0.0
    if biggest <= 0:
        return []
    sizeref = 2.0 * biggest / MAX_MARKER_PX**2
    group = {"legendgroup": "forces", "legendgrouptitle_text": "Forces at the start"}
    out = []
    for k, fid in enumerate(fids):
        cells = np.flatnonzero(m.land & (forces[k] >= 0.5))
        if cells.size == 0:
            continue
        dx = (k - (len(fids) - 1) / 2) * 0.3 * frame.size if len(fids) > 1 else 0.0
        label = faction_label(built, fid)
        texts = [f"<b>{label}</b>: {forces[k, i]:,.0f} fighters{_where(m, i)}" for i in cells]
        out.append(
            go.Scatter(
                x=m.lon[cells] + dx, y=m.lat[cells], mode="markers",
                name=f"{label}: {forces[k].sum():,.0f} fighters",
                marker={"size": forces[k, cells], "sizemode": "area", "sizeref": sizeref,
                        "sizemin": 3, "color": colors[fid], "opacity": 0.9,
                        "line": {"color": "#111111", "width": 1}},
                text=texts, hovertemplate="%{text}<extra></extra>", **group,
            )
        )
    return out


def force_discs(traces: list[go.Scatter], px_per_x: float, px_per_y: float) -> np.ndarray:
    """Return ``[n, 3]``: screen x, y and radius (pixels) of every force marker in ``traces``."""
    parts = [np.zeros((0, 3))]
    for t in traces:
        mk = t.marker
        radius = np.maximum(np.sqrt(np.asarray(mk.size) / 2 / mk.sizeref), mk.sizemin)
        parts.append(np.stack([np.asarray(t.x) * px_per_x, np.asarray(t.y) * px_per_y, radius], 1))
    return np.concatenate(parts)


def _where(m: Map, i: int) -> str:
    city = f", {escape(m.cities[int(m.city[i])])}" if m.city[i] >= 0 else ""
    district = f", {escape(m.districts[int(m.district[i])])} district" if m.district[i] >= 0 else ""
    return f"<br>region {i}{city}{district}"


def place_traces(built: Built, frame: HexFrame, colors: dict[str, str]) -> list[go.Scatter]:
    """Return dotted outlines of the key places (one trace) and one dashed trace per red line.

    Red lines are vermillion, or black when a faction is drawn in vermillion (``colors``).
    """
    s, m = built.scenario, built.map
    red = red_line_color(colors)
    group = {"legendgroup": "places", "legendgrouptitle_text": "Key places and red lines"}
    out = []
    keys: list[tuple[np.ndarray, np.ndarray, str]] = []
    for pid, place in s.places.items():
        cells = built.places[pid]
        if cells.size == 0 or not (place.key or is_red_line(pid)):
            continue
        xs, ys = outline_xy(m, frame, cells)
        label = escape(place.label or pid)
        if is_red_line(pid):
            out.append(go.Scatter(
                x=xs, y=ys, mode="lines", name=f"Red line: {label}",
                text=f"<b>Red line: {label}</b><br>{cells.size} regions",
                line={"color": red, "width": 3.5, "dash": "dash"},
                hovertemplate="%{text}<extra></extra>", **group,
            ))
        else:
            keys.append((xs, ys, f"<b>Key place: {label}</b><br>{cells.size} regions"))
    if keys:
        out.insert(0, go.Scatter(
            x=np.concatenate([k[0] for k in keys]), y=np.concatenate([k[1] for k in keys]),
            text=[t for xs, _, t in keys for _ in range(xs.size)], mode="lines",
            name="Key places", line={"color": KEY_PLACE_COLOR, "width": 2, "dash": "dot"},
            hovertemplate="%{text}<extra></extra>", **group,
        ))
    return out


def neighbour_annotations(m: Map) -> list[dict]:
    """Return layout annotations naming the sea and the neighbouring countries (Libya map only)."""
    if m.kind != "libya":
        return []
    return [
        {"x": x, "y": y, "text": text, "showarrow": False, "xref": "x", "yref": "y",
         "font": {"size": 12, "color": "#7A8A99"}}
        for x, y, text in NEIGHBOUR_LABELS
    ]

