"""Write an analysis into the sweep folder: ``analysis/*.csv`` and ``analysis/summary.json``."""

from __future__ import annotations

import json
import math
from typing import Any

from simulator.analysis.run import Analysis, box_table, interest_table, trajectory_table
from simulator.errors import OutputError
from simulator.output import atomic_write_bytes

FOLDER = "analysis"


def summary(analysis: Analysis) -> dict[str, Any]:
    """Return the JSON summary: method, design, notes, top factors per outcome, PRIM boxes."""
    sw = analysis.sweep
    top = {o: analysis.ranking(o)[:3] for o in analysis.outcomes()}
    boxes = {}
    for name, res in analysis.prim.items():
        boxes[name] = {"runs": res.n, "hits": res.hits, "boxes": [
            {"coverage": b.coverage, "density": b.density, "mass": b.mass, "runs": b.n,
             "limits": {k: list(v) for k, v in b.limits.items() if k in b.restricted}}
            for b in res.boxes]}
    return {"sweep": sw.manifest.get("name"), "design": sw.kind, "method": analysis.method,
            "points": len(sw.design), "runs": len(sw.runs), "failed_runs": len(sw.runs) -
            len(sw.ok), "replicates": sw.manifest.get("replicates"), "factors": sw.factors,
            "notes": analysis.notes, "skipped": analysis.skipped, "top_factors": top,
            "interest": sw.interest, "prim": boxes, "seconds": analysis.seconds,
            "files": {"indices": "indices.csv", "prim_boxes": "prim_boxes.csv",
                      "prim_trajectory": "prim_trajectory.csv", "interest": "interest.csv"}}


def _clean(x: Any) -> Any:
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    if hasattr(x, "item"):
        return _clean(x.item())
    return x


def write_files(analysis: Analysis) -> list[str]:
    """Write the tables and summary into ``<sweep>/analysis/``; return the file names written."""
    folder = analysis.sweep.path / FOLDER
    tables = {"indices.csv": analysis.indices, "prim_boxes.csv": box_table(analysis),
              "prim_trajectory.csv": trajectory_table(analysis),
              "interest.csv": interest_table(analysis)}
    try:
        folder.mkdir(exist_ok=True)
        for name, df in tables.items():
            atomic_write_bytes(folder / name, df.to_csv(index=False).encode("utf-8"))
        text = json.dumps(_clean(summary(analysis)), indent=2, allow_nan=False)
        atomic_write_bytes(folder / "summary.json", (text + "\n").encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"{folder}: cannot write the analysis ({exc.strerror or exc})") \
            from None
    return [*tables, "summary.json"]
