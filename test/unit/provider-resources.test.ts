// The provider's resource types: their schemas, and the spec <-> attributes round trip the
// constructs (spec -> attributes) and the provider (attributes -> spec) rely on being exact.
import { ReasonCode } from '../../sql/spec/changes';
import { MaterializedViewSpec, ObjectSpec, TableSpec, UserSpec, ViewSpec } from '../../sql/spec/model';
import { seedSchema } from '../../stacks/lightbulb/seed-schema';
import { validateSpec } from '../../sql/spec/validate-spec';
import { ClickHouseProvider } from '../../provider/clickhouse-provider';
import { RESOURCE_TYPES, resourceTypeOf } from '../../provider/resources';
import { complete, sameValue } from '../../provider/schema/attributes';
import { allAttributes, changedRules, decodePrivate, encodePrivate, idOf, mergeLive, plannedOwn } from '../../provider/state';

/** Spec values the attributes carry as strings (settings values); what the diff compares as String(v). */
function normalized(spec: ObjectSpec): unknown {
  return JSON.parse(JSON.stringify(spec, (_k, v) => (typeof v === 'number' ? String(v) : v)));
}

const user: UserSpec = {
  kind: 'user',
  name: 'u',
  auth: { method: 'sha256_hash', passwordEnv: 'U_PASSWORD', passwordVersion: '2' },
  hosts: { ip: ['10.0.0.0/8'], local: true },
  defaultDatabase: 'monitor',
  profiles: ['program'],
};
const table: TableSpec = {
  kind: 'table',
  database: 'd',
  name: 't',
  columns: [
    { name: 'a', type: 'UInt64', codec: 'Delta, ZSTD(3)', comment: "it's" },
    { name: 'b', type: 'String', defaultKind: 'MATERIALIZED', defaultExpression: 'toString(a)', ttl: 'now() + INTERVAL 1 DAY' },
  ],
  engine: { name: 'ReplacingMergeTree', args: ['a'] },
  orderBy: ['a'],
  primaryKey: ['a'],
  partitionBy: 'a % 10',
  sampleBy: 'a',
  ttl: 'toDateTime(a) + INTERVAL 1 DAY',
  settings: { index_granularity: 1024, storage_policy: 'default' },
  comment: 'c',
  ignoreUndeclared: ['settings', 'columnCodecs'],
};

