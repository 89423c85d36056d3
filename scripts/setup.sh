#!/usr/bin/env bash
# Set up everything the tests need on a fresh Debian machine: Debian's chromium (browser tests)
# and a virtual environment with the package, its dev and dask extras. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null
  fi
fi
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[dev,dask]"
# Byte-compile the package: where PYTHONDONTWRITEBYTECODE is set (as on the shared machine)
# Python never caches it, and every command compiled its ~120 modules again (0.05-0.1 s a start).
.venv/bin/python -m compileall -q simulator >/dev/null
