"""``--help`` of the top level and of every command exits 0 and shows at least one example."""

from __future__ import annotations

import re

import pytest
import typer
from typer.testing import CliRunner

from simulator.cli import app

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def examples(text: str, command: str | None) -> list[str]:
    """Return the example lines of a help text: ``libya-sim <command> ...``, not the usage."""
    want = f"libya-sim {command} " if command else "libya-sim "
    lines = [ANSI.sub("", line).strip(" │") for line in text.splitlines()]
    found = [ln for ln in lines if ln.startswith(want) and not ln.startswith("Usage:")]
    if command is None:  # the top level: examples of real commands
        found = [ln for ln in found if ln.split()[1] in COMMANDS]
    return found


def test_every_command_is_listed() -> None:
    assert set(COMMANDS) >= {"validate", "show", "run", "compare", "report", "map", "sweep",
                             "analyze"}


@pytest.mark.parametrize("command", [None, *COMMANDS], ids=lambda c: c or "top-level")
def test_help_shows_an_example(command: str | None) -> None:
    args = ["--help"] if command is None else [command, "--help"]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert examples(result.stdout, command), f"no example in:\n{result.stdout}"
