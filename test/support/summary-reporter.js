// Prints the server the suite ran against, every skipped test with its reason, and a plain
// closing line "jest: N passed, N failed, N skipped" that CI reads.
class SummaryReporter {
  constructor() {
    this.skipped = [];
  }
  onTestResult(_test, result) {
    for (const t of result.testResults) {
      if (t.status === 'pending' || t.status === 'skipped' || t.status === 'todo') this.skipped.push(t.fullName);
    }
  }
  onRunComplete(_contexts, results) {
    const out = [];
    try {
      const info = JSON.parse(process.env.CHX_TEST_SERVER || '{}');
      if (info.kind) out.push(`[test server] ${info.kind} ClickHouse ${info.version} at ${info.url} (${info.reason})`);
    } catch {
      /* no server info */
    }
    if (this.skipped.length) {
      out.push(`skipped (${this.skipped.length}), with reasons:`);
      for (const s of this.skipped) out.push(`  - ${s}`);
    }
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    out.push(`jest: ${results.numPassedTests} passed, ${failed} failed, ${results.numPendingTests + results.numTodoTests} skipped`);
    process.stdout.write(`\n${out.join('\n')}\n`);
  }
}
module.exports = SummaryReporter;
