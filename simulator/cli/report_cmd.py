"""``libya-sim report DIR``: rebuild a results folder's HTML report from its files alone."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer

from simulator.cli.app import app
from simulator.cli.common import err, handle_errors, safe
from simulator.errors import MissingFileError, OutputError

DirArg = Annotated[Path, typer.Argument(help=(
    "A complete results folder of `libya-sim run`, or a finished sweep folder of "
    "`libya-sim sweep`."), show_default=False)]


@app.command(
    epilog=(
        "Examples:\n\n"
        "  libya-sim report runs/base100\n\n"
        "  libya-sim report runs/base100 -o base100.html\n\n"
        "  libya-sim report sweeps/smoke   (a sweep: indices, PRIM boxes, outcome maps)\n\n"
        "The report is one HTML file with plotly.js inside: it opens offline in any browser."
    )
)
@handle_errors
def report(
    folder: DirArg,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="HTML file to write (default: DIR/report.html).")] = None,
) -> None:
    """Write the interactive HTML report of a results or sweep folder; its path is printed."""
    from simulator.report import write_report
    from simulator.report.sweep_build import is_sweep_folder, write_sweep_report

    if not Path(folder).is_dir():
        raise MissingFileError(f"{folder}: no such results folder")
    path = output if output is not None else Path(folder) / "report.html"
    _check_writable(path)
    write = write_sweep_report if is_sweep_folder(folder) else write_report
    t0 = time.perf_counter()
    try:
        write(folder, path)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    err.print(f"report built in {time.perf_counter() - t0:.1f} s "
              f"({path.stat().st_size / 1e6:.1f} MB)")
    typer.echo(str(path))


def _check_writable(path: Path) -> None:
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name such as report.html")
    if not path.parent.is_dir():
        raise OutputError(f"{path}: folder {path.parent} does not exist")


def report_after_run(folder: Path) -> dict[str, Any]:
    """Write ``folder/report.html`` after a complete run and list it in the manifest.

    Returns ``{"report_s": seconds}`` on success. A report that fails is not written and the
    results stay as they are: one warning line on stderr, and the caller carries on.
    """
    from simulator.compare import read_manifest
    from simulator.output import write_manifest
    from simulator.report import write_report

    t0 = time.perf_counter()
    try:
        path = write_report(folder)
        seconds = time.perf_counter() - t0
        manifest = read_manifest(folder)
        manifest.setdefault("files", {})["report"] = path.name
        manifest.setdefault("timings", {})["report_s"] = seconds
        write_manifest(folder, manifest)
    except Exception as exc:  # noqa: BLE001 - the results are complete: never lose them
        text = " ".join(str(exc).split())[:200]
        err.print(f"warning: the report could not be built ({type(exc).__name__}: "
                  f"{safe(text)}); the results are complete. Retry with: libya-sim report "
                  f"{safe(folder)}")
        return {}
    err.print(f"report: {safe(path)} ({path.stat().st_size / 1e6:.1f} MB, {seconds:.1f} s)")
    return {"report_s": seconds}
