"""The real Libya hex map: land, named places, districts, people, layers and adjacency."""

import csv
import json
from collections import deque

import numpy as np
import pytest

from simulator.geography import libya
from simulator.geography.mapdata import COAST, MOUNTAIN, URBAN

SEVEN = {  # the places MODEL.md requires to be distinct regions
    "Tripoli": (13.187, 32.887),
    "Tarhuna": (13.633, 32.435),
    "Gharyan": (13.020, 32.172),
    "Zawiya": (12.728, 32.757),
    "al-Watiya": (11.900, 32.4722),
    "Misrata": (15.093, 32.375),
    "Sirte": (16.589, 31.209),
}
PROVINCE_OF = {
    "Tripoli": "Tripolitania",
    "Misrata": "Tripolitania",
    "Benghazi": "Cyrenaica",
    "Tobruk": "Cyrenaica",
    "Derna": "Cyrenaica",
    "Sabha": "Fezzan",
    "Ubari": "Fezzan",
    "Murzuq": "Fezzan",
}
RESOLUTIONS = (0.25, 0.15)
MAPS = [(0.25, (0.0, 0.0)), (0.15, (0.0, 0.0)), (0.2, (0.61, 0.37))]  # last: a moved lattice


@pytest.fixture(scope="module", params=MAPS, ids=["0.25", "0.15", "0.2-moved"])
def m(request):
    res, offset = request.param
    return libya.build_libya_map(res, offset=offset)


def connected(mask, indptr, indices):
    start = int(np.flatnonzero(mask)[0])
    seen = {start}
    queue = deque([start])
    while queue:
        i = queue.popleft()
        for j in indices[indptr[i] : indptr[i + 1]]:
            if mask[j] and int(j) not in seen:
                seen.add(int(j))
                queue.append(int(j))
    return len(seen) == int(mask.sum())


def cell(m, lon, lat):
    """Return the land slot whose centre is nearest (lon, lat) in the map's plane."""
    land = np.flatnonzero(m.land)
    d = ((libya.to_plane(m.lon[land], m.lat[land]) - libya.to_plane(lon, lat)) ** 2).sum(-1)
    return int(land[np.argmin(d)])


def test_land_is_inside_the_outline_or_a_place_cell(m):
    inside = libya.inside_outline(m.lon, m.lat)
    places = {cell(m, lon, lat) for lon, lat in zip(*libya.place_points(), strict=True)}
    extra = set(np.flatnonzero(m.land & ~inside).tolist())
    assert extra <= places
    assert len(extra) < 20


def test_seven_towns_are_distinct_land_regions(m):
    cells = [cell(m, lon, lat) for lon, lat in SEVEN.values()]
    assert len(set(cells)) == len(SEVEN)
    assert m.land[cells].all()


def test_named_cities_are_in_their_province(m):
    for name, province in PROVINCE_OF.items():
        k = m.cities.index(name)
        i = int(np.flatnonzero(m.city == k)[0])
        assert m.provinces[m.province[i]] == province, name


def test_every_district_holds_its_capital_and_is_contiguous(m):
    for k, row in enumerate(libya.read_csv("districts.csv")):
        assert m.district[cell(m, float(row["lon"]), float(row["lat"]))] == k, row["name"]
        assert connected(m.land & (m.district == k), m.indptr, m.indices), row["name"]
    assert (m.district[m.land] >= 0).all() and (m.province[m.land] >= 0).all()


def test_population_total_matches_the_target(m):
    total = m.population[m.land].sum()
    assert abs(total - libya.POPULATION_TARGET) < 0.01 * libya.POPULATION_TARGET
    assert (m.population >= 0).all() and (m.population[~m.land] == 0).all()
    assert (m.population[m.land] == 0).mean() > 0.3  # empty desert stays empty
    assert m.population[cell(m, 13.187, 32.887)] > 1e6  # Tripoli


def test_land_graph_is_connected(m):
    assert connected(m.land, m.indptr, m.indices)


def test_land_cell_counts():
    counts = {r: int(libya.build_libya_map(r).land.sum()) for r in RESOLUTIONS}
    assert 2_000 <= counts[0.25] <= 3_500
    assert 5_500 <= counts[0.15] <= 9_500


