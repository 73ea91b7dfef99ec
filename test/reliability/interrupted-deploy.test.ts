// Interrupted deploy: a dedicated embedded server is stopped while `cdktf deploy` is creating the
// schema; the deploy fails clearly; the server comes back on the same data directory and port; a
// second deploy converges and the plan after it is clean.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EmbeddedServer, startEmbeddedServer } from '../../server/embedded-server';
import { SEED_TABLE_NAMES } from '../../stacks/lightbulb/seed-schema';
import { runCdktf, expectCleanPlan, terraformTest, useScratchProject } from '../support/cdktf';
import { E2E_TIMEOUT_MS, scaled } from '../support/timeouts';

async function sql<T>(url: string, query: string): Promise<T[]> {
  const res = await fetch(`${url}/?default_format=JSONEachRow`, { method: 'POST', body: query, signal: AbortSignal.timeout(2000) });
  if (!res.ok) throw new Error(await res.text());
  return (await res.text())
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);
}

describe('a deploy interrupted by a server outage fails clearly; the next one converges', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-rel-outage-'));
  const database = 'rel_outage';
  const stack = 'rel-outage';
  let server: EmbeddedServer | undefined;
  const project = useScratchProject();
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(home, { recursive: true, force: true });
  });

  terraformTest(
    'server stopped mid-deploy, restarted on the same data dir and port',
    async () => {
      const dir = project.dir();
      server = await startEmbeddedServer({ dataDir: path.join(home, 'data'), logFile: path.join(home, 'server.log') });
      const { url, httpPort, tcpPort } = server;
      const env = { CLICKHOUSE_URL: url, E2E_STACK: stack, E2E_DATABASE: database };

      // GIVEN a deploy under way
      const deploying = runCdktf(dir, ['deploy', stack, '--auto-approve'], env);
      // WHEN the server goes away once the database and some tables exist
      const KILL_AT = 3;
      let seen = 0;
      const t0 = Date.now();
      // cdktf's start-up and synth come first: on a busy machine that alone can take minutes.
      const deadline = t0 + scaled(420_000);
      let ended: { code: number; output: string } | undefined;
      void deploying.then((r) => (ended = r));
      while (Date.now() < deadline && !ended) {
        try {
          seen = Number((await sql<{ n: string }>(url, `SELECT count() AS n FROM system.tables WHERE database = '${database}'`))[0].n);
        } catch {
          seen = 0;
        }
        if (seen >= KILL_AT) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      if (seen < KILL_AT) {
        const why = ended
          ? `the deploy ended first (exit ${ended.code}):\n${ended.output.split('\n').slice(-40).join('\n')}`
          : `the deploy made ${seen} tables by the deadline`;
        throw new Error(`the outage was not injected: ${why}`);
      }
      await server.stop();
      const stoppedAt = Date.now() - t0;
      const first = await deploying;

      // THEN the deploy fails, saying which server it could not reach
      expect(first.code).not.toBe(0);
      expect(first.output).toContain('cannot reach ClickHouse');
      expect(first.output).toContain(`127.0.0.1:${httpPort}`);
      const failedObjects = new Set([...first.output.matchAll(/clickhouse_\w+ ([\w.]+): cannot reach ClickHouse/g)].map((m) => m[1]));
      expect(first.output).not.toContain('Apply complete!');

      // WHEN the server is back (same data, same port) and deploy runs again
      server = await startEmbeddedServer({ dataDir: path.join(home, 'data'), logFile: path.join(home, 'server.log'), httpPort, tcpPort });
      const afterRestart = Number((await sql<{ n: string }>(url, `SELECT count() AS n FROM system.tables WHERE database = '${database}'`))[0].n);
      const second = await runCdktf(dir, ['deploy', stack, '--auto-approve'], env);

      // THEN it converges, and the plan after it is clean
      expect(second.output).toContain('Apply complete!');
      expect(second.code).toBe(0);
      const tables = (await sql<{ name: string }>(url, `SELECT name FROM system.tables WHERE database = '${database}' ORDER BY name`)).map((r) => r.name);
      for (const t of SEED_TABLE_NAMES) expect(tables).toContain(t);
      expect(tables).toContain('service_status_summary');
      const plan = await runCdktf(dir, ['plan', stack], env);
      expect(plan.output).toMatch(/No changes\./);
      expectCleanPlan(dir, stack, env);
      const latest = await sql<{ object: string; n: string }>(
        url,
        `SELECT object, count() AS n FROM schema_revisions.revisions WHERE stack = '${stack}' GROUP BY object ORDER BY object`,
      );
      expect(latest.length).toBe(tables.length + 1); // every table and view, plus the database: created or adopted

      console.log(
        `[reliability/outage] 1 outage injected ${stoppedAt} ms into deploy with ${seen} of ${tables.length} tables created; first deploy exit ${first.code} (${failedObjects.size} object(s) reported "cannot reach ClickHouse": ${[...failedObjects].join(', ')}); after restart ${afterRestart} tables survived; second deploy converged to ${tables.length} tables; plan clean; ${latest.length} objects in the audit record (${latest.reduce((a, r) => a + Number(r.n), 0)} records)`,
      );
    },
    E2E_TIMEOUT_MS,
  );
});
