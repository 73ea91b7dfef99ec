// Installing the provider with no registry: a launcher script in an implied local mirror
// (terraform.d/plugins/<host>/<namespace>/<type>/<version>/<os_arch>/ in the directory where
// terraform runs, which Terraform searches with no CLI configuration), and the dependency lock
// file with its h1: hash, so `terraform init` works offline and never finds a stale checksum.
// The launcher runs this package's compiled provider with the Node.js that ran synth.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

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

/** The provider's version: the package's. */
export function providerVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
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

/** Terraform's h1: hash of an unpacked provider directory (Go's dirhash.Hash1). */
export function dirHash1(dir: string): string {
  const files = listFiles(dir).sort();
  const summary = files
    .map(
      (f) =>
        `${createHash('sha256')
          .update(fs.readFileSync(path.join(dir, f)))
          .digest('hex')}  ${f}\n`,
    )
    .join('');
  return `h1:${createHash('sha256').update(summary).digest('base64')}`;
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
  /** The unpacked package directory in the mirror. */
  readonly packageDir: string;
  readonly hash: string;
}

export interface InstallOptions {
  /** Node.js binary the launcher runs. @default the one running now */
  readonly node?: string;
  /** The provider entry point. @default this package's dist/provider/main.js */
  readonly entry?: string;
  readonly version?: string;
}

/**
 * Writes the launcher into `<mirrorRoot>/<host>/<ns>/<type>/<version>/<os_arch>/`. For the
 * implied mirror of a working directory, mirrorRoot is `<dir>/terraform.d/plugins`.
 */
export function installProvider(mirrorRoot: string, opts: InstallOptions = {}): InstalledProvider {
  const version = opts.version ?? providerVersion();
  const packageDir = path.join(mirrorRoot, PROVIDER_HOST, PROVIDER_NAMESPACE, PROVIDER_TYPE, version, terraformPlatform());
  fs.mkdirSync(packageDir, { recursive: true });
  const file = path.join(packageDir, `terraform-provider-${PROVIDER_TYPE}_v${version}`);
  const content = launcherScript(opts.node ?? process.execPath, opts.entry ?? providerEntry());
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content) fs.writeFileSync(file, content, { mode: 0o755 });
  return { source: PROVIDER_SOURCE, version, packageDir, hash: dirHash1(packageDir) };
}

/** The dependency lock file entry for the installed provider (what `terraform init` would write). */
export function lockFileText(p: InstalledProvider): string {
  return (
    '# This file is maintained automatically by "terraform init".\n# Manual edits may be lost in future updates.\n\n' +
    `provider "${p.source}" {\n  version     = "${p.version}"\n  constraints = "${p.version}"\n  hashes = [\n    "${p.hash}",\n  ]\n}\n`
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
