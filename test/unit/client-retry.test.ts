// Which failures let a statement be sent again: only those where the request never reached the
// server. The behaviour against a real server and fault proxy is in test/reliability/client-faults.
import { ClickHouseError } from '@clickhouse/client';
import { isTransient, neverReachedServer, ServerError } from '../../sql/live/client';

const errno = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });

describe('neverReachedServer', () => {
  test.each(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND'])('%s (no connection was made): yes, as the code or the cause', (code) => {
    expect(neverReachedServer(errno(code))).toBe(true);
    expect(neverReachedServer(Object.assign(new Error('fetch failed'), { cause: { code } }))).toBe(true);
  });

  test.each([
    ['a reset connection', errno('ECONNRESET')],
    ['a broken pipe', errno('EPIPE')],
    ['a timeout', new Error('Timeout error.')],
    ['a socket hang up', new Error('socket hang up')],
  ])('%s: no (the server may have it), though a read retries it', (_name, err) => {
    expect(neverReachedServer(err)).toBe(false);
    expect(isTransient(err)).toBe(true);
  });

  test('an answer from ClickHouse, or no error code: no', () => {
    expect(neverReachedServer(new ClickHouseError({ message: 'x', code: '46', type: 'UNKNOWN_FUNCTION' }))).toBe(false);
    expect(neverReachedServer(new Error('ECONNREFUSED in the text only'))).toBe(false);
    expect(neverReachedServer(undefined)).toBe(false);
  });
});

describe('isTransient (reads only)', () => {
  test('an answer from ClickHouse never is, whatever its text says', () => {
    expect(isTransient(new ClickHouseError({ message: 'Timeout error while reading', code: '209', type: 'SOCKET_TIMEOUT' }))).toBe(false);
  });

  test('a network code of its own or as the cause: only the transient ones', () => {
    expect(isTransient(errno('ECONNREFUSED'))).toBe(true);
    expect(isTransient(errno('ENOTFOUND'))).toBe(false);
    expect(isTransient(Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNRESET' } }))).toBe(true);
    expect(isTransient(Object.assign(new Error('fetch failed'), { cause: { code: 'ENOTFOUND' } }))).toBe(false);
    expect(isTransient(Object.assign(new Error('fetch failed'), { code: 'ENOTFOUND', cause: { code: 'ECONNRESET' } }))).toBe(true);
  });

  test('no error, or one without code, cause or message: no', () => {
    expect(isTransient(undefined)).toBe(false);
    expect(isTransient(null)).toBe(false);
    expect(isTransient({})).toBe(false);
    expect(isTransient(new Error('something else'))).toBe(false);
  });
});

describe('ServerError', () => {
  test('the type is named when the server sent one', () => {
    expect(new ServerError('h:1', 'query "SELECT 1"', '999', 'SOME_TYPE', 'text').message).toBe(
      'h:1: query "SELECT 1" failed: ClickHouse error 999 (SOME_TYPE): text',
    );
    expect(new ServerError('h:1', 'query "SELECT 1"', '999', undefined, 'text').message).toBe('h:1: query "SELECT 1" failed: ClickHouse error 999: text');
    expect(new ServerError('h:1', 'query "SELECT 1"', '999', '', 'text').message).toBe('h:1: query "SELECT 1" failed: ClickHouse error 999: text');
  });
});
