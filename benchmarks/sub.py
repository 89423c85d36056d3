"""Subprocess helpers: one-shot JSON commands and long-lived workers fed one job per line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def env_with(**extra: str) -> dict[str, str]:
    """Return this process's environment plus ``extra`` (and the repo on PYTHONPATH)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.update(extra)
    return env


def run_json(cmd: list[str], timeout: float, **env: str) -> dict:
    """Run ``cmd`` from the repo root; return the JSON object printed on its last stdout line."""
    proc = subprocess.run(cmd, cwd=ROOT, env=env_with(**env), capture_output=True, text=True,
                          timeout=timeout, check=False)
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-3:]
        raise RuntimeError(f"{' '.join(cmd[:4])} ... exited {proc.returncode}: {tail}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


class Worker:
    """A Python subprocess running ``benchmarks.worker``: send a job, read its JSON answer."""

    def __init__(self, **env: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.worker"], cwd=ROOT, env=env_with(**env),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def ask(self, job: dict) -> dict:
        """Send ``job`` and return the worker's answer (raise if it failed)."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(job) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"worker exited ({self.proc.wait()}) on {job}")
        answer = json.loads(line)
        if "error" in answer:
            raise RuntimeError(f"worker failed on {job}: {answer['error']}")
        return answer

    def close(self) -> None:
        """Stop the worker."""
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
