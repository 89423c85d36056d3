"""The HTML page: header with the disclaimer, sections of figures, plotly.js embedded once.

The page needs no network: plotly.js is inlined in the head, figures are inline JSON, styles
are inline. Callers pass escaped text only (``simulator.report.escape``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go
import plotly.io as pio

from simulator.report.style import CONFIG, FONT

DISCLAIMER = "Hypothetical scenario of a model: not a forecast"
DISCLAIMER_TEXT = (
    "This report shows what a model computes for an assumed scenario. It explores “what if” "
    "questions; it does not forecast the war in Libya and is not a basis for targeting. Harm is "
    "attributed to the model's factions as model output, not as findings about real people."
)

CSS = f"""
body {{ font-family: {FONT}; color: #1A1A1A; margin: 0; background: #F7F7F5; }}
header, main, footer {{ max-width: 1240px; margin: 0 auto; padding: 0 20px; }}
header h1 {{ font-size: 26px; margin: 22px 0 6px; }}
.disclaimer {{ background: #FFF4E5; border-left: 5px solid #A33B00; padding: 10px 14px;
  margin: 10px 0; }}
.disclaimer strong {{ color: #A33B00; font-size: 16px; }}
.facts {{ display: flex; flex-wrap: wrap; gap: 6px 22px; font-size: 14px; color: #333; }}
.facts span b {{ font-weight: 600; }}
.swatch {{ display: inline-block; width: 14px; height: 14px; border-radius: 3px;
  vertical-align: -2px; margin-right: 5px; }}
nav {{ margin: 12px 0; font-size: 14px; }} nav a {{ margin-right: 14px; color: #0060A0; }}
section {{ background: white; border: 1px solid #E2E2E2; border-radius: 6px; padding: 12px 16px;
  margin: 16px 0; }}
section h2 {{ font-size: 19px; margin: 4px 0 8px; }}
.grid {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr));
  gap: 10px 18px; }}
.figure {{ min-width: 0; }}
.note {{ font-size: 13px; color: #555; margin: 2px 4px 8px; }}
table.summary {{ border-collapse: collapse; font-size: 14px; }}
table.summary td, table.summary th {{ padding: 4px 12px; border-bottom: 1px solid #EEE;
  text-align: left; }}
table.summary td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
ul.omitted li {{ font-size: 14px; margin: 3px 0; }}
footer {{ font-size: 12px; color: #666; padding-bottom: 30px; }}
"""


@dataclass
class Figure:
    """A figure of the page, with an optional escaped note shown under it."""

    key: str
    fig: go.Figure
    note: str = ""
    responsive: bool = True


@dataclass
class Section:
    """A titled part of the page: figures (in a grid when ``grid``), HTML before them."""

    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    html: str = ""
    grid: bool = False


# Plotly rejects the promise of an animation that another one interrupts with no reason at all;
# nothing awaits the slider's and the Play button's promises, so the browser reports an
# "Uncaught (in promise) undefined" page error on every frame change of some maps (seen on
# synthetic grids). Only those reason-less rejections are silenced; real errors still surface.
QUIET_ANIMATIONS = ("window.addEventListener('unhandledrejection', function (e) {"
                    " if (e.reason === undefined) { e.preventDefault(); } });\n")

def figure_html(f: Figure) -> str:
    """Return the figure as a div and its script (no plotly.js), plus its note."""
    config = {**CONFIG, "responsive": f.responsive}
    div = pio.to_html(f.fig, include_plotlyjs=False, full_html=False, config=config,
                      div_id=f"fig-{f.key}", validate=False)
    note = f"<p class='note'>{f.note}</p>" if f.note else ""
    return f"<div class='figure' data-key='{f.key}'>{div}{note}</div>"


def section_html(s: Section) -> str:
    """Return a section: heading, its HTML, its figures."""
    figs = "".join(figure_html(f) for f in s.figures)
    if s.grid:
        figs = f"<div class='grid'>{figs}</div>"
    return f"<section id='{s.key}'><h2>{s.title}</h2>{s.html}{figs}</section>"


def page_html(title: str, header: str, sections: list[Section], footer: str) -> str:
    """Return the whole page: plotly.js once in the head, then header, sections, footer."""
    from plotly.offline import get_plotlyjs

    nav = " ".join(f"<a href='#{s.key}'>{s.title}</a>" for s in sections)
    body = "".join(section_html(s) for s in sections)
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{title}</title><style>{CSS}</style>"
        f"<script type='text/javascript'>{QUIET_ANIMATIONS}{get_plotlyjs()}</script></head><body>"
        f"<header>{header}<nav>{nav}</nav></header><main>{body}</main>"
        f"<footer>{footer}</footer></body></html>\n"
    )
