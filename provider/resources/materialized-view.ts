// clickhouse_materialized_view: a view with a TO table or an inner table, optionally refreshable;
// its query changes in place (MODIFY QUERY), its REFRESH clause too (MODIFY REFRESH, APPEND aside).
import { InnerTableSpec, MaterializedViewSpec, RefreshSpec, UNDECLARED_ATTRIBUTES, UndeclaredAttribute } from '../../sql/spec/model';
import { TfValue } from '../protocol/dynamic-value';
import { AttrDef, bool, defined, objects, str, strMap, strs } from '../schema/attributes';
import { ignoreUndeclaredAttribute, ResourceType } from './resource-type';
import { splitQualifiedId } from './ids';

/** A view's declared column (plain and materialized views alike). */
export const VIEW_COLUMN: readonly AttrDef[] = [
  { name: 'name', type: 'string', required: true, description: 'Column name.' },
  { name: 'type', type: 'string', required: true, description: 'ClickHouse type as in DDL.' },
];

/** A view's `columns` attribute as the spec's column list; absent when the attribute is null. */
export function viewColumnsToSpec(columns: TfValue | undefined): { columns?: { name: string; type: string }[] } {
  return Array.isArray(columns) ? { columns: objects(columns).map((c) => ({ name: str(c.name) ?? '', type: str(c.type) ?? '' })) } : {};
}

type TfObjectLike = Record<string, TfValue>;

/** The settings an inner table's attributes state: only those that differ from the server's default (as for a table). */
function declaredInnerSettings(t: InnerTableSpec): Record<string, string> | null {
  const defaults = t.settingDefaults ?? {};
  const kept = Object.entries(t.settings ?? {}).filter(([k, v]) => defaults[k] === undefined || String(v) !== defaults[k]);
  return kept.length ? Object.fromEntries(kept.map(([k, v]) => [k, String(v)])) : null;
}

function innerToSpec(v: TfObjectLike | null): InnerTableSpec | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const args = strs(v.engine_args);
  return {
    engine: { name: str(v.engine) ?? '', ...(args?.length ? { args } : {}) },
    orderBy: strs(v.order_by) ?? [],
    ...defined({ partitionBy: str(v.partition_by), primaryKey: strs(v.primary_key), ttl: str(v.ttl), settings: strMap(v.settings) }),
  };
}

function refreshToSpec(v: TfObjectLike | null): RefreshSpec | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const dependsOn = (strs(v.depends_on) ?? []).map((d) => {
    const dot = d.indexOf('.');
    return dot < 0 ? { database: '', name: d } : { database: d.slice(0, dot), name: d.slice(dot + 1) };
  });
  return {
    kind: (str(v.kind) ?? 'EVERY') as RefreshSpec['kind'],
    interval: str(v.interval) ?? '',
    ...defined({ offset: str(v.offset), randomizeFor: str(v.randomize_for), settings: strMap(v.settings) }),
    ...(dependsOn.length ? { dependsOn } : {}),
    ...(bool(v.append) ? { append: true } : {}),
  };
}

