"""The public ``simulator.run``: an explicit, typed, keyword-only signature that forwards to the
engine with the scenario's ``run`` table for every value left at None."""

import inspect

import numpy as np
import pandas as pd

import simulator
import simulator.engine
from tests.conftest import make

KW = inspect.Parameter.KEYWORD_ONLY
EXPECTED = {  # name: (default, annotation)
    "seed": (None, "int | None"),
    "replicates": (None, "int | None"),
    "days": (None, "int | None"),
    "first_replicate": (0, "int"),
    "snapshot_replicates": (None, "int | None"),
    "progress": (None, "Callable[[int, int], None] | None"),
    "should_stop": (None, "Callable[[], bool] | None"),
}


def test_run_signature_is_explicit_typed_and_keyword_only():
    sig = inspect.signature(simulator.run)
    params = list(sig.parameters.values())
    assert params[0].name == "scenario"
    assert params[0].kind == inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert params[0].annotation == "Scenario"
    assert {p.name: (p.default, p.annotation) for p in params[1:]} == EXPECTED
    assert all(p.kind == KW for p in params[1:]), "options must be keyword-only"
    assert sig.return_annotation == "Results"
    assert "Return" in (simulator.run.__doc__ or "")


def test_run_options_match_the_engine():
    engine = inspect.signature(simulator.engine.run).parameters
    for name, (default, _) in EXPECTED.items():
        assert name in engine, name
        assert engine[name].default == default, name
        assert engine[name].kind == KW, name


def test_run_none_means_the_scenario_value():
    s = make(run__seed=5, run__replicates=2, run__days=4)
    r = simulator.run(s)
    assert (r.seed, r.days, r.replicates) == (5, 4, [0, 1])
    explicit = simulator.run(s, seed=5, replicates=2, days=4)
    pd.testing.assert_frame_equal(r.timeseries, explicit.timeseries, check_exact=True)


def test_run_forwards_every_option():
    s = make()
    calls: list[tuple[int, int]] = []
    part = simulator.run(s, seed=1, replicates=2, days=3, first_replicate=1,
                         snapshot_replicates=0, progress=lambda d, t: calls.append((d, t)))
    assert (part.seed, part.days, part.replicates) == (1, 3, [1, 2])
    assert part.snapshots.control.shape[0] == 0
    assert calls and calls[-1] == (6, 6)
    whole = simulator.run(s, seed=1, replicates=3, days=3)
    a = part.timeseries.reset_index(drop=True)
    b = whole.timeseries[whole.timeseries["replicate"] >= 1].reset_index(drop=True)
    assert np.array_equal(a.select_dtypes("number").to_numpy(),
                          b.select_dtypes("number").to_numpy())