describe('provider resource types', () => {
  const specs: ObjectSpec[] = [
    ...seedSchema(),
    user,
    table,
    { kind: 'table', database: 'd', name: 'empty_key', columns: [{ name: 'x', type: 'UInt8' }], engine: { name: 'MergeTree' }, orderBy: [] },
    {
      kind: 'view',
      database: 'd',
      name: 'pv',
      select: 'SELECT x FROM d.empty_key',
      comment: 'c',
      columns: [{ name: 'x', type: 'UInt16' }],
      ignoreUndeclared: ['comment'],
    },
  ];

  test.each(specs.map((s) => [`${s.kind} ${'name' in s ? s.name : s.grantee}`, s] as const))(
    'GIVEN the spec of %s WHEN turned into attributes and back THEN it is the same spec',
    (_n, spec) => {
      const type = resourceTypeOf(spec.kind);
      const attrs = complete(allAttributes(type), type.fromSpec(spec as never));
      expect(normalized(type.toSpec(attrs))).toEqual(normalized(spec));
    },
  );

  test('GIVEN every resource type THEN its schema names each attribute once, with a description, and is required or optional or computed', () => {
    const schema = new ClickHouseProvider({}).getProviderSchema();
    expect(Object.keys(schema.resource_schemas).sort()).toEqual(RESOURCE_TYPES.map((t) => t.typeName).sort());
    for (const [name, s] of Object.entries(schema.resource_schemas)) {
      const names = s.block.attributes.map((a) => a.name);
      expect({ name, dupes: names.filter((n, i) => names.indexOf(n) !== i) }).toEqual({ name, dupes: [] });
      for (const a of s.block.attributes) {
        expect({ name, attr: a.name, described: Boolean(a.description) }).toEqual({ name, attr: a.name, described: true });
        expect({ name, attr: a.name, mode: Number(a.required) + Number(a.optional || a.computed) }).toEqual({ name, attr: a.name, mode: 1 });
        if (a.type) expect(() => JSON.parse(Buffer.from(a.type!).toString())).not.toThrow();
      }
    }
  });

  test('GIVEN every reason code a diff can give about an attribute THEN some resource type says which attribute it is about', () => {
    // Reasons about the object as a whole, or about facts with no attribute of their own.
    const whole: ReasonCode[] = [
      'missing_object',
      'detached_object',
      'extra_object',
      'replica_diverged',
      'cluster_missing',
      'access_storage_unavailable',
      'password_mismatch',
      'mv_refresh_changed',
    ];
    const all: ReasonCode[] = [
      'missing_column',
      'extra_column',
      'column_type_changed',
      'column_default_changed',
      'column_comment_changed',
      'column_codec_changed',
      'column_ttl_changed',
      'column_order_changed',
      'column_renamed',
      'table_renamed',
      'ttl_changed',
      'partition_key_changed',
      'order_by_changed',
      'primary_key_changed',
      'sample_by_changed',
      'engine_changed',
      'setting_changed',
      'setting_extra',
      'comment_changed',
      'index_missing',
      'index_extra',
      'index_changed',
      'projection_missing',
      'projection_extra',
      'projection_changed',
      'mv_query_changed',
      'mv_target_changed',
      'mv_columns_changed',
      'view_query_changed',
      'view_columns_changed',
      'database_engine_changed',
      'user_auth_changed',
      'user_hosts_changed',
      'user_default_database_changed',
      'user_profiles_changed',
      'profile_setting_missing',
      'profile_setting_changed',
      'profile_setting_extra',
      'profile_inherit_changed',
      'grant_missing',
      'grant_extra',
      'dictionary_attributes_changed',
      'dictionary_key_changed',
      'dictionary_source_changed',
      'dictionary_lifetime_changed',
      'dictionary_layout_changed',
      'dictionary_range_changed',
      'dictionary_changed',
    ];
    const unmapped = all.filter((r) => !whole.includes(r) && !RESOURCE_TYPES.some((t) => (t.reasonAttributes[r] ?? []).length > 0));
    expect(unmapped).toEqual([]);
    for (const t of RESOURCE_TYPES)
      for (const attrs of Object.values(t.reasonAttributes)) for (const a of attrs ?? []) expect(t.attributes.map((x) => x.name)).toContain(a);
  });
});

describe('semantic equality in Read and Plan', () => {
  const type = resourceTypeOf('table');
  const own = (s: TableSpec) => complete(type.attributes, type.fromSpec(s));
  const prior = complete(allAttributes(type), { ...own(table), id: 'd.t', removal_policy: 'retain', allow_destructive: false, planned_sql: '', drift: '' });

  test('GIVEN a TTL changed on the server WHEN Read merges THEN only ttl takes the server value and drift names the reason', () => {
    const live = { ...table, ttl: 'toDateTime(a) + toIntervalDay(30)', comment: 'printed differently but not drift' };
    const merged = mergeLive(type, prior, live, [
      { object: 'table:d.t', reason: 'ttl_changed', detail: '', statements: [], inPlace: true, destructive: false, runnable: true },
    ]);
    expect(merged.ttl).toBe('toDateTime(a) + toIntervalDay(30)');
    expect(merged.comment).toBe('c');
    expect(merged.drift).toBe('ttl_changed');
    expect(sameValue(merged.columns, prior.columns)).toBe(true);
  });

  test('GIVEN config text that differs only in printing WHEN planned with no change about it THEN the prior text is kept (a no-op)', () => {
    const config = { ...own(table), ttl: 'toDateTime(a) + toIntervalDay(1)' };
    expect(plannedOwn(type, config, prior, []).ttl).toBe(prior.ttl);
  });

  test('GIVEN a change about ttl WHEN planned THEN ttl is the config value, the rest the prior one', () => {
    const config = { ...own(table), ttl: 'toDateTime(a) + INTERVAL 2 DAY', comment: 'c ' };
    const planned = plannedOwn(type, config, prior, [
      { object: 'table:d.t', reason: 'ttl_changed', detail: '', statements: ['x'], inPlace: true, destructive: false, runnable: true },
    ]);
    expect(planned.ttl).toBe('toDateTime(a) + INTERVAL 2 DAY');
    expect(planned.comment).toBe('c');
  });

  test('GIVEN ignore_undeclared changed in config and nothing to change on the server WHEN planned THEN the rule takes the config value (the state remembers it)', () => {
    const config = { ...own(table), ignore_undeclared: ['settings', 'columnCodecs', 'comment'] };
    expect(changedRules(type, config, prior)).toEqual({ ignore_undeclared: ['settings', 'columnCodecs', 'comment'] });
    expect(plannedOwn(type, config, prior, []).ignore_undeclared).toEqual(['settings', 'columnCodecs', 'comment']);
    expect(changedRules(type, own(table), prior)).toEqual({});
  });

  test('GIVEN an attribute unset in config but set in state WHEN planned THEN it is planned null (Terraform forbids inventing a value)', () => {
    const config = { ...own(table), comment: null };
    expect(plannedOwn(type, config, prior, []).comment).toBeNull();
  });
});

