// The offline install under Terraform's plugin cache (cdktf sets TF_PLUGIN_CACHE_DIR for every
// run): two projects installed from the same package share the cache entry; removing one
// project's output must leave the other's plan working. With an unpacked mirror, Terraform made
// the cache entry a symlink into the first project's directory, and deleting that directory
// broke every other project ("could not read package directory").
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { installForWorkingDirectory, PROVIDER_SOURCE, providerVersion } from '../../provider/install';
import { buildProject, terraformTest } from '../support/cdktf';
import { scaled } from '../support/timeouts';

jest.setTimeout(scaled(300_000));

function terraform(dir: string, args: string[], cache: string): string {
  return execFileSync('terraform', args, {
    cwd: dir,
    env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_PLUGIN_CACHE_DIR: cache, TF_IN_AUTOMATION: '1' },
    stdio: 'pipe',
  }).toString();
}

describe('provider install under a shared plugin cache', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-install-cache-'));
  beforeAll(() => buildProject());
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  terraformTest('GIVEN two projects initialised with one plugin cache WHEN the first is deleted THEN the second still validates and plans', async () => {
    const cache = path.join(home, 'cache');
    fs.mkdirSync(cache);
    const config = {
      terraform: { required_providers: { clickhouse: { source: PROVIDER_SOURCE, version: providerVersion() } } },
      provider: { clickhouse: [{ default_url: 'http://127.0.0.1:1' }] },
    };
    const dirs = ['first', 'second'].map((name) => {
      const dir = path.join(home, name);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(config));
      installForWorkingDirectory(dir);
      terraform(dir, ['init', '-input=false', '-no-color'], cache);
      return dir;
    });
    // The cache holds its own copy, not a link into either project.
    const entry = path.join(cache, 'terraform.local', 'chx', 'clickhouse', providerVersion());
    for (const platform of fs.readdirSync(entry)) expect(fs.lstatSync(path.join(entry, platform)).isSymbolicLink()).toBe(false);

    fs.rmSync(dirs[0], { recursive: true, force: true });
    // No resources: the plan only needs the installed provider to be readable and match the lock file.
    const plan = terraform(dirs[1], ['plan', '-input=false', '-no-color', '-detailed-exitcode'], cache);
    expect(plan).toContain('No changes.');
  });
});
