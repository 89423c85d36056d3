import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.core import rng

u64 = st.integers(min_value=0, max_value=2**63 - 1)


@settings(max_examples=200, deadline=None)
@given(u64, u64, u64, u64, u64, st.integers(0, 10_000))
def test_stream_key_and_uniform_equal_python_twin(seed, rep, day, entity, purpose, counter):
    key = rng.stream_key(np.uint64(seed), np.uint64(rep), np.uint64(day), np.uint64(entity),
                         np.uint64(purpose))
    assert int(key) == rng.py_stream_key(seed, rep, day, entity, purpose)
    assert rng.uniform(np.uint64(key), np.uint64(counter)) == rng.py_uniform(int(key), counter)


def test_uniform_moments_and_range():
    key = rng.stream_key(np.uint64(1), np.uint64(0), np.uint64(0), np.uint64(5), np.uint64(1))
    key = np.uint64(key)
    u = np.array([rng.uniform(key, np.uint64(c)) for c in range(20_000)])
    assert u.min() > 0 and u.max() < 1
    assert abs(u.mean() - 0.5) < 0.01
    z = np.array([rng.normal(key, np.uint64(c)) for c in range(20_000)])
    assert abs(z.mean()) < 0.03 and abs(z.std() - 1) < 0.03


def test_stable_ids_do_not_depend_on_order():
    assert rng.stable_id("faction", "gna") == rng.stable_id("faction", "gna")
    assert rng.stable_id("faction", "gna") != rng.stable_id("sponsor", "gna")
    assert rng.stable_id("faction", "gna") < 2**63
