#!/usr/bin/env bash
# Installs the web widget (rasa-webchat, pinned in bot/web/package-lock.json) from the npm
# registry into bot/web/node_modules, only when the lock file changed.
set -euo pipefail
cd "$(dirname "$0")/../web"

if ! command -v npm >/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "==> installing npm from Debian's packages (for the web widget)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm
  else
    echo "The web widget needs npm (Node.js). Install it with: sudo apt-get install -y nodejs npm" >&2
    exit 1
  fi
fi

stamp=node_modules/.package-lock.sha256
wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f node_modules/rasa-webchat/lib/index.js ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then
  echo "==> web widget up to date"
  exit 0
fi
echo "==> installing the web widget (rasa-webchat) from the npm registry"
# --ignore-scripts: the widget ships a built bundle; nothing needs to run at install time.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
echo "$wanted" > "$stamp"
