"""The front line of a day: the edges between regions held by two different factions."""

from __future__ import annotations

import numpy as np

from simulator.geography.mapdata import Map
from simulator.plots.hexmap import HexFrame, chain, division_edges, path_xy


def front_xy(m: Map, frame: HexFrame, control: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(xs, ys)`` (float32, paths separated by NaN) of the front on ``control``.

    ``control`` holds the faction index per region slot (-1: nobody). Edges between a held
    region and one nobody holds are no front; neither are the coast or the border.
    """
    held = m.land_index[np.asarray(control)[m.land_index] >= 0]
    if held.size == 0:
        return np.zeros(0, np.float32), np.zeros(0, np.float32)
    a, b = division_edges(m, held, np.asarray(control)[held])
    return path_xy(frame, chain(a, b))
