// Every field of the changes the diff of databases, tables and views makes (sql/diff/tables.ts):
// reason, detail, statements, inPlace, destructive, runnable, hint, cost, compared whole, so that
// a wrong word in a detail or a hint, a statement too many or a flag flipped fails a test. The
// cases are the branches the table-driven diff-tables.test.ts checks loosely (it matches details
// and hints by pattern). No server.
import {
  diffDatabase,
  diffPlainView,
  diffRenamedTable,
  diffTable,
  diffView,
  extraObject,
  innerDifferences,
  renamedFromId,
  renameSource,
} from '../../sql/diff/tables';
import { rebuildMarker } from '../../sql/render/rebuild';
import { ColumnSpec, MaterializedViewSpec, TableSpec } from '../../sql/spec/model';

const TS: ColumnSpec = { name: 'ts', type: 'DateTime' };
const base: TableSpec = { kind: 'table', database: 'd', name: 't', columns: [{ name: 'a', type: 'UInt8' }, TS], engine: { name: 'MergeTree' }, orderBy: ['a'] };
const withA = (a: Partial<ColumnSpec>): TableSpec => ({ ...base, columns: [{ name: 'a', type: 'UInt8', ...a }, TS] });
const mv: MaterializedViewSpec = { kind: 'materialized_view', database: 'd', name: 'v', to: { database: 'd', name: 'h' }, select: 'SELECT a FROM d.t' };
const when = new Date('2026-12-04T03:00:59Z');
const data = { rows: 10, bytes: 1024, parts: 1, pendingMutations: 0 };

