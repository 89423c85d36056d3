"""``libya-sim map``: draw a scenario's start (control, forces, places) as a self-contained HTML."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from simulator.cli.app import ScenarioArg, SetOpt, app
from simulator.cli.common import handle_errors
from simulator.errors import OutputError


@app.command(
    name="map",
    epilog=(
        "Examples:\n\n"
        "  libya-sim map scenarios/synthetic_duel.toml -o duel.html\n\n"
        "  libya-sim map scenarios/baseline.toml --set map.resolution_deg=0.15 -o baseline.html"
    ),
)
@handle_errors
def map_cmd(
    scenario: ScenarioArg,
    set_: SetOpt = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="HTML file to write (works offline).")
    ] = Path("map.html"),
) -> None:
    """Draw the scenario on day 0 as an interactive HTML map; the file's path is printed."""
    from simulator.core.build import build
    from simulator.plots.startmap import start_map_html
    from simulator.scenario import load_scenario

    s = load_scenario(scenario, set_ or [])
    _check_writable(output)
    html = start_map_html(build(s))
    write_text_atomic(output, html)
    typer.echo(str(output))


def _check_writable(path: Path) -> None:
    """Raise ``OutputError`` (exit 5) early when ``path`` cannot be written."""
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name such as map.html")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"{path}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"{path}: folder {parent} is not writable")


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` via a temporary file and a rename; none is left on error.

    Raises ``OutputError`` (exit 5) when the file cannot be written.
    """
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
