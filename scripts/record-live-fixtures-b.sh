#!/usr/bin/env bash
# Records again the rows of test/fixtures/live/{dictionaries,access,snapshot,mutations}-*.json
# (test/support/live-fixtures-b.ts: the objects each one makes and the code whose queries it
# keeps) from a real server: the suite's (CLICKHOUSE_URL, or the embedded one the server project
# starts) and, for access fixtures, an embedded server with the fixture's users.xml.
# Usage: bash scripts/record-live-fixtures-b.sh   (then review `git diff test/fixtures/live`)
set -euo pipefail
cd "$(dirname "$0")/.."
CHX_RECORD_LIVE_FIXTURES=1 npx jest test/integration/live-fixtures-b.test.ts --selectProjects server
npx prettier --write 'test/fixtures/live/{dictionaries,access,snapshot,mutations}-*.json'
