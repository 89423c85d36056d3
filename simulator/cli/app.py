"""The Typer application: global options and the scenario commands ``validate`` and ``show``."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Annotated

import typer

from simulator import __version__
from simulator.cli.common import STATE, handle_errors, out, safe
from simulator.errors import ExitCode

app = typer.Typer(
    name="libya-sim",
    help=(
        "Agent-based scenario simulator of the war in Libya (GNA, LNA, their sponsors and "
        "neighbours). Every run is a hypothetical scenario of a model, not a forecast.\n\n"
        "Exit codes: 0 ok, 1 internal error, 2 bad option, 3 invalid scenario or --set, "
        "4 missing file, 5 cannot write results, 6 sweep partly failed, 130/143 interrupted."
    ),
    epilog=(
        "Examples:\n\n"
        "  libya-sim validate scenarios/baseline.toml\n\n"
        "  libya-sim run scenarios/baseline.toml --replicates 20 -o runs/base20\n\n"
        "  libya-sim run scenarios/synthetic_duel.toml --set combat.noise=0.5\n\n"
        "  libya-sim compare runs/a runs/b -o a-vs-b.csv\n\n"
        "  libya-sim sweep experiments/smoke.toml -o sweeps/smoke\n\n"
        "Every command's --help shows its own examples."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)

# Python 3.11's default (700, 10, 10) ran 3 full collections, ~0.2 s in all, while a run
# imports numba, scipy and pandas; these still collect young objects, and everything now and then.
GC_THRESHOLDS = (50_000, 20, 100)

ScenarioArg = Annotated[Path, typer.Argument(help="Scenario file (TOML).", show_default=False)]
SetOpt = Annotated[
    list[str] | None,
    typer.Option("--set", "-s", metavar="KEY=VALUE",
                 help="Override a scenario value; VALUE is TOML (repeatable)."),
]


def _version(value: bool) -> None:
    if value:
        out.print(f"libya-sim {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[bool | None, typer.Option("--version", callback=_version, is_eager=True,
                                                 help="Print the version and exit.")] = None,
) -> None:
    """Run scenarios of the war in Libya; see each command's --help for examples."""
    STATE["debug"] = debug


@app.command(epilog=(
    "Examples:\n\n"
    "  libya-sim validate scenarios/baseline.toml\n\n"
    "  libya-sim validate scenarios/baseline.toml --set run.days=90"
))
@handle_errors
def validate(scenario: ScenarioArg, set_: SetOpt = None) -> None:
    """Check a scenario file and print a summary; exit 3 (invalid) or 4 (missing) on problems."""
    from simulator.core.build import build_map
    from simulator.geography.regionsets import resolve_places
    from simulator.scenario import load_scenario

    s = load_scenario(scenario, set_ or [])
    m = build_map(s)
    places = resolve_places(s, m)
    out.print(f"[green]valid:[/] {safe(s.source)}: {safe(s.name)}")
    out.print(f"  {s.run.days} days from {s.run.start_date}, {s.run.replicates} replicate(s), "
              f"seed {s.run.seed}")
    out.print(f"  map: {s.map.kind}, {int(m.land.sum())} land regions")
    out.print(f"  factions: {', '.join(safe(f) for f in s.faction_ids)}")
    sizes = ", ".join(f"{safe(k)} ({len(v)})" for k, v in places.items())
    out.print(f"  places (regions): {sizes or 'none'}")


@app.command(epilog=(
    "Examples:\n\n"
    "  libya-sim show scenarios/baseline.toml\n\n"
    "  libya-sim show scenarios/history_2019_2020.toml --set run.days=90 > history90.toml"
))
@handle_errors
def show(scenario: ScenarioArg, set_: SetOpt = None) -> None:
    """Print the resolved scenario (parents merged, overrides applied, defaults filled) as TOML."""
    from simulator.output import resolved_toml
    from simulator.scenario import load_scenario

    s = load_scenario(scenario, set_ or [])
    typer.echo(resolved_toml(s), nl=False)


def main() -> None:
    """Run the command line; exit with its documented code."""
    STATE["owns_process"] = True
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        app()
    except KeyboardInterrupt:
        raise SystemExit(int(ExitCode.INTERRUPTED_INT)) from None
    finally:
        gc.freeze()  # the process ends: spare the interpreter's last full collections (~0.3 s)
