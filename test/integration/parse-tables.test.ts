// Every statement the renderer can produce for the seed's databases, tables and view, parsed by
// the server's own parser (formatQuery), also with ON CLUSTER and replicated engines: the
// embedded server cannot run ON CLUSTER or ReplicatedMergeTree, but it parses them.
import {
  ColumnPart,
  renderAddColumn,
  renderAlterDatabaseComment,
  renderCommentColumn,
  renderCreateDatabase,
  renderCreateMaterializedView,
  renderCreateTable,
  renderDropColumn,
  renderDropDatabase,
  renderDropTable,
  renderDropView,
  renderModifyColumn,
  renderModifyComment,
  renderModifyOrderBy,
  renderModifyQuery,
  renderModifySampleBy,
  renderModifySetting,
  renderModifyTtl,
  renderMoveColumn,
  renderRemoveColumnPart,
  renderResetSetting,
  renderAttach,
  renderAddIndex,
  renderDropIndex,
  renderMaterializeIndex,
  renderAddProjection,
  renderDropProjection,
  renderMaterializeProjection,
  renderCreateView,
  renderReplaceView,
} from '../../sql/render/tables';
import { renderDrop } from '../../sql/render/drop';
import { DatabaseSpec, MaterializedViewSpec, ObjectSpec, RenderOptions, TableSpec, ViewSpec } from '../../sql/spec/model';
import { seedDatabase, seedTables, seedView } from '../../stacks/lightbulb/seed-schema';
import { formatQuery, testClient } from '../support/clickhouse';

const client = testClient();
afterAll(() => client.close());

const REMOVABLE: ColumnPart[] = ['DEFAULT', 'MATERIALIZED', 'ALIAS', 'CODEC', 'TTL', 'COMMENT'];

/** A table with every feature the model has, beyond what the seed uses. */
const featureTable: TableSpec = {
  kind: 'table',
  database: 'monitor',
  name: 'all_features',
  columns: [
    { name: 'id', type: 'UInt64', comment: "it's the id" },
    { name: 'ts', type: 'DateTime64(6)', codec: 'Delta, ZSTD(3)' },
    { name: 'v', type: 'String', defaultExpression: "'none'", ttl: 'toDateTime(ts) + INTERVAL 1 DAY' },
    { name: 'm', type: 'Map(String, String)', defaultKind: 'MATERIALIZED', defaultExpression: "map('k', v)" },
    { name: 'a', type: 'Array(String)', defaultKind: 'ALIAS', defaultExpression: '[v]' },
    { name: 'f', type: 'Nullable(Float64)', defaultKind: 'EPHEMERAL', defaultExpression: 'NULL' },
  ],
  engine: { name: 'ReplacingMergeTree', args: ['id'] },
  partitionBy: 'toYYYYMM(ts)',
  orderBy: ['id', 'ts'],
  primaryKey: ['id'],
  sampleBy: 'id',
  ttl: 'toDateTime(ts) + INTERVAL 90 DAY DELETE',
  settings: { merge_with_ttl_timeout: 7200, storage_policy: 'default' },
  comment: 'every feature',
  indexes: [
    { name: 'i_v', expression: 'v', type: 'bloom_filter(0.01)', granularity: 1 },
    { name: 'i_ts', expression: 'toDate(ts)', type: 'minmax' },
    { name: 'i_tok', expression: 'lower(v)', type: 'tokenbf_v1(256, 2, 0)', granularity: 4 },
    { name: 'i_set', expression: 'id % 10', type: 'set(100)', granularity: 2 },
  ],
  projections: [
    { name: 'p_count', query: 'SELECT id, count() GROUP BY id' },
    { name: 'p_by_ts', query: 'SELECT * ORDER BY ts' },
  ],
};

function tableStatements(t: TableSpec, opts: RenderOptions): string[] {
  const out = [
    renderCreateTable(t, opts),
    renderDropTable(t, opts),
    renderModifyTtl(t, opts),
    renderModifyTtl({ ...t, ttl: undefined }, opts),
    renderModifyComment(t, opts),
  ];
  out.push(
    renderModifySampleBy(t, opts),
    renderModifySampleBy({ ...t, sampleBy: 'cityHash64(id)' }, opts),
    renderModifySampleBy({ ...t, sampleBy: undefined }, opts),
  );
  out.push(
    renderModifyOrderBy(t, [], opts),
    renderModifyOrderBy(
      { ...t, orderBy: [...t.orderBy, 'added'] },
      [{ column: { name: 'added', type: 'String' }, after: t.columns[t.columns.length - 1].name }],
      opts,
    ),
  );
  out.push(renderModifySetting(t, 'merge_with_ttl_timeout', 3600, opts), renderModifySetting(t, 'storage_policy', 'default', opts));
  out.push(renderResetSetting(t, 'ttl_only_drop_parts', opts), renderAttach(t, opts));
  for (const ix of t.indexes ?? []) out.push(renderAddIndex(t, ix, opts), renderDropIndex(t, ix.name, opts), renderMaterializeIndex(t, ix.name, opts));
  for (const p of t.projections ?? [])
    out.push(renderAddProjection(t, p, opts), renderDropProjection(t, p.name, opts), renderMaterializeProjection(t, p.name, opts));
  t.columns.forEach((c, i) => {
    const after = i === 0 ? undefined : t.columns[i - 1].name;
    out.push(
      renderAddColumn(t, c, after, opts),
      renderModifyColumn(t, c, opts),
      renderDropColumn(t, c.name, opts),
      renderCommentColumn(t, c.name, c.comment ?? '', opts),
      renderMoveColumn(t, c, after, opts),
    );
    for (const part of REMOVABLE) out.push(renderRemoveColumnPart(t, c.name, part, opts));
  });
  return out;
}

