// Synth tests: cdktf's Testing helpers with validations on; no server needed. Every object is one
// resource of the project's ClickHouse provider, whose attributes are the spec.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, LocalBackend, Testing } from 'cdktf';
import { ClickHouseStack } from '../../constructs/clickhouse-stack';
import { Database } from '../../constructs/database';
import { Grant } from '../../constructs/grant';
import { MonitoringSchema } from '../../stacks/lightbulb/monitoring-schema';
import { SettingsProfile } from '../../constructs/settings-profile';
import { Table } from '../../constructs/table';
import { User } from '../../constructs/user';
import { devStack } from '../../stacks/dev';
import { productionStack } from '../../stacks/replicated';
import { filesHash1, mirrorArchivePath, PROVIDER_SOURCE, providerVersion } from '../../provider/install';
import { unzipSync } from 'fflate';
import { resourceTypeByName } from '../../provider/resources';
import { complete } from '../../provider/schema/attributes';
import { allAttributes } from '../../provider/state';
import { objectId } from '../../sql/spec/model';
import { buildProject } from '../support/cdktf';
import { leaks } from '../support/secret-needles';

type Attrs = Record<string, unknown> & { depends_on?: string[] };
type Synth = {
  resource: Record<string, Record<string, Attrs>>;
  provider?: Record<string, Record<string, unknown>[]>;
  terraform?: { required_providers?: Record<string, { source: string; version: string }> };
  removed?: { from: string; lifecycle: { destroy: boolean } }[];
};

function synth(stack: ClickHouseStack): Synth {
  return JSON.parse(Testing.synth(stack, true)) as Synth;
}

/** Every clickhouse_* resource as [address, attributes, object id]. */
function resources(json: Synth): [string, Attrs, string][] {
  return Object.entries(json.resource).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, attrs]): [string, Attrs, string] => {
      const t = resourceTypeByName(type);
      return [`${type}.${name}`, attrs, objectId(t.toSpec(complete(allAttributes(t), attrs as never)))];
    }),
  );
}

function byObject(json: Synth, object: string): [string, Attrs] {
  const hit = resources(json).find(([, , id]) => id === object);
  if (!hit) throw new Error(`no resource for ${object}`);
  return [hit[0], hit[1]];
}

