// The cdktf app: one stack per environment (stacks/), composed from the same constructs.
// Synth checks each stack's server for drift first (constructs/app.ts).
import { App } from 'cdktf';
import { synthWithDriftCheck } from './constructs/app';
import { buildStacks } from './stacks';

async function main(): Promise<void> {
  const app = new App();
  buildStacks(app);
  await synthWithDriftCheck(app);
}

main().catch((err: Error) => {
  process.stderr.write(`synth failed: ${err.message}\n`);
  process.exit(1);
});
