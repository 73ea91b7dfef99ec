#!/usr/bin/env node
// The provider executable Terraform launches (through the launcher synth writes into the local
// plugin mirror). stdout carries only the handshake line: everything else goes to stderr, which
// Terraform shows with TF_LOG.
import * as fs from 'fs';
import * as inspector from 'inspector';
import * as path from 'path';
import { ClickHouseProvider } from './clickhouse-provider';
import { HandshakeError } from './protocol/handshake';
import { servePlugin } from './protocol/server';

/**
 * CHX_PROVIDER_CPU_PROFILE=<dir>: profile this process with V8's CPU profiler and write a
 * .cpuprofile into <dir> when Terraform shuts it down (`npm run bench:profile` reads them). Node
 * refuses --cpu-prof in NODE_OPTIONS, and Terraform starts the provider itself, hence this.
 */
function startProfiler(dir: string | undefined): () => Promise<void> {
  if (!dir) return async () => undefined;
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  const started = post('Profiler.enable').then(() => post('Profiler.setSamplingInterval', { interval: 1000 }).then(() => post('Profiler.start')));
  return async () => {
    await started;
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `provider-${process.pid}-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  };
}

async function main(): Promise<void> {
  const stopProfiler = startProfiler(process.env.CHX_PROVIDER_CPU_PROFILE);
  // Terraform forwards Ctrl-C to the whole process group and then calls StopProvider: the
  // provider must not die on SIGINT by itself, or a half-done apply would lose its result.
  process.on('SIGINT', () => undefined);
  console.log = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);
  const running = await servePlugin(new ClickHouseProvider());
  await running.done;
  await stopProfiler();
  process.exit(0);
}

main().catch((err: Error) => {
  process.stderr.write(`${err instanceof HandshakeError ? err.message : (err.stack ?? err.message)}\n`);
  process.exit(1);
});
