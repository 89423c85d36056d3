"""Write a results folder: Parquet (or CSV) tables, the resolved scenario and a manifest.

Every file is written to a temporary name and renamed; the folder itself is built under a
temporary name and renamed when complete, so a folder that exists with ``status: complete`` in
its manifest is whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import tomli_w

from simulator.errors import OutputError
from simulator.scenario.schema import Scenario

SCHEMA_VERSION = 1


def resolved_toml(s: Scenario) -> str:
    """Return the scenario with every default filled in, as TOML text."""
    data = s.model_dump(mode="python", exclude_none=True)
    return tomli_w.dumps(_tomlable(data))


def _tomlable(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _tomlable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_tomlable(v) for v in x]
    return x


def scenario_sha256(s: Scenario) -> str:
    """Return the SHA-256 of the resolved scenario's canonical JSON."""
    text = json.dumps(s.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def git_commit() -> str | None:
    """Return the git commit of the package's checkout, or None outside one."""
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True,
                             text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def versions() -> dict[str, str]:
    """Return the versions of the package and of the libraries that shape its numbers."""
    import importlib.metadata as md

    out = {}
    for name in ("libya-sim", "numba", "llvmlite", "numpy", "mesa", "plotly", "pandas",
                 "pyarrow", "pydantic"):
        try:
            out[name] = md.version(name)
        except md.PackageNotFoundError:
            out[name] = "not installed"
    out["python"] = platform.python_version()
    return out


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_table(df: pd.DataFrame, path_stem: Path, fmt: str) -> Path:
    """Write ``df`` as ``<stem>.parquet`` or ``<stem>.csv`` atomically; return the path."""
    path = path_stem.with_suffix(f".{fmt}")
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    if fmt == "parquet":
        df.to_parquet(tmp, index=False)
    else:
        df.to_csv(tmp, index=False)
    os.replace(tmp, path)
    return path


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    """Write ``manifest.json`` in ``folder`` atomically."""
    text = json.dumps(manifest, indent=2, sort_keys=False, default=str)
    atomic_write_bytes(folder / "manifest.json", text.encode())


def base_manifest(s: Scenario, seed: int, replicates: list[int], days: int) -> dict[str, Any]:
    """Return the manifest fields known before the run: scenario, seeds, versions, machine."""
    return {
        "status": "running",
        "schema_version": SCHEMA_VERSION,
        "name": s.name,
        "scenario_source": s.source,
        "scenario_sha256": scenario_sha256(s),
        "seeds": {"root": seed, "replicates": replicates},
        "days": days,
        "start_date": s.run.start_date.isoformat(),
        "versions": versions(),
        "cpu": {"machine": platform.machine(), "processor": platform.processor() or None,
                "count": os.cpu_count()},
        "git_commit": git_commit(),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "timings": {},
        "files": {},
    }


def prepare_folder(out: Path) -> Path:
    """Return a fresh temporary folder beside ``out``; raise ``OutputError`` if ``out`` exists."""
    if out.exists() and any(out.iterdir()):
        raise OutputError(f"{out}: folder exists and is not empty; choose another -o")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.partial-{os.getpid()}")
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir()
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the results folder ({exc.strerror})") from None
    return tmp


def write_results(results: Any, out: Path, fmt: str = "parquet") -> Path:
    """Write ``results`` into the new folder ``out`` and return it (complete, or not at all)."""
    tmp = prepare_folder(out)
    try:
        manifest = base_manifest(results.scenario, results.seed, results.replicates, results.days)
        files = {}
        for name in ("timeseries", "outcomes", "events"):
            files[name] = write_table(getattr(results, name), tmp / name, fmt).name
        snaps = results.snapshots
        if snaps.control.shape[0]:
            files["snapshots"] = "snapshots.npz"
            with open(tmp / ".snapshots.npz.tmp", "wb") as fh:
                np.savez_compressed(fh, days=snaps.days, control=snaps.control,
                                    forces=snaps.forces, home=snaps.home, hosted=snaps.hosted,
                                    land=results.map.land, width=results.map.width,
                                    height=results.map.height)
            os.replace(tmp / ".snapshots.npz.tmp", tmp / "snapshots.npz")
        atomic_write_bytes(tmp / "scenario.toml", resolved_toml(results.scenario).encode())
        files["scenario"] = "scenario.toml"
        t = results.timings
        manifest["timings"] = {} if t is None else {
            "build_s": t.build, "compile_s": t.compile, "simulate_s": t.simulate,
            "assemble_s": t.assemble, "compiled_fresh": t.compiled_fresh}
        manifest["files"] = files
        manifest["events_dropped"] = results.events_dropped
        manifest["status"] = "complete"
        write_manifest(tmp, manifest)
        os.replace(tmp, out) if not out.exists() else _move_into(tmp, out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputError(f"{out}: cannot write results ({exc.strerror})") from None
    return out


def _move_into(tmp: Path, out: Path) -> None:
    for child in tmp.iterdir():
        os.replace(child, out / child.name)
    tmp.rmdir()
