#!/usr/bin/env node
// Runs the real ClickHouse engine shipped in chdb's @chdb/lib-* package as an HTTP and native
// server for as long as this process lives. One process per server: ClickHouse's stack checks
// need the call on the main thread (ffi-rs does that; koffi does not), and stopping the server
// is just stopping this process.
//
// Usage: node chdb-serve.cjs <json options>
//   { path, httpPort, tcpPort, listenHost, configFile? }
'use strict';
// No JS signal handlers: the main thread stays inside the engine, so SIGTERM keeps its default action.
const opts = JSON.parse(process.argv[2] || '{}');
const { open, load, DataType } = require('ffi-rs');

function libraryPath() {
  const candidates = [`@chdb/lib-${process.platform}-${process.arch}-gnu/libchdb.so`, `@chdb/lib-${process.platform}-${process.arch}/libchdb.dylib`];
  for (const c of candidates) {
    try {
      return require.resolve(c);
    } catch {
      /* try the next */
    }
  }
  throw new Error(
    `chdb's engine library was not found for ${process.platform}-${process.arch}; run "npm ci" (package.json lists @chdb/lib-linux-x64-gnu, the engine of the chdb package, as an optional dependency: only linux x64 glibc builds are published)`,
  );
}

const args = [
  'clickhouse',
  `--path=${opts.path}`,
  `--listen_host=${opts.listenHost || '127.0.0.1'}`,
  `--http_port=${opts.httpPort}`,
  `--tcp_port=${opts.tcpPort}`,
];
if (opts.configFile) args.push(`--config-file=${opts.configFile}`);
// The listeners live as long as this query runs: an endless, nearly idle SELECT.
args.push(
  '--query=SYSTEM START LISTEN HTTP; SYSTEM START LISTEN TCP; ' +
    'SELECT sleep(1) FROM system.numbers SETTINGS max_block_size = 1, max_execution_time = 0 FORMAT Null',
);

process.stderr.write(
  `[chdb-serve] pid ${process.pid} starting ClickHouse on ${opts.listenHost || '127.0.0.1'} http=${opts.httpPort} tcp=${opts.tcpPort} path=${opts.path}\n`,
);
open({ library: 'libchdb', path: libraryPath() });
load({
  library: 'libchdb',
  funcName: 'query_stable_v2',
  retType: DataType.External,
  paramsType: [DataType.I32, DataType.StringArray],
  paramsValue: [args.length, args],
});
process.stderr.write('[chdb-serve] engine returned; exiting\n');
process.exit(3);
