"""Convergence in resolution: the history scenario over 90 days at the default resolution
(0.2 degrees) and at a finer one (0.15) gives the same key outcomes.

Key outcomes: the holder of every key place (the share of replicates with each holder agrees
within Wilson intervals) and each faction's territory share (within three standard errors or one
percentage point). docs/VALIDATION.md records how the other outcomes compare.
"""

import numpy as np
import pytest

import simulator
from simulator.scenario import load_scenario
from simulator.stats import wilson_interval
from tests.conftest import ROOT

N = 20


def run(res: float):
    s = load_scenario(ROOT / "scenarios/history_2019_2020.toml", [f"map.resolution_deg={res}"])
    return simulator.run(s, replicates=N, days=90).outcomes


@pytest.fixture(scope="module")
def pair():
    return run(0.2), run(0.15)


def test_default_resolution_is_the_tested_one():
    assert load_scenario(ROOT / "scenarios/history_2019_2020.toml").map.resolution_deg == 0.2


@pytest.mark.xfail(strict=True, reason="known: since the advance rule of MODEL.md phase 6 was "
                   "kept literally, the holders of al-Watiya and Sirte after 90 days differ "
                   "between 0.2 and 0.15 degrees (docs/VALIDATION.md, convergence)")
def test_key_place_holders_agree(pair):
    a, b = pair
    for col in [c for c in a.columns if c.startswith("holder_")]:
        for holder in set(a[col]) | set(b[col]):
            lo_a, hi_a = wilson_interval(int((a[col] == holder).sum()), N)
            lo_b, hi_b = wilson_interval(int((b[col] == holder).sum()), N)
            assert lo_a <= hi_b and lo_b <= hi_a, f"{col}={holder}"


def test_territory_shares_agree(pair):
    a, b = pair
    for col in [c for c in a.columns if c.startswith("territory_")]:
        se = np.sqrt(a[col].var() / N + b[col].var() / N)
        assert abs(a[col].mean() - b[col].mean()) <= max(3 * se, 0.01), col
