"""Benchmarks of libya-sim: ``python -m benchmarks [--quick]`` (see docs/PERFORMANCE.md).

Modules: ``grid`` (the benchmark grid at any size), ``mesa_reference`` (the same war in plain
Mesa), ``agreement`` (reference vs engine: agreement and speed), ``scaling`` (ns per region-day,
peak memory), ``system`` (cold compile, warm CLI run, thread speedup, baseline throughput),
``worker`` and ``sub`` (subprocess plumbing), ``perfmap`` (profiles with Linux perf).
``bench_cli.py`` (issue 11) times the CLI on its own.
"""
