"""Wall time of warm ``libya-sim run scenarios/baseline.toml --no-report`` (issue 11).

Times the whole command in a fresh process, as a user sees it (start-up, loading the kernels from
the disk cache, simulating, writing the folder, the summary): one two-year run and 100
replicates of two years. One untimed run first warms the cache; then the median of ``--runs``.

    .venv/bin/python benchmarks/bench_cli.py            # print the figures
    .venv/bin/python benchmarks/bench_cli.py --write    # and record them in docs/PERFORMANCE.md

Targets (issue 11): one run at most 2 s; 100 replicates at most 20 s (aim for 10).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "PERFORMANCE.md"
HEADING = "## CLI run times (issue 11)"
CASES = {"one two-year run": ["--replicates", "1", "--days", "730"],
         "100 replicates of two years": ["--replicates", "100", "--days", "730"]}
TARGETS = {"one two-year run": 2.0, "100 replicates of two years": 20.0}


def cli() -> list[str]:
    exe = Path(sys.executable).with_name("libya-sim")
    return [str(exe)] if exe.exists() else [sys.executable, "-c",
                                            "from simulator.cli import main; main()"]


def once(args: list[str], tmp: Path, i: int) -> tuple[float, dict]:
    out = tmp / f"run{i}"
    cmd = [*cli(), "run", "scenarios/baseline.toml", "--no-report", *args, "-o", str(out)]
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    return wall, json.loads((out / "manifest.json").read_text())["timings"]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def git_commit() -> str:
    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                         capture_output=True, check=False)
    dirty = subprocess.run(["git", "status", "--porcelain", "simulator"], cwd=ROOT, text=True,
                           capture_output=True, check=False).stdout.strip()
    return (out.stdout.strip() or "no git") + (" + uncommitted changes" if dirty else "")


def measure(runs: int) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        once(CASES["one two-year run"], Path(tmp), 0)  # warm the disk cache
        i = 1
        for name, args in CASES.items():
            walls, stages = [], []
            for _ in range(runs):
                wall, timings = once(args, Path(tmp), i)
                i += 1
                walls.append(wall)
                stages.append(timings)
                print(f"  {name}: {wall:.2f} s", flush=True)
            med = {k: statistics.median(t[k] for t in stages)
                   for k in ("build_s", "compile_s", "simulate_s", "assemble_s", "write_s")}
            rows.append({"case": name, "median_s": statistics.median(walls), "runs": walls,
                         "target_s": TARGETS[name], "load": os.getloadavg()[0],
                         "fresh": sum(bool(t.get("compiled_fresh")) for t in stages), **med})
    return rows


def section(rows: list[dict], runs: int) -> str:
    lines = [HEADING, "",
             f"Measured {dt.date.today().isoformat()} with `benchmarks/bench_cli.py` on "
             f"{os.cpu_count()} CPUs ({cpu_model()}, `nproc` {os.cpu_count()}), Python "
             f"{platform.python_version()}, commit {git_commit()}. Wall time of the whole "
             "command in a fresh process, kernels warm in the disk cache; median of "
             f"{runs} runs. The stages (median seconds, from the manifest's `timings`) show "
             "where the time goes; the rest is start-up (imports) and the summary. `load avg`: "
             "the 1-minute load average after the case (above the CPU count, other work "
             "shared the machine); `recompiled`: timed runs that compiled the kernels.", "",
             "| case | median wall s | runs s | target s | build | load kernels | simulate "
             "| assemble | write | load avg | recompiled |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        runs_s = ", ".join(f"{w:.1f}" for w in r["runs"])
        lines.append(f"| `--no-report` {r['case']} | {r['median_s']:.2f} | {runs_s} "
                     f"| ≤ {r['target_s']:.0f} | {r['build_s']:.2f} | {r['compile_s']:.2f} "
                     f"| {r['simulate_s']:.2f} | {r['assemble_s']:.2f} | {r['write_s']:.2f} "
                     f"| {r['load']:.1f} | {r['fresh']} of {len(r['runs'])} |")
    return "\n".join(lines) + "\n"


def record(text: str) -> None:
    """Put ``text`` in docs/PERFORMANCE.md, replacing only this section."""
    doc = DOC.read_text() if DOC.exists() else "# Performance\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(doc):
        doc = pattern.sub(lambda _: text + "\n", doc, count=1)
    else:
        doc = doc.rstrip("\n") + "\n\n" + text
    tmp = DOC.with_name(f".{DOC.name}.tmp-{os.getpid()}")
    tmp.write_text(doc.rstrip("\n") + "\n")
    os.replace(tmp, DOC)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--write", action="store_true", help="record in docs/PERFORMANCE.md")
    a = ap.parse_args()
    rows = measure(a.runs)
    text = section(rows, a.runs)
    print(text)
    if a.write:
        record(text)
        print(f"recorded in {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
