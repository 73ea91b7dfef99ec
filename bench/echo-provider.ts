#!/usr/bin/env node
// The benchmark's "echo" provider: the ClickHouse provider's schema served over the same gRPC
// server (tfplugin6, go-plugin handshake, AutoMTLS), answering every call at once without a
// server: validate finds nothing, read returns the state it was given, plan returns the prior
// state, upgrade does the same JSON-to-MessagePack work as the real one. A no-change plan through
// it costs what Terraform and the protocol cost for this schema whatever a provider does, the
// floor under the real provider's no-change plan. The benchmark runs it through a Terraform
// dev_overrides CLI configuration (echoPlan in bench.ts); it is never installed by synth.
import { ClickHouseProvider } from '../provider/clickhouse-provider';
import { ProviderHandlers } from '../provider/protocol/messages';
import { servePlugin } from '../provider/protocol/server';

export function echoHandlers(): ProviderHandlers {
  const real = new ClickHouseProvider({});
  return {
    getProviderSchema: () => real.getProviderSchema(),
    validateProviderConfig: async () => ({ diagnostics: [] }),
    validateResourceConfig: async () => ({ diagnostics: [] }),
    upgradeResourceState: (req) => real.upgradeResourceState(req),
    configureProvider: async () => ({ diagnostics: [] }),
    readResource: async (req) => ({ new_state: req.current_state, private: req.private, diagnostics: [] }),
    planResourceChange: async (req) => ({ planned_state: req.prior_state, planned_private: req.prior_private, diagnostics: [] }),
    applyResourceChange: async (req) => ({ new_state: req.planned_state, private: req.planned_private, diagnostics: [] }),
    importResourceState: async () => ({ imported_resources: [], diagnostics: [] }),
    stop: async () => undefined,
    close: async () => undefined,
  };
}

if (require.main === module) {
  process.on('SIGINT', () => undefined);
  servePlugin(echoHandlers())
    .then((running) => running.done)
    .then(() => process.exit(0))
    .catch((err: Error) => {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    });
}
