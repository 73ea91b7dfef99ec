// The jest config Stryker runs (`npm run mutate`, stryker.config.json): the `unit` project of
// jest.config.js alone (test/unit, test/synth: no server, no terraform), so a mutant is judged by
// the tests that need nothing outside the process.
const { projects, testTimeout } = require('./jest.config.js');

const unit = projects.find((p) => p.displayName === 'unit');
if (!unit) throw new Error('jest.config.js has no project named unit');

// CHX_STRYKER_SKIP_SYNTH=1 leaves test/synth out: those tests run tsc and synthesize whole apps,
// ~10 s per mutant they cover (sql/render and sql/codegen with them: ~27 min projected for one
// run). Without them only test/unit judges, so a score measured this way is a lower bound.
const roots = process.env.CHX_STRYKER_SKIP_SYNTH === '1' ? unit.roots.filter((r) => !r.includes('test/synth')) : unit.roots;

/** @type {import('jest').Config} */
module.exports = { ...unit, roots, testTimeout };
