"""``libya-sim run``: run a scenario, write a results folder, print a summary.

The folder is built under a temporary name and renamed when the run ends: ``complete``, or
``interrupted`` (SIGINT/SIGTERM: exit 130/143) or ``failed: ...`` with only the resolved scenario
and the manifest, so an unfinished folder never looks complete.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from simulator.cli.app import ScenarioArg, SetOpt, app
from simulator.cli.common import StopSignals, err, handle_errors, isatty, out, safe
from simulator.errors import UserError

COMPILE_NOTICE_S = 2.0  # loading the kernels from the disk cache takes about a second
# what the run needs after simulating, imported while the kernels load and simulate (engine.run)
AFTER_RUN_IMPORTS = ("simulator.results", "pandas.io.parquet", "pyarrow.parquet",
                     "simulator.cli.summary")


class RunView:
    """What the terminal shows while a run goes: the compile notice, then progress.

    The compile notice appears only when getting the kernels ready takes longer than
    ``COMPILE_NOTICE_S`` (a real compile, not a load from the disk cache). A Rich progress bar
    is drawn on stderr when it is a terminal; otherwise one line says the simulation started.
    """

    def __init__(self, replicates: int, days: int) -> None:
        self.done, self.total = 0, replicates * days
        self.replicates, self.days = replicates, days
        self.started = False
        self._t_compile: float | None = None
        self._timer: threading.Timer | None = None
        self._noticed = False
        self._bar: Any = None
        self._task: Any = None

    def compiling(self) -> None:
        """Start the clock of the kernels' compile; the notice shows if it takes a while."""
        self._t_compile = time.perf_counter()
        self._timer = threading.Timer(COMPILE_NOTICE_S, self._notice)
        self._timer.daemon = True
        self._timer.start()

    def _notice(self) -> None:
        self._noticed = True
        err.print("compiling the engine (first run after an install or an edit; about a "
                  "minute, cached afterwards) ...")

    def update(self, done: int, total: int, first: Any = None) -> None:
        """Show ``done`` of ``total`` replicate-days; call ``first()`` on the first update."""
        self.done, self.total = done, total
        if not self.started:
            self.started = True
            self._start(first)
        if self._bar is not None:
            self._bar.update(self._task, completed=done)

    def _start(self, first: Any) -> None:
        if self._timer is not None:
            self._timer.cancel()
        if self._noticed and self._t_compile is not None:
            err.print(f"compiled in {time.perf_counter() - self._t_compile:.1f} s")
        if first is not None:
            first()
        what = f"{self.replicates:,} replicate(s) x {self.days:,} days"
        if not isatty():
            err.print(f"simulating {what} ...")
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(TextColumn("simulating"), BarColumn(), MofNCompleteColumn(),
                             TextColumn("replicate-days"), TimeElapsedColumn(),
                             TimeRemainingColumn(), console=err, transient=True)
        self._task = self._bar.add_task(what, total=self.total, completed=self.done)
        self._bar.start()

    def close(self) -> None:
        """Stop the notice timer and remove the progress bar."""
        if self._timer is not None:
            self._timer.cancel()
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _default_folder(slug: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path("runs") / f"{slug}-{stamp}"


@app.command(
    epilog=(
        "Examples:\n\n"
        "  libya-sim run scenarios/baseline.toml\n\n"
        "  libya-sim run scenarios/baseline.toml --replicates 100 --days 730 -o runs/base100\n\n"
        "  libya-sim run scenarios/baseline.toml --set factions.lna.morale=0.5 --seed 7\n\n"
        "Ctrl-C (SIGINT) or SIGTERM stops the run within a second or two (a second Ctrl-C at "
        "once) and exits 130 or 143, leaving a folder whose manifest.json says "
        "status: interrupted."
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
    no_report: Annotated[bool, typer.Option(
        "--no-report", help="Do not write report.html (rebuild it later with "
        "`libya-sim report DIR`).")] = False,
) -> None:
    """Run a scenario and write its results folder; the folder's path is printed last."""
    from simulator.scenario import load_scenario

    if fmt not in ("parquet", "csv"):
        raise UserError(f"--format: expected parquet or csv (got {fmt!r})", code=2)
    s = load_scenario(scenario, set_ or [])
    seed = s.run.seed if seed is None else seed
    replicates = s.run.replicates if replicates is None else replicates
    days = s.run.days if days is None else days
    folder = output if output is not None else _default_folder(s.slug)
    results, path = _run_into(s, folder, seed, replicates, days, fmt)
    if not no_report:
        from simulator.cli.report_cmd import report_after_run

        report_after_run(path)
    from simulator.cli.summary import print_summary  # pandas: imported during the run

    print_summary(results)
    t = results.timings
    out.print(f"simulated {len(results.replicates)} x {results.days} days in "
              f"{t.simulate:.2f} s")
    typer.echo(str(path))


def _run_into(s: Any, folder: Path, seed: int, replicates: int, days: int,
              fmt: str) -> tuple[Any, Path]:
    """Return the results and the finished folder; exit 130/143 when a signal stops the run."""
    from simulator.engine import Interrupted
    from simulator.engine import run as run_engine
    from simulator.output import ResultsFolder, timings_dict

    t0 = time.perf_counter()
    view = RunView(replicates, days)
    with StopSignals() as stop:
        with stop.held():
            rf = ResultsFolder(folder)
        try:
            with stop.held():
                rf.start(s, seed, list(range(replicates)), days)
            if stop.poll():
                raise KeyboardInterrupt
            stop.on_immediate = lambda signum: _exit_now(rf, stop, view, t0)
            results = run_engine(s, seed=seed, replicates=replicates, days=days,
                                 on_compile=view.compiling,
                                 progress=lambda d, n: view.update(d, n, stop.defer),
                                 should_stop=stop.poll, background_imports=AFTER_RUN_IMPORTS)
            view.close()
            t1 = time.perf_counter()
            if not rf.write_results(results, fmt, should_stop=stop.poll):
                raise KeyboardInterrupt
            stop.hold()
            timings = {**timings_dict(results.timings), "write_s": time.perf_counter() - t1,
                       "total_s": time.perf_counter() - t0}
            return results, rf.finish("complete", timings)
        except (Interrupted, KeyboardInterrupt) as exc:
            stop.hold()
            view.close()
            _stopped(rf, stop, exc, view, time.perf_counter() - t0)
            raise typer.Exit(int(stop.exit_code())) from None
        except BaseException as exc:
            stop.hold()
            view.close()
            _failed(rf, exc, time.perf_counter() - t0)
            raise


def _stopped(rf: Any, stop: StopSignals, exc: BaseException, view: RunView,
             elapsed: float) -> None:
    """Finish the folder as interrupted and print one line saying what was done."""
    from simulator.output import timings_dict

    done = getattr(exc, "done", view.done)
    total = view.total
    reps = getattr(exc, "replicates_done", None)  # unknown when the handler raised at once
    finished = None if reps is None else len(reps)
    timings = timings_dict(getattr(exc, "timings", None))
    try:
        path = rf.finish("interrupted", {**timings, "total_s": elapsed}, interrupted={
            "signal": stop.name(), "replicate_days_done": done, "replicate_days_total": total,
            "replicates_finished": finished})
        where = f"the folder {safe(path)} says status: interrupted"
    except Exception:  # noqa: BLE001 - the disk failed too: leave nothing that looks whole
        rf.discard()
        where = "no results folder was left"
    err.print(f"interrupted by {stop.name()} after {done:,} of {total:,} replicate-days; "
              f"{where}")


def _exit_now(rf: Any, stop: StopSignals, view: RunView, t0: float) -> None:
    """Finish the folder as interrupted and end the process (a signal while compiling)."""
    view.close()
    _stopped(rf, stop, KeyboardInterrupt(), view, time.perf_counter() - t0)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(int(stop.exit_code()))


def _failed(rf: Any, exc: BaseException, elapsed: float) -> None:
    """Finish the folder as ``failed: ...`` (or remove it when nothing can be written)."""
    if isinstance(exc, (typer.Exit, SystemExit)):
        rf.discard()
        return
    text = " ".join(str(exc).split())[:300]
    try:
        rf.finish(f"failed: {type(exc).__name__}: {text}", {"total_s": elapsed})
    except Exception:  # noqa: BLE001 - keep the original error, leave nothing half-done
        rf.discard()
