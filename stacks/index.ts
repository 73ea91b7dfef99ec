// Every environment of the project, composed from the same constructs.
import { Construct } from 'constructs';
import { devStack } from './dev';
import { productionStack, stagingStack } from './replicated';
import { MonitoringStack } from './environment';

export function buildStacks(app: Construct, env: NodeJS.ProcessEnv = process.env): MonitoringStack[] {
  return [devStack(app, env), stagingStack(app, env), productionStack(app, env)];
}
