"""The start map's geometry: hexes tile exactly along Mesa's neighbour convention."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.geography.synthetic import synthetic_map
from simulator.plots import hexmap
from simulator.plots.colors import FACTION_PALETTE, NONE_COLOR, faction_colors
from tests.conftest import make


@pytest.fixture(scope="module")
def libya():
    from simulator.geography.libya import build_libya_map

    return build_libya_map(0.25)


def _pairs(m, codes=None) -> int:
    """Return the number of neighbouring land pairs (with differing codes, if given)."""
    src = np.repeat(np.arange(m.n_regions), np.diff(m.indptr))
    keep = np.ones(src.size, bool) if codes is None else codes[src] != codes[m.indices]
    return int(keep.sum()) // 2


@pytest.mark.parametrize("shape", [(7, 5), (4, 6), (1, 3), (5, 1), (1, 1)])
def test_shared_edges_are_exactly_the_neighbour_pairs(shape):
    m = synthetic_map(*shape, 25.0, 1.0)
    cells = m.land_index
    a, _ = hexmap.boundary_edges(m, cells)
    assert a.size == 6 * cells.size - 2 * _pairs(m)
    paths = hexmap.chain(*hexmap.boundary_edges(m, cells))
    assert len(paths) == 1 and paths[0][0] == paths[0][-1]


def test_corners_surround_the_cell_centres(libya):
    for m in (synthetic_map(6, 4, 25.0, 1.0), libya):
        frame = hexmap.hex_frame(m)
        cx, cy = frame.corner_xy(*hexmap.corner_keys(m, m.land_index))
        assert np.allclose(cx.mean(axis=1), m.lon[m.land_index], atol=1e-9)
        assert np.allclose(cy.mean(axis=1), m.lat[m.land_index], atol=1e-9)


def test_libya_hexes_tile_and_keep_their_aspect(libya):
    cells = libya.land_index
    a, _ = hexmap.boundary_edges(libya, cells)
    assert a.size == 6 * cells.size - 2 * _pairs(libya)
    a, _ = hexmap.division_edges(libya, cells, libya.province[cells])
    assert a.size == _pairs(libya, libya.province)
    assert hexmap.hex_frame(libya).scaleratio == pytest.approx(1 / np.cos(np.deg2rad(27)))
    assert hexmap.hex_frame(synthetic_map(3, 3, 25.0, 1.0)).scaleratio == pytest.approx(1.0)


def test_polygons_are_closed_and_separated():
    m = synthetic_map(3, 2, 25.0, 1.0)
    xs, ys = hexmap.polygons(m, hexmap.hex_frame(m), m.land_index)
    assert len(xs) == len(ys) == 8 * 6
    assert np.isnan(xs[7::8]).all() and xs[0] == xs[6] and not np.isnan(xs[:7]).any()


def test_faction_colours_use_the_file_then_the_palette():
    s = make(factions__b__color="#0072B2")
    colors = faction_colors(s)
    assert colors["b"] == "#0072B2"
    assert colors["a"] == FACTION_PALETTE[1]  # the first free palette colour
    assert colors["none"] == NONE_COLOR
