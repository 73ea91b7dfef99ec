// Server URLs: the one rule for credentials in them (refused everywhere: constructs, provider,
// CLI) and the one redaction every printed or written URL goes through. Pure.
import { credentialsInUrl } from './errors';

/** User info after a scheme, anywhere in text the URL parser refuses (`see http://u:pw@[bad`). */
const USER_INFO = /([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i;

/** Query parameters ClickHouse's HTTP interface takes credentials from. */
const SECRET_PARAMS = ['password', 'user', 'quota_key'];

/** Whether `url` carries credentials: user info (`user:pw@host`) or a user/password query parameter. */
export function urlHasCredentials(url: string): boolean {
  const parsed = tryParse(url);
  if (!parsed) return USER_INFO.test(url) || /[?&](password|user)=/i.test(url);
  return parsed.username !== '' || parsed.password !== '' || SECRET_PARAMS.some((p) => parsed.searchParams.has(p));
}

/**
 * Throws CHX_CREDENTIALS_IN_URL when `url` carries credentials. `source` says where it came from
 * (`$CLICKHOUSE_URL`, `connection.url`); the message names the variables to use instead and never
 * repeats the URL.
 */
export function refuseCredentialsInUrl(url: string, source: string, userEnv: string, passwordEnv: string): void {
  if (urlHasCredentials(url)) throw credentialsInUrl(source, userEnv, passwordEnv);
}

/**
 * The URL with any credentials replaced by `***` (user info, user/password query parameters), for
 * every URL this project prints or writes. Text that is not a URL is returned with anything that
 * looks like user info masked.
 */
export function redactUrl(url: string): string {
  const parsed = tryParse(url);
  if (!parsed) return url.replace(new RegExp(USER_INFO.source, 'gi'), '$1***@').replace(/([?&](?:password|user)=)[^&#]*/gi, '$1***');
  if (parsed.username || parsed.password) {
    parsed.username = '***';
    parsed.password = '';
  }
  for (const p of SECRET_PARAMS) if (parsed.searchParams.has(p)) parsed.searchParams.set(p, '***');
  return parsed.toString();
}

/** `scheme://host:port` of a URL (what logs name), without path, query or credentials. */
export function urlHost(url: string): string {
  return tryParse(url)?.host ?? redactUrl(url);
}

function tryParse(url: string): URL | undefined {
  return URL.canParse(url) ? new URL(url) : undefined;
}
