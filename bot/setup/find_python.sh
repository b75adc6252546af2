#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter, or one clear line on stderr and exit 1.
# Order: $PYTHON, python3.10 on PATH, then every 3.10 that pyenv has installed.
# Rasa 3.6 runs on 3.8-3.10 only, so a newer default python3 is never used silently.
set -u

is_python310() {
  # Compare printed output, not only the exit code: `PYTHON=true` must not pass.
  [ "$("$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "3.10" ]
}

if [ -n "${PYTHON:-}" ]; then
  if is_python310 "$PYTHON"; then echo "$PYTHON"; exit 0; fi
  echo "PYTHON=$PYTHON is not a working Python 3.10 interpreter; Rasa 3.6 needs Python 3.10." >&2
  exit 1
fi

candidates=()
command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
if command -v pyenv >/dev/null 2>&1 || [ -d "${PYENV_ROOT:-$HOME/.pyenv}" ]; then
  root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
  for dir in $(ls -d "$root"/versions/3.10.* 2>/dev/null | sort -V -r); do
    candidates+=("$dir/bin/python3.10")
  done
fi

for candidate in "${candidates[@]}"; do
  if is_python310 "$candidate"; then echo "$candidate"; exit 0; fi
done

echo "No Python 3.10 found: install one (e.g. 'pyenv install 3.10' or 'apt-get install python3.10') or set PYTHON=/path/to/python3.10." >&2
exit 1