function statementsFor(o: ObjectSpec, opts: RenderOptions): string[] {
  switch (o.kind) {
    case 'database':
      return [
        renderCreateDatabase(o, opts),
        renderCreateDatabase({ ...o, engine: 'Atomic', comment: 'c' }, opts),
        renderDropDatabase(o, opts),
        renderAlterDatabaseComment({ ...o, comment: "it's" } as DatabaseSpec, opts),
      ];
    case 'table':
      return tableStatements(o, opts);
    case 'materialized_view':
      return [
        renderCreateMaterializedView(o, opts),
        renderCreateMaterializedView({ ...o, comment: 'summary' } as MaterializedViewSpec, opts),
        renderModifyQuery(o, opts),
        renderModifyComment({ ...o, comment: 'x' }, opts),
        renderDropView(o, opts),
        renderAttach(o, opts),
      ];
    case 'view':
      return [
        renderCreateView(o, opts),
        renderCreateView({ ...o, columns: undefined, comment: undefined }, opts),
        renderReplaceView(o, opts),
        renderReplaceView({ ...o, columns: undefined }, opts),
        renderModifyComment({ ...o, comment: "it's" }, opts),
        ...renderDrop(o, opts),
        renderAttach(o, opts),
      ];
    default:
      return [];
  }
}

/** A plain view with every part the model has: a column list, a comment, a WITH ... SELECT joining two tables. */
const featureView: ViewSpec = {
  kind: 'view',
  database: 'monitor',
  name: 'status_by_service',
  select:
    "WITH 'x' AS tag SELECT s.service_id, count() AS n, tag FROM monitor.service_status AS s INNER JOIN monitor.services AS x ON s.service_id = x.service_id GROUP BY s.service_id",
  columns: [
    { name: 'service_id', type: 'String' },
    { name: 'n', type: 'UInt64' },
    { name: 'tag', type: 'LowCardinality(String)' },
  ],
  comment: "per service: 'n' rows",
};

const replicated = (table: string, base: string) => ({ name: `Replicated${base}`, args: [`'/clickhouse/tables/{shard}/monitor/${table}'`, "'{replica}'"] });
const variants: { name: string; objects: ObjectSpec[]; opts: RenderOptions }[] = [
  { name: 'single node, MergeTree', objects: [seedDatabase(), ...seedTables(), seedView(), featureTable, featureView], opts: {} },
  {
    name: 'ON CLUSTER production, MergeTree',
    objects: [seedDatabase(), ...seedTables(), seedView(), featureTable, featureView],
    opts: { cluster: 'production' },
  },
  {
    name: 'ON CLUSTER production, ReplicatedMergeTree',
    objects: [seedDatabase(), ...seedTables({ engine: replicated }), seedView(), { ...featureTable, engine: replicated('all_features', 'ReplacingMergeTree') }],
    opts: { cluster: 'production' },
  },
];

describe.each(variants)('rendered statements parse ($name)', ({ objects, opts }) => {
  test('GIVEN every statement for every seed object WHEN given to formatQuery THEN the server parses each one', async () => {
    const statements = objects.flatMap((o) => statementsFor(o, opts));
    expect(statements.length).toBeGreaterThan(300);
    const failures: string[] = [];
    // One round trip per statement: a parse error names exactly one statement.
    await Promise.all(
      statements.map(async (q) => {
        try {
          await formatQuery(client, q);
        } catch (err) {
          failures.push(`${q}\n  -> ${(err as { code?: string }).code ?? ''} ${(err as Error).message.split('\n')[0]}`);
        }
      }),
    );
    expect(failures).toEqual([]);
    if (opts.cluster) for (const s of statements) expect(s).toContain('ON CLUSTER `production`');
  });
});

test('GIVEN the replicated variant WHEN rendered THEN the engine carries the per-table path and replica macros', () => {
  const t = seedTables({ engine: replicated }).find((x) => x.name === 'service_status')!;
  expect(renderCreateTable(t, { cluster: 'production' })).toContain(
    "ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/monitor/service_status', '{replica}')",
  );
});
