#!/usr/bin/env bash
# Create the project's virtual environment with a Python >= 3.11, installing Debian's venv
# module first when the system Python lacks it (a fresh Debian ships python3 without it).
set -euo pipefail
python=${1:-python3}
venv=${2:-.venv}

if ! command -v "$python" >/dev/null 2>&1; then
  echo "error: $python not found. Install Python 3.11 or newer (Debian: apt-get install python3 python3-venv)." >&2
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "error: $("$python" --version) is too old; Python 3.11 or newer is needed (make PYTHON=python3.11 ...)." >&2
  exit 1
fi
if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    echo "Installing python${version}-venv" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "python${version}-venv" >/dev/null
  else
    echo "error: $python has no venv module. Install it (Debian: sudo apt-get install python3-venv), then run make again." >&2
    exit 1
  fi
fi
"$python" -m venv "$venv"
