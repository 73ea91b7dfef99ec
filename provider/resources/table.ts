// clickhouse_table: a table with its columns, engine, keys, TTL, settings, comment, skip indexes
// and projections. Columns, TTL, settings, comment, indexes, projections, SAMPLE BY and ORDER BY
// (appending new columns) change in place; engine,
// PARTITION BY and other key changes need a rebuild: refused, or run as a rebuild by copy with rebuild = "copy".
import { ColumnSpec, DefaultKind, IndexSpec, ProjectionSpec, TableRebuild, TableSpec, UNDECLARED_ATTRIBUTES, UndeclaredAttribute } from '../../sql/spec/model';
import { AttrDef, defined, objects, str, strMap, strs } from '../schema/attributes';
import { ignoreUndeclaredAttribute, ResourceType } from './resource-type';
import { splitQualifiedId } from './ids';

const COLUMN: readonly AttrDef[] = [
  { name: 'name', type: 'string', required: true, description: 'Column name.' },
  { name: 'type', type: 'string', required: true, description: "ClickHouse type as in DDL, e.g. 'DateTime64(3)', 'LowCardinality(String)'." },
  { name: 'default_kind', type: 'string', optional: true, description: 'DEFAULT, MATERIALIZED, ALIAS or EPHEMERAL (DEFAULT when default_expression is set).' },
  { name: 'default_expression', type: 'string', optional: true, description: 'Default expression.' },
  { name: 'comment', type: 'string', optional: true, description: 'Column comment.' },
  { name: 'codec', type: 'string', optional: true, description: "Compression codec, e.g. 'ZSTD(3)' or 'Delta, ZSTD'." },
  { name: 'ttl', type: 'string', optional: true, description: 'Column TTL expression.' },
];

function columnToSpec(c: Record<string, unknown>): ColumnSpec {
  const v = c as Record<string, never>;
  return {
    name: str(v.name) ?? '',
    type: str(v.type) ?? '',
    ...defined({
      defaultKind: str(v.default_kind) as DefaultKind | undefined,
      defaultExpression: str(v.default_expression),
      comment: str(v.comment),
      codec: str(v.codec),
      ttl: str(v.ttl),
    }),
  };
}

function columnFromSpec(c: ColumnSpec) {
  return {
    name: c.name,
    type: c.type,
    default_kind: c.defaultKind ?? null,
    default_expression: c.defaultExpression ?? null,
    comment: c.comment ?? null,
    codec: c.codec ?? null,
    ttl: c.ttl ?? null,
  };
}

const INDEX: readonly AttrDef[] = [
  { name: 'name', type: 'string', required: true, description: 'Index name.' },
  { name: 'expression', type: 'string', required: true, description: "Expression the index is computed over, e.g. 's' or 'lower(s)'." },
  { name: 'type', type: 'string', required: true, description: "Index type with its arguments, e.g. 'minmax', 'set(100)', 'bloom_filter(0.01)'." },
  { name: 'granularity', type: 'number', optional: true, description: 'Granules per index block. Default 1.' },
];

const PROJECTION: readonly AttrDef[] = [
  { name: 'name', type: 'string', required: true, description: 'Projection name.' },
  { name: 'query', type: 'string', required: true, description: "The projection's query without FROM, e.g. 'SELECT k, count() GROUP BY k'." },
];

function indexToSpec(o: Record<string, unknown>): IndexSpec {
  const v = o as Record<string, never>;
  const g = v.granularity as unknown;
  return {
    name: str(v.name) ?? '',
    expression: str(v.expression) ?? '',
    type: str(v.type) ?? '',
    ...(typeof g === 'number' ? { granularity: g } : typeof g === 'string' && g !== '' ? { granularity: Number(g) } : {}),
  };
}

function projectionToSpec(o: Record<string, unknown>): ProjectionSpec {
  const v = o as Record<string, never>;
  return { name: str(v.name) ?? '', query: str(v.query) ?? '' };
}

