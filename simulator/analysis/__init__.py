"""Analysis of a finished sweep: sensitivity indices, rank correlations, scenario discovery.

``load_sweep(dir)`` reads a sweep folder; ``analyze(sweep)`` returns an ``Analysis`` (Sobol or
Morris indices with SALib, else Spearman correlations; PRIM boxes for each named outcome of
interest); ``write_analysis(analysis, dir)`` writes ``DIR/analysis/``.
"""

from simulator.analysis.folder import SweepData, load_sweep
from simulator.analysis.run import Analysis, analyze, write_analysis

__all__ = ["Analysis", "SweepData", "analyze", "load_sweep", "write_analysis"]
