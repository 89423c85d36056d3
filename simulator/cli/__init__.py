"""The ``libya-sim`` command line (Typer + Rich)."""

from simulator.cli.app import app, main

__all__ = ["app", "main"]
