"""The HTML report of ``libya-sim compare``: paired differences B - A, and A and B over time."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from simulator.output import atomic_write_bytes
from simulator.report.data import RunData, load_run
from simulator.report.escape import esc, esc_id
from simulator.report.page import DISCLAIMER, DISCLAIMER_TEXT, Figure, Section, page_html
from simulator.report.panels import Panel, panels
from simulator.report.series import day_axis
from simulator.report.shaping import fan, per_replicate
from simulator.report.style import FONT, base_layout, other_colors, rgba

OVER_TIME = ("territory", "forces", "military_deaths", "civilian_cause", "displaced")


def difference_figure(table: pd.DataFrame, a: RunData) -> go.Figure | None:
    """Return the numeric outcomes' mean paired difference B - A as % of A's mean, or None.

    Each with its 95% t interval; None when no numeric outcome has a non-zero mean in A.
    """
    num = table[(table["category"] == "") & (table["mean_a"].abs() > 0)]
    if num.empty:
        return None
    scale = 100 / num["mean_a"].abs()
    rel, lo, hi = num["mean_diff"] * scale, num["diff_low"] * scale, num["diff_high"] * scale
    ink = other_colors(a.colors)[0]
    names = [esc_id(o) for o in num["outcome"]]
    custom = np.stack([num["mean_a"], num["mean_b"], num["mean_diff"],
                       num["diff_low"].fillna(np.nan), num["diff_high"].fillna(np.nan)], 1)
    fig = go.Figure(go.Scatter(
        x=rel, y=names, mode="markers", marker={"color": ink, "size": 10},
        error_x={"type": "data", "array": (hi - rel).fillna(0), "arrayminus": (rel - lo).fillna(0),
                 "color": "#555555", "thickness": 1.5},
        customdata=custom, name="B - A",
        hovertemplate=("%{y}<br>A %{customdata[0]:,.4g}, B %{customdata[1]:,.4g}<br>"
                       "B - A %{customdata[2]:,.4g} (95%: %{customdata[3]:,.4g} to "
                       "%{customdata[4]:,.4g})<br>%{x:.1f}% of A<extra></extra>"),
    ))
    fig.add_vline(x=0, line={"color": "#888888", "width": 1})
    fig.update_layout(
        template="plotly_white", font={"family": FONT, "size": 12},
        title={"text": "<b>Mean paired difference B - A</b>, % of A's mean (95% t interval)",
               "x": 0.01, "font": {"size": 15}},
        xaxis={"title": {"text": "difference (% of A's mean)"}},
        yaxis={"autorange": "reversed", "automargin": True},
        height=140 + 30 * len(names), margin={"l": 220, "r": 20, "t": 50, "b": 50},
    )
    return fig


def category_figure(table: pd.DataFrame, a: RunData, b: RunData) -> go.Figure | None:
    """Return the share of replicates in each category of the text outcomes, A beside B."""
    cat = table[table["category"] != ""]
    if cat.empty:
        return None
    labels = [f"{_outcome_label(a, o)}: {a.labels.get(c, esc(c))}"
              for o, c in zip(cat["outcome"], cat["category"], strict=True)]
    ink, second = other_colors(a.colors)[:2] if len(other_colors(a.colors)) > 1 else (
        "#000000", "#888888")
    fig = go.Figure([
        go.Bar(y=labels, x=100 * cat["mean_a"], orientation="h", name=f"A: {a.name}",
               marker={"color": second}, hovertemplate="%{y}: %{x:.0f}% of A<extra></extra>"),
        go.Bar(y=labels, x=100 * cat["mean_b"], orientation="h", name=f"B: {b.name}",
               marker={"color": ink}, hovertemplate="%{y}: %{x:.0f}% of B<extra></extra>"),
    ])
    fig.update_layout(
        barmode="group", template="plotly_white", font={"family": FONT, "size": 12},
        title={"text": "<b>Share of replicates in each category</b>", "x": 0.01,
               "font": {"size": 15}},
        xaxis={"title": {"text": "share of replicates (%)"}, "range": [0, 100]},
        yaxis={"autorange": "reversed", "automargin": True},
        height=160 + 34 * len(labels), margin={"l": 260, "r": 20, "t": 50, "b": 50},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 1, "xanchor": "right"},
    )
    return fig


def _outcome_label(run: RunData, outcome: str) -> str:
    if outcome.startswith("holder_"):
        return f"holder of {run.place_label(outcome.removeprefix('holder_'))}"
    return esc_id(outcome)


def over_time_figure(panel: Panel, a: RunData, b: RunData) -> go.Figure:
    """Return ``panel``'s series of A (dashed) and B (solid): medians and 50% bands."""
    fig = go.Figure()
    for run, tag, dash in ((a, "A", "dash"), (b, "B", "solid")):
        if not all(line.column in run.timeseries for line in panel.lines):
            continue
        day0 = int(run.timeseries["day"].min())
        for line in panel.lines:
            q = fan(per_replicate(run.timeseries, line.column) * panel.scale)
            x = day_axis(run.start, day0)
            if run.is_ensemble:
                fig.add_trace(go.Scatter(y=q[0.25].astype(np.float32), **x, mode="lines",
                                         line={"width": 0}, showlegend=False, hoverinfo="skip"))
                fig.add_trace(go.Scatter(y=q[0.75].astype(np.float32), **x, mode="lines",
                                         fill="tonexty", fillcolor=rgba(line.color, 0.15),
                                         line={"width": 0}, showlegend=False, hoverinfo="skip"))
            fig.add_trace(go.Scatter(
                y=q[0.5].astype(np.float32), **x, mode="lines", name=f"{tag}: {line.name}",
                line={"color": line.color, "width": 2, "dash": dash},
                hovertemplate=f"%{{y:{panel.fmt}}}"))
    what = "median and 50% of replicates" if a.is_ensemble else "one run each"
    fig.update_layout(**base_layout(f"{panel.title}: A dashed, B solid ({what})", panel.ytitle))
    return fig


