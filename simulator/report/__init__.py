"""The interactive HTML report of a results folder (``report.html``), offline and self-contained.

``build_report(folder)`` returns the page; ``write_report(folder, path)`` writes it atomically.
"""

from simulator.report.build import build_report, write_report

__all__ = ["build_report", "write_report"]
