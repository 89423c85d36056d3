"""Hover details of every land cell of the start map, as one invisible marker trace.

The fixed wording lives once in the trace's ``hovertemplate``; each cell carries only its
values in ``customdata`` (a third of the size of a full text per cell on large maps).
"""

from __future__ import annotations

from html import escape

import numpy as np
import plotly.graph_objects as go

from simulator.core.build import Built
from simulator.geography.mapdata import ROAD_NAMES, TERRAIN_NAMES, Map
from simulator.plots.facilities import air_base_names, facility_names
from simulator.plots.layers import faction_label

MAX_PLACES = 6  # place names listed per cell, then "and N more"
MIN_FIGHTERS = 0.5  # fewer count as none


def hover_template(m: Map) -> str:
    """Return the hover template of a cell: the fixed wording with slots for ``customdata``."""
    where = (
        "position (%{x:.1f}, %{y:.2f}) grid units" if m.kind == "grid"
        else "%{x:.2f}° E, %{y:.2f}° N%{customdata[3]}"
    )
    return (
        "<b>Region %{customdata[0]}</b> (x %{customdata[1]}, y %{customdata[2]})<br>"
        f"{where}<br>Population %{{customdata[4]:,.0f}}; %{{customdata[5]}}<br>"
        "Held by <b>%{customdata[6]}</b><br>Fighters: %{customdata[7]}%{customdata[8]}"
        "<extra></extra>"
    )


def hover_trace(built: Built) -> go.Scatter:
    """Return an invisible marker per land cell that shows the cell's details on hover."""
    m = built.map
    cells = m.land_index
    return go.Scatter(
        x=m.lon[cells], y=m.lat[cells], mode="markers", name="regions", showlegend=False,
        marker={"size": 9, "color": "rgba(0,0,0,0)"}, customdata=cell_values(built, cells),
        hovertemplate=hover_template(m),
    )


def cell_values(built: Built, cells: np.ndarray) -> list[list]:
    """Return per cell ``[index, x, y, district, people, terrain, holder, fighters, extras]``.

    Strings from the scenario or the map data are HTML-escaped; ``extras`` holds the optional
    lines (city, oil, air base, port, border, places), each starting with ``<br>``.
    """
    m = built.map
    in_places = _places_by_cell(built)
    fids = list(built.scenario.factions)
    labels = [faction_label(built, f) for f in fids]
    names = {k: {i: escape(n) for i, n in v.items()} for k, v in facility_names(m).items()}
    names["base"] = dict(enumerate(escape(b) for b in air_base_names(m)))
    rows = []
    for i in cells.tolist():
        x, y = m.grid_xy(i)
        code = int(built.initial.control[i])
        rows.append([
            i, x, y, _district(m, i), round(float(m.population[i])), _terrain(m, i),
            labels[code] if code >= 0 else "nobody", _fighters(built, i, labels),
            _extras(m, i, names, in_places.get(i, [])),
        ])
    return rows


def _places_by_cell(built: Built) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for pid, cells in built.places.items():
        label = escape(built.scenario.places[pid].label or pid)
        for i in cells.tolist():
            out.setdefault(i, []).append(label)
    return out


def _district(m: Map, i: int) -> str:
    parts = []
    if m.district[i] >= 0:
        parts.append(f"{escape(m.districts[int(m.district[i])])} district")
    if m.province[i] >= 0:
        parts.append(escape(m.provinces[int(m.province[i])]))
    return "<br>" + ", ".join(parts) if parts else ""


def _terrain(m: Map, i: int) -> str:
    road = f", {ROAD_NAMES[int(m.road[i])]} road" if m.road[i] > 0 else ""
    return f"{TERRAIN_NAMES[int(m.terrain[i])]}{road}"


def _fighters(built: Built, i: int, labels: list[str]) -> str:
    forces = built.initial.forces[:, i]
    parts = [f"{labels[k]} {f:,.0f}" for k, f in enumerate(forces) if f >= MIN_FIGHTERS]
    return ", ".join(parts) if parts else "none"


def _named(kind: str, names: dict[str, dict[int, str]], i: int) -> str:
    name = names[kind].get(i, "")
    if not name:
        return ""
    return f": {name}" if kind == "crossing" else f" {name}"


def _extras(m: Map, i: int, names: dict[str, dict[int, str]], places: list[str]) -> str:
    lines = []
    if m.city[i] >= 0:
        lines.append(f"City: <b>{escape(m.cities[int(m.city[i])])}</b>")
    if m.oil_field_bpd[i] > 0:
        lines.append(f"Oil field{_named('field', names, i)}: "
                     f"{m.oil_field_bpd[i]:,.0f} bbl/day capacity")
    if m.oil_terminal_bpd[i] > 0:
        lines.append(f"Oil terminal{_named('terminal', names, i)}: "
                     f"{m.oil_terminal_bpd[i]:,.0f} bbl/day capacity")
    if m.air_base[i] >= 0:
        lines.append(f"Air base: {names['base'][int(m.air_base[i])]}")
    if m.port[i]:
        lines.append(f"Port: {names['port'].get(i) or 'yes'}")
    if m.crossing[i] >= 0:
        country = escape(m.countries[int(m.crossing[i])].title())
        lines.append(f"Border crossing to {country}{_named('crossing', names, i)}")
    elif m.border[i] >= 0:
        lines.append(f"On the border with {escape(m.countries[int(m.border[i])].title())}")
    if places:
        more = len(places) - MAX_PLACES
        tail = f" and {more} more" if more > 0 else ""
        lines.append(f"Places: {', '.join(places[:MAX_PLACES])}{tail}")
    return "".join(f"<br>{line}" for line in lines)
