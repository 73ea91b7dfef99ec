// Hostile names and literals never become SQL: identifier payloads are refused by every construct;
// literal payloads (comments, defaults, setting values, engine arguments) are applied to the real
// server and come back byte for byte, while a canary table survives and nothing else appears.
import { App } from 'cdktf';
import { ClickHouseStack } from '../../constructs/clickhouse-stack';
import { Database } from '../../constructs/database';
import { ValidationError } from '../../constructs/errors';
import { Grant } from '../../constructs/grant';
import { MaterializedView } from '../../constructs/materialized-view';
import { SettingsProfile } from '../../constructs/settings-profile';
import { Table, tableEngine } from '../../constructs/table';
import { User } from '../../constructs/user';
import { connect, Connection } from '../../sql/live/client';
import { checkDrift } from '../../sql/live/drift-check';
import { qualified, quoteIdent, quoteString } from '../../sql/spec/identifiers';
import { renderCreateTable, renderModifySetting } from '../../sql/render/tables';
import { renderCreateSettingsProfile } from '../../sql/render/access';
import { TableSpec } from '../../sql/spec/model';
import { uniqueName } from '../support/clickhouse';
import { serverInfo } from '../support/server-info';

const IDENT_PAYLOADS = [
  'x`; DROP TABLE canary; --',
  "x'; DROP TABLE canary; --",
  'x"; DROP TABLE canary',
  'x) ENGINE=Log; CREATE TABLE pwned (a Int8) ENGINE=Log; --',
  'x/*',
  'x -- c',
  'canary\u200b',
  'c\u0430nary',
  'x\u202e',
  'x\\',
  '{db:Identifier}',
];

