// The package as a team installs it: `npm pack`, installed into a fresh app directory with the
// README's "Use it in your own app" steps (its main.ts is the README's example, copied out of
// README.md), type-checked against the published .d.ts, synthesized, deployed with real Terraform
// to the suite's server, planned clean, checked with the installed `chx validate`, and adopted
// back with `chx import` into code that imports the package by name. Importing the package runs
// nothing; deep imports are refused.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execCapture, PROJECT_ROOT, terraformTest } from '../support/cdktf';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';
import { serverInfo } from '../support/server-info';
import { scaled } from '../support/timeouts';

jest.setTimeout(scaled(900_000));

const PACKAGE = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { name: string }).name;

/** The README's example app, as written there. */
function readmeExample(): string {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const m = /<!-- app-example:start -->\n```ts\n([\s\S]*?)```\n<!-- app-example:end -->/.exec(readme);
  if (!m) throw new Error('README.md has no app-example block');
  return m[1];
}

describe('the package installed into a fresh cdktf app', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-newapp-'));
  const app = path.join(home, 'newapp');
  const client = testClient();
  // The example's database, renamed so parallel runs and reruns do not meet.
  const database = uniqueName('pkg');
  let env: NodeJS.ProcessEnv;
  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${database}` }).catch(() => undefined);
    await client.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  terraformTest(
    'GIVEN npm pack installed into a new app WHEN the README example is built, deployed and checked THEN it works by package name alone',
    async () => {
      // GIVEN the packed package (prepare builds dist/ with its .d.ts)
      const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', home], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
        .toString()
        .trim()
        .split('\n')
        .pop()!;
      const tarball = path.join(home, packed);
      const listing = execFileSync('tar', ['-tzf', tarball]).toString().split('\n');
      expect(listing).toContain('package/dist/constructs/index.d.ts');
      expect(listing).toContain('package/dist/cli/chx.js');
      expect(listing).toContain('package/provider/protocol/proto/tfplugin6.8.proto');
      expect(listing.filter((f) => /^package\/(test|bench|dist\/test|dist\/bench|cdktf\.out)\//.test(f))).toEqual([]);

      // AND a fresh app with the README's steps
      fs.mkdirSync(app);
      fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'newapp', version: '1.0.0', private: true }));
      const install = await execCapture(
        'npm',
        ['install', '--prefer-offline', '--no-audit', '--no-fund', '--omit=optional', tarball, 'cdktf@0.21.0', 'constructs@10.4.2', 'typescript@5.9.3'],
        { cwd: app, env: process.env, timeoutMs: scaled(600_000) },
      );
      expect({ code: install.code, err: install.code === 0 ? '' : install.stderr }).toEqual({ code: 0, err: '' });
      fs.writeFileSync(
        path.join(app, 'tsconfig.json'),
        '{ "compilerOptions": { "module": "commonjs", "target": "ES2022", "strict": true, "skipLibCheck": true } }',
      );
      fs.writeFileSync(path.join(app, 'cdktf.json'), '{ "language": "typescript", "app": "npx tsc && node main.js" }');
      fs.writeFileSync(path.join(app, 'main.ts'), readmeExample().replace(/\bevents\b/g, database));

      // WHEN it is compiled against the package's types and synthesized
      const tsc = await execCapture(path.join(app, 'node_modules', '.bin', 'tsc'), [], { cwd: app, env: process.env });
      expect(tsc.stdout + tsc.stderr).toBe('');
      env = { ...process.env, CHECKPOINT_DISABLE: '1' };
      // The example's connection variables, as the README exports them.
      env.EVENTS_CLICKHOUSE_URL = serverInfo().url;
      env.EVENTS_CLICKHOUSE_USER = serverInfo().username;
      env.EVENTS_CLICKHOUSE_PASSWORD = serverInfo().password;
      execFileSync('node', ['main.js'], { cwd: app, env, stdio: 'pipe' });
      const stackDir = path.join(app, 'cdktf.out', 'stacks', database);
      expect(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')).not.toContain(PROJECT_ROOT);

      // THEN Terraform deploys it with the provider from the installed package, and the plan after is clean
      const tf = (args: string[]) => execFileSync('terraform', args, { cwd: stackDir, env, stdio: 'pipe' }).toString();
      tf(['init', '-input=false', '-no-color']);
      expect(tf(['apply', '-auto-approve', '-input=false', '-no-color'])).toContain('Apply complete! Resources: 4 added');
      expect(() => tf(['plan', '-detailed-exitcode', '-input=false', '-no-color'])).not.toThrow();
      const tables = await queryRows<{ name: string }>(client, 'SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name', { db: database });
      expect(tables.map((t) => t.name)).toEqual(['hourly_counts', 'hourly_counts_mv', 'raw_events']);
      const ps = execFileSync('find', [path.join(stackDir, '.terraform', 'providers'), '-name', 'terraform-provider-clickhouse*'])
        .toString()
        .trim();
      expect(fs.readFileSync(ps, 'utf8')).toContain(path.join(app, 'node_modules', PACKAGE, 'dist', 'provider', 'main.js'));

      // AND the installed chx checks the app's stack (the only ClickHouse stack: no name needed)
      const chx = path.join(app, 'node_modules', '.bin', 'chx');
      const validate = await execCapture(chx, ['validate', '--quiet'], { cwd: app, env });
      expect({ code: validate.code, err: validate.stderr }).toEqual({ code: 0, err: '' });
      const help = await execCapture(chx, ['--help'], { cwd: app, env });
      expect(help.code).toBe(0);
      expect((await execCapture(chx, ['validate', '--nope'], { cwd: app, env })).code).toBe(2);

      // AND import writes code that imports the package by name and compiles in the app
      const imported = await execCapture(chx, ['import', '--database', database, '--stack-name', 'adopted', '--out', 'stacks/adopted.ts'], {
        cwd: app,
        env: { ...env, CLICKHOUSE_URL: serverInfo().url, CLICKHOUSE_USER: serverInfo().username, CLICKHOUSE_PASSWORD: serverInfo().password },
      });
      expect(imported.code).toBe(0);
      const code = fs.readFileSync(path.join(app, 'stacks', 'adopted.ts'), 'utf8');
      expect(code).toContain(`} from '${PACKAGE}';`);
      expect(code).not.toMatch(/from '\.\.?\//);
      const tsc2 = await execCapture(path.join(app, 'node_modules', '.bin', 'tsc'), ['--noEmit'], { cwd: app, env: process.env });
      expect(tsc2.stdout + tsc2.stderr).toBe('');

      // AND importing the package runs nothing (no synth output, no server), while deep imports are refused
      const bare = path.join(home, 'bare');
      fs.mkdirSync(bare);
      const probe = await execCapture(
        'node',
        [
          '-e',
          `const m = require(${JSON.stringify(path.join(app, 'node_modules', PACKAGE))}); const sql = require(${JSON.stringify(
            path.join(app, 'node_modules', PACKAGE, 'dist', 'sql', 'index.js'),
          )}); console.log(typeof m.Table, typeof m.ClickHouseStack, typeof sql.diff);
         try { require.resolve('${PACKAGE}/dist/constructs/table', { paths: [${JSON.stringify(app)}] }); console.log('deep import resolved'); } catch (e) { console.log(e.code); }
         console.log(typeof require(require.resolve('${PACKAGE}/sql', { paths: [${JSON.stringify(app)}] })).renderCreateTable);`,
        ],
        { cwd: bare, env: { ...process.env, CLICKHOUSE_URL: 'http://127.0.0.1:1' } },
      );
      expect(probe.stdout.trim().split('\n')).toEqual(['function function function', 'ERR_PACKAGE_PATH_NOT_EXPORTED', 'function']);
      expect(fs.readdirSync(bare)).toEqual([]);
    },
  );
});
