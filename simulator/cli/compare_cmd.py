"""``libya-sim compare A B``: paired differences B - A between two results folders."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from simulator.cli.app import app
from simulator.cli.common import err, handle_errors, out, safe
from simulator.errors import OutputError, UserError

FolderArg = Annotated[Path, typer.Argument(help="A complete results folder of `libya-sim run`.",
                                           show_default=False)]


@app.command(
    epilog=(
        "Example:\n\n"
        "  libya-sim run scenarios/baseline.toml -r 100 --seed 1 -o runs/base\n\n"
        "  libya-sim run scenarios/baseline.toml -r 100 --seed 1 "
        "--set combat.noise=0.5 -o runs/noisy\n\n"
        "  libya-sim compare runs/base runs/noisy -o base-vs-noisy.csv\n\n"
        "(writes base-vs-noisy.csv and the HTML report base-vs-noisy.html)\n\n"
        "Both folders must be complete and hold the same root seed and replicate numbers "
        "(exit 3 otherwise); replicate r of A is paired with replicate r of B."
    )
)
@handle_errors
def compare(
    dir_a: FolderArg,
    dir_b: FolderArg,
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="Table to write: FILE.csv or FILE.parquet.")]
    = Path("comparison.csv"),
    report: Annotated[Path | None, typer.Option(
        "--report", help="HTML report to write (default: the table's name with .html).")]
    = None,
    no_report: Annotated[bool, typer.Option("--no-report", help="Do not write the HTML report.")]
    = False,
) -> None:
    """Print and write the paired differences B - A of every outcome; the file's path is last.

    Also writes an offline HTML report (the differences with their intervals, and A and B over
    time) unless --no-report.
    """
    from simulator.compare import load_folder, paired_differences
    from simulator.output import write_frame

    if output.suffix not in (".csv", ".parquet"):
        raise UserError(f"--output: expected a file name ending in .csv or .parquet (got "
                        f"{output})", code=2)
    a, b = load_folder(dir_a), load_folder(dir_b)
    table = paired_differences(a, b)
    if a.manifest.get("days") != b.manifest.get("days"):
        err.print(f"note: A ran {a.manifest.get('days')} days, B {b.manifest.get('days')}")
    out.print(_rich_table(table, a.manifest, b.manifest))
    if output.is_dir():
        raise OutputError(f"{output}: is a folder; give a file name such as comparison.csv")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_frame(table, output)
    except OSError as exc:
        raise OutputError(f"{output}: cannot write ({exc.strerror or exc})") from None
    if not no_report:
        _write_report(dir_a, dir_b, table, report or output.with_suffix(".html"))
    typer.echo(str(output))


def _write_report(dir_a: Path, dir_b: Path, table: Any, path: Path) -> None:
    """Write the HTML comparison report; raise ``OutputError`` (exit 5) if it cannot be."""
    from simulator.report.compare import write_compare_report

    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name such as comparison.html")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_compare_report(dir_a, dir_b, table, path)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    err.print(f"report: {safe(path)}")


def _num(x: float) -> str:
    if math.isnan(x):
        return "-"
    return f"{x:,.3g}" if abs(x) < 1000 else f"{x:,.0f}"


def _rich_table(df: Any, ma: dict[str, Any], mb: dict[str, Any]) -> Table:
    """Return the comparison as a Rich table: shares for categories, means for numbers."""
    n = int(df["n_pairs"].iloc[0]) if len(df) else 0
    title = (f"B ({safe(mb.get('name'))}) - A ({safe(ma.get('name'))}): {n} paired "
             f"replicate(s), seed {safe(ma.get('seeds', {}).get('root'))}")
    t = Table(title=title, title_justify="left", caption_justify="left",
              caption="mean of B - A with its 95% t interval; P(B>A): share of pairs; for a "
              "category, the share of replicates in it")
    for name, justify in (("outcome", "left"), ("A", "right"), ("B", "right"),
                          ("B - A [95% interval]", "right"), ("P(B>A)", "right")):
        t.add_column(name, justify=justify)  # type: ignore[arg-type]
    for r in df.itertuples(index=False):
        if r.category:
            label, fmt = f"{safe(r.outcome)} = {safe(r.category)}", "{:.0%}".format
        else:
            label, fmt = safe(r.outcome), _num
        interval = "" if math.isnan(r.diff_low) else f" [{fmt(r.diff_low)}, {fmt(r.diff_high)}]"
        t.add_row(label, fmt(r.mean_a), fmt(r.mean_b), f"{fmt(r.mean_diff)}{interval}",
                  f"{r.share_b_gt_a:.0%}")
    return t