const cases: [string, () => unknown, unknown][] = [
  [
    'database: live engine unknown, nothing to compare',
    () => diffDatabase({ kind: 'database', name: 'd', engine: 'Replicated' }, { kind: 'database', name: 'd' }),
    [],
  ],
  [
    'database: engine and comment differ',
    () => diffDatabase({ kind: 'database', name: 'd', engine: 'Replicated' }, { kind: 'database', name: 'd', engine: 'Atomic', comment: 'x' }),
    [
      {
        object: 'database:d',
        reason: 'database_engine_changed',
        detail: 'engine desired Replicated, live Atomic',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: 'a database engine cannot be altered: create a database with the desired engine and move the tables (RENAME TABLE), or declare the live engine',
      },
      {
        object: 'database:d',
        reason: 'comment_changed',
        detail: 'comment desired none, live x',
        statements: ["ALTER DATABASE `d` MODIFY COMMENT ''"],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'table comment declared empty, set by hand',
    () => diffTable({ ...base, comment: '' }, { ...base, comment: 'x' }),
    [
      {
        object: 'table:d.t',
        reason: 'comment_changed',
        detail: 'comment desired none, live x',
        statements: ["ALTER TABLE `d`.`t` MODIFY COMMENT ''"],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'table comment declared, none live',
    () => diffTable({ ...base, comment: 'c' }, base),
    [
      {
        object: 'table:d.t',
        reason: 'comment_changed',
        detail: 'comment desired c, live none',
        statements: ["ALTER TABLE `d`.`t` MODIFY COMMENT 'c'"],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'detached permanently, definition unread',
    () => diffTable(base, { ...base, detached: { permanently: true, definitionRead: false } }),
    [
      {
        object: 'table:d.t',
        reason: 'detached_object',
        detail: 'table d.t: desired attached, live detached permanently (its definition cannot be read from here: apply compares it once attached)',
        statements: ['ATTACH TABLE IF NOT EXISTS `d`.`t`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'detached view with another target: refused, ATTACH by hand',
    () => diffView(mv, { ...mv, to: { database: 'd', name: 'x' }, detached: { permanently: false, definitionRead: true } }),
    [
      {
        object: 'materialized_view:d.v',
        reason: 'detached_object',
        detail: 'materialized view d.v: desired attached, live detached; its definition differs: mv_target_changed',
        statements: ['ATTACH TABLE IF NOT EXISTS `d`.`v`'],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: 'the detached definition differs from the declared one in ways deploy does not change (mv_target_changed): ATTACH TABLE d.v by hand and plan again to review them, or declare the detached definition',
      },
      {
        object: 'materialized_view:d.v',
        reason: 'mv_target_changed',
        detail: 'TO desired d.h, live d.x',
        statements: ['DROP VIEW IF EXISTS `d`.`v` SYNC', 'CREATE MATERIALIZED VIEW IF NOT EXISTS `d`.`v`\nTO `d`.`h`\nAS SELECT a FROM d.t'],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: 'the view must be dropped and recreated (inserts in between are not forwarded): allow destructive changes to run it',
      },
    ],
  ],
  [
    'detached with two extra columns: each reason named once',
    () =>
      diffTable(base, {
        ...base,
        columns: [...base.columns, { name: 'x', type: 'UInt8' }, { name: 'y', type: 'UInt8' }],
        partitionBy: 'p',
        detached: { permanently: false, definitionRead: true },
      }),
    [
      {
        object: 'table:d.t',
        reason: 'detached_object',
        detail: 'table d.t: desired attached, live detached; its definition differs: partition_key_changed, extra_column',
        statements: ['ATTACH TABLE IF NOT EXISTS `d`.`t`'],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: 'the detached definition differs from the declared one in ways deploy does not change (partition_key_changed, extra_column): ATTACH TABLE d.t by hand and plan again to review them, or declare the detached definition',
      },
      {
        object: 'table:d.t',
        reason: 'partition_key_changed',
        detail: 'PARTITION BY desired none, live p',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "PARTITION BY cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition)",
      },
      {
        object: 'table:d.t',
        reason: 'extra_column',
        detail: 'column x UInt8: desired absent, live present',
        statements: ['ALTER TABLE `d`.`t` DROP COLUMN IF EXISTS `x`'],
        inPlace: true,
        destructive: true,
        runnable: false,
        hint: 'dropping column x loses its data: allow destructive changes to drop it, or declare it',
      },
      {
        object: 'table:d.t',
        reason: 'extra_column',
        detail: 'column y UInt8: desired absent, live present',
        statements: ['ALTER TABLE `d`.`t` DROP COLUMN IF EXISTS `y`'],
        inPlace: true,
        destructive: true,
        runnable: false,
        hint: 'dropping column y loses its data: allow destructive changes to drop it, or declare it',
      },
    ],
  ],
  [
    'detached with two missing columns: ATTACH then both ADD',
    () =>
      diffTable(
        { ...base, columns: [...base.columns, { name: 'x', type: 'UInt8' }, { name: 'y', type: 'UInt8' }] },
        { ...base, detached: { permanently: false, definitionRead: true } },
      ),
    [
      {
        object: 'table:d.t',
        reason: 'detached_object',
        detail: 'table d.t: desired attached, live detached; its definition differs: missing_column',
        statements: ['ATTACH TABLE IF NOT EXISTS `d`.`t`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'missing_column',
        detail: 'column x UInt8: desired present, live missing',
        statements: ['ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `x` UInt8 AFTER `ts`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'missing_column',
        detail: 'column y UInt8: desired present, live missing',
        statements: ['ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `y` UInt8 AFTER `x`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'lossy type change: the hint says why',
    () => diffTable(withA({ type: 'Int8' }), base),
    [
      {
        object: 'table:d.t',
        reason: 'column_type_changed',
        detail: 'column a type desired Int8, live UInt8',
        statements: ['ALTER TABLE `d`.`t` MODIFY COLUMN IF EXISTS `a` Int8'],
        inPlace: true,
        destructive: true,
        runnable: false,
        hint: 'converting UInt8 to Int8 can lose or reject data (Int8 cannot hold the upper half of UInt8: those values wrap around): allow destructive changes, or migrate through a new column',
      },
    ],
  ],
  [
    'lossless type change: no hint',
    () => diffTable(withA({ type: 'UInt16' }), base),
    [
      {
        object: 'table:d.t',
        reason: 'column_type_changed',
        detail: 'column a type desired UInt16, live UInt8',
        statements: ['ALTER TABLE `d`.`t` MODIFY COLUMN IF EXISTS `a` UInt16'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'EPHEMERAL without expression removed: REMOVE DEFAULT',
    () => diffTable(base, withA({ defaultKind: 'EPHEMERAL' })),
    [
      {
        object: 'table:d.t',
        reason: 'column_default_changed',
        detail: 'column a default desired none, live EPHEMERAL',
        statements: ['ALTER TABLE `d`.`t` MODIFY COLUMN IF EXISTS `a` REMOVE DEFAULT'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'ALIAS removed: REMOVE ALIAS',
    () => diffTable(base, withA({ defaultKind: 'ALIAS', defaultExpression: 'ts' })),
    [
      {
        object: 'table:d.t',
        reason: 'column_default_changed',
        detail: 'column a default desired none, live ALIAS ts',
        statements: ['ALTER TABLE `d`.`t` MODIFY COLUMN IF EXISTS `a` REMOVE ALIAS'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'MATERIALIZED -> DEFAULT is destructive',
    () => diffTable(withA({ defaultKind: 'DEFAULT', defaultExpression: '1' }), withA({ defaultKind: 'MATERIALIZED', defaultExpression: '1' })),
    [
      {
        object: 'table:d.t',
        reason: 'column_default_changed',
        detail: 'column a default desired DEFAULT 1, live MATERIALIZED 1',
        statements: ['ALTER TABLE `d`.`t` MODIFY COLUMN IF EXISTS `a` UInt8 DEFAULT 1'],
        inPlace: true,
        destructive: true,
        runnable: false,
        hint: 'destructive: deploy runs it only when the construct allows destructive changes (allowDestructive)',
      },
    ],
  ],
  [
    'MATERIALIZED -> DEFAULT with the opt-in runs',
    () =>
      diffTable(withA({ defaultKind: 'DEFAULT', defaultExpression: '1' }), withA({ defaultKind: 'MATERIALIZED', defaultExpression: '1' }), {
        allowDestructive: true,
      }),
    [
      {
        object: 'table:d.t',
        reason: 'column_default_changed',
        detail: 'column a default desired DEFAULT 1, live MATERIALIZED 1',
        statements: ['ALTER TABLE `d`.`t` MODIFY COLUMN IF EXISTS `a` UInt8 DEFAULT 1'],
        inPlace: true,
        destructive: true,
        runnable: true,
      },
    ],
  ],
  [
    'default expression changed, same kind: not destructive',
    () => diffTable(withA({ defaultExpression: '2' }), withA({ defaultKind: 'DEFAULT', defaultExpression: '1' })),
    [
      {
        object: 'table:d.t',
        reason: 'column_default_changed',
        detail: 'column a default desired DEFAULT 2, live DEFAULT 1',
        statements: ['ALTER TABLE `d`.`t` MODIFY COLUMN IF EXISTS `a` UInt8 DEFAULT 2'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'same default kind spelled out and implied: in sync',
    () => diffTable(withA({ defaultExpression: '1' }), withA({ defaultKind: 'DEFAULT', defaultExpression: '1' })),
    [],
  ],
  [
    'column comment declared empty, set by hand: the detail says none, as for a table comment',
    () => diffTable(withA({ comment: '' }), withA({ comment: 'x' })),
    [
      {
        object: 'table:d.t',
        reason: 'column_comment_changed',
        detail: 'column a comment desired none, live x',
        statements: ["ALTER TABLE `d`.`t` COMMENT COLUMN IF EXISTS `a` ''"],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  ['column comment declared empty, none live: in sync', () => diffTable(withA({ comment: '' }), base), []],
  [
    'codec removed by hand... declared none',
    () => diffTable(base, withA({ codec: 'ZSTD(1)' })),
    [
      {
        object: 'table:d.t',
        reason: 'column_codec_changed',
        detail: 'column a codec desired none, live ZSTD(1)',
        statements: ['ALTER TABLE `d`.`t` MODIFY COLUMN IF EXISTS `a` REMOVE CODEC'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'codec declared, none live',
    () => diffTable(withA({ codec: 'ZSTD(3)' }), base),
    [
      {
        object: 'table:d.t',
        reason: 'column_codec_changed',
        detail: 'column a codec desired ZSTD(3), live none',
        statements: ['ALTER TABLE `d`.`t` MODIFY COLUMN IF EXISTS `a` UInt8 CODEC(ZSTD(3))'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'column TTL changed',
    () => diffTable(withA({ ttl: 'ts + INTERVAL 1 DAY' }), withA({ ttl: 'ts + INTERVAL 2 DAY' })),
    [
      {
        object: 'table:d.t',
        reason: 'column_ttl_changed',
        detail: 'column a TTL desired ts + INTERVAL 1 DAY, live ts + INTERVAL 2 DAY',
        statements: ['ALTER TABLE `d`.`t` MODIFY COLUMN IF EXISTS `a` UInt8 TTL ts + INTERVAL 1 DAY'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'column TTL not declared, set live',
    () => diffTable(base, withA({ ttl: 'ts + INTERVAL 2 DAY' })),
    [
      {
        object: 'table:d.t',
        reason: 'column_ttl_changed',
        detail: 'column a TTL desired none, live ts + INTERVAL 2 DAY',
        statements: ['ALTER TABLE `d`.`t` MODIFY COLUMN IF EXISTS `a` REMOVE TTL'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'missing first column: ADD ... FIRST',
    () => diffTable({ ...base, columns: [{ name: 'z', type: 'String' }, ...base.columns] }, base),
    [
      {
        object: 'table:d.t',
        reason: 'missing_column',
        detail: 'column z String: desired present, live missing',
        statements: ['ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `z` String FIRST'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'columns moved: each MODIFY after its predecessor',
    () =>
      diffTable(
        { ...base, columns: [{ name: 'x', type: 'UInt8' }, TS, { name: 'a', type: 'UInt8' }] },
        { ...base, columns: [{ name: 'a', type: 'UInt8' }, { name: 'x', type: 'UInt8' }, TS] },
      ),
    [
      {
        object: 'table:d.t',
        reason: 'column_order_changed',
        detail: 'column order desired (x, ts, a), live (a, x, ts)',
        statements: [
          'ALTER TABLE `d`.`t` MODIFY COLUMN IF EXISTS `x` UInt8 FIRST',
          'ALTER TABLE `d`.`t` MODIFY COLUMN IF EXISTS `ts` DateTime AFTER `x`',
          'ALTER TABLE `d`.`t` MODIFY COLUMN IF EXISTS `a` UInt8 AFTER `ts`',
        ],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'column order with a missing and an extra column in between: only the common ones compared',
    () =>
      diffTable(
        { ...base, columns: [{ name: 'a', type: 'UInt8' }, { name: 'n', type: 'UInt8' }, TS] },
        { ...base, columns: [{ name: 'a', type: 'UInt8' }, { name: 'x', type: 'UInt8' }, TS] },
        { allowDestructive: true },
      ),
    [
      {
        object: 'table:d.t',
        reason: 'missing_column',
        detail: 'column n UInt8: desired present, live missing',
        statements: ['ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `n` UInt8 AFTER `a`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'extra_column',
        detail: 'column x UInt8: desired absent, live present',
        statements: ['ALTER TABLE `d`.`t` DROP COLUMN IF EXISTS `x`'],
        inPlace: true,
        destructive: true,
        runnable: true,
      },
    ],
  ],
  [
    'extra column no part holds: not destructive, the detail says so',
    () => diffTable(base, { ...base, columns: [...base.columns, { name: 'x', type: 'UInt8' }] }, { data: { ...data, columnsOnDisk: ['a', 'ts'] } }),
    [
      {
        object: 'table:d.t',
        reason: 'extra_column',
        detail: 'column x UInt8: desired absent, live present (no part holds it on disk: dropping it loses nothing)',
        statements: ['ALTER TABLE `d`.`t` DROP COLUMN IF EXISTS `x`'],
        inPlace: true,
        destructive: false,
        runnable: true,
        cost: { class: 'drops_data', rows: 10, bytes: 1024, parts: 1, pendingMutations: 0 },
      },
    ],
  ],
  [
    'column renamed',
    () => diffTable({ ...base, columns: [{ name: 'b', type: 'UInt8', renamedFrom: 'a' }, TS], orderBy: ['ts'] }, { ...base, orderBy: ['ts'] }),
    [
      {
        object: 'table:d.t',
        reason: 'column_renamed',
        detail: 'column a renamed to b (its data kept)',
        statements: ['ALTER TABLE `d`.`t` RENAME COLUMN IF EXISTS `a` TO `b`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'column renamed that is in PARTITION BY: refused',
    () =>
      diffTable(
        {
          ...base,
          columns: [
            { name: 'a', type: 'UInt8' },
            { name: 'time', type: 'DateTime', renamedFrom: 'ts' },
          ],
          partitionBy: 'toYYYYMM(time)',
        },
        { ...base, partitionBy: 'toYYYYMM(ts)' },
      ),
    [
      {
        object: 'table:d.t',
        reason: 'column_renamed',
        detail: "column ts renamed to time: ts is in the table's key",
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: 'ClickHouse cannot rename a key column (ORDER BY, PRIMARY KEY, PARTITION BY, SAMPLE BY): keep the name ts, or rebuild the table with the new one',
      },
      {
        object: 'table:d.t',
        reason: 'partition_key_changed',
        detail: 'PARTITION BY desired toYYYYMM(time), live toYYYYMM(ts)',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "PARTITION BY cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition)",
      },
    ],
  ],
  [
    'column renamed that is in SAMPLE BY: refused',
    () =>
      diffTable(
        {
          ...base,
          columns: [
            { name: 'a', type: 'UInt8' },
            { name: 'time', type: 'DateTime', renamedFrom: 'ts' },
          ],
          sampleBy: 'time',
        },
        { ...base, sampleBy: 'ts' },
      ),
    [
      {
        object: 'table:d.t',
        reason: 'column_renamed',
        detail: "column ts renamed to time: ts is in the table's key",
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: 'ClickHouse cannot rename a key column (ORDER BY, PRIMARY KEY, PARTITION BY, SAMPLE BY): keep the name ts, or rebuild the table with the new one',
      },
      {
        object: 'table:d.t',
        reason: 'sample_by_changed',
        detail: 'SAMPLE BY desired time, live ts',
        statements: ['ALTER TABLE `d`.`t` MODIFY SAMPLE BY time'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'column renamed that is in PRIMARY KEY: refused',
    () =>
      diffTable(
        {
          ...base,
          columns: [
            { name: 'a', type: 'UInt8' },
            { name: 'time', type: 'DateTime', renamedFrom: 'ts' },
          ],
          orderBy: ['a', 'time'],
          primaryKey: ['time'],
        },
        { ...base, orderBy: ['a', 'ts'], primaryKey: ['ts'] },
      ),
    [
      {
        object: 'table:d.t',
        reason: 'column_renamed',
        detail: "column ts renamed to time: ts is in the table's key",
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: 'ClickHouse cannot rename a key column (ORDER BY, PRIMARY KEY, PARTITION BY, SAMPLE BY): keep the name ts, or rebuild the table with the new one',
      },
      {
        object: 'table:d.t',
        reason: 'order_by_changed',
        detail: 'ORDER BY desired (a, time), live (a, ts)',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "ORDER BY cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition); in place ClickHouse only allows appending columns added in the same ALTER",
      },
      {
        object: 'table:d.t',
        reason: 'primary_key_changed',
        detail: 'PRIMARY KEY desired (time), live (ts)',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "PRIMARY KEY cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition)",
      },
    ],
  ],
  [
    'column renamed, back-quoted in ORDER BY: refused',
    () => diffTable({ ...base, columns: [{ name: 'b', type: 'UInt8', renamedFrom: 'a' }, TS], orderBy: ['b'] }, { ...base, orderBy: ['`a`'] }),
    [
      {
        object: 'table:d.t',
        reason: 'column_renamed',
        detail: "column a renamed to b: a is in the table's key",
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: 'ClickHouse cannot rename a key column (ORDER BY, PRIMARY KEY, PARTITION BY, SAMPLE BY): keep the name a, or rebuild the table with the new one',
      },
      {
        object: 'table:d.t',
        reason: 'order_by_changed',
        detail: 'ORDER BY desired (b), live (`a`)',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "ORDER BY cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition); in place ClickHouse only allows appending columns added in the same ALTER",
      },
      {
        object: 'table:d.t',
        reason: 'primary_key_changed',
        detail: 'PRIMARY KEY desired (b), live (`a`)',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "PRIMARY KEY cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition)",
      },
    ],
  ],
  [
    'column with a dot renamed, its name in ORDER BY: refused',
    () =>
      diffTable(
        {
          ...base,
          columns: [
            { name: 'a', type: 'UInt8' },
            { name: 'e.z', type: 'DateTime', renamedFrom: 'e.d' },
          ],
          orderBy: ['e.z'],
        },
        {
          ...base,
          columns: [
            { name: 'a', type: 'UInt8' },
            { name: 'e.d', type: 'DateTime' },
          ],
          orderBy: ['e.d'],
        },
      ),
    [
      {
        object: 'table:d.t',
        reason: 'column_renamed',
        detail: "column e.d renamed to e.z: e.d is in the table's key",
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: 'ClickHouse cannot rename a key column (ORDER BY, PRIMARY KEY, PARTITION BY, SAMPLE BY): keep the name e.d, or rebuild the table with the new one',
      },
      {
        object: 'table:d.t',
        reason: 'order_by_changed',
        detail: 'ORDER BY desired (e.z), live (e.d)',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "ORDER BY cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition); in place ClickHouse only allows appending columns added in the same ALTER",
      },
      {
        object: 'table:d.t',
        reason: 'primary_key_changed',
        detail: 'PRIMARY KEY desired (e.z), live (e.d)',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "PRIMARY KEY cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition)",
      },
    ],
  ],
  [
    'column with a dot renamed, a like name in ORDER BY: renamed',
    () =>
      diffTable(
        {
          ...base,
          columns: [
            { name: 'a', type: 'UInt8' },
            { name: 'e.z', type: 'DateTime', renamedFrom: 'e.d' },
          ],
          orderBy: ['a', 'e_d'],
        },
        {
          ...base,
          columns: [
            { name: 'a', type: 'UInt8' },
            { name: 'e.d', type: 'DateTime' },
          ],
          orderBy: ['a', 'e_d'],
        },
      ),
    [
      {
        object: 'table:d.t',
        reason: 'column_renamed',
        detail: 'column e.d renamed to e.z (its data kept)',
        statements: ['ALTER TABLE `d`.`t` RENAME COLUMN IF EXISTS `e.d` TO `e.z`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'two columns renamed from one: the first is the rename, the second is added',
    () =>
      diffTable(
        {
          ...base,
          columns: [
            { name: 'a', type: 'UInt8' },
            { name: 'x', type: 'DateTime', renamedFrom: 'ts' },
            { name: 'y', type: 'DateTime', renamedFrom: 'ts' },
          ],
        },
        base,
      ),
    [
      {
        object: 'table:d.t',
        reason: 'column_renamed',
        detail: 'column ts renamed to x (its data kept)',
        statements: ['ALTER TABLE `d`.`t` RENAME COLUMN IF EXISTS `ts` TO `x`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'missing_column',
        detail: 'column y DateTime: desired present, live missing',
        statements: ['ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `y` DateTime AFTER `x`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'renamed from a column still declared: no rename',
    () => diffTable({ ...base, columns: [{ name: 'a', type: 'UInt8' }, TS, { name: 'x', type: 'DateTime', renamedFrom: 'ts' }] }, base),
    [
      {
        object: 'table:d.t',
        reason: 'missing_column',
        detail: 'column x DateTime: desired present, live missing',
        statements: ['ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `x` DateTime AFTER `ts`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'renamed from a column not live: added',
    () => diffTable({ ...base, columns: [{ name: 'a', type: 'UInt8' }, TS, { name: 'x', type: 'DateTime', renamedFrom: 'gone' }] }, base),
    [
      {
        object: 'table:d.t',
        reason: 'missing_column',
        detail: 'column x DateTime: desired present, live missing',
        statements: ['ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `x` DateTime AFTER `ts`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'read-only setting declared, not on the table',
    () => diffTable({ ...base, settings: { index_granularity: 1024 } }, { ...base, settingDefaults: { index_granularity: '8192' } }),
    [
      {
        object: 'table:d.t',
        reason: 'setting_changed',
        detail: 'setting index_granularity desired 1024, live none',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "setting index_granularity cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition)",
      },
    ],
  ],
  [
    'setting declared without a server default, not on the table',
    () => diffTable({ ...base, settings: { x_y: 2 } }, base),
    [
      {
        object: 'table:d.t',
        reason: 'setting_changed',
        detail: 'setting x_y desired 2, live none',
        statements: ['ALTER TABLE `d`.`t` MODIFY SETTING x_y = 2'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'read-only setting set by hand',
    () => diffTable(base, { ...base, settings: { storage_policy: 'cold' } }),
    [
      {
        object: 'table:d.t',
        reason: 'setting_extra',
        detail: 'setting storage_policy not declared (no server default): desired none, live cold',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "setting storage_policy cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition); or declare settings.storage_policy = cold",
      },
    ],
  ],
  [
    'setting set by hand with a server default',
    () => diffTable(base, { ...base, settings: { merge_with_ttl_timeout: '60' }, settingDefaults: { merge_with_ttl_timeout: '14400' } }),
    [
      {
        object: 'table:d.t',
        reason: 'setting_extra',
        detail: 'setting merge_with_ttl_timeout not declared (server default 14400): desired 14400, live 60',
        statements: ['ALTER TABLE `d`.`t` RESET SETTING merge_with_ttl_timeout'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'indexes missing, changed and extra',
    () =>
      diffTable(
        {
          ...base,
          indexes: [
            { name: 'i1', expression: 'a', type: 'minmax' },
            { name: 'i2', expression: 'ts', type: 'minmax', granularity: 2 },
          ],
        },
        {
          ...base,
          indexes: [
            { name: 'i2', expression: 'ts', type: 'minmax', granularity: 4 },
            { name: 'i3', expression: 'a', type: 'set(10)', granularity: 1 },
          ],
        },
      ),
    [
      {
        object: 'table:d.t',
        reason: 'index_missing',
        detail: 'index i1: desired a TYPE minmax GRANULARITY 1, live missing',
        statements: ['ALTER TABLE `d`.`t` ADD INDEX IF NOT EXISTS `i1` a TYPE minmax GRANULARITY 1', 'ALTER TABLE `d`.`t` MATERIALIZE INDEX `i1`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'index_changed',
        detail: 'index i2 desired ts TYPE minmax GRANULARITY 2, live ts TYPE minmax GRANULARITY 4',
        statements: [
          'ALTER TABLE `d`.`t` DROP INDEX IF EXISTS `i2`',
          'ALTER TABLE `d`.`t` ADD INDEX IF NOT EXISTS `i2` ts TYPE minmax GRANULARITY 2',
          'ALTER TABLE `d`.`t` MATERIALIZE INDEX `i2`',
        ],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'index_extra',
        detail: 'index i3 a TYPE set(10) GRANULARITY 1: desired absent, live present',
        statements: ['ALTER TABLE `d`.`t` DROP INDEX IF EXISTS `i3`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'projections missing, changed, with settings and extra',
    () =>
      diffTable(
        {
          ...base,
          projections: [
            { name: 'p1', query: 'SELECT a ORDER BY ts' },
            { name: 'p2', query: 'SELECT ts ORDER BY a' },
            { name: 'p4', query: 'SELECT 1' },
          ],
        },
        {
          ...base,
          projections: [
            { name: 'p2', query: 'SELECT ts ORDER BY ts' },
            { name: 'p4', query: 'SELECT 1', withSettings: 'x = 1' },
            { name: 'p3', query: 'SELECT a' },
          ],
        },
      ),
    [
      {
        object: 'table:d.t',
        reason: 'projection_missing',
        detail: 'projection p1: desired (SELECT a ORDER BY ts), live missing',
        statements: ['ALTER TABLE `d`.`t` ADD PROJECTION IF NOT EXISTS `p1` (SELECT a ORDER BY ts)', 'ALTER TABLE `d`.`t` MATERIALIZE PROJECTION `p1`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'projection_changed',
        detail: 'projection p2 query desired SELECT ts ORDER BY a, live SELECT ts ORDER BY ts',
        statements: [
          'ALTER TABLE `d`.`t` DROP PROJECTION IF EXISTS `p2`',
          'ALTER TABLE `d`.`t` ADD PROJECTION IF NOT EXISTS `p2` (SELECT ts ORDER BY a)',
          'ALTER TABLE `d`.`t` MATERIALIZE PROJECTION `p2`',
        ],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'projection_changed',
        detail: 'projection p4 settings: desired none, live WITH SETTINGS (x = 1)',
        statements: [
          'ALTER TABLE `d`.`t` DROP PROJECTION IF EXISTS `p4`',
          'ALTER TABLE `d`.`t` ADD PROJECTION IF NOT EXISTS `p4` (SELECT 1)',
          'ALTER TABLE `d`.`t` MATERIALIZE PROJECTION `p4`',
        ],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'projection_extra',
        detail: 'projection p3 (SELECT a): desired absent, live present',
        statements: ['ALTER TABLE `d`.`t` DROP PROJECTION IF EXISTS `p3`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'ORDER BY appends a new column, the live key declared by hand only',
    () => diffTable({ ...base, columns: [...base.columns, { name: 'x', type: 'UInt8' }], orderBy: ['a', 'x'] }, { ...base, primaryKey: ['a'] }),
    [
      {
        object: 'table:d.t',
        reason: 'missing_column',
        detail: 'column x UInt8: desired present, live missing',
        statements: ['ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `x` UInt8 AFTER `ts`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'order_by_changed',
        detail: 'ORDER BY desired (a, x), live (a) (appends new columns x)',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: 'ClickHouse can append the new columns in place, but MODIFY ORDER BY keeps PRIMARY KEY at (a): declare primaryKey: ["a"] to run it in place, or rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one',
      },
      {
        object: 'table:d.t',
        reason: 'primary_key_changed',
        detail: 'PRIMARY KEY desired (a, x), live (a)',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "PRIMARY KEY cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition)",
      },
    ],
  ],
  [
    'ORDER BY appends two new columns, primary key declared: one ALTER',
    () =>
      diffTable(
        { ...base, columns: [...base.columns, { name: 'x', type: 'UInt8' }, { name: 'y', type: 'UInt8' }], orderBy: ['a', 'x', 'y'], primaryKey: ['a'] },
        base,
      ),
    [
      {
        object: 'table:d.t',
        reason: 'missing_column',
        detail: 'column x UInt8: desired present, live missing',
        statements: [
          'ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `x` UInt8 AFTER `ts`, ADD COLUMN IF NOT EXISTS `y` UInt8 AFTER `x`, MODIFY ORDER BY (a, x, y)',
        ],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'missing_column',
        detail: 'column y UInt8: desired present, live missing',
        statements: [
          'ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `x` UInt8 AFTER `ts`, ADD COLUMN IF NOT EXISTS `y` UInt8 AFTER `x`, MODIFY ORDER BY (a, x, y)',
        ],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'order_by_changed',
        detail: 'ORDER BY desired (a, x, y), live (a) (appends new columns x, y)',
        statements: [
          'ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `x` UInt8 AFTER `ts`, ADD COLUMN IF NOT EXISTS `y` UInt8 AFTER `x`, MODIFY ORDER BY (a, x, y)',
        ],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'ORDER BY appends a new and an existing column: rebuild',
    () => diffTable({ ...base, columns: [...base.columns, { name: 'x', type: 'UInt8' }], orderBy: ['a', 'x', 'ts'], primaryKey: ['a'] }, base),
    [
      {
        object: 'table:d.t',
        reason: 'missing_column',
        detail: 'column x UInt8: desired present, live missing',
        statements: ['ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `x` UInt8 AFTER `ts`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'order_by_changed',
        detail: 'ORDER BY desired (a, x, ts), live (a)',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "ORDER BY cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition); in place ClickHouse only allows appending columns added in the same ALTER",
      },
    ],
  ],
  [
    'ORDER BY replaced by one with a new column: rebuild',
    () => diffTable({ ...base, columns: [...base.columns, { name: 'x', type: 'UInt8' }], orderBy: ['x', 'a'], primaryKey: ['a'] }, base),
    [
      {
        object: 'table:d.t',
        reason: 'missing_column',
        detail: 'column x UInt8: desired present, live missing',
        statements: ['ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `x` UInt8 AFTER `ts`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'order_by_changed',
        detail: 'ORDER BY desired (x, a), live (a)',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "ORDER BY cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition); in place ClickHouse only allows appending columns added in the same ALTER",
      },
    ],
  ],
  [
    'ORDER BY reordered',
    () => diffTable({ ...base, orderBy: ['ts', 'a'], primaryKey: ['ts', 'a'] }, { ...base, orderBy: ['a', 'ts'] }),
    [
      {
        object: 'table:d.t',
        reason: 'order_by_changed',
        detail: 'ORDER BY desired (ts, a), live (a, ts)',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "ORDER BY cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition); in place ClickHouse only allows appending columns added in the same ALTER",
      },
      {
        object: 'table:d.t',
        reason: 'primary_key_changed',
        detail: 'PRIMARY KEY desired (ts, a), live (a, ts)',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "PRIMARY KEY cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition)",
      },
    ],
  ],
  [
    'ORDER BY shortened',
    () =>
      diffTable(
        { ...base, columns: [...base.columns, { name: 'x', type: 'UInt8' }], orderBy: ['a'], primaryKey: ['a'] },
        { ...base, orderBy: ['a', 'ts'], primaryKey: ['a'] },
      ),
    [
      {
        object: 'table:d.t',
        reason: 'missing_column',
        detail: 'column x UInt8: desired present, live missing',
        statements: ['ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `x` UInt8 AFTER `ts`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'order_by_changed',
        detail: 'ORDER BY desired (a), live (a, ts)',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "ORDER BY cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition); in place ClickHouse only allows appending columns added in the same ALTER",
      },
    ],
  ],
  [
    'SAMPLE BY and TTL declared, none live',
    () => diffTable({ ...base, sampleBy: 'a', ttl: 'ts + INTERVAL 1 DAY' }, base),
    [
      {
        object: 'table:d.t',
        reason: 'sample_by_changed',
        detail: 'SAMPLE BY desired a, live none',
        statements: ['ALTER TABLE `d`.`t` MODIFY SAMPLE BY a'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'ttl_changed',
        detail: 'TTL desired ts + INTERVAL 1 DAY, live none',
        statements: ['ALTER TABLE `d`.`t` MODIFY TTL ts + INTERVAL 1 DAY'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'engine without args and with',
    () => diffTable({ ...base, engine: { name: 'ReplacingMergeTree', args: ['ts'] } }, base),
    [
      {
        object: 'table:d.t',
        reason: 'engine_changed',
        detail: 'engine desired ReplacingMergeTree(ts), live MergeTree()',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "the engine cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition)",
      },
    ],
  ],
  [
    'rebuild by copy, partitions unknown: read at apply; the other changes named once',
    () =>
      diffTable(
        {
          ...base,
          columns: [
            { name: 'a', type: 'UInt8', comment: 'x' },
            { name: 'ts', type: 'DateTime', comment: 'y' },
          ],
          orderBy: ['ts'],
          rebuild: 'copy',
        },
        base,
        { now: when },
      ),
    [
      {
        object: 'table:d.t',
        reason: 'table_rebuild',
        detail:
          "rebuild by copy (rebuild: 'copy'): ORDER BY desired (ts), live (a); PRIMARY KEY desired (ts), live (a); with column_comment_changed; partitions read at apply, counts verified before EXCHANGE TABLES, the old data kept as d.t__chx_old_20261204T0300",
        statements: [
          "CREATE TABLE IF NOT EXISTS `d`.`t__chx_rebuild`\n(\n    `a` UInt8 COMMENT 'x',\n    `ts` DateTime COMMENT 'y'\n)\nENGINE = MergeTree()\nORDER BY ts\nCOMMENT 'chx-rebuild:f02d86885cfd6f2c'",
          'SELECT _partition_id AS partition, count() AS rows FROM `d`.`t` GROUP BY partition ORDER BY partition',
          "SELECT 'all' AS partition, count() AS rows FROM `d`.`t__chx_rebuild` GROUP BY partition ORDER BY partition",
          'EXCHANGE TABLES `d`.`t` AND `d`.`t__chx_rebuild`',
          'RENAME TABLE IF EXISTS `d`.`t__chx_rebuild` TO `d`.`t__chx_old_20261204T0300`',
          "ALTER TABLE `d`.`t` MODIFY COMMENT ''",
        ],
        inPlace: false,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'rebuild by copy with data read: priced, partitions counted',
    () => diffTable({ ...base, partitionBy: 'toYYYYMM(ts)', rebuild: 'copy' }, base, { now: when, data: { ...data, partitions: ['202601'] } }),
    [
      {
        object: 'table:d.t',
        reason: 'table_rebuild',
        detail:
          "rebuild by copy (rebuild: 'copy'): PARTITION BY desired toYYYYMM(ts), live none; 1 partition(s) copied one at a time, counts verified before EXCHANGE TABLES, the old data kept as d.t__chx_old_20261204T0300",
        statements: [
          "CREATE TABLE IF NOT EXISTS `d`.`t__chx_rebuild`\n(\n    `a` UInt8,\n    `ts` DateTime\n)\nENGINE = MergeTree()\nPARTITION BY toYYYYMM(ts)\nORDER BY a\nCOMMENT 'chx-rebuild:3cbd208a6efe9238'",
          "INSERT INTO `d`.`t__chx_rebuild` (`a`, `ts`) SETTINGS optimize_on_insert = 0 SELECT `a`, `ts` FROM `d`.`t` WHERE _partition_id = '202601'",
          'SELECT _partition_id AS partition, count() AS rows FROM `d`.`t` GROUP BY partition ORDER BY partition',
          "SELECT 'all' AS partition, count() AS rows FROM `d`.`t__chx_rebuild` GROUP BY partition ORDER BY partition",
          'EXCHANGE TABLES `d`.`t` AND `d`.`t__chx_rebuild`',
          'RENAME TABLE IF EXISTS `d`.`t__chx_rebuild` TO `d`.`t__chx_old_20261204T0300`',
          "ALTER TABLE `d`.`t` MODIFY COMMENT ''",
        ],
        inPlace: false,
        destructive: false,
        runnable: true,
        cost: { class: 'rebuild', rows: 10, bytes: 1024, parts: 1, pendingMutations: 0 },
      },
    ],
  ],
  [
    'rebuild by copy of an interrupted rebuild',
    () => diffTable({ ...base, rebuild: 'copy' }, { ...base, comment: rebuildMarker({ ...base, rebuild: 'copy' }) }, { now: when }),
    [
      {
        object: 'table:d.t',
        reason: 'table_rebuild',
        detail:
          'an interrupted rebuild swapped the table in but did not finish (its comment is the marker chx-rebuild:00e0fbc52090cd20): keep the old data, set the comment',
        statements: ['RENAME TABLE IF EXISTS `d`.`t__chx_rebuild` TO `d`.`t__chx_old_20261204T0300`', "ALTER TABLE `d`.`t` MODIFY COMMENT ''"],
        inPlace: false,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'rebuild by copy to a non-MergeTree engine: refused as before',
    () => diffTable({ ...base, engine: { name: 'Log' }, rebuild: 'copy' }, base),
    [
      {
        object: 'table:d.t',
        reason: 'engine_changed',
        detail: 'engine desired Log(), live MergeTree()',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "the engine cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition)",
      },
    ],
  ],
  [
    'rebuild by copy from a replicated table: refused as before',
    () => diffTable({ ...base, rebuild: 'copy', orderBy: ['ts'] }, { ...base, engine: { name: 'ReplicatedMergeTree', args: ["'/p'", "'r'"] } }),
    [
      {
        object: 'table:d.t',
        reason: 'engine_changed',
        detail: "engine desired MergeTree(), live ReplicatedMergeTree('/p', 'r')",
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "the engine cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition)",
      },
      {
        object: 'table:d.t',
        reason: 'order_by_changed',
        detail: 'ORDER BY desired (ts), live (a)',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "ORDER BY cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition); in place ClickHouse only allows appending columns added in the same ALTER",
      },
      {
        object: 'table:d.t',
        reason: 'primary_key_changed',
        detail: 'PRIMARY KEY desired (ts), live (a)',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "PRIMARY KEY cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition)",
      },
    ],
  ],
  [
    'rebuild by copy: a read-only setting',
    () => diffTable({ ...base, settings: { index_granularity: 1024 }, rebuild: 'copy' }, base, { now: when }),
    [
      {
        object: 'table:d.t',
        reason: 'table_rebuild',
        detail:
          "rebuild by copy (rebuild: 'copy'): setting index_granularity desired 1024, live none; partitions read at apply, counts verified before EXCHANGE TABLES, the old data kept as d.t__chx_old_20261204T0300",
        statements: [
          "CREATE TABLE IF NOT EXISTS `d`.`t__chx_rebuild`\n(\n    `a` UInt8,\n    `ts` DateTime\n)\nENGINE = MergeTree()\nORDER BY a\nSETTINGS index_granularity = 1024\nCOMMENT 'chx-rebuild:c421b3b395aac30e'",
          'SELECT _partition_id AS partition, count() AS rows FROM `d`.`t` GROUP BY partition ORDER BY partition',
          "SELECT 'all' AS partition, count() AS rows FROM `d`.`t__chx_rebuild` GROUP BY partition ORDER BY partition",
          'EXCHANGE TABLES `d`.`t` AND `d`.`t__chx_rebuild`',
          'RENAME TABLE IF EXISTS `d`.`t__chx_rebuild` TO `d`.`t__chx_old_20261204T0300`',
          "ALTER TABLE `d`.`t` MODIFY COMMENT ''",
        ],
        inPlace: false,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'view target renamed: recreated, runs without the opt-in',
    () => diffView({ ...mv, to: { database: 'd', name: 'h2', renamedFrom: 'h' } }, mv),
    [
      {
        object: 'materialized_view:d.v',
        reason: 'mv_retargeted',
        detail: 'TO d.h renamed to d.h2: the view is recreated to write into it',
        statements: ['DROP VIEW IF EXISTS `d`.`v` SYNC', 'CREATE MATERIALIZED VIEW IF NOT EXISTS `d`.`v`\nTO `d`.`h2`\nAS SELECT a FROM d.t'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'view target renamed from another database: a change of target',
    () => diffView({ ...mv, to: { database: 'd', name: 'h2', renamedFrom: 'h' } }, { ...mv, to: { database: 'e', name: 'h' } }),
    [
      {
        object: 'materialized_view:d.v',
        reason: 'mv_target_changed',
        detail: 'TO desired d.h2, live e.h',
        statements: ['DROP VIEW IF EXISTS `d`.`v` SYNC', 'CREATE MATERIALIZED VIEW IF NOT EXISTS `d`.`v`\nTO `d`.`h2`\nAS SELECT a FROM d.t'],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: 'the view must be dropped and recreated (inserts in between are not forwarded): allow destructive changes to run it',
      },
    ],
  ],
  [
    'view target renamed from another name: a change of target',
    () => diffView({ ...mv, to: { database: 'd', name: 'h2', renamedFrom: 'h1' } }, mv),
    [
      {
        object: 'materialized_view:d.v',
        reason: 'mv_target_changed',
        detail: 'TO desired d.h2, live d.h',
        statements: ['DROP VIEW IF EXISTS `d`.`v` SYNC', 'CREATE MATERIALIZED VIEW IF NOT EXISTS `d`.`v`\nTO `d`.`h2`\nAS SELECT a FROM d.t'],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: 'the view must be dropped and recreated (inserts in between are not forwarded): allow destructive changes to run it',
      },
    ],
  ],
  [
    'view declared with an inner table, TO live',
    () => diffView({ ...mv, to: undefined }, mv),
    [
      {
        object: 'materialized_view:d.v',
        reason: 'mv_target_changed',
        detail: 'TO desired none (inner table), live d.h',
        statements: ['DROP VIEW IF EXISTS `d`.`v` SYNC', 'CREATE MATERIALIZED VIEW IF NOT EXISTS `d`.`v`\nAS SELECT a FROM d.t'],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: 'the view must be dropped and recreated (inserts in between are not forwarded): allow destructive changes to run it',
      },
    ],
  ],
  [
    'view declared with TO, inner table live: the DROP loses rows',
    () => diffView(mv, { ...mv, to: undefined }),
    [
      {
        object: 'materialized_view:d.v',
        reason: 'mv_target_changed',
        detail: 'TO desired d.h, live none (inner table)',
        statements: ['DROP VIEW IF EXISTS `d`.`v` SYNC', 'CREATE MATERIALIZED VIEW IF NOT EXISTS `d`.`v`\nTO `d`.`h`\nAS SELECT a FROM d.t'],
        inPlace: false,
        destructive: true,
        runnable: false,
        hint: 'the view must be dropped and recreated; the view keeps its rows in its inner table, which the DROP loses (the new view starts empty: POPULATE is never run): allow destructive changes to run it',
      },
    ],
  ],
  [
    'view inner table differs',
    () =>
      diffView(
        { ...mv, to: undefined, inner: { engine: { name: 'MergeTree' }, orderBy: ['a'] } },
        { ...mv, to: undefined, inner: { engine: { name: 'MergeTree', args: [] }, orderBy: ['a', 'ts'], partitionBy: 'p' } },
      ),
    [
      {
        object: 'materialized_view:d.v',
        reason: 'mv_inner_changed',
        detail: 'inner table PARTITION BY desired none, live p; ORDER BY desired (a), live (a, ts)',
        statements: [
          'DROP VIEW IF EXISTS `d`.`v` SYNC',
          'CREATE MATERIALIZED VIEW IF NOT EXISTS `d`.`v`\nENGINE = MergeTree() ORDER BY a\nAS SELECT a FROM d.t',
        ],
        inPlace: false,
        destructive: true,
        runnable: false,
        hint: "ClickHouse cannot change a view's inner table in place: the view must be dropped and recreated; the view keeps its rows in its inner table, which the DROP loses (the new view starts empty: POPULATE is never run): allow destructive changes to run it",
      },
    ],
  ],
  [
    'view inner table the same',
    () =>
      diffView(
        { ...mv, to: undefined, inner: { engine: { name: 'MergeTree' }, orderBy: ['a'] } },
        { ...mv, to: undefined, inner: { engine: { name: 'MergeTree', args: [] }, orderBy: ['a'], partitionBy: '' } },
      ),
    [],
  ],
  [
    'view made refreshable: recreated',
    () => diffView({ ...mv, refresh: { kind: 'EVERY', interval: '1 HOUR' } }, mv),
    [
      {
        object: 'materialized_view:d.v',
        reason: 'mv_refresh_changed',
        detail: 'refresh desired REFRESH EVERY 1 HOUR, live none',
        statements: [
          'DROP VIEW IF EXISTS `d`.`v` SYNC',
          'CREATE MATERIALIZED VIEW IF NOT EXISTS `d`.`v`\nREFRESH EVERY 1 HOUR\nTO `d`.`h`\nAS SELECT a FROM d.t',
        ],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: 'a refreshable view: ClickHouse has no ALTER for it, the view must be dropped and recreated (inserts in between are not forwarded): allow destructive changes to run it',
      },
    ],
  ],
  [
    'view made regular: recreated',
    () => diffView(mv, { ...mv, refresh: { kind: 'EVERY', interval: '1 HOUR' } }),
    [
      {
        object: 'materialized_view:d.v',
        reason: 'mv_refresh_changed',
        detail: 'refresh desired none, live REFRESH EVERY 1 HOUR',
        statements: ['DROP VIEW IF EXISTS `d`.`v` SYNC', 'CREATE MATERIALIZED VIEW IF NOT EXISTS `d`.`v`\nTO `d`.`h`\nAS SELECT a FROM d.t'],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: 'a regular view: ClickHouse has no ALTER for it, the view must be dropped and recreated (inserts in between are not forwarded): allow destructive changes to run it',
      },
    ],
  ],
  [
    'view APPEND removed: recreated',
    () => diffView({ ...mv, refresh: { kind: 'EVERY', interval: '1 HOUR' } }, { ...mv, refresh: { kind: 'EVERY', interval: '1 HOUR', append: true } }),
    [
      {
        object: 'materialized_view:d.v',
        reason: 'mv_refresh_changed',
        detail: 'refresh desired REFRESH EVERY 1 HOUR, live REFRESH EVERY 1 HOUR APPEND',
        statements: [
          'DROP VIEW IF EXISTS `d`.`v` SYNC',
          'CREATE MATERIALIZED VIEW IF NOT EXISTS `d`.`v`\nREFRESH EVERY 1 HOUR\nTO `d`.`h`\nAS SELECT a FROM d.t',
        ],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: 'APPEND added or removed: ClickHouse has no ALTER for it, the view must be dropped and recreated (inserts in between are not forwarded): allow destructive changes to run it',
      },
    ],
  ],
  [
    'view refresh interval changed with APPEND on both sides: in place, and the query too',
    () =>
      diffView(
        { ...mv, refresh: { kind: 'EVERY', interval: '2 HOUR', append: true } },
        { ...mv, select: 'SELECT 1', refresh: { kind: 'EVERY', interval: '1 HOUR', append: true } },
      ),
    [
      {
        object: 'materialized_view:d.v',
        reason: 'mv_refresh_changed',
        detail: 'refresh desired REFRESH EVERY 2 HOUR APPEND, live REFRESH EVERY 1 HOUR APPEND',
        statements: ['ALTER TABLE `d`.`v` MODIFY REFRESH EVERY 2 HOUR APPEND'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'materialized_view:d.v',
        reason: 'mv_query_changed',
        detail: 'SELECT desired SELECT a FROM d.t, live SELECT 1',
        statements: ['ALTER TABLE `d`.`v` MODIFY QUERY SELECT a FROM d.t'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'view APPEND false and absent are the same',
    () => diffView({ ...mv, refresh: { kind: 'EVERY', interval: '1 HOUR', append: false } }, { ...mv, refresh: { kind: 'EVERY', interval: '1 HOUR' } }),
    [],
  ],
  [
    'view recreated for refresh: its columns and query are not reported',
    () =>
      diffView(
        { ...mv, columns: [{ name: 'a', type: 'UInt8' }], refresh: { kind: 'EVERY', interval: '1 HOUR' } },
        { ...mv, select: 'SELECT 1', columns: [{ name: 'b', type: 'UInt8' }] },
      ),
    [
      {
        object: 'materialized_view:d.v',
        reason: 'mv_refresh_changed',
        detail: 'refresh desired REFRESH EVERY 1 HOUR, live none',
        statements: [
          'DROP VIEW IF EXISTS `d`.`v` SYNC',
          'CREATE MATERIALIZED VIEW IF NOT EXISTS `d`.`v`\nREFRESH EVERY 1 HOUR\nTO `d`.`h`\n(\n    `a` UInt8\n)\nAS SELECT a FROM d.t',
        ],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: 'a refreshable view: ClickHouse has no ALTER for it, the view must be dropped and recreated (inserts in between are not forwarded): allow destructive changes to run it',
      },
    ],
  ],
  [
    'view columns differ: the query is not reported',
    () => diffView({ ...mv, columns: [{ name: 'a', type: 'UInt8' }] }, { ...mv, select: 'SELECT 1', columns: [{ name: 'a', type: 'UInt16' }], comment: 'c' }),
    [
      {
        object: 'materialized_view:d.v',
        reason: 'mv_columns_changed',
        detail: 'columns desired (a UInt8), live (a UInt16)',
        statements: [
          'DROP VIEW IF EXISTS `d`.`v` SYNC',
          'CREATE MATERIALIZED VIEW IF NOT EXISTS `d`.`v`\nTO `d`.`h`\n(\n    `a` UInt8\n)\nAS SELECT a FROM d.t',
        ],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: 'the view must be dropped and recreated with its column list (inserts in between are not forwarded): allow destructive changes to run it',
      },
    ],
  ],
  [
    'view query and comment',
    () => diffView({ ...mv, comment: 'c' }, { ...mv, select: 'SELECT 1' }),
    [
      {
        object: 'materialized_view:d.v',
        reason: 'mv_query_changed',
        detail: 'SELECT desired SELECT a FROM d.t, live SELECT 1',
        statements: ['ALTER TABLE `d`.`v` MODIFY QUERY SELECT a FROM d.t'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'materialized_view:d.v',
        reason: 'comment_changed',
        detail: 'comment desired c, live none',
        statements: ["ALTER TABLE `d`.`v` MODIFY COMMENT 'c'"],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'inner differences: engine, TTL, settings, what cannot be declared',
    () =>
      innerDifferences(
        { engine: { name: 'SummingMergeTree', args: ['n'] }, orderBy: ['a'], partitionBy: '', primaryKey: ['a'], ttl: 't', settings: { x: 1, y: 2 } },
        {
          engine: { name: 'MergeTree' },
          orderBy: ['a'],
          settings: { y: '2', z: '3', w: '5' },
          settingDefaults: { w: '5', z: '4' },
          unsupported: ['SAMPLE BY a'],
        },
      ),
    [
      'ENGINE desired SummingMergeTree(n), live MergeTree()',
      'TTL desired t, live none',
      'setting x desired 1, live none',
      'setting z not declared: desired 4, live 3',
      'SAMPLE BY a (cannot be declared)',
    ],
  ],
  [
    'inner differences: a primary key printed live only',
    () => innerDifferences({ engine: { name: 'MergeTree' }, orderBy: ['a', 'b'] }, { engine: { name: 'MergeTree' }, orderBy: ['a', 'b'], primaryKey: ['a'] }),
    ['PRIMARY KEY desired (a, b), live (a)'],
  ],
  [
    'inner differences: a primary key declared equal to ORDER BY',
    () =>
      innerDifferences({ engine: { name: 'MergeTree' }, orderBy: ['a', 'b'], primaryKey: ['a', 'b'] }, { engine: { name: 'MergeTree' }, orderBy: ['a', 'b'] }),
    [],
  ],
  [
    'inner differences: partition, ORDER BY, setting declared and set otherwise',
    () =>
      innerDifferences(
        { engine: { name: 'MergeTree' }, orderBy: ['a'], partitionBy: 'p', settings: { x: 1 } },
        { engine: { name: 'MergeTree' }, orderBy: ['b'], settings: { x: '2' } },
      ),
    ['PARTITION BY desired p, live none', 'ORDER BY desired (a), live (b)', 'setting x desired 1, live 2'],
  ],
  [
    'plain view columns, query and comment: one replace',
    () =>
      diffPlainView(
        { kind: 'view', database: 'd', name: 'pv', select: 'SELECT 1', columns: [{ name: 'x', type: 'UInt8' }], comment: 'c' },
        { kind: 'view', database: 'd', name: 'pv', select: 'SELECT 2', columns: [{ name: 'y', type: 'UInt8' }] },
      ),
    [
      {
        object: 'view:d.pv',
        reason: 'view_columns_changed',
        detail: 'columns desired (x UInt8), live (y UInt8)',
        statements: ["CREATE OR REPLACE VIEW `d`.`pv`\n(\n    `x` UInt8\n)\nCOMMENT 'c'\nAS SELECT 1"],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'view:d.pv',
        reason: 'view_query_changed',
        detail: 'SELECT desired SELECT 1, live SELECT 2',
        statements: ["CREATE OR REPLACE VIEW `d`.`pv`\n(\n    `x` UInt8\n)\nCOMMENT 'c'\nAS SELECT 1"],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'view:d.pv',
        reason: 'comment_changed',
        detail: 'comment desired c, live none',
        statements: ["CREATE OR REPLACE VIEW `d`.`pv`\n(\n    `x` UInt8\n)\nCOMMENT 'c'\nAS SELECT 1"],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'plain view detached, definition unread',
    () =>
      diffPlainView(
        { kind: 'view', database: 'd', name: 'pv', select: 'SELECT 1' },
        { kind: 'view', database: 'd', name: 'pv', select: '', detached: { permanently: false, definitionRead: false } },
      ),
    [
      {
        object: 'view:d.pv',
        reason: 'detached_object',
        detail: 'view d.pv: desired attached, live detached (its definition cannot be read from here: apply compares it once attached)',
        statements: ['ATTACH TABLE IF NOT EXISTS `d`.`pv`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'plain view comment left to the server: kept, nothing to do',
    () =>
      diffPlainView(
        { kind: 'view', database: 'd', name: 'pv', select: 'SELECT 1', ignoreUndeclared: ['comment'] },
        { kind: 'view', database: 'd', name: 'pv', select: 'SELECT 1', comment: 'by hand' },
      ),
    [],
  ],
  [
    'plain view comment left to the server, none live, query replaced',
    () =>
      diffPlainView(
        { kind: 'view', database: 'd', name: 'pv', select: 'SELECT 1', ignoreUndeclared: ['comment'] },
        { kind: 'view', database: 'd', name: 'pv', select: 'SELECT 2', comment: '' },
      ),
    [
      {
        object: 'view:d.pv',
        reason: 'view_query_changed',
        detail: 'SELECT desired SELECT 1, live SELECT 2',
        statements: ['CREATE OR REPLACE VIEW `d`.`pv`\nAS SELECT 1'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'table renamed and changed',
    () => diffRenamedTable({ ...base, name: 't2', renamedFrom: 't', comment: 'c' }, base),
    [
      {
        object: 'table:d.t2',
        reason: 'table_renamed',
        detail: 'table d.t renamed to d.t2 (its data kept)',
        statements: ['RENAME TABLE `d`.`t` TO `d`.`t2`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t2',
        reason: 'comment_changed',
        detail: 'comment desired c, live none',
        statements: ["ALTER TABLE `d`.`t2` MODIFY COMMENT 'c'"],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'rename source: the live table under the old name',
    () => [renameSource({ ...base, name: 't2', renamedFrom: 't' }, undefined, (id) => (id === 'table:d.t' ? base : undefined))],
    [
      {
        kind: 'table',
        database: 'd',
        name: 't',
        columns: [
          { name: 'a', type: 'UInt8' },
          { name: 'ts', type: 'DateTime' },
        ],
        engine: { name: 'MergeTree' },
        orderBy: ['a'],
      },
    ],
  ],
  ['rename source: none when the new name is live', () => [renameSource({ ...base, name: 't2', renamedFrom: 't' }, base, () => base)], [undefined]],
  [
    'rename source: none when the old one is a view or detached',
    () => [
      renameSource({ ...base, name: 't2', renamedFrom: 't' }, undefined, () => mv),
      renameSource({ ...base, name: 't2', renamedFrom: 't' }, undefined, () => ({ ...base, detached: { permanently: false, definitionRead: true } })),
    ],
    [undefined, undefined],
  ],
  [
    'renamed from id: tables only',
    () => [renamedFromId({ ...base, renamedFrom: 'old' }), renamedFromId(base), renamedFromId({ ...mv, renamedFrom: 'old' } as MaterializedViewSpec)],
    ['table:d.old', undefined, undefined],
  ],
  [
    'extra objects: a table and a materialized view',
    () => [extraObject(base), extraObject(mv, { cluster: 'c' })],
    [
      {
        object: 'table:d.t',
        reason: 'extra_object',
        detail: 'table d.t: desired absent, live present',
        statements: ['DROP TABLE IF EXISTS `d`.`t` SYNC'],
        inPlace: true,
        destructive: true,
        runnable: false,
        hint: 'not declared: declare it, or drop it by hand with the statement shown (deploy never drops undeclared objects)',
      },
      {
        object: 'materialized_view:d.v',
        reason: 'extra_object',
        detail: 'materialized view d.v: desired absent, live present',
        statements: ['DROP VIEW IF EXISTS `d`.`v` ON CLUSTER `c` SYNC'],
        inPlace: true,
        destructive: true,
        runnable: false,
        hint: 'not declared: declare it, or drop it by hand with the statement shown (deploy never drops undeclared objects)',
      },
    ],
  ],
  [
    'missing database, table, view and plain view: what the detail names',
    () => [
      diffDatabase({ kind: 'database', name: 'd' }, undefined),
      diffTable(base, undefined),
      diffView(mv, undefined),
      diffPlainView({ kind: 'view', database: 'd', name: 'pv', select: 'SELECT 1' }, undefined),
    ],
    [
      [
        {
          object: 'database:d',
          reason: 'missing_object',
          detail: 'desired database d, live none',
          statements: ['CREATE DATABASE IF NOT EXISTS `d`'],
          inPlace: true,
          destructive: false,
          runnable: true,
        },
      ],
      [
        {
          object: 'table:d.t',
          reason: 'missing_object',
          detail: 'desired table d.t, live none',
          statements: ['CREATE TABLE IF NOT EXISTS `d`.`t`\n(\n    `a` UInt8,\n    `ts` DateTime\n)\nENGINE = MergeTree()\nORDER BY a'],
          inPlace: true,
          destructive: false,
          runnable: true,
        },
      ],
      [
        {
          object: 'materialized_view:d.v',
          reason: 'missing_object',
          detail: 'desired materialized view d.v, live none',
          statements: ['CREATE MATERIALIZED VIEW IF NOT EXISTS `d`.`v`\nTO `d`.`h`\nAS SELECT a FROM d.t'],
          inPlace: true,
          destructive: false,
          runnable: true,
        },
      ],
      [
        {
          object: 'view:d.pv',
          reason: 'missing_object',
          detail: 'desired view d.pv, live none',
          statements: ['CREATE VIEW IF NOT EXISTS `d`.`pv`\nAS SELECT 1'],
          inPlace: true,
          destructive: false,
          runnable: true,
        },
      ],
    ],
  ],
  [
    'a column named undefined renamed in a table without PARTITION BY or SAMPLE BY: renamed',
    () =>
      diffTable(
        {
          ...base,
          columns: [
            { name: 'a', type: 'UInt8' },
            { name: 'x', type: 'DateTime', renamedFrom: 'undefined' },
          ],
        },
        {
          ...base,
          columns: [
            { name: 'a', type: 'UInt8' },
            { name: 'undefined', type: 'DateTime' },
          ],
        },
      ),
    [
      {
        object: 'table:d.t',
        reason: 'column_renamed',
        detail: 'column undefined renamed to x (its data kept)',
        statements: ['ALTER TABLE `d`.`t` RENAME COLUMN IF EXISTS `undefined` TO `x`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'ORDER BY appends a new column in place, another new column added on its own',
    () =>
      diffTable(
        { ...base, columns: [...base.columns, { name: 'z', type: 'String' }, { name: 'x', type: 'UInt8' }], orderBy: ['a', 'x'], primaryKey: ['a'] },
        base,
      ),
    [
      {
        object: 'table:d.t',
        reason: 'missing_column',
        detail: 'column z String: desired present, live missing',
        statements: ['ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `z` String AFTER `ts`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'missing_column',
        detail: 'column x UInt8: desired present, live missing',
        statements: ['ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `x` UInt8 AFTER `z`, MODIFY ORDER BY (a, x)'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'order_by_changed',
        detail: 'ORDER BY desired (a, x), live (a) (appends new columns x)',
        statements: ['ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `x` UInt8 AFTER `z`, MODIFY ORDER BY (a, x)'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'ORDER BY appends the new first column in place: added FIRST',
    () => diffTable({ ...base, columns: [{ name: 'x', type: 'UInt8' }, ...base.columns], orderBy: ['a', 'x'], primaryKey: ['a'] }, base),
    [
      {
        object: 'table:d.t',
        reason: 'missing_column',
        detail: 'column x UInt8: desired present, live missing',
        statements: ['ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `x` UInt8 FIRST, MODIFY ORDER BY (a, x)'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'order_by_changed',
        detail: 'ORDER BY desired (a, x), live (a) (appends new columns x)',
        statements: ['ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `x` UInt8 FIRST, MODIFY ORDER BY (a, x)'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'ORDER BY of two new columns, longer but no prefix: rebuild',
    () =>
      diffTable(
        { ...base, columns: [...base.columns, { name: 'x', type: 'UInt8' }, { name: 'y', type: 'UInt8' }], orderBy: ['x', 'y'], primaryKey: ['x'] },
        base,
      ),
    [
      {
        object: 'table:d.t',
        reason: 'missing_column',
        detail: 'column x UInt8: desired present, live missing',
        statements: ['ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `x` UInt8 AFTER `ts`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'missing_column',
        detail: 'column y UInt8: desired present, live missing',
        statements: ['ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `y` UInt8 AFTER `x`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'order_by_changed',
        detail: 'ORDER BY desired (x, y), live (a)',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "ORDER BY cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition); in place ClickHouse only allows appending columns added in the same ALTER",
      },
      {
        object: 'table:d.t',
        reason: 'primary_key_changed',
        detail: 'PRIMARY KEY desired (x), live (a)',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "PRIMARY KEY cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition)",
      },
    ],
  ],
  [
    'ORDER BY appends two new columns, no key declared: both named in the refusal',
    () => diffTable({ ...base, columns: [...base.columns, { name: 'x', type: 'UInt8' }, { name: 'y', type: 'UInt8' }], orderBy: ['a', 'x', 'y'] }, base),
    [
      {
        object: 'table:d.t',
        reason: 'missing_column',
        detail: 'column x UInt8: desired present, live missing',
        statements: ['ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `x` UInt8 AFTER `ts`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'missing_column',
        detail: 'column y UInt8: desired present, live missing',
        statements: ['ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `y` UInt8 AFTER `x`'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'order_by_changed',
        detail: 'ORDER BY desired (a, x, y), live (a) (appends new columns x, y)',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: 'ClickHouse can append the new columns in place, but MODIFY ORDER BY keeps PRIMARY KEY at (a): declare primaryKey: ["a"] to run it in place, or rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one',
      },
      {
        object: 'table:d.t',
        reason: 'primary_key_changed',
        detail: 'PRIMARY KEY desired (a, x, y), live (a)',
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: "PRIMARY KEY cannot be changed in place: rebuild the table — CREATE a new table with the desired definition, INSERT INTO it SELECT * FROM d.t, EXCHANGE TABLES, then drop the old one (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition)",
      },
    ],
  ],
  [
    'declared setting changed by hand: both values in the detail',
    () => diffTable({ ...base, settings: { merge_with_ttl_timeout: 7200 } }, { ...base, settings: { merge_with_ttl_timeout: '3600' } }),
    [
      {
        object: 'table:d.t',
        reason: 'setting_changed',
        detail: 'setting merge_with_ttl_timeout desired 7200, live 3600',
        statements: ['ALTER TABLE `d`.`t` MODIFY SETTING merge_with_ttl_timeout = 7200'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'rebuild by copy: an engine change between MergeTree engines',
    () => diffTable({ ...base, engine: { name: 'ReplacingMergeTree' }, rebuild: 'copy' }, base, { now: when }),
    [
      {
        object: 'table:d.t',
        reason: 'table_rebuild',
        detail:
          "rebuild by copy (rebuild: 'copy'): engine desired ReplacingMergeTree(), live MergeTree(); partitions read at apply, counts verified before EXCHANGE TABLES, the old data kept as d.t__chx_old_20261204T0300",
        statements: [
          "CREATE TABLE IF NOT EXISTS `d`.`t__chx_rebuild`\n(\n    `a` UInt8,\n    `ts` DateTime\n)\nENGINE = ReplacingMergeTree()\nORDER BY a\nCOMMENT 'chx-rebuild:c6501099fd91c6d9'",
          'SELECT _partition_id AS partition, count() AS rows FROM `d`.`t` GROUP BY partition ORDER BY partition',
          "SELECT 'all' AS partition, count() AS rows FROM `d`.`t__chx_rebuild` GROUP BY partition ORDER BY partition",
          'EXCHANGE TABLES `d`.`t` AND `d`.`t__chx_rebuild`',
          'RENAME TABLE IF EXISTS `d`.`t__chx_rebuild` TO `d`.`t__chx_old_20261204T0300`',
          "ALTER TABLE `d`.`t` MODIFY COMMENT ''",
        ],
        inPlace: false,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'rebuild by copy: a setting ALTER can change is no rebuild',
    () => diffTable({ ...base, settings: { merge_with_ttl_timeout: 60 }, rebuild: 'copy' }, base, { now: when }),
    [
      {
        object: 'table:d.t',
        reason: 'setting_changed',
        detail: 'setting merge_with_ttl_timeout desired 60, live none',
        statements: ['ALTER TABLE `d`.`t` MODIFY SETTING merge_with_ttl_timeout = 60'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'rebuild by copy: an ORDER BY appended in place is no rebuild',
    () =>
      diffTable({ ...base, columns: [...base.columns, { name: 'x', type: 'UInt8' }], orderBy: ['a', 'x'], primaryKey: ['a'], rebuild: 'copy' }, base, {
        now: when,
      }),
    [
      {
        object: 'table:d.t',
        reason: 'missing_column',
        detail: 'column x UInt8: desired present, live missing',
        statements: ['ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `x` UInt8 AFTER `ts`, MODIFY ORDER BY (a, x)'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'table:d.t',
        reason: 'order_by_changed',
        detail: 'ORDER BY desired (a, x), live (a) (appends new columns x)',
        statements: ['ALTER TABLE `d`.`t` ADD COLUMN IF NOT EXISTS `x` UInt8 AFTER `ts`, MODIFY ORDER BY (a, x)'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'rebuild by copy: a key column rename refused is no rebuild',
    () => diffTable({ ...base, columns: [{ name: 'b', type: 'UInt8', renamedFrom: 'a' }, TS], orderBy: ['a'], rebuild: 'copy' }, base, { now: when }),
    [
      {
        object: 'table:d.t',
        reason: 'column_renamed',
        detail: "column a renamed to b: a is in the table's key",
        statements: [],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: 'ClickHouse cannot rename a key column (ORDER BY, PRIMARY KEY, PARTITION BY, SAMPLE BY): keep the name a, or rebuild the table with the new one',
      },
    ],
  ],
  [
    'view target renamed, an inner table live: a change of target',
    () => diffView({ ...mv, to: { database: 'd', name: 'h2', renamedFrom: 'h' } }, { ...mv, to: undefined }),
    [
      {
        object: 'materialized_view:d.v',
        reason: 'mv_target_changed',
        detail: 'TO desired d.h2, live none (inner table)',
        statements: ['DROP VIEW IF EXISTS `d`.`v` SYNC', 'CREATE MATERIALIZED VIEW IF NOT EXISTS `d`.`v`\nTO `d`.`h2`\nAS SELECT a FROM d.t'],
        inPlace: false,
        destructive: true,
        runnable: false,
        hint: 'the view must be dropped and recreated; the view keeps its rows in its inner table, which the DROP loses (the new view starts empty: POPULATE is never run): allow destructive changes to run it',
      },
    ],
  ],
  [
    'view with an inner table, none declared: not compared',
    () => diffView({ ...mv, to: undefined }, { ...mv, to: undefined, inner: { engine: { name: 'SummingMergeTree' }, orderBy: ['a'] } }),
    [],
  ],
  [
    'view with an inner table declared, none read: not compared',
    () => diffView({ ...mv, to: undefined, inner: { engine: { name: 'SummingMergeTree' }, orderBy: ['a'] } }, { ...mv, to: undefined }),
    [],
  ],
  [
    'view column list declared, none listed live; two columns',
    () =>
      diffView(
        {
          ...mv,
          columns: [
            { name: 'a', type: 'UInt8' },
            { name: 'b', type: 'String' },
          ],
        },
        mv,
      ),
    [
      {
        object: 'materialized_view:d.v',
        reason: 'mv_columns_changed',
        detail: 'columns desired (a UInt8, b String), live ()',
        statements: [
          'DROP VIEW IF EXISTS `d`.`v` SYNC',
          'CREATE MATERIALIZED VIEW IF NOT EXISTS `d`.`v`\nTO `d`.`h`\n(\n    `a` UInt8,\n    `b` String\n)\nAS SELECT a FROM d.t',
        ],
        inPlace: false,
        destructive: false,
        runnable: false,
        hint: 'the view must be dropped and recreated with its column list (inserts in between are not forwarded): allow destructive changes to run it',
      },
    ],
  ],
  [
    'inner differences: engine arguments, a primary key declared only, a setting without default',
    () =>
      innerDifferences(
        { engine: { name: 'SummingMergeTree', args: ['a', 'b'] }, orderBy: ['a', 'b'], primaryKey: ['a'] },
        { engine: { name: 'SummingMergeTree', args: ['a'] }, orderBy: ['a', 'b'], settings: { v: '1' } },
      ),
    ['ENGINE desired SummingMergeTree(a, b), live SummingMergeTree(a)', 'PRIMARY KEY desired (a), live (a, b)', 'setting v not declared: desired none, live 1'],
  ],
  ['rename source: none when no renamedFrom is declared', () => [renameSource(base, undefined, () => base)], [undefined]],
  [
    'plain view column list declared, none listed live; two columns',
    () =>
      diffPlainView(
        {
          kind: 'view',
          database: 'd',
          name: 'pv',
          select: 'SELECT 1',
          columns: [
            { name: 'a', type: 'UInt8' },
            { name: 'b', type: 'String' },
          ],
        },
        { kind: 'view', database: 'd', name: 'pv', select: 'SELECT 1' },
      ),
    [
      {
        object: 'view:d.pv',
        reason: 'view_columns_changed',
        detail: 'columns desired (a UInt8, b String), live ()',
        statements: ['CREATE OR REPLACE VIEW `d`.`pv`\n(\n    `a` UInt8,\n    `b` String\n)\nAS SELECT 1'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'plain view: a declared comment is set by the replace, not the live one',
    () =>
      diffPlainView(
        { kind: 'view', database: 'd', name: 'pv', select: 'SELECT 1', comment: 'c' },
        { kind: 'view', database: 'd', name: 'pv', select: 'SELECT 2', comment: 'x' },
      ),
    [
      {
        object: 'view:d.pv',
        reason: 'view_query_changed',
        detail: 'SELECT desired SELECT 1, live SELECT 2',
        statements: ["CREATE OR REPLACE VIEW `d`.`pv`\nCOMMENT 'c'\nAS SELECT 1"],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'view:d.pv',
        reason: 'comment_changed',
        detail: 'comment desired c, live x',
        statements: ["CREATE OR REPLACE VIEW `d`.`pv`\nCOMMENT 'c'\nAS SELECT 1"],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'plain view: a declared comment left to the server is still the declared one',
    () =>
      diffPlainView(
        { kind: 'view', database: 'd', name: 'pv', select: 'SELECT 1', comment: 'c', ignoreUndeclared: ['comment'] },
        { kind: 'view', database: 'd', name: 'pv', select: 'SELECT 2', comment: 'x' },
      ),
    [
      {
        object: 'view:d.pv',
        reason: 'view_query_changed',
        detail: 'SELECT desired SELECT 1, live SELECT 2',
        statements: ["CREATE OR REPLACE VIEW `d`.`pv`\nCOMMENT 'c'\nAS SELECT 1"],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'view:d.pv',
        reason: 'comment_changed',
        detail: 'comment desired c, live x',
        statements: ["CREATE OR REPLACE VIEW `d`.`pv`\nCOMMENT 'c'\nAS SELECT 1"],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  [
    'plain view: a comment not declared, not left to the server, is removed by the replace',
    () =>
      diffPlainView(
        { kind: 'view', database: 'd', name: 'pv', select: 'SELECT 1' },
        { kind: 'view', database: 'd', name: 'pv', select: 'SELECT 2', comment: 'x' },
      ),
    [
      {
        object: 'view:d.pv',
        reason: 'view_query_changed',
        detail: 'SELECT desired SELECT 1, live SELECT 2',
        statements: ['CREATE OR REPLACE VIEW `d`.`pv`\nAS SELECT 1'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
      {
        object: 'view:d.pv',
        reason: 'comment_changed',
        detail: 'comment desired none, live x',
        statements: ['CREATE OR REPLACE VIEW `d`.`pv`\nAS SELECT 1'],
        inPlace: true,
        destructive: false,
        runnable: true,
      },
    ],
  ],
  ['a live default printed without its kind is a DEFAULT', () => diffTable(withA({ defaultExpression: '1' }), withA({ defaultExpression: '1' })), []],
  [
    'rebuild by copy with other changes: each reason named once, in order',
    () =>
      diffTable(
        { ...base, columns: [{ name: 'a', type: 'UInt8', comment: 'x' }, TS], orderBy: ['ts'], primaryKey: ['ts'], comment: 'c', rebuild: 'copy' },
        base,
        { now: when },
      ),
    [
      {
        object: 'table:d.t',
        reason: 'table_rebuild',
        detail:
          "rebuild by copy (rebuild: 'copy'): ORDER BY desired (ts), live (a); PRIMARY KEY desired (ts), live (a); with column_comment_changed, comment_changed; partitions read at apply, counts verified before EXCHANGE TABLES, the old data kept as d.t__chx_old_20261204T0300",
        statements: [
          "CREATE TABLE IF NOT EXISTS `d`.`t__chx_rebuild`\n(\n    `a` UInt8 COMMENT 'x',\n    `ts` DateTime\n)\nENGINE = MergeTree()\nORDER BY ts\nPRIMARY KEY ts\nCOMMENT 'chx-rebuild:cc16b39643273c00'",
          'SELECT _partition_id AS partition, count() AS rows FROM `d`.`t` GROUP BY partition ORDER BY partition',
          "SELECT 'all' AS partition, count() AS rows FROM `d`.`t__chx_rebuild` GROUP BY partition ORDER BY partition",
          'EXCHANGE TABLES `d`.`t` AND `d`.`t__chx_rebuild`',
          'RENAME TABLE IF EXISTS `d`.`t__chx_rebuild` TO `d`.`t__chx_old_20261204T0300`',
          "ALTER TABLE `d`.`t` MODIFY COMMENT 'c'",
        ],
        inPlace: false,
        destructive: false,
        runnable: true,
      },
    ],
  ],
];

describe('every field of the changes', () => {
  // Each diff runs inside its test (a mutation tool runs only the tests that executed a mutant).
  test.each(cases)('%s', (_name, run, expected) => expect(run()).toEqual(expected));
});
