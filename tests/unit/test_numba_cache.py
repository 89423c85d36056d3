"""numba's disk cache lives in a folder keyed by a hash of the core's sources (core/cache.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.core import cache
from tests.conftest import ROOT

PROBE = (
    "import json, numba, simulator.core as core\n"
    "from simulator.core.cache import sources_hash\n"
    "from simulator.core.run import run_range\n"
    "print(json.dumps({'dir': str(core.CACHE_DIR), 'numba': numba.config.CACHE_DIR,\n"
    "                  'hash': sources_hash(), 'kernel': run_range._cache._cache_path}))\n"
)


def probe(**env: str) -> dict:
    """Return where a fresh interpreter with ``env`` puts the cache (nothing is compiled)."""
    clean = {k: v for k, v in os.environ.items() if k not in ("NUMBA_CACHE_DIR", "XDG_CACHE_HOME")}
    out = subprocess.run([sys.executable, "-c", PROBE], env={**clean, **env}, cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_user_numba_cache_dir_wins_with_a_hash_subfolder(tmp_path: Path) -> None:
    user = tmp_path / "user-cache"
    got = probe(NUMBA_CACHE_DIR=str(user), XDG_CACHE_HOME=str(tmp_path / "xdg"))
    assert Path(got["dir"]) == user / got["hash"]
    assert Path(got["numba"]) == user / got["hash"]
    assert Path(got["kernel"]).is_relative_to(user / got["hash"])  # where the kernels go


def test_default_cache_dir_is_under_xdg_cache_home(tmp_path: Path) -> None:
    got = probe(XDG_CACHE_HOME=str(tmp_path))
    assert Path(got["dir"]) == tmp_path / "libya-sim" / "numba" / got["hash"]
    assert Path(got["kernel"]).is_relative_to(Path(got["dir"]))


@pytest.fixture
def core_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a copy of ``simulator/core``'s sources that ``sources_hash`` reads instead."""
    copy = tmp_path / "core"
    copy.mkdir()
    for path in cache.CORE_DIR.glob("*.py"):
        shutil.copy2(path, copy / path.name)
    monkeypatch.setattr(cache, "CORE_DIR", copy)
    return copy


def test_key_changes_when_a_core_source_changes(core_copy: Path) -> None:
    real = cache.sources_hash()
    target = core_copy / "combat.py"
    text = target.read_text()
    target.write_text(text + "\n# an edit\n")
    edited = cache.sources_hash()
    assert edited != real
    target.write_text(text)
    assert cache.sources_hash() == real  # the key is the text, not the file's time
    (core_copy / "notes.txt").write_text("not a source")
    assert cache.sources_hash() == real
    (core_copy / "new_phase.py").write_text("X = 1\n")
    assert cache.sources_hash() not in (real, edited)


def test_key_of_the_copy_is_the_real_key(core_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copied = cache.sources_hash()
    monkeypatch.undo()
    assert copied == cache.sources_hash()
