#!/usr/bin/env node
// `npm run clickhouse -- start|stop|status|run`: the embedded ClickHouse server for local use.
import * as fs from 'fs';
import * as path from 'path';
import { isAlive, ping, startEmbeddedServer, stopPid } from '../server/embedded-server';
import { projectRoot } from '../sql/live/connection';

const home = path.resolve(process.env.CLICKHOUSE_HOME ?? path.join(projectRoot(), '.clickhouse'));
const stateFile = path.join(home, 'server.json');

interface State {
  pid: number;
  url: string;
  httpPort: number;
  tcpPort: number;
  dataDir: string;
  logFile: string;
}

function readState(): State | undefined {
  try {
    return JSON.parse(fs.readFileSync(stateFile, 'utf8')) as State;
  } catch {
    return undefined;
  }
}

async function start(detached: boolean): Promise<void> {
  const existing = readState();
  if (existing && isAlive(existing.pid) && (await ping(existing.url))) {
    console.log(`embedded ClickHouse already running: ${existing.url} (pid ${existing.pid}, data ${existing.dataDir})`);
    return;
  }
  const dataDir = path.resolve(process.env.CLICKHOUSE_DATA_DIR ?? path.join(home, 'data'));
  const httpPort = Number(process.env.CLICKHOUSE_HTTP_PORT ?? 18123);
  const tcpPort = Number(process.env.CLICKHOUSE_TCP_PORT ?? 19000);
  const logFile = path.join(home, 'server.log');
  fs.mkdirSync(home, { recursive: true });
  const t0 = Date.now();
  const server = await startEmbeddedServer({ dataDir, httpPort, tcpPort, logFile, detached, configFile: process.env.CLICKHOUSE_CONFIG_FILE });
  const state: State = { pid: server.pid, url: server.url, httpPort, tcpPort, dataDir, logFile };
  fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
  const version = await (await fetch(`${server.url}/?query=SELECT%20version()`)).text();
  console.log(`embedded ClickHouse ${version.trim()} up in ${Date.now() - t0} ms: ${server.url} (native port ${tcpPort}, pid ${server.pid})`);
  console.log(`  data: ${dataDir}\n  log:  ${logFile}\n  stop: npm run clickhouse -- stop`);
  if (!detached) {
    const stop = async () => {
      await server.stop();
      fs.rmSync(stateFile, { force: true });
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    await new Promise(() => undefined);
  }
}

async function stop(): Promise<void> {
  const state = readState();
  if (!state || !isAlive(state.pid)) {
    console.log('embedded ClickHouse is not running');
    fs.rmSync(stateFile, { force: true });
    return;
  }
  await stopPid(state.pid);
  fs.rmSync(stateFile, { force: true });
  console.log(`embedded ClickHouse stopped (pid ${state.pid}); data kept in ${state.dataDir}`);
}

async function status(): Promise<number> {
  const state = readState();
  if (state && isAlive(state.pid) && (await ping(state.url))) {
    console.log(`running: ${state.url} (pid ${state.pid}, data ${state.dataDir})`);
    return 0;
  }
  console.log('not running');
  return 1;
}

async function main(): Promise<number> {
  const cmd = process.argv[2] ?? 'start';
  switch (cmd) {
    case 'start':
      await start(true);
      return 0;
    case 'run':
      await start(false);
      return 0;
    case 'stop':
      await stop();
      return 0;
    case 'status':
      return status();
    case 'url': {
      const s = readState();
      if (!s) return 1;
      console.log(s.url);
      return 0;
    }
    default:
      console.error(`unknown command "${cmd}"; use start (background), run (foreground), stop, status or url`);
      return 2;
  }
}

main().then(
  (code) => {
    if (code !== 0 || process.argv[2] !== 'run') process.exit(code);
  },
  (err: Error) => {
    console.error(`clickhouse: ${err.message}`);
    process.exit(1);
  },
);
