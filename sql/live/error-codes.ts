// ClickHouse error codes this project branches on, by name (the server's numbers: see
// ErrorCodes.cpp in ClickHouse). Branch on these, never on message text.

/** ClickHouse's error code for a failed login (AUTHENTICATION_FAILED). */
export const AUTHENTICATION_FAILED = 516;
/** UNKNOWN_DATABASE: the session applies the user's default database after authenticating, so this error means the login itself worked. */
export const UNKNOWN_DATABASE = 81;

/** ClickHouse's numeric error code of a client error (the client gives it as a string). */
export function errorCode(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const n = Number((err as { code: unknown }).code);
  return Number.isFinite(n) ? n : undefined;
}
