// Errors of the constructs: a ValidationError names the construct path and the field, found at
// synth before any server is touched. Messages and codes come from sql/spec/errors.ts.
import { IConstruct } from 'constructs';
import { ChxError, notInClickHouseStack as notInStack, undeclaredProblem } from '../sql/spec/errors';
import { Problem } from '../sql/spec/validate-spec';

/** A spec problem found at synth, before any server is touched; names the construct path and field. */
export class ValidationError extends ChxError {
  constructor(
    readonly constructPath: string,
    readonly problems: readonly Problem[],
  ) {
    super(
      'CHX_INVALID_SPEC',
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

export function notInClickHouseStack(scope: IConstruct): ChxError {
  return notInStack(scope.node.path);
}

/** `what` "name", referred to in `field` of `scope`, is not declared in the stack. */
export function undeclaredReference(scope: IConstruct, field: string, what: string, name: string): ValidationError {
  return new ValidationError(scope.node.path, [undeclaredProblem(field, what, name)]);
}

/** Two constructs declare the same object. */
export function alreadyDeclared(scope: IConstruct, objectId: string, otherPath: string): ValidationError {
  return new ValidationError(scope.node.path, [{ field: 'name', message: `${objectId} is already declared by ${otherPath}` }]);
}

export function credentialsInUrl(scope: IConstruct, field: string): ValidationError {
  return new ValidationError(scope.node.path, [
    { field, message: 'the URL must not carry credentials: give the user and password through environment variables (userEnv, passwordEnv)' },
  ]);
}

/** A Distributed table (at `path`, not created yet) in a stack without a cluster. */
export function distributedNeedsCluster(path: string): ValidationError {
  return new ValidationError(path, [{ field: 'cluster', message: 'a Distributed table needs a cluster: set cluster on the stack or on the construct' }]);
}

/** A sharding key naming words that are not columns of the local table. */
export function unknownShardingColumns(path: string, shardingKey: string | undefined, unknown: readonly string[], table: string): ValidationError {
  return new ValidationError(path, [{ field: 'shardingKey', message: `${JSON.stringify(shardingKey)} names ${unknown.join(', ')}, not a column of ${table}` }]);
}
