// The chx command's conventions, in-process: help and version exit 0, a usage mistake exits 2
// with the usage, a URL with credentials is refused before any request, naming the variable.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runChx } from '../../cli/chx';
import { mirrorArchivePath, providerVersion } from '../../provider/install';
import { buildProject, PROJECT_ROOT } from '../support/cdktf';

function io(env: NodeJS.ProcessEnv = {}, cwd = os.tmpdir()) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s), env, cwd }, out, err };
}

describe('chx command line', () => {
  test.each([
    [['--help']],
    [['-h']],
    [['validate', '--help']],
    [['validate', '-h']],
    [['bootstrap', '--help']],
    [['import', '--help']],
    [['clickhouse', '--help']],
    [['show', '--help']],
    [['provider', '--help']],
  ])('chx %j prints usage and exits 0', async (argv) => {
    const r = io();
    expect(await runChx(argv, r.io)).toBe(0);
    expect(r.out.join('\n')).toMatch(/^Usage: chx/);
  });

  test('--version prints the package version', async () => {
    const r = io();
    expect(await runChx(['--version'], r.io)).toBe(0);
    expect(r.out.join('')).toBe(providerVersion());
  });

  test.each([
    [['validate', '--foo'], "unknown option '--foo'", 'chx validate --help'],
    [['bootstrap'], "missing required argument 'stack'", 'chx bootstrap --help'],
    [['bootstrap', 'dev', 'extra'], 'too many arguments', 'chx bootstrap --help'],
    [['clickhouse', 'launch'], "'launch' is invalid", 'chx clickhouse --help'],
    [['frobnicate'], "unknown command 'frobnicate'", 'chx --help'],
    [['provider', 'uninstall'], "'uninstall' is invalid", 'chx provider --help'],
    [['import'], 'give at least one --database NAME, --user NAME, --quota NAME or --row-policy', 'chx import --help'],
  ])('chx %j is a usage mistake: exit 2 naming it', async (argv, what, hint) => {
    const r = io();
    expect(await runChx(argv, r.io)).toBe(2);
    expect(r.err.join('\n')).toContain(what);
    expect(r.err.join('\n')).toContain(hint);
  });

  test('GIVEN an HCL directory WHEN chx provider install runs THEN the packed mirror and a lock file naming its hashes are there', async () => {
    // The launcher runs dist/provider/main.js: a checkout that was never built builds first.
    if (!fs.existsSync(path.join(PROJECT_ROOT, 'dist', 'provider', 'main.js'))) buildProject();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-hcl-install-'));
    try {
      const r = io({}, dir);
      expect(await runChx(['provider', 'install'], r.io)).toBe(0);
      expect(r.out.join('\n')).toContain('terraform.local/chx/clickhouse');
      const archive = mirrorArchivePath(path.join(dir, 'terraform.d', 'plugins'));
      expect(fs.readdirSync(path.dirname(archive))).toEqual([path.basename(archive)]);
      expect(path.basename(archive)).toBe(
        `terraform-provider-clickhouse_${providerVersion()}_${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}.zip`,
      );
      const lock = fs.readFileSync(path.join(dir, '.terraform.lock.hcl'), 'utf8');
      expect(lock).toContain('provider "terraform.local/chx/clickhouse"');
      expect(lock).toMatch(/"h1:[A-Za-z0-9+/=]+"/);
      expect(lock).toMatch(/"zh:[0-9a-f]{64}"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('no arguments: usage on stdout, exit 2', async () => {
    const r = io();
    expect(await runChx([], r.io)).toBe(2);
    expect(r.out.join('\n')).toContain('Commands:');
  });

  test('GIVEN a directory without cdktf.json WHEN validate runs THEN it says so and exits 1', async () => {
    const r = io({}, fs.mkdtempSync(path.join(os.tmpdir(), 'chx-empty-')));
    expect(await runChx(['validate', 'dev'], r.io)).toBe(1);
    expect(r.err.join('\n')).toContain('no cdktf.json in');
  });

  describe('a synthesized app', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-synth-'));
    const stack = (id: string, provider: boolean) => {
      fs.mkdirSync(path.join(dir, 'stacks', id), { recursive: true });
      const json = provider ? { provider: { clickhouse: [{ url_env: 'APP_CLICKHOUSE_URL', user_env: 'APP_USER', password_env: 'APP_PASSWORD' }] } } : {};
      fs.writeFileSync(path.join(dir, 'stacks', id, 'cdk.tf.json'), JSON.stringify(json));
    };
    beforeAll(() => {
      stack('events', true);
      stack('network', false);
      fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ stacks: { events: {}, network: {} } }));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('GIVEN a URL with a password in the stack variable WHEN validated THEN it is refused naming the variable, and the password is nowhere', async () => {
      const r = io({ APP_CLICKHOUSE_URL: 'http://default:s3cretPW@127.0.0.1:1' });
      const e = await runChx(['validate', '--synth-dir', dir], r.io).then(
        () => undefined,
        (x: Error & { code?: string }) => x,
      );
      expect(e?.code).toBe('CHX_CREDENTIALS_IN_URL');
      expect(e?.message).toContain('$APP_CLICKHOUSE_URL');
      expect(e?.message).toContain('$APP_USER and $APP_PASSWORD');
      expect(`${e?.message}${r.out.join('')}${r.err.join('')}`).not.toContain('s3cretPW');
    });

    test('GIVEN no stack named WHEN the app has one ClickHouse stack THEN that one is checked; a stack that is not ClickHouse is not offered', async () => {
      const r = io({});
      // No URL configured: the report says it was not checked (exit 1) for stack "events".
      expect(await runChx(['validate', '--synth-dir', dir, '--json'], r.io)).toBe(1);
      expect(JSON.parse(r.out.join('')).stack).toBe('events');
      const other = io({});
      expect(await runChx(['validate', 'network', '--synth-dir', dir], other.io)).toBe(1);
      expect(other.err.join('\n')).toContain('no ClickHouse stack "network"; stacks: events');
    });
  });
});
