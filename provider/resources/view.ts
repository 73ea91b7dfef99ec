// clickhouse_view: a plain view (CREATE VIEW ... AS SELECT); a new query or column list replaces
// it in place (CREATE OR REPLACE VIEW), as it holds no data.
import { UNDECLARED_ATTRIBUTES, UndeclaredAttribute, ViewSpec } from '../../sql/spec/model';
import { defined, str, strs } from '../schema/attributes';
import { ignoreUndeclaredAttribute, ResourceType } from './resource-type';
import { splitQualifiedId } from './ids';
import { VIEW_COLUMN, viewColumnsToSpec } from './materialized-view';

export const viewType: ResourceType<ViewSpec> = {
  typeName: 'clickhouse_view',
  kind: 'view',
  description:
    'A plain view (CREATE VIEW db.v AS SELECT ...). A changed query or column list runs as CREATE OR REPLACE VIEW (in place: a view holds no data); a comment as ALTER TABLE ... MODIFY COMMENT.',
  attributes: [
    { name: 'database', type: 'string', required: true, description: 'Database of the view.' },
    { name: 'name', type: 'string', required: true, description: 'View name.' },
    { name: 'select', type: 'string', required: true, description: 'The SELECT the view runs when read; name tables as db.table.' },
    { name: 'comment', type: 'string', optional: true, description: 'Comment.' },
    {
      name: 'columns',
      nested: { nesting: 'list', attributes: VIEW_COLUMN },
      optional: true,
      description: "The view's column list (CREATE VIEW v (k UInt64, ...) AS SELECT). Compared only when set; a change replaces the view.",
    },
    ignoreUndeclaredAttribute(UNDECLARED_ATTRIBUTES.view),
  ],
  toSpec: (a) => ({
    kind: 'view',
    database: str(a.database) ?? '',
    name: str(a.name) ?? '',
    select: str(a.select) ?? '',
    ...viewColumnsToSpec(a.columns),
    ...defined({ comment: str(a.comment), ignoreUndeclared: strs(a.ignore_undeclared) as UndeclaredAttribute[] | undefined }),
  }),
  fromSpec: (s) => ({
    database: s.database,
    name: s.name,
    select: s.select,
    comment: s.comment ?? null,
    // What the server lists for every view is not a declaration: a view declaring none stays in sync.
    columns: s.columns && !s.columnsListed ? s.columns.map((c) => ({ name: c.name, type: c.type })) : null,
    ignore_undeclared: s.ignoreUndeclared ? [...s.ignoreUndeclared] : null,
  }),
  identityFromImportId: (id) => ({ kind: 'view', ...splitQualifiedId(id) }),
  reasonAttributes: {
    view_query_changed: ['select'],
    view_columns_changed: ['columns'],
    comment_changed: ['comment'],
  },
  ruleAttributes: ['ignore_undeclared'],
};
