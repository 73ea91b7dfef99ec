// Bad input at synth: malformed specs through the constructs each fail with a message naming the
// construct path and the field, and nothing reaches the server. The embedded engine has no
// system.query_log, so the stacks point at a recording proxy in front of the suite's server and
// the test counts what arrived there. What the zero proves: constructors throw before anything
// could connect, so for them the count is a bound, not a finding; it is a finding for synth (the
// deferred reference check), and the control test shows the proxy records what does reach it
// (a query through the same proxy, run last), so a construct or synth that started talking to
// the server would be seen.
import { App } from 'cdktf';
import { Construct } from 'constructs';
import { ClickHouseStack } from '../../constructs/clickhouse-stack';
import { Database, DatabaseProps } from '../../constructs/database';
import { ValidationError } from '../../constructs/errors';
import { Grant } from '../../constructs/grant';
import { MaterializedView } from '../../constructs/materialized-view';
import { SettingsProfile } from '../../constructs/settings-profile';
import { Table, TableProps } from '../../constructs/table';
import { User } from '../../constructs/user';
import { View } from '../../constructs/view';
import { connect } from '../../sql/live/client';
import { ColumnSpec } from '../../sql/spec/model';
import { FaultProxy, startFaultProxy } from '../support/fault-proxy';
import { serverInfo } from '../support/server-info';

const COLS: ColumnSpec[] = [
  { name: 'id', type: 'String' },
  { name: 'ts', type: 'DateTime' },
  { name: 'n', type: 'UInt32' },
];

function db(stack: Construct, props: Partial<DatabaseProps> = {}): Database {
  return new Database(stack, 'db', { name: 'rel_bad', ...props });
}
function table(stack: Construct, props: Partial<TableProps> = {}): Table {
  return new Table(stack, 't', { database: db(stack), name: 'events', columns: COLS, orderBy: ['id'], ...props });
}

interface Case {
  readonly name: string;
  /** Path of the construct the error must name, relative to the stack. */
  readonly path: string;
  readonly field: string;
  readonly build: (stack: ClickHouseStack) => void;
}

const badNames: [string, string][] = [
  ['single quote', "mon'itor"],
  ['backtick', 'mon`itor'],
  ['semicolon', 'monitor;DROP DATABASE system'],
  ['space', 'mon itor'],
  ['double quote', 'mon"itor'],
  ['backslash', 'mon\\itor'],
  ['Cyrillic lookalike', 'm\u043enitor'],
  ['zero-width space', 'mon\u200bitor'],
  ['RTL override', 'mon\u202eitor'],
  ['BOM', '\ufeffmonitor'],
  ['empty', ''],
  ['leading digit', '1monitor'],
  ['newline', 'mon\nitor'],
];

