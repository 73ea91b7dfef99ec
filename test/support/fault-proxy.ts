// A tiny HTTP proxy on 127.0.0.1 in front of a ClickHouse server: records every query sent
// (the embedded engine has no system.query_log), and injects faults on demand: delay every
// response, refuse to answer (hang), or reset connections. Also usable with no target as a
// "slow endpoint" that never answers in time.
import * as http from 'http';
import { AddressInfo } from 'net';

export type FaultMode = 'pass' | 'hang' | 'reset';

export interface RecordedRequest {
  readonly method: string;
  /** The SQL: the `query` URL parameter followed by the body, as ClickHouse's HTTP interface reads it. */
  readonly sql: string;
  readonly at: number;
}

export interface FaultProxy {
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Requests that carried SQL (pings excluded). */
  sqlRequests(): RecordedRequest[];
  /** Faults injected so far (hung, reset or delayed requests). */
  readonly faults: { hung: number; reset: number; delayed: number };
  mode: FaultMode;
  /** Delay before forwarding each request, in ms. */
  delayMs: number;
  /** Reset the connection of every request whose SQL this matches (whatever the mode). @default none */
  resetWhen?: (sql: string) => boolean;
  close(): Promise<void>;
}

export async function startFaultProxy(opts: { target?: string; mode?: FaultMode; delayMs?: number } = {}): Promise<FaultProxy> {
  const target = opts.target ? new URL(opts.target) : undefined;
  const requests: RecordedRequest[] = [];
  const faults = { hung: 0, reset: 0, delayed: 0 };
  const sockets = new Set<import('net').Socket>();
  const state = { mode: opts.mode ?? 'pass', delayMs: opts.delayMs ?? 0 } as { mode: FaultMode; delayMs: number; resetWhen?: (sql: string) => boolean };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const u = new URL(req.url ?? '/', 'http://x');
      const sql = [u.searchParams.get('query') ?? '', body.toString('utf8')].filter((s) => s.length > 0).join('\n');
      requests.push({ method: req.method ?? 'GET', sql, at: Date.now() });
      if (state.mode === 'reset' || state.resetWhen?.(sql)) {
        faults.reset++;
        req.socket.destroy();
        return;
      }
      if (state.mode === 'hang' || !target) {
        faults.hung++;
        return; // never answers; the client's timeout has to fire
      }
      const forward = () => {
        const up = http.request(
          { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
          (upRes) => {
            res.writeHead(upRes.statusCode ?? 502, upRes.headers);
            upRes.pipe(res);
          },
        );
        up.on('error', () => req.socket.destroy());
        up.end(body);
      };
      if (state.delayMs > 0) {
        faults.delayed++;
        setTimeout(forward, state.delayMs);
      } else forward();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    faults,
    sqlRequests: () => requests.filter((r) => r.sql.trim().length > 0),
    get mode() {
      return state.mode;
    },
    set mode(m: FaultMode) {
      state.mode = m;
    },
    get resetWhen() {
      return state.resetWhen;
    },
    set resetWhen(f: ((sql: string) => boolean) | undefined) {
      state.resetWhen = f;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(d: number) {
      state.delayMs = d;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
