"""The hex lattice of the Libya map: its spacing, its origin, and which cell holds a point.

Pointy-top hexes in Mesa's ``HexGrid`` layout (``hexlayout``) over the padded box
9.3-25.2 E, 19.4-33.3 N. Centre spacing is ``res`` degrees of latitude; longitude is stretched by
1 / cos 27 deg. The origin (the centre of slot 0) sits at the box's south-west corner, moved
west and south by ``offset`` = (dx, dy) fractions of the column and row spacing. Moving the
origin changes only where cell boundaries fall; an ensemble over offsets shows which results
hinge on that (docs/VALIDATION.md, convergence). The grid grows by a column or a row when
needed, so the box stays covered; offset (0, 0) is the map every earlier release built.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from simulator.geography import hexlayout

LON0, LON1, LAT0, LAT1 = 9.3, 25.2, 19.4, 33.3
COS_REF = float(np.cos(np.deg2rad(27.0)))


class Lattice(NamedTuple):
    """Spacing ``res`` (degrees of latitude), origin (degrees) and shape of the hex grid."""

    res: float
    lon0: float
    lat0: float
    width: int
    height: int


def lattice(res: float, offset: tuple[float, float] = (0.0, 0.0)) -> Lattice:
    """Return the lattice of spacing ``res`` whose origin is moved by ``offset`` cells."""
    dx, dy = (float(v) for v in offset)
    if not (0.0 <= dx < 1.0 and 0.0 <= dy < 1.0):
        raise ValueError(f"lattice offset must lie in [0, 1) x [0, 1), got {offset}")
    lon0 = LON0 - dx * res / COS_REF
    lat0 = LAT0 - dy * res * hexlayout.SQRT3_2
    width = int(np.ceil((LON1 - lon0) * COS_REF / res)) + 1
    height = int(np.ceil((LAT1 - lat0) / (res * hexlayout.SQRT3_2))) + 1
    return Lattice(float(res), lon0, lat0, width, height)


def centres(g: Lattice) -> tuple[np.ndarray, np.ndarray]:
    """Return the ``(lon, lat)`` in degrees of every cell centre, by flat index."""
    px, py = hexlayout.cell_centres(g.width, g.height)
    return g.lon0 + px * g.res / COS_REF, g.lat0 + py * g.res


def locate(g: Lattice, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Return the flat index of the hex cell containing each point (its nearest centre)."""
    gx = (np.atleast_1d(lon).astype(float) - g.lon0) * COS_REF / g.res
    gy = (np.atleast_1d(lat).astype(float) - g.lat0) / g.res
    best, best_d = np.zeros(gx.shape, dtype=np.int64), np.full(gx.shape, np.inf)
    row0 = np.floor(gy / hexlayout.SQRT3_2).astype(np.int64)
    for row in (row0, row0 + 1):  # a point between two rows lies in a hex of one of them
        y = np.clip(row, 0, g.height - 1)
        x = np.clip(np.rint(gx - 0.5 * (y % 2 == 0)), 0, g.width - 1).astype(np.int64)
        d = (x + 0.5 * (y % 2 == 0) - gx) ** 2 + (y * hexlayout.SQRT3_2 - gy) ** 2
        better = d < best_d
        best[better], best_d[better] = x[better] * g.height + y[better], d[better]
    return best


def neighbour_slots(width: int, height: int) -> np.ndarray:
    """Return the ``(n, 6)`` flat indices of every slot's six neighbours (-1 off the grid)."""
    x, y = np.divmod(np.arange(width * height), height)
    offsets = np.where(
        (y % 2 == 0)[:, None, None],
        np.array(hexlayout.EVEN_ROW_OFFSETS),
        np.array(hexlayout.ODD_ROW_OFFSETS),
    )
    nx, ny = x[:, None] + offsets[..., 0], y[:, None] + offsets[..., 1]
    ok = (nx >= 0) & (nx < width) & (ny >= 0) & (ny < height)
    return np.where(ok, nx * height + ny, -1)
