"""A benchmark worker: reads one JSON job per stdin line, answers one JSON line on stdout.

Jobs: ``{"job": "warm"}`` loads the kernels (answers the seconds and numba's thread count);
``{"job": "ensemble", "scenario": path, "replicates": n, "days": d}`` runs ``simulator.run``
and answers its timings. The thread count comes from ``NUMBA_NUM_THREADS`` in the environment.
"""

from __future__ import annotations

import json
import sys
import time


def handle(job: dict) -> dict:
    """Return the answer to one job."""
    import numba

    if job["job"] == "warm":
        from benchmarks.grid import warm_up

        return {"seconds": warm_up(), "threads": numba.get_num_threads()}
    if job["job"] == "ensemble":
        from simulator import run
        from simulator.scenario import load_scenario

        s = load_scenario(job["scenario"])
        t0, c0 = time.perf_counter(), time.process_time()
        res = run(s, seed=job.get("seed", 1), replicates=job["replicates"], days=job["days"])
        t = res.timings
        return {"wall_s": time.perf_counter() - t0, "cpu_s": time.process_time() - c0,
                "build_s": t.build, "compile_s": t.compile,
                "simulate_s": t.simulate, "assemble_s": t.assemble,
                "threads": numba.get_num_threads()}
    raise ValueError(f"unknown job {job.get('job')!r}")


def main() -> None:
    """Answer jobs until stdin closes."""
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            answer = handle(json.loads(line))
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which raises
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
