// Every error this project raises itself, as one small factory each: call sites read
// `throw noServerConfigured(urlEnv)`. Each error carries a stable `code` (CHX_...) to branch on;
// the message says what is wrong and what to do, and never carries a secret. Errors of the
// server keep ClickHouse's own code (ServerError, OnClusterError in ../live); a spec problem
// found at synth is a ValidationError with the construct path (constructs/errors.ts).
import type { Problem } from './validate-spec';

export type ChxErrorCode =
  | 'CHX_INVALID_SPEC'
  | 'CHX_INVALID_IDENTIFIER'
  | 'CHX_INVALID_PRIVILEGE'
  | 'CHX_INVALID_SETTING_VALUE'
  | 'CHX_INVALID_ENV_NAME'
  | 'CHX_INVALID_ENV_VALUE'
  | 'CHX_PASSWORD_ENV_MISSING'
  | 'CHX_NO_PASSWORD'
  | 'CHX_SECRET_NOT_SET'
  | 'CHX_MALFORMED_PLACEHOLDER'
  | 'CHX_KIND_MISMATCH'
  | 'CHX_NO_SERVER'
  | 'CHX_CREDENTIALS_IN_URL'
  | 'CHX_LOGIN_PROBE_FAILED'
  | 'CHX_NOT_IN_STACK'
  | 'CHX_USAGE'
  | 'CHX_APPLY_ENV_MISSING'
  | 'CHX_EMBEDDED_SERVER'
  | 'CHX_REBUILD_COUNT_MISMATCH'
  | 'CHX_REBUILD_SHADOW_TAKEN'
  | 'CHX_REBUILD_STOPPED';

/** An error of this project, with a stable code. */
export class ChxError extends Error {
  constructor(
    readonly code: ChxErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ChxError';
  }
}

// ---- specs and rendering ---------------------------------------------------------------

/** A spec failed validation (what synth reports, one line per problem). */
export function validationFailed(problems: readonly string[]): ChxError {
  return new ChxError('CHX_INVALID_SPEC', `validation failed:\n${problems.map((e) => `  - ${e}`).join('\n')}`);
}

/** The problem of a reference to something the stack does not declare: `what` "name" in `field`. */
export function undeclaredProblem(field: string, what: string, name: string): Problem {
  return { field, message: `${what} "${name}" is not declared in this stack; declare it or use an existing name` };
}

/** A name that is not a plain identifier reached rendering (`what` names it, `problem` says why). */
export function invalidIdentifier(what: string, problem: string): ChxError {
  return new ChxError('CHX_INVALID_IDENTIFIER', `${what} ${problem}`);
}

/** A privilege ClickHouse does not know (privilegeProblem's text). */
export function invalidPrivilege(problem: string): ChxError {
  return new ChxError('CHX_INVALID_PRIVILEGE', `grant: ${problem}`);
}

export function settingNotFinite(value: number): ChxError {
  return new ChxError('CHX_INVALID_SETTING_VALUE', `setting value ${value} is not a finite number`);
}

/** Two objects of different kinds under one id reached the access diff (a bug, not a user error). */
export function kindMismatch(objectId: string, liveKind: string): ChxError {
  return new ChxError('CHX_KIND_MISMATCH', `diffAccessObject: ${objectId} compared with a live ${liveKind}`);
}

// ---- passwords -------------------------------------------------------------------------

export function invalidEnvName(passwordEnv: string): ChxError {
  return new ChxError('CHX_INVALID_ENV_NAME', `passwordEnv ${JSON.stringify(passwordEnv)} is not an environment variable name`);
}

/** A sha256_hash user without auth.passwordEnv, found while rendering its identification. */
export function passwordEnvRequired(user: string): ChxError {
  return new ChxError('CHX_PASSWORD_ENV_MISSING', `user ${user}: auth.passwordEnv is required for method sha256_hash`);
}

/** A user without auth.passwordEnv, found while reading its password. */
export function passwordEnvNotDeclared(user: string): ChxError {
  return new ChxError('CHX_PASSWORD_ENV_MISSING', `user ${user}: auth.passwordEnv is not set; name the environment variable that holds the password`);
}

export function noPasswordToRead(user: string): ChxError {
  return new ChxError('CHX_NO_PASSWORD', `user ${user} is declared with no_password: it has no password to read`);
}

/** The variable holding a password is not set where deploy runs (`who` wants it). */
export function passwordNotSet(who: string, variable: string): ChxError {
  return new ChxError('CHX_SECRET_NOT_SET', `${who}: environment variable ${variable} is not set or empty; set it before deploy`);
}