const cases: Case[] = [
  ...badNames.map(([n, v]): Case => ({
    name: `database name: ${n}`,
    path: 'db',
    field: 'name',
    build: (s) => {
      db(s, { name: v });
    },
  })),
  ...badNames.map(([n, v]): Case => ({
    name: `table name: ${n}`,
    path: 't',
    field: 'name',
    build: (s) => {
      table(s, { name: v });
    },
  })),
  ...badNames.map(([n, v]): Case => ({
    name: `column name: ${n}`,
    path: 't',
    field: 'columns[1].name',
    build: (s) => {
      table(s, { columns: [COLS[0], { name: v, type: 'String' }] });
    },
  })),
  {
    name: 'unknown type',
    path: 't',
    field: 'columns[2].type',
    build: (s) => {
      table(s, { columns: [...COLS.slice(0, 2), { name: 'n', type: 'UInt33' }] });
    },
  },
  {
    name: 'misspelt type',
    path: 't',
    field: 'columns[0].type',
    build: (s) => {
      table(s, { columns: [{ name: 'id', type: 'Strng' }, ...COLS.slice(1)] });
    },
  },
  {
    name: 'type with a statement',
    path: 't',
    field: 'columns[0].type',
    build: (s) => {
      table(s, { columns: [{ name: 'id', type: 'String) ENGINE = Log; DROP TABLE x; --' }, ...COLS.slice(1)] });
    },
  },
  {
    name: 'unknown inner type',
    path: 't',
    field: 'columns[0].type',
    build: (s) => {
      table(s, { columns: [{ name: 'id', type: 'Nullable(Strin)' }, ...COLS.slice(1)] });
    },
  },
  {
    name: 'TTL on a non-date column',
    path: 't',
    field: 'ttl',
    build: (s) => {
      table(s, { ttl: 'n + INTERVAL 1 DAY' });
    },
  },
  {
    name: 'TTL naming no column',
    path: 't',
    field: 'ttl',
    build: (s) => {
      table(s, { ttl: 'now() + INTERVAL 1 DAY' });
    },
  },
  {
    name: 'duplicate column',
    path: 't',
    field: 'columns[3].name',
    build: (s) => {
      table(s, { columns: [...COLS, { name: 'id', type: 'UInt8' }] });
    },
  },
  {
    name: 'no columns',
    path: 't',
    field: 'columns',
    build: (s) => {
      table(s, { columns: [] });
    },
  },
  {
    name: 'ORDER BY an undeclared column',
    path: 't',
    field: 'orderBy[0]',
    build: (s) => {
      table(s, { orderBy: ['nope'] });
    },
  },
  {
    name: 'ORDER BY with ";"',
    path: 't',
    field: 'orderBy[0]',
    build: (s) => {
      table(s, { orderBy: ['id; DROP TABLE rel_bad.canary'] });
    },
  },
  {
    name: 'PARTITION BY with "--" comment',
    path: 't',
    field: 'partitionBy',
    build: (s) => {
      table(s, { partitionBy: 'toYYYYMM(ts) -- trailing' });
    },
  },
  {
    name: 'TTL with a block comment',
    path: 't',
    field: 'ttl',
    build: (s) => {
      table(s, { ttl: 'ts + INTERVAL 1 DAY /* x */' });
    },
  },
  {
    name: 'TTL with "#" comment',
    path: 't',
    field: 'ttl',
    build: (s) => {
      table(s, { ttl: 'ts + INTERVAL 1 DAY # x' });
    },
  },
  {
    name: 'ORDER BY with a lookalike letter',
    path: 't',
    field: 'orderBy[0]',
    build: (s) => {
      table(s, { orderBy: ['\u0456d'] });
    },
  },
  {
    name: 'ORDER BY with a zero-width space',
    path: 't',
    field: 'orderBy[0]',
    build: (s) => {
      table(s, { orderBy: ['i\u200bd'] });
    },
  },
  {
    name: 'default with a second statement',
    path: 't',
    field: 'columns[2].defaultExpression',
    build: (s) => {
      table(s, { columns: [...COLS.slice(0, 2), { name: 'n', type: 'UInt32', defaultExpression: '1; DROP TABLE rel_bad.canary' }] });
    },
  },
  {
    name: 'default with an unterminated quote',
    path: 't',
    field: 'columns[0].defaultExpression',
    build: (s) => {
      table(s, { columns: [{ name: 'id', type: 'String', defaultExpression: "'abc" }, ...COLS.slice(1)] });
    },
  },
  {
    name: 'default with RTL override in a literal',
    path: 't',
    field: 'columns[0].defaultExpression',
    build: (s) => {
      table(s, { columns: [{ name: 'id', type: 'String', defaultExpression: "'ab\u202ec'" }, ...COLS.slice(1)] });
    },
  },
  {
    name: 'codec closing the column list',
    path: 't',
    field: 'columns[0].codec',
    build: (s) => {
      table(s, { columns: [{ name: 'id', type: 'String', codec: 'ZSTD(1))' }, ...COLS.slice(1)] });
    },
  },
  {
    name: 'engine argument with a statement',
    path: 't',
    field: 'engine.args[0]',
    build: (s) => {
      table(s, { engine: 'ReplacingMergeTree', engineArgs: ['n); DROP TABLE rel_bad.canary; --'] });
    },
  },
  {
    name: 'unknown engine',
    path: 't',
    field: 'engine',
    build: (s) => {
      table(s, { engine: 'MergeTre' });
    },
  },
  {
    name: 'setting name with a quote',
    path: 't',
    field: "settings.index_granularity'",
    build: (s) => {
      table(s, { settings: { "index_granularity'": 1 } });
    },
  },
  {
    name: 'view SELECT with a second statement',
    path: 'mv',
    field: 'select',
    build: (s) => {
      new MaterializedView(s, 'mv', { name: 'v', to: table(s), select: 'SELECT id, ts, n FROM rel_bad.events; DROP TABLE rel_bad.canary' });
    },
  },
  {
    name: 'view SELECT that is not a SELECT',
    path: 'mv',
    field: 'select',
    build: (s) => {
      new MaterializedView(s, 'mv', { name: 'v', to: table(s), select: 'INSERT INTO rel_bad.canary VALUES (1)' });
    },
  },
  {
    name: 'view name with a backtick',
    path: 'mv',
    field: 'name',
    build: (s) => {
      new MaterializedView(s, 'mv', { name: 'v`; DROP TABLE x; --', to: table(s), select: 'SELECT id, ts, n FROM rel_bad.events' });
    },
  },
  {
    name: 'Null table with an ORDER BY',
    path: 't',
    field: 'orderBy',
    build: (s) => {
      table(s, { engine: 'Null', orderBy: ['id'] });
    },
  },
  {
    name: 'Buffer with three arguments',
    path: 't',
    field: 'engine.args',
    build: (s) => {
      table(s, { engine: 'Buffer', engineArgs: ['rel_bad', 'events', '16'], orderBy: undefined });
    },
  },
  {
    name: 'Buffer whose destination database is an expression',
    path: 't',
    field: 'engine.args[0]',
    build: (s) => {
      table(s, {
        engine: 'Buffer',
        engineArgs: ['currentDatabase()', 'events', '1', '10', '100', '10000', '1000000', '10000000', '100000000'],
        orderBy: undefined,
      });
    },
  },
  {
    name: 'MergeTree table without an ORDER BY',
    path: 't',
    field: 'orderBy',
    build: (s) => {
      table(s, { orderBy: undefined });
    },
  },
  {
    name: 'plain view SELECT with a second statement',
    path: 'pv',
    field: 'select',
    build: (s) => {
      new View(s, 'pv', { database: db(s), name: 'v', select: 'SELECT 1; DROP TABLE rel_bad.canary' });
    },
  },
  {
    name: 'plain view SELECT that is not a SELECT',
    path: 'pv',
    field: 'select',
    build: (s) => {
      new View(s, 'pv', { database: db(s), name: 'v', select: 'DROP TABLE rel_bad.canary' });
    },
  },
  {
    name: 'plain view name with a backtick',
    path: 'pv',
    field: 'name',
    build: (s) => {
      new View(s, 'pv', { database: db(s), name: 'v`; DROP TABLE x; --', select: 'SELECT 1' });
    },
  },
  {
    name: 'plain view column of an unknown type',
    path: 'pv',
    field: 'columns[1].type',
    build: (s) => {
      new View(s, 'pv', {
        database: db(s),
        name: 'v',
        select: 'SELECT 1 AS a, 2 AS b',
        columns: [
          { name: 'a', type: 'UInt8' },
          { name: 'b', type: 'Int8); DROP TABLE x; --' },
        ],
      });
    },
  },
  {
    name: 'plain view column list naming a column twice',
    path: 'pv',
    field: 'columns[1].name',
    build: (s) => {
      new View(s, 'pv', {
        database: db(s),
        name: 'v',
        select: 'SELECT 1 AS a',
        columns: [
          { name: 'a', type: 'UInt8' },
          { name: 'a', type: 'UInt8' },
        ],
      });
    },
  },
  {
    name: 'user name with a quote',
    path: 'u',
    field: 'name',
    build: (s) => {
      new User(s, 'u', { name: "bob'--", passwordEnv: 'P' });
    },
  },
  {
    name: 'user password env that is a password',
    path: 'u',
    field: 'auth.passwordEnv',
    build: (s) => {
      new User(s, 'u', { name: 'bob', passwordEnv: 'hunter2 secret!' });
    },
  },
  {
    name: 'profile setting name with a semicolon',
    path: 'p',
    field: 'settings[0].name',
    build: (s) => {
      new SettingsProfile(s, 'p', { name: 'prof', settings: [{ name: 'max_threads;DROP', value: 1 }] });
    },
  },
  {
    name: 'grant on a table with a space',
    path: 'g',
    field: 'grants[0].table',
    build: (s) => {
      new Grant(s, 'g', {
        grantee: new User(s, 'u', { name: 'bob', passwordEnv: 'P' }),
        grants: [{ privilege: 'SELECT', database: 'system', table: 'one two' }],
      });
    },
  },
  {
    name: 'grant of a non-privilege',
    path: 'g',
    field: 'grants[0].privilege',
    build: (s) => {
      new Grant(s, 'g', {
        grantee: new User(s, 'u', { name: 'bob', passwordEnv: 'P' }),
        grants: [{ privilege: 'SELECT; DROP', database: 'system', table: '*' }],
      });
    },
  },
  {
    name: 'grant of a privilege ClickHouse does not have',
    path: 'g',
    field: 'grants[0].privilege',
    build: (s) => {
      new Grant(s, 'g', { grantee: new User(s, 'u', { name: 'bob', passwordEnv: 'P' }), grants: [{ privilege: 'SELEKT', database: 'system', table: '*' }] });
    },
  },
];

