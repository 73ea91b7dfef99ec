// Quotas and row policies on the real server. Write side: CREATE QUOTA / CREATE ROW POLICY (IF
// NOT EXISTS and OR REPLACE, with ON CLUSTER) as rendered parse with ClickHouse's own parser, and
// run where the server has a writable access storage (skipped here, with the reason). Read side,
// for real: a second embedded server whose users.xml defines a quota (<quotas> with intervals;
// a user's <quota>) and a row policy (a user's <databases><db><table><filter>), which 26.7 lists
// in system.quotas, system.quota_limits and system.row_policies: introspection reads them, and the
// drift check names each reason code (missing_object, quota_keyed_by_changed,
// quota_limits_changed, quota_apply_to_changed, row_policy_filter_changed, row_policy_apply_to_changed).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createClient } from '@clickhouse/client';
import { EmbeddedServer } from '../../server/embedded-server';
import { checkDrift } from '../../sql/live/drift-check';
import { clientQueryFn } from '../../sql/live/client';
import { introspectAccess } from '../../sql/live/introspect-access';
import { renderCreateQuota, renderCreateRowPolicy } from '../../sql/render/access';
import { renderDrop } from '../../sql/render/drop';
import { ObjectSpec, QuotaSpec, RowPolicySpec } from '../../sql/spec/model';
import { formatQuery, testClient, testWith, uniqueName } from '../support/clickhouse';
import { HOOK_TIMEOUT_MS } from '../support/timeouts';
import { driftAt, serverWithAccessXml } from '../support/users-xml';

const ENTITIES = {
  users: `
    <alice>
      <no_password/>
      <networks><ip>::/0</ip></networks>
      <quota>limited</quota>
      <databases><r><t><filter>k = 1</filter></t></r></databases>
    </alice>`,
  quotas: `
    <limited>
      <interval><duration>3600</duration><queries>100</queries><errors>10</errors></interval>
      <interval><duration>86400</duration><queries>1000</queries></interval>
    </limited>
  `,
};

