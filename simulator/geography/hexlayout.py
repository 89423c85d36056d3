"""The hexagonal layout shared by every map: Mesa 3.3's ``HexGrid`` convention.

A map is a ``(width, height)`` rectangle of pointy-top hexagons. Cell ``(x, y)`` has the flat
index ``x * height + y`` (numpy's C order for a ``(width, height)`` array), rows are ``y`` and
neighbours follow the parity of ``y`` exactly as ``mesa.discrete_space.HexGrid`` connects them,
so the core's region arrays can be viewed as Mesa property layers without copying.

Geometry: even rows sit half a cell to the right of odd rows; centre-to-centre distance is 1 in
grid units (``x + 0.5 * (y even)``, ``y * sqrt(3) / 2``).
"""

from __future__ import annotations

import numpy as np

SQRT3_2 = float(np.sqrt(3.0) / 2.0)

# Mesa 3.3 HexGrid._connect_cells_2d: odd rows use these offsets ...
ODD_ROW_OFFSETS = ((-1, -1), (0, -1), (-1, 0), (1, 0), (-1, 1), (0, 1))
# ... and even rows these.
EVEN_ROW_OFFSETS = ((0, -1), (1, -1), (-1, 0), (1, 0), (0, 1), (1, 1))


def flat_index(x: int, y: int, height: int) -> int:
    """Return the flat region index of cell ``(x, y)`` on a grid ``height`` rows tall."""
    return x * height + y


def cell_centres(width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    """Return the centre coordinates ``(px, py)`` in grid units of every cell, by flat index."""
    xs, ys = np.meshgrid(np.arange(width), np.arange(height), indexing="ij")
    px = xs + 0.5 * (ys % 2 == 0)
    py = ys * SQRT3_2
    return px.ravel().astype(np.float64), py.ravel().astype(np.float64)


def hex_csr(width: int, height: int, land: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the CSR adjacency ``(indptr, indices)`` between land cells, Mesa's neighbour order.

    Cells outside ``land`` have no neighbours and are nobody's neighbour.
    """
    n = width * height
    land = np.asarray(land, dtype=bool).ravel()
    if land.shape[0] != n:
        raise ValueError(f"land mask has {land.shape[0]} cells, expected {n}")
    xs, ys = np.meshgrid(np.arange(width), np.arange(height), indexing="ij")
    xs, ys = xs.ravel(), ys.ravel()
    odd = (ys % 2).astype(bool)
    cand = np.full((n, 6), -1, dtype=np.int64)
    for col in range(6):
        dx = np.where(odd, ODD_ROW_OFFSETS[col][0], EVEN_ROW_OFFSETS[col][0])
        dy = np.where(odd, ODD_ROW_OFFSETS[col][1], EVEN_ROW_OFFSETS[col][1])
        nx, ny = xs + dx, ys + dy
        ok = (nx >= 0) & (nx < width) & (ny >= 0) & (ny < height)
        j = np.where(ok, nx * height + ny, 0)
        ok &= land[j] & land
        cand[:, col] = np.where(ok, j, -1)
    valid = cand >= 0
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(valid.sum(axis=1), out=indptr[1:])
    return indptr, cand[valid]


def hex_polygon(px: float, py: float, size: float) -> tuple[list[float], list[float]]:
    """Return the six corners (closed) of a pointy-top hexagon centred at ``(px, py)``.

    ``size`` is the centre-to-centre spacing; corners lie at ``size / sqrt(3)`` from the centre.
    """
    r = size / np.sqrt(3.0)
    angles = np.deg2rad(np.arange(30, 390, 60))
    xs = (px + r * np.cos(angles)).tolist()
    ys = (py + r * np.sin(angles)).tolist()
    return xs + [xs[0]], ys + [ys[0]]
