// Passwords: read from the environment at apply time, sent to ClickHouse only as a salted SHA-256.
// Pure: placeholders, hashing and redaction; the login probe (which connects) is ../live/login-probe.ts.
//
// Secret design. The desired spec names an environment variable (auth.passwordEnv), never a
// value. Rendered statements (plan output, cdk.tf.json triggers, change details) carry a
// placeholder inside the string literals:
//   IDENTIFIED WITH sha256_hash BY '{{password_sha256:MONITOR_PASSWORD}}' SALT '{{password_salt:MONITOR_PASSWORD}}'
// so they still parse, and a plan shows exactly which variable will be used. The apply step
// calls resolveSecrets(statement, process.env) right before running it: the placeholder becomes
// the hex SHA-256 of password+salt with a fresh random salt, so neither the plaintext nor a
// reusable hash is ever written anywhere. Anything logged after that goes through redact().
import { createHash, randomBytes } from 'crypto';
import { quoteString } from './identifiers';
import { UserSpec } from './model';
import { invalidEnvName, malformedPlaceholder, noPasswordToRead, passwordEnvNotDeclared, passwordNotSet, placeholderSecretNotSet } from './errors';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The placeholder form of a sha256_hash identification: what plans show and resolveSecrets fills in. */
export function sha256Placeholder(passwordEnv: string): string {
  if (!ENV_NAME.test(passwordEnv)) throw invalidEnvName(passwordEnv);
  return `IDENTIFIED WITH sha256_hash BY '{{password_sha256:${passwordEnv}}}' SALT '{{password_salt:${passwordEnv}}}'`;
}

/**
 * The placeholder of a password sent as it is (a dictionary source's PASSWORD, which ClickHouse
 * needs in clear to log in to its source): a string literal that resolveSecrets replaces with the
 * variable's value, quoted. The server prints it back as '[HIDDEN]'.
 */
export function passwordPlaceholder(passwordEnv: string): string {
  if (!ENV_NAME.test(passwordEnv)) throw invalidEnvName(passwordEnv);
  return `'{{password:${passwordEnv}}}'`;
}

const PLAIN_PLACEHOLDER = /'\{\{password:([A-Za-z_][A-Za-z0-9_]*)\}\}'/g;

/** The values of the variables the plain password placeholders of `statement` name (to redact them from errors). */
export function placeholderSecrets(statement: string, env: NodeJS.ProcessEnv = process.env): string[] {
  return [...statement.matchAll(PLAIN_PLACEHOLDER)].map((m) => env[m[1]] ?? '').filter((v) => v.length > 0);
}

const PLACEHOLDER = /IDENTIFIED WITH sha256_hash BY '\{\{password_sha256:([A-Za-z_][A-Za-z0-9_]*)\}\}' SALT '\{\{password_salt:\1\}\}'/g;

/** Does the statement carry a password placeholder (so it must go through resolveSecrets)? */
export function hasSecretPlaceholder(statement: string): boolean {
  return /\{\{password(_sha256|_salt)?:/.test(statement);
}

/** The user's password from the environment variable its spec names, at apply time. Error names the variable, never a value. */
export function passwordFromEnv(user: UserSpec, env: NodeJS.ProcessEnv = process.env): string {
  const name = user.auth.passwordEnv;
  if (user.auth.method === 'no_password') throw noPasswordToRead(user.name);
  if (!name) throw passwordEnvNotDeclared(user.name);
  return passwordFromVariable(name, `user ${user.name}`);

  function passwordFromVariable(variable: string, who: string): string {
    const value = env[variable];
    if (value === undefined || value === '') throw passwordNotSet(who, variable);
    return value;
  }
}

/** IDENTIFIED WITH sha256_hash BY '<hex>' SALT '<random salt>' — the plaintext never leaves the process. */
export function sha256Identification(password: string, salt: string = randomBytes(16).toString('hex')): string {
  // ClickHouse checks hex(SHA256(password || salt)) for a salted sha256_hash; update() reads a string as UTF-8.
  const hex = createHash('sha256')
    .update(password + salt)
    .digest('hex');
  return `IDENTIFIED WITH sha256_hash BY ${quoteString(hex)} SALT ${quoteString(salt)}`;
}

/**
 * Fills password placeholders from `env` at apply time. Throws (naming the variable) when one
 * is unset; a half-filled placeholder is an error too, so nothing ever runs with a literal
 * '{{...}}' as a password.
 */
export function resolveSecrets(statement: string, env: NodeJS.ProcessEnv = process.env): string {
  const out = statement
    .replace(PLACEHOLDER, (_m, variable: string) => {
      const value = env[variable];
      if (value === undefined || value === '') throw placeholderSecretNotSet(variable);
      return sha256Identification(value);
    })
    .replace(PLAIN_PLACEHOLDER, (_m, variable: string) => {
      const value = env[variable];
      if (value === undefined || value === '') throw placeholderSecretNotSet(variable);
      return quoteString(value);
    });
  if (hasSecretPlaceholder(out)) throw malformedPlaceholder();
  return out;
}

/** Replaces every secret (and its SHA-256 hex, in case a hash got echoed) with '[redacted]' in text bound for logs or errors. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  // Stryker disable next-line StringLiteral: as in sha256Identification
  const needles = secrets.filter((s) => s.length > 0).flatMap((s) => [s, createHash('sha256').update(s, 'utf8').digest('hex')]);
  // Longest first, so a secret that contains another is replaced whole.
  for (const s of needles.sort((a, b) => b.length - a.length)) out = out.split(s).join('[redacted]');
  return out;
}