describe('synth: one provider resource per object', () => {
  test('GIVEN the dev stack WHEN synthesized THEN one clickhouse_* resource per object, the provider block with variable names, and the provider required from the local mirror', () => {
    const app = Testing.app();
    const stack = devStack(app, {});
    const json = synth(stack);
    // database + 6 tables + hourly target + view (no access objects on dev by default)
    expect(resources(json)).toHaveLength(9);
    expect(Object.keys(json.resource).sort()).toEqual(['clickhouse_database', 'clickhouse_materialized_view', 'clickhouse_table']);
    const [, table] = byObject(json, 'table:monitor.service_status');
    expect(table).toEqual(
      expect.objectContaining({
        database: 'monitor',
        name: 'service_status',
        engine: 'MergeTree',
        order_by: ['service_id', 'timestamp'],
        removal_policy: 'retain',
        allow_destructive: false,
      }),
    );
    expect(table.ttl).toBe('toDateTime(timestamp) + INTERVAL 90 DAY');
    expect(json.terraform?.required_providers?.clickhouse).toEqual({ source: PROVIDER_SOURCE, version: providerVersion() });
    expect(json.provider?.clickhouse?.[0]).toEqual(
      expect.objectContaining({
        url_env: 'CLICKHOUSE_URL',
        default_url: 'http://127.0.0.1:18123',
        user_env: 'CLICKHOUSE_USER',
        password_env: 'CLICKHOUSE_PASSWORD',
        stack: 'dev',
      }),
    );
  });

  test('GIVEN the schema WHEN synthesized THEN dependencies follow the graph: database before tables, tables before view, profile before user, objects before grants', () => {
    const app = Testing.app();
    const stack = new ClickHouseStack(app, 's');
    new MonitoringSchema(stack, 'm');
    const json = synth(stack);
    const [db] = byObject(json, 'database:monitor');
    const [, table] = byObject(json, 'table:monitor.services');
    expect(table.depends_on).toContain(db);
    const [target] = byObject(json, 'table:monitor.service_status_hourly');
    const [source] = byObject(json, 'table:monitor.service_status');
    const [, view] = byObject(json, 'materialized_view:monitor.service_status_summary');
    expect(view.depends_on).toEqual(expect.arrayContaining([target, source]));
    const [profile] = byObject(json, 'settings_profile:program');
    const [user, userAttrs] = byObject(json, 'user:monitor');
    expect(userAttrs.depends_on).toContain(profile);
    expect(userAttrs.password_env).toBe('MONITOR_PASSWORD');
    const [, grant] = byObject(json, 'grant:monitor');
    expect(grant.depends_on).toEqual(expect.arrayContaining([user, db]));
  });

  test('GIVEN the spec of every construct WHEN synthesized and read back through the provider THEN the provider sees exactly the spec (the one contract between synth and apply)', () => {
    const app = Testing.app();
    const stack = new ClickHouseStack(app, 's');
    new MonitoringSchema(stack, 'm', { tables: { services: { settings: { index_granularity: 1024 } } } });
    const json = synth(stack);
    const norm = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'number' ? String(x) : x)));
    for (const spec of stack.specs()) {
      const [, attrs] = byObject(json, objectId(spec));
      const t = resourceTypeByName(byObject(json, objectId(spec))[0].split('.')[0]);
      expect(norm(t.toSpec(complete(allAttributes(t), attrs as never)))).toEqual(norm(spec));
    }
  });

  test('GIVEN SQL with ${ and %{ WHEN synthesized THEN Terraform template sequences are escaped (and read back as written)', () => {
    const app = Testing.app();
    const stack = new ClickHouseStack(app, 's');
    const db = new Database(stack, 'db', { name: 'd' });
    new Table(stack, 't', {
      database: db,
      name: 't',
      columns: [{ name: 'a', type: 'String', defaultExpression: "concat('${x}', '%{y}', '$${z}')" }],
      orderBy: ['a'],
    });
    const raw = Testing.synth(stack, true);
    expect(raw).toContain("concat('$${x}', '%%{y}', '$$${z}')");
  });

  test("GIVEN removal policy destroy and allowDestructive on one construct WHEN synthesized THEN they are that resource's attributes, the others keep the stack defaults", () => {
    const app = Testing.app();
    const stack = new ClickHouseStack(app, 's');
    const db = new Database(stack, 'db', { name: 'd', removalPolicy: 'destroy', allowDestructive: true });
    new Table(stack, 't', { database: db, name: 't', columns: [{ name: 'a', type: 'String' }], orderBy: ['a'] });
    const json = synth(stack);
    expect(byObject(json, 'database:d')[1]).toEqual(expect.objectContaining({ removal_policy: 'destroy', allow_destructive: true }));
    expect(byObject(json, 'table:d.t')[1]).toEqual(expect.objectContaining({ removal_policy: 'retain', allow_destructive: false }));
  });

  test('GIVEN adoptExisting on the stack and adopt: false on one construct WHEN synthesized THEN an import block per adopted object, with the id the provider imports by', () => {
    const app = Testing.app();
    const stack = new ClickHouseStack(app, 's', { adoptExisting: true });
    const db = new Database(stack, 'db', { name: 'd' });
    new Table(stack, 't', { database: db, name: 't', columns: [{ name: 'a', type: 'String' }], orderBy: ['a'] });
    new Table(stack, 'fresh', { database: db, name: 'fresh', columns: [{ name: 'a', type: 'String' }], orderBy: ['a'], adopt: false });
    const json = JSON.parse(Testing.synth(stack, true)) as Synth & { import?: { to: string; id: string }[] };
    const imports = (json.import ?? []).map((i) => [i.to.split('.')[0], i.id]).sort();
    expect(imports).toEqual([
      ['clickhouse_database', 'd'],
      ['clickhouse_table', 'd.t'],
    ]);
    expect((json.import ?? []).map((i) => i.to)).toContain(byObject(json, 'table:d.t')[0]);
  });

  test('GIVEN the production stack WHEN synthesized THEN replicated engines and the cluster are in the attributes, and no secret is in the JSON', () => {
    const app = Testing.app();
    const env = {
      PRODUCTION_CLICKHOUSE_URL: 'https://prod.example:8443',
      PRODUCTION_CLICKHOUSE_PASSWORD: 'S3cret-admin-pw',
      PRODUCTION_MONITOR_PASSWORD: 'S3cret-monitor-pw',
    };
    const old = { ...process.env };
    Object.assign(process.env, env);
    try {
      const stack = productionStack(app, env);
      const raw = Testing.synth(stack, true);
      expect(raw).not.toContain('S3cret');
      // Nor any hash of them: unsalted fingerprints, base64, a resolved (salted) identification.
      const found = [env.PRODUCTION_CLICKHOUSE_PASSWORD, env.PRODUCTION_MONITOR_PASSWORD].flatMap((pw) => leaks(raw, pw));
      expect(found).toEqual([]);
      const json = JSON.parse(raw) as Synth;
      const [, table] = byObject(json, 'table:monitor.service_status');
      expect(table.engine).toBe('ReplicatedMergeTree');
      expect((table.engine_args as string[])[0]).toBe("'/clickhouse/tables/{shard}/{database}/{table}'");
      expect(json.provider?.clickhouse?.[0]).toEqual(
        expect.objectContaining({ cluster: 'production', password_env: 'PRODUCTION_CLICKHOUSE_PASSWORD', url_env: 'PRODUCTION_CLICKHOUSE_URL' }),
      );
    } finally {
      process.env = old;
    }
  });
});

