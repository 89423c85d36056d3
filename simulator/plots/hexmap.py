"""Hex cells of a ``Map`` as Plotly polygons on plain Cartesian lon/lat axes (no base map).

Geometry follows ``hexlayout``: cell ``(x, y)`` has its centre at ``px = x + 0.5 (y even)``,
``py = y sqrt(3)/2`` in grid units. Corners of pointy-top hexes then sit on an integer lattice
(``kx = 2 px + {0, +-1}``, ``ky = 3 y + {+-1, +-2}``), so neighbouring cells share corners exactly
and outlines are found by counting edges. A ``HexFrame`` maps that lattice to the map's lon/lat,
with the column and row spacing measured from the cell centres (medians of neighbour
distances), so the same code draws a synthetic grid (spacing 1) and the Libya map (spacing in
degrees, longitude stretched by 1 / cos of the reference latitude). ``HexFrame.scaleratio`` is
the y/x axis ratio that draws those hexes regular (1 / cos 27 deg on the Libya map). The hexes
of one colour go in one trace, separated by NaN (a gap for Plotly).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from simulator.geography.hexlayout import SQRT3_2
from simulator.geography.mapdata import Map

# Corner lattice offsets of a pointy-top hexagon, counter-clockwise from 30 degrees.
CORNER_DX = np.array([1, 0, -1, -1, 0, 1])
CORNER_DY = np.array([1, 2, 1, -1, -2, -1])
_KEY = 1 << 24  # corner code = kx * _KEY + ky (both shifted to be non-negative)


@dataclass(frozen=True)
class HexFrame:
    """How grid coordinates map to the plot: ``lon = lon0 + px dlon``, ``lat = lat0 + y dlat``."""

    lon0: float
    dlon: float  # longitude per grid unit along a row (the column spacing)
    lat0: float
    dlat: float  # latitude per row

    @property
    def scaleratio(self) -> float:
        """Return the y/x axis scale ratio that draws the hexes regular (1 on synthetic grids)."""
        return self.dlon * SQRT3_2 / self.dlat

    @property
    def size(self) -> float:
        """Return the centre-to-centre spacing in plot x units (lon degrees or grid units)."""
        return self.dlon

    def corner_xy(self, kx: np.ndarray, ky: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return plot coordinates ``(lon, lat)`` of lattice corners ``(kx, ky)``."""
        return self.lon0 + 0.5 * kx * self.dlon, self.lat0 + ky / 3.0 * self.dlat


def hex_frame(m: Map) -> HexFrame:
    """Return the ``HexFrame`` of ``m``: spacings are medians over neighbouring cell centres."""
    lon = m.lon.reshape(m.width, m.height)
    lat = m.lat.reshape(m.width, m.height)
    dlon = float(np.median(np.diff(lon, axis=0))) if m.width > 1 else np.nan
    dlat = float(np.median(np.diff(lat, axis=1))) if m.height > 1 else np.nan
    if np.isnan(dlon) and np.isnan(dlat):
        dlon, dlat = 1.0, SQRT3_2
    elif np.isnan(dlon):
        dlon = dlat / SQRT3_2
    elif np.isnan(dlat):
        dlat = dlon * SQRT3_2
    x, y = np.divmod(np.arange(m.n_regions), m.height)
    px = x + 0.5 * (y % 2 == 0)
    lon0 = float(np.median(m.lon - px * dlon))
    lat0 = float(np.median(m.lat - y * dlat))
    return HexFrame(lon0, dlon, lat0, dlat)


