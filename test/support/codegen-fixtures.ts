// Live specs for the codegen tests (test/unit/codegen-emit.test.ts checks the code written for
// them, test/synth/codegen-roundtrip.test.ts that the code builds the same specs back).
import { LiveGrantEntry, ObjectSpec, TableSpec } from '../../sql/spec/model';

/** Every kind, with every field codegen writes. */
export function everyKind(): ObjectSpec[] {
  return [
    { kind: 'database', name: 'shop', engine: 'Atomic', comment: "the shop's data" },
    { kind: 'database', name: 'logs', engine: 'Ordinary' },
    {
      kind: 'table',
      database: 'shop',
      name: 'orders',
      columns: [
        { name: 'id', type: 'UInt64' },
        { name: 'at', type: 'DateTime', defaultKind: 'DEFAULT', defaultExpression: 'now()', codec: 'Delta(4), ZSTD(1)' },
        { name: 'customer', type: 'String', ttl: 'at + toIntervalDay(7)', comment: 'who' },
        { name: 'country', type: 'String', defaultKind: 'ALIAS', defaultExpression: "dictGet('shop.countries', 'name', id)" },
      ],
      engine: { name: 'ReplacingMergeTree', args: ['at'] },
      orderBy: ['id'],
      primaryKey: ['id'],
      partitionBy: 'toYYYYMM(at)',
      sampleBy: 'id',
      ttl: 'at + toIntervalDay(30)',
      settings: { index_granularity: '8192', min_bytes_for_wide_part: '0', storage_policy: 'default' },
      settingDefaults: { index_granularity: '8192', min_bytes_for_wide_part: '10485760' },
      comment: 'orders',
      indexes: [{ name: 'i_customer', expression: 'customer', type: 'bloom_filter', granularity: 3 }],
      projections: [{ name: 'by_customer', query: 'SELECT customer, count() GROUP BY customer' }],
      ignoreUndeclared: ['comment'],
    },
    {
      kind: 'table',
      database: 'shop',
      name: 'country_names',
      columns: [
        { name: 'id', type: 'UInt64' },
        { name: 'name', type: 'String' },
      ],
      engine: { name: 'MergeTree' },
      orderBy: ['id'],
    },
    { kind: 'table', database: 'logs', name: 'events', columns: [{ name: 'line', type: 'String' }], engine: { name: 'Log' }, orderBy: [] },
    { kind: 'table', database: 'shop', name: 'daily', columns: [{ name: 'n', type: 'UInt64' }], engine: { name: 'SummingMergeTree' }, orderBy: [] },
    {
      kind: 'dictionary',
      database: 'shop',
      name: 'countries',
      attributes: [
        { name: 'id', type: 'UInt64' },
        { name: 'parent', type: 'UInt64', default: '0', hierarchical: true },
        { name: 'name', type: 'String', expression: 'upper(name)', injective: true },
      ],
      primaryKey: ['id'],
      source: { type: 'CLICKHOUSE', params: { TABLE: 'country_names', db: 'shop', port: '9000', user: 'reader' }, passwordSet: true },
      layout: { type: 'HASHED', params: { shards: '4' } },
      lifetime: { min: 10, max: 300 },
      comment: 'countries',
    },
    {
      kind: 'materialized_view',
      database: 'shop',
      name: 'daily_mv',
      to: { database: 'shop', name: 'daily' },
      select: 'SELECT count() AS n FROM shop.orders',
      comment: 'per day',
      columns: [{ name: 'n', type: 'UInt64' }],
    },
    {
      kind: 'materialized_view',
      database: 'logs',
      name: 'inner_mv',
      inner: {
        engine: { name: 'ReplacingMergeTree', args: ['v'] },
        orderBy: ['k'],
        partitionBy: 'k % 4',
        primaryKey: ['k'],
        ttl: 'now() + toIntervalDay(1)',
        settings: { index_granularity: '8192', merge_with_ttl_timeout: '3600' },
        settingDefaults: { index_granularity: '8192', merge_with_ttl_timeout: '14400' },
      },
      select: 'SELECT 1 AS k, 2 AS v',
      refresh: { kind: 'EVERY', interval: '1 HOUR', offset: '5 MINUTE', randomizeFor: '10 SECOND', settings: { refresh_retries: '2' }, append: true },
    },
    { kind: 'view', database: 'shop', name: 'big_orders', select: 'SELECT id FROM shop.orders WHERE id > 10', ignoreUndeclared: ['comment'] },
    {
      kind: 'settings_profile',
      name: 'child',
      settings: [{ name: 'max_threads', value: '4', min: '1', max: '8', writability: 'WRITABLE' }],
      inherit: ['base', 'gone'],
    },
    {
      kind: 'settings_profile',
      name: 'base',
      settings: [
        { name: 'readonly', value: '1' },
        { name: 'log_comment', value: 'x' },
      ],
    },
    { kind: 'role', name: 'reader' },
    {
      kind: 'user',
      name: 'alice',
      auth: { method: 'sha256_hash' },
      hosts: { ip: ['10.0.0.0/8'], names: ['h1'], like: ['%.corp'], regexp: ['^db[0-9]$'], local: true },
      defaultDatabase: 'shop',
      profiles: ['child', 'nope'],
      roles: ['reader', 'ghost'],
      defaultRoles: ['reader', 'ghost'],
    },
    {
      kind: 'grant',
      grantee: 'alice',
      grants: [
        { privilege: 'SELECT', database: 'shop', table: 'orders', columns: ['id', 'at'], grantOption: true },
        { privilege: 'INSERT', database: 'logs', table: '*' },
        { privilege: 'SELECT', database: 'system', table: 'parts' },
        { privilege: 'SHOW DATABASES', database: '*' },
        { privilege: 'SELECT', database: 'other' },
        { privilege: 'SELECT', database: 'other', table: 'x' },
        { privilege: 'INSERT', database: 'shop', table: 'orders', partialRevoke: true } as LiveGrantEntry,
      ],
    },
    { kind: 'grant', grantee: 'reader', grants: [{ privilege: 'SELECT', database: 'shop' }] },
    { kind: 'quota', name: 'q', intervals: [{ durationSeconds: 60, max: { queries: 5 } }], applyTo: { all: true, except: ['reader'] } },
    { kind: 'row_policy', name: 'mine', database: 'shop', table: 'orders', using: 'customer = currentUser()', applyTo: { names: ['alice', 'reader'] } },
  ];
}

/** A database of the codegen tests. */
export const db = (name: string): ObjectSpec => ({ kind: 'database', name });

/** A MergeTree table of the codegen tests: one UInt64 column k, ordered by it. */
export const table = (database: string, name: string, extra: Partial<TableSpec> = {}): TableSpec => ({
  kind: 'table',
  database,
  name,
  columns: [{ name: 'k', type: 'UInt64' }],
  engine: { name: 'MergeTree' },
  orderBy: ['k'],
  ...extra,
});
