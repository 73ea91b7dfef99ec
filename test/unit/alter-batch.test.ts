import { combineAlters } from '../../sql/spec/alter-batch';
import { deployStatements } from '../../sql/spec/changes';
import { diffTable } from '../../sql/diff/tables';
import { TableSpec } from '../../sql/spec/model';

// One table's ALTERs as few statements as ClickHouse runs whole (what each rule stands for was
// measured on the server: see sql/spec/alter-batch.ts and test/integration/alter-batch.test.ts).
const T = 'ALTER TABLE `d`.`t`';
const C = 'ALTER TABLE `d`.`t` ON CLUSTER `c`';
const at = (...actions: string[]) => actions.map((a) => `${T} ${a}`);

describe('combineAlters()', () => {
  test.each<[string, string[], string[]]>([
    ['one statement stays as it is', at('ADD COLUMN IF NOT EXISTS `a` UInt8'), at('ADD COLUMN IF NOT EXISTS `a` UInt8')],
    [
      'metadata commands of one table become one ALTER, in order',
      at('ADD COLUMN IF NOT EXISTS `good` UInt8 AFTER `id`', 'ADD COLUMN IF NOT EXISTS `bad` UInt64 DEFAULT nosuchfunc(id) AFTER `good`', "MODIFY COMMENT 'x'"),
      at("ADD COLUMN IF NOT EXISTS `good` UInt8 AFTER `id`, ADD COLUMN IF NOT EXISTS `bad` UInt64 DEFAULT nosuchfunc(id) AFTER `good`, MODIFY COMMENT 'x'"),
    ],
    [
      'a list-ending command (MODIFY TTL) goes last',
      at('MODIFY TTL ts + toIntervalDay(90)', 'ADD COLUMN IF NOT EXISTS `a` UInt8'),
      at('ADD COLUMN IF NOT EXISTS `a` UInt8, MODIFY TTL ts + toIntervalDay(90)'),
    ],
    [
      'MODIFY SETTINGs merge into one list; a second kind of list gets a statement of its own',
      at('MODIFY TTL ts + toIntervalDay(90)', 'MODIFY SETTING a = 1', 'MODIFY SETTING b = 2', 'RESET SETTING c', 'RESET SETTING e', 'DROP INDEX IF EXISTS `i`'),
      at('DROP INDEX IF EXISTS `i`, MODIFY TTL ts + toIntervalDay(90)', 'MODIFY SETTING a = 1, b = 2', 'RESET SETTING c, e'),
    ],
    [
      'mutation commands run after the metadata, in one statement of their own',
      at(
        'ADD INDEX IF NOT EXISTS `i` a TYPE minmax GRANULARITY 1',
        'MATERIALIZE INDEX `i`',
        'ADD PROJECTION IF NOT EXISTS `p` (SELECT a ORDER BY a)',
        'MATERIALIZE PROJECTION `p`',
      ),
      at(
        'ADD INDEX IF NOT EXISTS `i` a TYPE minmax GRANULARITY 1, ADD PROJECTION IF NOT EXISTS `p` (SELECT a ORDER BY a)',
        'MATERIALIZE INDEX `i`, MATERIALIZE PROJECTION `p`',
      ),
    ],
    [
      'a second command on a column starts a new statement',
      at(
        'MODIFY COLUMN IF EXISTS `c` UInt8 DEFAULT 4',
        'ADD COLUMN IF NOT EXISTS `x` UInt8',
        'MODIFY COLUMN IF EXISTS `c` UInt8 AFTER `b`',
        "COMMENT COLUMN IF EXISTS `x` 'c'",
      ),
      at(
        'MODIFY COLUMN IF EXISTS `c` UInt8 DEFAULT 4, ADD COLUMN IF NOT EXISTS `x` UInt8',
        "MODIFY COLUMN IF EXISTS `c` UInt8 AFTER `b`, COMMENT COLUMN IF EXISTS `x` 'c'",
      ),
    ],
    [
      'a renamed column counts under both names (renaming and modifying it in one ALTER is error 48)',
      at('RENAME COLUMN IF EXISTS `c` TO `c2`', 'ADD COLUMN IF NOT EXISTS `d` UInt8', 'MODIFY COLUMN IF EXISTS `c2` UInt16'),
      at('RENAME COLUMN IF EXISTS `c` TO `c2`, ADD COLUMN IF NOT EXISTS `d` UInt8', 'MODIFY COLUMN IF EXISTS `c2` UInt16'),
    ],
    [
      'a column named in a string literal is not a command on it',
      at("COMMENT COLUMN IF EXISTS `a` 'MODIFY COLUMN `b`'", 'MODIFY COLUMN IF EXISTS `b` UInt16'),
      at("COMMENT COLUMN IF EXISTS `a` 'MODIFY COLUMN `b`', MODIFY COLUMN IF EXISTS `b` UInt16"),
    ],
  ])('GIVEN %s', (_name, input, expected) => {
    expect(combineAlters(input)).toEqual(expected);
  });

  test('GIVEN other statements and other tables THEN they keep their place and split the batches', () => {
    const other = 'ALTER TABLE `d`.`u` ADD COLUMN IF NOT EXISTS `z` UInt8';
    const view = 'ALTER TABLE `d`.`v` MODIFY QUERY SELECT a, b FROM d.t';
    expect(
      combineAlters([
        'CREATE DATABASE IF NOT EXISTS `d`',
        `${T} ADD COLUMN IF NOT EXISTS \`a\` UInt8`,
        `${T} ADD COLUMN IF NOT EXISTS \`b\` UInt8`,
        other,
        `${T} MODIFY COMMENT 'c'`,
        view,
        `${C} DROP COLUMN IF EXISTS \`q\``,
        `${C} MODIFY SAMPLE BY id`,
      ]),
    ).toEqual([
      'CREATE DATABASE IF NOT EXISTS `d`',
      `${T} ADD COLUMN IF NOT EXISTS \`a\` UInt8, ADD COLUMN IF NOT EXISTS \`b\` UInt8`,
      other,
      `${T} MODIFY COMMENT 'c'`,
      view,
      `${C} DROP COLUMN IF EXISTS \`q\`, MODIFY SAMPLE BY id`,
    ]);
  });

  test('GIVEN the diff of a table with two new columns, a new index and a TTL THEN deploy runs one metadata ALTER and one mutation ALTER', () => {
    const live: TableSpec = {
      kind: 'table',
      database: 'd',
      name: 't',
      engine: { name: 'MergeTree', args: [] },
      columns: [
        { name: 'id', type: 'UInt64' },
        { name: 'ts', type: 'DateTime' },
      ],
      orderBy: ['id'],
    };
    const desired: TableSpec = {
      ...live,
      columns: [...live.columns, { name: 'good', type: 'UInt8' }, { name: 'bad', type: 'UInt64', defaultExpression: 'nosuchfunc(id)' }],
      ttl: 'ts + toIntervalDay(90)',
      indexes: [{ name: 'i', expression: 'id', type: 'minmax' }],
    };
    expect(deployStatements(diffTable(desired, live))).toEqual([
      `${T} ADD COLUMN IF NOT EXISTS \`good\` UInt8 AFTER \`ts\`, ADD COLUMN IF NOT EXISTS \`bad\` UInt64 DEFAULT nosuchfunc(id) AFTER \`good\`, ` +
        'ADD INDEX IF NOT EXISTS `i` id TYPE minmax GRANULARITY 1, MODIFY TTL ts + toIntervalDay(90)',
      `${T} MATERIALIZE INDEX \`i\``,
    ]);
  });
});
