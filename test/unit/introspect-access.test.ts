// Access entities read from the system tables (sql/live/introspect-access.ts), answered by rows
// recorded from an embedded server whose users.xml defines them
// (test/fixtures/live/access-entities.json; checked against the server by
// test/integration/live-fixtures-b.test.ts): users, roles, settings profiles, grants, a quota, a
// row policy, and a name of each kind that does not exist.
import { accessStorageInfo, introspectAccess, liveGrantEntry } from '../../sql/live/introspect-access';
import { ACCESS_ROLE_SCOPE, ACCESS_SCOPE, loadFixture, replayQueryFn } from '../support/live-fixtures-b';

const query = () => replayQueryFn(loadFixture('access-entities'));

const ALICE = {
  kind: 'user',
  name: 'alice',
  auth: { method: 'no_password', serverMethods: ['no_password'] },
  hosts: { ip: ['10.0.0.0/8'], names: ['example.com'], like: [], regexp: ['^db\\d+\\.local$'] },
  defaultDatabase: 'r',
  profiles: ['child'],
  roles: ['reader'],
};
const BOB = {
  kind: 'user',
  name: 'bob',
  auth: { method: 'sha256_hash', serverMethods: ['sha256_password'] },
  hosts: { ip: ['::/0'], names: [], like: [], regexp: [] },
  profiles: [],
  roles: ['writer'],
};

describe('introspect-access: the entities of users.xml as specs', () => {
  test('GIVEN every kind in scope THEN users, roles, quotas, row policies, profiles, grants, in that order; names that do not exist left out', async () => {
    expect(await introspectAccess(query(), ACCESS_SCOPE)).toStrictEqual([
      ALICE,
      BOB,
      { kind: 'role', name: 'reader' },
      { kind: 'role', name: 'writer' },
      // No key declared: the server keys it by user name; no user uses it. (system.quotas lists it first.)
      { kind: 'quota', name: 'light', keyedBy: 'user_name', intervals: [{ durationSeconds: 60, max: { result_rows: 5 } }], applyTo: {} },
      {
        kind: 'quota',
        name: 'limited',
        keyedBy: 'ip_address',
        intervals: [
          { durationSeconds: 3600, randomized: true, max: { queries: 100, errors: 10, read_rows: 1000 } },
          { durationSeconds: 86400, max: { queries: 1000 } },
        ],
        applyTo: { names: ['alice'] },
      },
      { kind: 'row_policy', name: 'alice', database: 'r', table: 't', using: 'k = 1', applyTo: { names: ['alice'] } },
      { kind: 'settings_profile', name: 'child', settings: [{ name: 'max_execution_time', value: '60' }], inherit: ['ro_profile'] },
      {
        kind: 'settings_profile',
        name: 'ro_profile',
        settings: [
          { name: 'max_threads', value: '4', min: '1', max: '8' },
          { name: 'max_memory_usage', writability: 'CONST' },
          { name: 'force_index_by_date', writability: 'CHANGEABLE_IN_READONLY' },
        ],
        inherit: [],
      },
      {
        kind: 'grant',
        grantee: 'alice',
        grants: [
          { privilege: 'READ', database: 'S3', table: '*' },
          { privilege: 'INSERT', database: 'r', table: '*', grantOption: true },
          { privilege: 'SELECT', database: 'r', table: 't', columns: ['a'] },
          { privilege: 'SELECT', database: 'r', table: 't', columns: ['b'] },
        ],
      },
      {
        kind: 'grant',
        grantee: 'bob',
        grants: [
          { privilege: 'SELECT', database: 'r', table: '*' },
          { privilege: 'SELECT', database: 'r', table: 'secret', partialRevoke: true },
        ],
      },
      { kind: 'grant', grantee: 'reader', grants: [{ privilege: 'SELECT', database: 'r', table: '*' }] },
      { kind: 'grant', grantee: 'writer', grants: [{ privilege: 'INSERT', database: 'r', table: 't' }] },
    ]);
  });

  test('GIVEN a role grantee only THEN its grants alone, and no query for role grants, quotas or row policies', async () => {
    const q = query();
    expect(await introspectAccess(q, ACCESS_ROLE_SCOPE)).toStrictEqual([
      { kind: 'grant', grantee: 'writer', grants: [{ privilege: 'INSERT', database: 'r', table: 't' }] },
    ]);
    expect(q.sent.filter((s) => /role_grants|quota|row_policies/.test(s))).toEqual([]);
    expect(q.sent).toHaveLength(5);
  });

  test('GIVEN every kind in scope THEN one query per system table, nine in all', async () => {
    const q = query();
    await introspectAccess(q, ACCESS_SCOPE);
    expect(q.sent.map((s) => /FROM (system\.\w+)/.exec(s)![1]).sort()).toEqual([
      'system.grants',
      'system.quota_limits',
      'system.quotas',
      'system.role_grants',
      'system.roles',
      'system.row_policies',
      'system.settings_profile_elements',
      'system.settings_profiles',
      'system.users',
    ]);
  });

  test('GIVEN only users.xml as access storage THEN not writable, with the message saying why and what to do', async () => {
    expect(await accessStorageInfo(query())).toStrictEqual({
      writable: false,
      types: ['users_xml'],
      replicated: false,
      message:
        "this server has no writable access storage (user directories: users_xml): users, settings profiles and grants cannot be created or changed here, only read; define them in the server's users.xml or add a local_directory or replicated user directory",
    });
  });

  test('GIVEN recorded grant rows THEN each entry as liveGrantEntry reads it: a parameterized privilege at its object name', async () => {
    const rows = loadFixture('access-entities').queries.find((q) => q.sql.includes('FROM system.grants'))!.rows as Parameters<typeof liveGrantEntry>[0][];
    const read = rows.find((r) => r.access_type === 'READ')!;
    expect(liveGrantEntry(read)).toStrictEqual({ privilege: 'READ', database: 'S3', table: '*' });
  });
});
