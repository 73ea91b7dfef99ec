// OnClusterError's message and ddlFailures (sql/live/on-cluster.ts) with system.distributed_ddl
// rows shaped as the server returns them (host, port, status, error, num_hosts_*). No server.
import { DdlHostStatus, ddlFailures, OnClusterError } from '../../sql/live/on-cluster';

const row = (host: string, status: number | null | undefined, error: string | null = null): DdlHostStatus => ({
  host,
  port: 9000,
  status: status as number | null,
  error,
  num_hosts_remaining: 0,
  num_hosts_active: 0,
});

describe('ddlFailures', () => {
  test('GIVEN rows THEN done hosts are left out, a missing status is unfinished, a failure keeps the code of its first line', () => {
    const r = ddlFailures([
      row('a', 0),
      row('b', null),
      row('c', undefined),
      row('d', 60, '  Code: 60. DB::Exception: Table d.t does not exist.\n stack trace'),
      row('e', 1, 'no code here'),
      row('f', 2, null),
      row('g', 3, 'Code: 1234. x'),
    ]);
    expect(r.unfinished).toEqual(['b:9000', 'c:9000']);
    expect(r.failed).toEqual([
      { host: 'd:9000', code: '60', error: '  Code: 60. DB::Exception: Table d.t does not exist.' },
      { host: 'e:9000', code: '1', error: 'no code here' },
      { host: 'f:9000', code: '2', error: 'exit status 2' },
      { host: 'g:9000', code: '1234', error: 'Code: 1234. x' },
    ]);
  });

  test('GIVEN an error that only mentions a code later THEN the status is the code', () => {
    expect(ddlFailures([row('a', 5, 'failed. Code: 60. x')]).failed[0].code).toBe('5');
  });
});

describe('OnClusterError', () => {
  test('GIVEN failures and unfinished hosts THEN one message naming each, the statement on one line', () => {
    const e = new OnClusterError(
      'ch1:8123',
      'ALTER TABLE t\n  ON CLUSTER c\tDROP COLUMN x',
      [
        { host: 'a:9000', code: '60', error: 'E1' },
        { host: 'b:9000', error: 'E2' },
      ],
      ['c:9000', 'd:9000'],
      '60',
    );
    expect(e.name).toBe('OnClusterError');
    expect(e.code).toBe('60');
    expect(e.message).toBe(
      'ch1:8123: ON CLUSTER statement "ALTER TABLE t ON CLUSTER c DROP COLUMN x" failed on a:9000 (ClickHouse error 60): E1; failed on b:9000: E2; ' +
        'not finished on c:9000, d:9000 within the DDL timeout (they may still run it in the background: see system.distributed_ddl_queue)',
    );
  });

  test('GIVEN nothing unfinished THEN no timeout part; a long statement is cut at 157 characters', () => {
    const long = `SELECT ${'x'.repeat(200)}`;
    const e = new OnClusterError('n', long, [{ host: 'a:9000', error: 'E' }], []);
    expect(e.message).toBe(`n: ON CLUSTER statement "${long.slice(0, 157)}..." failed on a:9000: E`);
    const exact = 'y'.repeat(160);
    expect(new OnClusterError('n', exact, [], ['a:9000']).message).toContain(`"${exact}"`);
    expect(new OnClusterError('n', `${exact}z`, [], ['a:9000']).message).toContain(`"${exact.slice(0, 157)}..."`);
  });
});