describe('private state: the canonical form as patches over the state spec', () => {
  test('GIVEN a canonical form that prints a TTL, a default and a key differently and has one column more WHEN encoded and decoded over the state spec THEN it comes back exactly, in a few bytes', () => {
    const canonical: TableSpec = {
      ...table,
      ttl: 'toDateTime(a) + toIntervalDay(1)',
      orderBy: ['a', 'b'],
      columns: [table.columns[0], { ...table.columns[1], defaultExpression: 'toString(a)' }, { name: 'c', type: 'UInt8' }],
    };
    const bytes = encodePrivate(canonical, table);
    expect(decodePrivate(bytes, table)).toEqual(canonical);
    // Far less than storing the whole canonical spec, as the first version did.
    expect(bytes.length).toBeLessThan(JSON.stringify({ v: 1, canonical }).length * 0.6);
  });

  test('GIVEN a canonical form equal to the spec THEN the private state is a few bytes and decodes to the spec; foreign bytes decode to nothing', () => {
    const bytes = encodePrivate(table, table);
    expect(bytes.length).toBeLessThan(20);
    expect(decodePrivate(bytes, table)).toEqual(table);
    expect(decodePrivate(Buffer.from('{"v":1,"canonical":{}}'), table)).toBeUndefined();
    expect(decodePrivate(Buffer.from('not json'), table)).toBeUndefined();
    expect(decodePrivate(new Uint8Array(), table)).toBeUndefined();
  });

  test('GIVEN a setting removed in the canonical form THEN decoding removes it', () => {
    const canonical: TableSpec = { ...table, settings: { index_granularity: 1024 } };
    expect(decodePrivate(encodePrivate(canonical, table), table)).toEqual(canonical);
  });
});

