"""Print the figures of docs/VALIDATION.md: the history scenario across N seeds (default 100).

Usage: python scripts/validation_history.py [SCENARIO] [N] [DAYS] [OFFSETS]

With OFFSETS > 0, the key places' holders are also given over an ensemble of OFFSETS lattice
origins (scrambled Sobol points of ``map.lattice_dx``/``lattice_dy``) x 4 replicates: a holder
that flips with where cell boundaries fall shows up there (docs/VALIDATION.md, convergence).
"""

import sys
import time

import numpy as np

import simulator
from simulator.geography.regionsets import distances_km
from simulator.scenario import load_scenario
from simulator.stats import wilson_interval

path = sys.argv[1] if len(sys.argv) > 1 else "scenarios/history_2019_2020.toml"
n = int(sys.argv[2]) if len(sys.argv) > 2 else 100
days = int(sys.argv[3]) if len(sys.argv) > 3 else 365
n_offsets = int(sys.argv[4]) if len(sys.argv) > 4 else 0
s = load_scenario(path, [f"run.snapshot_replicates={n}", "run.snapshot_every=30"])
t = time.perf_counter()
r = simulator.run(s, replicates=n, days=days)
print(
    f"{s.name}: {n} replicates x {days} days in {time.perf_counter() - t:.1f} s "
    f"(simulate {r.timings.simulate:.1f} s)"
)
o, ts = r.outcomes, r.timeseries
last = ts.groupby("replicate").tail(1)


def q(x):
    lo, med, hi = np.percentile(x, [5, 50, 95])
    return f"{med:,.0f} ({lo:,.0f}-{hi:,.0f})"


print("| outcome | median (5-95%) |\n| --- | --- |")
for f in s.faction_ids:
    print(
        f"| territory {f} at the end | "
        f"{np.median(o[f'territory_{f}_final']):.3f} "
        f"({np.percentile(o[f'territory_{f}_final'], 5):.3f}-"
        f"{np.percentile(o[f'territory_{f}_final'], 95):.3f}) |"
    )
    print(f"| military deaths {f} | {q(last[f'military_deaths_{f}'])} |")
    print(f"| fighters {f} at the end | {q(last[f'forces_{f}'])} |")
print(f"| civilian deaths | {q(o['civilian_deaths'])} |")
if "foreign_fighters" in last:
    print(f"| foreign fighters at the end | {q(last['foreign_fighters'])} |")
    for sid in s.sponsors:
        print(f"| support {sid} at the end (USD million/day) | "
              f"{np.median(last[f'support_{sid}']):.2f} |")
    print(f"| peak escalation | {q(o['peak_escalation'])} |")
    esc = ts.groupby("day")["escalation"].median()
    changes = esc[esc.diff().fillna(0) != 0]
    print("| median escalation changes | " + ", ".join(
        f"day {d}: {int(v)}" for d, v in changes.items()) + " |")
    oil = ts.groupby("day")["oil_output_bpd"].median()
    print("| median oil output every 60 days (mbpd) | " + ", ".join(
        f"{v / 1e6:.2f}" for v in oil.iloc[::60]) + " |")
print(f"| peak displaced | {q(o['peak_displaced'])} |")
if "ceasefire_reached" in o:
    reached = int(o["ceasefire_reached"].sum())
    lo, hi = wilson_interval(reached, n)
    print(f"| ceasefire reached | {reached / n:.0%} ({lo:.0%}-{hi:.0%}) |")
    first = o.loc[o["first_ceasefire_day"] >= 0, "first_ceasefire_day"]
    if len(first):
        print(f"| first ceasefire day (when reached) | {q(first)} |")
    print(f"| longest ceasefire (days) | {q(o['longest_ceasefire_days'])} |")
    broke = int((o["violations"] > 0).sum())
    print(f"| replicates with a violation | {broke / n:.0%} |")
    print(f"| violations | {q(o['violations'])} |")
    print(f"| refugees at the end | {q(o['refugees_final'])} |")
    for col in [c for c in o.columns if c.startswith("intervened_")]:
        k = int(o[col].sum())
        lo, hi = wilson_interval(k, n)
        print(f"| {col} | {k / n:.0%} ({lo:.0%}-{hi:.0%}) |")
    final = last["ceasefire"].astype(str).value_counts()
    print("| ceasefire state at the end | " + ", ".join(
        f"{k} {v / n:.0%}" for k, v in final.items()) + " |")
print(f"| displaced at the end | {q(last['displaced'])} |")
print("\n| key place | holder at the end (share of replicates, 95% Wilson interval) |")
print("| --- | --- |")
for pid in s.key_places:
    counts = o[f"holder_{pid}"].value_counts()
    parts = []
    for holder, c in counts.items():
        lo, hi = wilson_interval(int(c), n)
        parts.append(f"{holder} {c / n:.0%} ({lo:.0%}-{hi:.0%})")
    print(f"| {pid} | {', '.join(parts)} |")
ev = r.events
for kind in ("capture", "defection", "scripted", "ceasefire", "intervention", "border"):
    print(f"\n{kind} events (share of replicates with one, median day of the first):")
    for (place, actor), g in ev[ev["kind"] == kind].groupby(["place", "actor"]):
        first = g.groupby("replicate")["day"].min()
        when = s.run.start_date + np.timedelta64(int(first.median()), "D")
        print(f"- {place} to {actor}: {len(first) / n:.0%}, day {int(first.median())} ({when})")
m = r.map
snaps = r.snapshots
for name, lon, lat in (
    ("Tripoli", 13.187, 32.887),
    ("Gharyan", 13.02, 32.172),
    ("Tarhuna", 13.633, 32.435),
    ("Sirte", 16.589, 31.209),
):
    i = int(np.argmin(np.where(m.land, distances_km(m, lon, lat), np.inf)))
    ctl = snaps.control[:, :, i]  # [rep, snap]
    lna = (ctl == s.faction_ids.index("lna")).mean(axis=0)
    print(
        f"- {name} region held by the LNA (share of replicates) every 30 days: "
        + ", ".join(f"{v:.0%}" for v in lna)
    )
if n_offsets:
    import pandas as pd
    from scipy.stats import qmc

    frames = []
    for dx, dy in qmc.Sobol(2, scramble=True, seed=11).random(n_offsets).tolist():
        so = load_scenario(path, [f"map.lattice_dx={dx!r}", f"map.lattice_dy={dy!r}"])
        frames.append(simulator.run(so, replicates=4, days=days).outcomes)
    oo = pd.concat(frames, ignore_index=True)
    print(f"\n| key place | holder at the end over {n_offsets} lattice origins x 4 replicates |")
    print("| --- | --- |")
    for pid in s.key_places:
        counts = oo[f"holder_{pid}"].value_counts()
        parts = []
        for holder, c in counts.items():
            lo, hi = wilson_interval(int(c), len(oo))
            parts.append(f"{holder} {c / len(oo):.0%} ({lo:.0%}-{hi:.0%})")
        print(f"| {pid} | {', '.join(parts)} |")
