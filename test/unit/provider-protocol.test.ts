// The provider's wire pieces, without Terraform: values, handshake, certificates, install.
import { X509Certificate } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { containsUnknown, fromDynamic, toDynamic, UNKNOWN } from '../../provider/protocol/dynamic-value';
import { checkLaunch, handshakeLine, MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../provider/protocol/handshake';
import { generateServerCertificate } from '../../provider/protocol/tls';
import { dirHash1, filesHash1, installForWorkingDirectory, launcherScript, lockFileText, mirrorArchivePath, terraformPlatform } from '../../provider/install';
import { unzipSync } from 'fflate';
import { createHash } from 'crypto';

describe('DynamicValue (MessagePack as Terraform encodes objects)', () => {
  test.each([
    ['null', null],
    ['a string with unicode', 'zürich ✓'],
    ['a number', 42],
    ['a float', 1.5],
    ['a bool', true],
    ['a nested object with nulls and lists', { name: 't', columns: [{ name: 'a', codec: null }], settings: { index_granularity: '8192' }, ttl: null }],
  ])('GIVEN %s WHEN encoded and decoded THEN it comes back equal', (_name, value) => {
    expect(fromDynamic(toDynamic(value as never))).toEqual(value);
  });

  test('GIVEN an unknown value inside an object WHEN round-tripped THEN it is still unknown and containsUnknown sees it', () => {
    const v = fromDynamic(toDynamic({ a: 'x', b: [1, UNKNOWN] }));
    expect(v).toEqual({ a: 'x', b: [1, UNKNOWN] });
    expect(containsUnknown(v)).toBe(true);
    expect(containsUnknown({ a: 'x', b: [1, 2] })).toBe(false);
  });

  test('GIVEN a refined unknown (extension 12, as newer Terraform sends) WHEN decoded THEN it reads as unknown', () => {
    // fixext1 type 12, payload 0x80 (an empty map would be refinement-free; any payload must be ignored)
    const bytes = Uint8Array.from([0x81, 0xa1, 0x61, 0xd4, 12, 0x80]);
    expect(fromDynamic({ msgpack: bytes })).toEqual({ a: UNKNOWN });
  });

  test('GIVEN JSON instead of MessagePack WHEN decoded THEN the JSON value is used; empty gives null', () => {
    expect(fromDynamic({ json: Buffer.from('{"a":[1,"b"]}') })).toEqual({ a: [1, 'b'] });
    expect(fromDynamic({})).toBeNull();
  });
});

describe('go-plugin handshake', () => {
  test('GIVEN no magic cookie WHEN launched THEN it refuses, saying Terraform runs it', () => {
    expect(() => checkLaunch({})).toThrow(/Terraform runs it/);
  });

  test('GIVEN Terraform offers only protocol 5 WHEN launched THEN it refuses naming the versions', () => {
    expect(() => checkLaunch({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5' })).toThrow(
      /offers plugin protocol versions 5; this provider speaks 6/,
    );
  });

  test('GIVEN the cookie and protocol 5,6, or no version list at all WHEN launched THEN it accepts', () => {
    expect(() => checkLaunch({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '5,6' })).not.toThrow();
    expect(() => checkLaunch({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE })).not.toThrow();
    expect(() => checkLaunch({ [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: '' })).not.toThrow();
  });

  test('GIVEN a certificate WHEN the handshake line is written THEN it is core 1, app 6, grpc, and the DER in unpadded base64', () => {
    const der = Uint8Array.from([1, 2, 3, 4]); // base64 AQIDBA== -> AQIDBA
    expect(handshakeLine('127.0.0.1:1234', der)).toBe('1|6|tcp|127.0.0.1:1234|grpc|AQIDBA');
    expect(handshakeLine('127.0.0.1:1234', undefined)).toBe('1|6|tcp|127.0.0.1:1234|grpc|');
  });
});

describe('AutoMTLS server certificate', () => {
  test('GIVEN a generated certificate THEN it is a self-signed CA for localhost, valid now, for server and client auth', async () => {
    const now = new Date();
    const c = await generateServerCertificate(now);
    const x = new X509Certificate(c.certPem);
    expect(x.ca).toBe(true);
    expect(x.checkHost('localhost')).toBe('localhost');
    expect(x.checkIssued(x)).toBe(true);
    expect(x.verify(x.publicKey)).toBe(true);
    expect(new Date(x.validFrom).getTime()).toBeLessThanOrEqual(now.getTime());
    expect(new Date(x.validTo).getTime()).toBeGreaterThan(now.getTime() + 24 * 3600_000);
    expect(x.keyUsage ?? []).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']));
    expect(Buffer.from(c.der).equals(x.raw)).toBe(true);
    expect(c.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });
});

describe('offline install (implied local mirror + lock file)', () => {
  test('GIVEN a known directory WHEN hashed THEN the h1: hash is the one terraform init recorded for it', () => {
    // The spike's launcher and the hash Terraform 1.11.4 wrote into .terraform.lock.hcl for it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-h1-'));
    fs.writeFileSync(path.join(dir, 'terraform-provider-clickhouse_v0.0.1'), '#!/bin/sh\nexec "/usr/bin/node" /tmp/spike/provider.js "$@"\n');
    expect(dirHash1(dir)).toBe('h1:DT4Z3cNEiYr25s/FbNsNdBRkSL/txXe9vO37ZgmVyBM=');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('GIVEN paths with quotes WHEN the launcher is written THEN the shell receives them intact', () => {
    const script = launcherScript("/opt/no'de", '/p/a b/main.js');
    expect(script).toContain(`exec '/opt/no'\\''de' '/p/a b/main.js' "$@"`);
  });

  test('GIVEN a working directory WHEN installed THEN the mirror holds a zip archive with the executable launcher, and the lock file names its h1: and zh: hashes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-install-'));
    const p = installForWorkingDirectory(dir, { entry: '/x/dist/provider/main.js', node: '/usr/bin/node', version: '9.9.9' });
    const archive = mirrorArchivePath(path.join(dir, 'terraform.d', 'plugins'), '9.9.9');
    expect(p.archive).toBe(archive);
    const bytes = fs.readFileSync(archive);
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toEqual(['terraform-provider-clickhouse_v9.9.9']);
    expect(new TextDecoder().decode(files['terraform-provider-clickhouse_v9.9.9'])).toBe(launcherScript('/usr/bin/node', '/x/dist/provider/main.js'));
    // Unix mode in the central directory's external attributes: Terraform's unzip makes it executable.
    const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect((bytes.readUInt32LE(central + 38) >>> 16) & 0o777).toBe(0o755);
    const lock = fs.readFileSync(path.join(dir, '.terraform.lock.hcl'), 'utf8');
    expect(lock).toBe(lockFileText(p));
    expect(lock).toContain(`provider "terraform.local/chx/clickhouse" {\n  version     = "9.9.9"\n  constraints = "9.9.9"`);
    expect(lock).toContain(filesHash1(files));
    expect(lock).toContain(`zh:${createHash('sha256').update(bytes).digest('hex')}`);
    // The same content gives the same bytes (a re-synth does not touch the archive).
    const again = installForWorkingDirectory(dir, { entry: '/x/dist/provider/main.js', node: '/usr/bin/node', version: '9.9.9' });
    expect(again.zipHash).toBe(p.zipHash);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('GIVEN the unpacked files of a known directory WHEN hashed in memory THEN filesHash1 equals dirHash1', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-h1-'));
    fs.writeFileSync(path.join(dir, 'a'), 'one');
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'b'), 'two');
    expect(filesHash1({ 'sub/b': 'two', a: 'one' })).toBe(dirHash1(dir));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('platform names follow Terraform', () => {
    expect(terraformPlatform('linux', 'x64')).toBe('linux_amd64');
    expect(terraformPlatform('darwin', 'arm64')).toBe('darwin_arm64');
  });
});
