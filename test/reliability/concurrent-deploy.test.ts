// Two `cdktf deploy` of the same stack at once, from the same project directory (one Terraform
// state): the second waits for or fails on Terraform's state lock, clearly; neither corrupts the
// audit record (one consistent latest record per object) and the plan afterwards is clean.
import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, LocalBackend } from 'cdktf';
import { MonitoringStack } from '../../stacks/environment';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';
import { serverInfo } from '../support/server-info';
import { runCdktf, expectCleanPlan, terraformTest, useE2eStack } from '../support/cdktf';
import { E2E_TIMEOUT_MS } from '../support/timeouts';

describe('concurrent deploys of one stack', () => {
  const client = testClient();
  const e2e = useE2eStack('rel_conc');
  const { database, stack } = e2e;
  const env = () => e2e.env();
  afterAll(() => client.close());

  terraformTest(
    'two deploys at once from one directory: each either applies or fails naming why (the state lock, or the provider install another init is doing); nothing is corrupted and the next deploy converges; record consistent; plan clean',
    async () => {
      const dir = e2e.dir();
      const [a, b] = await Promise.all([runCdktf(dir, ['deploy', stack, '--auto-approve'], env()), runCdktf(dir, ['deploy', stack, '--auto-approve'], env())]);
      // Terraform's state lock guards apply; its init, which installs the provider into the
      // directory's .terraform, is not safe to run twice at once in one directory: pipelines that
      // deploy concurrently need their own checkouts (the next test), as CI gives them anyway.
      const LOCK = /Error acquiring the state lock/;
      const INIT = /does not match any of the checksums recorded in the dependency lock file|Required plugins are not installed|Failed to install provider/;
      const outcome = (r: { code: number; output: string }) =>
        r.code === 0 ? 'applied' : LOCK.test(r.output) ? 'lock refused' : INIT.test(r.output) ? 'init race' : 'failed';
      const outcomes = [outcome(a), outcome(b)];
      console.log(`[reliability/concurrent] one directory, two deploys at once: ${outcomes.join(', ')}`);
      expect(outcomes).not.toContain('failed');
      // Whatever happened, the next deploy converges.
      const after = await runCdktf(dir, ['deploy', stack, '--auto-approve'], env());
      expect({ code: after.code, out: after.code === 0 ? '' : after.output }).toEqual({ code: 0, out: '' });

      // The audit record: per object, one latest record (no tie on applied_at), its attributes parseable and naming the object.
      const rows = await queryRows<{ object: string; records: string; at_latest: string; triggers: string }>(
        client,
        `SELECT object, count() AS records, countIf(applied_at = latest) AS at_latest, argMax(triggers, applied_at) AS triggers
       FROM schema_revisions.revisions
       INNER JOIN (SELECT object, max(applied_at) AS latest FROM schema_revisions.revisions WHERE stack = {stack:String} GROUP BY object) AS m USING (object)
       WHERE stack = {stack:String} GROUP BY object ORDER BY object`,
        { stack },
      );
      const tables = await queryRows<{ name: string }>(client, 'SELECT name FROM system.tables WHERE database = {db:String}', { db: database });
      expect(rows.length).toBe(tables.length + 1);
      for (const r of rows) {
        expect(Number(r.at_latest)).toBe(1);
        const attrs = JSON.parse(r.triggers) as { id: string };
        expect(r.object.endsWith(`:${attrs.id}`)).toBe(true);
      }

      const plan = await runCdktf(dir, ['plan', stack], env());
      expect(plan.output).toMatch(/No changes\./);
      expectCleanPlan(dir, stack, env());
      console.log(
        `[reliability/concurrent] 2 deploys at once (${outcomes.join(', ')}); ${rows.length} objects in the audit record, ${rows.reduce((n, r) => n + Number(r.records), 0)} records, each with one latest; plan clean`,
      );
    },
    E2E_TIMEOUT_MS,
  );

  terraformTest(
    'two pipelines with their own Terraform states deploy the same schema at once: both reach ClickHouse, both succeed, both plans are clean after',
    async () => {
      const info = serverInfo();
      const database = uniqueName('rel_twostates');
      const env = { ...process.env, CHECKPOINT_DISABLE: '1', CLICKHOUSE_URL: info.url, CLICKHOUSE_USER: info.username, CLICKHOUSE_PASSWORD: info.password };
      const homes = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'chx-twostates-')));
      try {
        const dirs = homes.map((home) => {
          const app = new App({ outdir: path.join(home, 'out') });
          const stack = new MonitoringStack(app, 'twostates', { stack: { connection: { urlEnv: 'CLICKHOUSE_URL' } }, schema: { database, access: false } });
          new LocalBackend(stack, { path: path.join(home, 'state.tfstate') });
          app.synth();
          return path.join(home, 'out', 'stacks', 'twostates');
        });
        for (const dir of dirs) execFileSync('terraform', ['init', '-input=false', '-no-color'], { cwd: dir, env, stdio: 'pipe' });
        const applies = await Promise.all(dirs.map((dir) => run('terraform', ['apply', '-auto-approve', '-input=false', '-no-color'], dir, env)));
        for (const a of applies) expect({ code: a.code, out: a.code === 0 ? '' : a.out }).toEqual({ code: 0, out: '' });
        // Both applied for real: every object is recorded by both stacks' applies (created, or adopted after the other created it).
        const rows = await queryRows<{ n: string }>(
          client,
          "SELECT count() AS n FROM schema_revisions.revisions WHERE stack = 'twostates' AND object LIKE {o:String}",
          { o: `%${database}%` },
        );
        expect(Number(rows[0].n)).toBe(2 * 9);
        for (const dir of dirs) {
          const plan = await run('terraform', ['plan', '-input=false', '-detailed-exitcode', '-no-color'], dir, env);
          expect({ code: plan.code, out: plan.code === 0 ? '' : plan.out }).toEqual({ code: 0, out: '' });
        }
        console.log(`[reliability/concurrent] 2 states, 2 applies at once: both succeeded, ${rows[0].n} audit records, both plans clean`);
      } finally {
        await client.command({ query: `DROP DATABASE IF EXISTS ${database} SYNC` });
        for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
      }
    },
    E2E_TIMEOUT_MS,
  );
});

function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}\n${stderr}` }),
    );
  });
}
