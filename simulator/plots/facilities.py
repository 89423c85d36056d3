"""Point layers of a map: cities, oil fields and terminals, air bases, ports, border crossings."""

from __future__ import annotations

from html import escape

import numpy as np
import plotly.graph_objects as go

from simulator.geography.mapdata import Map
from simulator.plots.labels import place_labels

INK = "#1A1A1A"
LEGEND_GROUP = "infrastructure"
CITY_LABELS = 14  # the most populous city cells get a name on the map


def facility_names(m: Map) -> dict[str, dict[int, str]]:
    """Return ``{layer: {cell: names}}`` for oil fields, terminals, ports and crossings.

    The ``Map`` holds capacities and flags per cell but no names; on the Libya map the names
    come from the package data files, each row matched to the nearest cell of its layer.
    Synthetic maps have none (empty dicts).
    """
    out: dict[str, dict[int, str]] = {"field": {}, "terminal": {}, "port": {}, "crossing": {}}
    if m.kind != "libya":
        return out
    from simulator.geography.libya import read_csv

    layers = {
        "field": m.oil_field_bpd > 0,
        "terminal": m.oil_terminal_bpd > 0,
        "port": m.port,
        "crossing": m.crossing >= 0,
    }
    rows = [(r, r["kind"]) for r in read_csv("oil.csv")]
    rows += [(r, "port") for r in read_csv("ports.csv")]
    rows += [(r, "crossing") for r in read_csv("crossings.csv")]
    for row, layer in rows:
        if layer not in layers:  # refineries are no layer of the map
            continue
        cell = _nearest(m, layers[layer], float(row["lon"]), float(row["lat"]))
        if cell is not None:
            have = out[layer].get(cell)
            out[layer][cell] = f"{have}, {row['name']}" if have else row["name"]
    return out


def air_base_names(m: Map) -> tuple[str, ...]:
    """Return display names of ``m.air_bases`` (the data file's names on the Libya map)."""
    if m.kind != "libya":
        return m.air_bases
    from simulator.geography.libya import read_csv

    names = {r["id"]: r["name"] for r in read_csv("air_bases.csv")}
    return tuple(names.get(b, b) for b in m.air_bases)


def _nearest(m: Map, mask: np.ndarray, lon: float, lat: float) -> int | None:
    cells = np.flatnonzero(mask & m.land)
    if cells.size == 0:
        return None
    coslat = np.cos(np.deg2rad(lat))
    d = np.hypot((m.lon[cells] - lon) * coslat, m.lat[cells] - lat)
    return int(cells[np.argmin(d)])


def _region_line(m: Map, i: int) -> str:
    d = int(m.district[i])
    where = f", {escape(m.districts[d])} district" if d >= 0 else ""
    return f"<br>region {i}{where}"


def _points(
    m: Map, cells: np.ndarray, texts: list[str], name: str, marker: dict, **kwargs: object
) -> go.Scatter:
    return go.Scatter(
        x=m.lon[cells], y=m.lat[cells], mode=kwargs.pop("mode", "markers"), name=name,
        marker={"color": INK, "opacity": 1.0, "line": {"color": "white", "width": 1}, **marker},
        text=texts, hovertemplate="%{text}<extra></extra>", legendgroup=LEGEND_GROUP,
        legendgrouptitle_text="Places and infrastructure", **kwargs,
    )


def city_trace(m: Map, px_per_x: float, px_per_y: float, discs: np.ndarray) -> go.Scatter | None:
    """Return the cities as markers, the most populous with names; None if there are none.

    ``px_per_x`` and ``px_per_y`` (screen pixels per plot unit, estimated) let the names be
    placed clear of each other and of the ``discs`` (other markers: x, y, radius in pixels);
    a name that fits nowhere is left out (hovering the city shows it).
    """
    cells = np.flatnonzero((m.city >= 0) & m.land)
    if cells.size == 0:
        return None
    names = [escape(m.cities[int(m.city[i])]) for i in cells]
    order = np.argsort(-m.population[cells], kind="stable")[:CITY_LABELS]
    xy = np.stack([m.lon[cells] * px_per_x, m.lat[cells] * px_per_y], axis=1)
    spots = place_labels(xy, {int(k): m.cities[int(m.city[cells[k]])] for k in order}, discs)
    labels = [names[k] if k in spots else "" for k in range(len(cells))]
    positions = [spots.get(k, "top center") for k in range(len(cells))]
    texts = [
        f"<b>{n}</b>{_region_line(m, i)}<br>cell population {m.population[i]:,.0f}"
        for n, i in zip(names, cells, strict=True)
    ]
    return _points(
        m, cells, texts, "Cities (largest named)", {"size": 6, "symbol": "circle"},
        mode="markers+text", customdata=labels, texttemplate="%{customdata}",
        textposition=positions,
        textfont={"size": 11, "color": INK, "shadow": "0px 0px 3px white"},
    )