/**
 * The settings a table's attributes state: for a live table, only those that differ from the
 * server's default (the server prints index_granularity = 8192 on every MergeTree table, and the
 * diff treats a default as not declared), so an imported or refreshed table reads as written.
 */
function declaredSettings(s: TableSpec): Record<string, string> | null {
  const defaults = s.settingDefaults ?? {};
  const kept = Object.entries(s.settings ?? {}).filter(([k, v]) => defaults[k] === undefined || String(v) !== defaults[k]);
  return kept.length ? Object.fromEntries(kept.map(([k, v]) => [k, String(v)])) : null;
}

export const tableType: ResourceType<TableSpec> = {
  typeName: 'clickhouse_table',
  kind: 'table',
  description: 'A ClickHouse table (MergeTree family, Distributed, Memory, Log, TinyLog, Null, Buffer).',
  attributes: [
    { name: 'database', type: 'string', required: true, description: 'Database of the table.' },
    { name: 'name', type: 'string', required: true, description: 'Table name.' },
    { name: 'columns', nested: { nesting: 'list', attributes: COLUMN }, required: true, description: 'Columns, in order.' },
    { name: 'engine', type: 'string', required: true, description: "Engine name, e.g. 'MergeTree', 'ReplicatedMergeTree'." },
    { name: 'engine_args', type: ['list', 'string'], optional: true, description: 'Engine arguments as SQL expressions (string literals quoted).' },
    {
      name: 'order_by',
      type: ['list', 'string'],
      optional: true,
      description: 'ORDER BY expressions; [] or unset is tuple(). Only the MergeTree family has one (Null, Buffer, Memory, Log, Distributed: leave it unset).',
    },
    { name: 'partition_by', type: 'string', optional: true, description: 'PARTITION BY expression.' },
    { name: 'primary_key', type: ['list', 'string'], optional: true, description: 'PRIMARY KEY expressions. Default: ORDER BY.' },
    { name: 'sample_by', type: 'string', optional: true, description: 'SAMPLE BY expression.' },
    { name: 'ttl', type: 'string', optional: true, description: 'Table TTL expression.' },
    { name: 'settings', type: ['map', 'string'], optional: true, description: 'Table settings (server snake_case names).' },
    { name: 'comment', type: 'string', optional: true, description: 'Table comment.' },
    {
      name: 'indexes',
      nested: { nesting: 'list', attributes: INDEX },
      optional: true,
      description: 'Data skipping indexes. One on the server that is not listed is dropped (unless ignore_undeclared has "indexes").',
    },
    {
      name: 'projections',
      nested: { nesting: 'list', attributes: PROJECTION },
      optional: true,
      description: 'Projections. One on the server that is not listed is dropped (unless ignore_undeclared has "projections").',
    },
    ignoreUndeclaredAttribute(UNDECLARED_ATTRIBUTES.table),
    {
      name: 'renamed_from',
      type: 'string',
      optional: true,
      description:
        "The table's previous name: while the server has that table and not this one, the plan renames it (RENAME TABLE, data kept) instead of creating one.",
    },
    {
      name: 'rebuild',
      type: 'string',
      optional: true,
      description:
        '"copy": changes ALTER cannot make (engine, partition_by, order_by beyond appending new columns, primary_key) plan as an in-place update that rebuilds the table: ' +
        'a shadow table <name>__chx_rebuild filled partition by partition, row counts verified, EXCHANGE TABLES, the old data kept as <name>__chx_old_<UTC time> (never dropped). ' +
        'An interrupted rebuild resumes on the next apply. Unset: such changes are refused.',
    },
    {
      name: 'renamed_columns',
      type: ['map', 'string'],
      optional: true,
      description:
        'New column name to previous name: while the server has the previous one and not the new one, the plan renames it (RENAME COLUMN, data kept) instead of adding and dropping.',
    },
  ],
  toSpec: (a) => ({
    kind: 'table',
    database: str(a.database) ?? '',
    name: str(a.name) ?? '',
    columns: objects(a.columns)
      .map(columnToSpec)
      .map((c) => {
        const from = strMap(a.renamed_columns)?.[c.name];
        return from !== undefined ? { ...c, renamedFrom: String(from) } : c;
      }),
    engine: { name: str(a.engine) ?? '', ...(strs(a.engine_args)?.length ? { args: strs(a.engine_args) } : {}) },
    orderBy: strs(a.order_by) ?? [],
    ...defined({
      partitionBy: str(a.partition_by),
      primaryKey: strs(a.primary_key),
      sampleBy: str(a.sample_by),
      ttl: str(a.ttl),
      settings: strMap(a.settings),
      comment: str(a.comment),
      indexes: Array.isArray(a.indexes) ? objects(a.indexes).map(indexToSpec) : undefined,
      projections: Array.isArray(a.projections) ? objects(a.projections).map(projectionToSpec) : undefined,
      ignoreUndeclared: strs(a.ignore_undeclared) as UndeclaredAttribute[] | undefined,
      renamedFrom: str(a.renamed_from),
      rebuild: str(a.rebuild) as TableRebuild | undefined,
    }),
  }),
  fromSpec: (s) => ({
    database: s.database,
    name: s.name,
    columns: s.columns.map(columnFromSpec),
    engine: s.engine.name,
    engine_args: s.engine.args?.length ? [...s.engine.args] : null,
    order_by: s.orderBy.length || s.engine.name.endsWith('MergeTree') ? [...s.orderBy] : null,
    partition_by: s.partitionBy ?? null,
    primary_key: s.primaryKey ? [...s.primaryKey] : null,
    sample_by: s.sampleBy ?? null,
    ttl: s.ttl ?? null,
    settings: declaredSettings(s),
    comment: s.comment ?? null,
    indexes: s.indexes?.length
      ? s.indexes.map((ix) => ({ name: ix.name, expression: ix.expression, type: ix.type, granularity: ix.granularity ?? null }))
      : null,
    projections: s.projections?.length ? s.projections.map((p) => ({ name: p.name, query: p.query })) : null,
    ignore_undeclared: s.ignoreUndeclared ? [...s.ignoreUndeclared] : null,
    renamed_from: s.renamedFrom ?? null,
    rebuild: s.rebuild ?? null,
    renamed_columns: s.columns.some((c) => c.renamedFrom !== undefined)
      ? Object.fromEntries(s.columns.filter((c) => c.renamedFrom !== undefined).map((c) => [c.name, c.renamedFrom!]))
      : null,
  }),
  identityFromImportId: (id) => ({ kind: 'table', ...splitQualifiedId(id) }),
  reasonAttributes: {
    missing_column: ['columns'],
    extra_column: ['columns'],
    column_type_changed: ['columns'],
    column_default_changed: ['columns'],
    column_comment_changed: ['columns'],
    column_codec_changed: ['columns'],
    column_ttl_changed: ['columns'],
    column_order_changed: ['columns'],
    column_renamed: ['columns'],
    table_renamed: ['name'],
    table_rebuild: [
      'columns',
      'engine',
      'engine_args',
      'partition_by',
      'order_by',
      'primary_key',
      'sample_by',
      'ttl',
      'settings',
      'comment',
      'indexes',
      'projections',
    ],
    ttl_changed: ['ttl'],
    partition_key_changed: ['partition_by'],
    order_by_changed: ['order_by'],
    primary_key_changed: ['primary_key', 'order_by'],
    sample_by_changed: ['sample_by'],
    engine_changed: ['engine', 'engine_args'],
    setting_changed: ['settings'],
    setting_extra: ['settings'],
    comment_changed: ['comment'],
    index_missing: ['indexes'],
    index_extra: ['indexes'],
    index_changed: ['indexes'],
    projection_missing: ['projections'],
    projection_extra: ['projections'],
    projection_changed: ['projections'],
  },
  rebuildAttributes: ['engine', 'engine_args', 'partition_by', 'order_by', 'primary_key'],
  // What to rename from is a rule for the plan, not a property of the server's table: its config value is taken even when nothing runs.
  ruleAttributes: ['ignore_undeclared', 'renamed_from', 'renamed_columns', 'rebuild'],
};
