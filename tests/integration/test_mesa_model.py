"""The Mesa model steps the compiled day: bit-identical to ``simulator.run``, with Python on top."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import simulator
from simulator.scenario import load_scenario
from tests.conftest import ROOT, make

BASELINE = ROOT / "scenarios" / "baseline.toml"

MIX = {"money": 0.5, "mercenaries": 0.5}
SPONSORS = {
    "wsp": {"client": "a", "support": 2.0, "interest": 0.05, "reaction": 0.02, "delay_days": 3,
            "mix": MIX},
    "esp": {"client": "b", "support": 2.0, "interest": 0.05, "reaction": 0.02, "delay_days": 3,
            "mix": MIX},
}


def _duel_with_sponsors(**changes):  # noqa: ANN202
    return make(sponsors=SPONSORS, run__days=60, **changes)


def _run_keep_state(scenario, monkeypatch, **kwargs):  # noqa: ANN001, ANN202
    """Return (Results, final State) of ``simulator.run`` (one replicate)."""
    import simulator.results as results_mod

    kept = {}
    real = results_mod.assemble

    def spy(built, states, seed, days):  # noqa: ANN001, ANN202
        kept["state"] = states[0][1]
        return real(built, states, seed=seed, days=days)

    monkeypatch.setattr(results_mod, "assemble", spy)
    res = simulator.run(scenario, replicates=1, snapshot_replicates=1, **kwargs)
    return res, kept["state"]


def test_baseline_365_days_bit_identical(monkeypatch):
    from simulator import LibyaModel

    s = load_scenario(BASELINE)
    res, state = _run_keep_state(s, monkeypatch, seed=7, days=365)
    model = LibyaModel(s, seed=7, days=365)
    while model.running:
        model.step()
    assert model.day == 365
    ts = model.datacollector.get_model_vars_dataframe()
    pd.testing.assert_frame_equal(ts, res.timeseries, check_exact=True)
    for name in state._fields:
        a, b = getattr(state, name), getattr(model.state, name)
        assert a.shape == b.shape and a.dtype == b.dtype, name
        assert np.array_equal(a, b, equal_nan=True), name
    mine = model.results()
    pd.testing.assert_frame_equal(mine.outcomes, res.outcomes, check_exact=True)
    pd.testing.assert_frame_equal(mine.events, res.events, check_exact=True)
    assert (res.events["kind"] == "scripted").any()  # scripted events fired on their dates


def test_python_policy_matching_the_compiled_rule_changes_nothing(monkeypatch):
    from simulator import LibyaModel
    from simulator.mesa_model import Sponsor

    class Same(Sponsor):
        def decide(self) -> None:
            self.support = self.support  # rewrite today's order with the compiled choice

    s = _duel_with_sponsors()
    res, _ = _run_keep_state(s, monkeypatch)
    model = LibyaModel(s, policies={"wsp": Same})
    for _ in range(60):
        model.step()
    pd.testing.assert_frame_equal(model.datacollector.get_model_vars_dataframe(),
                                  res.timeseries, check_exact=True)
    assert model.interventions == []  # writes inside decide() are decisions, not interventions


def test_property_layers_share_memory_and_a_write_takes_effect():
    from simulator import LibyaModel

    s = make(run__days=20)
    model = LibyaModel(s)
    grid, st = model.grid, model.state
    assert np.shares_memory(grid.control.data, st.control)
    assert np.shares_memory(grid.forces_a.data, st.forces[0, 0])
    assert np.shares_memory(grid.civilians.data, st.home)
    assert np.shares_memory(grid.displaced.data, st.hosted)
    cell = next(iter(grid.all_cells))
    x, y = cell.coordinate
    assert cell.forces_b == st.forces[0, 1, x * s.map.height + y]

    base = LibyaModel(s)
    for m in (model, base):
        m.step()
    # wipe out b's forces everywhere, cell by cell and through the layer in bulk
    for c in grid.all_cells:
        c.forces_b = 0.0
    grid.forces_a.set_cells(grid.forces_a.data * 2.0)
    assert st.forces[0, 1].sum() == 0.0
    for m in (model, base):
        for _ in range(10):
            m.step()
    a = model.datacollector.get_model_vars_dataframe()
    b = base.datacollector.get_model_vars_dataframe()
    assert a["territory_a"].iloc[-1] > b["territory_a"].iloc[-1]
    assert (a["forces_b"].iloc[2:] < b["forces_b"].iloc[2:]).all()
    assert len(model.interventions) == len(list(grid.all_cells)) + 1
    first = model.interventions[0]
    assert (first.day, first.role, first.target, first.new) == (2, "layer", "forces_b", 0.0)
    assert first.attribute.startswith("cell ") and first.old >= 0.0
    ev = model.results().events
    assert (ev["kind"] == "user").sum() == len(model.interventions)


def test_intervention_changes_outcome_under_common_random_numbers():
    from simulator import LibyaModel

    s = _duel_with_sponsors()
    runs = {}
    for cut in (False, True):
        model = LibyaModel(s, seed=11)
        for _ in range(60):
            if cut and model.day == 20:
                model.sponsor("wsp").support = 0.0
            model.step()
        runs[cut] = (model, model.datacollector.get_model_vars_dataframe())
    plain, cut = runs[False][1], runs[True][1]
    pd.testing.assert_frame_equal(plain.iloc[:21], cut.iloc[:21], check_exact=True)
    assert cut["support_wsp"].iloc[21] < plain["support_wsp"].iloc[21]
    assert not plain.iloc[-1].equals(cut.iloc[-1])
    model = runs[True][0]
    (iv,) = model.interventions
    assert (iv.day, iv.target, iv.attribute, iv.new) == (21, "wsp", "support", 0.0)
    ev = model.results().events
    row = ev[ev["kind"] == "user"].iloc[0]
    assert row["day"] == 21 and row["actor"] == "wsp" and "support" in row["detail"]


def test_sponsor_that_never_escalates():
    from simulator import LibyaModel
    from simulator.mesa_model import Sponsor

    class Restrained(Sponsor):
        """Never escalates: support stays at zero whatever the rivals do."""

        def decide(self) -> None:
            self.support = 0.0

    s = _duel_with_sponsors()
    base = LibyaModel(s)
    calm = LibyaModel(s, policies={"wsp": Restrained})
    assert isinstance(calm.sponsor("wsp"), Restrained)
    assert "wsp" in repr(calm.sponsor("wsp"))
    for m in (base, calm):
        for _ in range(60):
            m.step()
    a = base.datacollector.get_model_vars_dataframe()
    b = calm.datacollector.get_model_vars_dataframe()
    assert (b["support_wsp"].iloc[1:] == 0.0).all()
    assert calm.sponsor("wsp").paid < base.sponsor("wsp").paid
    assert b["forces_a"].iloc[-1] < a["forces_a"].iloc[-1]
    assert b["foreign_fighters"].iloc[-1] < a["foreign_fighters"].iloc[-1]
    assert calm.sponsor("wsp").fighters < base.sponsor("wsp").fighters  # pipeline of day 0 only
    # the other sponsor keeps its compiled rule (its rival's support no longer drives it)
    assert (b["support_esp"].iloc[1:] != a["support_esp"].iloc[1:]).any()


def test_agents_and_network_on_the_libya_map():
    from simulator import LibyaModel
    from simulator.mesa_model import Faction, Mediator, Neighbour, Sponsor

    model = LibyaModel(BASELINE, overrides=["run.days=3"])
    for role in (Faction, Sponsor, Neighbour, Mediator):
        assert len(model.agents_by_type[role]) > 0
        for agent in model.agents_by_type[role]:
            assert repr(agent).startswith(role.__name__ + "(")
    assert len(model.network.G) == 22
    assert model.sponsor("turkey").client == "gna"
    model.mediator("un").pressure = 0.9
    assert all(p.md_pressure[0] == 0.9 for p in model.all_params())
    while model.running:
        model.step()
    assert model.day == 3


def test_stepping_past_the_planned_days_grows_the_recorder():
    from simulator import LibyaModel

    model = LibyaModel(make(run__days=30), days=5)
    for _ in range(12):
        model.step()
    assert not model.running and model.day == 12
    ref = simulator.run(make(run__days=30), replicates=1, days=12)
    pd.testing.assert_frame_equal(model.results().timeseries, ref.timeseries, check_exact=True)


def test_import_simulator_does_not_import_mesa():
    code = ("import sys, simulator; from simulator import run, load_scenario, Results; "
            "import simulator.engine; print('mesa' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT, timeout=300)
    assert out.stdout.strip() == "False"


@pytest.mark.timeout(900)
def test_batch_run_in_process_and_spawned_workers():
    from mesa.batchrunner import batch_run

    from simulator import LibyaModel

    path = str(ROOT / "scenarios" / "synthetic_duel.toml")
    LibyaModel(path).step()  # warm the kernels' disk cache before workers start
    frames = []
    for procs in (1, 2):  # 2: spawned worker processes (mesa sets the start method to spawn)
        rows = batch_run(LibyaModel, parameters={"scenario": path, "seed": [1, 2]},
                         number_processes=procs, iterations=1, max_steps=5,
                         data_collection_period=1, display_progress=False)
        frames.append(pd.DataFrame(rows).sort_values(["seed", "Step"], ignore_index=True))
    df = frames[0]
    assert len(df) == 2 * 6 and set(df["seed"]) == {1, 2}  # steps 0 ... 5 of each run
    assert (df["Step"] == df["day"]).all()
    assert {"territory_west", "ceasefire", "foreign_fighters"} <= set(df.columns)
    by_seed = df.groupby("seed")["forces_east"].last()
    assert by_seed[1] != by_seed[2]
    pd.testing.assert_frame_equal(frames[0].drop(columns="RunId"),
                                  frames[1].drop(columns="RunId"), check_exact=True)
