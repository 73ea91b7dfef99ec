#!/usr/bin/env node
// Filters cdktf's interactive output for logs: drops spinner lines and terminal escapes.
import * as readline from 'readline';

const rl = readline.createInterface({ input: process.stdin });
let last = '';
rl.on('line', (raw) => {
  // eslint-disable-next-line no-control-regex
  const line = raw.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '').trimEnd();
  if (!line.trim() || /^[⠁-⣿]\s+Processing/.test(line.trim()) || /\d+ Stacks? (deploying|done|waiting)/.test(line)) return;
  if (/Unable to open CLI configuration file|problems with the CLI configuration|CLI configuration file at|^\s*[╷│╵]\s*$/.test(line)) return;
  if (line === last) return;
  last = line;
  process.stdout.write(`${line}\n`);
});
