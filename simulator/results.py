"""``Results``: time series, outcomes, events and grid snapshots of a run, as pandas DataFrames.

Built from the compiled recorder's arrays by ``assemble``; written by ``simulator.output``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from simulator.core.layout import (
    BORDER_POSTURES,
    CEASEFIRE_STATES,
    EV_BORDER,
    EV_CAPTURE,
    EV_CEASEFIRE,
    EV_DEFECTION,
    EV_INTERVENTION,
    EV_SCRIPTED,
    EV_USER,
    EVENT_KINDS,
)
from simulator.injuries import add_injuries

# The dtype of every ``date`` column (time series, events, the Mesa collector's frame). Set
# explicitly, not left to pandas (2.x makes [ns] of dates, 3.x [s]); milliseconds are what
# Parquet stores, so a table read back from a results folder has the same dtype as in memory.
DATE_DTYPE = "datetime64[ms]"


@dataclass
class Snapshots:
    """Grid snapshots every ``every`` days of the first replicates: arrays ``[rep, snap, ...]``.

    ``control`` holds the faction index holding each region slot (-1 none), ``forces`` the
    fighters of each faction ``[rep, snap, faction, region]``, ``home`` and ``hosted`` the
    residents at home and the displaced people hosted. ``days`` gives each snapshot's day.
    """

    every: int
    days: np.ndarray
    control: np.ndarray
    forces: np.ndarray
    home: np.ndarray
    hosted: np.ndarray


@dataclass
class Results:
    """What a run produced. ``timeseries``: one row per replicate and day (row 0 = day 0)."""

    scenario: Any
    map: Any
    seed: int
    days: int
    replicates: list[int]
    timeseries: pd.DataFrame
    outcomes: pd.DataFrame
    events: pd.DataFrame
    snapshots: Snapshots
    events_dropped: int = 0
    timings: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def faction_ids(self) -> list[str]:
        """Return the faction ids, in scenario order."""
        return self.scenario.faction_ids


def assemble(built, states: list, seed: int, days: int) -> Results:  # noqa: ANN001
    """Return ``Results`` from the finished batch states ``[(first_replicate, state), ...]``."""
    s = built.scenario
    fids = s.faction_ids
    start = s.run.start_date
    dates = pd.to_datetime([start + dt.timedelta(days=d) for d in range(days + 1)]).astype(
        DATE_DTYPE)
    blocks, reps, outcomes, rows = [], [], [], []
    dropped = 0
    for rep0, st in states:
        n_b = st.rec.shape[0]
        for b in range(n_b):
            rep = rep0 + b
            blocks.append(st.rec[b])
            reps.append(rep)
            outcomes.append({**_outcome(built, st, b, rep, seed), **_ceasefire_outcomes(
                st.rec[b, :, built.columns.index("ceasefire")])})
            dropped += _event_rows(built, st, b, rep, start, rows)
    # One frame for every replicate (built at once: a frame per replicate cost ~4 ms each).
    ts = pd.DataFrame(np.concatenate(blocks) if blocks else np.zeros((0, len(built.columns))),
                      columns=built.columns)
    ts.insert(0, "date", np.tile(dates.values, len(reps)))
    ts.insert(0, "day", np.tile(np.arange(days + 1, dtype=np.int64), len(reps)))
    ts.insert(0, "replicate", np.repeat(np.array(reps, dtype=np.int64), days + 1))
    add_injuries(ts, built, len(reps), days)
    ts["escalation"] = ts["escalation"].round().astype(np.int64)
    codes = ts["ceasefire"].round().astype(np.int64).to_numpy()
    ts["ceasefire"] = pd.Series(np.array(CEASEFIRE_STATES, dtype=object)[codes], dtype="string")
    for nid in s.neighbours:
        codes = ts[f"border_{nid}"].round().astype(np.int64).to_numpy()
        ts[f"border_{nid}"] = pd.Series(np.array(BORDER_POSTURES, dtype=object)[codes],
                                        dtype="string")
    ev_df = _events_frame(rows)
    snaps = _snapshots(states, s.run.snapshot_every, days)
    return Results(
        scenario=s,
        map=built.map,
        seed=seed,
        days=days,
        replicates=[r for rep0, st in states for r in range(rep0, rep0 + st.rec.shape[0])],
        timeseries=ts,
        outcomes=pd.DataFrame(outcomes),
        events=ev_df,
        snapshots=snaps,
        events_dropped=dropped,
        extra={"places": built.places, "phases": built.phases, "faction_ids": fids},
    )


def holder_name(code: int, fids: list[str]) -> str:
    """Return a faction id for a holder code, or ``contested`` for -1."""
    return fids[code] if 0 <= code < len(fids) else "contested"


def _outcome(built, st, b: int, rep: int, seed: int) -> dict[str, Any]:  # noqa: ANN001
    s = built.scenario
    fids = s.faction_ids
    last = st.rec[b, -1]
    row: dict[str, Any] = {"replicate": rep, "seed": seed}
    for p, pid in enumerate(s.key_places):
        row[f"holder_{pid}"] = holder_name(int(st.key_holder[b, p]), fids)
    for k, f in enumerate(fids):
        row[f"territory_{f}_final"] = float(last[k])
    col = built.columns.index
    row["civilian_deaths"] = float(last[col("civilian_deaths")])
    row["peak_displaced"] = float(st.peak_displaced[b])
    row["peak_escalation"] = int(st.esc_peak[b])
    row["foreign_fighters_final"] = float(last[col("foreign_fighters")])
    for j, sid in enumerate(s.sponsors):
        row[f"cost_{sid}"] = float(st.sp_paid[b, j])
    row["refugees_final"] = float(last[col("refugees")])
    row["neighbour_intervened"] = bool(st.nb_intervened[b].any())
    for n, nid in enumerate(s.neighbours):
        row[f"intervened_{nid}"] = bool(st.nb_intervened[b, n])
    return row


def _ceasefire_outcomes(codes: np.ndarray) -> dict[str, Any]:
    """Return the ceasefire outcomes of one replicate from its daily ceasefire-state codes."""
    cf = CEASEFIRE_STATES.index("ceasefire")
    on = np.round(codes).astype(np.int64) == cf
    longest = run = 0
    for x in on:
        run = run + 1 if x else 0
        longest = max(longest, run)
    prev = np.round(codes[:-1]).astype(np.int64)
    nxt = np.round(codes[1:]).astype(np.int64)
    return {
        "ceasefire_reached": bool(on.any()),
        "first_ceasefire_day": int(np.argmax(on)) if on.any() else -1,
        "longest_ceasefire_days": int(longest),
        "violations": int(((prev == cf) & (nxt == CEASEFIRE_STATES.index("violated"))).sum()),
    }


def _empty_events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "replicate": pd.Series(dtype="int64"),
            "day": pd.Series(dtype="int64"),
            "date": pd.Series(dtype=DATE_DTYPE),
            "kind": pd.Series(dtype="string"),
            "actor": pd.Series(dtype="string"),
            "place": pd.Series(dtype="string"),
            "detail": pd.Series(dtype="string"),
        }
    )


def _event_rows(built, st, b: int, rep: int, start: dt.date, rows: list) -> int:  # noqa: ANN001
    """Append replicate ``b``'s logged events to ``rows`` as tuples; return how many were lost."""
    s = built.scenario
    fids, kps = s.faction_ids, s.key_places
    n = int(st.ev_n[b])
    kept = min(n, st.ev_day.shape[1])
    for e in range(kept):
        kind = int(st.ev_kind[b, e])
        actor = holder_name(int(st.ev_actor[b, e]), fids)
        old = holder_name(int(st.ev_value[b, e]), fids)
        place, detail = "", ""
        if kind == EV_CAPTURE:
            place = kps[int(st.ev_place[b, e])]
            detail = f"{s.places[place].label or place} passes from {old} to {actor}"
        elif kind == EV_DEFECTION:
            place = region_name(built, int(st.ev_place[b, e]))
            detail = f"the local armed group in {place} defects from {old} to {actor}"
        elif kind == EV_CEASEFIRE:
            actor = ""
            place = CEASEFIRE_STATES[int(st.ev_place[b, e])]
            detail = f"ceasefire state: {CEASEFIRE_STATES[int(st.ev_value[b, e])]} -> {place}"
        elif kind == EV_INTERVENTION:
            nid = list(s.neighbours)[int(st.ev_place[b, e])]
            place = nid
            detail = (f"{s.neighbours[nid].label or nid.capitalize()} intervenes beside "
                      f"{actor} with {st.ev_value[b, e]:,.0f} soldiers")
        elif kind == EV_BORDER:
            nid = list(s.neighbours)[int(st.ev_place[b, e])]
            actor, place = "", nid
            posture = BORDER_POSTURES[int(st.ev_value[b, e])]
            troops = s.neighbours[nid].troops * int(st.ev_value[b, e])
            detail = f"{nid} border {posture} ({troops:,.0f} soldiers at the border)"
        elif kind == EV_SCRIPTED:
            ev = s.events[int(st.ev_place[b, e])]
            actor, place = "", ev.name
            detail = f"scripted: {ev.name}" + (f" ({ev.source})" if ev.source else "")
        elif kind == EV_USER:  # a write by user code in the Mesa model (its intervention list)
            actor, place = "", str(int(st.ev_place[b, e]))
            detail = f"intervention by user code (value {st.ev_value[b, e]:,.6g})"
        day = int(st.ev_day[b, e])
        rows.append(
            (rep, day, start + dt.timedelta(days=day), EVENT_KINDS[kind], actor, place, detail)
        )
    return n - kept


