"""The report's look: figure layout, date axes, colours of series that are not factions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from simulator.plots.colors import OKABE_ITO

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
CONFIG = {"displaylogo": False, "responsive": True,
          "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
PANEL_HEIGHT = 380
DAY_MS = 86_400_000  # a day on a date axis
CEASEFIRE_FILL = "rgba(0, 158, 115, 0.18)"  # bluish green, light: ceasefire in force
TALKS_FILL = "rgba(86, 180, 233, 0.10)"  # sky blue, lighter: talks


def other_colors(faction_colors: dict[str, str]) -> list[str]:
    """Return Okabe-Ito colours no faction uses (black first), for series that are not factions."""
    used = {c.upper() for c in faction_colors.values()}
    order = ("black", "sky_blue", "reddish_purple", "orange", "bluish_green", "blue",
             "vermillion", "yellow")
    free = [OKABE_ITO[k] for k in order if OKABE_ITO[k].upper() not in used]
    return free or [OKABE_ITO["black"]]


def date_text(d: dt.date) -> str:
    """Return ``d`` as ``6 June 2020``."""
    return f"{d.day} {d:%B %Y}"


def base_layout(title: str, ytitle: str, height: int = PANEL_HEIGHT, **extra: Any) -> dict:
    """Return the layout of a time-series panel: title, date x axis, y axis title with unit."""
    layout = {
        "title": {"text": f"<b>{title}</b>", "x": 0.01, "xanchor": "left", "font": {"size": 15}},
        "template": "plotly_white",
        "font": {"family": FONT, "size": 12},
        "height": height,
        "margin": {"l": 70, "r": 20, "t": 50, "b": 40},
        "xaxis": {"type": "date", "title": None, "hoverformat": "%-d %b %Y", "showspikes": True,
                  "spikemode": "across", "spikethickness": 1, "spikecolor": "#999999"},
        "yaxis": {"title": {"text": ytitle}, "rangemode": "tozero", "separatethousands": True},
        "legend": {"orientation": "h", "y": -0.12, "yanchor": "top", "x": 0, "font": {"size": 11}},
        "hovermode": "x unified",
        "hoverlabel": {"font": {"size": 12}},
    }
    layout.update(extra)
    return layout


def rgba(color: str, alpha: float) -> str:
    """Return ``#rrggbb`` as ``rgba(r, g, b, alpha)``."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"
