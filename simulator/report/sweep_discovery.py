"""Figures of scenario discovery: outcomes over two factors, P(interest), PRIM's boxes.

P(outcome of interest) against each factor has 95% Wilson bands; PRIM's boxes come with their
trade-off curve (coverage against density along the peeling).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from simulator.analysis.folder import SweepData, is_numeric_factor
from simulator.analysis.labels import factor_axis, outcome_label
from simulator.analysis.prim import PrimResult
from simulator.analysis.run import Analysis
from simulator.plots.colors import OKABE_ITO
from simulator.report.escape import esc
from simulator.report.style import rgba
from simulator.report.sweep_figures import SEQUENTIAL, _menu, layout, outcome_title
from simulator.stats import wilson_interval

BINS = 8  # at most, per factor
PER_CELL = 10  # runs wanted per heatmap cell on average
PER_BIN = 30  # runs wanted per bin of P(interest) against a factor


def bin_count(runs: int, per: int, dims: int = 1) -> int:
    """Return how many bins per factor give about ``per`` runs a bin (3 to ``BINS``)."""
    return max(3, min(BINS, int((runs / per) ** (1 / dims))))
PANEL_COLS = 3
BOX_COLORS = (OKABE_ITO["blue"], OKABE_ITO["orange"], OKABE_ITO["reddish_purple"])


def bins(col: pd.Series, k: int = BINS) -> tuple[np.ndarray, list[str], list[float]]:
    """Return each run's bin, the bins' labels and their centres (distinct values if few)."""
    if not is_numeric_factor(col):
        codes, cats = pd.factorize(col.astype(str), sort=True)
        return codes, [str(c) for c in cats], list(range(len(cats)))
    v = col.to_numpy(float)
    distinct = np.unique(v)
    if len(distinct) <= k:
        codes = np.searchsorted(distinct, v)
        return codes, [f"{d:.3g}" for d in distinct], [float(d) for d in distinct]
    edges = np.linspace(v.min(), v.max(), k + 1)
    codes = np.clip(np.searchsorted(edges, v, side="right") - 1, 0, k - 1)
    labels = [f"{_num(a)}–{_num(b)}" for a, b in zip(edges[:-1], edges[1:], strict=True)]
    return codes, labels, [float((a + b) / 2) for a, b in zip(edges[:-1], edges[1:],
                                                               strict=True)]


def _factor_title(sw: SweepData, f: str) -> str:
    return esc(factor_axis(sw.factor_info.get(f, {"name": f})))


def heatmap_figure(analysis: Analysis, targets: list[tuple[str, str]]) -> go.Figure | None:
    """Return each target's mean over a grid of its two most influential factors (a menu).

    ``targets`` are (column, kind) with kind ``interest`` (the share of runs where it holds)
    or ``outcome`` (the mean of the runs). Cells are bins of the factors' values.
    """
    sw = analysis.sweep
    if len(sw.factors) < 2 or not targets:
        return None
    ok = sw.ok
    fig = go.Figure()
    extra = []
    for k, (col, kind) in enumerate(targets):
        pair = (analysis.ranking(col) if kind == "outcome" else _prim_pair(analysis, col))[:2]
        if len(pair) < 2:
            pair = sw.factors[:2]
        fx, fy = pair
        k2 = bin_count(len(ok), PER_CELL, 2)
        cx, lx, _ = bins(ok[fx], k2)
        cy, ly, _ = bins(ok[fy], k2)
        if kind == "interest":
            vals, scale = ok[col].fillna(False).astype(bool).to_numpy(float), 100.0
            name, unit = esc(col), "% of runs"
        else:
            _, unit_raw, scale = outcome_label(col)
            vals, name, unit = ok[col].astype(float).to_numpy(), outcome_title(col), esc(unit_raw)
        frame = pd.DataFrame({"x": cx, "y": cy, "v": vals * scale})
        grid = frame.groupby(["y", "x"])["v"].agg(["mean", "count"])
        z = np.full((len(ly), len(lx)), np.nan)
        n = np.zeros((len(ly), len(lx)), dtype=int)
        for (iy, ix), row in grid.iterrows():
            z[iy, ix], n[iy, ix] = row["mean"], row["count"]
        what = f"P({name})" if kind == "interest" else name
        fig.add_trace(go.Heatmap(
            z=z, x=[esc(s) for s in lx], y=[esc(s) for s in ly], customdata=n,
            colorscale=SEQUENTIAL, visible=k == 0, zmin=0 if kind == "interest" else None,
            zmax=100 if kind == "interest" else None,
            colorbar={"title": {"text": unit, "side": "right"}}, xgap=1, ygap=1,
            hovertemplate=(f"{_factor_title(sw, fx)} %{{x}}<br>{_factor_title(sw, fy)} "
                           f"%{{y}}<br>{what}: %{{z:.3g}} {unit} (%{{customdata}} runs)"
                           "<extra></extra>")))
        extra.append({"title.text": f"<b>{what} over {esc(fx)} and {esc(fy)}</b>",
                      "xaxis.title.text": _factor_title(sw, fx),
                      "yaxis.title.text": _factor_title(sw, fy)})
    labels = [f"P({esc(c)})" if kd == "interest" else outcome_title(c) for c, kd in targets]
    visible = [[j == k for j in range(len(targets))] for k in range(len(targets))]
    fig.update_layout(**layout(extra[0]["title.text"][3:-4], 520),
                      xaxis={"title": {"text": extra[0]["xaxis.title.text"]}, "type": "category"},
                      yaxis={"title": {"text": extra[0]["yaxis.title.text"]}, "type": "category"},
                      updatemenus=_menu(labels, visible, extra))
    return fig


def _prim_pair(analysis: Analysis, name: str) -> list[str]:
    """Return the factors PRIM restricted first for ``name``, then the others by correlation."""
    res = analysis.prim.get(name)
    first = list(res.boxes[0].restricted) if res and res.boxes else []
    sw = analysis.sweep
    ok = sw.ok
    y = ok[name].fillna(False).astype(bool).to_numpy(float)
    def strength(f: str) -> float:
        codes = bins(ok[f])[0]
        if np.ptp(codes) == 0 or np.ptp(y) == 0:
            return 0.0
        return abs(float(np.corrcoef(codes, y)[0, 1]))
    rest = sorted((f for f in sw.factors if f not in first), key=strength, reverse=True)
    return [*first, *rest]


def probability_figure(analysis: Analysis) -> go.Figure | None:
    """Return P(outcome of interest) against each factor, with 95% Wilson bands (a menu)."""
    sw = analysis.sweep
    names = [n for n in sw.interest if n in sw.runs]
    if not names:
        return None
    ok = sw.ok
    factors = sw.factors
    rows = -(-len(factors) // PANEL_COLS)
    fig = make_subplots(rows=rows, cols=min(PANEL_COLS, len(factors)),
                        subplot_titles=[_factor_title(sw, f) for f in factors],
                        horizontal_spacing=0.07, vertical_spacing=0.32 / rows)
    color = OKABE_ITO["blue"]
    per = []
    for k, name in enumerate(names):
        y = ok[name].fillna(False).astype(bool).to_numpy()
        count = 0
        for i, f in enumerate(factors):
            codes, labels, centres = bins(ok[f], bin_count(len(ok), PER_BIN))
            hits = np.bincount(codes, weights=y, minlength=len(labels))
            n = np.bincount(codes, minlength=len(labels))
            have = n > 0
            p = np.where(have, hits / np.maximum(n, 1), np.nan) * 100
            band = np.array([wilson_interval(int(h), int(m)) if m else (np.nan, np.nan)
                             for h, m in zip(hits, n, strict=True)]) * 100
            x = centres if is_numeric_factor(ok[f]) else [esc(s) for s in labels]
            r, c = divmod(i, PANEL_COLS)
            pos = {"row": r + 1, "col": c + 1}
            fig.add_trace(go.Scatter(x=x, y=band[:, 0], mode="lines", line={"width": 0},
                                     hoverinfo="skip", showlegend=False, visible=k == 0), **pos)
            fig.add_trace(go.Scatter(
                x=x, y=band[:, 1], mode="lines", line={"width": 0}, fill="tonexty",
                fillcolor=rgba(color, 0.2), hoverinfo="skip", visible=k == 0,
                name="95% Wilson interval", legendgroup="band", showlegend=i == 0), **pos)
            custom = np.stack([[esc(s) for s in labels], hits.astype(int), n,
                               np.round(band[:, 0], 1), np.round(band[:, 1], 1)], 1)
            fig.add_trace(go.Scatter(
                x=x, y=p, mode="lines+markers", line={"color": color, "width": 2},
                marker={"size": 7}, customdata=custom, visible=k == 0, name=f"P({esc(name)})",
                legendgroup="p", showlegend=i == 0,
                hovertemplate=(f"{esc(f)} %{{customdata[0]}}<br>P({esc(name)}) = %{{y:.0f}}% "
                               "(%{customdata[1]} of %{customdata[2]} runs; 95%: "
                               "%{customdata[3]}% to %{customdata[4]}%)<extra></extra>")),
                **pos)
            fig.update_yaxes(range=[0, 100], title_text="P (% of runs)" if c == 0 else None, **pos)
            count += 3
        per.append(count)
    total = sum(per)
    visible, start = [], 0
    for cnt in per:
        visible.append([start <= j < start + cnt for j in range(total)])
        start += cnt
    titles = [{"title.text": f"<b>P({esc(n)}) against each factor</b> (95% Wilson bands)"}
              for n in names]
    fig.update_layout(**layout(titles[0]["title.text"][3:].replace("</b>", ""),
                               150 + 290 * rows),
                      legend={"orientation": "h", "y": -0.08, "x": 0},
                      updatemenus=_menu([f"P({esc(n)})" for n in names], visible, titles,
                                        y=1.04 + 0.06 / rows))
    fig.update_annotations(font_size=13)
    return fig


def _num(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}"


def _limits_text(lim: object) -> str:
    if isinstance(lim, tuple):
        return f"{_num(lim[0])} to {_num(lim[1])}"
    return ", ".join(str(v) for v in lim)  # type: ignore[union-attr]


def prim_box_figure(analysis: Analysis, name: str) -> go.Figure | None:
    """Return PRIM's boxes for ``name``: each factor's kept range as a share of its full range."""
    res: PrimResult | None = analysis.prim.get(name)
    if res is None or not res.boxes:
        return None
    sw = analysis.sweep
    ok = sw.ok
    factors = sw.factors
    fig = go.Figure()
    for b, box in enumerate(res.boxes):
        base, width, text, hover = [], [], [], []
        for f in factors:
            lim = box.limits[f]
            col = ok[f]
            if isinstance(lim, tuple):
                lo, hi = float(col.min()), float(col.max())
                span = (hi - lo) or 1.0
                a, z = (lim[0] - lo) / span, (lim[1] - lo) / span
            else:
                cats = sorted(pd.unique(col.astype(str)).tolist())
                idx = [cats.index(str(v)) for v in lim]
                a, z = min(idx) / len(cats), (max(idx) + 1) / len(cats)
            base.append(100 * a)
            width.append(max(100 * (z - a), 0.8))
            restricted = f in box.restricted
            text.append(esc(_limits_text(lim)) if restricted else "")
            hover.append(esc(f"{_limits_text(lim)}" + ("" if restricted else " (not restricted)")))
        fig.add_trace(go.Bar(
            y=[esc(f) for f in factors], x=width, base=base, orientation="h",
            name=(f"box {b + 1}: coverage {box.coverage:.0%}, density {box.density:.0%}, "
                  f"{box.n} runs"),
            marker={"color": [BOX_COLORS[b % 3] if f in box.restricted else
                              rgba(BOX_COLORS[b % 3], 0.25) for f in factors]},
            text=text, textposition="inside", insidetextanchor="middle", customdata=hover,
            hovertemplate=f"box {b + 1}, %{{y}}: %{{customdata}}<extra></extra>"))
    share = res.hits / res.n if res.n else 0
    fig.update_layout(**layout(
        f"PRIM boxes where {esc(name)} is common (overall it holds in {res.hits:,} of "
        f"{res.n:,} runs, {share:.0%})", 170 + 40 * len(factors) * len(res.boxes)),
        barmode="group", showlegend=True,
        xaxis={"title": {"text": "position in the factor's range in the "
                                          "sweep (%)"}, "range": [0, 100]},
        yaxis={"autorange": "reversed", "automargin": True},
        legend={"orientation": "h", "y": -0.2, "x": 0})
    return fig


def tradeoff_figure(analysis: Analysis, name: str) -> go.Figure | None:
    """Return PRIM's peeling trajectory: coverage against density, one curve per box."""
    res = analysis.prim.get(name)
    if res is None or not res.trajectories:
        return None
    fig = go.Figure()
    for b, (path, chosen) in enumerate(zip(res.trajectories, res.chosen, strict=True)):
        color = BOX_COLORS[b % 3]
        custom = [[i, len(p.restricted), esc(", ".join(p.restricted) or "none"), p.n]
                  for i, p in enumerate(path)]
        fig.add_trace(go.Scatter(
            x=[100 * p.coverage for p in path], y=[100 * p.density for p in path],
            mode="lines+markers", name=f"box {b + 1}: peeling",
            line={"color": color, "width": 1.5},
            marker={"size": [6 + 2 * len(p.restricted) for p in path], "color": color},
            customdata=custom,
            hovertemplate=("step %{customdata[0]}: coverage %{x:.0f}%, density %{y:.0f}%<br>"
                           "%{customdata[3]} runs; restricted (%{customdata[1]}): "
                           "%{customdata[2]}<extra></extra>")))
        final = res.boxes[b]
        fig.add_trace(go.Scatter(
            x=[100 * final.coverage], y=[100 * final.density], mode="markers",
            name=f"box {b + 1}: chosen (step {chosen}, pruned)",
            marker={"symbol": "star", "size": 18, "color": color,
                    "line": {"color": "black", "width": 1}},
            hovertemplate=(f"box {b + 1}: coverage %{{x:.0f}}%, density %{{y:.0f}}%<br>"
                           f"restricted: {esc(', '.join(final.restricted))}<extra></extra>")))
    fig.update_layout(**layout(f"PRIM trade-off for {esc(name)}: coverage against density",
                               440),
                      xaxis={"title": {"text": "coverage: share of the runs of interest in "
                                               "the box (%)"}, "range": [0, 102]},
                      yaxis={"title": {"text": "density: share of the box's runs of "
                                               "interest (%)"}, "range": [0, 102]},
                      legend={"orientation": "h", "y": -0.2, "x": 0})
    return fig
