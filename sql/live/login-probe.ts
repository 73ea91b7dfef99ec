// The opt-in login probe: logs in once as a declared user with the password from its variable.
// A failed login is drift (password_mismatch); the password goes nowhere but the login request.
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { AUTHENTICATION_FAILED, errorCode, REQUIRED_PASSWORD, UNKNOWN_DATABASE } from './error-codes';
import { redact } from '../spec/secrets';
import { loginProbeFailed } from '../spec/errors';

/** Opt-in login probe: can `user` authenticate with `password` at url? true/false; other errors thrown (without the password in the message). */
export async function probeLogin(url: string, user: string, password: string): Promise<boolean> {
  // Logging off: the client would log the failed request of every negative probe as an error.
  const client = createClient({ url, username: user, password, request_timeout: 30000, log: { level: ClickHouseLogLevel.OFF } });
  try {
    await client.command({ query: 'SELECT 1' });
    return true;
  } catch (err) {
    const code = errorCode(err);
    // A user without a password refuses a login that brings one with REQUIRED_PASSWORD instead.
    if (code === AUTHENTICATION_FAILED || code === REQUIRED_PASSWORD) return false;
    // The user's default database may not exist yet (deploy creates it later): not a login failure.
    if (code === UNKNOWN_DATABASE) return true;
    const cause = err instanceof Error ? err.message : String(err);
    // Stryker disable next-line ArrayDeclaration: no error the client or server gives echoes the password (kept as a guard: the text goes to logs)
    throw loginProbeFailed(user, url, cause, (text) => redact(text, [password]));
    // Not tested: closing frees the probe's socket, which no test reads (Stryker's BlockStatement mutant of this finally survives; a comment here is not one it reads)
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
