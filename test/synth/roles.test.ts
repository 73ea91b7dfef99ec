// Role, User roles/defaultRoles and a Grant to a role: they reach the clickhouse_role,
// clickhouse_user and clickhouse_grant resources (and map back to the same specs), the user is
// deployed after its roles, and a bad reference fails at synth naming the construct path and field.
import { Testing } from 'cdktf';
import { ClickHouseStack } from '../../constructs/clickhouse-stack';
import { Grant } from '../../constructs/grant';
import { Role } from '../../constructs/role';
import { User } from '../../constructs/user';
import { userType } from '../../provider/resources/user';
import { generateStackCode } from '../../sql/codegen';
import { ObjectSpec } from '../../sql/spec/model';

type Synth = { resource: Record<string, Record<string, Record<string, unknown> & { depends_on?: string[] }>> };

describe('roles', () => {
  test('GIVEN a role with privileges and a user with it WHEN synthesized THEN the resources carry them and the user depends on the role', () => {
    const stack = new ClickHouseStack(Testing.app(), 's');
    const reader = new Role(stack, 'reader', { name: 'reader' });
    const writer = new Role(stack, 'writer', { name: 'writer' });
    new Grant(stack, 'reader_grants', { grantee: reader, grants: [{ privilege: 'SELECT', database: 'system' }] });
    const alice = new User(stack, 'alice', { name: 'alice', passwordEnv: 'ALICE_PASSWORD', roles: [reader, writer], defaultRoles: [reader] });
    expect(alice.spec).toMatchObject({ roles: ['reader', 'writer'], defaultRoles: ['reader'] });
    const json = JSON.parse(Testing.synth(stack, true)) as Synth;
    expect(Object.values(json.resource.clickhouse_role).map((r) => r.name)).toEqual(['reader', 'writer']);
    const user = Object.values(json.resource.clickhouse_user)[0];
    expect([user.roles, user.default_roles]).toEqual([['reader', 'writer'], ['reader']]);
    expect(user.depends_on).toEqual(expect.arrayContaining([expect.stringContaining('reader'), expect.stringContaining('writer')]));
    expect(userType.toSpec(user as never)).toMatchObject({ roles: ['reader', 'writer'], defaultRoles: ['reader'] });
    expect(Object.values(json.resource.clickhouse_grant)[0].grantee).toBe('reader');
  });

  test('GIVEN a default role that is not one of the roles THEN construction fails naming the path and field', () => {
    const stack = new ClickHouseStack(Testing.app(), 's');
    const reader = new Role(stack, 'reader', { name: 'reader' });
    expect(() => new User(stack, 'alice', { name: 'alice', passwordEnv: 'P', roles: [], defaultRoles: [reader] })).toThrow(
      /s\/alice: defaultRoles\[0\]: "reader" is not one of the user's roles/,
    );
    expect(() => new Role(stack, 'bad', { name: 'a b' })).toThrow(/s\/bad: name: /);
  });

  test('GIVEN a user with roles WHEN imported THEN Role constructs come first, the user names them, a role grant has the role as grantee', () => {
    const objects: ObjectSpec[] = [
      { kind: 'user', name: 'alice', auth: { method: 'sha256_hash' }, roles: ['reader', 'gone'], defaultRoles: ['reader'] },
      { kind: 'role', name: 'reader' },
      { kind: 'grant', grantee: 'reader', grants: [{ privilege: 'SELECT', database: 'system', table: '*' }] },
    ];
    const out = generateStackCode(objects, { stackName: 'r' });
    expect(out.code).toContain("const readerRole = new Role(stack, 'role_reader', {\n    name: 'reader',\n  });");
    expect(out.code).toContain('    roles: [readerRole],\n    defaultRoles: [readerRole],');
    expect(out.code).toContain('    grantee: readerRole,');
    expect(out.code.indexOf('new Role(')).toBeLessThan(out.code.indexOf('new User('));
    expect(out.warnings).toEqual(['user alice: role gone is not imported: left out (the plan will show it)']);
  });
});
