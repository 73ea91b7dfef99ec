// Synth tests: cdktf's Testing helpers with validations on; no server needed.
import { Testing } from 'cdktf';
import { ClickHouseStack } from '../../constructs/clickhouse-stack';
import { Database } from '../../constructs/database';
import { Grant } from '../../constructs/grant';
import { MonitoringSchema } from '../../stacks/lightbulb/monitoring-schema';
import { SettingsProfile } from '../../constructs/settings-profile';
import { Table } from '../../constructs/table';
import { User } from '../../constructs/user';
import { Change } from '../../sql/spec/changes';
import { devStack } from '../../stacks/dev';
import { productionStack } from '../../stacks/replicated';

interface SynthResource {
  triggers_replace?: Record<string, string>;
  triggers?: Record<string, string>;
  depends_on?: string[];
  provisioner?: Array<{ 'local-exec': { command: string; environment?: Record<string, string>; when?: string } }>;
}
type Synth = { resource: Record<string, Record<string, SynthResource>>; terraform?: { required_providers?: Record<string, unknown> } };

function synth(stack: ClickHouseStack): Synth {
  return JSON.parse(Testing.synth(stack, true)) as Synth;
}

function resourcesOf(json: Synth, type = 'terraform_data'): Record<string, SynthResource> {
  return json.resource[type] ?? {};
}

/** depends_on entries: static references "terraform_data.name". */
const ref = (name: string, type = 'terraform_data') => `${type}.${name}`;

function findByObject(json: Synth, object: string, type = 'terraform_data'): [string, SynthResource] {
  const hit = Object.entries(resourcesOf(json, type)).find(([, r]) => (r.triggers_replace ?? r.triggers)?.object === object);
  if (!hit) throw new Error(`no resource for ${object}`);
  return hit;
}