def _events_frame(rows: list) -> pd.DataFrame:
    """Return the events table of ``_event_rows``' tuples (the empty table when there are none)."""
    if not rows:
        return _empty_events()
    df = pd.DataFrame(
        rows, columns=["replicate", "day", "date", "kind", "actor", "place", "detail"]
    )
    df["date"] = pd.to_datetime(df["date"]).astype(DATE_DTYPE)  # as the time series
    for c in ("kind", "actor", "place", "detail"):
        df[c] = df[c].astype("string")
    return df


def region_name(built, i: int) -> str:  # noqa: ANN001
    """Return a name for region ``i``: a key place, else a named place, city or district."""
    s, m = built.scenario, built.map
    for pid in (*s.key_places, *[p for p in s.places if p not in s.key_places]):
        regions = built.places[pid]
        if len(regions) <= 12 and i in regions:
            return pid
    if m.city[i] >= 0:
        return m.cities[m.city[i]]
    if m.district[i] >= 0:
        return f"{m.districts[m.district[i]]} (region {i})"
    return f"region {i}"


def _snapshots(states: list, every: int, days: int) -> Snapshots:
    parts = [st for _, st in states if st.snap_control.shape[0] > 0]
    snap_days = np.arange(0, days + 1, every, dtype=np.int64)
    if not parts:
        st = states[0][1]
        n_k, n_r = st.forces.shape[1], st.forces.shape[2]
        return Snapshots(
            every,
            snap_days,
            np.zeros((0, len(snap_days), n_r), np.int16),
            np.zeros((0, len(snap_days), n_k, n_r), np.float32),
            np.zeros((0, len(snap_days), n_r), np.float32),
            np.zeros((0, len(snap_days), n_r), np.float32),
        )
    return Snapshots(
        every,
        snap_days,
        np.concatenate([p.snap_control for p in parts]),
        np.concatenate([p.snap_forces for p in parts]),
        np.concatenate([p.snap_home for p in parts]),
        np.concatenate([p.snap_hosted for p in parts]),
    )
