import { Testing } from 'cdktf';
import { ClickHouseStack } from '../../constructs/clickhouse-stack';
import { resolveProviderSettings } from '../../provider/provider-config';
import { mayStartMutation } from '../../sql/spec/alter-batch';
import { asyncMutationSettings } from '../../sql/live/mutations';

// Which statements apply follows to the end of their mutations, and how it sends them.
describe('mutations: which statements start one, and how apply sends them', () => {
  const T = 'ALTER TABLE `d`.`t`';
  test.each<[string, boolean]>([
    [`${T} MODIFY TTL ts + toIntervalDay(90)`, true],
    [`${T} MODIFY COLUMN IF EXISTS \`v\` UInt32`, true],
    [`${T} DROP COLUMN IF EXISTS \`v\``, true],
    [`${T} MATERIALIZE INDEX \`i\`, MATERIALIZE PROJECTION \`p\``, true],
    [`${T} ADD COLUMN IF NOT EXISTS \`a\` UInt8, ADD INDEX IF NOT EXISTS \`i\` a TYPE minmax GRANULARITY 1`, false],
    [`${T} COMMENT COLUMN IF EXISTS \`a\` 'MODIFY TTL is mentioned here'`, false],
    [`${T} ADD COLUMN IF NOT EXISTS \`DROP COLUMN\` UInt8`, false],
    ['CREATE TABLE IF NOT EXISTS `d`.`t` (a UInt8) ENGINE = MergeTree ORDER BY a', false],
  ])('GIVEN %s THEN it may start a mutation: %s', (statement, expected) => {
    expect(mayStartMutation(statement)).toBe(expected);
  });

  test('GIVEN a plain MergeTree table THEN the statement is sent without the server waiting; replicated tables and ON CLUSTER keep the wait', () => {
    expect(asyncMutationSettings('MergeTree', `${T} MODIFY TTL ts`)).toEqual({ alter_sync: 0, mutations_sync: 0 });
    expect(asyncMutationSettings('ReplacingMergeTree', `${T} MODIFY TTL ts`)).toEqual({ alter_sync: 0, mutations_sync: 0 });
    expect(asyncMutationSettings('ReplicatedMergeTree', `${T} MODIFY TTL ts`)).toBeUndefined();
    expect(asyncMutationSettings('MergeTree', 'ALTER TABLE `d`.`t` ON CLUSTER `c` MODIFY TTL ts')).toBeUndefined();
    expect(asyncMutationSettings('Memory', `${T} DROP COLUMN IF EXISTS \`v\``)).toBeUndefined();
    expect(asyncMutationSettings('MergeTree', 'OPTIMIZE TABLE `d`.`t` FINAL')).toBeUndefined();
  });

  test('GIVEN mutation_timeout_seconds THEN the provider takes it (default 300) and refuses a negative one naming the attribute', () => {
    expect(resolveProviderSettings({ url: 'http://h:8123' }, {}).mutationTimeoutMs).toBe(300_000);
    expect(resolveProviderSettings({ url: 'http://h:8123', mutation_timeout_seconds: 5 }, {}).mutationTimeoutMs).toBe(5000);
    expect(() => resolveProviderSettings({ url: 'http://h:8123', mutation_timeout_seconds: -1 }, {})).toThrow(/mutation_timeout_seconds must be/);
  });

  test('GIVEN a stack with a negative mutationTimeoutSeconds THEN synth fails naming the stack path and the field', () => {
    expect(() => new ClickHouseStack(Testing.app(), 'prod', { connection: { mutationTimeoutSeconds: -5 } })).toThrow(
      'prod: connection.mutationTimeoutSeconds: must be a number of seconds, 0 or more, got -5',
    );
    const stack = new ClickHouseStack(Testing.app(), 'ok', { connection: { mutationTimeoutSeconds: 60 } });
    expect(JSON.parse(Testing.synth(stack)).provider.clickhouse[0].mutation_timeout_seconds).toBe(60);
  });
});
