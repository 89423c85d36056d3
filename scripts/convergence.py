"""Print the resolution-convergence table of docs/VALIDATION.md (history, 90 days, 20 reps)."""

import simulator
from simulator.scenario import load_scenario


def fmt(series) -> str:
    return f"{series.mean():.4g} ± {series.std():.2g}"


for res in (0.35, 0.3, 0.25, 0.2, 0.15):
    s = load_scenario("scenarios/history_2019_2020.toml", [f"map.resolution_deg={res}"])
    r = simulator.run(s, replicates=20, days=90)
    o = r.outcomes
    last = r.timeseries.groupby("replicate").tail(1)
    print(
        f"{res}: land {int(r.map.land.sum())}, GNA territory {fmt(o.territory_gna_final)}, "
        f"GNA deaths {fmt(last.military_deaths_gna)}, LNA deaths {fmt(last.military_deaths_lna)}, "
        f"peak displaced {fmt(o.peak_displaced)}, civilian deaths {fmt(o.civilian_deaths)}, "
        f"Tripoli {o.holder_tripoli.value_counts().to_dict()}, simulate {r.timings.simulate:.2f} s",
        flush=True,
    )