/** The variable a statement's password placeholder names is not set. */
export function placeholderSecretNotSet(variable: string): ChxError {
  return new ChxError('CHX_SECRET_NOT_SET', `environment variable ${variable} is not set or empty; the statement needs it for a password`);
}

export function malformedPlaceholder(): ChxError {
  return new ChxError('CHX_MALFORMED_PLACEHOLDER', 'statement has a malformed password placeholder; expected the form rendered by sha256Placeholder()');
}

/** The login probe could not tell (not a wrong password); `scrub` takes the password out of the message before the error exists. */
export function loginProbeFailed(user: string, url: string, cause: string, scrub: (text: string) => string): ChxError {
  return new ChxError('CHX_LOGIN_PROBE_FAILED', scrub(`login probe for ${user} at ${url} failed: ${cause}`));
}

// ---- running -------------------------------------------------------------------------

export function noServerConfigured(urlEnv: string): ChxError {
  return new ChxError('CHX_NO_SERVER', `no ClickHouse server configured: set ${urlEnv}`);
}

/** A server URL (from `source`: a variable or a field) carries credentials; the URL itself is not repeated. */
export function credentialsInUrl(source: string, userEnv: string, passwordEnv: string): ChxError {
  return new ChxError(
    'CHX_CREDENTIALS_IN_URL',
    `the URL in ${source} carries credentials: remove them from the URL and give the user and password in $${userEnv} and $${passwordEnv}`,
  );
}

/** A construct of a ClickHouse object outside any ClickHouseStack. */
export function notInClickHouseStack(path: string): ChxError {
  return new ChxError('CHX_NOT_IN_STACK', `${path}: ClickHouse objects must be created inside a ClickHouseStack (constructs/clickhouse-stack.ts)`);
}

/** A command-line mistake; `message` says which and shows the usage. */
export function usageError(message: string): ChxError {
  return new ChxError('CHX_USAGE', message);
}

/** The apply command runs only under Terraform's local-exec, with the environment synth gave it. */
export function applyEnvMissing(variable: string): ChxError {
  return new ChxError('CHX_APPLY_ENV_MISSING', `${variable} is not set: this command is run by Terraform's local-exec with the environment synth gave it`);
}

/** An environment variable that must hold a positive integer. */
export function notPositiveInteger(variable: string, raw: string): ChxError {
  return new ChxError('CHX_INVALID_ENV_VALUE', `${variable}=${JSON.stringify(raw)} is not a positive integer`);
}

/** The embedded server (server/embedded-server.ts) did not come up; `message` says how, with its log. */
export function embeddedServerFailed(message: string): ChxError {
  return new ChxError('CHX_EMBEDDED_SERVER', message);
}

// ---- rebuilds ----------------------------------------------------------------------------

/** Row counts of a rebuild's source and shadow table differ: the swap is refused. */
export function rebuildCountMismatch(table: string, shadow: string, mismatches: readonly string[]): ChxError {
  return new ChxError(
    'CHX_REBUILD_COUNT_MISMATCH',
    `rebuild of ${table}: row counts differ between ${table} and ${shadow}, so the tables were not swapped (${mismatches.join('; ')}). ` +
      `Rows written or deleted during the copy, or an engine that collapses rows, make them differ: stop writes to ${table} and deploy again ` +
      `(partitions that match are kept, the others copied again).`,
  );
}

/**
 * A table under the rebuild's shadow name that no rebuild made (no marker comment) while the
 * table itself is not one a rebuild swapped in: refused before any statement.
 */
export function rebuildShadowTaken(table: string, shadow: string): ChxError {
  return new ChxError(
    'CHX_REBUILD_SHADOW_TAKEN',
    `rebuild of ${table}: ${shadow} exists and was not made by a rebuild (its comment is no rebuild marker), and ${table} is not a table a rebuild ` +
      `swapped in: nothing was run. Rename or drop ${shadow} (it may hold data someone keeps), then deploy again.`,
  );
}

/** A test stopped a rebuild after some partitions (CHX_TEST_REBUILD_STOP_AFTER). */
export function rebuildStopped(table: string, copied: number): ChxError {
  return new ChxError('CHX_REBUILD_STOPPED', `rebuild of ${table} stopped after ${copied} partition(s) copied (CHX_TEST_REBUILD_STOP_AFTER)`);
}
