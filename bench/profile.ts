// npm run bench:profile -- --tables=1000: where the time of an n-table deploy and no-change plan
// goes. On a dedicated embedded ClickHouse: terraform apply (from nothing), then terraform plan,
// with the provider process under V8's CPU profiler (CHX_PROVIDER_CPU_PROFILE, provider/main.ts). Prints, per step: wall time, the
// provider's CPU time (busy vs idle, and the functions with the most self time), and what the
// server did (queries by kind with their summed server-side duration, from system.query_log).
// Nothing is written to bench/results: this is a diagnostic, not a benchmark.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Command } from 'commander';
import { Connection } from '../sql/live/client';
import { prepareStack, runTerraform, serverNow, startBenchServer } from './bench';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (ms) of every .cpuprofile in `dir`, summed; idle and GC apart. */
export function summarizeProfiles(dir: string): { totalMs: number; idleMs: number; gcMs: number; top: { fn: string; ms: number }[] } {
  const self = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  let gcMs = 0;
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir).filter((x) => x.endsWith('.cpuprofile')) : []) {
    const p = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as CpuProfile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    totalMs += (p.endTime - p.startTime) / 1000;
    p.samples.forEach((id, i) => {
      const ms = (p.timeDeltas[i] ?? 0) / 1000;
      const cf = byId.get(id)!.callFrame;
      if (cf.functionName === '(idle)') idleMs += ms;
      else if (cf.functionName === '(garbage collector)') gcMs += ms;
      const where = cf.url ? `${cf.url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${cf.lineNumber + 1}` : '';
      const key = `${cf.functionName || '(anonymous)'} ${where}`.trim();
      self.set(key, (self.get(key) ?? 0) + ms);
    });
  }
  const top = [...self]
    .filter(([k]) => !k.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([fn, ms]) => ({ fn, ms }));
  return { totalMs, idleMs, gcMs, top };
}

/** The queries the run sent: finished, initial, not the profiler's own. */
const SINCE = "WHERE event_time_microseconds >= {since:DateTime64(6)} AND type = 'QueryFinish' AND is_initial_query AND query NOT LIKE '%system.query_log%'";

async function serverWork(conn: Connection, since: string): Promise<{ kind: string; n: number; ms: number }[]> {
  await conn.exec('SYSTEM FLUSH LOGS');
  const rows = await conn.query<{ kind: string; n: string; ms: string }>(
    "SELECT if(query_kind = '', 'other', query_kind) AS kind, count() AS n, sum(query_duration_ms) AS ms FROM system.query_log " +
      `${SINCE} ` +
      'GROUP BY kind ORDER BY ms DESC',
    { since },
  );
  return rows.map((r) => ({ kind: r.kind, n: Number(r.n), ms: Number(r.ms) }));
}

/** The query shapes (literals and parameters folded) the server ran most often since `since`. */
async function topShapes(conn: Connection, since: string): Promise<{ shape: string; n: number; ms: number }[]> {
  const rows = await conn.query<{ shape: string; n: string; ms: string }>(
    "SELECT substring(replaceRegexpAll(normalizeQuery(any(query)), '\\s+', ' '), 1, 110) AS shape, count() AS n, sum(query_duration_ms) AS ms FROM system.query_log " +
      `${SINCE} ` +
      'GROUP BY normalized_query_hash ORDER BY n DESC LIMIT 12',
    { since },
  );
  return rows.map((r) => ({ shape: r.shape, n: Number(r.n), ms: Number(r.ms) }));
}

async function main(): Promise<void> {
  const opts = new Command()
    .option('--tables <n>', 'tables in the stack', (v) => Number(v), 1000)
    .option('--keep', 'keep the temporary directory (state, profiles)')
    .parse(process.argv)
    .opts<{ tables: number; keep?: boolean }>();
  const n = opts.tables;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-profile-'));
  const { server, conn } = await startBenchServer(tmp);
  const env = { CLICKHOUSE_URL: server.url, CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1' };
  try {
    const dir = await prepareStack(tmp, `profile-${n}`, `profile_${n}`, n, env);
    for (const [step, args] of [
      ['apply', ['apply', '-auto-approve', '-input=false']],
      ['plan', ['plan', '-input=false']],
    ] as const) {
      const profDir = path.join(tmp, `prof-${step}`);
      const since = await serverNow(conn);
      const r = await runTerraform(dir, [...args], { ...env, CHX_PROVIDER_CPU_PROFILE: profDir });
      if (r.code !== 0) throw new Error(`terraform ${step} failed:\n${r.output.split('\n').slice(-30).join('\n')}`);
      const work = await serverWork(conn, since);
      const shapes = await topShapes(conn, since);
      const prof = summarizeProfiles(profDir);
      const busy = prof.totalMs - prof.idleMs;
      process.stdout.write(
        [
          `\n== terraform ${step}, ${n} tables: ${(r.ms / 1000).toFixed(1)} s wall ==`,
          `provider process: ${(prof.totalMs / 1000).toFixed(1)} s alive, ${(busy / 1000).toFixed(1)} s on the CPU (GC ${(prof.gcMs / 1000).toFixed(1)} s), ${(prof.idleMs / 1000).toFixed(1)} s idle`,
          `server: ${work.map((w) => `${w.kind} ${w.n} queries ${(w.ms / 1000).toFixed(1)} s`).join('; ') || 'no queries'}`,
          'server: the most frequent query shapes:',
          ...shapes.map((q) => `  ${String(q.n).padStart(6)} x ${(q.ms / 1000).toFixed(1).padStart(6)} s  ${q.shape}`),
          'provider self time, top functions:',
          ...prof.top.map((t) => `  ${t.ms.toFixed(0).padStart(7)} ms  ${t.fn}`),
        ].join('\n') + '\n',
      );
    }
  } finally {
    await conn.close();
    await server.stop();
    if (opts.keep) process.stdout.write(`kept ${tmp}\n`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`profile failed: ${err.stack ?? err.message}\n`);
    process.exit(2);
  });
}
