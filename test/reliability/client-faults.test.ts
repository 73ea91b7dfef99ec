// Server unreachable or slow, at plan, at apply and for the drift check: bounded retries with
// backoff for transient network errors only, a timeout per request, and errors naming the host
// and what was being done, never a bare stack trace. Synth needs no server at all. Real closed
// ports, a real slow endpoint, the real server.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { checkStackDrift } from '../../constructs/app';
import { ClickHouseStack } from '../../constructs/clickhouse-stack';
import { Database } from '../../constructs/database';
import { freePort } from '../../server/embedded-server';
import { connect, ConnectionError, isTransient, ServerError } from '../../sql/live/client';
import { DatabaseSpec } from '../../sql/spec/model';
import { configOf, errorsOf, startProvider } from '../support/provider';
import { toDynamic } from '../../provider/protocol/dynamic-value';
import { FaultProxy, startFaultProxy } from '../support/fault-proxy';
import { serverInfo } from '../support/server-info';

const figures = { faults: 0, retries: 0, cases: 0 };

async function rawError(url: string, timeoutMs: number, sql = 'SELECT 1'): Promise<unknown> {
  const c = createClient({ url, request_timeout: timeoutMs, log: { level: ClickHouseLogLevel.OFF } });
  try {
    await c.query({ query: sql, format: 'JSONEachRow' });
    return undefined;
  } catch (err) {
    return err;
  } finally {
    await c.close();
  }
}

async function caught(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}

