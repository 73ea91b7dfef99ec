// clickhouse_materialized_view: a view with a TO table; its query changes in place (MODIFY QUERY).
import { MaterializedViewSpec, UNDECLARED_ATTRIBUTES, UndeclaredAttribute } from '../../sql/spec/model';
import { TfValue } from '../protocol/dynamic-value';
import { AttrDef, defined, objects, str, strs } from '../schema/attributes';
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

export const materializedViewType: ResourceType<MaterializedViewSpec> = {
  typeName: 'clickhouse_materialized_view',
  kind: 'materialized_view',
  description: 'A materialized view writing into a TO table. Query changes run as ALTER TABLE ... MODIFY QUERY; a new target needs the view recreated.',
  attributes: [
    { name: 'database', type: 'string', required: true, description: 'Database of the view.' },
    { name: 'name', type: 'string', required: true, description: 'View name.' },
    { name: 'to_database', type: 'string', required: true, description: 'Database of the target table.' },
    { name: 'to_table', type: 'string', required: true, description: 'Target table (TO db.table).' },
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
    to: { database: str(a.to_database) ?? '', name: str(a.to_table) ?? '' },
    select: str(a.select) ?? '',
    ...viewColumnsToSpec(a.columns),
    ...defined({ comment: str(a.comment), ignoreUndeclared: strs(a.ignore_undeclared) as UndeclaredAttribute[] | undefined }),
  }),
  fromSpec: (s) => ({
    database: s.database,
    name: s.name,
    to_database: s.to.database,
    to_table: s.to.name,
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
    comment_changed: ['comment'],
  },
  ruleAttributes: ['ignore_undeclared'],
};
