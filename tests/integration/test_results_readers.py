"""A results folder reads with pandas, pyarrow and DuckDB exactly as docs/OUTPUTS.md says.

The Python block under "Reading a results folder" in docs/OUTPUTS.md is run as written, on a
folder written by ``libya-sim run`` (``runs/x`` replaced by its path).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from simulator.cli import app
from simulator.compare import read_manifest, read_table

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "OUTPUTS.md"
DUEL = str(ROOT / "scenarios" / "synthetic_duel.toml")
RUN = ["--replicates", "4", "--days", "30"]


def write(tmp: Path, name: str, *extra: str) -> Path:
    out = tmp / name
    result = CliRunner().invoke(app, ["run", DUEL, *RUN, "-o", str(out), *extra])
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("readers"), "x")


def doc_block() -> str:
    text = DOC.read_text()
    section = text.split("## Reading a results folder", 1)[1]
    m = re.search(r"```python\n(.*?)```", section, re.S)
    assert m, "docs/OUTPUTS.md: no python block under 'Reading a results folder'"
    return m.group(1)


def test_the_documented_code_runs(folder: Path) -> None:
    code = doc_block().replace("runs/x", folder.as_posix())
    ns: dict = {}
    exec(compile(code, str(DOC), "exec"), ns)  # noqa: S102 - our own documentation
    ts, outcomes, table, peak = ns["ts"], ns["outcomes"], ns["table"], ns["peak"]
    assert ns["manifest"]["status"] == "complete"
    assert len(ts) == 4 * 31 and list(ts.columns[:3]) == ["replicate", "day", "date"]
    assert pd.api.types.is_datetime64_any_dtype(ts["date"])
    assert table.num_rows == len(outcomes) == 4
    assert table.column_names == list(outcomes.columns)
    expected = ts.groupby("replicate")["displaced"].max().to_numpy()
    assert np.allclose(peak["peak"].to_numpy(), expected)
    assert ns["control"].shape[0] == ns["snaps"]["control"].shape[0] >= 1
    assert ns["control"].shape[1] == len(ns["snaps"]["days"])


def test_every_file_reads_in_each_library(folder: Path) -> None:
    m = json.loads((folder / "manifest.json").read_text())
    for name in ("timeseries", "outcomes", "events"):
        path = folder / m["files"][name]
        df = pd.read_parquet(path)
        assert pq.read_table(path).num_rows == len(df)
        n = duckdb.sql(f"select count(*) from '{path.as_posix()}'").fetchall()[0][0]
        assert n == len(df)
    rows = duckdb.sql(f"describe select * from '{folder / 'timeseries.parquet'}'").fetchall()
    types = {r[0]: r[1] for r in rows}
    assert types["replicate"] == "BIGINT" and types["ceasefire"] == "VARCHAR"
    assert types["date"].startswith("TIMESTAMP") and types["escalation"] == "BIGINT"


def test_csv_folder_reads_as_documented(tmp_path: Path, folder: Path) -> None:
    csv = write(tmp_path, "csv", "--format", "csv")
    ts = pd.read_csv(csv / "timeseries.csv", parse_dates=["date"])
    ref = pd.read_parquet(folder / "timeseries.parquet")
    assert list(ts.columns) == list(ref.columns)
    assert pd.api.types.is_datetime64_any_dtype(ts["date"])
    n = duckdb.sql(f"select count(*) from read_csv_auto('{csv / 'timeseries.csv'}')").fetchall()[0]
    assert n[0] == len(ts)
    assert read_manifest(csv)["files"]["outcomes"] == "outcomes.csv"
    assert list(read_table(csv, "outcomes").columns) == list(
        read_table(folder, "outcomes").columns)


def test_manifest_keys_are_documented(folder: Path) -> None:
    doc = DOC.read_text().split("## manifest.json", 1)[1].split("\n## ", 1)[0]
    m = read_manifest(folder)
    for key in m:
        assert f"`{key}`" in doc, f"manifest key {key} missing from docs/OUTPUTS.md"
    for key in m["timings"]:
        assert f"`{key}`" in doc, f"timings key {key} missing from docs/OUTPUTS.md"
    for key in ("interrupted", "signal", "replicate_days_done", "replicates_finished"):
        assert f"`{key}`" in doc


@pytest.mark.parametrize("days", [0, 30])  # no events at all, and some events
def test_dates_have_one_dtype_in_memory_and_on_disk(tmp_path: Path, days: int) -> None:
    """The events' ``date`` has the time series' dtype, in memory and in the Parquet files."""
    import simulator
    from simulator.output import write_results
    from simulator.results import DATE_DTYPE
    from tests.conftest import make

    r = simulator.run(make(), days=days)
    assert (days == 0) == r.events.empty
    assert r.timeseries["date"].dtype == r.events["date"].dtype == np.dtype(DATE_DTYPE)
    out = write_results(r, tmp_path / "run")
    types = {name: pq.read_schema(out / f"{name}.parquet").field("date").type
             for name in ("timeseries", "events")}
    assert str(types["timeseries"]) == str(types["events"]) == "timestamp[ms]"
    for name, df in (("timeseries", r.timeseries), ("events", r.events)):
        back = pd.read_parquet(out / f"{name}.parquet")
        assert back["date"].dtype == df["date"].dtype, name
        pd.testing.assert_series_equal(back["date"], df["date"])
