// The gRPC server Terraform talks to: the tfplugin6 Provider service plus what go-plugin's
// client expects of any plugin — the health service ("plugin" is SERVING), GRPCController
// (Shutdown ends the process), GRPCStdio (stdout/stderr streaming; ours stays silent: logs go
// to stderr, which go-plugin reads itself) and GRPCBroker (unused here, accepted and idle).
// Bound to 127.0.0.1 on a free port, with AutoMTLS when Terraform sends its certificate.
import * as fs from 'fs';
import * as path from 'path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { checkLaunch, handshakeLine } from './handshake';
import { Diagnostic, errorDiagnostic, ProviderHandlers } from './messages';
import { generateServerCertificate } from './tls';

const PROTO_FILES = ['tfplugin6.8.proto', 'grpc_controller.proto', 'grpc_stdio.proto', 'grpc_broker.proto', 'health.proto'];

/** The folder holding the .proto files, from the sources or from dist/. */
export function protoDir(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    for (const candidate of [path.join(dir, 'proto'), path.join(dir, 'provider', 'protocol', 'proto')]) {
      if (fs.existsSync(path.join(candidate, PROTO_FILES[0]))) return candidate;
    }
  }
  throw new Error(`the provider's protocol files (${PROTO_FILES[0]}) were not found above ${__dirname}`);
}

interface ServiceDefs {
  provider: grpc.ServiceDefinition;
  controller: grpc.ServiceDefinition;
  stdio: grpc.ServiceDefinition;
  broker: grpc.ServiceDefinition;
  health: grpc.ServiceDefinition;
}

type ServiceCtor = { service: grpc.ServiceDefinition };

export function loadServices(): ServiceDefs {
  const dir = protoDir();
  const def = protoLoader.loadSync(
    PROTO_FILES.map((f) => path.join(dir, f)),
    { keepCase: true, longs: Number, enums: Number, defaults: true, oneofs: true, includeDirs: [dir] },
  );
  const pkg = grpc.loadPackageDefinition(def) as unknown as {
    tfplugin6: { Provider: ServiceCtor };
    plugin: { GRPCController: ServiceCtor; GRPCStdio: ServiceCtor; GRPCBroker: ServiceCtor };
    grpc: { health: { v1: { Health: ServiceCtor } } };
  };
  return {
    provider: pkg.tfplugin6.Provider.service,
    controller: pkg.plugin.GRPCController.service,
    stdio: pkg.plugin.GRPCStdio.service,
    broker: pkg.plugin.GRPCBroker.service,
    health: pkg.grpc.health.v1.Health.service,
  };
}

type Unary = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => void;

/** A call slower than this is always logged with its time. */
export const SLOW_CALL_MS = 1000;

/**
 * From how many milliseconds a call's time is logged: every call when Terraform logs (TF_LOG or
 * TF_LOG_PROVIDER set: it then shows the provider's stderr), else slow calls only. A plan of 1000
 * tables makes about 4000 calls, and go-plugin reads every stderr line the provider writes.
 */
export function callLogThresholdMs(env: NodeJS.ProcessEnv): number {
  return env.TF_LOG || env.TF_LOG_PROVIDER ? 0 : SLOW_CALL_MS;
}

/** A unary handler whose thrown errors become an error diagnostic in the response, as Terraform shows those best. */
function unary<Req>(log: (line: string) => void, name: string, fn: (req: Req) => Promise<object> | object, logFromMs = 0): Unary {
  return (call, callback) => {
    const started = Date.now();
    Promise.resolve()
      .then(() => fn(call.request as Req))
      .then(
        (res) => {
          const ms = Date.now() - started;
          if (ms >= logFromMs) log(`${name} ${ms} ms`);
          callback(null, res);
        },
        (err: Error) => {
          log(`${name} failed: ${err.stack ?? err.message}`);
          const diagnostics: Diagnostic[] = [errorDiagnostic(err.message)];
          callback(null, { diagnostics });
        },
      );
  };
}

export interface ServeOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Where the handshake line goes. @default process.stdout */
  readonly out?: (line: string) => void;
  /** Provider log lines (Terraform shows them with TF_LOG). @default stderr */
  readonly log?: (line: string) => void;
}