describe('hostile input never becomes SQL', () => {
  const info = serverInfo();
  const database = uniqueName('rel_inj');
  const LIT_PAYLOADS = [
    `'); DROP TABLE ${database}.canary; --`,
    "\\'; DROP TABLE canary; --",
    '*/ DROP TABLE canary; /*',
    "' OR 1=1 --",
    'line1\nline2\r\n\ttabbed',
    'trailing backslash \\',
    '${file("/etc/passwd")} %{ if true }x%{ endif }',
    '{db:String} ? $1 :param',
    'unicode ✓ — 日本語 \u200b zero-width',
    "''''",
    'CREATE TABLE pwned (a Int8) ENGINE = Log',
  ];
  let conn: Connection;
  const figures = { identTried: 0, identRefused: 0, literals: 0, roundTrips: 0, parsed: 0 };

  beforeAll(async () => {
    conn = connect({ url: info.url, username: info.username, password: info.password });
    await conn.exec(`CREATE DATABASE ${quoteIdent(database)}`);
    await conn.exec(`CREATE TABLE ${qualified(database, 'canary')} (x UInt8) ENGINE = MergeTree ORDER BY x`);
    await conn.exec(`INSERT INTO ${qualified(database, 'canary')} VALUES (1)`);
  });
  afterAll(async () => {
    await conn.exec(`DROP DATABASE IF EXISTS ${quoteIdent(database)} SYNC`);
    await conn.close();
    console.log(
      `[reliability/injection] ${figures.identTried} identifier payloads tried, ${figures.identRefused} refused at synth; ${figures.literals} literal payloads applied, ${figures.roundTrips} values read back byte for byte; ${figures.parsed} rendered statements parsed by the server as exactly one statement`,
    );
  });

  test('identifier payloads are refused by every construct', () => {
    const builders: [string, (s: ClickHouseStack, p: string) => void][] = [
      [
        'Database.name',
        (s, p) => {
          new Database(s, 'x', { name: p });
        },
      ],
      [
        'Table.name',
        (s, p) => {
          new Table(s, 'x', { database: new Database(s, 'd', { name: 'd' }), name: p, columns: [{ name: 'a', type: 'UInt8' }], orderBy: ['a'] });
        },
      ],
      [
        'Table.columns[].name',
        (s, p) => {
          new Table(s, 'x', { database: new Database(s, 'd', { name: 'd' }), name: 't', columns: [{ name: p, type: 'UInt8' }], orderBy: [] });
        },
      ],
      [
        'Table.settings key',
        (s, p) => {
          new Table(s, 'x', {
            database: new Database(s, 'd', { name: 'd' }),
            name: 't',
            columns: [{ name: 'a', type: 'UInt8' }],
            orderBy: ['a'],
            settings: { [p]: 1 },
          });
        },
      ],
      [
        'MaterializedView.name',
        (s, p) => {
          const t = new Table(s, 't', { database: new Database(s, 'd', { name: 'd' }), name: 't', columns: [{ name: 'a', type: 'UInt8' }], orderBy: ['a'] });
          new MaterializedView(s, 'x', { name: p, to: t, select: 'SELECT a FROM d.t' });
        },
      ],
      [
        'User.name',
        (s, p) => {
          new User(s, 'x', { name: p, passwordEnv: 'P' });
        },
      ],
      [
        'SettingsProfile.name',
        (s, p) => {
          new SettingsProfile(s, 'x', { name: p, settings: [] });
        },
      ],
      [
        'SettingsProfile.settings[].name',
        (s, p) => {
          new SettingsProfile(s, 'x', { name: 'p', settings: [{ name: p, value: 1 }] });
        },
      ],
      [
        'Grant.database',
        (s, p) => {
          new Grant(s, 'x', { grantee: new User(s, 'u', { name: 'u', passwordEnv: 'P' }), grants: [{ privilege: 'SELECT', database: p, table: '*' }] });
        },
      ],
      [
        'Grant.table',
        (s, p) => {
          new Grant(s, 'x', { grantee: new User(s, 'u', { name: 'u', passwordEnv: 'P' }), grants: [{ privilege: 'SELECT', database: 'd', table: p }] });
        },
      ],
      [
        'Grant.columns[]',
        (s, p) => {
          new Grant(s, 'x', {
            grantee: new User(s, 'u', { name: 'u', passwordEnv: 'P' }),
            grants: [{ privilege: 'SELECT', database: 'd', table: 't', columns: [p] }],
          });
        },
      ],
    ];
    const accepted: string[] = [];
    for (const [where, build] of builders) {
      for (const p of IDENT_PAYLOADS) {
        figures.identTried++;
        const stack = new ClickHouseStack(new App(), 's');
        try {
          build(stack, p);
          accepted.push(`${where}: ${JSON.stringify(p)}`);
        } catch (e) {
          expect(e).toBeInstanceOf(ValidationError);
          expect((e as ValidationError).constructPath).toBe('s/x');
          figures.identRefused++;
        }
      }
    }
    expect(accepted).toEqual([]);
  });

  test('literal payloads in comments and defaults: applied, read back byte for byte, canary intact, nothing else created', async () => {
    const app = new App();
    const stack = new ClickHouseStack(app, 'inj', { connection: { url: info.url } });
    const db = new Database(stack, 'db', { name: database, comment: LIT_PAYLOADS.join(' | ') });
    const tables = LIT_PAYLOADS.map(
      (p, i) =>
        new Table(stack, `t${i}`, {
          database: db,
          name: `lit_${i}`,
          columns: [
            { name: 'c', type: 'String', comment: p },
            { name: 'd', type: 'String', defaultKind: 'DEFAULT', defaultExpression: quoteString(p) },
          ],
          orderBy: ['c'],
          comment: p,
        }),
    );
    const target = new Table(stack, 'target', { database: db, name: 'mv_target', columns: [{ name: 'x', type: 'UInt8' }], orderBy: ['x'] });
    new MaterializedView(stack, 'mv', {
      name: 'mv',
      to: target,
      select: `SELECT x FROM ${database}.canary WHERE toString(x) != ${quoteString(LIT_PAYLOADS[0])}`,
      comment: LIT_PAYLOADS.join(' | '),
    });

    const result = await checkDrift(conn.query.bind(conn), stack.specs());
    let statements = 0;
    for (const c of result.changes) {
      expect(c.runnable).toBe(true);
      for (const s of c.statements) {
        await conn.exec(s);
        statements++;
      }
    }
    figures.literals += LIT_PAYLOADS.length;

    const [{ n }] = await conn.query<{ n: string }>(`SELECT count() AS n FROM ${qualified(database, 'canary')}`);
    expect(Number(n)).toBe(1);
    const names = (await conn.query<{ name: string }>('SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name', { db: database })).map(
      (r) => r.name,
    );
    expect(names).toEqual(['canary', ...tables.map((t) => t.name), 'mv', 'mv_target'].sort());
    const pwned = await conn.query<{ n: string }>("SELECT count() AS n FROM system.tables WHERE name ILIKE '%pwned%'");
    expect(Number(pwned[0].n)).toBe(0);

    const tcomments = await conn.query<{ name: string; comment: string }>('SELECT name, comment FROM system.tables WHERE database = {db:String}', {
      db: database,
    });
    const ccomments = await conn.query<{ table: string; comment: string }>(
      "SELECT table, comment FROM system.columns WHERE database = {db:String} AND name = 'c'",
      { db: database },
    );
    const [dbc] = await conn.query<{ comment: string }>('SELECT comment FROM system.databases WHERE name = {db:String}', { db: database });
    expect(dbc.comment).toBe(LIT_PAYLOADS.join(' | '));
    expect(tcomments.find((r) => r.name === 'mv')?.comment).toBe(LIT_PAYLOADS.join(' | '));
    figures.roundTrips += 2;
    for (const [i, p] of LIT_PAYLOADS.entries()) {
      expect({ i, comment: tcomments.find((r) => r.name === `lit_${i}`)?.comment }).toEqual({ i, comment: p });
      expect({ i, comment: ccomments.find((r) => r.table === `lit_${i}`)?.comment }).toEqual({ i, comment: p });
      await conn.exec(`INSERT INTO ${qualified(database, `lit_${i}`)} (c) VALUES ('row')`);
      const [{ d }] = await conn.query<{ d: string }>(`SELECT d FROM ${qualified(database, `lit_${i}`)}`);
      expect({ i, d }).toEqual({ i, d: p });
      figures.roundTrips += 3;
    }
    // And the next drift check sees them as they were declared: no drift.
    const again = await checkDrift(conn.query.bind(conn), stack.specs());
    expect(again.changes.map((c) => `${c.object} ${c.reason}`)).toEqual([]);
    console.log(
      `[reliability/injection] ${statements} statements carried ${LIT_PAYLOADS.length} hostile literals; canary rows ${n}; tables ${names.length}; second drift check: ${again.changes.length} changes`,
    );
  });

  test('setting values, profile settings and engine arguments: each rendered statement parses as one statement with the literal intact', async () => {
    const parse = async (statement: string): Promise<string> => {
      const [{ f }] = await conn.query<{ f: string }>('SELECT formatQuery({q:String}) AS f', { q: statement });
      figures.parsed++;
      return f;
    };
    // Control: the parser refuses a second statement, so "parses" means "is one statement".
    await expect(parse('SELECT 1; DROP TABLE canary')).rejects.toThrow();
    const base: TableSpec = { kind: 'table', database, name: 't', columns: [{ name: 'a', type: 'String' }], engine: { name: 'MergeTree' }, orderBy: ['a'] };
    for (const p of LIT_PAYLOADS) {
      const lit = quoteString(p);
      const setting = await parse(renderModifySetting(base, 'storage_policy', p));
      expect(setting).toContain(`storage_policy = ${lit}`);
      const profile = await parse(renderCreateSettingsProfile({ kind: 'settings_profile', name: 'prof', settings: [{ name: 'log_comment', value: p }] }));
      expect(profile).toContain(lit);
      const engine = tableEngine('MergeTree', { zooPath: `/clickhouse/${p}`, replicaName: p });
      const create = await parse(renderCreateTable({ ...base, engine }));
      expect(create).toContain(quoteString(`/clickhouse/${p}`));
      expect(create).toContain(quoteString(p));
    }
    const [{ n }] = await conn.query<{ n: string }>(`SELECT count() AS n FROM ${qualified(database, 'canary')}`);
    expect(Number(n)).toBe(1);
  });
});
