#!/usr/bin/env node
// The provider executable Terraform launches (through the launcher synth writes into the local
// plugin mirror). stdout carries only the handshake line: everything else goes to stderr, which
// Terraform shows with TF_LOG.
import { ClickHouseProvider } from './clickhouse-provider';
import { HandshakeError } from './protocol/handshake';
import { servePlugin } from './protocol/server';

async function main(): Promise<void> {
  // Terraform forwards Ctrl-C to the whole process group and then calls StopProvider: the
  // provider must not die on SIGINT by itself, or a half-done apply would lose its result.
  process.on('SIGINT', () => undefined);
  console.log = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);
  const running = await servePlugin(new ClickHouseProvider());
  await running.done;
  process.exit(0);
}

main().catch((err: Error) => {
  process.stderr.write(`${err instanceof HandshakeError ? err.message : (err.stack ?? err.message)}\n`);
  process.exit(1);
});