export interface RunningPlugin {
  readonly address: string;
  /** Resolves when Terraform asked the plugin to shut down. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

/** Serves `handlers` as a Terraform provider plugin until Terraform shuts it down. */
export async function servePlugin(handlers: ProviderHandlers, opts: ServeOptions = {}): Promise<RunningPlugin> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? ((line: string) => process.stderr.write(`[chx-provider] ${line}\n`));
  checkLaunch(env);
  const services = loadServices();
  // No channelz: its per-call bookkeeping is overhead on every one of the thousands of calls a plan makes.
  const server = new grpc.Server({
    'grpc.max_receive_message_length': 256 * 1024 * 1024,
    'grpc.max_send_message_length': 256 * 1024 * 1024,
    'grpc.enable_channelz': 0,
  });
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));

  const ok = (res: object) => () => res;
  const fromMs = callLogThresholdMs(env);
  // The calls Terraform makes once per resource (validate, upgrade, read, plan, apply).
  const each = <Req>(name: string, fn: (req: Req) => Promise<object> | object) => unary(log, name, fn, fromMs);
  server.addService(services.provider, {
    GetMetadata: unary(log, 'GetMetadata', () => {
      const schema = handlers.getProviderSchema();
      return {
        server_capabilities: schema.server_capabilities,
        resources: Object.keys(schema.resource_schemas).map((type_name) => ({ type_name })),
        diagnostics: [],
      };
    }),
    GetProviderSchema: unary(log, 'GetProviderSchema', () => handlers.getProviderSchema()),
    ValidateProviderConfig: unary(log, 'ValidateProviderConfig', (req: { config: never }) => handlers.validateProviderConfig(req.config)),
    ValidateResourceConfig: each('ValidateResourceConfig', (req: never) => handlers.validateResourceConfig(req)),
    ValidateDataResourceConfig: unary(log, 'ValidateDataResourceConfig', ok({ diagnostics: [] })),
    UpgradeResourceState: each('UpgradeResourceState', (req: never) => handlers.upgradeResourceState(req)),
    ConfigureProvider: unary(log, 'ConfigureProvider', (req: never) => handlers.configureProvider(req)),
    ReadResource: each('ReadResource', (req: never) => handlers.readResource(req)),
    PlanResourceChange: each('PlanResourceChange', (req: never) => handlers.planResourceChange(req)),
    ApplyResourceChange: each('ApplyResourceChange', (req: never) => handlers.applyResourceChange(req)),
    ImportResourceState: each('ImportResourceState', (req: never) => handlers.importResourceState(req)),
    GetFunctions: unary(log, 'GetFunctions', ok({ functions: {}, diagnostics: [] })),
    StopProvider: unary(log, 'StopProvider', async () => {
      await handlers.stop();
      return { Error: '' };
    }),
  });

  const stop = async () => {
    await handlers.close().catch((e: Error) => log(`close failed: ${e.message}`));
    // Let the Shutdown answer reach Terraform before the connections close.
    const force = setTimeout(() => server.forceShutdown(), 2000);
    await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    clearTimeout(force);
    finish();
  };
  server.addService(services.controller, {
    Shutdown: (_call: unknown, callback: grpc.sendUnaryData<object>) => {
      callback(null, {});
      setImmediate(() => void stop());
    },
  });
  // Streams go-plugin opens at connect time and keeps until the end; nothing is sent on them.
  server.addService(services.stdio, { StreamStdio: () => undefined });
  server.addService(services.broker, { StartStream: (call: grpc.ServerDuplexStream<unknown, unknown>) => call.on('data', () => undefined) });
  server.addService(services.health, { Check: (_call: unknown, callback: grpc.sendUnaryData<object>) => callback(null, { status: 1 }) });

  let credentials = grpc.ServerCredentials.createInsecure();
  let der: Uint8Array | undefined;
  const clientCert = env.PLUGIN_CLIENT_CERT;
  if (clientCert) {
    const cert = await generateServerCertificate();
    credentials = grpc.ServerCredentials.createSsl(
      Buffer.from(clientCert),
      [{ private_key: Buffer.from(cert.keyPem), cert_chain: Buffer.from(cert.certPem) }],
      true,
    );
    der = cert.der;
  }
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', credentials, (err, p) => (err ? reject(err) : resolve(p))));
  const address = `127.0.0.1:${port}`;
  (opts.out ?? ((line: string) => process.stdout.write(`${line}\n`)))(handshakeLine(address, der));
  log(`serving tfplugin6 on ${address}${der ? ' with AutoMTLS' : ' without TLS (no PLUGIN_CLIENT_CERT)'}`);
  return { address, done, stop };
}
