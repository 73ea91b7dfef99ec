// The jest config `npm run mutate:live` runs (stryker.live.config.json): test/unit plus test/live,
// the short real-server tests of sql/live. A mutant of sql/live's query code is judged against a
// real ClickHouse, not a stand-in. scripts/mutate-live.js starts that server once and passes its
// URL in CLICKHOUSE_URL; without it every mutant's run would start a server of its own.
const { projects, testTimeout } = require('./jest.config.js');

const server = projects.find((p) => p.displayName === 'server');
const unit = projects.find((p) => p.displayName === 'unit');
if (!server || !unit) throw new Error('jest.config.js has no projects named unit and server');
if (!process.env.CLICKHOUSE_URL) throw new Error('jest.stryker-live.config.js needs CLICKHOUSE_URL: run it through `npm run mutate:live`');

/** @type {import('jest').Config} */
module.exports = {
  ...server,
  displayName: 'live',
  roots: [...unit.roots.filter((r) => !r.includes('test/synth')), '<rootDir>/test/live'],
  testTimeout,
};
