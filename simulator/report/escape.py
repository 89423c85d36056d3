"""Escaping of every string that comes from a scenario file or a results folder.

Plotly renders a subset of HTML in titles, legends and hover texts, and the page is HTML, so a
scenario named ``<script>alert(1)</script>`` must reach both as ``&lt;script&gt;...``: text, not
markup. Strings are escaped once, where they are read (``simulator.report.data``); builders
only ever see escaped text.
"""

from __future__ import annotations

from html import escape
from typing import Any


def esc(value: Any) -> str:
    """Return ``value`` as text safe inside HTML and Plotly labels (``&<>"'`` escaped)."""
    return escape("" if value is None else str(value), quote=True)


def esc_id(identifier: str) -> str:
    """Return an id (faction, place, sponsor, country) as an escaped display name."""
    return esc(identifier.replace("_", " "))
