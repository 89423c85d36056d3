"""What a report reads from a results folder: manifest, tables, snapshots, the resolved scenario.

Everything comes from the folder's files (the map is rebuilt from ``scenario.toml`` and the
package's map data). Strings from the scenario or the tables are escaped here, once
(``simulator.report.escape``): names, labels, descriptions, event texts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simulator.compare import read_manifest, read_table
from simulator.errors import MissingFileError, ScenarioError, UserError
from simulator.plots.colors import NONE_COLOR, faction_colors
from simulator.report.escape import esc, esc_id

SHORT_LABEL = 24  # longer faction labels show as the id in capitals in legends

BORDER_CODES = {"open": 0, "reinforced": 1, "closed": 2}  # core.layout.BORDER_POSTURES


@dataclass
class MapContext:
    """The map of a run: the ``Map``, its resolved places and the scenario (for the layers)."""

    scenario: Any
    map: Any
    places: dict[str, np.ndarray]


@dataclass
class RunData:
    """A results folder, read for a report. ``labels`` and ``name`` are escaped display text."""

    folder: Path
    manifest: dict[str, Any]
    timeseries: pd.DataFrame
    outcomes: pd.DataFrame
    events: pd.DataFrame
    snapshots: dict[str, np.ndarray] | None
    scenario: Any  # the resolved Scenario, or None when scenario.toml no longer loads
    factions: list[str]
    labels: dict[str, str]  # faction id -> escaped short display name (legends, hovers)
    full_labels: dict[str, str]  # faction id -> escaped full label
    colors: dict[str, str]  # faction id -> colour (plus "none")
    name: str
    description: str
    start: dt.date
    notes: list[str] = field(default_factory=list)  # escaped notes on what could not be read

    @property
    def replicates(self) -> list[int]:
        """Return the replicate numbers in the time series, ascending."""
        return sorted(int(r) for r in self.timeseries["replicate"].unique())

    @property
    def is_ensemble(self) -> bool:
        """Return True when the folder holds more than one replicate."""
        return len(self.replicates) > 1

    def place_label(self, pid: str) -> str:
        """Return the escaped display name of place ``pid`` (its label, else its id)."""
        places = getattr(self.scenario, "places", None) or {}
        place = places.get(pid)
        return esc(place.label) if place is not None and place.label else esc_id(pid)

    def sponsor_label(self, sid: str) -> str:
        """Return the escaped display name of sponsor ``sid`` (its label, else its id)."""
        sponsors = getattr(self.scenario, "sponsors", None) or {}
        sp = sponsors.get(sid) if isinstance(sponsors, dict) else None
        label = getattr(sp, "label", None)
        return esc(label) if label else esc_id(sid).title()

    def map_context(self) -> MapContext | None:
        """Return the map rebuilt from the resolved scenario, or None without a scenario."""
        if self.scenario is None:
            return None
        from simulator.core.build import build_map
        from simulator.geography.regionsets import resolve_places

        m = build_map(self.scenario)
        return MapContext(self.scenario, m, resolve_places(self.scenario, m))


def load_run(folder: Path) -> RunData:
    """Return a complete results folder read for a report; raise a ``UserError`` if it is not."""
    folder = Path(folder)
    if not folder.is_dir():
        raise MissingFileError(f"{folder}: no such results folder")
    try:
        manifest = read_manifest(folder)
    except (OSError, ValueError):
        raise ScenarioError(f"{folder}: not a results folder (no readable manifest.json)") \
            from None
    status = manifest.get("status") if isinstance(manifest, dict) else None
    if status != "complete":
        raise ScenarioError(f"{folder}: not a complete results folder (status: {status}); "
                            "only complete runs have a report")
    try:
        ts = read_table(folder, "timeseries", manifest)
        outcomes = read_table(folder, "outcomes", manifest)
        events = read_table(folder, "events", manifest)
    except (OSError, KeyError, ValueError) as exc:
        raise ScenarioError(f"{folder}: cannot read its tables ({exc})") from None
    ts["date"] = pd.to_datetime(ts["date"])
    for col in [c for c in ts.columns if c.startswith("border_")]:  # text postures -> codes
        if not pd.api.types.is_numeric_dtype(ts[col]):
            ts[col] = ts[col].astype(str).map(BORDER_CODES).astype(float)
    notes: list[str] = []
    scenario = _scenario(folder, notes)
    factions = _factions(scenario, ts)
    colors = faction_colors(scenario) if scenario is not None else _palette(factions)
    start = dt.date.fromisoformat(str(manifest.get("start_date") or ts["date"].min().date()))
    return RunData(
        folder=folder, manifest=manifest, timeseries=ts, outcomes=outcomes,
        events=_escaped_events(events), snapshots=_snapshots(folder, manifest, notes),
        scenario=scenario, factions=factions, labels=_labels(scenario, factions, True),
        full_labels=_labels(scenario, factions, False),
        colors=colors, name=esc(manifest.get("name") or getattr(scenario, "name", "")),
        description=esc(getattr(scenario, "description", "") or ""), start=start, notes=notes,
    )


def _scenario(folder: Path, notes: list[str]) -> Any:
    """Return the resolved scenario of the folder, or None (with a note) if it does not load."""
    from simulator.scenario import load_scenario

    path = folder / "scenario.toml"
    try:
        return load_scenario(path, [])
    except (UserError, OSError) as exc:
        notes.append(f"The scenario file could not be read again ({esc(exc)}); the map and the "
                     "scenario's labels are left out.")
        return None


def _factions(scenario: Any, ts: pd.DataFrame) -> list[str]:
    if scenario is not None:
        return list(scenario.faction_ids)
    return [c.removeprefix("territory_") for c in ts.columns if c.startswith("territory_")]


def _palette(factions: list[str]) -> dict[str, str]:
    from simulator.plots.colors import FACTION_PALETTE

    out = {f: FACTION_PALETTE[k % len(FACTION_PALETTE)] for k, f in enumerate(factions)}
    out.setdefault("none", NONE_COLOR)
    return out


def _labels(scenario: Any, factions: list[str], short: bool) -> dict[str, str]:
    """Return faction id -> escaped display name: the label, else the id in capitals.

    ``short`` names (legends) replace a label longer than ``SHORT_LABEL`` characters by the id
    in capitals; the page's header keys them to the full labels.
    """
    out = {}
    for fid in factions:
        f = scenario.factions[fid] if scenario is not None else None
        label = getattr(f, "label", None) or fid.upper()
        out[fid] = esc(fid.upper() if short and len(label) > SHORT_LABEL else label)
    return out


def _escaped_events(events: pd.DataFrame) -> pd.DataFrame:
    ev = events.copy()
    for c in ("kind", "actor", "place", "detail"):
        if c in ev:
            ev[c] = [esc(v) for v in ev[c].astype(object).where(ev[c].notna(), "")]
    if "date" in ev:
        ev["date"] = pd.to_datetime(ev["date"])
    return ev


def _snapshots(folder: Path, manifest: dict[str, Any], notes: list[str]) -> dict | None:
    name = manifest.get("files", {}).get("snapshots")
    if not name:
        notes.append("The folder holds no grid snapshots (run.snapshot_replicates = 0), so the "
                     "map of control over time is left out.")
        return None
    try:
        with np.load(folder / name) as z:
            return {k: z[k] for k in z.files}
    except (OSError, ValueError) as exc:
        notes.append(f"The grid snapshots could not be read ({esc(exc)}); the map is left out.")
        return None
