"""``libya-sim sweep --scheduler``: a real ``dask scheduler`` and two ``dask worker`` processes.

Fails (never skips) without Dask: the import below is deliberate.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import distributed  # noqa: F401 - the tests must fail, not skip, without Dask
import pandas as pd
import pytest

from tests.integration.sweep_helpers import ROOT, command, outcomes, sweep, write_tiny

pytestmark = pytest.mark.dask
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args: list[str], log: Path) -> subprocess.Popen:
    env = {**os.environ, "NUMBA_NUM_THREADS": "1"}
    with open(log, "wb") as fh:
        return subprocess.Popen(args, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)


def stop(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[tuple[str, list[subprocess.Popen]]]:
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [start([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                    "--no-dashboard"], tmp_path / "scheduler.log")]
    try:
        from distributed import Client

        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "scheduler.log").read_text()
                time.sleep(0.2)
        for k in range(2):
            procs.append(start([str(BIN / "dask"), "worker", address, "--nthreads", "1",
                                "--nworkers", "1", "--no-dashboard"], tmp_path / f"w{k}.log"))
        with Client(address, timeout=30) as client:
            client.wait_for_workers(2, timeout=120)
        yield address, procs
    finally:
        for p in reversed(procs):
            stop(p)


def test_dask_matches_pool_and_survives_a_dead_worker(cluster, tmp_path: Path) -> None:  # noqa: ANN001
    address, procs = cluster
    exp = write_tiny(tmp_path)
    r = sweep(str(exp), "-o", str(tmp_path / "pool"), "--workers", "2")
    assert r.returncode == 0, r.stderr
    r = sweep(str(exp), "-o", str(tmp_path / "dask"), "--scheduler", address)
    assert r.returncode == 0, r.stderr
    pool = outcomes(tmp_path / "pool")
    pd.testing.assert_frame_equal(pool, outcomes(tmp_path / "dask"))
    assert (tmp_path / "pool" / "outcomes.parquet").read_bytes() == \
        (tmp_path / "dask" / "outcomes.parquet").read_bytes()

    # one worker killed mid-sweep: the other finishes, the results are the same
    slow = write_tiny(tmp_path, exp.read_text().replace("batch_size = 4", "batch_size = 1")
                      .replace("days = 30", "days = 240"))
    r = sweep(str(slow), "-o", str(tmp_path / "slow_pool"), "--workers", "2")
    assert r.returncode == 0, r.stderr
    out = tmp_path / "killed"
    with open(tmp_path / "sweep.log", "wb") as log:
        proc = subprocess.Popen([*command(), "sweep", str(slow), "-o", str(out), "--scheduler",
                                 address], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log)
    t0 = time.monotonic()
    while len(list((out / "batches").glob("batch-*.parquet"))) < 2:
        assert proc.poll() is None, (tmp_path / "sweep.log").read_text()
        assert time.monotonic() - t0 < 300
        time.sleep(0.01)
    stop(procs[1])
    assert not (out / "outcomes.parquet").exists(), "the sweep ended before the kill"
    assert proc.wait(timeout=1800) == 0, (tmp_path / "sweep.log").read_text()
    assert len(list((out / "batches").glob("batch-*.parquet"))) == 24
    pd.testing.assert_frame_equal(outcomes(tmp_path / "slow_pool"), outcomes(out))
