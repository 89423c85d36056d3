"""One day: the phase list as data, split into decisions and dynamics (MODEL.md, "One day").

The order of phases is data: ``Params.decision_phases`` and ``Params.dynamic_phases`` hold phase
codes from ``PHASES``, and the compiled day runs them in that order. Decisions come first so one
actor's rule can be replaced by Python between the two calls while the dynamics stay compiled.

``run_phase``, ``decisions`` and ``dynamics`` are inlined into their callers (numba IR), so each
phase is optimised once per entry point instead of once per layer (docs/PERFORMANCE.md, 4).
"""

from __future__ import annotations

from numba import njit

from simulator.core.air import air_phase
from simulator.core.allegiance import allegiance_phase
from simulator.core.ceasefire import ceasefire_phase
from simulator.core.civilians import civilians_phase
from simulator.core.combat import combat_phase
from simulator.core.control import control_phase, key_places_phase, place_holder
from simulator.core.economy import economy_phase
from simulator.core.escalation import escalation_phase, record_international
from simulator.core.events import events_phase
from simulator.core.factions import factions_phase
from simulator.core.fields import update_fields
from simulator.core.logistics import logistics_phase
from simulator.core.neighbours import neighbours_phase
from simulator.core.record import record_phase
from simulator.core.sponsors import sponsors_phase

# Every phase the engine knows, by code (MODEL.md's numbering in the comments).
PHASES = ("factions", "logistics", "air", "combat", "control", "allegiance", "key_places",
          "civilians", "economy", "record", "events", "sponsors", "escalation", "ceasefire",
          "neighbours")
(PH_FACTIONS, PH_LOGISTICS, PH_AIR, PH_COMBAT, PH_CONTROL, PH_ALLEGIANCE, PH_KEY_PLACES,
 PH_CIVILIANS, PH_ECONOMY, PH_RECORD, PH_EVENTS, PH_SPONSORS, PH_ESCALATION, PH_CEASEFIRE,
 PH_NEIGHBOURS) = range(len(PHASES))
DECISION_PHASES = ("events", "ceasefire", "sponsors", "neighbours", "factions")  # 1-5
DYNAMIC_PHASES = ("logistics", "air", "combat", "control", "allegiance", "key_places",
                  "civilians", "economy", "escalation", "record")  # 6-12, then recording
OPTIONAL_PHASES = tuple(p for p in PHASES if p != "record")  # every phase but recording


@njit(cache=True, inline="always")
def run_phase(P, S, b: int, rep: int, day: int, phase: int) -> None:  # noqa: ANN001
    """Run one phase, by code, for replicate ``b`` (global replicate ``rep``) on ``day``."""
    if phase == PH_EVENTS:
        events_phase(P, S, b, rep, day)
    elif phase == PH_CEASEFIRE:
        ceasefire_phase(P, S, b, rep, day)
    elif phase == PH_SPONSORS:
        sponsors_phase(P, S, b, rep, day)
    elif phase == PH_NEIGHBOURS:
        neighbours_phase(P, S, b, rep, day)
    elif phase == PH_FACTIONS:
        factions_phase(P, S, b, rep, day)
    elif phase == PH_LOGISTICS:
        logistics_phase(P, S, b, rep, day)
    elif phase == PH_AIR:
        if P.esc_max >= 3:  # air strikes need the parties to allow level 3
            air_phase(P, S, b, rep, day)
        else:
            S.air_lost[b, :] = 0.0
            S.air_cut[b, :, :] = 1.0
    elif phase == PH_COMBAT:
        combat_phase(P, S, b, rep, day)
    elif phase == PH_CONTROL:
        control_phase(P, S, b, rep, day)
    elif phase == PH_ALLEGIANCE:
        allegiance_phase(P, S, b, rep, day)
    elif phase == PH_KEY_PLACES:
        key_places_phase(P, S, b, rep, day)
    elif phase == PH_CIVILIANS:
        civilians_phase(P, S, b, rep, day)
    elif phase == PH_ECONOMY:
        economy_phase(P, S, b, rep, day)
    elif phase == PH_ESCALATION:
        escalation_phase(P, S, b, rep, day)
    elif phase == PH_RECORD:
        record_phase(P, S, b, rep, day)
        record_international(P, S, b, day)


@njit(cache=True, inline="always")
def decisions(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """Run the decision phases of ``day`` in order."""
    for ph in P.decision_phases:
        run_phase(P, S, b, rep, day, ph)


@njit(cache=True, inline="always")
def dynamics(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """Run the dynamic phases of ``day`` in order (recording last)."""
    for ph in P.dynamic_phases:
        run_phase(P, S, b, rep, day, ph)


@njit(cache=True)
def initialise(P, S, b: int, rep: int) -> None:  # noqa: ANN001
    """Record row 0 and the initial holders of the key places of replicate ``b``."""
    for p in range(P.kp_indptr.shape[0] - 1):
        S.key_holder[b, p] = place_holder(P, S, b, p)
    S.changes[b] = 1
    S.field_stamp[b] = 0
    update_fields(P, S, b, 0)
    record_phase(P, S, b, rep, 0)
    record_international(P, S, b, 0)
