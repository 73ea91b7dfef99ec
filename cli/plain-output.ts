#!/usr/bin/env node
// Filters cdktf's interactive output for logs: drops spinner lines and terminal escapes.
// As a command it filters stdin (`cdktf deploy ... | node dist/cli/plain-output.js`); bootstrap
// uses the same filter on the deploy it runs.
import * as readline from 'readline';

/** --quiet's environment form, for CI logs: CHX_QUIET=1 (or true). */
export function isQuiet(env: NodeJS.ProcessEnv): boolean {
  return env.CHX_QUIET === '1' || env.CHX_QUIET === 'true';
}

export interface PlainFilterOptions {
  /** Also drop Terraform's progress on objects still being worked on (Refreshing state..., Creating..., Still modifying...), keeping what changed. @default false */
  readonly quiet?: boolean;
}

/** A stateful line filter: returns the line to print, or undefined to drop it. */
export function createPlainFilter(opts: PlainFilterOptions = {}): (raw: string) => string | undefined {
  let last = '';
  return (raw: string) => {
    // cdktf labels everything the app writes to stderr "[<time>] [ERROR] default - ", even the drift summary.
    const line = raw
      // eslint-disable-next-line no-control-regex -- ANSI escape sequences start with ESC
      .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')
      .replace(/\r/g, '')
      .replace(/^\[[0-9T:.-]+\] \[ERROR\] default - /, '')
      .trimEnd();
    if (!line.trim() || /^[⠁-⣿]\s+(Processing|Synthesizing|Starting)/.test(line.trim()) || /\d+ Stacks? (deploying|done|waiting)/.test(line)) return undefined;
    if (/Unable to open CLI configuration file|problems with the CLI configuration|CLI configuration file at|^\s*[╷│╵]\s*$/.test(line)) return undefined;
    if (
      opts.quiet &&
      /: (Creating\.\.\.|Modifying\.\.\.|Destroying\.\.\.|Still (creating|modifying|destroying)\.\.\.|Refreshing state\.\.\.|Reading\.\.\.)/.test(line)
    )
      return undefined;
    if (line === last) return undefined;
    last = line;
    return line;
  };
}

if (require.main === module) {
  const filter = createPlainFilter({ quiet: isQuiet(process.env) });
  readline.createInterface({ input: process.stdin }).on('line', (raw) => {
    const line = filter(raw);
    if (line !== undefined) process.stdout.write(`${line}\n`);
  });
}
