// clickhouse_database: CREATE DATABASE, comment in place; an engine change needs a new database.
import { DatabaseSpec, UNDECLARED_ATTRIBUTES, UndeclaredAttribute } from '../../sql/spec/model';
import { defined, str, strs } from '../schema/attributes';
import { ignoreUndeclaredAttribute, ResourceType } from './resource-type';

export const databaseType: ResourceType<DatabaseSpec> = {
  typeName: 'clickhouse_database',
  kind: 'database',
  description: 'A ClickHouse database (CREATE DATABASE IF NOT EXISTS, ON CLUSTER when the provider has a cluster).',
  attributes: [
    { name: 'name', type: 'string', required: true, description: 'Database name.' },
    { name: 'engine', type: 'string', optional: true, description: 'Database engine. Default: the server default (Atomic).' },
    { name: 'comment', type: 'string', optional: true, description: 'Database comment.' },
    ignoreUndeclaredAttribute(UNDECLARED_ATTRIBUTES.database),
  ],
  toSpec: (a) => ({
    kind: 'database',
    name: str(a.name) ?? '',
    ...defined({ engine: str(a.engine), comment: str(a.comment), ignoreUndeclared: strs(a.ignore_undeclared) as UndeclaredAttribute[] | undefined }),
  }),
  fromSpec: (s) => ({
    name: s.name,
    engine: s.engine ?? null,
    comment: s.comment ?? null,
    ignore_undeclared: s.ignoreUndeclared ? [...s.ignoreUndeclared] : null,
  }),
  identityFromImportId: (id) => ({ kind: 'database', name: id }),
  reasonAttributes: { database_engine_changed: ['engine'], comment_changed: ['comment'] },
  rebuildAttributes: ['engine'],
  ruleAttributes: ['ignore_undeclared'],
};
