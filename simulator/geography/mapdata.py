"""The ``Map``: regions with attributes and a CSR adjacency list, all the engine sees of space."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

TERRAIN_NAMES = ("desert", "coast", "urban", "mountain")
DESERT, COAST, URBAN, MOUNTAIN = range(4)

ROAD_NAMES = ("none", "main", "coast")
NO_ROAD, MAIN_ROAD, COAST_ROAD = range(3)


@dataclass(frozen=True)
class Map:
    """A map of ``width * height`` region slots laid out as Mesa's ``HexGrid``.

    Every per-region array has length ``width * height`` and is indexed by the flat index
    ``x * height + y``; slots outside ``land`` are inert (no people, no edges). Name lists
    (``provinces``, ``districts``, ``cities``, ``air_bases``, ``countries``) are indexed by the
    matching integer arrays, with -1 meaning none.
    """

    kind: str
    width: int
    height: int
    cell_km: float
    land: np.ndarray  # bool
    lon: np.ndarray  # float64, degrees (grid units on synthetic maps)
    lat: np.ndarray  # float64
    population: np.ndarray  # float64, people
    terrain: np.ndarray  # int8, TERRAIN_NAMES
    road: np.ndarray  # int8, ROAD_NAMES
    province: np.ndarray  # int16 into provinces
    district: np.ndarray  # int16 into districts
    city: np.ndarray  # int16 into cities
    oil_field_bpd: np.ndarray  # float64, barrels per day of capacity
    oil_terminal_bpd: np.ndarray  # float64
    air_base: np.ndarray  # int16 into air_bases
    port: np.ndarray  # bool
    border: np.ndarray  # int16 into countries: the neighbouring country this region touches
    crossing: np.ndarray  # int16 into countries: an official crossing into that country
    indptr: np.ndarray  # int64, CSR over land regions
    indices: np.ndarray  # int64
    provinces: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    air_bases: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def n_regions(self) -> int:
        """Return the number of region slots (land and sea), ``width * height``."""
        return self.width * self.height

    @property
    def land_index(self) -> np.ndarray:
        """Return the flat indices of the land regions, ascending."""
        return np.flatnonzero(self.land)

    def neighbours(self, i: int) -> np.ndarray:
        """Return the flat indices of region ``i``'s land neighbours."""
        return self.indices[self.indptr[i] : self.indptr[i + 1]]

    def grid_xy(self, i: int) -> tuple[int, int]:
        """Return the ``(x, y)`` grid coordinate of flat index ``i``."""
        return divmod(int(i), self.height)


def empty_int(n: int, dtype: type = np.int16) -> np.ndarray:
    """Return an integer array of length ``n`` filled with -1 (meaning none)."""
    return np.full(n, -1, dtype=dtype)
