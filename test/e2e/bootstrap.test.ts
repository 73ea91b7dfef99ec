// `bootstrap <stack>` end to end: real cdktf deploy (real terraform, the ClickHouse provider) on
// the suite's server, filtered output with per-object progress, then validation against the server.
import * as path from 'path';
import { queryRows, testClient } from '../support/clickhouse';
import { buildProject, execCapture, PROJECT_ROOT, stripAnsi, terraformTest, useE2eStack } from '../support/cdktf';

function runBootstrap(dir: string, args: string[], env: Record<string, string>) {
  return execCapture('node', [path.join(PROJECT_ROOT, 'dist', 'cli', 'bootstrap.js'), ...args], {
    cwd: dir,
    env: { ...process.env, TS_NODE_PROJECT: path.join(PROJECT_ROOT, 'tsconfig.json'), ...env },
  });
}

describe('bootstrap: deploy, then validate against the server', () => {
  const client = testClient();
  const e2e = useE2eStack('boot');
  const { database, stack } = e2e;
  const env = () => e2e.env();
  // The usage test needs dist/ even where terraform is missing.
  beforeAll(() => buildProject());
  afterAll(() => client.close());

  terraformTest('GIVEN an empty server WHEN bootstrapped THEN it deploys with [i/n] progress, validates in sync and exits 0', async () => {
    const dir = e2e.dir();
    const r = await runBootstrap(dir, [stack], env());
    const out = r.stdout;
    if (r.code !== 0) console.log(`bootstrap failed:\n${r.stdout}\n${r.stderr}`);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(out).toContain(`==> bootstrap 1/2: cdktf deploy ${stack} --auto-approve`);
    expect(out).toContain('Apply complete! Resources: 9 added, 0 changed, 0 destroyed.');
    // Terraform's per-object progress, and the SQL each object's plan showed.
    expect(out).toMatch(
      new RegExp(
        `clickhouse_database\\.monitoring_database_resource_\\w+ \\(monitoring/database/resource\\): Creation complete after \\d+s \\[id=${database}\\]`,
      ),
    );
    expect(out).toContain(`CREATE DATABASE IF NOT EXISTS \`${database}\``);
    // Filtered for logs: no terminal escapes, no spinner lines.
    expect(out).toBe(stripAnsi(out));
    expect(out).not.toMatch(/Processing|Stacks? deploying/);
    // Then validated against the server.
    expect(out).toContain(`==> bootstrap 2/2: validate ${stack}`);
    expect(out).toContain(`[1/9] database:${database}: in sync`);
    expect(out).toContain('No drift: the server matches the declared schema.');
    expect(out).toContain(`bootstrap: ${stack} deployed and in sync (9 objects)`);
    const tables = await queryRows<{ n: string }>(client, 'SELECT count() AS n FROM system.tables WHERE database = {db:String}', { db: database });
    expect(Number(tables[0].n)).toBe(8);
  });

  terraformTest('GIVEN a change by hand WHEN bootstrapped with CHX_QUIET=1 THEN only the change is printed, it is healed, and it exits 0', async () => {
    const dir = e2e.dir();
    await client.command({ query: `ALTER TABLE ${database}.service_logs DROP COLUMN source` });
    const r = await runBootstrap(dir, [stack], { ...env(), CHX_QUIET: '1' });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(r.stdout).toMatch(/service_logs.*Modifications complete/);
    // Quiet: no banners, no Terraform progress of objects still being worked on, no in-sync lines.
    expect(r.stdout).not.toMatch(/==> bootstrap|Creating\.\.\.|Modifying\.\.\.|Still creating|Refreshing state|: in sync/);
    expect(r.stdout).toContain(`bootstrap: ${stack} deployed and in sync (9 objects)`);
    const cols = await queryRows<{ name: string }>(client, "SELECT name FROM system.columns WHERE database = {db:String} AND table = 'service_logs'", {
      db: database,
    });
    expect(cols.map((c) => c.name)).toContain('source');
  });

  test('GIVEN no stack THEN it says how to call it and exits 2; GIVEN no cdktf project THEN it says so and exits 1', async () => {
    const none = await runBootstrap(PROJECT_ROOT, [], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("error: missing required argument 'stack'");
    expect(none.stderr).toContain('chx bootstrap --help');
    const nowhere = await runBootstrap(path.join(PROJECT_ROOT, 'sql'), ['dev'], {});
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toContain('no cdktf.json in');
  });
});
