// go-plugin's handshake, as Terraform expects it from a provider it launches:
// - Terraform sets TF_PLUGIN_MAGIC_COOKIE; without it the binary was run by hand and must say so.
// - PLUGIN_PROTOCOL_VERSIONS lists the app protocol versions Terraform speaks ("5,6"); we serve 6.
// - One line on stdout: CORE|APP|NETWORK|ADDRESS|PROTOCOL|SERVER-CERT, where CORE is go-plugin's
//   own version (1), PROTOCOL is "grpc" and SERVER-CERT is the DER of our self-signed certificate
//   in base64 without padding (go-plugin's base64.RawStdEncoding), or empty without AutoMTLS.

export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
export const CORE_PROTOCOL_VERSION = 1;
export const APP_PROTOCOL_VERSION = 6;

export class HandshakeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandshakeError';
  }
}

/** Checks that Terraform launched us and speaks protocol 6; throws a HandshakeError saying what is wrong. */
export function checkLaunch(env: NodeJS.ProcessEnv): void {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    throw new HandshakeError(
      'This is a Terraform provider plugin: Terraform runs it. Use it from a Terraform configuration ' +
        '(required_providers { clickhouse = { source = "terraform.local/chx/clickhouse" } }), or run `chx provider install` to place it where `terraform init` finds it.',
    );
  }
  const offered = (env.PLUGIN_PROTOCOL_VERSIONS ?? '')
    .split(',')
    .filter((s) => s.trim() !== '')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n));
  if (offered.length > 0 && !offered.includes(APP_PROTOCOL_VERSION)) {
    throw new HandshakeError(
      `Terraform offers plugin protocol versions ${offered.join(', ')}; this provider speaks ${APP_PROTOCOL_VERSION} (Terraform >= 1.0)`,
    );
  }
}

/** The line Terraform reads from our stdout to connect. */
export function handshakeLine(address: string, serverCertDer: Uint8Array | undefined, network: 'tcp' | 'unix' = 'tcp'): string {
  const cert = serverCertDer ? Buffer.from(serverCertDer).toString('base64').replace(/=+$/, '') : '';
  return `${CORE_PROTOCOL_VERSION}|${APP_PROTOCOL_VERSION}|${network}|${address}|grpc|${cert}`;
}