describe('client: transient faults are retried with backoff, bounded, and reported by host and action', () => {
  let closedUrl = '';
  let slow: FaultProxy;
  let front: FaultProxy;

  beforeAll(async () => {
    closedUrl = `http://127.0.0.1:${await freePort()}`;
    slow = await startFaultProxy({ mode: 'hang' });
    front = await startFaultProxy({ target: serverInfo().url });
  });
  afterAll(async () => {
    await slow.close();
    await front.close();
    console.log(`[reliability/client] ${figures.cases} fault cases, ${figures.faults} faults injected, ${figures.retries} retries observed`);
  });

  test('isTransient: refused connection and timeout yes; an answer from ClickHouse no', async () => {
    const refused = await rawError(closedUrl, 1000);
    const timedOut = await rawError(slow.url, 200);
    front.mode = 'reset';
    const reset = await rawError(front.url, 1000);
    front.mode = 'pass';
    const answered = await rawError(front.url, 5000, 'SELECT no_such_function_xyz()');
    figures.faults += 3;
    figures.cases += 4;
    expect(isTransient(refused)).toBe(true);
    expect(isTransient(timedOut)).toBe(true);
    expect(isTransient(reset)).toBe(true);
    expect(answered).toBeDefined();
    expect(isTransient(answered)).toBe(false);
    expect(isTransient(new Error('syntax error'))).toBe(false);
    console.log(
      `[reliability/client] refused: ${(refused as NodeJS.ErrnoException).code}; timeout: ${(timedOut as Error).message}; reset: ${(reset as Error).message}; answered: code ${(answered as { code?: string }).code}`,
    );
  });

  test('closed port: bounded attempts with doubling backoff, then a ConnectionError naming host and action', async () => {
    const conn = connect({ url: closedUrl, attempts: 3, backoffMs: 100, requestTimeoutMs: 1000 });
    const t0 = Date.now();
    const err = await caught(conn.query('SELECT count() FROM system.tables'));
    const ms = Date.now() - t0;
    await conn.close();
    figures.faults += 3;
    figures.retries += conn.stats.retries;
    figures.cases++;
    expect(err).toBeInstanceOf(ConnectionError);
    const ce = err as ConnectionError;
    expect(ce.host).toBe(new URL(closedUrl).host);
    expect(ce.causeCode).toBe('ECONNREFUSED');
    expect(ce.message).toContain(new URL(closedUrl).host);
    expect(ce.message).toContain('query "SELECT count() FROM system.tables"');
    expect(ce.message).toContain('3 attempt(s)');
    expect(conn.stats.retries).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(300); // 100 + 200 backoff
    expect(ms).toBeLessThan(5000);
    console.log(`[reliability/client] closed port: ${conn.stats.retries} retries in ${ms} ms: ${ce.message}`);
  });

  test('slow endpoint: a read times out on each bounded attempt; a statement is sent once and the error says it may be running', async () => {
    const conn = connect({ url: slow.url, attempts: 2, backoffMs: 50, requestTimeoutMs: 300 });
    let before = slow.requests.length;
    let t0 = Date.now();
    const readErr = await caught(conn.query('SELECT 1'));
    const readMs = Date.now() - t0;
    const readsSent = slow.requests.length - before;
    before = slow.requests.length;
    t0 = Date.now();
    const err = await caught(conn.exec('CREATE DATABASE IF NOT EXISTS never_created'));
    const ms = Date.now() - t0;
    await conn.close();
    const sent = slow.requests.length - before;
    figures.faults += readsSent + sent;
    figures.retries += conn.stats.retries;
    figures.cases += 2;
    expect(readErr).toBeInstanceOf(ConnectionError);
    expect(readsSent).toBe(2);
    expect(readErr.message).toContain('after 2 attempt(s)');
    expect(readErr.message).not.toContain('query_id');
    expect(readMs).toBeGreaterThanOrEqual(600);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toContain(`127.0.0.1:${slow.port}`);
    expect(err.message).toContain('statement "CREATE DATABASE IF NOT EXISTS never_created" failed after 1 attempt(s)');
    expect(err.message).toContain('Timeout error. (no answer within 300 ms)');
    expect(err.message).toMatch(/may still be running it \(query_id [0-9a-f-]{36},/);
    expect(err.message).toContain('not sent again');
    expect(sent).toBe(1);
    expect(conn.stats.retries).toBe(1); // the read's
    expect(ms).toBeLessThan(4000);
    console.log(`[reliability/client] slow endpoint: read ${readsSent} attempts in ${readMs} ms; statement ${sent} attempt in ${ms} ms: ${err.message}`);
  });

  test('a connection dropped while a statement is in flight: not sent again; a refused connection: the statement is retried', async () => {
    front.mode = 'reset';
    front.delayMs = 0;
    const before = front.sqlRequests().length;
    const conn = connect({ url: front.url, attempts: 4, backoffMs: 50, requestTimeoutMs: 3000 });
    const err = await caught(conn.exec('ALTER TABLE nowhere.t ADD COLUMN c UInt8'));
    front.mode = 'pass';
    const sent = front.sqlRequests().length - before;
    const retried = conn.stats.retries;
    await conn.close();
    const refused = connect({ url: closedUrl, attempts: 3, backoffMs: 50, requestTimeoutMs: 1000 });
    const refusedErr = await caught(refused.exec('CREATE DATABASE IF NOT EXISTS never_created'));
    await refused.close();
    figures.faults += sent + 3;
    figures.retries += retried + refused.stats.retries;
    figures.cases += 2;
    expect(sent).toBe(1);
    expect(retried).toBe(0);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toContain('not sent again');
    expect(refusedErr).toBeInstanceOf(ConnectionError);
    expect((refusedErr as ConnectionError).causeCode).toBe('ECONNREFUSED');
    expect(refused.stats.retries).toBe(2);
    expect(refusedErr.message).toContain('after 3 attempt(s)');
    expect(refusedErr.message).not.toContain('not sent again');
  });

  test('slow but within the timeout: answers; a fault that clears is retried through', async () => {
    front.mode = 'pass';
    front.delayMs = 300;
    const conn = connect({ url: front.url, attempts: 4, backoffMs: 150, requestTimeoutMs: 3000 });
    const rows = await conn.query<{ x: number }>('SELECT 1 AS x');
    expect(rows).toEqual([{ x: 1 }]);
    front.delayMs = 0;
    front.mode = 'reset';
    setTimeout(() => {
      front.mode = 'pass';
    }, 200);
    const again = await conn.query<{ x: number }>('SELECT 2 AS x');
    await conn.close();
    expect(again).toEqual([{ x: 2 }]);
    expect(conn.stats.retries).toBeGreaterThanOrEqual(1);
    figures.faults += 1 + front.faults.reset;
    figures.retries += conn.stats.retries;
    figures.cases += 2;
    console.log(`[reliability/client] delayed answer ok; connection resets cleared after ${conn.stats.retries} retries`);
  });

  test('an error from ClickHouse itself is not retried and carries its code', async () => {
    front.mode = 'pass';
    const before = front.sqlRequests().length;
    const conn = connect({ url: front.url, attempts: 4, backoffMs: 50 });
    const err = await caught(conn.query('SELECT no_such_function_xyz()'));
    await conn.close();
    figures.cases++;
    expect(err).toBeInstanceOf(ServerError);
    expect((err as ServerError).code).toBe('46');
    expect(err.message).toContain(`127.0.0.1:${front.port}`);
    expect(front.sqlRequests().length - before).toBe(1);
    expect(conn.stats.retries).toBe(0);
  });
});

describe('synth needs no server; the provider and the drift check fail clearly with the server unreachable or slow', () => {
  const cases: { name: string; url: () => Promise<{ url: string; close?: () => Promise<void> }> }[] = [
    { name: 'closed port', url: async () => ({ url: `http://127.0.0.1:${await freePort()}` }) },
    {
      name: 'endpoint that never answers',
      url: async () => {
        const p = await startFaultProxy({ mode: 'hang' });
        return { url: p.url, close: () => p.close() };
      },
    },
  ];
  for (const c of cases) {
    test(`${c.name}: synth writes the stack without asking the server; a plan fails naming the host, "cannot reach ClickHouse", no stack trace`, async () => {
      const target = await c.url();
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-rel-synth-'));
      try {
        const app = new App({ outdir });
        const stack = new ClickHouseStack(app, 'unreachable', { connection: { url: target.url, requestTimeoutMs: 500 } });
        new Database(stack, 'db', { name: 'reliability_unreachable' });
        const t0 = Date.now();
        app.synth();
        const synthMs = Date.now() - t0;
        const tf = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'unreachable', 'cdk.tf.json'), 'utf8'));
        expect(Object.keys(tf.resource.clickhouse_database)).toHaveLength(1);
        expect(synthMs).toBeLessThan(10000);

        const provider = await startProvider({ url: target.url, request_timeout_ms: 500 });
        const t1 = Date.now();
        const plan = await provider.plan({ kind: 'database', name: 'reliability_unreachable' });
        const planMs = Date.now() - t1;
        await provider.close();
        const said = errorsOf(plan);
        expect(said).toContain('cannot reach ClickHouse: ');
        expect(said).toContain(new URL(target.url).host);
        expect(said).toContain('after 3 attempt(s)');
        expect(said).not.toMatch(/^\s+at /m);
        expect(planMs).toBeLessThan(20000);
        figures.faults += 3;
        figures.cases++;
        console.log(
          `[reliability/unreachable] ${c.name}: synth in ${synthMs} ms with no server; provider plan failed after ${planMs} ms: ${said.split('\n')[0]}`,
        );
      } finally {
        await target.close?.();
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    });
  }

  test('checkStackDrift on a server that drops connections: not checked, with the reason, no throw', async () => {
    const proxy = await startFaultProxy({ target: serverInfo().url, mode: 'reset' });
    try {
      const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'chx-rel-synth-')) });
      const stack = new ClickHouseStack(app, 'resets', { connection: { url: proxy.url, requestTimeoutMs: 500 } });
      new Database(stack, 'db', { name: 'reliability_resets' });
      const report = await checkStackDrift(stack);
      expect(report.checked).toBe(false);
      expect(report.reason).toMatch(/not reachable|drift check failed/);
      expect(report.objects.map((o) => o.state)).toEqual(['unchecked']);
      figures.faults += proxy.faults.reset;
      figures.cases++;
    } finally {
      await proxy.close();
    }
  });

  test('the provider applying on a server that stops answering: the apply fails naming the object, host and action; the state is kept', async () => {
    const hang = await startFaultProxy({ mode: 'hang' });
    try {
      const provider = await startProvider({ url: hang.url, request_timeout_ms: 300 });
      const spec: DatabaseSpec = { kind: 'database', name: 'reliability_apply' };
      const config = toDynamic(configOf(spec, { removal_policy: 'retain', allow_destructive: false }));
      const t0 = Date.now();
      const r = await provider.provider.applyResourceChange({
        type_name: 'clickhouse_database',
        prior_state: toDynamic(null),
        planned_state: config,
        config,
        planned_private: new Uint8Array(),
      });
      const ms = Date.now() - t0;
      await provider.close();
      const said = r.diagnostics.map((d) => d.summary).join('\n');
      expect(said).toContain('clickhouse_database reliability_apply: cannot reach ClickHouse: ');
      expect(said).toContain(new URL(hang.url).host);
      expect(said).toMatch(/query "SELECT/);
      expect(said).toContain('(no answer within 300 ms)');
      expect(r.new_state).toEqual(toDynamic(null));
      expect(ms).toBeLessThan(20000);
      figures.faults += hang.requests.length;
      figures.cases++;
      console.log(`[reliability/apply] provider apply on a never-answering endpoint failed after ${ms} ms: ${said}`);
    } finally {
      await hang.close();
    }
  });
});
