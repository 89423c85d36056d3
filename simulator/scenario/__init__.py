"""Scenario files: schema, loading with ``extends`` and overrides, and error rendering."""

from simulator.scenario.loader import load_scenario, scenario_from_dict
from simulator.scenario.schema import Scenario

__all__ = ["Scenario", "load_scenario", "scenario_from_dict"]
