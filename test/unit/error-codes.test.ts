// errorCode / hasServerErrorCode (sql/live/error-codes.ts) and embeddedUrl: pure helpers of the
// live layer, checked with errors shaped as the client and the server errors carry their code. No server.
import { AUTHENTICATION_FAILED, errorCode, hasServerErrorCode, REQUIRED_PASSWORD, UNFINISHED, UNKNOWN_DATABASE } from '../../sql/live/error-codes';
import { EMBEDDED_URL, embeddedUrl } from '../../sql/live/connection';

describe('errorCode', () => {
  test.each<[string, unknown, number | undefined]>([
    ['the digits a server error keeps', Object.assign(new Error('x'), { code: '516' }), AUTHENTICATION_FAILED],
    ['a number', { code: 81 }, UNKNOWN_DATABASE],
    ['a network error name', Object.assign(new Error('x'), { code: 'ECONNRESET' }), undefined],
    ['no code', new Error('x'), undefined],
    ['null', null, undefined],
    ['a string', '516', undefined],
    ['a number alone', 341, undefined],
  ])('%s', (_name, err, code) => {
    expect(errorCode(err)).toBe(code);
  });

  test('the named codes are the server numbers', () => {
    expect([AUTHENTICATION_FAILED, REQUIRED_PASSWORD, UNKNOWN_DATABASE, UNFINISHED]).toEqual([516, 194, 81, 341]);
  });
});

describe('hasServerErrorCode', () => {
  test.each<[unknown, boolean]>([
    [Object.assign(new Error('x'), { code: '341' }), true],
    [Object.assign(new Error('x'), { code: 'ECONNRESET' }), false],
    [Object.assign(new Error('x'), { code: '12a' }), false],
    [Object.assign(new Error('x'), { code: 'a12' }), false],
    [{ code: 341 }, false],
    [null, false],
    [undefined, false],
  ])('%j -> %s', (err, yes) => {
    expect(hasServerErrorCode(err)).toBe(yes);
  });
});

describe('embeddedUrl', () => {
  test('GIVEN CLICKHOUSE_HTTP_PORT THEN the local server on that port (trimmed); without it the default', () => {
    expect(embeddedUrl({ CLICKHOUSE_HTTP_PORT: ' 19000 ' })).toBe('http://127.0.0.1:19000');
    expect(embeddedUrl({ CLICKHOUSE_HTTP_PORT: '  ' })).toBe(EMBEDDED_URL);
    expect(embeddedUrl({})).toBe(EMBEDDED_URL);
  });
});
