// Quota and RowPolicy: their props reach clickhouse_quota and clickhouse_row_policy (and map back
// to the same specs), they are deployed after the users, roles and table they name, and a bad
// prop fails at construction naming the construct path and field.
import { Testing } from 'cdktf';
import { ClickHouseStack } from '../../constructs/clickhouse-stack';
import { Database } from '../../constructs/database';
import { Quota, RowPolicy } from '../../constructs/quota';
import { Role } from '../../constructs/role';
import { Table } from '../../constructs/table';
import { quotaType, rowPolicyType } from '../../provider/resources/quota';

type Synth = { resource: Record<string, Record<string, Record<string, unknown> & { depends_on?: string[] }>> };

describe('Quota and RowPolicy', () => {
  const setup = () => {
    const stack = new ClickHouseStack(Testing.app(), 's');
    const db = new Database(stack, 'db', { name: 'r' });
    const t = new Table(stack, 't', { database: db, name: 't', columns: [{ name: 'k', type: 'UInt64' }], orderBy: ['k'] });
    const role = new Role(stack, 'analyst', { name: 'analyst' });
    return { stack, t, role };
  };

  test('GIVEN a quota and a row policy WHEN synthesized THEN the resources carry them and map back to the specs', () => {
    const { stack, t, role } = setup();
    const q = new Quota(stack, 'q', {
      name: 'limited',
      keyedBy: 'user_name',
      intervals: [{ durationSeconds: 3600, max: { queries: 100 } }],
      appliesTo: { to: [role] },
    });
    const p = new RowPolicy(stack, 'p', { name: 'own', table: t, using: 'k = 1', restrictive: true, appliesTo: { all: true, except: [role] } });
    const json = JSON.parse(Testing.synth(stack, true)) as Synth;
    const rq = Object.values(json.resource.clickhouse_quota)[0];
    const rp = Object.values(json.resource.clickhouse_row_policy)[0];
    expect(rq.intervals).toEqual([{ duration_seconds: 3600, randomized: null, max: { queries: 100 } }]);
    expect(rp.apply_to).toEqual({ names: null, all: true, except: ['analyst'] });
    expect(quotaType.toSpec(rq as never)).toEqual(q.spec);
    expect(rowPolicyType.toSpec(rp as never)).toEqual(p.spec);
    expect(rq.depends_on).toEqual(expect.arrayContaining([expect.stringContaining('analyst')]));
    expect(rp.depends_on).toEqual(expect.arrayContaining([expect.stringContaining('clickhouse_table')]));
  });

  test.each([
    [
      'an unknown quota resource',
      () => ({ intervals: [{ durationSeconds: 60, max: { queriez: 1 } }] }),
      /s\/q: intervals\[0\]\.max\.queriez: unknown quota resource/,
    ],
    [
      'a duration of 0',
      () => ({ intervals: [{ durationSeconds: 0, max: {} }] }),
      /s\/q: intervals\[0\]\.durationSeconds: must be a whole number of seconds > 0/,
    ],
    ['an unknown key', () => ({ keyedBy: 'tenant', intervals: [] }), /s\/q: keyedBy: must be one of user_name/],
  ])('GIVEN %s THEN the Quota fails naming the path and field', (_, props, message) => {
    const { stack } = setup();
    expect(() => new Quota(stack, 'q', { name: 'q', ...props() })).toThrow(message);
  });

  test('GIVEN a filter that ends the statement THEN the RowPolicy fails naming the path and field', () => {
    const { stack, t } = setup();
    expect(() => new RowPolicy(stack, 'p', { name: 'p', table: t, using: 'k = 1; DROP TABLE x' })).toThrow(/s\/p: using: contains ";"/);
  });
});
