// sql/live/rebuild.ts (runRebuild) against the real server, on a few rows in three monthly
// partitions: a whole rebuild, a resumed one (one partition done, one half copied), the shadow
// table of another definition, old data left under the shadow name, a table swapped already, and
// counts that differ. The rebuild through the provider and Terraform is test/integration/rebuild.
import { connect } from '../../sql/live/client';
import { runRebuild } from '../../sql/live/rebuild';
import { rebuildMarker, renderClearCopiedPartition, renderCreateShadow, shadowName } from '../../sql/render/rebuild';
import { qualified } from '../../sql/spec/identifiers';
import { TableSpec } from '../../sql/spec/model';
import { monthlyTable } from '../support/tables';
import { uniqueName } from '../support/clickhouse';
import { serverInfo } from '../support/server-info';

const info = serverInfo();
const db = uniqueName('live_rebuild');
const conn = connect({ url: info.url, username: info.username, password: info.password });
const query = conn.query.bind(conn);
const exec = (s: string) => conn.exec(s);

beforeAll(() => conn.exec(`CREATE DATABASE ${db}`));
afterAll(async () => {
  await conn.exec(`DROP DATABASE IF EXISTS ${db}`);
  await conn.close();
});

/** A table `name` (ORDER BY id) with 2 + 3 + 4 rows in 2026-01, -02 and -03, and its declaration ordered by (ts, id). */
async function tableWithRows(name: string): Promise<{ live: TableSpec; desired: TableSpec }> {
  const live = monthlyTable(db, name);
  await conn.exec(`CREATE TABLE ${db}.${name} (id UInt64, ts DateTime) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY id`);
  await conn.exec(
    `INSERT INTO ${db}.${name} SELECT number, toDateTime('2026-01-15 00:00:00') + toIntervalMonth(if(number < 2, 0, if(number < 5, 1, 2))) FROM numbers(9)`,
  );
  return { live, desired: { ...live, orderBy: ['ts', 'id'] } };
}

const tables = async () =>
  (await query<{ name: string; comment: string }>('SELECT name, comment FROM system.tables WHERE database = {db:String} ORDER BY name', { db })).map((t) => [
    t.name,
    t.comment,
  ]);
const count = async (name: string) => Number((await query<{ n: string }>(`SELECT count() AS n FROM ${db}.${name}`))[0].n);
const sortingKey = async (name: string) =>
  (await query<{ k: string }>('SELECT sorting_key AS k FROM system.tables WHERE database = {db:String} AND name = {n:String}', { db, n: name }))[0]?.k;