describe('full synth: the provider installed beside each stack, and retained objects forgotten', () => {
  let outdir = '';
  let cwd = '';
  beforeAll(() => buildProject());
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-synth-out-'));
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'chx-synth-cwd-'));
  });
  afterEach(() => {
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  function fullSynth(withTables: boolean): Synth {
    const app = new App({ outdir });
    const stack = new ClickHouseStack(app, 'full');
    // The local backend's state file, where a previous deploy of this stack would be.
    new LocalBackend(stack, { path: path.join(cwd, 'terraform.full.tfstate') });
    const db = new Database(stack, 'db', { name: 'd' });
    if (withTables) {
      new Table(stack, 'kept', { database: db, name: 'kept', columns: [{ name: 'a', type: 'String' }], orderBy: ['a'] });
      new Table(stack, 'dropped', { database: db, name: 'dropped', columns: [{ name: 'a', type: 'String' }], orderBy: ['a'], removalPolicy: 'destroy' });
    }
    app.synth();
    return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'full', 'cdk.tf.json'), 'utf8')) as Synth;
  }

  test('GIVEN a full synth THEN the stack directory has the provider archive in the implied local mirror and a lock file with its hashes', () => {
    fullSynth(false);
    const dir = path.join(outdir, 'stacks', 'full');
    const archive = mirrorArchivePath(path.join(dir, 'terraform.d', 'plugins'));
    const files = unzipSync(fs.readFileSync(archive));
    const launcher = new TextDecoder().decode(files[`terraform-provider-clickhouse_v${providerVersion()}`]);
    expect(launcher).toContain(path.join('dist', 'provider', 'main.js'));
    const lock = fs.readFileSync(path.join(dir, '.terraform.lock.hcl'), 'utf8');
    expect(lock).toContain(`provider "${PROVIDER_SOURCE}"`);
    expect(lock).toContain(filesHash1(files));
  });

  test('GIVEN a state from the last deploy with two tables WHEN both constructs are removed THEN only the retained one gets a removed block (destroy = false); the destroy one is left to plan a destroy', () => {
    const before = fullSynth(true);
    const address = (name: string) => Object.keys(before.resource.clickhouse_table).find((k) => k.startsWith(name))!;
    const state = {
      version: 4,
      resources: [
        { mode: 'managed', type: 'clickhouse_table', name: address('kept'), instances: [{ attributes: { removal_policy: 'retain' } }] },
        { mode: 'managed', type: 'clickhouse_table', name: address('dropped'), instances: [{ attributes: { removal_policy: 'destroy' } }] },
      ],
    };
    fs.writeFileSync(path.join(cwd, 'terraform.full.tfstate'), JSON.stringify(state));
    expect(fullSynth(true).removed).toBeUndefined();
    expect(fullSynth(false).removed).toEqual([{ from: `clickhouse_table.${address('kept')}`, lifecycle: { destroy: false } }]);
  });
});

