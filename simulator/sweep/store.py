"""The sweep folder: the live, resumable store of a sweep.

Layout: ``manifest.json`` (status, identity, design, counts), ``experiment.toml`` (the file as
given), ``scenario.toml`` (the resolved base), ``design.parquet`` (one row per point),
``batches/batch-NNNNNN.parquet`` (one per finished batch; ``series-NNNNNN.parquet`` beside it
when series are kept) and, once every batch is in, ``outcomes.parquet`` (and ``series.parquet``).
Every file is written to a temporary name and renamed, so a batch file is whole or absent.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from simulator.errors import OutputError, ScenarioError
from simulator.output import atomic_write, atomic_write_bytes, write_manifest

MANIFEST = "manifest.json"


def package_hash() -> str:
    """Return a short SHA-256 of every Python source of the ``simulator`` package."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def code_identity() -> dict[str, Any]:
    """Return what identifies the code: version, core sources hash, package hash, git commit."""
    from simulator import __version__
    from simulator.core.cache import sources_hash
    from simulator.output import git_commit

    return {"version": __version__, "core_sources_hash": sources_hash(),
            "package_sha256": package_hash(), "git_commit": git_commit()}


class SweepFolder:
    """A sweep folder on disk; batches are files, the manifest says where the sweep stands."""

    def __init__(self, path: Path, manifest: dict[str, Any]) -> None:
        self.path = path
        self.manifest = manifest

    @property
    def batches(self) -> Path:
        """Return the folder of batch files."""
        return self.path / "batches"

    @classmethod
    def create(cls, path: Path, manifest: dict[str, Any], files: dict[str, bytes],
               design: pa.Table) -> SweepFolder:
        """Return a new sweep folder at ``path`` with its manifest and fixed files written."""
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise OutputError(f"{path}: exists and is not an empty folder; choose another -o, "
                              "or add --resume to go on with that sweep")
        try:
            (path / "batches").mkdir(parents=True, exist_ok=True)
            for name, data in files.items():
                atomic_write_bytes(path / name, data)
            atomic_write(path / "design.parquet", lambda p: pq.write_table(design, p))
            folder = cls(path, manifest)
            folder.save()
        except OSError as exc:
            raise OutputError(f"{path}: cannot write the sweep folder ({exc.strerror})") from None
        return folder

    @classmethod
    def open(cls, path: Path, experiment_sha: str, scenario_sha: str,
             code: dict[str, Any]) -> SweepFolder:
        """Return the existing sweep at ``path``; refuse if the experiment or the code changed."""
        try:
            manifest = json.loads((path / MANIFEST).read_text())
        except FileNotFoundError:
            raise OutputError(f"{path}: no sweep to resume (no {MANIFEST})") from None
        except (OSError, ValueError) as exc:
            raise OutputError(f"{path}/{MANIFEST}: cannot be read ({exc})") from None
        if manifest.get("kind") != "sweep":
            raise OutputError(f"{path}: not a sweep folder")
        old = manifest.get("experiment", {}).get("sha256")
        if old != experiment_sha or manifest.get("scenario", {}).get("sha256") != scenario_sha:
            what = "experiment file" if old != experiment_sha else "base scenario"
            raise ScenarioError(f"{path}: cannot resume: the {what} changed since the sweep "
                                "began; start a new sweep with another -o")
        was = manifest.get("code", {})
        changed = [k for k in ("version", "core_sources_hash", "package_sha256", "git_commit")
                   if was.get(k) != code.get(k)]
        if changed:
            raise ScenarioError(f"{path}: cannot resume: the code changed since the sweep began "
                                f"({', '.join(changed)}); start a new sweep with another -o")
        for tmp in path.rglob(".*.tmp-*"):
            tmp.unlink(missing_ok=True)
        return cls(path, manifest)

    def save(self, **fields: Any) -> None:
        """Update the manifest with ``fields`` and write it atomically."""
        self.manifest.update(fields)
        try:
            write_manifest(self.path, self.manifest)
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write {MANIFEST} ({exc.strerror})") from None

    def batch_file(self, b: int, kind: str = "batch") -> Path:
        """Return the path of batch ``b``'s outcomes (``batch``) or series (``series``) file."""
        return self.batches / f"{kind}-{b:06d}.parquet"

    def done(self) -> set[int]:
        """Return the batches whose outcome file is on disk."""
        return {int(p.stem.split("-")[1]) for p in self.batches.glob("batch-*.parquet")}

    def failures(self, batches: set[int]) -> int:
        """Return the number of failed runs in the given stored batches."""
        n = 0
        for b in batches:
            col = pq.read_table(self.batch_file(b), columns=["error"]).column("error")
            n += len(col) - col.null_count
        return n

    def write_batch(self, b: int, outcomes: pa.Table, series: pa.Table | None) -> None:
        """Write batch ``b`` (series first: a batch counts as done once its outcomes exist)."""
        try:
            if series is not None:
                atomic_write(self.batch_file(b, "series"), lambda p: pq.write_table(series, p))
            atomic_write(self.batch_file(b), lambda p: pq.write_table(outcomes, p))
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write batch {b} ({exc.strerror})") from None

    def combine(self, n_batches: int, kind: str, name: str) -> tuple[int, int]:
        """Concatenate the batch files of ``kind`` in order into ``name``; return rows, failures.

        Reads one batch at a time, so memory does not grow with the number of runs.
        """
        rows = failures = 0

        def write(tmp: Path) -> None:
            nonlocal rows, failures
            writer = None
            try:
                for b in range(n_batches):
                    table = pq.read_table(self.batch_file(b, kind))
                    if writer is None:
                        writer = pq.ParquetWriter(tmp, table.schema)
                    writer.write_table(table)
                    rows += table.num_rows
                    if "error" in table.column_names:
                        failures += table.num_rows - table.column("error").null_count
            finally:
                if writer is not None:
                    writer.close()

        atomic_write(self.path / name, write)
        return rows, failures