def corner_keys(m: Map, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the lattice corners ``(kx, ky)``, each ``[n, 6]``, of the hexes of ``cells``."""
    x, y = np.divmod(np.asarray(cells, dtype=np.int64), m.height)
    kx0 = 2 * x + (y % 2 == 0)
    return kx0[:, None] + CORNER_DX, 3 * y[:, None] + CORNER_DY


def polygons(m: Map, frame: HexFrame, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(xs, ys)``: closed hexagons of ``cells`` separated by NaN (a gap), for one trace.

    float32 is plenty for a plot (about 1e-6 degrees) and halves the size of the HTML.
    """
    kx, ky = corner_keys(m, cells)
    cx, cy = frame.corner_xy(kx, ky)
    n = len(cells)
    xs = np.full((n, 8), np.nan)
    ys = np.full((n, 8), np.nan)
    xs[:, :6], ys[:, :6] = cx, cy
    xs[:, 6], ys[:, 6] = cx[:, 0], cy[:, 0]
    return xs.ravel().astype(np.float32), ys.ravel().astype(np.float32)


def fill_trace(
    m: Map, frame: HexFrame, cells: np.ndarray, color: str, name: str, **kwargs: object
) -> go.Scatter:
    """Return one filled ``go.Scatter`` drawing the hexes of ``cells`` in ``color``."""
    xs, ys = polygons(m, frame, cells)
    line = kwargs.pop("line", {"color": color, "width": 0.6})
    return go.Scatter(
        x=xs, y=ys, mode="lines", fill="toself", fillcolor=color, line=line, name=name,
        hoverinfo="skip", **kwargs,
    )


def _edges(m: Map, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the corner codes ``(lo, hi)`` of every edge of every cell, ``[n * 6]`` each."""
    kx, ky = corner_keys(m, cells)
    code = (kx + 2) * _KEY + (ky + 2)
    a, b = code, np.roll(code, -1, axis=1)
    lo, hi = np.minimum(a, b).ravel(), np.maximum(a, b).ravel()
    return lo, hi


def _edge_ids(lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Return a unique id per undirected edge from its two corner codes."""
    _, ids = np.unique(np.stack([lo, hi], axis=1), axis=0, return_inverse=True)
    return ids.ravel()


def boundary_edges(m: Map, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the corner codes ``(a, b)`` of the edges on the boundary of the set ``cells``."""
    if len(cells) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    lo, hi = _edges(m, cells)
    ids = _edge_ids(lo, hi)
    once = np.bincount(ids)[ids] == 1
    return lo[once], hi[once]


def division_edges(m: Map, cells: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the edges ``(a, b)`` between two of ``cells`` whose ``codes`` differ."""
    lo, hi = _edges(m, cells)
    ids = _edge_ids(lo, hi)
    owner = np.repeat(np.asarray(codes), 6)
    order = np.argsort(ids, kind="stable")
    sid, sown = ids[order], owner[order]
    pair = sid[1:] == sid[:-1]
    cut = pair & (sown[1:] != sown[:-1])
    pick = order[1:][cut]
    return lo[pick], hi[pick]


def chain(a: np.ndarray, b: np.ndarray) -> list[list[int]]:
    """Return the edges ``(a[i], b[i])`` joined into paths of corner codes (loops end closed)."""
    at: dict[int, list[int]] = defaultdict(list)
    for i, (u, v) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
        at[u].append(i)
        at[v].append(i)
    used = np.zeros(len(a), dtype=bool)
    paths: list[list[int]] = []
    for start in range(len(a)):
        if used[start]:
            continue
        used[start] = True
        fwd = _walk(int(b[start]), at, a, b, used)
        back = _walk(int(a[start]), at, a, b, used)
        paths.append(back[::-1] + [int(a[start]), int(b[start])] + fwd)
    return paths


def _walk(v: int, at: dict, a: np.ndarray, b: np.ndarray, used: np.ndarray) -> list[int]:
    out: list[int] = []
    while True:
        nxt = next((i for i in at[v] if not used[i]), None)
        if nxt is None:
            return out
        used[nxt] = True
        v = int(b[nxt]) if int(a[nxt]) == v else int(a[nxt])
        out.append(v)


def path_xy(frame: HexFrame, paths: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(xs, ys)`` of corner-code paths for a line trace, paths separated by NaN."""
    if not paths:
        return np.zeros(0, np.float32), np.zeros(0, np.float32)
    code = np.concatenate([np.r_[np.asarray(p, dtype=np.int64), -1] for p in paths])
    px, py = frame.corner_xy(code // _KEY - 2, code % _KEY - 2)
    gap = code < 0
    px[gap], py[gap] = np.nan, np.nan
    return px.astype(np.float32), py.astype(np.float32)


def outline_xy(m: Map, frame: HexFrame, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(xs, ys)`` of the boundary of the set ``cells`` as closed lines."""
    return path_xy(frame, chain(*boundary_edges(m, cells)))


def division_xy(m: Map, frame: HexFrame, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(xs, ys)`` of the lines between land cells whose ``codes`` (per slot) differ."""
    cells = m.land_index
    return path_xy(frame, chain(*division_edges(m, cells, codes[cells])))
