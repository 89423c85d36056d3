"""Profile the compiled day with Linux ``perf``, with names for numba's JIT functions.

    mkfifo /tmp/perf.ctl
    perf record -D -1 --control fifo:/tmp/perf.ctl -F 999 -g -o /tmp/perf.data -- \\
        .venv/bin/python -m benchmarks.perfmap --ctl /tmp/perf.ctl grid100 20
    perf report -i /tmp/perf.data --no-children --sort sym --stdio

The kernels are compiled afresh into a temporary numba cache (numba keeps the names and
addresses of compiled functions only when it compiled them in this process; ~3 min), then
``/tmp/perf-<pid>.map`` is written so perf can name the JIT code, and only the case itself is
recorded (perf starts disabled and is enabled through the control fifo). Cases: ``grid100
[days]`` (``--disable logistics,combat`` switches phases off) and ``baseline [days]``.
"""

from __future__ import annotations

import argparse
import os
import tempfile


def _short(name: str) -> str:
    """Return ``module.function`` from a numba-mangled symbol (``_ZN<len><part>...``)."""
    if not name.startswith("_ZN"):
        return name
    s, parts, i = name[3:], [], 0
    while i < len(s) and s[i].isdigit():
        j = i
        while s[j].isdigit():
            j += 1
        n = int(s[i:j])
        parts.append(s[j:j + n])
        i = j + n
    return ".".join(parts[-2:])


def write_map(dispatchers) -> int:  # noqa: ANN001
    """Write /tmp/perf-<pid>.map for every function compiled for ``dispatchers``; return count."""
    entries = []
    for disp in dispatchers:
        for cres in disp.overloads.values():
            lib = cres.library
            for f in lib._final_module.functions:
                if not f.is_declaration:
                    addr = lib.get_pointer_to_function(f.name)
                    if addr:
                        entries.append((addr, _short(f.name)))
    entries.sort()
    with open(f"/tmp/perf-{os.getpid()}.map", "w") as fh:
        for (a, n), (b, _) in zip(entries, [*entries[1:], (entries[-1][0] + 4096, "")],
                                  strict=True):
            fh.write(f"{a:x} {max(b - a, 1):x} {n}\n")
    return len(entries)


def main() -> None:
    """Compile fresh, write the perf map, then run the case with perf enabled."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("case", choices=("grid100", "baseline"))
    ap.add_argument("days", type=int, nargs="?", default=20)
    ap.add_argument("--disable", default="", help="phases to switch off, comma-separated")
    ap.add_argument("--seed", type=int, default=1,
                    help="the run's seed (trajectories differ in cost)")
    ap.add_argument("--ctl", help="perf control fifo (enable/disable around the case)")
    a = ap.parse_args()
    os.environ["NUMBA_CACHE_DIR"] = tempfile.mkdtemp(prefix="perfmap-cache-")
    import time

    from benchmarks.grid import GRID100, grid_scenario, prepare, warm_up
    from benchmarks.system import BASELINE
    from simulator.core.run import init_range, run_range
    from simulator.scenario import load_scenario

    print(f"compiled in {warm_up():.0f} s; mapped {write_map((run_range, init_range))} functions")
    off = [p for p in a.disable.split(",") if p]
    if a.case == "grid100":
        s = grid_scenario(100, 100, engine={"disabled_phases": off}) if off else \
            load_scenario(GRID100)
    else:
        s = load_scenario(BASELINE, [f"engine.disabled_phases={off!r}"] if off else [])
    built, params, state = prepare(s, a.days, a.seed)
    ctl = open(a.ctl, "w") if a.ctl else None  # noqa: SIM115 - kept open for the case
    if ctl:
        ctl.write("enable\n")
        ctl.flush()
    t0 = time.perf_counter()
    init_range(params, state, 0, 0, 1)
    run_range(params, state, 0, 0, 1, 0, a.days)
    dt = time.perf_counter() - t0
    if ctl:
        ctl.write("disable\n")
        ctl.close()
    n = int(built.map.land.sum())
    print(f"{n} regions x {a.days} days in {dt:.2f} s: {dt / (n * a.days) * 1e9:.0f} ns per "
          "region-day")


if __name__ == "__main__":
    main()