describe('malformed specs fail at synth, naming construct path and field; nothing reaches the server', () => {
  let proxy: FaultProxy;
  const tally = { tried: 0, rejected: 0 };

  beforeAll(async () => {
    proxy = await startFaultProxy({ target: serverInfo().url });
  });
  afterAll(async () => {
    await proxy.close();
  });

  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const app = new App();
    const stack = new ClickHouseStack(app, 'bad', { connection: { url: proxy.url } });
    tally.tried++;
    let err: unknown;
    try {
      c.build(stack);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    const v = err as ValidationError;
    expect(v.constructPath).toBe(`bad/${c.path}`);
    expect(v.problems.map((p) => p.field)).toContain(c.field);
    expect(v.message).toContain(`bad/${c.path}: `);
    expect(v.message).toContain(c.field);
    tally.rejected++;
  });

  test('references to undeclared objects (a grant on an undeclared database) fail synth with path and field', async () => {
    const app = new App();
    const stack = new ClickHouseStack(app, 'refs', { connection: { url: proxy.url } });
    const user = new User(stack, 'u', { name: 'bob', passwordEnv: 'P' });
    new Grant(stack, 'g', { grantee: user, grants: [{ privilege: 'SELECT', database: 'undeclared_db', table: '*' }] });
    tally.tried++;
    const before = proxy.sqlRequests().length;
    let err: Error | undefined;
    try {
      // What main.ts runs: synth, which runs the validations (and never asks a server).
      app.synth();
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).toContain('refs/g: grants[0].database: database "undeclared_db" is not declared in this stack');
    tally.rejected++;
    const reads = proxy.sqlRequests().slice(before);
    const writes = reads.filter((r) => !/^\s*(SELECT|WITH)\b/i.test(r.sql));
    // Synth fails on the spec: nothing, not even a read, reaches the server.
    expect(reads).toEqual([]);
    expect(writes).toEqual([]);
    console.log(`[reliability/bad-input] deferred reference check: ${reads.length} queries before synth failed`);
  });

  test('the server saw no statement from any rejected construct', () => {
    const sent = proxy.sqlRequests();
    const statements = sent.filter((r) => !/^\s*(SELECT|WITH)\b/i.test(r.sql));
    console.log(
      `[reliability/bad-input] ${tally.tried} malformed specs tried, ${tally.rejected} rejected at synth with path and field; proxy recorded ${proxy.requests.length} requests (${sent.length} with SQL, ${statements.length} statements)`,
    );
    expect(tally.rejected).toBe(cases.length + 1);
    expect(statements).toEqual([]);
  });

  test('control: what does reach the server through the proxy is recorded (so the zeros above are measured)', async () => {
    const before = proxy.sqlRequests().length;
    const { username, password } = serverInfo();
    const conn = connect({ url: proxy.url, username, password });
    try {
      expect(await conn.query<{ x: number }>('SELECT 7 AS x')).toEqual([{ x: 7 }]);
    } finally {
      await conn.close();
    }
    const seen = proxy.sqlRequests().slice(before);
    expect(seen.map((r) => r.sql)).toEqual([expect.stringContaining('SELECT 7 AS x')]);
  });
});
