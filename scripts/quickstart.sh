#!/usr/bin/env bash
# One command from a fresh clone: install, start the embedded ClickHouse, deploy the dev stack
# with `cdktf deploy`, and show what was done. Running it again changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1

need() { command -v "$1" >/dev/null 2>&1 || { echo "quickstart: $1 is required but not found on the PATH. $2" >&2; exit 1; }; }
need node "Install Node.js 20 or newer."
need npm "It comes with Node.js."
need terraform "Install Terraform >= 1.11 (https://developer.hashicorp.com/terraform/install); no provider download is needed."
node -e 'const [a]=process.versions.node.split(".").map(Number); if (a < 20) { console.error(`quickstart: Node.js 20 or newer is required, found ${process.version}`); process.exit(1); }'

# npm ci only when the lock file changed since the last install (npm keeps its copy in node_modules).
if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ] && [ -d node_modules/cdktf ]; then
  echo "==> 1/4 dependencies already installed from this package-lock.json (rm -rf node_modules to reinstall)"
else
  echo "==> 1/4 installing dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "==> 2/4 building"
npm run --silent build
echo "==> 3/4 starting the embedded ClickHouse (real engine from the chdb package)"
node dist/cli/chx.js clickhouse start
echo "==> 4/4 deploying the dev stack: npx cdktf deploy dev --auto-approve"
npx cdktf deploy dev --auto-approve 2>&1 | node dist/cli/plain-output.js
echo
node dist/cli/chx.js show dev
echo
echo "Done. Try: npx cdktf plan dev   (expect no changes)   ·   npm run clickhouse -- stop   to stop the server"
