#!/usr/bin/env node
// `chx clickhouse start|run|stop|status|url`: the embedded ClickHouse server for local use, its
// state and data in ./.clickhouse (CLICKHOUSE_HOME) of the directory it is started from.
// CLICKHOUSE_HTTP_PORT moves it, and the dev stacks' default URL (embeddedUrl) with it.
import * as fs from 'fs';
import * as path from 'path';
import { isAlive, ping, startEmbeddedServer, stopPid } from '../server/embedded-server';
import { EMBEDDED_HTTP_PORT } from '../sql/live/connection';
import { main } from './chx';

interface State {
  pid: number;
  url: string;
  httpPort: number;
  tcpPort: number;
  dataDir: string;
  logFile: string;
}

export type ClickHouseAction = 'start' | 'run' | 'stop' | 'status' | 'url';

/** Runs one action; `run` keeps the server in this process until SIGINT/SIGTERM. */
export async function clickhouseCommand(action: ClickHouseAction, env: NodeJS.ProcessEnv, cwd: string, out: (s: string) => void): Promise<number> {
  const home = path.resolve(cwd, env.CLICKHOUSE_HOME ?? '.clickhouse');
  const stateFile = path.join(home, 'server.json');
  const readState = (): State | undefined => {
    try {
      return JSON.parse(fs.readFileSync(stateFile, 'utf8')) as State;
    } catch {
      return undefined;
    }
  };
  const running = async (): Promise<State | undefined> => {
    const s = readState();
    return s && isAlive(s.pid) && (await ping(s.url)) ? s : undefined;
  };
  /** The line a shell can eval when the server is not where the stacks look by default. */
  const urlHint = (s: State) =>
    s.httpPort !== EMBEDDED_HTTP_PORT && env.CLICKHOUSE_HTTP_PORT === undefined
      ? [`  the dev stack looks at ${EMBEDDED_HTTP_PORT}: export CLICKHOUSE_URL=${s.url} (or CLICKHOUSE_HTTP_PORT=${s.httpPort})`]
      : [];

  switch (action) {
    case 'start':
    case 'run': {
      const existing = await running();
      if (existing) {
        out(`embedded ClickHouse already running: ${existing.url} (pid ${existing.pid}, data ${existing.dataDir})`);
        return 0;
      }
      const detached = action === 'start';
      const dataDir = path.resolve(cwd, env.CLICKHOUSE_DATA_DIR ?? path.join(home, 'data'));
      const httpPort = Number(env.CLICKHOUSE_HTTP_PORT ?? EMBEDDED_HTTP_PORT);
      const tcpPort = Number(env.CLICKHOUSE_TCP_PORT ?? 19000);
      const logFile = path.join(home, 'server.log');
      fs.mkdirSync(home, { recursive: true });
      const t0 = Date.now();
      const server = await startEmbeddedServer({ dataDir, httpPort, tcpPort, logFile, detached, configFile: env.CLICKHOUSE_CONFIG_FILE });
      const state: State = { pid: server.pid, url: server.url, httpPort, tcpPort, dataDir, logFile };
      fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
      const version = await (await fetch(`${server.url}/?query=SELECT%20version()`)).text();
      out(`embedded ClickHouse ${version.trim()} up in ${Date.now() - t0} ms: ${server.url} (native port ${tcpPort}, pid ${server.pid})`);
      out(`  data: ${dataDir}\n  log:  ${logFile}\n  stop: chx clickhouse stop (npm run clickhouse -- stop)`);
      for (const l of urlHint(state)) out(l);
      if (detached) return 0;
      const stop = async () => {
        await server.stop();
        fs.rmSync(stateFile, { force: true });
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      return new Promise<number>(() => undefined);
    }
    case 'stop': {
      const state = readState();
      fs.rmSync(stateFile, { force: true });
      if (!state || !isAlive(state.pid)) {
        out('embedded ClickHouse is not running');
        return 0;
      }
      await stopPid(state.pid);
      out(`embedded ClickHouse stopped (pid ${state.pid}); data kept in ${state.dataDir}`);
      return 0;
    }
    case 'status': {
      const state = await running();
      out(state ? `running: ${state.url} (pid ${state.pid}, data ${state.dataDir})` : 'not running');
      if (state) for (const l of urlHint(state)) out(l);
      return state ? 0 : 1;
    }
    case 'url': {
      const state = await running();
      if (state) out(state.url);
      return state ? 0 : 1;
    }
  }
}

if (require.main === module) main(['clickhouse']);
