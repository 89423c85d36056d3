"""Colours: the Okabe-Ito colour-blind-safe palette and the factions' display colours."""

from __future__ import annotations

from simulator.scenario.schema import Scenario

# Okabe & Ito (2008), "Color Universal Design": distinguishable with all common colour-vision
# deficiencies.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}

# Factions take these in order (black is kept for outlines, vermillion comes late because red
# lines use it).
FACTION_PALETTE = (
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["yellow"],
    OKABE_ITO["vermillion"],
)

NONE_COLOR = "#C8C8C8"  # regions nobody holds
RED_LINE_COLORS = (OKABE_ITO["vermillion"], OKABE_ITO["black"])  # the first no faction uses
KEY_PLACE_COLOR = OKABE_ITO["black"]


def faction_colors(scenario: Scenario) -> dict[str, str]:
    """Return ``{faction id: '#rrggbb'}`` plus ``'none'``: the scenario's colours, else the palette.

    Factions without a ``color`` take palette colours in file order, skipping colours that
    other factions set explicitly (the palette repeats after seven factions).
    """
    taken = {f.color.upper() for f in scenario.factions.values() if f.color}
    free = [c for c in FACTION_PALETTE if c.upper() not in taken] or list(FACTION_PALETTE)
    out: dict[str, str] = {}
    k = 0
    for fid, f in scenario.factions.items():
        if f.color:
            out[fid] = f.color
        else:
            out[fid] = free[k % len(free)]
            k += 1
    out.setdefault("none", NONE_COLOR)  # a faction with the id "none" keeps its colour
    return out


def lighten(color: str, amount: float) -> str:
    """Return ``#rrggbb`` mixed with white: ``amount`` 0 keeps the colour, 1 gives white."""
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * amount) for c in rgb]
    return "#" + "".join(f"{c:02X}" for c in mixed)


def red_line_color(colors: dict[str, str]) -> str:
    """Return the colour of red lines: vermillion, or black when a faction is drawn vermillion."""
    used = {c.upper() for c in colors.values()}
    return next((c for c in RED_LINE_COLORS if c.upper() not in used), RED_LINE_COLORS[-1])
