import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { embeddedServerFailed } from '../sql/spec/errors';

/** Options of an embedded ClickHouse server (the real engine from chdb, served over HTTP and TCP). */
export interface EmbeddedServerOptions {
  /** Data directory; kept between runs. */
  readonly dataDir: string;
  /** HTTP port. @default a free port */
  readonly httpPort?: number;
  /** Native protocol port. @default a free port */
  readonly tcpPort?: number;
  /** Listen address. @default 127.0.0.1 */
  readonly listenHost?: string;
  /** Server log file. @default <dataDir>/../server.log */
  readonly logFile?: string;
  /** Optional ClickHouse config file (remote_servers, users, macros). */
  readonly configFile?: string;
  /** How long to wait for /ping. @default 60000 */
  readonly startTimeoutMs?: number;
  /** Keep running after this process exits (the `npm run clickhouse` daemon). @default false */
  readonly detached?: boolean;
}

export interface EmbeddedServer {
  readonly url: string;
  readonly httpPort: number;
  readonly tcpPort: number;
  readonly pid: number;
  readonly logFile: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function ping(url: string, timeoutMs = 1000): Promise<boolean> {
  try {
    const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok && (await res.text()).startsWith('Ok');
  } catch {
    return false;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops a server process by pid: SIGTERM, then SIGKILL if it lingers. */
export async function stopPid(pid: number, graceMs = 10000): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Starts the real ClickHouse engine as a server in a child process and waits until /ping answers. */
export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const httpPort = options.httpPort ?? (await freePort());
  const tcpPort = options.tcpPort ?? (await freePort());
  const listenHost = options.listenHost ?? '127.0.0.1';
  const logFile = path.resolve(options.logFile ?? path.join(dataDir, '..', 'server.log'));
  const url = `http://${listenHost}:${httpPort}`;
  if (await ping(url)) {
    throw embeddedServerFailed(`port ${httpPort} on ${listenHost} already answers /ping: another ClickHouse is running there`);
  }
  const out = fs.openSync(logFile, 'a');
  const script = path.join(__dirname, 'chdb-serve.cjs');
  const serveScript = fs.existsSync(script) ? script : path.join(__dirname, '..', '..', 'server', 'chdb-serve.cjs');
  const child = spawn(process.execPath, [serveScript, JSON.stringify({ path: dataDir + '/', httpPort, tcpPort, listenHost, configFile: options.configFile })], {
    stdio: ['ignore', out, out],
    detached: options.detached ?? false,
    cwd: dataDir,
  });
  fs.closeSync(out);
  if (options.detached) child.unref();
  let exited: number | null = null;
  child.on('exit', (code) => {
    exited = code ?? -1;
  });
  const pid = child.pid!;
  const deadline = Date.now() + (options.startTimeoutMs ?? 60000);
  while (!(await ping(url))) {
    if (exited !== null) throw embeddedServerFailed(`embedded ClickHouse exited with code ${exited} before answering /ping; log ${logFile}:\n${tail(logFile)}`);
    if (Date.now() > deadline) {
      await stopPid(pid);
      throw embeddedServerFailed(
        `embedded ClickHouse did not answer ${url}/ping within ${options.startTimeoutMs ?? 60000} ms; log ${logFile}:\n${tail(logFile)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, httpPort, tcpPort, pid, logFile, stop: () => stopPid(pid) };
}
