"""Check that the Mesa reference and the engine compute the same war, then time both.

Agreement, on a 12 x 10 grid with the engine's phases outside the reference switched off:
1. exactly, with the noise off: every daily total (forces, military deaths, territory,
   civilians at home, displaced, civilian deaths) within 1e-9 relative;
2. in distribution, with the noise on: at the last day, the engine's and the reference's
   replicates of military deaths, displaced people and territory agree by a two-sample
   Kolmogorov-Smirnov test (p > 0.001) and their means by a Welch z-score (|z| < 4).

Speed (``mesa_ratio``), on 1,000 regions (the benchmark grid, 40 x 25): the reference's time
per region-day (with its movement) over the engine's full compiled day.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from benchmarks.grid import grid_scenario, time_trajectory

REF_PHASES = ("combat", "control", "key_places", "civilians")


def _check_raw(raw: dict, noise: bool) -> None:
    """Make the check map: west attacks the two columns east of the line; no supply; strong fire."""
    split = raw["map"]["width"] / 2 - 0.25
    raw["places"]["front"] = {"box": [split, -1.0, split + 2.0, 1e6]}
    raw["forces"] = [
        {"faction": "west", "place": "west_half", "fighters": 3000},
        {"faction": "east", "place": "east_half", "fighters": 2700},
        {"faction": "west", "place": "front", "fighters": 4000},
        {"faction": "east", "place": "front", "fighters": 1500},
    ]
    for fid, leth in (("west", 0.05), ("east", 0.04)):
        raw["factions"][fid].update(supply=[], lethality=leth)
    raw["combat"] = {"noise": 0.2 if noise else 0.0, "daily_noise": 0.1 if noise else 0.0}
    raw["civilians"]["flee_rate"] = 0.2


def check_scenario(noise: bool, width: int = 12, height: int = 10):  # noqa: ANN201
    """Return the agreement scenario (engine phases outside the reference switched off)."""
    from simulator.core.day import OPTIONAL_PHASES

    off = [p for p in OPTIONAL_PHASES if p not in REF_PHASES]
    return grid_scenario(width, height, edit=lambda raw: _check_raw(raw, noise),
                         engine={"disabled_phases": off})


def _engine_series(scenario, days: int, replicates: int, seed: int):  # noqa: ANN001, ANN202
    """Return the engine's timeseries renamed to the reference's column names."""
    from simulator.engine import run

    ts = run(scenario, seed=seed, replicates=replicates, days=days).timeseries
    names = {"civilians_at_home": "home", "displaced": "displaced",
             "civilian_deaths": "civilian_deaths"}
    for k, f in enumerate(scenario.faction_ids):
        for block in ("forces", "territory", "military_deaths"):
            names[f"{block}_{f}"] = f"{block}_{k}"
    return ts.rename(columns=names)


def exact_agreement(days: int = 40) -> dict:
    """Return the largest relative difference of the daily totals with the noise off."""
    from benchmarks.mesa_reference import run_reference
    from simulator.core.build import build

    s = check_scenario(noise=False)
    eng = _engine_series(s, days, 1, 1)
    ref = run_reference(build(s), days, seed=1, move=False)
    worst, where = 0.0, ""
    for col in ref.columns:
        a, b = eng[col].to_numpy(), ref[col].to_numpy()
        rel = float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1.0)))
        if rel > worst:
            worst, where = rel, col
    captured = float(ref["territory_0"].iloc[-1] - ref["territory_0"].iloc[0])
    return {"days": days, "max_rel_diff": worst, "worst_column": where,
            "west_territory_gained": captured, "ok": worst <= 1e-9}


def distribution_agreement(replicates: int, days: int = 20) -> dict:
    """Return KS p-values and Welch z-scores of engine vs reference replicates at ``days``."""
    from scipy.stats import ks_2samp

    from benchmarks.mesa_reference import run_reference
    from simulator.core.build import build

    s = check_scenario(noise=True)
    eng = _engine_series(s, days, replicates, 7)
    eng = eng[eng["day"] == days]
    built = build(s)
    refs = [run_reference(built, days, seed=1000 + r, move=False).iloc[-1]
            for r in range(replicates)]
    out: dict = {"replicates": replicates, "days": days, "metrics": {}}
    ok = True
    for col in ("military_deaths_0", "military_deaths_1", "displaced", "territory_0"):
        a = eng[col].to_numpy(dtype=float)
        b = np.array([r[col] for r in refs], dtype=float)
        se = float(np.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b)))
        z = float((a.mean() - b.mean()) / se) if se > 0 else 0.0
        p = float(ks_2samp(a, b).pvalue)
        out["metrics"][col] = {"engine_mean": float(a.mean()), "reference_mean": float(b.mean()),
                               "engine_sd": float(a.std(ddof=1)),
                               "reference_sd": float(b.std(ddof=1)), "z": z, "ks_p": p}
        ok = ok and abs(z) < 4.0 and p > 1e-3
    out["ok"] = ok
    return out


def time_reference(regions: tuple[int, int], days: int, repeats: int) -> dict:
    """Return the reference's median ns per region-day on the benchmark grid (with movement)."""
    from benchmarks.mesa_reference import WarModel
    from simulator.core.build import build

    built = build(grid_scenario(*regions))
    n = regions[0] * regions[1]
    times = []
    for r in range(repeats):
        model = WarModel(built, seed=r)
        t0 = time.perf_counter()
        for _ in range(days):
            model.step()
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    return {"regions": n, "days": days, "repeats": repeats, "seconds": times,
            "ns_per_region_day": med / (n * days) * 1e9}


def time_engine(regions: tuple[int, int], days: int, repeats: int, **sections: dict) -> dict:
    """Return the engine's median ns per region-day (one thread, recording included)."""
    runs = [time_trajectory(grid_scenario(*regions, **sections), days) for _ in range(repeats)]
    times = [r["simulate_s"] for r in runs]
    n = runs[0]["regions"]
    return {"regions": n, "days": days, "repeats": repeats, "seconds": times,
            "ns_per_region_day": statistics.median(times) / (n * days) * 1e9}


def mesa_comparison(quick: bool) -> dict:
    """Return ``mesa_ratio`` and its details: agreement checks and both timings on 1,000 regions."""
    from simulator.core.day import OPTIONAL_PHASES

    # Both over the same days: early days (fighting everywhere) cost more than later ones.
    shape, days = (40, 25), 10 if quick else 30
    ref = time_reference(shape, days, 3)
    eng = time_engine(shape, days, 5)
    same = [p for p in OPTIONAL_PHASES if p not in ("logistics", *REF_PHASES)]
    eng_same = time_engine(shape, days, 5, engine={"disabled_phases": same})
    return {
        "mesa_ratio": ref["ns_per_region_day"] / eng["ns_per_region_day"],
        "mesa_ratio_same_phases": ref["ns_per_region_day"] / eng_same["ns_per_region_day"],
        "reference": ref,
        "engine_full_day": eng,
        "engine_reference_phases": {**eng_same, "disabled_phases": same},
        "exact_agreement": exact_agreement(),
        "distribution_agreement": distribution_agreement(20 if quick else 60),
    }
