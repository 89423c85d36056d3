"""The analysis code on functions whose answers are known: Ishigami, a linear model, a box."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulator.analysis.correlation import spearman
from simulator.analysis.morris import elementary_effects, morris_indices
from simulator.analysis.prim import prim
from simulator.analysis.sobol import sobol_indices


def ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    """Return the Ishigami function of x in [-pi, pi]^3."""
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_sobol_indices_of_ishigami() -> None:
    from SALib.sample import sobol

    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[0.0, 1.0]] * 3}
    u = sobol.sample(problem, 2**13, calc_second_order=False, scramble=True, seed=1)
    y = ishigami(-np.pi + 2 * np.pi * u)  # unit cube to [-pi, pi]: indices do not change
    t = sobol_indices(problem, y, seed=1).set_index("factor")
    assert t.loc[["x1", "x2", "x3"], "S1"].to_numpy() == pytest.approx([0.314, 0.442, 0.0],
                                                                        abs=0.03)
    assert t.loc[["x1", "x2", "x3"], "ST"].to_numpy() == pytest.approx([0.558, 0.442, 0.244],
                                                                        abs=0.03)
    assert (t["S1_conf"] > 0).all() and (t["ST_conf"] < 0.05).all()


def test_sobol_refuses_missing_or_constant_outcomes() -> None:
    problem = {"num_vars": 2, "names": ["a", "b"], "bounds": [[0.0, 1.0]] * 2}
    with pytest.raises(ValueError, match="no successful run"):
        sobol_indices(problem, np.array([1.0, np.nan] * 8))
    with pytest.raises(ValueError, match="does not vary"):
        sobol_indices(problem, np.ones(16))


def test_morris_ranks_a_linear_function() -> None:
    from SALib.sample import morris

    names = ["small", "big", "none", "middle"]
    problem = {"num_vars": 4, "names": names, "bounds": [[0.0, 1.0]] * 4}
    x = morris.sample(problem, 20, num_levels=4, seed=3)
    y = x @ np.array([1.0, 10.0, 0.0, 4.0])
    t = morris_indices(problem, x, y, levels=4, seed=3).set_index("factor")
    assert t.sort_values("mu_star", ascending=False).index.tolist() == ["big", "middle",
                                                                        "small", "none"]
    assert t["mu_star"].to_numpy() == pytest.approx([1.0, 10.0, 0.0, 4.0], abs=1e-9)
    assert t["sigma"].to_numpy() == pytest.approx(0.0, abs=1e-9)  # linear: no interactions
    ee = elementary_effects(x, y)
    assert np.allclose(ee, [1.0, 10.0, 0.0, 4.0])


def test_spearman_signs() -> None:
    rng = np.random.default_rng(0)
    x = pd.DataFrame({"up": rng.random(200), "down": rng.random(200), "noise": rng.random(200)})
    y = x["up"] * 3 - x["down"] + 0.01 * rng.random(200)
    t = spearman(x, y.to_numpy()).set_index("factor")
    assert t.loc["up", "rho"] > 0.8 and t.loc["down", "rho"] < -0.2
    assert t.loc["noise", "low"] < 0 < t.loc["noise", "high"]


def test_prim_finds_a_planted_box() -> None:
    rng = np.random.default_rng(7)
    n = 4000
    x = pd.DataFrame({"a": rng.random(n), "b": rng.random(n), "c": rng.random(n),
                      "flag": rng.choice(["yes", "no"], n)})
    inside = (x["a"] > 0.6) & (x["b"] < 0.3)
    y = np.where(inside, rng.random(n) < 0.95, rng.random(n) < 0.03)
    res = prim(x, y)
    box = res.boxes[0]
    assert set(box.restricted) == {"a", "b"}
    assert box.limits["a"][0] == pytest.approx(0.6, abs=0.05)
    assert box.limits["b"][1] == pytest.approx(0.3, abs=0.05)
    assert box.coverage > 0.75 and box.density > 0.85
    path = res.trajectories[0]
    assert path[0].coverage == 1.0 and path[0].mass == 1.0
    assert [b.mass for b in path] == sorted([b.mass for b in path], reverse=True)


def test_prim_peels_text_factors() -> None:
    rng = np.random.default_rng(8)
    n = 2000
    x = pd.DataFrame({"who": rng.choice(["a", "b", "c"], n), "z": rng.random(n)})
    y = (x["who"] == "b").to_numpy() & (rng.random(n) < 0.9)
    box = prim(x, y).boxes[0]
    assert box.restricted == ["who"] and box.limits["who"] == ["b"]
    assert box.density > 0.85 and box.coverage > 0.95
