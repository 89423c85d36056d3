"""Synthetic rectangular hex grids of any size, for tests, benchmarks and abstract scenarios."""

from __future__ import annotations

import numpy as np

from simulator.geography.hexlayout import cell_centres, hex_csr
from simulator.geography.mapdata import DESERT, NO_ROAD, Map, empty_int


def synthetic_map(width: int, height: int, cell_km: float, population_per_region: float) -> Map:
    """Return a ``width x height`` all-land hex map with uniform population and desert terrain.

    Coordinates are grid units: ``lon`` is the column centre ``x (+0.5 on even rows)`` and
    ``lat`` the row centre ``y * sqrt(3)/2``, so boxes and discs in a scenario use them.
    """
    n = width * height
    land = np.ones(n, dtype=bool)
    px, py = cell_centres(width, height)
    indptr, indices = hex_csr(width, height, land)
    return Map(
        kind="grid",
        width=width,
        height=height,
        cell_km=float(cell_km),
        land=land,
        lon=px,
        lat=py,
        population=np.full(n, float(population_per_region)),
        terrain=np.full(n, DESERT, dtype=np.int8),
        road=np.full(n, NO_ROAD, dtype=np.int8),
        province=empty_int(n),
        district=empty_int(n),
        city=empty_int(n),
        oil_field_bpd=np.zeros(n),
        oil_terminal_bpd=np.zeros(n),
        air_base=empty_int(n),
        port=np.zeros(n, dtype=bool),
        border=empty_int(n),
        crossing=empty_int(n),
        indptr=indptr,
        indices=indices,
        sources={"grid": "synthetic"},
    )
