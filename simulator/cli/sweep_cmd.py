"""``libya-sim sweep``: run an experiment's batches on a process pool or a Dask cluster.

The sweep folder is the store: finished batches stay on disk, so a sweep stopped by Ctrl-C
(exit 130), SIGTERM (143), SIGKILL or a dying worker goes on with ``--resume``.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from simulator.cli.app import app
from simulator.cli.common import StopSignals, err, handle_errors, isatty, out, safe
from simulator.errors import ExitCode, UserError


class SweepView:
    """The progress of a sweep on stderr: a Rich bar on a terminal, else a line at the end."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._task: Any = None
        self.done = self.total = self.failures = 0

    def update(self, done: int, total: int, failures: int) -> None:
        """Show ``done`` of ``total`` runs and the failures so far."""
        self.done, self.total, self.failures = done, total, failures
        if self._bar is None and isatty():
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(TextColumn("sweeping"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("runs, {task.fields[failures]} failed"),
                                 TimeElapsedColumn(), TextColumn("left"),
                                 TimeRemainingColumn(), console=err, transient=True)
            self._task = self._bar.add_task("sweep", total=total, completed=done,
                                            failures=failures)
            self._bar.start()
        elif self._bar is None and total and not done:
            err.print(f"sweeping {total:,} runs ...")
        if self._bar is not None:
            self._bar.update(self._task, completed=done, failures=failures)

    def close(self) -> None:
        """Remove the progress bar."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _default_folder(slug: str) -> Path:
    return Path("sweeps") / f"{slug}-{dt.datetime.now().strftime('%Y%m%d-%H%M%S')}"


def _slug(name: str) -> str:
    s = "".join(c if c.isalnum() else "-" for c in name.lower())
    return "-".join(p for p in s.split("-") if p)[:60] or "sweep"


@app.command(
    epilog=(
        "Examples:\n\n"
        "  libya-sim sweep experiments/smoke.toml -o sweeps/smoke\n\n"
        "  libya-sim sweep experiments/smoke.toml -o sweeps/smoke --resume\n\n"
        "  libya-sim sweep experiments/smoke.toml --scheduler tcp://127.0.0.1:8786\n\n"
        "Exit codes: 0 every run succeeded, 6 the sweep finished but some runs failed (their "
        "rows in outcomes.parquet hold the error), 130/143 interrupted (resume with --resume)."
    )
)
@handle_errors
def sweep(
    experiment: Annotated[Path, typer.Argument(help="Experiment file (TOML).",
                                               show_default=False)],
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=1, help=(
        "Worker processes of the local pool (default: the CPU count)."))] = None,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", metavar="tcp://HOST:PORT", help="Run on this Dask scheduler's workers "
        "instead of a local pool.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=(
        "Sweep folder (default: sweeps/<name>-<timestamp>)."))] = None,
    resume: Annotated[bool, typer.Option("--resume", help=(
        "Go on with the sweep in -o DIR: run only its missing batches."))] = False,
) -> None:
    """Run a parameter sweep and write its folder; the folder's path is printed last."""
    from simulator.sweep import load_experiment

    if resume and output is None:
        raise UserError("--resume needs -o DIR naming the sweep to go on with",
                        code=ExitCode.USAGE)
    if scheduler is not None and workers is not None:
        raise UserError("--workers is for the local pool; with --scheduler the cluster's "
                        "workers run the batches", code=ExitCode.USAGE)
    lx = load_experiment(experiment)
    folder_path = output if output is not None else _default_folder(_slug(lx.experiment.name))
    if not resume and folder_path.exists() and (not folder_path.is_dir()
                                                or any(folder_path.iterdir())):
        raise UserError(f"{folder_path}: exists and is not an empty folder; choose another -o, "
                        "or add --resume to go on with that sweep", code=ExitCode.OUTPUT)
    if resume and (folder_path / "manifest.json").exists():
        from simulator.output import scenario_sha256
        from simulator.sweep.store import SweepFolder, code_identity

        SweepFolder.open(folder_path, lx.sha256, scenario_sha256(lx.base), code_identity())
    result = _run(lx, folder_path, workers or os.cpu_count() or 1, scheduler, resume)
    out.print(f"{result.runs:,} runs ({result.batches_run} batches this time) in "
              f"{result.seconds:.1f} s; {result.failures:,} failed")
    typer.echo(str(result.path))
    if result.failures:
        err.print(f"[yellow]partial:[/] {result.failures:,} run(s) failed; their rows in "
                  "outcomes.parquet hold the error")
        raise typer.Exit(int(ExitCode.PARTIAL))


def _run(lx: Any, path: Path, workers: int, scheduler: str | None, resume: bool) -> Any:
    """Return the finished sweep; exit 130/143 when a signal stops it."""
    from simulator.sweep.executors import DaskExecutor, LocalPool
    from simulator.sweep.prepare import prepare
    from simulator.sweep.runner import Stopped, execute, open_or_create

    state: dict[str, Any] = {"folder": None, "executor": None}
    view = SweepView()
    with StopSignals() as stop:
        stop.on_immediate = lambda signum: _exit_now(state, stop, view)
        executor = DaskExecutor(scheduler) if scheduler else LocalPool(workers)
        state["executor"] = executor
        try:
            t0 = time.perf_counter()
            prep = prepare(lx)
            n_workers = workers if scheduler is None else max(1, executor.slots // 2)
            with stop.held():
                folder, plan = open_or_create(lx, prep, path, resume, n_workers)
                state["folder"] = folder
            if stop.poll():
                raise Stopped()
            err.print(f"prepared in {time.perf_counter() - t0:.1f} s: {plan.n_points:,} points "
                      f"x {lx.experiment.replicates} replicates in {plan.n_batches:,} batches "
                      f"of {plan.batch_size}")
            stop.defer()
            result = execute(lx, prep, folder, plan, executor, view.update, stop.poll)
            view.close()
            executor.close()
            return result
        except (Stopped, KeyboardInterrupt):
            stop.hold()
            _stopped(state, stop, view)
            raise typer.Exit(int(stop.exit_code())) from None
        except BaseException as exc:
            stop.hold()
            view.close()
            executor.close(kill=True)
            if state["folder"] is not None and not isinstance(exc, (typer.Exit, SystemExit)):
                text = " ".join(str(exc).split())[:300]
                state["folder"].save(status=f"failed: {type(exc).__name__}: {text}")
            raise


def _stopped(state: dict[str, Any], stop: StopSignals, view: SweepView) -> None:
    from simulator.sweep.runner import mark_stopped

    view.close()
    if state["executor"] is not None:
        state["executor"].close(kill=True)
    folder = state["folder"]
    if folder is None:
        err.print(f"interrupted by {stop.name()} before the sweep began; nothing was written")
        return
    mark_stopped(folder, stop.name())
    err.print(f"interrupted by {stop.name()} after {view.done:,} of {view.total:,} runs; "
              f"{safe(folder.path)} says status: interrupted (go on with --resume)")


def _exit_now(state: dict[str, Any], stop: StopSignals, view: SweepView) -> None:
    """Record the stop and end the process at once (a signal while compiling or preparing)."""
    _stopped(state, stop, view)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(int(stop.exit_code()))
