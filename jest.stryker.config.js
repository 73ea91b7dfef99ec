// The jest config Stryker runs (`npm run mutate`, stryker.config.json): the `unit` project of
// jest.config.js alone (test/unit, test/synth: no server, no terraform), so a mutant is judged by
// the tests that need nothing outside the process.
const { projects, testTimeout } = require('./jest.config.js');

const unit = projects.find((p) => p.displayName === 'unit');
if (!unit) throw new Error('jest.config.js has no project named unit');

/** @type {import('jest').Config} */
module.exports = { ...unit, testTimeout };