describe('ignoreUndeclared in specs', () => {
  const small: TableSpec = { kind: 'table', database: 'd', name: 't', columns: [{ name: 'x', type: 'UInt8' }], engine: { name: 'MergeTree' }, orderBy: ['x'] };
  test.each<[string, ObjectSpec, string[]]>([
    [
      'a table with known attributes',
      {
        ...small,
        ignoreUndeclared: [
          'comment',
          'settings',
          'ttl',
          'sampleBy',
          'columnComments',
          'columnCodecs',
          'columnTtls',
          'columnDefaults',
          'indexes',
          'projections',
        ],
      },
      [],
    ],
    ['a table leaving indexes and projections to the server', { ...small, ignoreUndeclared: ['indexes', 'projections'] }, []],
    ['a table with an unknown one', { ...small, ignoreUndeclared: ['comments' as never] }, ['ignoreUndeclared[0]']],
    [
      'a table with good indexes and projections',
      {
        ...small,
        indexes: [
          { name: 'i', expression: 'x', type: 'minmax' },
          { name: 'j', expression: 'lower(toString(x))', type: 'tokenbf_v1(256, 2, 0)', granularity: 4 },
        ],
        projections: [{ name: 'p', query: 'SELECT x, count() GROUP BY x' }],
      },
      [],
    ],
    [
      'a table with bad indexes',
      {
        ...small,
        indexes: [
          { name: 'i', expression: 'x', type: 'minmax' },
          { name: 'i', expression: 'x; DROP TABLE t', type: 'minmax' },
          { name: 'bad name', expression: 'x', type: 'set(100) GRANULARITY 2' },
          { name: 'k', expression: 'x', type: 'minmax', granularity: 0 },
          { name: 'l', type: 'minmax' } as never,
        ],
      },
      ['indexes[1].name', 'indexes[1].expression', 'indexes[2].name', 'indexes[2].type', 'indexes[3].granularity', 'indexes[4].expression'],
    ],
    [
      'indexes and projections on a Memory table',
      {
        ...small,
        engine: { name: 'Memory' },
        orderBy: [],
        indexes: [{ name: 'i', expression: 'x', type: 'minmax' }],
        projections: [{ name: 'p', query: 'SELECT *' }],
      },
      ['indexes', 'projections'],
    ],
    [
      'a table with bad projections',
      {
        ...small,
        projections: [
          { name: 'p', query: 'SELECT x ORDER BY x' },
          { name: 'p', query: 'SELECT 1' },
          { name: 'q', query: 'x, count() GROUP BY x' },
          { name: 'r', query: 'SELECT 1) ; DROP TABLE t; SELECT (1' },
        ],
      },
      ['projections[1].name', 'projections[2].query', 'projections[3].query'],
    ],
    [
      'a table with Nested columns, declared and flattened',
      {
        ...small,
        columns: [...small.columns, { name: 'ev', type: 'Nested(name String, ts DateTime)' }, { name: 'n2.a', type: 'Array(UInt8)' }],
      },
      [],
    ],
    [
      'a table with bad Nested and dotted columns',
      {
        ...small,
        columns: [
          ...small.columns,
          { name: 'ev', type: 'Nested(String, DateTime)' },
          { name: 'e2', type: 'Nested(a Strin)' },
          { name: 'e3', type: 'Nested(a String)', codec: 'ZSTD' },
          { name: 'e4.x', type: 'Nested(a String)' },
          { name: 'a.', type: 'String' },
          { name: '.a', type: 'String' },
          { name: 'a.b-c', type: 'String' },
        ],
      },
      ['columns[1].type', 'columns[2].type', 'columns[3].codec', 'columns[4].name', 'columns[5].name', 'columns[6].name', 'columns[7].name'],
    ],
    ['a database with settings', { kind: 'database', name: 'd', ignoreUndeclared: ['settings'] }, ['ignoreUndeclared[0]']],
    ['a database with comment', { kind: 'database', name: 'd', ignoreUndeclared: ['comment'] }, []],
    [
      'a view with ttl',
      { kind: 'materialized_view', database: 'd', name: 'v', to: { database: 'd', name: 't' }, select: 'SELECT 1', ignoreUndeclared: ['ttl'] },
      ['ignoreUndeclared[0]'],
    ],
  ])('GIVEN %s WHEN validated THEN the problems name the field', (_n, spec, fields) => {
    expect(validateSpec(spec).map((p) => p.field)).toEqual(fields);
  });
});

describe("a materialized view's column list in attributes", () => {
  const type = resourceTypeOf('materialized_view');
  const mv: MaterializedViewSpec = {
    kind: 'materialized_view',
    database: 'd',
    name: 'v',
    to: { database: 'd', name: 't' },
    select: 'SELECT k, b FROM d.s',
    columns: [
      { name: 'k', type: 'UInt64' },
      { name: 'b', type: 'DateTime64(0)' },
    ],
  };
  test('GIVEN a declared list WHEN turned into attributes and back THEN it is the same', () => {
    const attrs = complete(type.attributes, type.fromSpec(mv));
    expect(attrs.columns).toEqual([
      { name: 'k', type: 'UInt64' },
      { name: 'b', type: 'DateTime64(0)' },
    ]);
    expect(type.toSpec(attrs)).toEqual(mv);
  });
  test('GIVEN the list the server lists for any view WHEN imported into state THEN it is left out (a view declaring none stays in sync)', () => {
    const attrs = complete(type.attributes, type.fromSpec({ ...mv, columnsListed: true }));
    expect(attrs.columns).toBeNull();
    expect(type.toSpec(attrs)).not.toHaveProperty('columns');
  });
  test('GIVEN a bad list WHEN validated THEN the problems name the field', () => {
    expect(
      validateSpec({
        ...mv,
        columns: [
          { name: 'a b', type: 'UInt64' },
          { name: 'c', type: 'Strin' },
        ],
      }).map((p) => p.field),
    ).toEqual(['columns[0].name', 'columns[1].type']);
    expect(validateSpec({ ...mv, columns: [] }).map((p) => p.field)).toEqual(['columns']);
  });
});

