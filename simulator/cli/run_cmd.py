"""``libya-sim run``: run a scenario, write a results folder, print a summary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from simulator.cli.app import ScenarioArg, SetOpt, app
from simulator.cli.common import err, handle_errors, isatty, out
from simulator.cli.summary import print_summary
from simulator.errors import UserError


def _default_folder(slug: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path("runs") / f"{slug}-{stamp}"


@app.command(
    epilog=(
        "Examples:\n\n"
        "  libya-sim run scenarios/baseline.toml\n\n"
        "  libya-sim run scenarios/baseline.toml --replicates 100 --days 730 -o runs/base100\n\n"
        "  libya-sim run scenarios/baseline.toml --set sponsors.turkey.enabled=false"
    )
)
@handle_errors
def run(
    scenario: ScenarioArg,
    seed: Annotated[int | None, typer.Option(min=0, help="Root seed (default: the scenario's).")]
    = None,
    replicates: Annotated[int | None, typer.Option("--replicates", "-r", min=1,
                                                   help="Replicates (default: the scenario's).")]
    = None,
    days: Annotated[int | None, typer.Option("--days", "-d", min=1,
                                             help="Days to simulate (default: the scenario's).")]
    = None,
    set_: SetOpt = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Results folder "
                                                "(default: runs/<name>-<timestamp>).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="Table format: parquet or csv.")]
    = "parquet",
) -> None:
    """Run a scenario and write its results folder; the folder's path is printed last."""
    from simulator.engine import run as run_engine
    from simulator.output import write_results
    from simulator.scenario import load_scenario

    if fmt not in ("parquet", "csv"):
        raise UserError(f"--format: expected parquet or csv (got {fmt!r})", code=2)
    s = load_scenario(scenario, set_ or [])
    folder = output if output is not None else _default_folder(s.slug)
    if folder.exists() and any(folder.iterdir()):
        raise UserError(f"{folder}: folder exists and is not empty; choose another -o", code=5)

    def compiling() -> None:
        err.print("compiling the engine (first run after an install or an edit; "
                  "about a minute, cached afterwards) ...")

    results = run_engine(s, seed=seed, replicates=replicates, days=days,
                         on_compile=compiling, progress=_progress() if isatty() else None)
    t = results.timings
    if t.compiled_fresh:
        err.print(f"compiled in {t.compile:.1f} s")
    path = write_results(results, folder, fmt)
    print_summary(results)
    out.print(f"simulated {len(results.replicates)} x {results.days} days in "
              f"{t.simulate:.2f} s")
    typer.echo(str(path))


def _progress():  # noqa: ANN202
    state = {"last": -1}

    def update(done: int, total: int) -> None:
        pct = int(100 * done / max(total, 1))
        if pct != state["last"]:
            state["last"] = pct
            err.print(f"\r  {pct:3d}% ({done:,} of {total:,} replicate-days)", end="")
            if done >= total:
                err.print("")

    return update