describe('MonitoringSchema synth', () => {
  test('GIVEN the dev stack WHEN synthesized without a drift check THEN one terraform_data per object, marked unchecked, with the apply command', () => {
    const app = Testing.app();
    const stack = devStack(app, {});
    const json = synth(stack);
    const res = resourcesOf(json);
    // database + 6 tables + hourly target + view (no access objects on dev by default)
    expect(Object.keys(res)).toHaveLength(9);
    const [, table] = findByObject(json, 'table:monitor.service_status');
    expect(table.triggers_replace?.revision).toMatch(/^unchecked-/);
    expect(table.triggers_replace?.reasons).toContain('drift not checked');
    const exec = table.provisioner?.[0]['local-exec'];
    expect(exec?.command).toMatch(/dist\/cli\/apply\.js" apply$/);
    expect(Object.keys(exec?.environment ?? {})).toEqual(expect.arrayContaining(['CHX_SPEC', 'CHX_SETTINGS', 'CHX_TRIGGERS', 'CHX_STACK']));
    expect(json.terraform?.required_providers ?? {}).toEqual({});
  });

  test('GIVEN the schema WHEN synthesized THEN dependencies follow the graph: database before tables, tables before view, profile before user, objects before grants', () => {
    const app = Testing.app();
    const stack = new ClickHouseStack(app, 's');
    new MonitoringSchema(stack, 'm');
    const json = synth(stack);
    const [dbName] = findByObject(json, 'database:monitor');
    const [, table] = findByObject(json, 'table:monitor.services');
    expect(table.depends_on).toContain(ref(dbName));
    const [targetName] = findByObject(json, 'table:monitor.service_status_hourly');
    const [sourceName] = findByObject(json, 'table:monitor.service_status');
    const [, view] = findByObject(json, 'materialized_view:monitor.service_status_summary');
    expect(view.depends_on).toEqual(expect.arrayContaining([ref(targetName), ref(sourceName)]));
    const [profileName] = findByObject(json, 'settings_profile:program');
    const [userName, user] = findByObject(json, 'user:monitor');
    expect(user.depends_on).toContain(ref(profileName));
    const [, grant] = findByObject(json, 'grant:monitor');
    expect(grant.depends_on).toEqual(expect.arrayContaining([ref(userName), ref(dbName)]));
  });

  test('GIVEN drift results WHEN synthesized THEN a drifted object carries its reasons and exact SQL, an in-sync object its recorded triggers', () => {
    const app = Testing.app();
    const stack = new ClickHouseStack(app, 's');
    new MonitoringSchema(stack, 'm', { access: false });
    const change: Change = {
      object: 'table:monitor.services',
      reason: 'missing_column',
      detail: 'column owner missing',
      statements: ['ALTER TABLE `monitor`.`services` ADD COLUMN IF NOT EXISTS `owner` String AFTER `enabled`'],
      inPlace: true,
      destructive: false,
      runnable: true,
    };
    const byObject = new Map<string, Change[]>(
      stack
        .specs()
        .map((s) => [
          s.kind === 'table' || s.kind === 'materialized_view' ? `${s.kind}:${s.database}.${s.name}` : `${s.kind}:${'name' in s ? s.name : ''}`,
          [],
        ]),
    );
    byObject.set('table:monitor.services', [change]);
    const recorded = new Map([
      [
        'table:monitor.alert_rules',
        { object: 'table:monitor.alert_rules', revision: 'abc123', reasons: 'missing_object', sql: 'CREATE TABLE ...;', blocked: '' },
      ],
    ]);
    stack.setDriftResult(byObject, recorded, { checked: true, url: 'http://x', durationMs: 1, notices: [] });
    const json = synth(stack);
    const [, services] = findByObject(json, 'table:monitor.services');
    expect(services.triggers_replace?.reasons).toBe('missing_column');
    expect(services.triggers_replace?.sql).toBe('ALTER TABLE `monitor`.`services` ADD COLUMN IF NOT EXISTS `owner` String AFTER `enabled`;');
    const [, rules] = findByObject(json, 'table:monitor.alert_rules');
    expect(rules.triggers_replace).toEqual({
      object: 'table:monitor.alert_rules',
      revision: 'abc123',
      reasons: 'missing_object',
      sql: 'CREATE TABLE ...;',
      blocked: '',
    });
    const [, logs] = findByObject(json, 'table:monitor.service_logs');
    expect(logs.triggers_replace?.revision).toMatch(/^in-sync-/);
  });

  test('GIVEN SQL with ${ and %{ WHEN synthesized THEN Terraform template sequences are escaped', () => {
    const app = Testing.app();
    const stack = new ClickHouseStack(app, 's');
    new Database(stack, 'db', { name: 'd' });
    const change: Change = {
      object: 'database:d',
      reason: 'missing_object',
      detail: 'x',
      statements: ["SELECT '${x}' , '%{y}'"],
      inPlace: true,
      destructive: false,
      runnable: true,
    };
    stack.setDriftResult(new Map([['database:d', [change]]]), new Map(), { checked: true, url: 'http://x', durationMs: 1, notices: [] });
    const raw = Testing.synth(stack, true);
    expect(raw).toContain('$${x}');
    expect(raw).toContain('%%{y}');
  });

  test('GIVEN executor null_resource WHEN synthesized THEN the same triggers and provisioners on null_resource with the null provider', () => {
    const mk = (executor: 'terraform_data' | 'null_resource') => {
      const app = Testing.app();
      const stack = new ClickHouseStack(app, 's', { executor });
      new MonitoringSchema(stack, 'm');
      return synth(stack);
    };
    const data = mk('terraform_data');
    const nul = mk('null_resource');
    expect(Object.keys(nul.terraform?.required_providers ?? {})).toContain('null');
    const a = resourcesOf(data, 'terraform_data');
    const b = resourcesOf(nul, 'null_resource');
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const k of Object.keys(a)) {
      expect(b[k].triggers).toEqual(a[k].triggers_replace);
      expect(b[k].provisioner).toEqual(a[k].provisioner);
      expect(b[k].depends_on?.map((d) => d.replace('null_resource.', ''))).toEqual(a[k].depends_on?.map((d) => d.replace('terraform_data.', '')));
    }
  });

  test('GIVEN the production stack WHEN synthesized THEN replicated engines and the cluster are in the specs, and no secret is in the JSON', () => {
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
      const table = stack.schema.tables.service_status.spec;
      expect(table.engine.name).toBe('ReplicatedMergeTree');
      expect(table.engine.args?.[0]).toBe("'/clickhouse/tables/{shard}/{database}/{table}'");
      expect(stack.settings.cluster).toBe('production');
      expect(stack.settings.passwordEnv).toBe('PRODUCTION_CLICKHOUSE_PASSWORD');
    } finally {
      process.env = old;
    }
  });

  test('GIVEN removal policy destroy WHEN synthesized THEN a separate never-replaced resource carries the destroy provisioner', () => {
    const app = Testing.app();
    const stack = new ClickHouseStack(app, 's');
    const db = new Database(stack, 'db', { name: 'd', removalPolicy: 'destroy' });
    new Table(stack, 't', { database: db, name: 't', columns: [{ name: 'a', type: 'String' }], orderBy: ['a'] });
    const json = synth(stack);
    const res = resourcesOf(json);
    const removal = Object.values(res).filter((r) => r.provisioner?.some((p) => p['local-exec'].when === 'destroy'));
    expect(removal).toHaveLength(1);
    expect(removal[0].triggers_replace).toEqual({ object: 'database:d', removal_policy: 'destroy' });
    const main = Object.values(res).filter((r) => r.triggers_replace?.object === 'database:d' && r.triggers_replace?.revision);
    expect(main[0].provisioner?.some((p) => p['local-exec'].when === 'destroy')).toBe(false);
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
