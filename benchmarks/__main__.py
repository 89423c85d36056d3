"""``python -m benchmarks [--quick] [--out FILE]``: measure the engine, print a table, write JSON.

Top-level keys of the JSON are plain numbers; everything else is under ``details``. See
docs/PERFORMANCE.md for what each figure means, the targets and the diagnoses.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks import agreement, floor, scaling, system
from benchmarks.grid import warm_up
from benchmarks.sub import ROOT

TARGETS = {  # key: (comparison, target, aim)
    "mesa_ratio": (">=", 100.0, None),
    "ns_per_region_day": ("<=", 100.0, 30.0),
    "baseline_runs_per_second": ("", None, None),
    "thread_speedup": (">=", 1.6, 1.9),
    "cold_compile_seconds": ("", None, None),
    "warm_run_seconds": ("<=", 2.0, None),
    "peak_memory_mb": ("<=", 2048.0, None),
}


def machine() -> dict:
    """Return the machine: CPU model, logical CPUs, memory, Python and the date."""
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(x.split()[1]) for x in Path("/proc/meminfo").read_text().splitlines()
                      if x.startswith("MemTotal"))
    except (OSError, StopIteration):
        mem_kb = 0
    import numba

    return {"cpu": cpu, "nproc": os.cpu_count(), "memory_gb": round(mem_kb / 2**20, 1),
            "python": platform.python_version(), "numba": numba.__version__,
            "load_average": os.getloadavg(), "date": dt.datetime.now(dt.UTC).isoformat(
                timespec="seconds")}


def code_version() -> dict:
    """Return the git commit, whether simulator/ has uncommitted edits, and the core's hash."""
    from simulator.core.cache import sources_hash

    def git(*a: str) -> str:
        return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True,
                              check=False).stdout.strip()

    return {"commit": git("rev-parse", "--short", "HEAD") or None,
            "simulator_edited": bool(git("status", "--porcelain", "simulator")),
            "core_sources_hash": sources_hash()}


def verdict(key: str, value: float) -> str:
    """Return 'met', 'MISSED' or '' for ``value`` of ``key`` against its target."""
    op, target, aim = TARGETS[key]
    if target is None:
        return ""
    ok = value >= target if op == ">=" else value <= target
    if ok and aim is not None:
        ok_aim = value >= aim if op == ">=" else value <= aim
        return "met (and aim)" if ok_aim else "met (not aim)"
    return "met" if ok else "MISSED"


def table(res: dict) -> str:
    """Return the results as a plain-text table."""
    lines = [f"{'figure':28s} {'value':>12s}  {'target':14s} verdict"]
    for key, (op, target, aim) in TARGETS.items():
        tgt = f"{op} {target:g}" + (f" (aim {aim:g})" if aim else "") if target else "-"
        lines.append(f"{key:28s} {res[key]:12.4g}  {tgt:14s} {verdict(key, res[key])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run every benchmark, print the table and write the JSON; return 0."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    ap.add_argument("--quick", action="store_true",
                    help="fewer days and repeats (about 100 s plus one cold compile)")
    ap.add_argument("--out", type=Path, default=Path(__file__).with_name("results.json"))
    args = ap.parse_args(argv)
    quick, t_start = args.quick, time.perf_counter()
    details: dict = {"quick": quick, "machine": machine(), "code": code_version(),
                     "stage_seconds": {}, "load_average_after": {}}

    def stage(name: str, fn, *a):  # noqa: ANN001, ANN202
        t0 = time.perf_counter()
        print(f"... {name}", flush=True)
        out = fn(*a)
        details["stage_seconds"][name] = round(time.perf_counter() - t0, 2)
        details["load_average_after"][name] = round(os.getloadavg()[0], 2)
        return out

    # The cold compile runs alone in its own interpreter with an empty cache: first on a fresh
    # install (it then seeds the user's cache, so nothing compiles twice), otherwise last.
    # Nothing runs beside it: on two cores it would slow the other figures down.
    cold_dir = Path(tempfile.mkdtemp(prefix="bench-cold-cache-"))
    cold = None
    if not system.kernels_cached():
        cold = stage("cold compile", system.finish_cold_compile,
                     system.start_cold_compile(cold_dir), cold_dir)
    details["warm_up_s"] = warm_up()
    threads = stage("thread speedup", system.thread_speedup, quick)
    mesa = stage("mesa reference and agreement", agreement.mesa_comparison, quick)
    grid = stage("grid100", scaling.grid100, 20 if quick else 60, 3 if quick else 5)
    combat_floor = stage("combat's arithmetic floor", floor.floor, 20, 3 if quick else 5)
    curve = stage("scaling", scaling.scaling, quick)
    base = stage("baseline", system.baseline_throughput, 3 if quick else 7)
    cli = stage("warm CLI run", system.warm_cli_run, 2 if quick else 5)
    if cold is None:
        cold = stage("cold compile", system.finish_cold_compile,
                     system.start_cold_compile(cold_dir), cold_dir)
    million = curve["million"]
    res = {
        "mesa_ratio": mesa["mesa_ratio"],
        "ns_per_region_day": grid["ns_per_region_day"],
        "baseline_runs_per_second": base["runs_per_second"],
        "thread_speedup": threads["speedup"],
        "cold_compile_seconds": cold["compile_s"],
        "warm_run_seconds": cli["seconds"],
        "peak_memory_mb": million["peak_memory_mb"],
    }
    details.update(
        mesa=mesa, grid100=grid, combat_floor=combat_floor, scaling=curve["curve"],
        baseline=base, threads=threads,
        cold_compile=cold, warm_run=cli, million_regions={
            **million, "fits_2gb": million["peak_memory_mb"] <= 2048.0,
            "ran_all_30_days": million["days_run"] >= 30},
        verdicts={k: verdict(k, v) for k, v in res.items()})
    details["total_seconds"] = time.perf_counter() - t_start
    res["details"] = details
    tmp = args.out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(res, indent=1, default=float) + "\n")
    os.replace(tmp, args.out)
    print(table(res))
    fits = "fits" if million["peak_memory_mb"] <= 2048 else "does not fit"
    print(f"1,000,000 regions: {million['days_run']} of 30 days run, peak "
          f"{million['peak_memory_mb']:.0f} MB ({fits} in 2 GB)")
    print(f"total {details['total_seconds']:.0f} s; wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
