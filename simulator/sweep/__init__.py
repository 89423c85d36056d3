"""Parameter sweeps: experiment files, designs, batches on a pool or Dask, a resumable store.

``load_experiment(path)`` validates an experiment; ``prepare`` builds its design and warms the
compile cache; ``open_or_create`` and ``execute`` run it into a sweep folder (see store.py).
"""

from simulator.sweep.experiment import LoadedExperiment, load_experiment

__all__ = ["LoadedExperiment", "load_experiment"]
