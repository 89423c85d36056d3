"""Sweep benchmark: runs/s of a 1,000-run baseline sweep on 1 and 2 pool workers and on Dask
(a local scheduler and 2 workers), and the peak memory at two sweep sizes.

    .venv/bin/python -m benchmarks.bench_sweep [--days 30] [--points 25] [--replicates 40]

Prints JSON; the figures go to docs/PERFORMANCE.md by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

EXP = """
name = "Bench sweep"
scenario = "{scenario}"
days = {days}
replicates = {replicates}
seed = 3
batch_size = {batch}
[design]
kind = "latin"
samples = {points}
[factors.gna_morale]
key = "factions.{a}.morale"
[factors.lna_lethality]
key = "factions.{b}.lethality"
"""


def write_exp(folder: Path, name: str, **kw) -> Path:  # noqa: ANN003
    path = folder / f"{name}.toml"
    path.write_text(EXP.format(**kw))
    return path


def timed_sweep(exp: Path, out: Path, *args: str) -> tuple[float, int]:
    """Return wall seconds and the peak RSS (kB) of any process run so far (it only grows)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    r = subprocess.run([str(BIN / "libya-sim"), "sweep", str(exp), "-o", str(out), *args],
                       cwd=ROOT, capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(r.stderr)
    return dt, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def dask_cluster(n: int) -> tuple[str, list[subprocess.Popen]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NUMBA_NUM_THREADS": "1"}
    addr = f"tcp://127.0.0.1:{port}"
    procs = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port",
                               str(port), "--no-dashboard"], env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    time.sleep(3)
    procs.append(subprocess.Popen([str(BIN / "dask"), "worker", addr, "--nworkers", str(n),
                                   "--nthreads", "1", "--no-dashboard"], env=env,
                                  start_new_session=True, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL))
    from distributed import Client

    with Client(addr, timeout=30) as c:
        c.wait_for_workers(n, timeout=120)
    return addr, procs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--points", type=int, default=25)
    ap.add_argument("--replicates", type=int, default=40)
    ap.add_argument("--batch", type=int, default=40)
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench_sweep_"))
    res: dict = {"days": a.days, "points": a.points, "replicates": a.replicates,
                 "runs": a.points * a.replicates, "batch_size": a.batch,
                 "scenario": "scenarios/baseline.toml", "cpus": os.cpu_count()}
    base = dict(scenario=ROOT / "scenarios" / "baseline.toml", days=a.days,
                replicates=a.replicates, points=a.points, batch=a.batch, a="gna", b="lna")
    exp = write_exp(tmp, "base", **base)
    subprocess.run([str(BIN / "libya-sim"), "validate", str(ROOT / "scenarios/baseline.toml")],
                   capture_output=True)  # warm the compile cache
    # memory first: ru_maxrss of children only grows, so the small runs must come first
    duel = dict(scenario=ROOT / "scenarios" / "synthetic_duel.toml", days=5, batch=200,
                a="west", b="east")
    for runs in (1000, 10000):
        e = write_exp(tmp, f"duel{runs}", replicates=100, points=runs // 100, **duel)
        t, rss = timed_sweep(e, tmp / f"duel{runs}", "--workers", "2")
        res[f"memory_duel_{runs}_runs_peak_rss_mb"] = rss / 1024
        res[f"memory_duel_{runs}_runs_s"] = t
    for w in (1, 2):
        t, rss = timed_sweep(exp, tmp / f"pool{w}", "--workers", str(w))
        res[f"pool_{w}_s"], res[f"pool_{w}_runs_per_s"] = t, a.points * a.replicates / t
        res[f"pool_{w}_peak_rss_mb"] = rss / 1024
    res["speedup_2_vs_1"] = res["pool_1_s"] / res["pool_2_s"]
    addr, procs = dask_cluster(2)
    try:
        t, _ = timed_sweep(exp, tmp / "dask", "--scheduler", addr)
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGKILL)
    res["dask_2_s"], res["dask_overhead"] = t, t / res["pool_2_s"] - 1
    same = (tmp / "dask" / "outcomes.parquet").read_bytes() == \
        (tmp / "pool2" / "outcomes.parquet").read_bytes()
    res["dask_equals_pool"] = same
    print(json.dumps(res, indent=2))
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
