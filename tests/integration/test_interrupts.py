"""SIGINT and SIGTERM stop ``libya-sim run`` within seconds and leave an ``interrupted`` folder.

The subprocess tests start a large ensemble (2,000 replicates of 3,000 days of the synthetic duel,
about twenty minutes of work), wait until it simulates, send the signal and time the exit.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from simulator.cli import app
from simulator.cli.common import StopSignals

ROOT = Path(__file__).resolve().parents[2]
DUEL = "scenarios/synthetic_duel.toml"
BIG = ["--replicates", "2000", "--days", "3000"]
TABLES = ("timeseries", "outcomes", "events", "snapshots")
STARTUP_S = 300  # generous: a cold compile of the kernels takes about 90 s
STOP_S = 5.0


def command() -> list[str]:
    exe = Path(sys.executable).with_name("libya-sim")
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-c", "from simulator.cli import main; main()"]


def start(out: Path, log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    with open(log, "wb") as fh:
        return subprocess.Popen([*command(), "run", DUEL, *BIG, "-o", str(out)], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=fh,
                                env={**os.environ, **(env or {})})


def wait_for(cond, proc: subprocess.Popen, what: str) -> None:  # noqa: ANN001
    t0 = time.monotonic()
    while not cond():
        if proc.poll() is not None:
            pytest.fail(f"the run ended (exit {proc.returncode}) before {what}")
        if time.monotonic() - t0 > STARTUP_S:
            proc.kill()
            pytest.fail(f"no {what} after {STARTUP_S} s")
        time.sleep(0.05)


def stop_and_check(proc: subprocess.Popen, out: Path, log: Path, signals: list[int],
                   code: int) -> dict:
    t0 = time.monotonic()
    for sig in signals:
        proc.send_signal(sig)
        time.sleep(0.05)
    try:
        rc = proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("the run did not stop within 30 s of the signal")
    elapsed = time.monotonic() - t0
    err = log.read_text(errors="replace")
    assert rc == code, err
    assert elapsed < STOP_S, f"stopped after {elapsed:.1f} s"
    assert "Traceback" not in err
    lines = [x for x in err.splitlines() if x.startswith("interrupted")]
    assert len(lines) == 1, err
    assert f"interrupted by {signal.Signals(signals[0]).name}" in lines[0]
    names = {p.name for p in out.iterdir()}
    assert names == {"manifest.json", "scenario.toml"}, names
    assert not any(".partial-" in p.name for p in out.parent.iterdir())
    m = json.loads((out / "manifest.json").read_text())
    assert m["status"] == "interrupted"
    assert m["interrupted"]["signal"] == signal.Signals(signals[0]).name
    assert m["interrupted"]["replicate_days_total"] == 2000 * 3000
    assert not set(TABLES) & set(m["files"])
    return m


@pytest.mark.parametrize(("signals", "code"), [
    ([signal.SIGINT], 130),
    ([signal.SIGTERM], 143),
    ([signal.SIGINT, signal.SIGINT], 130),
], ids=["sigint", "sigterm", "sigint-twice"])
def test_signal_during_the_ensemble(tmp_path: Path, signals: list[int], code: int) -> None:
    out, log = tmp_path / "big", tmp_path / "stderr.txt"
    proc = start(out, log)
    wait_for(lambda: "simulating" in log.read_text(errors="replace"), proc, "progress line")
    time.sleep(1.0)
    m = stop_and_check(proc, out, log, signals, code)
    assert 0 < m["interrupted"]["replicate_days_done"] < 2000 * 3000


def test_signal_while_starting(tmp_path: Path) -> None:
    """A signal while the folder is new (building, compiling) stops the run at once too."""
    out, log = tmp_path / "early", tmp_path / "stderr.txt"
    proc = start(out, log)
    wait_for(lambda: any(".partial-" in p.name for p in tmp_path.iterdir()), proc,
             "temporary folder")
    stop_and_check(proc, out, log, [signal.SIGTERM], 143)


def test_signal_while_compiling(tmp_path: Path) -> None:
    """A signal during the first compile (an empty disk cache) stops the run at once."""
    out, log = tmp_path / "cold", tmp_path / "stderr.txt"
    proc = start(out, log, {"NUMBA_CACHE_DIR": str(tmp_path / "empty-cache")})
    wait_for(lambda: "compiling the engine" in log.read_text(errors="replace"), proc,
             "compile notice")
    time.sleep(1.0)
    m = stop_and_check(proc, out, log, [signal.SIGINT], 130)
    assert m["interrupted"]["replicate_days_done"] == 0
    assert m["seeds"]["replicates"] == list(range(2000))


def test_in_process_sigterm_restores_handlers(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import simulator.engine

    original = simulator.engine.run
    sent = []

    def run_and_signal(*args: object, progress=None, **kwargs: object):  # noqa: ANN001, ANN202
        def progress_then_kill(done: int, total: int) -> None:
            progress(done, total)
            if not sent:
                sent.append(done)
                os.kill(os.getpid(), signal.SIGTERM)
        return original(*args, progress=progress_then_kill, **kwargs)

    monkeypatch.setattr(simulator.engine, "run", run_and_signal)
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    out = tmp_path / "x"
    result = CliRunner().invoke(app, ["run", str(ROOT / DUEL), "-r", "64", "--days", "400",
                                      "-o", str(out)])
    assert result.exit_code == 143, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 2  # "simulating ..." and "interrupted by SIGTERM ..."
    m = json.loads((out / "manifest.json").read_text())
    assert m["status"] == "interrupted" and m["interrupted"]["signal"] == "SIGTERM"
    assert {s: signal.getsignal(s) for s in before} == before


def test_stop_signals_modes() -> None:
    before = signal.getsignal(signal.SIGINT)
    with StopSignals() as stop:
        with pytest.raises(KeyboardInterrupt):  # before defer(): at once
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)
        assert stop.requested() and stop.exit_code() == 130
    with StopSignals() as stop:
        stop.defer()
        os.kill(os.getpid(), signal.SIGTERM)  # deferred: only the flag
        time.sleep(0.05)
        assert stop.requested() and stop.name() == "SIGTERM" and stop.exit_code() == 143
        with pytest.raises(KeyboardInterrupt):  # a second signal: at once
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)
        os.kill(os.getpid(), signal.SIGINT)  # after raising once: only the flag
        time.sleep(0.05)
        assert stop.exit_code() == 143
    with StopSignals() as stop:
        stop.defer()
        assert not stop.poll()
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
        assert stop.poll()  # the run stops cleanly now: later signals only record
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)
    with StopSignals() as stop:
        with stop.held():
            os.kill(os.getpid(), signal.SIGTERM)  # held (starting): only recorded
            time.sleep(0.05)
        assert stop.poll() and stop.exit_code() == 143
    calls = []
    with StopSignals() as stop:
        stop.on_immediate = calls.append  # the CLI finishes the folder and exits here
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)
        assert calls == [signal.SIGINT]
    assert signal.getsignal(signal.SIGINT) is before


def test_engine_stops_at_a_chunk_boundary() -> None:
    from simulator.engine import Interrupted
    from simulator.engine import run as run_engine
    from tests.conftest import make

    s = make()
    asked = []

    def after_first_chunk() -> bool:  # asked after build, compile, then after every chunk
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(Interrupted) as info:
        run_engine(s, replicates=3, days=200, should_stop=after_first_chunk)
    exc = info.value
    assert (exc.done, exc.total) == (3 * 1, 3 * 200)  # the first chunk is one day
    assert exc.replicates_done == [] and exc.timings.simulate > 0
    full = run_engine(s, replicates=3, days=20, should_stop=lambda: False)
    plain = run_engine(s, replicates=3, days=20)
    assert full.outcomes.equals(plain.outcomes)


def test_engine_reports_finished_batches() -> None:
    from simulator.engine import Interrupted
    from simulator.engine import run as run_engine
    from tests.conftest import make

    s = make(engine__batch_replicates=2)
    seen = []

    def stop_after_second_batch() -> bool:  # asked after build, compile and each batch
        seen.append(1)
        return len(seen) > 3

    with pytest.raises(Interrupted) as info:  # 1 day: one chunk per batch
        run_engine(s, replicates=6, days=1, should_stop=stop_after_second_batch)
    assert info.value.replicates_done == [0, 1, 2, 3]
    assert (info.value.done, info.value.total) == (4, 6)
