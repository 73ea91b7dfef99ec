import { IConstruct } from 'constructs';
import { Problem } from '../sql/spec/validate-spec';

/** A spec problem found at synth, before any server is touched; names the construct path and field. */
export class ValidationError extends Error {
  constructor(
    readonly constructPath: string,
    readonly problems: readonly Problem[],
  ) {
    super(
      problems.length === 1
        ? `${constructPath}: ${problems[0].field}: ${problems[0].message}`
        : `${constructPath}: ${problems.length} problems:\n${problems.map((p) => `  - ${p.field}: ${p.message}`).join('\n')}`,
    );
    this.name = 'ValidationError';
  }
}

export function throwIfProblems(scope: IConstruct, problems: readonly Problem[]): void {
  if (problems.length > 0) throw new ValidationError(scope.node.path, problems);
}

export function notInClickHouseStack(scope: IConstruct): Error {
  return new Error(`${scope.node.path}: ClickHouse objects must be created inside a ClickHouseStack (constructs/clickhouse-stack.ts)`);
}

export function undeclaredReference(scope: IConstruct, field: string, what: string, name: string): ValidationError {
  return new ValidationError(scope.node.path, [{ field, message: `${what} "${name}" is not declared in this stack; declare it or use an existing name` }]);
}

export function credentialsInUrl(scope: IConstruct, field: string): ValidationError {
  return new ValidationError(scope.node.path, [
    { field, message: 'the URL must not carry credentials: give the user and password through environment variables (userEnv, passwordEnv)' },
  ]);
}
