// The cdktf app: one stack per environment, composed from the same constructs.
// Synth checks each stack's server for drift first (see constructs/app.ts).
import { App } from 'cdktf';
import { synthWithDriftCheck } from './constructs/app';
import { devStack } from './stacks/dev';
import { productionStack, stagingStack } from './stacks/replicated';

async function main(): Promise<void> {
  const app = new App();
  devStack(app);
  stagingStack(app);
  productionStack(app);
  await synthWithDriftCheck(app);
}

main().catch((err: Error) => {
  process.stderr.write(`synth failed: ${err.message}\n`);
  process.exit(1);
});
