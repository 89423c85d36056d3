"""The ``libya-sim`` command line (Typer + Rich)."""

from simulator.cli import compare_cmd, map_cmd, report_cmd, run_cmd  # noqa: F401  (each module registers its command)
from simulator.cli.app import app, main

__all__ = ["app", "main"]
