// clickhouse_role: a role (CREATE ROLE). Its privileges are a clickhouse_grant whose grantee is
// the role; users get it through their `roles` attribute (GRANT role TO user).
import { RoleSpec } from '../../sql/spec/model';
import { str } from '../schema/attributes';
import { ResourceType } from './resource-type';

export const roleType: ResourceType<RoleSpec> = {
  typeName: 'clickhouse_role',
  kind: 'role',
  description: 'A role (CREATE ROLE). Privileges: a clickhouse_grant with the role as grantee; users: their roles attribute.',
  attributes: [{ name: 'name', type: 'string', required: true, description: 'Role name.' }],
  toSpec: (a) => ({ kind: 'role', name: str(a.name) ?? '' }),
  fromSpec: (s) => ({ name: s.name }),
  identityFromImportId: (id) => ({ kind: 'role', name: id }),
  reasonAttributes: {},
};
