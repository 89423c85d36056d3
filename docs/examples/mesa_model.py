"""Step the Mesa model day by day, intervene, swap one sponsor's rule for Python, plot with Plotly.

Run: ``.venv/bin/python docs/examples/mesa_model.py [--days 365] [--out mesa_model.html]``.
Three runs of the June 2020 baseline with the same seed (common random numbers): as scripted;
Turkey's support set to 0 by user code on day 200 (an intervention, in the event log); and Russia
replaced by a Python policy that never gives more than half its day-0 support. Writes a
self-contained HTML file with the GNA's territory and the foreign fighters of each run.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from simulator import LibyaModel
from simulator.mesa_model import Sponsor

ROOT = Path(__file__).resolve().parents[2]


class Restrained(Sponsor):
    """A sponsor that never escalates: at most half of what it gave on day 0."""

    def decide(self) -> None:
        """Cap today's support (the compiled rule's choice) at half the day-0 level."""
        if not hasattr(self, "ceiling"):
            self.ceiling = 0.5 * self.model.state.rec[0, 0, self.model.built.columns.index(
                f"support_{self.name}")]
        self.support = min(self.support, self.ceiling)


def main() -> None:
    """Run the three variants and write the figure."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--out", default="mesa_model.html")
    a = ap.parse_args()
    path = ROOT / "scenarios" / "baseline.toml"
    runs = {}
    for label, kw in (("as scripted", {}), ("Turkey cut on day 200", {}),
                      ("Russia restrained", {"policies": {"russia": Restrained}})):
        model = LibyaModel(path, seed=1, days=a.days, **kw)
        while model.running:
            if label.startswith("Turkey") and model.day == 199:
                model.sponsor("turkey").support = 0.0  # takes effect on day 200
            model.step()
        print(f"{label}:", model.sponsor("turkey"), model.sponsor("russia"), sep="\n  ")
        runs[label] = model.datacollector.get_model_vars_dataframe()
        if model.interventions:
            ev = model.results().events
            print(ev[ev["kind"] == "user"][["date", "actor", "detail"]].to_string(index=False))
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True,
                        subplot_titles=("GNA territory share", "foreign fighters"))
    for label, df in runs.items():
        fig.add_trace(go.Scatter(x=df["date"], y=df["territory_gna"], name=label,
                                 legendgroup=label), row=1, col=1)
        fig.add_trace(go.Scatter(x=df["date"], y=df["foreign_fighters"], name=label,
                                 legendgroup=label, showlegend=False), row=2, col=1)
    fig.update_layout(title="LibyaModel: three variants of the baseline (a model, not a forecast)")
    fig.write_html(a.out, include_plotlyjs=True)
    print("wrote", a.out)


if __name__ == "__main__":
    main()
