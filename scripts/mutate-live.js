#!/usr/bin/env node
// `npm run mutate:live [-- stryker options]`: Stryker over sql/live judged by test/unit and
// test/live against a real ClickHouse. Uses CLICKHOUSE_URL when set; otherwise starts the
// embedded server once (a temporary data directory), runs Stryker with its URL, and stops it.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

require('ts-node').register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
const { startEmbeddedServer } = require('../server/embedded-server');

async function main() {
  const args = ['run', 'stryker.live.config.json', ...process.argv.slice(2)];
  let stop = async () => {};
  const env = { ...process.env };
  if (!env.CLICKHOUSE_URL) {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-mutate-live-'));
    const server = await startEmbeddedServer({ dataDir: path.join(home, 'data'), logFile: path.join(home, 'server.log') });
    console.log(`[mutate:live] embedded ClickHouse at ${server.url}`);
    env.CLICKHOUSE_URL = server.url;
    stop = async () => {
      await server.stop();
      fs.rmSync(home, { recursive: true, force: true });
    };
  }
  try {
    const r = spawnSync(path.join('node_modules', '.bin', 'stryker'), args, { stdio: 'inherit', env });
    process.exitCode = r.status ?? 1;
  } finally {
    await stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
