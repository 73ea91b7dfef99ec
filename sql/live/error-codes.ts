// ClickHouse error codes this project branches on, by name (the server's numbers: see
// ErrorCodes.cpp in ClickHouse). Branch on these, never on message text.
//
// One representation: a code is compared as a number, read with errorCode(err) from any error
// that carries one (ServerError, OnClusterError, the client's ClickHouseError, which all keep
// the digits the server sent as a string, e.g. '516').

/** ClickHouse's error code for a failed login (AUTHENTICATION_FAILED). */
export const AUTHENTICATION_FAILED = 516;
/**
 * REQUIRED_PASSWORD: a failed login as a user that has no password (the server's `default`
 * user, typically) when a password was given; the same "Authentication failed" as 516.
 */
export const REQUIRED_PASSWORD = 194;
/** UNKNOWN_DATABASE: the session applies the user's default database after authenticating, so this error means the login itself worked. */
export const UNKNOWN_DATABASE = 81;

/** ClickHouse's numeric error code of an error (ServerError, the client's ClickHouseError, ...); undefined without one. */
export function errorCode(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const n = Number((err as { code: unknown }).code);
  return Number.isFinite(n) ? n : undefined;
}

/** Whether `err` carries a code the server sent (digits); a network error carries a name instead (ECONNRESET). */
export function hasServerErrorCode(err: unknown): err is Error & { code: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^\d+$/.test(code);
}
/** UNFINISHED: a statement waited for its mutation (alter_sync, mutations_sync) and the mutation failed; the statement itself did change the table. */
export const UNFINISHED = 341;