def test_csr_is_symmetric_and_on_land(m):
    src = np.repeat(np.arange(m.n_regions), np.diff(m.indptr))
    edges = set(zip(src.tolist(), m.indices.tolist(), strict=True))
    assert edges == {(j, i) for i, j in edges}
    assert m.land[src].all() and m.land[m.indices].all()


def test_layers_are_consistent(m):
    terrain = m.terrain[m.land]
    for code in (COAST, URBAN, MOUNTAIN):
        assert (terrain == code).any()
    assert m.terrain[cell(m, 13.187, 32.887)] == URBAN
    assert (m.road[m.land] > 0).sum() > 50 and (m.road[~m.land] == 0).all()
    oil = libya.read_csv("oil.csv")
    for kind, layer in (("field", m.oil_field_bpd), ("terminal", m.oil_terminal_bpd)):
        want = sum(float(r["capacity_bpd"]) for r in oil if r["kind"] == kind)
        assert layer[m.land].sum() == pytest.approx(want)
    assert set(m.air_base[m.land & (m.air_base >= 0)]) == set(range(len(m.air_bases)))
    assert m.port[m.land].sum() >= 10 and not m.port[~m.land].any()
    for k in range(len(m.countries)):
        assert (m.border == k).any() and (m.crossing == k).any(), m.countries[k]
        assert (m.border[m.crossing == k] == k).all()
    for layer in (m.province, m.district, m.city, m.air_base, m.border, m.crossing):
        assert (layer[~m.land] == -1).all()


def test_a_moved_lattice_moves_the_centres_by_the_offset():
    """Offset (dx, dy) moves the origin west by dx columns and south by dy rows."""
    a, b = libya.build_libya_map(0.2), libya.build_libya_map(0.2, offset=(0.61, 0.37))
    col, row = 0.2 / libya.COS_REF, 0.2 * np.sqrt(3) / 2
    assert b.lon[0] == pytest.approx(a.lon[0] - 0.61 * col)
    assert b.lat[0] == pytest.approx(a.lat[0] - 0.37 * row)
    assert b.population[b.land].sum() == pytest.approx(a.population[a.land].sum(), rel=1e-9)
    assert abs(int(b.land.sum()) - int(a.land.sum())) < 0.02 * a.land.sum()
    assert not np.array_equal(a.land, b.land[: a.land.size])


def test_build_is_deterministic():
    a, b = libya.build_libya_map(0.25), libya.build_libya_map(0.25)
    for name in ("land", "population", "terrain", "road", "district", "border", "crossing"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


def test_district_graph():
    g = libya.district_graph()
    assert len(g.names) == 22 and g.indptr[-1] == g.indices.size
    src = np.repeat(np.arange(22), np.diff(g.indptr))
    edges = set(zip(src.tolist(), g.indices.tolist(), strict=True))
    assert edges == {(j, i) for i, j in edges} and all(i != j for i, j in edges)
    assert connected(np.ones(22, dtype=bool), g.indptr, g.indices)
    assert g.population.sum() == pytest.approx(libya.POPULATION_TARGET)
    tripoli, jafara = g.names.index("Tripoli"), g.names.index("Jafara")
    assert jafara in g.indices[g.indptr[tripoli] : g.indptr[tripoli + 1]]


def test_every_csv_has_a_complete_source_column():
    files = sorted(libya.DATA.glob("*.csv"))
    assert {f.name for f in files} >= {
        "districts.csv",
        "cities.csv",
        "oil.csv",
        "air_bases.csv",
        "ports.csv",
        "crossings.csv",
        "roads.csv",
    }
    for path in files:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert rows and "source" in rows[0], path.name
        for row in rows:
            assert all(v is not None and v.strip() for v in row.values()), (path.name, row)


def test_geojson_features_cite_their_source():
    for name in ("libya_outline.geojson", "terrain.geojson"):
        doc = json.loads((libya.DATA / name).read_text())
        assert all(f["properties"]["source"].strip() for f in doc["features"]), name
    outline = libya.load_outline()
    assert 300 <= len(outline.ring) <= 700
    assert set(outline.borders) == set(libya.COUNTRIES)
