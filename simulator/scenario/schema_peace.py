"""Scenario tables of neighbours, mediators and the ceasefire (docs/MODEL.md, phases 2 and 4)."""

from __future__ import annotations

from pydantic import model_validator

from simulator.scenario.fields import Id, Section, field, list_field


class Neighbour(Section):
    """A neighbouring state: spillover, border posture, a red line, mediation."""

    label: str = field("", "-", "Display name (defaults to the id, capitalised).",
                       max_length=200)
    inflow_tolerance: float = field(500.0, "refugees/day", "Refugees arriving a day that add "
                                    "one unit of spillover pressure.", gt=0, le=1e7)
    fight_weight: float = field(1.0, "per intensity", "Pressure per unit of combat intensity "
                                "near its crossings.", ge=0, le=100)
    spillover_days: float = field(14.0, "days", "Smoothing time of the pressure.", ge=1,
                                  le=365)
    reinforce_at: float = field(1.0, "pressure", "Pressure from which the border is "
                                "reinforced.", ge=0, le=1e6)
    close_at: float = field(3.0, "pressure", "Pressure from which it is closed.", ge=0, le=1e6)
    reopen_at: float = field(0.5, "pressure", "Pressure below which it opens again.", ge=0,
                             le=1e6)
    troops: float = field(1000.0, "soldiers", "Soldiers at a reinforced border (twice when "
                          "closed).", ge=0, le=1e6)
    red_line: Id | None = field(None, "-", "Place id of the red line (none: no red line).")
    red_line_against: list[Id] = list_field("-", "Factions whose holding of the red line "
                                            "crosses it.")
    red_line_declared: bool = field(False, "-", "Declared on day 0 (else by an event).")
    red_line_days: int = field(3, "days", "Days a red-line region must be held to cross it.",
                               ge=1, le=365)
    credibility: float = field(0.5, "probability", "Chance of intervening once the line is "
                               "crossed.", ge=0, le=1)
    ally: Id | None = field(None, "-", "Faction its intervention forces fight beside.")
    entry: list[Id] = list_field("-", "Places where its forces enter (default: the ally's "
                                 "supply sources).")
    intervention_troops: float = field(5000.0, "soldiers", "Soldiers sent in an "
                                       "intervention.", ge=0, le=1e6)
    mobilise_days: int = field(14, "days", "Days from the decision to intervene to arrival.",
                               ge=0, le=365)
    mediation: float = field(0.0, "pressure units", "Its share in mediation (Algeria).", ge=0,
                             le=10)

    @model_validator(mode="after")
    def _order(self) -> Neighbour:
        if not self.reopen_at <= self.reinforce_at <= self.close_at:
            raise ValueError("thresholds must satisfy reopen_at <= reinforce_at <= close_at")
        if self.red_line is not None and (self.ally is None or not self.red_line_against):
            raise ValueError("a red line needs an ally and red_line_against factions")
        return self


class Mediator(Section):
    """A mediator: pressure for talks and the terms it puts on the table."""

    label: str = field("", "-", "Display name.", max_length=200)
    pressure: float = field(0.5, "pressure units", "Mediation pressure.", ge=0, le=10)
    monitoring: float = field(0.0, "0-1", "Monitoring offered in a ceasefire.", ge=0, le=1)
    buffer_zone: float = field(0.0, "0-1", "Buffer zone (demilitarisation) offered.", ge=0,
                               le=1)
    withdrawal: float = field(0.0, "0-1", "Withdrawal of foreign forces offered (binds the "
                              "sponsors by a deal while the ceasefire holds).", ge=0, le=1)
    channel: list[Id] = list_field("-", "Two sponsor ids: a channel between rival sponsors "
                                   "(Russia-Turkey), weakened by the linked-theatre tension.",
                                   max_length=2)


class CeasefireSettings(Section):
    """The ceasefire process (docs/MODEL.md, Mediation and the ceasefire (phase 2))."""

    talks_rate: float = field(0.01, "1/day per pressure", "Talks hazard per unit of "
                              "mediation pressure.", ge=0, le=1)
    mhs_weight: float = field(1.0, "pressure units", "Weight of a mutually hurting "
                              "stalemate.", ge=0, le=100)
    mhs_losses: float = field(2.0, "fighters/day", "Losses each faction must suffer for a "
                              "stalemate to hurt.", ge=0, le=1e6)
    mhs_static: float = field(0.01, "territory share", "Largest territory change of a static "
                              "front.", ge=0, le=1)
    agree_rate: float = field(0.03, "1/day", "Agreement probability of talks.", ge=0, le=1)
    collapse_rate: float = field(0.01, "1/day", "Collapse probability of talks.", ge=0, le=1)
    weibull_scale: float = field(0.0015, "1/day", "lambda of the violation hazard.", gt=0,
                                 le=1)
    weibull_shape: float = field(0.6, "-", "rho of the violation hazard (< 1: fragile "
                                 "early).", gt=0, le=5)
    monitoring_hr: float = field(0.4, "x", "Hazard ratio of full monitoring.", gt=0, le=100)
    buffer_hr: float = field(0.6, "x", "Hazard ratio of a full buffer zone.", gt=0, le=100)
    withdrawal_hr: float = field(0.6, "x", "Hazard ratio of full withdrawal.", gt=0, le=100)
    spoiler_hr: float = field(2.0, "x", "Hazard ratio of full spoilers.", gt=0, le=100)
    shift_hr: float = field(3.0, "x", "Hazard ratio of a full shift in power.", gt=0, le=100)
    shift_scale: float = field(0.1, "share of fighters", "Shift in power counted as full.",
                               gt=0, le=1)
    spoilers: float = field(0.0, "0-1", "Strength of spoilers.", ge=0, le=1)
    grace_days: int = field(14, "days", "Days a violated ceasefire may be restored.", ge=1,
                            le=365)
    restore_rate: float = field(0.05, "1/day", "Restoration probability of a violated "
                                "ceasefire (times 1 + pressure).", ge=0, le=1)
    tension: float = field(0.0, "0-1", "Linked-theatre tension (Idlib) on day 0.", ge=0, le=1)
