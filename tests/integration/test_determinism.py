"""Same scenario and seed, bit-identical results on any thread count, batch size or range."""

import hashlib
import os
import subprocess
import sys

import numpy as np
import pandas as pd

import simulator
from tests.conftest import ROOT, make

SCRIPT = """
import hashlib, sys
import simulator
from simulator.scenario import load_scenario
s = load_scenario(sys.argv[1], ['combat.noise=0.5', 'run.days=40'])
r = simulator.run(s, replicates=6)
h = hashlib.sha256(r.timeseries.select_dtypes('number').to_numpy().tobytes())
h.update(r.timeseries.to_csv().encode())
h.update(r.outcomes.to_csv().encode())
print(h.hexdigest())
"""


def _hash_with_threads(n: int) -> str:
    env = {**os.environ, "NUMBA_NUM_THREADS": str(n)}
    path = str(ROOT / "scenarios/synthetic_duel.toml")
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, path],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return out.stdout.strip().splitlines()[-1]


def test_identical_on_one_and_two_threads():
    assert _hash_with_threads(1) == _hash_with_threads(2)


def test_identical_whatever_the_batch_size_or_replicate_range():
    s = make(combat__noise=0.5)
    whole = simulator.run(s, replicates=7)
    small = simulator.run(make(combat__noise=0.5, engine__batch_replicates=2), replicates=7)
    pd.testing.assert_frame_equal(whole.timeseries, small.timeseries)
    pd.testing.assert_frame_equal(whole.outcomes, small.outcomes)
    parts = [simulator.run(s, replicates=n, first_replicate=f) for f, n in ((0, 3), (3, 4))]
    ts = pd.concat([p.timeseries for p in parts], ignore_index=True)
    pd.testing.assert_frame_equal(whole.timeseries, ts)
    oc = pd.concat([p.outcomes for p in parts], ignore_index=True)
    pd.testing.assert_frame_equal(whole.outcomes, oc)


def test_seeds_and_replicates_differ():
    s = make(combat__noise=0.5)
    r = simulator.run(s, replicates=3)
    per_rep = r.timeseries.groupby("replicate")["forces_a"].last().to_numpy()
    assert len(np.unique(per_rep)) == 3
    other = simulator.run(s, replicates=3, seed=99)
    assert not np.array_equal(other.timeseries["forces_a"], r.timeseries["forces_a"])


def test_threads_and_chunks_do_not_change_results():
    from simulator.core.build import allocate, build
    from simulator.core.run import init_range, run_range
    from simulator.engine import Pool

    built = build(make(combat__noise=0.5))
    a, b = allocate(built, 3, 20, 1), allocate(built, 3, 20, 1)
    for st in (a, b):
        init_range(built.params, st, 0, 0, 3)
    pool = Pool(2)
    pool.map_ranges(lambda b0, b1: run_range(built.params, a, 0, b0, b1, 0, 20), 3)
    pool.close()
    run_range(built.params, b, 0, 0, 3, 0, 7)
    run_range(built.params, b, 0, 0, 3, 7, 20)
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)
    assert hashlib.sha256(a.rec.tobytes()).digest() == hashlib.sha256(b.rec.tobytes()).digest()
