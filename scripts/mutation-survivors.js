#!/usr/bin/env node
// Lists the mutants Stryker's last run left alive (reports/mutation/mutation.json), one per line
// as file:line:column, status, mutator and replacement, with the source line under it; then the
// count of each status per file. Usage: node scripts/mutation-survivors.js [report] [statuses]
// (statuses comma-separated, default Survived,NoCoverage).
const fs = require('fs');

const report = JSON.parse(fs.readFileSync(process.argv[2] || 'reports/mutation/mutation.json', 'utf8'));
const wanted = (process.argv[3] || 'Survived,NoCoverage').split(',');
const counts = {};
for (const [file, { source, mutants }] of Object.entries(report.files)) {
  const lines = source.split('\n');
  counts[file] = {};
  for (const m of [...mutants].sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column)) {
    counts[file][m.status] = (counts[file][m.status] || 0) + 1;
    if (!wanted.includes(m.status)) continue;
    const { line, column } = m.location.start;
    console.log(`${file}:${line}:${column} ${m.status} ${m.mutatorName} -> ${JSON.stringify(m.replacement ?? '').slice(0, 100)}`);
    console.log(`    ${lines[line - 1].trim().slice(0, 120)}`);
  }
}
for (const [file, c] of Object.entries(counts))
  console.log(
    `${file}: ${Object.entries(c)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
