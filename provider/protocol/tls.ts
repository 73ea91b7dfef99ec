// go-plugin's AutoMTLS from the plugin's side. Terraform passes its own client certificate in
// PLUGIN_CLIENT_CERT (PEM); the plugin answers with a fresh self-signed certificate for
// "localhost" in the handshake line, requires and verifies the client's certificate, and Terraform
// trusts exactly the certificate it was sent. Both are CA certificates (self-signed, used as
// their own roots), valid for server and client auth, like go-plugin's generateCert.
import { randomBytes, webcrypto } from 'crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export interface ServerCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** DER bytes, for the handshake line. */
  readonly der: Uint8Array;
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----\n`;
}

/** A self-signed ECDSA P-256 certificate for "localhost", valid from 30 s ago for 30 days. */
export async function generateServerCertificate(now: Date = new Date()): Promise<ServerCertificate> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    // Positive 128-bit serial, as go-plugin uses.
    serialNumber: `01${randomBytes(15).toString('hex')}`,
    name: 'CN=localhost, O=chx',
    notBefore: new Date(now.getTime() - 30_000),
    notAfter: new Date(now.getTime() + 30 * 24 * 3600_000),
    signingAlgorithm: alg,
    keys: keys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.keyAgreement | x509.KeyUsageFlags.keyCertSign,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }]),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certPem: cert.toString('pem'), keyPem: pem('PRIVATE KEY', pkcs8), der: new Uint8Array(cert.rawData) };
}
