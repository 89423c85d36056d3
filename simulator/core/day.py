"""One day: the phase list as data, split into decisions and dynamics (MODEL.md, "One day").

The order of phases is data: ``Params.decision_phases`` and ``Params.dynamic_phases`` hold phase
codes from ``PHASES``, and the compiled day runs them in that order. Decisions come first so one
actor's rule can be replaced by Python between the two calls while the dynamics stay compiled.
"""

from __future__ import annotations

from numba import njit

from simulator.core.air import air_phase
from simulator.core.allegiance import allegiance_phase
from simulator.core.civilians import civilians_phase
from simulator.core.combat import combat_phase
from simulator.core.control import control_phase, key_places_phase, place_holder
from simulator.core.economy import economy_phase
from simulator.core.factions import factions_phase
from simulator.core.fields import update_fields
from simulator.core.logistics import logistics_phase
from simulator.core.record import record_phase

# Every phase the engine knows, by code. Decision phases are added by later mechanisms.
PHASES = ("factions", "logistics", "air", "combat", "control", "allegiance", "key_places",
          "civilians", "economy", "record")
(PH_FACTIONS, PH_LOGISTICS, PH_AIR, PH_COMBAT, PH_CONTROL, PH_ALLEGIANCE, PH_KEY_PLACES,
 PH_CIVILIANS, PH_ECONOMY, PH_RECORD) = range(len(PHASES))
DECISION_PHASES = ("factions",)
DYNAMIC_PHASES = ("logistics", "air", "combat", "control", "allegiance", "key_places",
                  "civilians", "economy", "record")
OPTIONAL_PHASES = PHASES[:-1]


@njit(cache=True)
def run_phase(P, S, b: int, rep: int, day: int, phase: int) -> None:  # noqa: ANN001
    """Run one phase, by code, for replicate ``b`` (global replicate ``rep``) on ``day``."""
    if phase == PH_FACTIONS:
        factions_phase(P, S, b, rep, day)
    elif phase == PH_LOGISTICS:
        logistics_phase(P, S, b, rep, day)
    elif phase == PH_AIR:
        air_phase(P, S, b, rep, day)
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
    elif phase == PH_RECORD:
        record_phase(P, S, b, rep, day)


@njit(cache=True)
def decisions(P, S, b: int, rep: int, day: int) -> None:  # noqa: ANN001
    """Run the decision phases of ``day`` in order."""
    for ph in P.decision_phases:
        run_phase(P, S, b, rep, day, ph)


@njit(cache=True)
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
