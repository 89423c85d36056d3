"""``libya-sim analyze DIR``: sensitivity indices and PRIM boxes of a finished sweep."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any

import typer

from simulator.cli.app import app
from simulator.cli.common import err, handle_errors, out, safe
from simulator.errors import ExitCode, UserError

COLUMNS = {"sobol": (("ST", "ST_conf"), ("S1", "S1_conf")),
           "morris": (("mu_star", "mu_star_conf"), ("sigma", "sigma_conf")),
           "spearman": (("rho", None),)}
TITLES = {"ST": "Total-order Sobol index ST (± 95% half-width)",
          "S1": "First-order Sobol index S1 (± 95% half-width)",
          "mu_star": "Morris mu* (mean |elementary effect| per unit of the factor's range, "
                     "± 95% half-width)",
          "sigma": "Morris sigma (spread of the elementary effects: interactions or "
                   "non-linearity, ± 95% half-width)",
          "rho": "Spearman rank correlation rho"}


@app.command(
    epilog=(
        "Examples:\n\n"
        "  libya-sim analyze sweeps/smoke\n\n"
        "  libya-sim analyze sweeps/smoke --outcome territory_west_final\n\n"
        "Writes DIR/analysis/ (indices.csv, prim_boxes.csv, prim_trajectory.csv, interest.csv, "
        "summary.json). Exit codes: 0 ok, 2 an unknown --outcome, 3 the folder is not a "
        "finished sweep, 4 no such "
        "folder, 5 the analysis cannot be written."
    )
)
@handle_errors
def analyze(
    folder: Annotated[Path, typer.Argument(help="A finished sweep folder (libya-sim sweep).",
                                           show_default=False)],
    outcome: Annotated[list[str] | None, typer.Option(
        "--outcome", "-y", help="Analyse only this outcome column (repeatable).")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap intervals.")] = 0,
) -> None:
    """Print a sweep's sensitivity indices (or rank correlations) and PRIM boxes; write them."""
    from simulator.analysis import analyze as run_analysis
    from simulator.analysis import load_sweep, write_analysis

    sweep = load_sweep(folder)
    if outcome:
        known = sweep.outcome_columns()
        unknown = [o for o in outcome if o not in known]
        if unknown:
            raise UserError(f"--outcome {unknown[0]}: not a numeric outcome of this sweep "
                            f"(outcomes: {', '.join(known)})", code=ExitCode.USAGE)
    analysis = run_analysis(sweep, outcome or None, seed=seed)
    _print(analysis)
    names = write_analysis(analysis)
    err.print(f"analysed in {analysis.seconds:.1f} s; wrote {len(names)} files")
    typer.echo(str(Path(folder) / "analysis"))


def _fmt(x: Any, conf: Any = None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{x:.3g}" if abs(x) < 1000 else f"{x:,.0f}"
    if conf is not None and not (isinstance(conf, float) and math.isnan(conf)):
        text += f" ± {conf:.2g}" if abs(conf) < 1000 else f" ± {conf:,.0f}"
    return text


def _print(analysis: Any) -> None:
    from rich.table import Table

    sw = analysis.sweep
    out.print(f"[bold]{safe(sw.manifest.get('name', ''))}[/]: {sw.kind} design, "
              f"{len(sw.design):,} points x {sw.manifest.get('replicates')} replicates "
              f"= {len(sw.runs):,} runs; method: {analysis.method}")
    for note in analysis.notes:
        out.print(f"[dim]note: {safe(note)}[/]")
    for col, conf in COLUMNS[analysis.method]:
        if not len(analysis.indices):
            break
        table = Table(title=TITLES[col], title_justify="left")
        table.add_column("outcome")
        for f in sw.factors:
            table.add_column(safe(f), justify="right")
        for o in analysis.outcomes():
            sub = analysis.indices[analysis.indices["outcome"] == o].set_index("factor")
            cells = []
            best = sub[col].abs().idxmax() if sub[col].notna().any() else None
            for f in sw.factors:
                text = _fmt(sub.at[f, col], sub.at[f, conf] if conf else None)
                cells.append(f"[bold]{text}[/]" if f == best else text)
            table.add_row(safe(o), *cells)
        out.print(table)
    reasons: dict[str, list[str]] = {}
    for o, why in analysis.skipped.items():
        reasons.setdefault(why, []).append(o)
    for why, names in reasons.items():
        out.print(f"[dim]no indices ({safe(why)}): {safe(', '.join(names))}[/]")
    _print_prim(analysis)


def _print_prim(analysis: Any) -> None:
    from rich.table import Table

    for name, res in analysis.prim.items():
        cond = analysis.sweep.interest.get(name, "")
        share = res.hits / res.n if res.n else float("nan")
        head = (f"PRIM: {name} ({cond}): {res.hits:,} of {res.n:,} runs ({share:.0%})")
        if not res.boxes:
            why = ("it never holds: nothing to discover" if res.hits == 0 else
                   "it always holds" if res.hits == res.n else "no box denser than the runs")
            out.print(f"[bold]{safe(head)}[/]: {why}")
            continue
        table = Table(title=head, title_justify="left")
        for c in ("box", "factor", "range in the box", "coverage", "density", "runs"):
            table.add_column(c, justify="right" if c in ("coverage", "density", "runs") else
                             "left")
        for b, box in enumerate(res.boxes, start=1):
            for k, factor in enumerate(box.restricted):
                lim = box.limits[factor]
                text = (f"{_fmt(lim[0])} to {_fmt(lim[1])}" if isinstance(lim, tuple)
                        else ", ".join(str(v) for v in lim))
                first = k == 0
                table.add_row(str(b) if first else "", safe(factor), safe(text),
                              f"{box.coverage:.0%}" if first else "",
                              f"{box.density:.0%}" if first else "",
                              f"{box.n:,}" if first else "")
        out.print(table)