export const materializedViewType: ResourceType<MaterializedViewSpec> = {
  typeName: 'clickhouse_materialized_view',
  kind: 'materialized_view',
  description:
    'A materialized view writing into a TO table, or keeping its rows in an inner table (inner), optionally refreshable (refresh). Query changes run as ALTER TABLE ... MODIFY QUERY, refresh changes as MODIFY REFRESH; a new target, inner engine or keys need the view recreated.',
  attributes: [
    { name: 'database', type: 'string', required: true, description: 'Database of the view.' },
    { name: 'name', type: 'string', required: true, description: 'View name.' },
    { name: 'to_database', type: 'string', optional: true, description: 'Database of the target table; unset with inner.' },
    { name: 'to_table', type: 'string', optional: true, description: 'Target table (TO db.table); unset with inner.' },
    {
      name: 'to_renamed_from',
      type: 'string',
      optional: true,
      description: "The target table's previous name (its renamed_from): a view still writing there is recreated to write to to_table.",
    },
    {
      name: 'inner',
      nested: {
        nesting: 'single',
        attributes: [
          { name: 'engine', type: 'string', required: true, description: "Engine of the inner table, e.g. 'MergeTree'." },
          { name: 'engine_args', type: ['list', 'string'], optional: true, description: 'Engine arguments as SQL expressions.' },
          { name: 'order_by', type: ['list', 'string'], optional: true, description: 'ORDER BY expressions; empty for tuple().' },
          { name: 'partition_by', type: 'string', optional: true, description: 'PARTITION BY expression.' },
          { name: 'primary_key', type: ['list', 'string'], optional: true, description: 'PRIMARY KEY expressions. Default: ORDER BY.' },
          { name: 'ttl', type: 'string', optional: true, description: 'TTL expression.' },
          { name: 'settings', type: ['map', 'string'], optional: true, description: 'Inner table settings (snake_case).' },
        ],
      },
      optional: true,
      description: 'The inner table of a view without TO (ENGINE = ... ORDER BY ...). A change recreates the view, losing its rows: destructive.',
    },
    {
      name: 'refresh',
      nested: {
        nesting: 'single',
        attributes: [
          { name: 'kind', type: 'string', required: true, description: "'EVERY' or 'AFTER'." },
          { name: 'interval', type: 'string', required: true, description: "Interval, e.g. '1 HOUR'." },
          { name: 'offset', type: 'string', optional: true, description: 'OFFSET of an EVERY schedule.' },
          { name: 'randomize_for', type: 'string', optional: true, description: 'RANDOMIZE FOR interval.' },
          { name: 'depends_on', type: ['list', 'string'], optional: true, description: "DEPENDS ON views, as 'db.name'." },
          { name: 'settings', type: ['map', 'string'], optional: true, description: 'Refresh settings (refresh_retries, ...).' },
          { name: 'append', type: 'bool', optional: true, description: 'APPEND: add rows instead of replacing them (cannot change in place).' },
        ],
      },
      optional: true,
      description: 'REFRESH EVERY/AFTER clause of a refreshable view. Changes run as ALTER TABLE ... MODIFY REFRESH, except APPEND (recreate).',
    },
    { name: 'select', type: 'string', required: true, description: 'The SELECT the view runs on each insert into its source.' },
    { name: 'comment', type: 'string', optional: true, description: 'Comment.' },
    {
      name: 'columns',
      nested: { nesting: 'list', attributes: VIEW_COLUMN },
      optional: true,
      description: "The view's column list (TO t (k UInt64, ...) AS SELECT). Compared only when set; a change recreates the view.",
    },
    ignoreUndeclaredAttribute(UNDECLARED_ATTRIBUTES.materialized_view),
  ],
  toSpec: (a) => ({
    kind: 'materialized_view',
    database: str(a.database) ?? '',
    name: str(a.name) ?? '',
    ...(str(a.to_table) !== undefined || str(a.to_database) !== undefined
      ? { to: { database: str(a.to_database) ?? '', name: str(a.to_table) ?? '', ...defined({ renamedFrom: str(a.to_renamed_from) }) } }
      : {}),
    ...defined({ inner: innerToSpec((a.inner as TfObjectLike | null) ?? null), refresh: refreshToSpec((a.refresh as TfObjectLike | null) ?? null) }),
    select: str(a.select) ?? '',
    ...viewColumnsToSpec(a.columns),
    ...defined({ comment: str(a.comment), ignoreUndeclared: strs(a.ignore_undeclared) as UndeclaredAttribute[] | undefined }),
  }),
  fromSpec: (s) => ({
    database: s.database,
    name: s.name,
    to_database: s.to?.database ?? null,
    to_table: s.to?.name ?? null,
    to_renamed_from: s.to?.renamedFrom ?? null,
    inner: s.inner
      ? {
          engine: s.inner.engine.name,
          engine_args: s.inner.engine.args?.length ? [...s.inner.engine.args] : null,
          order_by: [...s.inner.orderBy],
          partition_by: s.inner.partitionBy ?? null,
          primary_key: s.inner.primaryKey ? [...s.inner.primaryKey] : null,
          ttl: s.inner.ttl ?? null,
          settings: declaredInnerSettings(s.inner),
        }
      : null,
    refresh: s.refresh
      ? {
          kind: s.refresh.kind,
          interval: s.refresh.interval,
          offset: s.refresh.offset ?? null,
          randomize_for: s.refresh.randomizeFor ?? null,
          depends_on: s.refresh.dependsOn?.length ? s.refresh.dependsOn.map((d) => `${d.database}.${d.name}`) : null,
          settings:
            s.refresh.settings && Object.keys(s.refresh.settings).length
              ? Object.fromEntries(Object.entries(s.refresh.settings).map(([k, v]) => [k, String(v)]))
              : null,
          append: s.refresh.append ? true : null,
        }
      : null,
    select: s.select,
    comment: s.comment ?? null,
    columns: s.columns && !s.columnsListed ? s.columns.map((c) => ({ name: c.name, type: c.type })) : null,
    ignore_undeclared: s.ignoreUndeclared ? [...s.ignoreUndeclared] : null,
  }),
  identityFromImportId: (id) => ({ kind: 'materialized_view', ...splitQualifiedId(id) }),
  reasonAttributes: {
    mv_query_changed: ['select'],
    mv_target_changed: ['to_database', 'to_table'],
    mv_columns_changed: ['columns'],
    mv_inner_changed: ['inner'],
    mv_retargeted: ['to_table'],
    mv_refresh_changed: ['refresh'],
    comment_changed: ['comment'],
  },
  rebuildAttributes: ['inner'],
  // What the target was renamed from is a rule for the plan, like a table's renamed_from.
  ruleAttributes: ['ignore_undeclared', 'to_renamed_from'],
};
