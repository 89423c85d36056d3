"""A ``mesa.DataCollector`` that reads the compiled recorder's row of each day.

The core writes one recorder row per day (``State.rec``); ``RecorderCollector.collect`` copies
row ``model.day`` of replicate 0 into Mesa's ``model_vars`` under the column names of
``Results.timeseries`` (``replicate``, ``day``, ``date``, then the recorder's columns), with the
same conversions: escalation as an integer, ceasefire and border postures as text. Nothing is
recomputed in Python, and no per-column reporter or deep copy runs, so a collection costs a few
microseconds. ``get_model_vars_dataframe()`` returns a frame equal to ``Results.timeseries``,
with the injury columns that results assembly derives (``simulator.injuries``) added to it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
from mesa import DataCollector

from simulator.core.layout import BORDER_POSTURES, CEASEFIRE_STATES
from simulator.injuries import add_injuries
from simulator.results import DATE_DTYPE


def _reader(j: int):  # noqa: ANN202
    def read(model: Any) -> float:
        return float(model.state.rec[0, model.day, j])

    return read


class RecorderCollector(DataCollector):
    """Collects the recorder's row of each day; ``model_vars`` maps column -> list per step."""

    def __init__(self, columns: list[str], neighbours: list[str], start: dt.date,
                 replicate: int = 0, built: Any = None) -> None:  # noqa: ANN401
        """Set up one model variable per recorder column plus ``replicate``, ``day``, ``date``.

        With ``built`` (the engine inputs), the frame also gets the derived injury columns.
        """
        reporters: dict[str, Any] = {"replicate": lambda m: m.replicate,
                                     "day": lambda m: m.day,
                                     "date": lambda m: m.start_date + dt.timedelta(days=m.day)}
        reporters.update({c: _reader(j) for j, c in enumerate(columns)})
        super().__init__(model_reporters=reporters)
        self._validated = True
        self.start, self.replicate, self._built = start, replicate, built
        self._lists = [self.model_vars[c] for c in columns]
        texts = {"ceasefire": CEASEFIRE_STATES,
                 **{f"border_{n}": BORDER_POSTURES for n in neighbours}}
        self._convert = [(j, self.model_vars[c], texts[c]) for j, c in enumerate(columns)
                         if c in texts]
        self._texts = [c for c in columns if c in texts]
        self._esc = (columns.index("escalation"), self.model_vars["escalation"])
        self._ids = (self.model_vars["replicate"], self.model_vars["day"], self.model_vars["date"])

    def collect(self, model: Any) -> None:
        """Append row ``model.day`` of the recorder (replicate 0) to ``model_vars``."""
        row = model.state.rec[0, model.day].tolist()
        for lst, v in zip(self._lists, row, strict=True):
            lst.append(v)
        for j, lst, names in self._convert:
            lst[-1] = names[round(row[j])]
        j, lst = self._esc
        lst[-1] = round(row[j])
        reps, days, dates = self._ids
        reps.append(self.replicate)
        days.append(model.day)
        dates.append(self.start + dt.timedelta(days=model.day))

    def get_model_vars_dataframe(self) -> pd.DataFrame:
        """Return the collected rows as a frame with the columns and dtypes of ``timeseries``."""
        df = pd.DataFrame({c: v for c, v in self.model_vars.items()
                           if c not in ("replicate", "day", "date")})
        df.insert(0, "date", pd.to_datetime(self.model_vars["date"]).astype(DATE_DTYPE))
        df.insert(0, "day", np.asarray(self.model_vars["day"], dtype=np.int64))
        df.insert(0, "replicate", np.asarray(self.model_vars["replicate"], dtype=np.int64))
        df["escalation"] = df["escalation"].astype(np.int64)
        for c in self._texts:
            df[c] = df[c].astype("string")
        if self._built is not None and len(df):
            add_injuries(df, self._built, 1, len(df) - 1)
        return df
