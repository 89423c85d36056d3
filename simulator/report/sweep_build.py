"""Build the HTML report of a finished sweep folder (``libya-sim report SWEEP_DIR``).

The page follows the run report's conventions (``page.py``): plotly.js once, offline, the
disclaimer, escaped text, Okabe-Ito and Cividis colours; it adds that the model is not yet
calibrated. The analysis is computed afresh from the folder's tables.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from simulator.analysis import Analysis, SweepData, analyze, load_sweep
from simulator.analysis.labels import key_unit
from simulator.output import atomic_write_bytes
from simulator.report.escape import esc
from simulator.report.page import DISCLAIMER, DISCLAIMER_TEXT, Figure, Section, page_html
from simulator.report.sweep_discovery import (
    heatmap_figure,
    prim_box_figure,
    probability_figure,
    tradeoff_figure,
)
from simulator.report.sweep_figures import overview_figure, parcoords_figure, sensitivity_figure
from simulator.stats import wilson_interval

UNCALIBRATED = ("The model is not yet calibrated: its parameters are assumptions "
                "(docs/MODEL.md's parameter table), not estimates fitted to the war. These "
                "figures show how the model responds to the factors, not how likely anything "
                "is in Libya.")
METHOD_TEXT = {
    "sobol": "Sobol indices (SALib, Saltelli's scheme): the first-order index S1 is the share "
             "of the outcome's variance due to the factor alone, the total index ST adds its "
             "interactions; bars show 95% bootstrap intervals.",
    "morris": "Morris elementary effects (SALib): mu* is the mean absolute change of the "
              "outcome when the factor moves across its whole range, sigma the spread of those "
              "changes (interactions or non-linearity); bars show 95% bootstrap intervals.",
    "spearman": "Spearman rank correlations with 95% intervals (Fisher z). Sobol or Morris "
                "indices need a Sobol or Morris design (design.kind in the experiment).",
}


def headline(sweep: SweepData, analysis: Analysis) -> str:
    """Return the outcome the figures open on (the first numeric one an interest reads)."""
    from simulator.sweep.conditions import columns, parse

    have = analysis.outcomes()
    for cond in sweep.interest.values():
        try:
            for c in columns(parse(cond)):
                if c in have:
                    return c
        except ValueError:
            continue
    return have[0] if have else (sweep.outcome_columns() or [""])[0]


def _description(sweep: SweepData) -> str:
    try:
        raw = tomllib.loads((sweep.path / "experiment.toml").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    return str(raw.get("description", ""))


def header_html(sweep: SweepData) -> str:
    """Return the header: name, disclaimer, not-calibrated notice, description and facts."""
    m = sweep.manifest
    failed = len(sweep.runs) - len(sweep.ok)
    facts = [
        ("experiment", esc(m.get("experiment", {}).get("source"))),
        ("base scenario", esc(m.get("scenario", {}).get("source"))),
        ("design", esc(f"{sweep.kind}, {len(sweep.design):,} points")),
        ("replicates per point", esc(m.get("replicates"))),
        ("runs", f"{len(sweep.runs):,}" + (f" ({failed:,} failed, left out)" if failed else "")),
        ("days", esc(m.get("days"))),
        ("root seed", esc(m.get("seeds", {}).get("root"))),
        ("code", esc((m.get("code", {}).get("git_commit") or "no git commit")[:12])),
        ("created", esc(m.get("created"))),
    ]
    desc = _description(sweep)
    return (f"<h1>{esc(m.get('name', 'Sweep'))}</h1>"
            f"<div class='disclaimer'><strong>{DISCLAIMER}.</strong> {DISCLAIMER_TEXT}</div>"
            f"<div class='disclaimer'><strong>Not yet calibrated.</strong> {UNCALIBRATED}</div>"
            + (f"<p>{esc(desc)}</p>" if desc else "")
            + "<div class='facts'>" + "".join(f"<span><b>{k}:</b> {v}</span>" for k, v in facts)
            + "</div>")


def factors_html(sweep: SweepData) -> str:
    """Return the table of factors: name, scenario key, unit, range or values, distribution."""
    rows = []
    for f in sweep.factors:
        info = sweep.factor_info.get(f, {})
        unit, desc = key_unit(str(info.get("key", "")))
        if info.get("values") is not None:
            span = ", ".join(str(v) for v in info["values"])
        elif info.get("low") is not None:
            span = f"{info['low']:g} to {info['high']:g}"
        else:
            span = f"normal({info.get('mean')}, {info.get('sd')})"
        source = {"range": "the experiment", "values": "the experiment"}.get(
            str(info.get("range_source", "")), info.get("range_source", ""))
        cells = [f, info.get("key", ""), unit, span, info.get("distribution", ""), source, desc]
        rows.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("factor", "scenario key", "unit", "range or "
                                             "values", "distribution", "range from",
                                             "meaning"))
    return (f"<table class='summary'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}"
            "</tbody></table>")


def interest_html(analysis: Analysis) -> str:
    """Return the table of outcomes of interest: condition, share of runs, Wilson interval."""
    rows = []
    for name, cond in analysis.sweep.interest.items():
        res = analysis.prim.get(name)
        if res is None:
            continue
        lo, hi = wilson_interval(res.hits, res.n)
        share = res.hits / res.n if res.n else float("nan")
        rows.append(f"<tr><td>{esc(name)}</td><td><code>{esc(cond)}</code></td>"
                    f"<td class='num'>{res.hits:,} of {res.n:,}</td><td class='num'>"
                    f"{share:.0%}</td><td class='num'>{lo:.0%} to {hi:.0%}</td></tr>")
    if not rows:
        return ""
    head = "".join(f"<th>{h}</th>" for h in ("outcome of interest", "condition", "runs",
                                             "share", "95% Wilson interval"))
    return (f"<table class='summary' style='margin-top:14px'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def sections(analysis: Analysis) -> tuple[list[Section], list[str]]:
    """Return the page's sections and the escaped notes on what was left out."""
    sw = analysis.sweep
    notes: list[str] = []
    first = headline(sw, analysis)
    out = [Section("factors", "Factors and outcomes of interest",
                   html=factors_html(sw) + interest_html(analysis)
                   + "".join(f"<p class='note'>{esc(n[:1].upper() + n[1:])}.</p>"
                             for n in analysis.notes))]
    sens = [Figure(k, f, note=n) for k, f, n in (
        ("sensitivity", sensitivity_figure(analysis, first), "Pick the outcome in the menu. "
         + METHOD_TEXT[analysis.method]),
        ("overview", overview_figure(analysis), "Darker: the factor matters less."))
        if f is not None]
    if sens:
        out.append(Section("sensitivity", "Sensitivity", sens))
    else:
        notes.append("Sensitivity: left out, no outcome varies across the design.")
    for o, why in analysis.skipped.items():
        notes.append(f"{esc(o)}: no indices ({esc(why)}).")
    targets = [(n, "interest") for n in sw.interest if n in sw.runs]
    targets += [(o, "outcome") for o in ([first] if first in analysis.outcomes() else [])
                + [o for o in analysis.outcomes() if o != first]]
    maps = [Figure(k, f, note=n) for k, f, n in (
        ("heatmap", heatmap_figure(analysis, targets), "Each cell: the runs whose two factors "
         "fall in its bins (the other factors vary); hover for the number of runs. Pick an "
         "outcome in the menu; its two axes are the factors that matter most for it."),
        ("parcoords", parcoords_figure(analysis, first) if first else None,
         "One line per design point. Drag along an axis to select a range; lines outside it "
         "fade. Parallel axes have no hover text."),
        ("probability", probability_figure(analysis), "Runs binned by each factor's value; "
         "the band is the 95% Wilson interval of the share. Pick the outcome of interest in "
         "the menu.")) if f is not None]
    if maps:
        out.append(Section("outcomes", "Outcomes over the factors", maps))
    if len(sw.factors) < 2:
        notes.append("Heatmap over two factors: left out, the sweep has one factor.")
    if not sw.interest:
        notes.append("Scenario discovery: left out, the experiment names no outcome of "
                     "interest ([interest] in the experiment file).")
    for k, name in enumerate(sw.interest):
        figs = [Figure(f"{kind}-{k}", f, note=n) for kind, f, n in (
            ("prim", prim_box_figure(analysis, name), "Pale bars: factors the box does not "
             "restrict. Hover a bar for its limits."),
            ("tradeoff", tradeoff_figure(analysis, name), "Larger dots restrict more factors; "
             "hover a dot for the step's box.")) if f is not None]
        if figs:
            out.append(Section(f"discovery-{k}", f"Scenario discovery (PRIM): {esc(name)}",
                               figs, html="<p class='note'>PRIM peels the factors' "
                               "ranges to find boxes where the outcome of interest is common. "
                               "Coverage: the share of all its runs that fall in the box; "
                               "density: the share of the box's runs that have it. The star "
                               "is the box drawn above it: the densest with coverage of at "
                               "least 50%, with restrictions that do not matter released.</p>"))
        else:
            res = analysis.prim.get(name)
            why = ("it never holds in the sweep" if res is None or res.hits == 0 else
                   "it holds in every run" if res.hits == res.n else
                   "no box is denser than the runs overall")
            notes.append(f"PRIM for {esc(name)}: left out, {why}.")
    return out, notes


