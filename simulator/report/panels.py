"""Which time-series panels a report has: each panel names its columns, title and unit.

A panel draws whichever of its columns the folder's time series has; a panel with none is
returned as ``Omitted`` (the page says so) rather than drawn empty or with made-up data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.report.data import RunData
from simulator.report.escape import esc_id
from simulator.report.shaping import columns_with
from simulator.report.style import other_colors

BORDER_POSTURES = ("open", "reinforced", "closed")  # codes of border_<country> (core.layout)
MOVED_NAMES = {"displaced": "displaced inside", "refugees": "refugees abroad (all countries)"}
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")


@dataclass
class Line:
    """One series of a panel: a column, its escaped name, colour and dash."""

    column: str
    name: str
    color: str
    dash: str = "solid"


@dataclass
class Panel:
    """A time-series figure: ``lines`` scaled by ``scale``, values shown with ``fmt``."""

    key: str
    title: str
    ytitle: str
    lines: list[Line]
    scale: float = 1.0
    fmt: str = ",.0f"
    step: bool = False
    note: str = ""
    yaxis: dict = field(default_factory=dict)


@dataclass
class Omitted:
    """A panel left out, and why (shown on the page)."""

    key: str
    title: str
    reason: str


def _faction_lines(run: RunData, prefix: str) -> list[Line]:
    cols = set(run.timeseries.columns)
    return [Line(f"{prefix}{f}", run.labels[f], run.colors[f]) for f in run.factions
            if f"{prefix}{f}" in cols]


def _other_lines(run: RunData, columns: list[str], names: list[str]) -> list[Line]:
    colors = other_colors(run.colors)
    return [Line(c, n, colors[k % len(colors)],
                 "dot" if c == "civilian_injuries" else DASHES[(k // len(colors)) % len(DASHES)])
            for k, (c, n) in enumerate(zip(columns, names, strict=True))]


def _panel_or_omitted(panel: Panel, wanted: str) -> Panel | Omitted:
    if panel.lines:
        return panel
    return Omitted(panel.key, panel.title, f"this results folder has no {wanted} column")


def panels(run: RunData) -> list[Panel | Omitted]:
    """Return the time-series panels of ``run`` in page order (``Omitted`` where no column)."""
    cols = list(run.timeseries.columns)
    out: list[Panel | Omitted] = []
    share = "share of land regions (%)"
    out.append(_panel_or_omitted(Panel(
        "territory", "Territory held", share, _faction_lines(run, "territory_"), scale=100,
        fmt=".1f"), "territory_&lt;faction&gt;"))
    out.append(_panel_or_omitted(Panel(
        "population", "Population in the territory held", "people (million)",
        _faction_lines(run, "population_"), scale=1e-6, fmt=".2f",
        note="Residents and displaced people in the regions each faction holds."),
        "population_&lt;faction&gt;"))
    out.append(_panel_or_omitted(Panel(
        "forces", "Fighters", "fighters", _faction_lines(run, "forces_")),
        "forces_&lt;faction&gt;"))
    ff = columns_with(cols, "foreign_fighters")
    out.append(_panel_or_omitted(Panel(
        "foreign", "Foreign fighters", "fighters",
        _other_lines(run, ff, [_suffix_name(c, "foreign_fighters", "all sponsors") for c in ff]),
        note="Mercenaries and foreign troops sent by the sponsors."), "foreign_fighters"))
    out.append(_panel_or_omitted(Panel(
        "military_deaths", "Military deaths (cumulative)", "fighters killed",
        _faction_lines(run, "military_deaths_")), "military_deaths_&lt;faction&gt;"))
    causes = [c for c in ("civilian_deaths", "civilian_deaths_ground", "civilian_deaths_shelling",
                          "civilian_deaths_air", "civilian_injuries") if c in cols]
    names = {"civilian_deaths": "deaths, all causes", "civilian_deaths_ground": "ground combat",
             "civilian_deaths_shelling": "shelling", "civilian_deaths_air": "air and drone strikes",
             "civilian_injuries": "injured, all causes"}
    out.append(_panel_or_omitted(Panel(
        "civilian_cause", "Civilian harm by cause (cumulative)", "people",
        _other_lines(run, causes, [names[c] for c in causes])), "civilian_deaths"))
    out.append(_panel_or_omitted(Panel(
        "civilian_faction", "Civilian deaths by attributed faction (cumulative)", "people",
        _faction_lines(run, "civilian_deaths_by_"),
        note="Model output attributed to the model's factions, not a finding about real "
             "people."), "civilian_deaths_by_&lt;faction&gt;"))
    moved = [c for c in ("displaced", "refugees") if c in cols]
    out.append(_panel_or_omitted(Panel(
        "displaced", "Displaced inside the country and refugees abroad", "people",
        _other_lines(run, moved, [MOVED_NAMES[c] for c in moved])), "displaced"))
    per = columns_with(cols, "refugees_")
    out.append(_panel_or_omitted(Panel(
        "refugees", "Refugees per neighbouring country", "people",
        _other_lines(run, per, [esc_id(c.removeprefix("refugees_")).title() for c in per])),
        "refugees_&lt;country&gt;"))
    oil = [c for c in ("oil_output_bpd",) if c in cols]
    out.append(_panel_or_omitted(Panel(
        "oil", "Oil output", "barrels per day", _other_lines(run, oil, ["oil exported"])),
        "oil_output_bpd"))
    out.append(_panel_or_omitted(Panel(
        "revenue", "Oil revenue per faction", "USD million per day",
        _faction_lines(run, "revenue_"), fmt=",.2f"), "revenue_&lt;faction&gt;"))
    sup = columns_with(cols, "support_")
    out.append(_panel_or_omitted(Panel(
        "support", "Sponsor support", "USD million per day",
        _other_lines(run, sup, [run.sponsor_label(c.removeprefix("support_")) for c in sup]),
        fmt=",.2f"), "support_&lt;sponsor&gt;"))
    border = columns_with(cols, "border_")
    out.append(_panel_or_omitted(Panel(
        "border", "Border posture per neighbouring country", "posture",
        _other_lines(run, border, [esc_id(c.removeprefix("border_")).title() for c in border]),
        fmt=".0f", step=True,
        yaxis={"tickvals": [0, 1, 2], "ticktext": list(BORDER_POSTURES), "range": [-0.2, 2.2],
               "rangemode": "normal"}), "border_&lt;country&gt;"))
    out.append(_panel_or_omitted(Panel(
        "morale", "Morale", "morale (0 to 1)", _faction_lines(run, "morale_"), fmt=".2f",
        yaxis={"range": [0, 1.02]}), "morale_&lt;faction&gt;"))
    return out


def _suffix_name(column: str, prefix: str, bare: str) -> str:
    rest = column.removeprefix(prefix).lstrip("_")
    return esc_id(rest) if rest else bare