describe('quotas and row policies: statements parse; the read side from a users.xml that defines them', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-quotas-'));
  const client = testClient();
  let server: EmbeddedServer;
  const quota: QuotaSpec = {
    kind: 'quota',
    name: 'limited',
    keyedBy: 'user_name',
    intervals: [
      { durationSeconds: 3600, max: { queries: 100, errors: 10 } },
      { durationSeconds: 86400, max: { queries: 1000 } },
    ],
    applyTo: { names: ['alice'] },
  };
  const policy: RowPolicySpec = { kind: 'row_policy', name: 'alice', database: 'r', table: 't', using: 'k=1', applyTo: { names: ['alice'] } };

  beforeAll(async () => {
    server = await serverWithAccessXml(home, ENTITIES);
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await server?.stop();
    await client.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  const drift = (specs: readonly ObjectSpec[]) => driftAt(server.url, specs);

  test('GIVEN the quota and row policy statements as rendered THEN ClickHouse parses each', async () => {
    const statements = [
      renderCreateQuota(quota),
      renderCreateQuota(
        {
          ...quota,
          keyedBy: undefined,
          intervals: [{ durationSeconds: 60, randomized: true, max: { execution_time: 1.5 } }],
          applyTo: { all: true, except: ['bob'] },
        },
        { cluster: 'c', replace: true },
      ),
      renderCreateRowPolicy(policy),
      renderCreateRowPolicy({ ...policy, restrictive: true, applyTo: undefined }, { cluster: 'c', replace: true }),
      ...renderDrop(quota),
      ...renderDrop(policy, { cluster: 'c' }),
    ];
    expect(await Promise.all(statements.map((s) => formatQuery(client, s)))).toEqual([
      'CREATE QUOTA IF NOT EXISTS limited KEYED BY user_name FOR INTERVAL 1 hour MAX queries = 100, errors = 10, FOR INTERVAL 1 day MAX queries = 1000 TO alice',
      'CREATE QUOTA OR REPLACE limited ON CLUSTER c NOT KEYED FOR RANDOMIZED INTERVAL 1 minute MAX execution_time = 1.5 TO ALL EXCEPT bob',
      'CREATE ROW POLICY IF NOT EXISTS alice ON r.t AS PERMISSIVE FOR SELECT USING k = 1 TO alice',
      'CREATE ROW POLICY OR REPLACE alice ON r.t ON CLUSTER c AS RESTRICTIVE FOR SELECT USING k = 1',
      'DROP QUOTA IF EXISTS limited',
      'DROP ROW POLICY IF EXISTS alice ON r.t ON CLUSTER c',
    ]);
  });

  testWith('accessStorage')('GIVEN a writable access storage WHEN a quota and a row policy are created as rendered THEN the drift check is clean', async () => {
    const q: QuotaSpec = { ...quota, name: uniqueName('quota'), applyTo: undefined };
    const p: RowPolicySpec = { ...policy, name: uniqueName('policy'), applyTo: undefined };
    const query = clientQueryFn(client);
    try {
      for (const c of (await checkDrift(query, [q, p])).changes) for (const s of c.statements) await client.command({ query: s });
      expect((await checkDrift(query, [q, p])).changes).toEqual([]);
    } finally {
      for (const s of [...renderDrop(q), ...renderDrop(p)]) await client.command({ query: s });
    }
  });

  test('GIVEN the users.xml quota and row policy WHEN introspected THEN they read as the specs (limits in seconds, unlimited ones absent)', async () => {
    const c = createClient({ url: server.url });
    try {
      const live = await introspectAccess(clientQueryFn(c), {
        users: [],
        profiles: [],
        grantees: [],
        quotas: ['limited', 'ghost'],
        rowPolicies: ['alice ON r.t'],
      });
      expect(live).toEqual([quota, { ...policy, using: 'k = 1' }]);
    } finally {
      await c.close();
    }
  });

  test('GIVEN the quota and row policy declared as users.xml has them THEN no drift', async () => {
    expect(await drift([quota, policy])).toEqual([]);
  });

  test('GIVEN a quota and a row policy users.xml does not define THEN missing_object each', async () => {
    expect(
      await drift([
        { ...quota, name: 'ghost' },
        { ...policy, table: 'other' },
      ]),
    ).toEqual([
      ['quota:ghost', 'missing_object', true, 'quota ghost does not exist'],
      ['row_policy:alice ON r.other', 'missing_object', true, 'row policy alice on r.other does not exist'],
    ]);
  });

  test('GIVEN other quota key, limits and users declared THEN quota_keyed_by_changed, quota_limits_changed, quota_apply_to_changed, fixed by OR REPLACE', async () => {
    const changed: QuotaSpec = { ...quota, keyedBy: 'ip_address', intervals: [{ durationSeconds: 3600, max: { queries: 50 } }], applyTo: { all: true } };
    expect(await drift([changed])).toEqual([
      ['quota:limited', 'quota_keyed_by_changed', true, 'keyed by user_name, declared ip_address'],
      ['quota:limited', 'quota_limits_changed', true, 'limits 3600s: errors = 10, queries = 100; 86400s: queries = 1000, declared 3600s: queries = 50'],
      ['quota:limited', 'quota_apply_to_changed', true, 'applies to alice, declared ALL'],
    ]);
    const c = createClient({ url: server.url });
    try {
      const [first] = (await checkDrift(clientQueryFn(c), [changed])).changes;
      expect(first.statements).toEqual([
        expect.stringMatching(/^CREATE QUOTA OR REPLACE `limited` KEYED BY ip_address FOR INTERVAL 3600 SECOND MAX queries = 50 TO ALL$/),
      ]);
    } finally {
      await c.close();
    }
  });

  test('GIVEN another filter, restrictive, and other users declared THEN row_policy_filter_changed and row_policy_apply_to_changed', async () => {
    expect(await drift([{ ...policy, using: 'k = 2', restrictive: true, applyTo: { names: ['bob'] } }])).toEqual([
      ['row_policy:alice ON r.t', 'row_policy_filter_changed', true, 'PERMISSIVE USING k = 1, declared RESTRICTIVE USING k = 2'],
      ['row_policy:alice ON r.t', 'row_policy_apply_to_changed', true, 'applies to alice, declared bob'],
    ]);
  });
});
