// Roles on the real server. Write side: CREATE ROLE, GRANT role TO user, REVOKE, DEFAULT ROLE as
// rendered parse with ClickHouse's own parser (formatQuery), and run where the server has a
// writable access storage (skipped here, with the reason). Read side, for real: a second embedded
// server whose users.xml defines roles (26.7 reads <roles> with their grants, and GRANT role in a
// user's <grants>): introspection reads system.roles, system.role_grants and the user's default
// roles, and the drift check names each reason code: missing_object (a role not there),
// user_roles_changed (a role granted on the server and not declared, and one declared and not
// granted), user_default_roles_changed; a role's privileges are a grant like a user's.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createClient } from '@clickhouse/client';
import { EmbeddedServer } from '../../server/embedded-server';
import { checkDrift } from '../../sql/live/drift-check';
import { clientQueryFn } from '../../sql/live/client';
import { introspectAccess } from '../../sql/live/introspect-access';
import { renderAlterUserDefaultRoles, renderCreateRole, renderDropRole, renderGrantRoles, renderRevokeRoles } from '../../sql/render/access';
import { GrantSpec, ObjectSpec, RoleSpec, UserSpec } from '../../sql/spec/model';
import { formatQuery, testClient, testWith, uniqueName } from '../support/clickhouse';
import { HOOK_TIMEOUT_MS } from '../support/timeouts';
import { driftAt, serverWithAccessXml } from '../support/users-xml';

const ENTITIES = {
  roles: `
    <reader><grants><query>GRANT SELECT ON r.*</query></grants></reader>
    <writer><grants><query>GRANT INSERT ON r.*</query></grants></writer>
  `,
  users: `
    <alice>
      <no_password/>
      <networks><ip>::/0</ip></networks>
      <grants><query>GRANT reader</query><query>GRANT writer</query></grants>
    </alice>`,
};

describe('roles: statements parse; the read side from a users.xml that defines roles', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-roles-'));
  const client = testClient();
  let server: EmbeddedServer;
  const reader: RoleSpec = { kind: 'role', name: 'reader' };
  const writer: RoleSpec = { kind: 'role', name: 'writer' };
  const alice: UserSpec = { kind: 'user', name: 'alice', auth: { method: 'no_password' }, roles: ['reader', 'writer'] };
  const readerGrants: GrantSpec = { kind: 'grant', grantee: 'reader', grants: [{ privilege: 'SELECT', database: 'r' }] };

  beforeAll(async () => {
    server = await serverWithAccessXml(home, ENTITIES);
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await server?.stop();
    await client.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  const drift = (specs: readonly ObjectSpec[]) => driftAt(server.url, specs);

  test('GIVEN the role statements as rendered THEN ClickHouse parses each', async () => {
    const statements = [
      renderCreateRole(reader),
      renderCreateRole(reader, { cluster: 'c' }),
      renderDropRole(reader),
      renderGrantRoles('alice', ['reader', 'writer']),
      renderGrantRoles('alice', ['reader'], { cluster: 'c' }),
      renderRevokeRoles('alice', ['writer']),
      renderAlterUserDefaultRoles({ ...alice, defaultRoles: ['reader'] }),
      renderAlterUserDefaultRoles({ ...alice, defaultRoles: [] }),
      renderAlterUserDefaultRoles(alice),
    ];
    const printed = await Promise.all(statements.map((s) => formatQuery(client, s)));
    expect(printed).toEqual([
      'CREATE ROLE IF NOT EXISTS reader',
      'CREATE ROLE IF NOT EXISTS reader ON CLUSTER c',
      'DROP ROLE IF EXISTS reader',
      'GRANT reader, writer TO alice',
      'GRANT ON CLUSTER c reader TO alice',
      'REVOKE writer FROM alice',
      'ALTER USER alice DEFAULT ROLE reader',
      'ALTER USER alice DEFAULT ROLE NONE',
      'ALTER USER alice DEFAULT ROLE ALL',
    ]);
  });

  testWith('accessStorage')(
    'GIVEN a writable access storage WHEN a role and a user with it are created as rendered THEN the drift check is clean',
    async () => {
      const role: RoleSpec = { kind: 'role', name: uniqueName('role') };
      const user: UserSpec = { kind: 'user', name: uniqueName('user'), auth: { method: 'no_password' }, roles: [role.name] };
      const q = clientQueryFn(client);
      try {
        for (let i = 0; i < 2; i++)
          for (const c of (await checkDrift(q, [role, user])).changes) for (const s of c.statements) await client.command({ query: s });
        expect((await checkDrift(q, [role, user])).changes).toEqual([]);
      } finally {
        await client.command({ query: `DROP USER IF EXISTS ${user.name}` });
        await client.command({ query: renderDropRole(role) });
      }
    },
  );

  test('GIVEN roles and a user with them in users.xml WHEN introspected THEN the roles, the role grants and the default roles are read', async () => {
    const c = createClient({ url: server.url });
    try {
      const live = await introspectAccess(clientQueryFn(c), { users: ['alice'], profiles: [], grantees: ['reader'], roles: ['reader', 'writer', 'ghost'] });
      expect(live.filter((o) => o.kind === 'role')).toEqual([reader, writer]);
      expect(live.find((o) => o.kind === 'user')).toMatchObject({ name: 'alice', roles: ['reader', 'writer'] });
      expect((live.find((o) => o.kind === 'user') as UserSpec).defaultRoles).toBeUndefined();
      expect(live.find((o) => o.kind === 'grant')).toEqual({ kind: 'grant', grantee: 'reader', grants: [{ privilege: 'SELECT', database: 'r', table: '*' }] });
    } finally {
      await c.close();
    }
  });

  test('GIVEN the declared roles, user and role grant as users.xml has them THEN no drift', async () => {
    expect(await drift([reader, writer, alice, readerGrants])).toEqual([]);
  });

  test('GIVEN a role users.xml does not define THEN missing_object with CREATE ROLE', async () => {
    expect(await drift([{ kind: 'role', name: 'ghost' }])).toEqual([['role:ghost', 'missing_object', true, 'role ghost does not exist']]);
  });

  test('GIVEN the user declared with one role of its two THEN user_roles_changed: the revoke, refused by default', async () => {
    expect(await drift([reader, { ...alice, roles: ['reader'] }])).toEqual([
      ['user:alice', 'user_roles_changed', false, 'roles [reader, writer], declared [reader]: revoke writer'],
    ]);
  });

  test('GIVEN the user declared with a third role THEN user_roles_changed: the grant, safe', async () => {
    expect(await drift([{ ...alice, roles: ['reader', 'writer', 'admin'] }])).toEqual([
      ['user:alice', 'user_roles_changed', true, 'roles [reader, writer], declared [admin, reader, writer]: grant admin'],
    ]);
  });

  test('GIVEN default roles declared narrower than the server (ALL) THEN user_default_roles_changed', async () => {
    expect(await drift([{ ...alice, defaultRoles: ['reader'] }])).toEqual([
      ['user:alice', 'user_default_roles_changed', true, 'default roles ALL, declared reader'],
    ]);
  });

  test("GIVEN a role's privileges declared wider than users.xml gives THEN grant_missing on the role", async () => {
    const wider: GrantSpec = { ...readerGrants, grants: [...readerGrants.grants, { privilege: 'SELECT', database: 'system' }] };
    expect((await drift([wider])).map(([o, r]) => [o, r])).toEqual([['grant:reader', 'grant_missing']]);
  });
});
