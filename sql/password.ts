// Passwords: read from the environment at apply time, sent to ClickHouse only as a salted SHA-256.
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
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { quoteString } from './identifiers';
import { UserSpec } from './model';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** ClickHouse's error code for a failed login (AUTHENTICATION_FAILED). */
export const AUTHENTICATION_FAILED = 516;
/** UNKNOWN_DATABASE: the session applies the user's default database after authenticating, so this error means the login itself worked. */
export const UNKNOWN_DATABASE = 81;

/** The placeholder form of a sha256_hash identification: what plans show and resolveSecrets fills in. */
export function sha256Placeholder(passwordEnv: string): string {
  if (!ENV_NAME.test(passwordEnv)) throw new Error(`passwordEnv ${JSON.stringify(passwordEnv)} is not an environment variable name`);
  return `IDENTIFIED WITH sha256_hash BY '{{password_sha256:${passwordEnv}}}' SALT '{{password_salt:${passwordEnv}}}'`;
}

const PLACEHOLDER = /IDENTIFIED WITH sha256_hash BY '\{\{password_sha256:([A-Za-z_][A-Za-z0-9_]*)\}\}' SALT '\{\{password_salt:\1\}\}'/g;

/** Does the statement carry a password placeholder (so it must go through resolveSecrets)? */
export function hasSecretPlaceholder(statement: string): boolean {
  return /\{\{password_(sha256|salt):/.test(statement);
}

/** The user's password from the environment variable its spec names, at apply time. Error names the variable, never a value. */
export function passwordFromEnv(user: UserSpec, env: NodeJS.ProcessEnv = process.env): string {
  const name = user.auth.passwordEnv;
  if (user.auth.method === 'no_password') throw new Error(`user ${user.name} is declared with no_password: it has no password to read`);
  if (!name) throw new Error(`user ${user.name}: auth.passwordEnv is not set; name the environment variable that holds the password`);
  return passwordFromVariable(name, `user ${user.name}`);

  function passwordFromVariable(variable: string, who: string): string {
    const value = env[variable];
    if (value === undefined || value === '') throw new Error(`${who}: environment variable ${variable} is not set or empty; set it before deploy`);
    return value;
  }
}

/** IDENTIFIED WITH sha256_hash BY '<hex>' SALT '<random salt>' — the plaintext never leaves the process. */
export function sha256Identification(password: string, salt: string = randomBytes(16).toString('hex')): string {
  // ClickHouse checks hex(SHA256(password || salt)) for a salted sha256_hash.
  const hex = createHash('sha256').update(password + salt, 'utf8').digest('hex');
  return `IDENTIFIED WITH sha256_hash BY ${quoteString(hex)} SALT ${quoteString(salt)}`;
}

/**
 * Fills password placeholders from `env` at apply time. Throws (naming the variable) when one
 * is unset; a half-filled placeholder is an error too, so nothing ever runs with a literal
 * '{{...}}' as a password.
 */
export function resolveSecrets(statement: string, env: NodeJS.ProcessEnv = process.env): string {
  const out = statement.replace(PLACEHOLDER, (_m, variable: string) => {
    const value = env[variable];
    if (value === undefined || value === '') throw new Error(`environment variable ${variable} is not set or empty; the statement needs it for a password`);
    return sha256Identification(value);
  });
  if (hasSecretPlaceholder(out)) throw new Error('statement has a malformed password placeholder; expected the form rendered by sha256Placeholder()');
  return out;
}

/** Replaces every secret (and its SHA-256 hex, in case a hash got echoed) with '[redacted]' in text bound for logs or errors. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  const needles = secrets.filter((s) => s.length > 0).flatMap((s) => [s, createHash('sha256').update(s, 'utf8').digest('hex')]);
  // Longest first, so a secret that contains another is replaced whole.
  for (const s of needles.sort((a, b) => b.length - a.length)) out = out.split(s).join('[redacted]');
  return out;
}

/** Opt-in login probe: can `user` authenticate with `password` at url? true/false; other errors thrown (without the password in the message). */
export async function probeLogin(url: string, user: string, password: string): Promise<boolean> {
  // Logging off: the client would log the failed request of every negative probe as an error.
  const client = createClient({ url, username: user, password, request_timeout: 30000, log: { level: ClickHouseLogLevel.OFF } });
  try {
    await client.query({ query: 'SELECT 1', format: 'JSONEachRow' }).then((r) => r.json());
    return true;
  } catch (err) {
    const code = errorCode(err);
    if (code === AUTHENTICATION_FAILED) return false;
    // The user's default database may not exist yet (deploy creates it later): not a login failure.
    if (code === UNKNOWN_DATABASE) return true;
    const e = err instanceof Error ? err : new Error(String(err));
    throw new Error(redact(`login probe for ${user} at ${url} failed: ${e.message}`, [password]));
  } finally {
    await client.close();
  }
}

/**
 * The drift check's login probe (LoginProbe of ./drift-check) for the server at url: the
 * password comes from env[passwordEnv] and goes nowhere but the login request. undefined when
 * the variable is not set or empty (nothing to probe with).
 */
export function loginProbeFrom(url: string, env: NodeJS.ProcessEnv = process.env): (user: string, passwordEnv: string) => Promise<boolean | undefined> {
  return async (user, passwordEnv) => {
    const password = env[passwordEnv];
    if (password === undefined || password === '') return undefined;
    return probeLogin(url, user, password);
  };
}

/** Whether the login probe is on: CHX_LOGIN_PROBE (1/true, 0/false) overrides the stack's setting. */
export function loginProbeEnabled(stackSetting: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.CHX_LOGIN_PROBE?.trim().toLowerCase();
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  return stackSetting ?? false;
}

/** ClickHouse's numeric error code of a client error (the client gives it as a string). */
export function errorCode(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const n = Number((err as { code: unknown }).code);
  return Number.isFinite(n) ? n : undefined;
}