describe('runRebuild', () => {
  test('copies every partition, checks the counts, swaps, keeps the old data and says what it did', async () => {
    const { live, desired } = await tableWithRows('whole');
    const logs: string[] = [];
    const after: number[] = [];
    const r = await runRebuild(query, desired, live, { oldName: 'whole_old', exec, log: (l) => logs.push(l), afterPartition: (n) => after.push(n) });
    expect(r).toMatchObject({ copied: 3, skipped: 0, rows: 9, kept: 'whole_old' });
    expect(after).toEqual([1, 2, 3]);
    expect(r.ran[0]).toBe(renderCreateShadow(desired));
    expect(r.ran.filter((s) => s.startsWith('INSERT INTO'))).toHaveLength(3);
    expect(r.ran.slice(-3).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['EXCHANGE TABLES', 'RENAME TABLE', 'ALTER TABLE']);
    expect(await sortingKey('whole')).toBe('ts, id');
    expect(await count('whole')).toBe(9);
    expect(await count('whole_old')).toBe(9);
    expect(await sortingKey('whole_old')).toBe('id');
    expect((await tables()).map(([n]) => n)).not.toContain(shadowName('whole'));
    // The time taken: well under an hour (a sum of clock readings would have 13 digits).
    expect(logs[0]).toMatch(/^partition 202601 \(1\/3\): 2 row\(s\) copied in \d{1,7} ms$/);
    expect(logs).toContain('row counts match in 3 partition(s) (9 row(s)): swapping');
    expect(logs[logs.length - 1]).toBe(
      `${db}.whole rebuilt; the old data is kept as ${db}.whole_old (drop it once confirmed: DROP TABLE ${qualified(db, 'whole_old')} SYNC)`,
    );
    const [, comment] = (await tables()).find(([n]) => n === 'whole')!;
    expect(comment).not.toBe(rebuildMarker(desired));
  });

  test('resumes: a partition copied before is skipped, a half-copied one cleared and copied again', async () => {
    const { live, desired } = await tableWithRows('resume');
    const shadow = shadowName('resume');
    await expect(
      runRebuild(query, desired, live, {
        oldName: 'resume_old',
        exec,
        log: () => undefined,
        afterPartition: () => {
          throw new Error('stopped after one partition');
        },
      }),
    ).rejects.toThrow('stopped after one partition');
    await conn.exec(`INSERT INTO ${db}.${shadow} SELECT id, ts FROM ${db}.resume WHERE toYYYYMM(ts) = 202602 LIMIT 1`);
    const logs: string[] = [];
    const r = await runRebuild(query, desired, live, { oldName: 'resume_old', exec, log: (l) => logs.push(l) });
    expect(r).toMatchObject({ copied: 2, skipped: 1, rows: 9, kept: 'resume_old' });
    expect(r.ran[0]).not.toBe(renderCreateShadow(desired));
    expect(r.ran.filter((s) => s.startsWith('ALTER TABLE') && s.includes('PARTITION'))).toEqual([renderClearCopiedPartition(desired, live, '202602')]);
    expect(logs[0]).toBe(`resuming the rebuild of ${db}.resume: ${db}.${shadow} exists with this definition`);
    expect(logs[1]).toBe('partition 202601 (1/3): 2 row(s) copied by an earlier run');
    expect(logs[2]).toBe('partition 202602 (2/3): 1 of 3 row(s) copied by an earlier run: cleared, copied again');
    expect(await count('resume')).toBe(9);
  });

  test('a shadow of another definition is dropped and the copy starts over', async () => {
    const a = await tableWithRows('other');
    const shadow = shadowName('other');
    await conn.exec(renderCreateShadow({ ...a.desired, orderBy: ['id', 'ts'] }));
    const logs: string[] = [];
    const r = await runRebuild(query, a.desired, a.live, { oldName: 'other_old', exec, log: (l) => logs.push(l) });
    expect(r.ran[0]).toBe(`DROP TABLE ${qualified(db, shadow)} SYNC`);
    expect(logs[0]).toMatch(new RegExp(`^${db}\\.${shadow} was made for another definition \\(.+\\) and holds only copies: dropped, the copy starts over$`));
    expect(r).toMatchObject({ copied: 3, rows: 9 });
  });

  test('a table under the shadow name that no rebuild made, the table not swapped: refused before any statement, nothing touched', async () => {
    const b = await tableWithRows('left');
    await conn.exec(`CREATE TABLE ${db}.${shadowName('left')} (id UInt64, ts DateTime) ENGINE = MergeTree ORDER BY id COMMENT 'mine'`);
    await conn.exec(`INSERT INTO ${db}.${shadowName('left')} VALUES (100, now())`);
    const before = await tables();
    const ran: string[] = [];
    const err = (await runRebuild(query, b.desired, b.live, { oldName: 'left_old', exec: async (s) => void ran.push(s), log: () => undefined }).catch(
      (e: unknown) => e,
    )) as Error & { code?: string };
    expect(err.code).toBe('CHX_REBUILD_SHADOW_TAKEN');
    expect(err.message).toContain(`rebuild of ${db}.left: ${db}.${shadowName('left')} exists and was not made by a rebuild`);
    expect(ran).toEqual([]);
    expect(await tables()).toEqual(before);
    expect(await count(shadowName('left'))).toBe(1);
  });

  test('the old data of a swap that did not finish (the table marked, the shadow not): kept under the old name, only the comment left to set', async () => {
    const { live, desired } = await tableWithRows('half');
    await conn.exec(`RENAME TABLE ${db}.half TO ${db}.${shadowName('half')}`);
    await conn.exec(
      `CREATE TABLE ${db}.half (id UInt64, ts DateTime) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY (ts, id) COMMENT '${rebuildMarker(desired)}'`,
    );
    const logs: string[] = [];
    const r = await runRebuild(query, desired, live, { oldName: 'half_old', exec, log: (l) => logs.push(l) });
    expect(logs[0]).toBe(`${db}.${shadowName('half')} holds the old data of a swap that did not finish: kept as ${db}.half_old`);
    expect(r).toMatchObject({ copied: 0, kept: 'half_old' });
    expect(await count('half_old')).toBe(9);
    expect((await tables()).find(([n]) => n === 'half')).toEqual(['half', '']);
  });

  test('a table already swapped in (its comment is the marker): only the comment is set', async () => {
    const { live, desired } = await tableWithRows('swapped');
    await conn.exec(`ALTER TABLE ${db}.swapped MODIFY COMMENT '${rebuildMarker(desired)}'`);
    await conn.exec(`CREATE TABLE ${db}.${shadowName('swapped')} (id UInt64, ts DateTime) ENGINE = MergeTree ORDER BY id`);
    const logs: string[] = [];
    const r = await runRebuild(query, desired, live, { oldName: 'swapped_old', exec, log: (l) => logs.push(l) });
    expect(r).toEqual({ ran: expect.any(Array), copied: 0, skipped: 0, rows: 0, kept: 'swapped_old' });
    expect(r.ran).toHaveLength(3);
    expect(logs[1]).toBe(`${db}.swapped was swapped in by an earlier run: setting its comment`);
  });

  test('counts that differ before the swap: CHX_REBUILD_COUNT_MISMATCH naming the partitions, nothing swapped', async () => {
    const fresh = await tableWithRows('differs2');
    await conn.exec(renderCreateShadow(fresh.desired));
    await conn.exec(`INSERT INTO ${db}.${shadowName('differs2')} VALUES (500, toDateTime('2025-12-01 00:00:00'))`);
    const e = (await runRebuild(query, fresh.desired, fresh.live, {
      oldName: 'differs2_old',
      exec,
      log: () => undefined,
    }).catch((x: Error) => x)) as Error & { code?: string };
    expect(e.code).toBe('CHX_REBUILD_COUNT_MISMATCH');
    expect(e.message).toContain(
      `rebuild of ${db}.differs2: row counts differ between ${db}.differs2 and ${db}.${shadowName('differs2')}, so the tables were not swapped (`,
    );
    expect(e.message).toContain('partition 202512: 0 row(s) in the table, 1 in the copy');
    expect(await sortingKey('differs2')).toBe('id');
  });
});
