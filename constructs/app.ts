// Helpers for apps built with these constructs: find the ClickHouse stacks of an app, and check
// a stack's drift against its server in memory (what `chx validate` does from a synthesized
// stack). Synth itself never talks to a server: the provider reads it when Terraform plans.
import { IConstruct } from 'constructs';
import { ClickHouseStack } from './clickhouse-stack';
import { checkStack } from '../sql/live/stack-check';
import { StackReport, stackReport } from '../sql/report/report';

export function clickhouseStacks(app: IConstruct): ClickHouseStack[] {
  return app.node.findAll().filter((c): c is ClickHouseStack => c instanceof ClickHouseStack);
}

/** The drift report of a stack against its server (the environment gives URL and credentials). */
export async function checkStackDrift(stack: ClickHouseStack, env: NodeJS.ProcessEnv = process.env): Promise<StackReport> {
  const specs = stack.specs();
  return stackReport(stack.node.id, specs, await checkStack(stack.settings, specs, env));
}
