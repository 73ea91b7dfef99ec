// sql/live/revisions.ts and sql/live/login-probe.ts against the real server: the record of
// applied revisions (latest per object of one stack, a damaged entry tolerated) and the login
// probe (a right and a wrong password, a server that cannot be reached, the password never shown).
import * as os from 'os';
import { connect } from '../../sql/live/client';
import { loginProbeEnabled, loginProbeFrom, probeLogin } from '../../sql/live/login-probe';
import { readRevisions, recordRevision, revisionsTableExists } from '../../sql/live/revisions';
import { renderRevisionsDdl, RevisionsLocation } from '../../sql/render/revisions-ddl';
import { monthlyTable } from '../support/tables';
import { uniqueName } from '../support/clickhouse';
import { serverInfo } from '../support/server-info';

const info = serverInfo();

describe('the revisions record', () => {
  const loc: RevisionsLocation = { database: uniqueName('live_rev'), table: 'rev' };
  const conn = connect({ url: info.url, username: info.username, password: info.password });
  const query = conn.query.bind(conn);
  afterAll(async () => {
    await conn.exec(`DROP DATABASE IF EXISTS ${loc.database}`);
    await conn.close();
  });

  test('no table: it does not exist, and nothing is read (one query)', async () => {
    const before = conn.stats.queries;
    expect(await readRevisions(query, 'stack', loc)).toEqual(new Map());
    expect(conn.stats.queries - before).toBe(1);
    expect(await revisionsTableExists(query, { database: loc.database, table: 'other' })).toBe(false);
  });

  test('the latest record per object of the stack asked for, with triggers, spec, statements and who applied it', async () => {
    for (const s of renderRevisionsDdl(loc)) await conn.exec(s);
    expect(await revisionsTableExists(query, loc)).toBe(true);
    expect(await revisionsTableExists(query, { database: loc.database, table: 'rev2' })).toBe(false);
    const spec = monthlyTable('db', 't');
    await recordRevision(conn, loc, { stack: 's1', object: 'table:db.t', revision: 'r1', triggers: { a: '1' }, spec, statements: ['CREATE 1'] });
    await new Promise((r) => setTimeout(r, 5));
    await recordRevision(conn, loc, { stack: 's1', object: 'table:db.t', revision: 'r2', triggers: { a: '2' }, spec, statements: ['ALTER 2', 'ALTER 3'] });
    await recordRevision(conn, loc, { stack: 's2', object: 'table:db.t', revision: 'other-stack', triggers: {}, spec, statements: [] });
    await recordRevision(conn, loc, { stack: 's1', object: 'database:db', revision: 'r9', triggers: {}, spec, statements: [] });
    const got = await readRevisions(query, 's1', loc);
    expect([...got.keys()].sort()).toEqual(['database:db', 'table:db.t']);
    const t = got.get('table:db.t')!;
    expect(t).toMatchObject({
      stack: 's1',
      object: 'table:db.t',
      revision: 'r2',
      triggers: { a: '2' },
      statements: ['ALTER 2', 'ALTER 3'],
      appliedBy: `${os.userInfo().username}@${os.hostname()}`,
    });
    expect(JSON.parse(t.spec)).toEqual(spec);
    expect(t.appliedAt).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/);
    expect((await readRevisions(query, 's2', loc)).get('table:db.t')?.revision).toBe('other-stack');
    expect(await readRevisions(query, 'nobody', loc)).toEqual(new Map());
  });

  test('a damaged triggers entry reads as no triggers (the object is planned again), the rest of the record intact', async () => {
    await conn.exec(
      `INSERT INTO ${loc.database}.rev (stack, object, revision, triggers, spec, statements, applied_by) VALUES ('s3', 'table:db.x', 'r', '{not json', '{}', ['S'], 'me')`,
    );
    const got = (await readRevisions(query, 's3', loc)).get('table:db.x');
    expect(got).toMatchObject({ revision: 'r', triggers: {}, spec: '{}', statements: ['S'], appliedBy: 'me' });
  });
});

describe('the login probe', () => {
  test('the right password logs in, a wrong one does not', async () => {
    expect(await probeLogin(info.url, info.username, info.password)).toBe(true);
    expect(await probeLogin(info.url, info.username, `${info.password}-wrong`)).toBe(false);
    expect(await probeLogin(info.url, 'no_such_user_x', 'pw')).toBe(false);
  });

  test('a server that cannot be reached: CHX_LOGIN_PROBE_FAILED naming user and URL, never the password; the client library prints nothing', async () => {
    const url = 'http://127.0.0.1:1';
    const printed: unknown[][] = [];
    const spies = (['error', 'warn', 'info', 'debug', 'log'] as const).map((m) =>
      jest.spyOn(console, m).mockImplementation((...args: unknown[]) => void printed.push(args)),
    );
    let err: Error & { code?: string };
    try {
      err = (await probeLogin(url, 'alice', 'S3cret-pw').catch((e: unknown) => e)) as Error & { code?: string };
      expect(await probeLogin(info.url, info.username, `${info.password}-wrong`)).toBe(false);
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    expect(printed).toEqual([]);
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe('CHX_LOGIN_PROBE_FAILED');
    expect(err.message).toContain(`login probe for alice at ${url} failed: `);
    expect(err.message).not.toContain('S3cret-pw');
  });

  test('loginProbeFrom takes the password from the named variable; unset or empty: not asked (undefined)', async () => {
    const probe = loginProbeFrom(info.url, { PW: info.password || 'x', WRONG: `${info.password}-wrong`, EMPTY: '' });
    expect(await probe(info.username, 'WRONG')).toBe(false);
    expect(await probe(info.username, 'UNSET')).toBeUndefined();
    expect(await probe(info.username, 'EMPTY')).toBeUndefined();
    if (info.password) expect(await probe(info.username, 'PW')).toBe(true);
  });

  test.each([
    ['1', undefined, true],
    ['TRUE ', false, true],
    [' 0', true, false],
    ['false', true, false],
    ['yes', true, true],
    ['yes', false, false],
    [undefined, true, true],
    [undefined, undefined, false],
  ])('loginProbeEnabled: CHX_LOGIN_PROBE=%p over the stack setting %p -> %p', (v, stack, want) => {
    expect(loginProbeEnabled(stack, v === undefined ? {} : { CHX_LOGIN_PROBE: v })).toBe(want);
  });
});
