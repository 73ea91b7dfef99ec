// Which failures let a statement be sent again: only those where the request never reached the
// server. The behaviour against a real server and fault proxy is in test/reliability/client-faults.
import { ClickHouseError } from '@clickhouse/client';
import { isTransient, neverReachedServer } from '../../sql/live/client';

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
