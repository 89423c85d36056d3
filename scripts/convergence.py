"""Print the resolution-convergence tables of docs/VALIDATION.md (history, 90 days).

Usage: python scripts/convergence.py [OFFSETS] [REPLICATES]

Table 1: each resolution as an ensemble over OFFSETS lattice origins (scrambled Sobol points of
``map.lattice_dx``/``lattice_dy``, default 16) x REPLICATES replicates (default 2).
Table 2: the default lattice (offset 0) at resolutions a few per cent apart, 10 replicates each:
how much the holders of one- or two-cell places turn on where cell boundaries fall.
"""

from __future__ import annotations

import sys

import pandas as pd
from scipy.stats import qmc

import simulator
from simulator.scenario import load_scenario

SCENARIO = "scenarios/history_2019_2020.toml"
PLACES = ("tripoli", "sirte", "al_watiya", "gharyan", "tarhuna")


def run(res: float, dx: float, dy: float, reps: int) -> simulator.Results:
    """Return 90 days of the history at ``res`` with the lattice moved by (dx, dy)."""
    s = load_scenario(
        SCENARIO, [f"map.resolution_deg={res}", f"map.lattice_dx={dx!r}", f"map.lattice_dy={dy!r}"]
    )
    return simulator.run(s, replicates=reps, days=90)


def holders(o: pd.DataFrame) -> str:
    """Return 'place: gna a / lna b' counts for the places of interest."""
    parts = []
    for p in PLACES:
        c = o[f"holder_{p}"].value_counts()
        parts.append(f"{p} " + "/".join(f"{k} {int(c.get(k, 0))}" for k in ("gna", "lna")))
    return "; ".join(parts)


def main(n_off: int = 16, reps: int = 2) -> None:
    """Print both tables."""
    offsets = qmc.Sobol(2, scramble=True, seed=11).random(n_off).tolist()
    for res in (0.35, 0.3, 0.25, 0.2, 0.15, 0.1):
        results = [run(res, dx, dy, reps) for dx, dy in offsets]
        o = pd.concat([r.outcomes for r in results], ignore_index=True)
        last = pd.concat([r.timeseries.groupby("replicate").tail(1) for r in results])
        land = sorted(int(r.map.land.sum()) for r in results)
        print(
            f"| {res} | {land[0]:,}-{land[-1]:,} | {o.territory_gna_final.mean():.3f} "
            f"± {o.territory_gna_final.std():.3f} | {last.military_deaths_gna.mean():,.0f} | "
            f"{last.military_deaths_lna.mean():,.0f} | {o.peak_displaced.mean():,.0f} | "
            f"{o.civilian_deaths.mean():,.0f} | {holders(o)} |",
            flush=True,
        )
    for res in (0.19, 0.195, 0.2, 0.205, 0.21):
        print(f"| {res} | {holders(run(res, 0.0, 0.0, 10).outcomes)} |", flush=True)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