def build_sweep_report(folder: Path) -> str:
    """Return the HTML report of a finished sweep folder (raises ``UserError`` if it is not)."""
    sweep = load_sweep(folder)
    analysis = analyze(sweep)
    secs, notes = sections(analysis)
    if notes:
        items = "".join(f"<li>{n}</li>" for n in notes)
        secs.append(Section("omitted", "Left out", html=f"<ul class='omitted'>{items}</ul>"))
    version = sweep.manifest.get("code", {}).get("version", "")
    footer = (f"Built by libya-sim {esc(version)} from the sweep folder's files alone; plotly.js "
              f"is embedded, the page works offline. {DISCLAIMER}. Not yet calibrated.")
    return page_html(f"{esc(sweep.manifest.get('name', 'Sweep'))}: sweep report",
                     header_html(sweep), secs, footer)


def write_sweep_report(folder: Path, path: Path | None = None) -> Path:
    """Write the sweep report of ``folder`` to ``path`` (default ``folder/report.html``).

    Returns the path written.
    """
    folder = Path(folder)
    path = Path(path) if path is not None else folder / "report.html"
    atomic_write_bytes(path, build_sweep_report(folder).encode("utf-8"))
    return path


def is_sweep_folder(folder: Path) -> bool:
    """Return True when ``folder`` holds a sweep's manifest (``kind: "sweep"``)."""
    import json

    try:
        return json.loads((Path(folder) / "manifest.json").read_text()).get("kind") == "sweep"
    except (OSError, ValueError, AttributeError):
        return False