describe('indexes and projections in attributes', () => {
  test('GIVEN a table with indexes and projections WHEN turned into attributes and back THEN the spec is the same; no granularity stays undeclared, a live one is a number', () => {
    const type = resourceTypeOf('table');
    const spec: TableSpec = {
      ...table,
      indexes: [
        { name: 'i', expression: 'a', type: 'minmax' },
        { name: 'j', expression: 'lower(b)', type: 'tokenbf_v1(256, 2, 0)', granularity: 4 },
      ],
      projections: [{ name: 'p', query: 'SELECT a, count() GROUP BY a' }],
    };
    const attrs = complete(type.attributes, type.fromSpec(spec));
    expect(attrs.indexes).toEqual([
      { name: 'i', expression: 'a', type: 'minmax', granularity: null },
      { name: 'j', expression: 'lower(b)', type: 'tokenbf_v1(256, 2, 0)', granularity: 4 },
    ]);
    const back = type.toSpec(attrs) as TableSpec;
    expect({ indexes: back.indexes, projections: back.projections }).toEqual({ indexes: spec.indexes, projections: spec.projections });
    // None declared and none live: null, so a table without any reads as written.
    expect(complete(type.attributes, type.fromSpec(table)).indexes).toBeNull();
    expect((type.toSpec(complete(type.attributes, type.fromSpec(table))) as TableSpec).indexes).toBeUndefined();
  });
});

describe('live settings in attributes', () => {
  test('GIVEN a live table whose settings include the server defaults WHEN turned into attributes THEN only the settings that differ from the default are stated', () => {
    const live: TableSpec = {
      ...table,
      settings: { index_granularity: '8192', ttl_only_drop_parts: '1' },
      settingDefaults: { index_granularity: '8192', ttl_only_drop_parts: '0' },
    };
    expect(resourceTypeOf('table').fromSpec(live).settings).toEqual({ ttl_only_drop_parts: '1' });
    expect(resourceTypeOf('table').fromSpec({ ...live, settings: { index_granularity: '8192' } }).settings).toBeNull();
  });
});

describe('a plain view in attributes', () => {
  const type = resourceTypeOf('view');
  const pv: ViewSpec = { kind: 'view', database: 'd', name: 'v', select: 'SELECT k FROM d.s', columns: [{ name: 'k', type: 'UInt64' }] };
  test('GIVEN it WHEN turned into attributes THEN the type is clickhouse_view, its id db.name, and the list the server lists for any view is left out of state', () => {
    expect(type.typeName).toBe('clickhouse_view');
    expect(idOf(pv)).toBe('d.v');
    expect(type.identityFromImportId('d.v')).toEqual({ kind: 'view', database: 'd', name: 'v' });
    expect(complete(type.attributes, type.fromSpec({ ...pv, columnsListed: true })).columns).toBeNull();
    expect(type.reasonAttributes).toEqual({ view_query_changed: ['select'], view_columns_changed: ['columns'], comment_changed: ['comment'] });
  });
  test('GIVEN a bad view WHEN validated THEN the problems name the field', () => {
    expect(validateSpec({ ...pv, select: 'DELETE FROM d.s WHERE 1', ignoreUndeclared: ['ttl'] }).map((p) => p.field)).toEqual([
      'select',
      'ignoreUndeclared[0]',
    ]);
  });
});
