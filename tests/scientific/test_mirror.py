"""Mirrored factions on a mirrored synthetic grid give mirrored outcomes.

Reflecting the rows of a hex grid with an odd number of rows (y -> H-1-y) keeps each row's
parity, so it is an exact symmetry of Mesa's hex adjacency.
"""

import numpy as np

import simulator
from tests.conftest import make

W, H = 8, 9


def scenario(flip: bool):
    def rows(lo, hi):
        return [[x, y] for x in range(W) for y in range(lo, hi)]

    def mirror(cells):
        return [[x, H - 1 - y] for x, y in cells]

    north, south, front = rows(5, 9), rows(0, 4), rows(3, 6)
    a_home, b_home = (north, south) if not flip else (south, north)
    a_cap, b_cap = [[1, 7], [2, 8]], [[5, 1], [6, 0]]
    if flip:
        a_cap, b_cap = mirror(a_cap), mirror(b_cap)
    a_fighters, b_fighters = 2600, 2000
    return make({
        "name": "mirror",
        "run": {"days": 60, "seed": 5},
        "map": {"kind": "grid", "width": W, "height": H},
        "factions": {"a": {"lethality": 0.013}, "b": {"lethality": 0.01}},
        "places": {"a_home": {"cells": a_home}, "b_home": {"cells": b_home},
                   "front": {"cells": front},
                   "a_cap": {"key": True, "cells": a_cap},
                   "b_cap": {"key": True, "cells": b_cap}},
        "control": [{"faction": "a", "places": ["a_home"]},
                    {"faction": "b", "places": ["b_home"]}],
        "forces": [{"faction": "a", "place": "front", "fighters": a_fighters},
                   {"faction": "b", "place": "front", "fighters": b_fighters}],
        "combat": {"noise": 0.0, "daily_noise": 0.0},
    })


def test_mirrored_grid_gives_mirrored_outcomes():
    r1 = simulator.run(scenario(False))
    r2 = simulator.run(scenario(True))
    cols = [c for c in r1.timeseries.columns if c not in ("replicate", "day", "date", "ceasefire")]
    np.testing.assert_allclose(r1.timeseries[cols].to_numpy(float),
                               r2.timeseries[cols].to_numpy(float), rtol=1e-9, atol=1e-9)
    c1 = r1.snapshots.control[0].reshape(-1, W, H)
    c2 = r2.snapshots.control[0].reshape(-1, W, H)[:, :, ::-1]
    np.testing.assert_array_equal(c1, c2)
    assert r1.outcomes["holder_a_cap"].tolist() == r2.outcomes["holder_a_cap"].tolist()
