"""Build ``report.html`` of a results folder from the folder's files alone."""

from __future__ import annotations

from pathlib import Path

from simulator.output import atomic_write_bytes
from simulator.report.data import RunData, load_run
from simulator.report.ensemble import flag_figure, histogram_figure, holder_figure
from simulator.report.escalation import ceasefire_probability_figure, escalation_figure
from simulator.report.escape import esc
from simulator.report.events import timeline_figure
from simulator.report.mapanim import control_map_figure
from simulator.report.page import DISCLAIMER, DISCLAIMER_TEXT, Figure, Section, page_html
from simulator.report.panels import Omitted, panels
from simulator.report.series import panel_figure
from simulator.report.style import date_text
from simulator.report.summary import summary_html

REPORT_NAME = "report.html"


def header_html(run: RunData) -> str:
    """Return the page header: name, disclaimer, description, run facts, faction colours."""
    m = run.manifest
    n = len(run.replicates)
    days = int(m.get("days") or run.timeseries["day"].max())
    end = run.timeseries["date"].max().date()
    seeds = m.get("seeds", {})
    facts = [
        ("period", f"{date_text(run.start)} to {date_text(end)} ({days:,} days)"),
        ("replicates", f"{n:,}"),
        ("root seed", esc(seeds.get("root"))),
        ("scenario file", esc(m.get("scenario_source"))),
        ("scenario SHA-256", esc(str(m.get("scenario_sha256", ""))[:12])),
        ("run", esc(m.get("created"))),
        ("code", esc((m.get("git_commit") or "no git commit")[:12])),
    ]
    swatches = " ".join(
        f"<span><i class='swatch' style='background:{esc(run.colors[f])}'></i>{run.labels[f]}"
        f"{'' if run.labels[f] == run.full_labels[f] else ' = ' + run.full_labels[f]}</span>"
        for f in run.factions)
    desc = f"<p>{run.description}</p>" if run.description else ""
    return (
        f"<h1>{run.name}</h1>"
        f"<div class='disclaimer'><strong>{DISCLAIMER}.</strong> {DISCLAIMER_TEXT}</div>{desc}"
        "<div class='facts'>" + "".join(f"<span><b>{k}:</b> {v}</span>" for k, v in facts)
        + f"</div><div class='facts' style='margin-top:8px'><span><b>factions:</b></span>"
        f"{swatches}</div>"
    )


def sections(run: RunData) -> tuple[list[Section], list[str]]:
    """Return the page's sections and the escaped notes on what was left out."""
    notes = list(run.notes)
    ens = run.is_ensemble
    out = [Section("summary", "Summary", html=summary_html(run))]
    ctx = run.map_context()
    fig = control_map_figure(run, ctx) if ctx is not None else None
    if fig is not None:
        out.append(Section("map", "Map of control", [Figure(
            "map", fig, responsive=False,
            note="Each hexagon is a region, coloured by who holds it on the date of the "
                 "slider; the black line is the front (regions of two factions side by side). "
                 "Press Play or drag the slider; hover a region for its name.")]))
    fans = ("<p class='note'>Across replicates: the line is the median, the dark band holds "
            "50% of the replicates, the light band 90%. Hover a line for the values.</p>")
    series = Section("series", "Over time" + (" (across replicates)" if ens else ""),
                     grid=True, html=fans if ens else "")
    series.figures.append(Figure("escalation", escalation_figure(
        run.timeseries, run.start, run.colors, ens),
        note="Shading: the ceasefire state" + (" of most replicates" if ens else "") + "."))
    if ens and "ceasefire" in run.timeseries:
        series.figures.append(Figure("ceasefire_p", ceasefire_probability_figure(
            run.timeseries, run.start, run.colors)))
    for p in panels(run):
        if isinstance(p, Omitted):
            notes.append(f"{p.title}: left out, {p.reason}.")
            continue
        note = p.note
        if all((run.timeseries[line.column] == 0).all() for line in p.lines):
            note = (note + " " if note else "") + "Every value is 0 in this run."
        series.figures.append(Figure(p.key, panel_figure(p, run.timeseries, run.start, ens),
                                     note=note))
    out.append(series)
    if ens:
        figs = [Figure(k, f) for k, f in (("holders", holder_figure(run)),
                                          ("flags", flag_figure(run)),
                                          ("histograms", histogram_figure(run))) if f is not None]
        if figs:
            out.append(Section("ensemble", "Across replicates", figs))
    timeline = timeline_figure(run, run.replicates[0])
    if timeline is not None:
        out.append(Section("events", "Events", [Figure("events", timeline)]))
    else:
        notes.append("Event timeline: left out, no events were logged"
                     + (f" in replicate {run.replicates[0]}" if ens else "") + ".")
    return out, notes


def build_report(folder: Path) -> str:
    """Return the HTML report of a complete results folder (raises ``UserError`` if it is not)."""
    run = load_run(folder)
    secs, notes = sections(run)
    if notes:
        items = "".join(f"<li>{n}</li>" for n in notes)
        secs.append(Section("omitted", "Left out", html=f"<ul class='omitted'>{items}</ul>"))
    versions = run.manifest.get("versions", {})
    footer = (f"Built by libya-sim {esc(versions.get('libya-sim', ''))} from the files of the "
              f"results folder alone; plotly.js is embedded, the page works offline. "
              f"{DISCLAIMER}.")
    return page_html(f"{run.name}: report", header_html(run), secs, footer)


def write_report(folder: Path, path: Path | None = None) -> Path:
    """Write the report of ``folder`` to ``path`` (default ``folder/report.html``) atomically.

    Returns the path written.
    """
    folder = Path(folder)
    path = Path(path) if path is not None else folder / REPORT_NAME
    atomic_write_bytes(path, build_report(folder).encode("utf-8"))
    return path
