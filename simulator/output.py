"""Write a results folder: Parquet (or CSV) tables, the resolved scenario and a manifest.

``ResultsFolder`` builds the folder under a temporary name (``.<name>.partial-<pid>``) and
renames it when it finishes: ``complete`` with every table, or ``interrupted`` / ``failed: ...``
with only ``scenario.toml`` and ``manifest.json``. Every file inside is written to a temporary
name and renamed, so no file named like a table is ever half-written, and a folder whose
manifest says ``complete`` is whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from simulator.errors import OutputError
from simulator.scenario.schema import Scenario

if TYPE_CHECKING:  # pandas costs ~0.5 s to import; a run needs it only after simulating
    import pandas as pd

SCHEMA_VERSION = 1
TABLES = ("timeseries", "outcomes", "events")
_NUMBERS = re.compile(r"\[\s*(-?\d+(?:,\s*-?\d+)*)\s*\]")  # a list of integers: one line


def resolved_toml(s: Scenario) -> str:
    """Return the scenario with every default filled in, as TOML text."""
    import tomli_w

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


def cpu_info() -> dict[str, Any]:
    """Return the machine: architecture, CPU model (from /proc/cpuinfo on Linux), core count."""
    model = platform.processor() or None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"machine": platform.machine(), "model": model, "count": os.cpu_count()}


def atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary name beside ``path``, then rename; return ``path``.

    The temporary file is removed if ``write`` fails or is interrupted.
    """
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    atomic_write(path, lambda tmp: tmp.write_bytes(data))


def write_frame(df: pd.DataFrame, path: Path) -> Path:
    """Write ``df`` atomically as Parquet or CSV by ``path``'s suffix; return ``path``."""
    if path.suffix == ".parquet":
        return atomic_write(path, lambda tmp: df.to_parquet(tmp, index=False))
    return atomic_write(path, lambda tmp: df.to_csv(tmp, index=False))


def write_table(df: pd.DataFrame, path_stem: Path, fmt: str) -> Path:
    """Write ``df`` as ``<stem>.parquet`` or ``<stem>.csv`` atomically; return the path."""
    return write_frame(df, path_stem.with_suffix(f".{fmt}"))


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    """Write ``manifest.json`` in ``folder`` atomically."""
    text = json.dumps(manifest, indent=2, sort_keys=False, default=str)
    text = _NUMBERS.sub(lambda m: "[" + " ".join(m.group(1).split()) + "]", text)
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
        "cpu": cpu_info(),
        "git_commit": git_commit(),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "timings": {},
        "files": {},
    }


def timings_dict(t: Any) -> dict[str, Any]:
    """Return the engine's ``Timings`` as manifest fields (seconds), or {} for None."""
    if t is None:
        return {}
    return {"build_s": t.build, "compile_s": t.compile, "simulate_s": t.simulate,
            "assemble_s": t.assemble, "compiled_fresh": t.compiled_fresh, **t.extra}


def prepare_folder(out: Path) -> Path:
    """Return a fresh temporary folder beside ``out``; raise ``OutputError`` if ``out`` is used."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise OutputError(f"{out}: exists and is not an empty folder; choose another -o")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.partial-{os.getpid()}")
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir()
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the results folder ({exc.strerror})") from None
    return tmp


class ResultsFolder:
    """A results folder under construction; ``finish`` renames it into place."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.tmp = prepare_folder(out)
        self.manifest: dict[str, Any] = {"status": "running", "files": {}}

    def start(self, s: Scenario, seed: int, replicates: list[int], days: int) -> None:
        """Write ``scenario.toml`` and a manifest with ``status: running``."""
        self.manifest = base_manifest(s, seed, replicates, days)
        self._guard(lambda: atomic_write_bytes(self.tmp / "scenario.toml",
                                               resolved_toml(s).encode()))
        self.manifest["files"] = {"scenario": "scenario.toml"}
        self._guard(lambda: write_manifest(self.tmp, self.manifest))

    def write_results(self, results: Any, fmt: str = "parquet",
                      should_stop: Callable[[], bool] | None = None) -> bool:
        """Write the tables and snapshots of ``results``; return False if asked to stop."""
        stop = should_stop or (lambda: False)
        files = self.manifest["files"]
        for name in TABLES:
            if stop():
                return False
            files[name] = self._guard(
                lambda n=name: write_table(getattr(results, n), self.tmp / n, fmt)).name
        if results.snapshots.control.shape[0] and not stop():
            files["snapshots"] = "snapshots.npz"
            self._guard(lambda: atomic_write(self.tmp / "snapshots.npz",
                                             lambda p: _save_snapshots(p, results)))
        self.manifest["events_dropped"] = results.events_dropped
        return not stop()

    def finish(self, status: str, timings: dict[str, Any] | None = None,
               **fields: Any) -> Path:
        """Write the final manifest, rename the folder into place and return its path.

        A status other than ``complete`` removes the tables so the folder cannot pass for whole.
        """
        if status != "complete":
            self._drop_tables()
        self.manifest.update(fields, status=status)
        if timings is not None:
            self.manifest["timings"] = timings
        self._guard(lambda: write_manifest(self.tmp, self.manifest))
        try:
            if self.out.exists():  # an empty folder named by -o: the manifest goes in last
                for child in sorted(self.tmp.iterdir(), key=lambda c: c.name == "manifest.json"):
                    os.replace(child, self.out / child.name)
                self.tmp.rmdir()
            else:
                os.replace(self.tmp, self.out)
        except OSError as exc:
            raise OutputError(f"{self.out}: cannot write results ({exc.strerror})") from None
        return self.out

    def discard(self) -> None:
        """Remove the temporary folder and everything in it."""
        shutil.rmtree(self.tmp, ignore_errors=True)

    def _drop_tables(self) -> None:
        files = self.manifest.get("files", {})
        for key in (*TABLES, "snapshots"):
            name = files.pop(key, None)
            if name:
                (self.tmp / name).unlink(missing_ok=True)

    def _guard(self, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except OSError as exc:
            raise OutputError(f"{self.out}: cannot write results ({exc.strerror or exc})") \
                from None


def _save_snapshots(path: Path, results: Any) -> None:
    snaps = results.snapshots
    with open(path, "wb") as fh:
        np.savez_compressed(fh, days=snaps.days, control=snaps.control, forces=snaps.forces,
                            home=snaps.home, hosted=snaps.hosted, land=results.map.land,
                            width=results.map.width, height=results.map.height)


def write_results(results: Any, out: Path, fmt: str = "parquet") -> Path:
    """Write ``results`` into the new folder ``out`` and return it (complete, or not at all)."""
    folder = ResultsFolder(out)
    try:
        folder.start(results.scenario, results.seed, results.replicates, results.days)
        folder.write_results(results, fmt)
        return folder.finish("complete", timings_dict(results.timings))
    except BaseException:
        folder.discard()
        raise
