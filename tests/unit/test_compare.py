"""Paired differences of ``simulator.compare`` on hand-made outcome tables."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from simulator.compare import (
    COLUMNS,
    Folder,
    check_paired,
    end_of_run,
    paired_differences,
    t_interval,
)
from simulator.errors import ScenarioError


def folder(name: str, outcomes: dict, root: int = 1, reps: list[int] | None = None) -> Folder:
    df = pd.DataFrame(outcomes)
    reps = list(df["replicate"]) if reps is None else reps
    return Folder(Path(name), {"status": "complete", "seeds": {"root": root, "replicates": reps}},
                  df)


A = {"replicate": [0, 1, 2, 3], "seed": 1, "deaths": [10.0, 20.0, 30.0, 40.0],
     "holder_tripoli": ["gna", "gna", "lna", "gna"], "reached": [False, True, False, False]}
B = {"replicate": [3, 2, 1, 0], "seed": 1, "deaths": [41.0, 33.0, 19.0, 14.0],
     "holder_tripoli": ["lna", "lna", "gna", "contested"], "reached": [True, True, True, False]}


def test_t_interval_matches_scipy() -> None:
    d = np.array([1.0, 3.0, -1.0, 2.5, 0.5])
    lo, hi = t_interval(d)
    ref = stats.t.interval(0.95, d.size - 1, loc=d.mean(), scale=stats.sem(d))
    assert (lo, hi) == pytest.approx(ref)
    assert np.isnan(t_interval(np.array([2.0]))[0])
    assert t_interval(np.array([2.0, 2.0, 2.0])) == (2.0, 2.0)


def test_numeric_outcomes_pair_by_replicate() -> None:
    df = paired_differences(folder("a", A), folder("b", B))
    assert list(df.columns) == list(COLUMNS)
    row = df[df.outcome == "deaths"].iloc[0]
    d = np.array([14.0 - 10, 19 - 20, 33 - 30, 41 - 40])  # paired by replicate, not by row
    assert row.n_pairs == 4
    assert row.mean_a == 25.0 and row.mean_b == pytest.approx(26.75)
    assert row.mean_diff == pytest.approx(d.mean())
    assert (row.diff_low, row.diff_high) == pytest.approx(t_interval(d))
    assert row.share_b_gt_a == 0.75
    flag = df[df.outcome == "reached"].iloc[0]
    assert (flag.mean_a, flag.mean_b, flag.share_b_gt_a) == (0.25, 0.75, 0.5)
    assert "seed" not in set(df.outcome)


def test_holders_give_a_share_per_holder() -> None:
    df = paired_differences(folder("a", A), folder("b", B)).set_index(["outcome", "category"])
    rows = df.loc["holder_tripoli"]
    assert sorted(rows.index) == ["contested", "gna", "lna"]
    assert (rows.loc["gna", "mean_a"], rows.loc["gna", "mean_b"]) == (0.75, 0.25)
    assert (rows.loc["lna", "mean_a"], rows.loc["lna", "mean_b"]) == (0.25, 0.5)
    assert rows.loc["contested", "mean_b"] == 0.25
    assert rows["mean_a"].sum() == pytest.approx(1) and rows["mean_b"].sum() == pytest.approx(1)


def test_a_folder_with_itself_differs_by_nothing() -> None:
    df = paired_differences(folder("a", A), folder("a", A))
    assert (df.mean_diff == 0).all() and (df.share_b_gt_a == 0).all()


@pytest.mark.parametrize(("b", "expect"), [
    (folder("b", B, root=2), "seeds differ"),
    (folder("b", B, reps=[0, 1, 2, 3, 4]), "replicates differ"),
])
def test_unpaired_folders_are_refused(b: Folder, expect: str) -> None:
    with pytest.raises(ScenarioError, match=expect) as info:
        check_paired(folder("a", A), b)
    assert info.value.code == 3 and len(info.value.problems) == 1


def test_end_of_run_takes_the_last_day_and_peaks() -> None:
    ts = pd.DataFrame({
        "replicate": [1, 1, 1, 0, 0, 0], "day": [2, 0, 1, 0, 1, 2],
        "escalation": [1, 1, 3, 0, 2, 2], "displaced": [5.0, 1.0, 2.0, 0.0, 7.0, 9.0],
        "refugees": [0.0] * 6, "military_deaths_gna": [9.0, 0, 4, 0, 1, 2],
        "ceasefire": ["talks", "war", "ceasefire", "war", "war", "war"]})
    end = end_of_run(ts).set_index("replicate")
    assert list(end.index) == [0, 1]
    assert end.loc[1, "escalation_final"] == 1 and end.loc[1, "escalation_peak"] == 3
    assert end.loc[0, "displaced_final"] == 9 and end.loc[1, "military_deaths_gna_final"] == 9
    assert list(end["ceasefire_final"]) == ["war", "talks"]
    assert list(end["ceasefire_reached"]) == [False, True]
