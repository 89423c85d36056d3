"""Shared property layers: views of core arrays, never copies; writes reported."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd

from simulator.geography.hexlayout import flat_index, hex_csr


def test_shared_layer_is_a_view_and_writes_go_through():
    from simulator.mesa_model.layers import region_grid

    w, h = 5, 4
    core = np.zeros((2, 3, w * h))  # [b, faction, region]: replicate 0, faction 1 is viewed
    control = np.full((2, w * h), -1, dtype=np.int16)
    seen = []
    grid = region_grid(w, h, {"forces_x": core[0, 1], "control": control[0]},
                       on_write=lambda name, where, old, v: seen.append((name, where, old, v)),
                       random=random.Random(0))
    layer = grid.forces_x
    assert np.shares_memory(layer.data, core) and layer.data.shape == (w, h)
    cell = grid._cells[(3, 2)]
    cell.forces_x = 7.0
    assert core[0, 1, flat_index(3, 2, h)] == 7.0 and core.sum() == 7.0
    assert seen[-1] == ("forces_x", (3, 2), 0.0, 7.0)
    core[0, 1, flat_index(1, 1, h)] = 2.0
    assert grid._cells[(1, 1)].forces_x == 2.0
    layer.set_cells(1.0)
    assert seen[-1] == ("forces_x", "all", 9.0 / (w * h), 1.0)
    assert core[0, 1].sum() == w * h and core[1].sum() == 0 and core[0, 0].sum() == 0
    layer.modify_cells(np.multiply, 3.0)  # Mesa assigns a new array: copied into the view
    assert np.shares_memory(layer.data, core) and core[0, 1].sum() == 3 * w * h
    grid._cells[(0, 0)].control = 1
    assert control[0, 0] == 1 and control.dtype == np.int16
    assert [s[0] for s in seen].count("forces_x") == 3


def test_grid_neighbours_match_the_core_adjacency():
    from simulator.mesa_model.layers import region_grid

    w, h = 6, 5
    grid = region_grid(w, h, {}, random=random.Random(0))
    indptr, indices = hex_csr(w, h, np.ones(w * h, dtype=bool))
    for (x, y), cell in grid._cells.items():
        i = flat_index(x, y, h)
        mesa_n = {flat_index(*c.coordinate, h) for c in cell.neighborhood}
        assert mesa_n == set(indices[indptr[i]:indptr[i + 1]].tolist())


def test_user_events_are_labelled():
    from simulator.mesa_model.interventions import Intervention, label_user_events

    ivs = [Intervention(5, "sponsor", "turkey", "support", 3.0, 0.0)]
    ev = pd.DataFrame({"kind": ["scripted", "user"], "actor": ["", ""], "place": ["x", "0"],
                       "detail": ["a", "b"]}).astype("string")
    out = label_user_events(ev, ivs)
    assert out.loc[1, "actor"] == "turkey" and out.loc[1, "place"] == "support"
    assert out.loc[1, "detail"] == "intervention: sponsor turkey: support 3 -> 0"
    assert out.loc[0, "detail"] == "a"
