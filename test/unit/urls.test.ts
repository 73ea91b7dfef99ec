// Credentials in server URLs: one rule everywhere (refused, naming where the URL came from), one
// redaction for every URL printed.
import { redactUrl, urlHasCredentials, urlHost } from '../../sql/spec/urls';
import { resolveUrl } from '../../sql/live/connection';
import { resolveProviderSettings } from '../../provider/provider-config';

const PW = 's3cretPW';

describe('credentials in URLs', () => {
  test.each([
    ['http://default:s3cretPW@127.0.0.1:8123', true],
    ['http://default@127.0.0.1:8123', true],
    ['https://u:p@ch.example:8443/path', true],
    ['http://127.0.0.1:8123/?password=s3cretPW', true],
    ['http://127.0.0.1:8123/?user=u', true],
    ['http://u:p@[bad', true],
    ['http://127.0.0.1:8123', false],
    ['http://127.0.0.1:8123/?database=x', false],
    ['https://ch.example:8443/path?session_timeout=60', false],
  ])('%s carries credentials: %s', (url, expected) => {
    expect(urlHasCredentials(url)).toBe(expected);
  });

  test.each([
    ['http://default:s3cretPW@127.0.0.1:8123', 'http://***@127.0.0.1:8123/'],
    ['http://127.0.0.1:8123/?password=s3cretPW&database=x', 'http://127.0.0.1:8123/?password=***&database=x'],
    ['http://127.0.0.1:8123', 'http://127.0.0.1:8123/'],
    ['weird://u:s3cretPW@host', 'weird://***@host'],
  ])('redactUrl(%s) = %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
    expect(redactUrl(url)).not.toContain(PW);
  });

  test('urlHost names host and port only', () => {
    expect(urlHost('http://default:s3cretPW@127.0.0.1:8123/?password=x')).toBe('127.0.0.1:8123');
  });

  test('GIVEN a URL with credentials in the variable WHEN resolved THEN it is refused naming the variable and the variables to use, without the password', () => {
    const settings = { urlEnv: 'PRODUCTION_CLICKHOUSE_URL', userEnv: 'PRODUCTION_CLICKHOUSE_USER', passwordEnv: 'PRODUCTION_CLICKHOUSE_PASSWORD' };
    let error: (Error & { code?: string }) | undefined;
    try {
      resolveUrl(settings, { PRODUCTION_CLICKHOUSE_URL: `http://default:${PW}@10.0.0.1:8123` });
    } catch (e) {
      error = e as Error & { code?: string };
    }
    expect(error?.code).toBe('CHX_CREDENTIALS_IN_URL');
    expect(error?.message).toContain('$PRODUCTION_CLICKHOUSE_URL');
    expect(error?.message).toContain('$PRODUCTION_CLICKHOUSE_USER and $PRODUCTION_CLICKHOUSE_PASSWORD');
    expect(error?.message).not.toContain(PW);
    // The default URL and the url setting are checked too.
    expect(() => resolveUrl({ urlEnv: 'X', defaultUrl: `http://u:${PW}@h` }, {})).toThrow(/the defaultUrl setting/);
    expect(() => resolveUrl({ urlEnv: 'X', url: `http://h/?password=${PW}` }, {})).toThrow(/the url setting/);
    expect(resolveUrl({ urlEnv: 'X', defaultUrl: 'http://h:1' }, {})).toBe('http://h:1');
  });

  test('GIVEN a password query parameter in the provider URL WHEN configured THEN the provider refuses it too', () => {
    expect(() => resolveProviderSettings({ url: `http://h:8123/?password=${PW}` }, {})).toThrow(/carries credentials/);
  });
});

describe('URLs the URL parser refuses, and credentials in one part only', () => {
  test.each<[string, boolean]>([
    ['http://[bad', false],
    ['http://[bad/?password=x', true],
    ['http://[bad/?x=1&user=u', true],
    ['http://[bad/?passwords=x', false],
    ['see http://u:pw@[bad', true],
    ['http://:pw@h:8123', true],
    ['http://h:8123/?quota_key=k', true],
  ])('%s carries credentials: %s', (url, expected) => expect(urlHasCredentials(url)).toBe(expected));

  test.each<[string, string]>([
    ['http://u@[bad/?password=pw&x=1&user=v#f', 'http://***@[bad/?password=***&x=1&user=***#f'],
    ['http://[bad/?password=pw', 'http://[bad/?password=***'],
    ['see http://u:pw@[bad and https://v:pw2@[worse', 'see http://***@[bad and https://***@[worse'],
    ['http://:pw@h:8123', 'http://***@h:8123/'],
    ['http://u@h:8123', 'http://***@h:8123/'],
    ['http://h:8123/?user=u&quota_key=k', 'http://h:8123/?user=***&quota_key=***'],
  ])('redactUrl(%s) = %s', (url, expected) => expect(redactUrl(url)).toBe(expected));

  test('urlHost of text that is not a URL is that text, redacted', () => {
    expect(urlHost('http://u:pw@[bad')).toBe('http://***@[bad');
  });
});
