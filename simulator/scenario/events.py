"""Scripted events' parameter changes: the scenario as it stands from each event date on.

An event's ``set`` gives dotted scenario keys new values from its date on (docs/MODEL.md,
Scripted events (phase 1)). The engine runs each span of days (an *epoch*) with the parameters
built from the scenario with every ``set`` up to that date applied.
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import ValidationError

from simulator.scenario.checks import Problem, cross_check
from simulator.scenario.render import format_loc, short_repr
from simulator.scenario.schema import Scenario


def event_day(s: Scenario, i: int) -> int:
    """Return the day on which event ``i`` acts (0 or less: it happened before day 0)."""
    return (s.events[i].date - s.run.start_date).days


def epoch_days(s: Scenario) -> list[int]:
    """Return the days (>= 1, ascending, distinct) on which events change parameters."""
    return sorted({event_day(s, i) for i, ev in enumerate(s.events) if ev.set
                   and event_day(s, i) >= 1})


class SetError(Exception):
    """An event's ``set`` cannot be applied: ``loc`` (under the event) and ``msg``."""

    def __init__(self, loc: tuple[str | int, ...], msg: str, got: object) -> None:
        super().__init__(msg)
        self.loc, self.msg, self.got = loc, msg, got


def _apply(raw: dict[str, Any], key: str, value: Any, loc: tuple[str | int, ...]) -> None:
    """Set dotted ``key`` of ``raw`` to ``value``; the key must exist (raise ``SetError``)."""
    node: Any = raw
    parts = key.split(".")
    for n, part in enumerate(parts):
        where = ".".join(parts[: n + 1])
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                raise SetError(loc, f"{key}: {'.'.join(parts[:n])} is a list of {len(node)}; "
                               f"use an index from 0 to {len(node) - 1}", value)
            idx: str | int = int(part)
        elif isinstance(node, dict):
            if part not in node:
                close = difflib.get_close_matches(part, [str(k) for k in node], n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                raise SetError(loc, f"{key}: no key {where}{hint}", value)
            idx = part
        else:
            raise SetError(loc, f"{key}: {'.'.join(parts[:n])} is a value, not a table", value)
        if n == len(parts) - 1:
            node[idx] = value
        else:
            node = node[idx]


def scenario_at(s: Scenario, day: int) -> Scenario:
    """Return ``s`` with the ``set`` of every event acting on or before ``day`` applied.

    Raises ``SetError`` when a change cannot be applied or gives an invalid scenario.
    """
    order = sorted(range(len(s.events)), key=lambda i: (event_day(s, i), i))
    due = [i for i in order if s.events[i].set and event_day(s, i) <= day]
    if not due:
        return s
    raw = s.model_dump()
    for i in due:
        for key, value in s.events[i].set.items():
            _apply(raw, key, value, ("events", i, "set"))
    try:
        out = Scenario.model_validate(raw)
    except ValidationError as err:
        e = err.errors()[0]
        i = due[-1]
        raise SetError(("events", i, "set"), f"after this date {format_loc(e['loc'])}: "
                       f"{e['msg']}", e.get("input")) from None
    problems = cross_check(out)
    if problems:
        loc, msg, got = problems[0]
        raise SetError(("events", due[-1], "set"), f"after this date {format_loc(loc)}: {msg}",
                       got)
    _same_shape(s, out, due[-1])
    out._source, out._provenance = s._source, s._provenance
    return out


def _same_shape(a: Scenario, b: Scenario, i: int) -> None:
    """Raise ``SetError`` if ``b`` has other actors, units or places than ``a``."""
    for what, fa, fb in (
        ("factions", list(a.factions), list(b.factions)),
        ("sponsors", list(a.sponsors), list(b.sponsors)),
        ("places", list(a.places), list(b.places)),
        ("key places", a.key_places, b.key_places),
        ("air units", len(a.air_units), len(b.air_units)),
        ("air-defence units", len(a.air_defence), len(b.air_defence)),
    ):
        if fa != fb:
            raise SetError(("events", i, "set"), f"changes the {what} ({short_repr(fa)} -> "
                           f"{short_repr(fb)}); a date can change values, not what exists", fb)


def event_problems(s: Scenario) -> list[Problem]:
    """Return the problems of the events' parameter changes, one per failing date."""
    out: list[Problem] = []
    for d in epoch_days(s) or []:
        try:
            scenario_at(s, d)
        except SetError as e:
            out.append((e.loc, e.msg, e.got))
            break
    for i, ev in enumerate(s.events):
        if ev.set and event_day(s, i) < 1:
            try:
                scenario_at(s, 0)
            except SetError as e:
                out.append((e.loc, e.msg, e.got))
            break
    return out
