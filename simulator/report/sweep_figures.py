"""Figures of a sweep's sensitivity: bars with intervals per outcome, an overview, parallel axes.

Every label is escaped here (``esc``): factor names, outcome names and keys come from files.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from simulator.analysis.folder import is_numeric_factor, point_means
from simulator.analysis.labels import factor_axis, outcome_label
from simulator.analysis.run import Analysis
from simulator.plots.colors import OKABE_ITO
from simulator.report.escape import esc
from simulator.report.style import FONT

SEQUENTIAL = "Cividis"  # colour-blind safe (Nuñez et al. 2018)
BARS = {  # method -> ((column, conf, name, colour), ...)
    "sobol": (("ST", "ST_conf", "total order ST", OKABE_ITO["blue"]),
              ("S1", "S1_conf", "first order S1", OKABE_ITO["orange"])),
    "morris": (("mu_star", "mu_star_conf", "mu* (mean |effect|)", OKABE_ITO["blue"]),
               ("sigma", "sigma_conf", "sigma (spread of effects)", OKABE_ITO["orange"])),
    "spearman": (("rho", None, "Spearman rho", OKABE_ITO["blue"]),),
}
AXIS = {"sobol": "share of the outcome's variance",
        "morris": "change of the outcome across the factor's range (outcome's unit)",
        "spearman": "rank correlation (−1 to 1)"}


def layout(title: str, height: int, **extra: object) -> dict:
    """Return the common layout of a sweep figure: bold title, white template, font, margins."""
    out = {"title": {"text": f"<b>{title}</b>", "x": 0.01, "xanchor": "left",
                     "font": {"size": 15}},
           "template": "plotly_white", "font": {"family": FONT, "size": 12}, "height": height,
           "margin": {"l": 80, "r": 30, "t": 70, "b": 60}, "hoverlabel": {"font": {"size": 12}}}
    out.update(extra)
    return out


def outcome_title(column: str) -> str:
    """Return an outcome's escaped title with its unit, e.g. ``Longest ceasefire (days)``."""
    title, unit, _ = outcome_label(column)
    return esc(f"{title} ({unit})")


def _menu(labels: list[str], visible: list[list[bool]], extra: list[dict] | None = None,
          y: float = 1.16) -> list[dict]:
    buttons = [{"label": lab, "method": "update",
                "args": [{"visible": vis}, *([extra[i]] if extra else [])]}
               for i, (lab, vis) in enumerate(zip(labels, visible, strict=True))]
    return [{"buttons": buttons, "direction": "down", "x": 1.0, "xanchor": "right", "y": y,
             "yanchor": "bottom", "showactive": True, "font": {"size": 12}}]


