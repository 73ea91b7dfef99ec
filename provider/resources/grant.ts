// clickhouse_grant: the complete set of privileges of one grantee (authoritative: extra grants on
// the server are drift; revoke_extra revokes them).
import { GrantEntry, GrantSpec } from '../../sql/spec/model';
import { bool, defined, objects, str, strs } from '../schema/attributes';
import { ResourceType } from './resource-type';

export const grantType: ResourceType<GrantSpec> = {
  typeName: 'clickhouse_grant',
  kind: 'grant',
  description: "All privileges of one user, compared privilege by privilege with the server's hierarchy (ALL equals its expansion).",
  attributes: [
    { name: 'grantee', type: 'string', required: true, description: 'User receiving the privileges.' },
    {
      name: 'grants',
      nested: {
        nesting: 'list',
        attributes: [
          { name: 'privilege', type: 'string', required: true, description: "Privilege as ClickHouse names it, e.g. 'SELECT', 'ALL'." },
          { name: 'database', type: 'string', required: true, description: "Database, or '*' for all." },
          { name: 'table', type: 'string', optional: true, description: "Table, or '*' (default) for all tables of the database." },
          { name: 'columns', type: ['list', 'string'], optional: true, description: 'Columns the privilege is limited to.' },
          { name: 'grant_option', type: 'bool', optional: true, description: 'WITH GRANT OPTION.' },
        ],
      },
      required: true,
      description: 'Privileges.',
    },
    {
      name: 'revoke_extra',
      type: 'bool',
      optional: true,
      description: 'Revoke privileges found on the server that are not declared. Default false: reported as drift only.',
    },
  ],
  toSpec: (a) => ({
    kind: 'grant',
    grantee: str(a.grantee) ?? '',
    grants: objects(a.grants).map((g): GrantEntry => ({
      privilege: str(g.privilege) ?? '',
      database: str(g.database) ?? '',
      ...defined({ table: str(g.table), columns: strs(g.columns)?.length ? strs(g.columns) : undefined, grantOption: bool(g.grant_option) || undefined }),
    })),
    ...(bool(a.revoke_extra) ? { revokeExtra: true } : {}),
  }),
  fromSpec: (s) => ({
    grantee: s.grantee,
    grants: s.grants.map((g) => ({
      privilege: g.privilege,
      database: g.database,
      table: g.table ?? null,
      columns: g.columns?.length ? [...g.columns] : null,
      grant_option: g.grantOption ?? null,
    })),
    revoke_extra: s.revokeExtra ?? null,
  }),
  identityFromImportId: (id) => ({ kind: 'grant', grantee: id }),
  reasonAttributes: { grant_missing: ['grants'], grant_extra: ['grants'] },
};
