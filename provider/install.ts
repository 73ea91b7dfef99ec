// Installing the provider with no registry: a launcher script, packed in a zip archive, in an
// implied local mirror (terraform.d/plugins/<host>/<namespace>/<type>/ in the directory where
// terraform runs, which Terraform searches with no CLI configuration), and the dependency lock
// file with its h1: and zh: hashes, so `terraform init` works offline and never finds a stale
// checksum. The launcher runs this package's compiled provider with the Node.js that ran synth.
// Packed, not unpacked: from an unpacked directory Terraform links instead of copying, and with a
// plugin cache (cdktf sets TF_PLUGIN_CACHE_DIR=~/.terraform.d/plugin-cache) the shared cache entry
// became a symlink into one stack's output directory: deleting that directory broke every other
// project's plan ("could not read package directory"). An archive is extracted, so the cache
// holds its own copy.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { unzipSync, zipSync } from 'fflate';

export const PROVIDER_HOST = 'terraform.local';
export const PROVIDER_NAMESPACE = 'chx';
export const PROVIDER_TYPE = 'clickhouse';
/** The source address in required_providers. */
export const PROVIDER_SOURCE = `${PROVIDER_HOST}/${PROVIDER_NAMESPACE}/${PROVIDER_TYPE}`;

/** The package root (the folder with package.json), from the sources or from dist/. */
export function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

function packageJson(): { name: string; version: string } {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { name: string; version: string };
}

/** The provider's version: the package's. */
export function providerVersion(): string {
  return packageJson().version;
}

/** This package's name, as an app imports it. */
export function packageName(): string {
  return packageJson().name;
}

/** Terraform's platform name for this machine, e.g. linux_amd64. */
export function terraformPlatform(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  const a = ({ x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' } as Record<string, string>)[arch] ?? arch;
  return `${platform}_${a}`;
}

/** The compiled provider entry point of this package. */
export function providerEntry(): string {
  const compiled = path.join(packageRoot(), 'dist', 'provider', 'main.js');
  if (!fs.existsSync(compiled)) throw new Error(`the provider is not built: ${compiled} is missing (run "npm run build" in ${packageRoot()})`);
  return compiled;
}

const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export function launcherScript(node: string, entry: string): string {
  return `#!/bin/sh\n# ClickHouse provider for Terraform (generated): runs ${entry}\nexec ${shQuote(node)} ${shQuote(entry)} "$@"\n`;
}

/** Terraform's h1: hash of a provider package's files (Go's dirhash.Hash1), from their contents by relative path. */
export function filesHash1(files: Readonly<Record<string, Uint8Array | string>>): string {
  const summary = Object.keys(files)
    .sort()
    .map((f) => `${createHash('sha256').update(files[f]).digest('hex')}  ${f}\n`)
    .join('');
  return `h1:${createHash('sha256').update(summary).digest('base64')}`;
}

/** Terraform's h1: hash of an unpacked provider directory. */
export function dirHash1(dir: string): string {
  return filesHash1(Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))])));
}

/** The h1: hash of what a provider zip archive unpacks to. */
export function zipHash1(archive: Uint8Array): string {
  return filesHash1(unzipSync(archive));
}

function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(dir, rel) : [rel];
  });
}

export interface InstalledProvider {
  readonly source: string;
  readonly version: string;
  /** The zip archive in the mirror (packed layout). */
  readonly archive: string;
  /** h1: hash of the unpacked package (what Terraform verifies an installed provider against). */
  readonly hash: string;
  /** zh: hash of the archive (what Terraform verifies the archive against). */
  readonly zipHash: string;
}

export interface InstallOptions {
  /** Node.js binary the launcher runs. @default the one running now */
  readonly node?: string;
  /** The provider entry point. @default this package's dist/provider/main.js */
  readonly entry?: string;
  readonly version?: string;
}

/** The launcher's file name inside the package. */
export function launcherName(version: string): string {
  return `terraform-provider-${PROVIDER_TYPE}_v${version}`;
}

/** A provider zip archive holding the launcher, executable; the same bytes for the same content (fixed time stamps). */
export function providerArchive(version: string, launcher: string): Uint8Array {
  return zipSync(
    { [launcherName(version)]: [new TextEncoder().encode(launcher), { os: 3, attrs: (0o100755 << 16) >>> 0, mtime: new Date('2020-01-01T00:00:00Z') }] },
    { level: 6 },
  );
}

/** Where the provider archive of `version` lies in a mirror (packed layout); `<dir>/terraform.d/plugins` is a working directory's implied mirror. */
export function mirrorArchivePath(mirrorRoot: string, version = providerVersion()): string {
  return path.join(mirrorRoot, PROVIDER_HOST, PROVIDER_NAMESPACE, PROVIDER_TYPE, `terraform-provider-${PROVIDER_TYPE}_${version}_${terraformPlatform()}.zip`);
}

/**
 * Writes the provider archive into `<mirrorRoot>/<host>/<ns>/<type>/` (packed layout). For the
 * implied mirror of a working directory, mirrorRoot is `<dir>/terraform.d/plugins`. An unpacked
 * copy an earlier version of this package wrote there is removed.
 */
export function installProvider(mirrorRoot: string, opts: InstallOptions = {}): InstalledProvider {
  const version = opts.version ?? providerVersion();
  const archive = mirrorArchivePath(mirrorRoot, version);
  const typeDir = path.dirname(archive);
  fs.mkdirSync(typeDir, { recursive: true });
  fs.rmSync(path.join(typeDir, version), { recursive: true, force: true });
  const bytes = providerArchive(version, launcherScript(opts.node ?? process.execPath, opts.entry ?? providerEntry()));
  // Rewritten only when it changes: a synth running beside a terraform init must not touch it.
  if (!fs.existsSync(archive) || !Buffer.from(bytes).equals(fs.readFileSync(archive))) fs.writeFileSync(archive, bytes);
  return {
    source: PROVIDER_SOURCE,
    version,
    archive,
    hash: zipHash1(bytes),
    zipHash: `zh:${createHash('sha256').update(bytes).digest('hex')}`,
  };
}

/** The dependency lock file entry for the installed provider (what `terraform init` would write). */
export function lockFileText(p: InstalledProvider): string {
  return (
    '# This file is maintained automatically by "terraform init".\n# Manual edits may be lost in future updates.\n\n' +
    `provider "${p.source}" {\n  version     = "${p.version}"\n  constraints = "${p.version}"\n  hashes = [\n    "${p.hash}",\n    "${p.zipHash}",\n  ]\n}\n`
  );
}

/** Installs the provider for Terraform runs in `workDir` (implied mirror) and writes its lock file there. */
export function installForWorkingDirectory(workDir: string, opts: InstallOptions = {}): InstalledProvider {
  const installed = installProvider(path.join(workDir, 'terraform.d', 'plugins'), opts);
  // Rewritten only when it changes: a synth running beside a terraform init must not touch it.
  const lock = path.join(workDir, '.terraform.lock.hcl');
  const text = lockFileText(installed);
  if (!fs.existsSync(lock) || fs.readFileSync(lock, 'utf8') !== text) fs.writeFileSync(lock, text);
  return installed;
}