def _sized(capacity: np.ndarray, biggest: float) -> np.ndarray:
    return 8 + 14 * np.sqrt(capacity / biggest)


def oil_traces(m: Map, names: dict[str, dict[int, str]]) -> list[go.Scatter]:
    """Return oil fields (diamonds) and terminals (triangles), sized by capacity in bpd."""
    out = []
    biggest = float(max(m.oil_field_bpd.max(), m.oil_terminal_bpd.max(), 1.0))
    for layer, bpd, label, symbol in (
        ("field", m.oil_field_bpd, "Oil fields", "diamond"),
        ("terminal", m.oil_terminal_bpd, "Oil terminals", "triangle-up"),
    ):
        cells = np.flatnonzero((bpd > 0) & m.land)
        if cells.size == 0:
            continue
        texts = [
            f"<b>{label[:-1]}: {escape(names[layer].get(int(i), ''))}</b>"
            f"<br>capacity {bpd[i]:,.0f} bbl/day{_region_line(m, i)}"
            for i in cells
        ]
        size = _sized(bpd[cells], biggest)
        out.append(_points(m, cells, texts, label, {"size": size, "symbol": symbol}))
    return out


def base_trace(m: Map) -> go.Scatter | None:
    """Return the air bases as stars; None if the map has none."""
    cells = np.flatnonzero((m.air_base >= 0) & m.land)
    if cells.size == 0:
        return None
    names = air_base_names(m)
    texts = [
        f"<b>Air base: {escape(names[int(m.air_base[i])])}</b>{_region_line(m, i)}" for i in cells
    ]
    return _points(m, cells, texts, "Air bases", {"size": 13, "symbol": "star"})


def port_trace(m: Map, names: dict[str, dict[int, str]]) -> go.Scatter | None:
    """Return the ports as squares; None if the map has none."""
    cells = np.flatnonzero(m.port & m.land)
    if cells.size == 0:
        return None
    texts = [
        f"<b>Port: {escape(names['port'].get(int(i), ''))}</b>{_region_line(m, i)}" for i in cells
    ]
    return _points(m, cells, texts, "Ports", {"size": 8, "symbol": "square"})


def crossing_trace(m: Map, names: dict[str, dict[int, str]]) -> go.Scatter | None:
    """Return the official border crossings as crosses; None if the map has none."""
    cells = np.flatnonzero((m.crossing >= 0) & m.land)
    if cells.size == 0:
        return None
    texts = [
        f"<b>Border crossing: {escape(names['crossing'].get(int(i), ''))}</b>"
        f"<br>to {escape(m.countries[int(m.crossing[i])].title())}{_region_line(m, i)}"
        for i in cells
    ]
    return _points(m, cells, texts, "Border crossings", {"size": 11, "symbol": "x"})


def facility_traces(
    m: Map, px_per_x: float, px_per_y: float, discs: np.ndarray | None = None
) -> list[go.Scatter]:
    """Return every point layer the map has, in drawing order (cities last, on top).

    ``px_per_x`` and ``px_per_y`` estimate screen pixels per plot unit and ``discs`` the other
    markers (x, y, radius in pixels), for placing the city names.
    """
    discs = np.zeros((0, 3)) if discs is None else discs
    names = facility_names(m)
    traces = [
        *oil_traces(m, names), base_trace(m), port_trace(m, names), crossing_trace(m, names),
        city_trace(m, px_per_x, px_per_y, discs),
    ]
    return [t for t in traces if t is not None]