describe('validation at synth names the construct path and the field', () => {
  const cases: Array<[string, (s: ClickHouseStack) => void, RegExp]> = [
    [
      'bad table name',
      (s) => new Table(s, 't', { database: new Database(s, 'db', { name: 'd' }), name: 'bad-name', columns: [{ name: 'a', type: 'String' }], orderBy: ['a'] }),
      /s\/t: name: "bad-name" is not a plain identifier/,
    ],
    [
      'empty columns',
      (s) => new Table(s, 't', { database: new Database(s, 'db', { name: 'd' }), name: 't', columns: [], orderBy: [] }),
      /s\/t: columns: a table needs at least one column/,
    ],
    [
      'TTL on a non-date column',
      (s) =>
        new Table(s, 't', {
          database: new Database(s, 'db', { name: 'd' }),
          name: 't',
          columns: [{ name: 'a', type: 'String' }],
          orderBy: ['a'],
          ttl: 'a + INTERVAL 1 DAY',
        }),
      /s\/t: ttl: TTL needs a Date\/DateTime column; a is String/,
    ],
    [
      'unknown engine',
      (s) =>
        new Table(s, 't', {
          database: new Database(s, 'db', { name: 'd' }),
          name: 't',
          columns: [{ name: 'a', type: 'String' }],
          orderBy: ['a'],
          engine: 'FancyTree',
        }),
      /s\/t: engine: unknown engine "FancyTree"/,
    ],
    [
      'unknown type',
      (s) => new Table(s, 't', { database: new Database(s, 'db', { name: 'd' }), name: 't', columns: [{ name: 'a', type: 'Strng' }], orderBy: ['a'] }),
      /s\/t: columns\[0\]\.type: unknown type "Strng"/,
    ],
    [
      'rebuild strategy unknown',
      (s) =>
        new Table(s, 't', {
          database: new Database(s, 'db', { name: 'd' }),
          name: 't',
          columns: [{ name: 'a', type: 'String' }],
          orderBy: ['a'],
          rebuild: 'swap' as 'copy',
        }),
      /s\/t: rebuild: must be "copy", got "swap"/,
    ],
    [
      'rebuild of a table outside the MergeTree family',
      (s) =>
        new Table(s, 't', {
          database: new Database(s, 'db', { name: 'd' }),
          name: 't',
          columns: [{ name: 'a', type: 'String' }],
          engine: 'Memory',
          rebuild: 'copy',
        }),
      /s\/t: rebuild: a rebuild by copy needs an engine of the MergeTree family \(the table's is "Memory"\)/,
    ],
    [
      'rebuild of a replicated table',
      (s) =>
        new Table(s, 't', {
          database: new Database(s, 'db', { name: 'd' }),
          name: 't',
          columns: [{ name: 'a', type: 'String' }],
          orderBy: ['a'],
          replication: {},
          rebuild: 'copy',
        }),
      /s\/t: rebuild: a rebuild by copy is for tables that are not replicated \(the table's engine is ReplicatedMergeTree\)/,
    ],
    [
      'password in props instead of env name',
      (s) => new User(s, 'u', { name: 'u', passwordEnv: 'hunter2 pw' }),
      /s\/u: auth\.passwordEnv: must name the environment variable/,
    ],
    [
      'credentials in URL',
      () => new ClickHouseStack(Testing.app(), 'x', { connection: { url: 'http://admin:pw@host:8123' } }),
      /x: connection\.url: the URL must not carry credentials/,
    ],
  ];
  test.each(cases)('%s', (_name, build, message) => {
    const stack = new ClickHouseStack(Testing.app(), 's');
    expect(() => build(stack)).toThrow(message);
  });

  test('GIVEN a grant on a database that is not declared WHEN synthesized THEN validation fails naming the grant and field', () => {
    const app = Testing.app();
    const stack = new ClickHouseStack(app, 's');
    const p = new SettingsProfile(stack, 'p', { name: 'p', settings: [] });
    const u = new User(stack, 'u', { name: 'u', passwordEnv: 'PW', profiles: [p] });
    new Grant(stack, 'g', { grantee: u, grants: [{ privilege: 'SELECT', database: 'nowhere' }] });
    expect(() => Testing.synth(stack, true)).toThrow(/s\/g: grants\[0\]\.database: database "nowhere" is not declared/);
  });
});