def compare_html(dir_a: Path, dir_b: Path, table: pd.DataFrame) -> str:
    """Return the comparison page of two results folders and their paired-difference table."""
    a, b = load_run(dir_a), load_run(dir_b)
    n = int(table["n_pairs"].iloc[0]) if len(table) else 0
    header = (
        f"<h1>Comparison: B ({b.name}) − A ({a.name})</h1>"
        f"<div class='disclaimer'><strong>{DISCLAIMER}.</strong> {DISCLAIMER_TEXT}</div>"
        f"<div class='facts'><span><b>A:</b> {esc(dir_a)}</span><span><b>B:</b> {esc(dir_b)}"
        f"</span><span><b>paired replicates:</b> {n}</span><span><b>root seed:</b> "
        f"{esc(a.manifest.get('seeds', {}).get('root'))} (common random numbers)</span></div>"
    )
    figs = [Figure(k, f) for k, f in (("differences", difference_figure(table, a)),
                                       ("categories", category_figure(table, a, b)))
            if f is not None]
    sections = [Section("differences", "Paired differences", figs, html=_table_html(table, a))]
    keyed = {p.key: p for p in panels(a) if isinstance(p, Panel)}
    over = [Figure(f"ot-{k}", over_time_figure(keyed[k], a, b)) for k in OVER_TIME if k in keyed]
    if over:
        sections.append(Section("over_time", "A and B over time", over, grid=True))
    return page_html(f"Comparison: {b.name} vs {a.name}", header, sections,
                     f"Built by libya-sim from the two results folders. {DISCLAIMER}.")


def _fmt(x: float) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x:,.3g}" if abs(x) < 1000 else f"{x:,.0f}"


def _table_html(table: pd.DataFrame, a: RunData) -> str:
    rows = []
    for r in table.itertuples(index=False):
        label = _outcome_label(a, r.outcome)
        if r.category:
            label += f" = {a.labels.get(r.category, esc(r.category))}"
            vals = [f"{100 * r.mean_a:.0f}%", f"{100 * r.mean_b:.0f}%",
                    f"{100 * r.mean_diff:+.0f} points"]
        else:
            vals = [_fmt(r.mean_a), _fmt(r.mean_b), _fmt(r.mean_diff)]
        interval = "" if math.isnan(r.diff_low) else f"[{_fmt(r.diff_low)}, {_fmt(r.diff_high)}]"
        if r.category and interval:
            interval = f"[{100 * r.diff_low:+.0f}, {100 * r.diff_high:+.0f}]"
        cells = "".join(f"<td class='num'>{v}</td>" for v in (*vals, interval,
                                                               f"{r.share_b_gt_a:.0%}"))
        rows.append(f"<tr><td>{label}</td>{cells}</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("outcome", "A", "B", "B − A (mean)",
                                             "95% interval", "P(B > A)"))
    return (f"<details><summary>Table of every outcome</summary><table class='summary'>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></details>")


def write_compare_report(dir_a: Path, dir_b: Path, table: pd.DataFrame, path: Path) -> Path:
    """Write the comparison page to ``path`` atomically; return ``path``."""
    atomic_write_bytes(Path(path), compare_html(dir_a, dir_b, table).encode("utf-8"))
    return Path(path)