def sensitivity_figure(analysis: Analysis, first: str) -> go.Figure | None:
    """Return bars of each factor's indices with their 95% intervals, one outcome at a time.

    A menu picks the outcome; ``first`` is shown first. None when no outcome has indices.
    """
    outcomes = analysis.outcomes()
    if not outcomes:
        return None
    outcomes = [first, *[o for o in outcomes if o != first]] if first in outcomes else outcomes
    specs = BARS[analysis.method]
    fig = go.Figure()
    factors = analysis.sweep.factors
    names = [esc(f) for f in factors]
    for k, o in enumerate(outcomes):
        sub = analysis.indices[analysis.indices["outcome"] == o].set_index("factor").reindex(
            factors)
        for col, conf, label, color in specs:
            vals = sub[col].to_numpy(float)
            if conf:
                half = np.nan_to_num(sub[conf].to_numpy(float))
                err = {"type": "data", "array": half, "color": "#333333", "thickness": 1.3}
                hover = [f"{v:.3g} ± {h:.2g} (95%)" for v, h in zip(vals, half, strict=True)]
            else:
                lo, hi = sub["low"].to_numpy(float), sub["high"].to_numpy(float)
                err = {"type": "data", "array": np.nan_to_num(hi - vals),
                       "arrayminus": np.nan_to_num(vals - lo), "color": "#333333",
                       "thickness": 1.3}
                hover = [f"{v:.2f} (95%: {a:.2f} to {b:.2f}; n = {n})" for v, a, b, n in
                         zip(vals, lo, hi, sub["n"], strict=True)]
            fig.add_trace(go.Bar(
                y=names, x=vals, orientation="h", name=label, error_x=err, visible=k == 0,
                marker={"color": color}, customdata=hover, legendgroup=label, showlegend=True,
                hovertemplate=f"%{{y}}: {label} %{{customdata}}<extra>{outcome_title(o)}"
                              "</extra>"))
    n = len(specs)
    visible = [[j // n == k for j in range(n * len(outcomes))] for k in range(len(outcomes))]
    titles = [{"title.text": f"<b>Sensitivity of {outcome_title(o)}</b>"} for o in outcomes]
    fig.update_layout(**layout(f"Sensitivity of {outcome_title(outcomes[0])}",
                               170 + 46 * len(factors) * max(1, n // 1)),
                      barmode="group", xaxis={"title": {"text": AXIS[analysis.method]},
                                              "zeroline": True, "zerolinecolor": "#888888"},
                      yaxis={"autorange": "reversed", "automargin": True},
                      legend={"orientation": "h", "y": -0.18, "x": 0},
                      updatemenus=_menu([outcome_title(o) for o in outcomes], visible, titles))
    return fig


def overview_figure(analysis: Analysis) -> go.Figure | None:
    """Return a heatmap: which factor matters for which outcome (ST, relative mu* or |rho|)."""
    outcomes = analysis.outcomes()
    if len(outcomes) < 2:
        return None
    factors = analysis.sweep.factors
    col = {"sobol": "ST", "morris": "mu_star", "spearman": "rho"}[analysis.method]
    table = analysis.indices.pivot(index="outcome", columns="factor", values=col).reindex(
        index=outcomes, columns=factors).to_numpy(float)
    if analysis.method == "morris":  # mu* is in each outcome's unit: compare within a row
        table = table / np.nanmax(np.abs(table), axis=1, keepdims=True)
        what, zmin = "mu* / largest mu* of the outcome", 0.0
    elif analysis.method == "spearman":
        table = np.abs(table)
        what, zmin = "|rho|", 0.0
    else:
        what, zmin = "total-order index ST", 0.0
    text = [[("" if np.isnan(v) else f"{v:.2f}") for v in row] for row in table]
    fig = go.Figure(go.Heatmap(
        z=table, x=[esc(f) for f in factors], y=[outcome_title(o) for o in outcomes],
        colorscale=SEQUENTIAL, zmin=zmin, zmax=1.0, text=text, texttemplate="%{text}",
        colorbar={"title": {"text": what, "side": "right"}},
        hovertemplate="%{y}<br>%{x}: " + what + " %{z:.2f}<extra></extra>"))
    fig.update_layout(**layout(f"Which factor matters for which outcome ({what})",
                               120 + 30 * len(outcomes),
                               margin={"l": 80, "r": 30, "t": 90, "b": 20}),
                      yaxis={"autorange": "reversed", "automargin": True},
                      xaxis={"side": "top", "automargin": True})
    return fig


def parcoords_figure(analysis: Analysis, outcome: str) -> go.Figure | None:
    """Return parallel coordinates: one line per design point, coloured by ``outcome``'s mean."""
    sw = analysis.sweep
    means = point_means(sw, [outcome])[outcome]
    keep = means.notna().to_numpy()
    if keep.sum() < 2:
        return None
    title, unit, scale = outcome_label(outcome)
    dims = []
    info = sw.factor_info
    for f in sw.factors:
        col = sw.design[f][keep]
        if is_numeric_factor(col):
            dims.append({"label": esc(factor_axis(info.get(f, {"name": f}))),
                         "values": col.to_numpy(float)})
        else:
            codes, cats = pd.factorize(col.astype(str), sort=True)
            dims.append({"label": esc(f), "values": codes, "tickvals": list(range(len(cats))),
                         "ticktext": [esc(c) for c in cats]})
    y = means[keep].to_numpy(float) * scale
    dims.append({"label": esc(f"{title} ({unit})"), "values": y})
    fig = go.Figure(go.Parcoords(
        dimensions=dims, line={"color": y, "colorscale": SEQUENTIAL, "showscale": True,
                               "colorbar": {"title": {"text": esc(unit), "side": "right"}}},
        labelfont={"size": 12}, tickfont={"size": 11}, labelangle=0))
    fig.update_layout(**layout(f"Design points on parallel axes, coloured by "
                               f"{outcome_title(outcome)} (mean over replicates)", 460,
                               margin={"l": 120, "r": 120, "t": 110, "b": 40}))
    return fig
