// `chx import --quota NAME --row-policy 'NAME ON db.table'` on a real server: a second embedded
// server whose users.xml defines a quota (<quotas> with intervals) and a row policy (a user's
// <databases><db><table><filter>) applied to a sha256 user. The generated code declares them with
// Quota and RowPolicy (the user by its variable, the table by its variable), type-checks as part of
// the project, and its drift check shows them in sync; names the server does not have are reported.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createClient } from '@clickhouse/client';
import { EmbeddedServer } from '../../server/embedded-server';
import { GENERATED_DIR, importCli, importToFile, synthWithDriftCheck } from '../support/import-roundtrip';
import { HOOK_TIMEOUT_MS } from '../support/timeouts';
import { serverWithAccessXml } from '../support/users-xml';

const ENTITIES = {
  users: `
    <bob>
      <password_sha256_hex>${createHash('sha256').update('bob-pw').digest('hex')}</password_sha256_hex>
      <networks><ip>::/0</ip></networks>
      <quota>limited</quota>
      <databases><r><t><filter>k = 1</filter></t></r></databases>
    </bob>`,
  quotas: `
    <limited>
      <interval><duration>3600</duration><queries>100</queries><errors>10</errors></interval>
      <interval><duration>86400</duration><queries>1000</queries></interval>
    </limited>
  `,
};

describe('import of quotas and row policies (--quota, --row-policy)', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-import-quotas-'));
  const outFile = path.join(GENERATED_DIR, `limits_${path.basename(home).replace(/[^A-Za-z0-9_]/g, '_')}.ts`);
  let server: EmbeddedServer;
  beforeAll(async () => {
    server = await serverWithAccessXml(home, ENTITIES);
    const c = createClient({ url: server.url });
    try {
      await c.command({ query: 'CREATE DATABASE r' });
      await c.command({ query: 'CREATE TABLE r.t (k UInt8, s String) ENGINE = MergeTree ORDER BY k' });
    } finally {
      await c.close();
    }
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(home, { recursive: true, force: true });
    fs.rmSync(outFile, { force: true });
  });

  test('GIVEN a users.xml quota and row policy WHEN imported by name with their table and user THEN Quota and RowPolicy declare the limits and the filter, the code type-checks, and its drift check shows them in sync', async () => {
    const env = { CLICKHOUSE_URL: server.url };
    const imported = await importToFile(
      ['--database', 'r', '--user', 'bob', '--quota', 'limited', '--row-policy', 'bob ON r.t'],
      'adopted_limits',
      outFile,
      env,
    );
    expect(imported.code).toBe(0);
    expect(imported.err.filter((l) => /warning/.test(l) && /quota|row_policy|row policy/.test(l))).toEqual([]);
    const source = imported.source;
    expect(source).toContain(
      [
        "  new Quota(stack, 'quota_limited', {",
        "    name: 'limited',",
        "    keyedBy: 'user_name',",
        '    intervals: [',
        '      { durationSeconds: 3600, max: { queries: 100, errors: 10 } },',
        '      { durationSeconds: 86400, max: { queries: 1000 } },',
        '    ],',
        '    appliesTo: { to: [bobUser] },',
        '  });',
      ].join('\n'),
    );
    expect(source).toContain(
      [
        "  new RowPolicy(stack, 'policy_bob_r_t', {",
        "    name: 'bob',",
        '    table: t,',
        "    using: 'k = 1',",
        '    appliesTo: { to: [bobUser] },',
        '  });',
      ].join('\n'),
    );
    expect(imported.typeErrors).toEqual([]);

    const { report } = await synthWithDriftCheck(imported.stackFn!, server.url, { ...env, BOB_PASSWORD: 'bob-pw' }, [], home);
    expect(report.checked).toBe(true);
    expect(report.objects.map((o) => o.object)).toEqual(expect.arrayContaining(['quota:limited', 'row_policy:bob ON r.t', 'user:bob', 'table:r.t']));
    expect(report.objects.filter((o) => o.state !== 'in_sync').map((o) => `${o.object}: ${o.reasons}`)).toEqual([]);
  });

  test('GIVEN a quota and a row policy the server does not have WHEN imported THEN it fails naming each', async () => {
    const err: string[] = [];
    expect(
      await importCli(
        ['--quota', 'ghost', '--row-policy', 'nobody ON r.t', '--quota', 'limited'],
        { CLICKHOUSE_URL: server.url },
        () => undefined,
        (l) => err.push(l),
      ),
    ).toBe(1);
    expect(err.join('\n')).toContain('no quota ghost, no row policy nobody ON r.t');
    expect(err.join('\n')).not.toContain('limited');
  });
});
