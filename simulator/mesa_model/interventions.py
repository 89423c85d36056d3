"""Interventions: writes by user code between steps, kept in a list and in the core's event log."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Intervention:
    """One write by user code: on ``day`` (when it takes effect), ``target.attribute``."""

    day: int
    role: str
    target: str
    attribute: str
    old: float
    new: float

    def describe(self) -> str:
        """Return one line saying what was set: ``sponsor turkey: support 12.3 -> 0``."""
        return f"{self.role} {self.target}: {self.attribute} {self.old:,.6g} -> {self.new:,.6g}"


def label_user_events(events: pd.DataFrame, interventions: list[Intervention]) -> pd.DataFrame:
    """Return ``events`` with the actor, place and detail of its ``user`` rows filled in.

    The core logs a user event with its index in ``interventions`` as the place code; the
    generic rendering in ``Results`` shows that index, this puts the words back.
    """
    user = events["kind"] == "user"
    if not user.any():
        return events
    out = events.copy()
    for i in out.index[user]:
        iv = interventions[int(out.at[i, "place"])]
        out.at[i, "actor"] = iv.target
        out.at[i, "place"] = iv.attribute
        out.at[i, "detail"] = f"intervention: {iv.describe()}"
    return out
