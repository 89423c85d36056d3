"""The ``libya-sim`` command line (Typer + Rich)."""

from simulator.cli import (  # noqa: F401  (each module registers its command)
    analyze_cmd,
    compare_cmd,
    map_cmd,
    report_cmd,
    run_cmd,
    sweep_cmd,
)
from simulator.cli.app import app, main

__all__ = ["app", "main"]
