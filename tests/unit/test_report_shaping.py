"""Data shaping of the report: tables of a results folder into what the figures draw."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulator.report.escape import esc, esc_id
from simulator.report.mapanim import _colorscale
from simulator.report.shaping import (
    columns_with,
    control_codes,
    days_of,
    fan,
    flag_shares,
    holder_shares,
    numeric_outcomes,
    per_replicate,
    runs_of,
    state_share,
)


def _ts() -> pd.DataFrame:
    rows = []
    for rep in (1, 0, 2):  # out of order on purpose
        for day in (2, 0, 1):
            rows.append({"replicate": rep, "day": day, "x": 10 * rep + day,
                         "ceasefire": "ceasefire" if (rep + day) % 2 == 0 else "war"})
    return pd.DataFrame(rows)


def test_per_replicate_is_sorted_by_replicate_and_day() -> None:
    a = per_replicate(_ts(), "x")
    assert a.shape == (3, 3)
    np.testing.assert_array_equal(a, [[0, 1, 2], [10, 11, 12], [20, 21, 22]])
    np.testing.assert_array_equal(days_of(_ts()), [0, 1, 2])


def test_fan_gives_median_and_bands_per_day() -> None:
    values = np.arange(101, dtype=float)[:, None] * np.ones((1, 4))
    q = fan(values)
    assert set(q) == {0.05, 0.25, 0.5, 0.75, 0.95}
    np.testing.assert_allclose(q[0.5], 50.0)
    np.testing.assert_allclose(q[0.05], 5.0)
    np.testing.assert_allclose(q[0.95], 95.0)
    assert q[0.25][0] < q[0.5][0] < q[0.75][0]


def test_runs_of_finds_inclusive_ranges() -> None:
    assert runs_of(np.array([0, 1, 1, 0, 1], bool)) == [(1, 2), (4, 4)]
    assert runs_of(np.array([1, 1], bool)) == [(0, 1)]
    assert runs_of(np.zeros(3, bool)) == []
    assert runs_of(np.zeros(0, bool)) == []


def test_state_share_counts_replicates_per_day_with_wilson_bounds() -> None:
    s = state_share(_ts(), "ceasefire", "ceasefire")
    assert list(s["day"]) == [0, 1, 2]
    assert list(s["n"]) == [3, 3, 3]
    np.testing.assert_allclose(s["share"], [2 / 3, 1 / 3, 2 / 3])
    assert (s["low"] <= s["share"]).all() and (s["share"] <= s["high"]).all()


def test_holder_shares_cover_factions_then_others() -> None:
    o = pd.DataFrame({"replicate": range(4), "holder_tripoli": ["gna", "gna", "lna", "contested"],
                      "holder_sirte": ["lna"] * 4})
    h = holder_shares(o, ["gna", "lna"])
    tri = h[h["place"] == "tripoli"].set_index("holder")
    assert list(tri.index) == ["gna", "lna", "contested"]
    np.testing.assert_allclose(tri["share"], [0.5, 0.25, 0.25])
    sirte = h[h["place"] == "sirte"].set_index("holder")
    assert sirte.loc["gna", "count"] == 0 and sirte.loc["lna", "share"] == 1.0
    assert (h["low"] <= h["share"]).all() and (h["high"] >= h["share"]).all()


def test_outcome_kinds() -> None:
    o = pd.DataFrame({"replicate": [0, 1], "seed": [1, 1], "holder_a": ["x", "y"],
                      "civilian_deaths": [1.0, 2.0], "ceasefire_reached": [True, False]})
    assert numeric_outcomes(o) == ["civilian_deaths"]
    f = flag_shares(o)
    assert list(f["outcome"]) == ["ceasefire_reached"] and f["share"].iloc[0] == 0.5


def test_columns_with_prefix() -> None:
    cols = ["support_turkey", "support_russia", "supported", "refugees", "refugees_chad"]
    assert columns_with(cols, "support_") == ["support_turkey", "support_russia"]
    assert columns_with(cols, "refugees_") == ["refugees_chad"]


def test_control_codes_put_nobody_after_the_factions() -> None:
    codes = control_codes(np.array([[0, 1, -1]]), 2)
    assert codes.dtype == np.int8
    np.testing.assert_array_equal(codes, [[0, 1, 2]])


@pytest.mark.parametrize("n", [1, 2, 3])
def test_discrete_colorscale_maps_each_code_to_its_colour(n: int) -> None:
    colors = [f"#00000{k}" for k in range(n)]
    scale = _colorscale(colors)
    assert scale[0][0] == 0 and scale[-1][0] == 1
    for k in range(n):  # code k sits at (k + 0.5) / n of the range [-0.5, n - 0.5]
        pos = (k + 0.5) / n
        inside = [c for (a, c), (b, _) in zip(scale[::2], scale[1::2], strict=True)
                  if a <= pos <= b]
        assert inside == [colors[k]]


def test_escaping_turns_markup_into_text() -> None:
    assert esc("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert esc(None) == ""
    assert esc_id("oil_crescent") == "oil crescent"


def test_first_ceasefire_day_leaves_out_replicates_without_one() -> None:
    """-1 means no ceasefire: it must not pull the band's low end to -1."""
    from simulator.report.summary import _first_day

    days = pd.Series([-1, 10, 20, 30, -1])
    assert _first_day(days) == "20 (11-29)"
    assert "-1" not in _first_day(days)
    assert _first_day(pd.Series([-1, -1])) == "none"


def test_other_outcomes_get_names_and_units() -> None:
    from simulator.report.summary import _label

    assert _label("foreign_fighters_final") == "foreign fighters at the end (fighters)"
    assert _label("cost_turkey") == "support delivered by Turkey (USD million)"
    assert _label("intervened_egypt", unit=False) == "Egypt intervened"
    assert _label("violations") == "ceasefire violations"
