// Per-replica drift, execOnCluster's host reporting and the access-on-cluster decision. No server.
import { accessBlockReason } from '../../sql/diff/access-storage';
import { runnableStatements } from '../../sql/spec/changes';
import { DatabaseSpec, LiveSchema, ObjectSpec, TableSpec } from '../../sql/spec/model';
import { acceptsFormatClause, DdlConnection, DdlHostStatus, ddlFailures, execOnCluster, isOnCluster, OnClusterError } from '../../sql/live/on-cluster';
import { diffReplicas } from '../../sql/diff/replicas';

const db: DatabaseSpec = { kind: 'database', name: 'monitor' };
const t: TableSpec = {
  kind: 'table',
  database: 'monitor',
  name: 't',
  columns: [
    { name: 'id', type: 'String' },
    { name: 'ts', type: 'DateTime' },
    { name: 'v', type: 'UInt8' },
  ],
  engine: { name: 'MergeTree', args: [] },
  orderBy: ['id'],
  ttl: 'ts + toIntervalDay(90)',
};
const withoutV: TableSpec = { ...t, columns: t.columns.filter((c) => c.name !== 'v') };
const replica = (host: string, ...objects: ObjectSpec[]): LiveSchema => ({ host, objects });
const A = '10.0.0.1:9000';
const B = '10.0.0.2:9000';
const C = '10.0.0.3:9000';

describe('diffReplicas', () => {
  test('GIVEN every replica as declared WHEN diffed THEN no changes', () => {
    expect(diffReplicas([db, t], [replica(A, db, t), replica(B, db, t)], { cluster: 'production' })).toEqual([]);
  });

  test('GIVEN no replicas WHEN diffed THEN no changes (nothing was read, nothing to say per replica)', () => {
    expect(diffReplicas([db, t], [])).toEqual([]);
  });

  test("GIVEN a column missing on one of two replicas WHEN diffed THEN that host's missing_column and a replica_diverged naming it, healed by ADD COLUMN IF NOT EXISTS ON CLUSTER", () => {
    const changes = diffReplicas([db, t], [replica(A, db, t), replica(B, db, withoutV)], { cluster: 'production' });
    expect(changes.map((c) => [c.reason, c.host])).toEqual([
      ['missing_column', B],
      ['replica_diverged', B],
    ]);
    const [missing, diverged] = changes;
    expect(missing.statements).toEqual(['ALTER TABLE `monitor`.`t` ON CLUSTER `production` ADD COLUMN IF NOT EXISTS `v` UInt8 AFTER `ts`']);
    expect(diverged.detail).toContain(B);
    expect(diverged.detail).toContain(`while ${A}: as declared`);
    expect(diverged.statements).toEqual(missing.statements);
    expect(diverged.runnable).toBe(true);
    expect(runnableStatements(changes)).toEqual(missing.statements);
  });

  test('GIVEN a drift on every replica WHEN diffed THEN it is reported once, for every host (no host), and nothing diverged', () => {
    const changes = diffReplicas([db, t], [replica(A, db, withoutV), replica(B, db, withoutV), replica(C, db, withoutV)]);
    expect(changes.map((c) => [c.reason, c.host])).toEqual([['missing_column', undefined]]);
  });

  test('GIVEN three replicas, one with another TTL WHEN diffed THEN only that host is named; without a cluster the fix has no ON CLUSTER and targets that host', () => {
    const changes = diffReplicas([db, t], [replica(A, db, t), replica(B, db, { ...t, ttl: 'ts + toIntervalDay(7)' }), replica(C, db, t)]);
    expect(changes.map((c) => [c.reason, c.host])).toEqual([
      ['ttl_changed', B],
      ['replica_diverged', B],
    ]);
    expect(changes[1].detail).toMatch(new RegExp(`^replicas differ: ${B}: ttl_changed .* while ${A}, ${C}: as declared$`));
    expect(changes[0].statements).toEqual(['ALTER TABLE `monitor`.`t` MODIFY TTL ts + toIntervalDay(90)']);
  });

  test('GIVEN a table missing on one replica WHEN diffed THEN missing_object on that host and the CREATE ... IF NOT EXISTS heals it', () => {
    const changes = diffReplicas([db, t], [replica(A, db, t), replica(B, db)], { cluster: 'c' });
    expect(changes.map((c) => [c.reason, c.host])).toEqual([
      ['missing_object', B],
      ['replica_diverged', B],
    ]);
    expect(changes[1].statements[0]).toMatch(/^CREATE TABLE IF NOT EXISTS `monitor`\.`t` ON CLUSTER `c`/);
  });

  test('GIVEN a replicated table that differs between replicas WHEN diffed THEN the hint points at the replication queue', () => {
    const rt: TableSpec = { ...t, engine: { name: 'ReplicatedMergeTree', args: ["'/clickhouse/tables/{shard}/{database}/{table}'", "'{replica}'"] } };
    const changes = diffReplicas([rt], [replica(A, rt), replica(B, { ...rt, columns: withoutV.columns })], { cluster: 'c' });
    expect(changes.find((c) => c.reason === 'replica_diverged')?.hint).toMatch(/replication_queue/);
  });

  test('GIVEN a destructive drift on one replica WHEN diffed without allowDestructive THEN the divergence is reported but not runnable', () => {
    const extra: TableSpec = { ...t, columns: [...t.columns, { name: 'x', type: 'String' }] };
    const diverged = diffReplicas([t], [replica(A, t), replica(B, extra)], { cluster: 'c' }).find((c) => c.reason === 'replica_diverged');
    expect(diverged).toMatchObject({ host: B, runnable: false, destructive: true });
  });
});

describe('diffReplicas: groups, reference and the divergence change', () => {
  const ttl7: TableSpec = { ...t, ttl: 'ts + toIntervalDay(7)' };
  const ttl30: TableSpec = { ...t, ttl: 'ts + toIntervalDay(30)' };
  const rekeyed: TableSpec = { ...t, orderBy: ['v'] };
  const extraCol: TableSpec = { ...t, columns: [...t.columns, { name: 'x', type: 'String' }] };
  const diverged = (changes: ReturnType<typeof diffReplicas>) => changes.find((c) => c.reason === 'replica_diverged');

  test('GIVEN replicas without a host THEN they are named replica 1, replica 2, ...', () => {
    const changes = diffReplicas([t], [{ objects: [t] }, { objects: [withoutV] }]);
    expect(changes.map((c) => [c.reason, c.host])).toEqual([
      ['missing_column', 'replica 2'],
      ['replica_diverged', 'replica 2'],
    ]);
    expect(changes[1].detail).toMatch(/ — while replica 1: as declared$/);
  });

  test('GIVEN the same reason on two replicas with different details (TTL 7 and 30 days) THEN each is reported on its host, and both diverge', () => {
    const changes = diffReplicas([t], [replica(A, t), replica(B, ttl7), replica(C, ttl30)]);
    expect(changes.map((c) => [c.reason, c.host])).toEqual([
      ['ttl_changed', B],
      ['ttl_changed', C],
      ['replica_diverged', undefined],
    ]);
    const d = diverged(changes)!;
    expect(d.detail).toMatch(new RegExp(`^replicas differ: ${B}: ttl_changed \\(.*7.*\\) \\| ${C}: ttl_changed \\(.*30.*\\) — while ${A}: as declared$`));
    // One fix for both hosts: the same MODIFY TTL, once.
    expect(d.statements).toEqual(['ALTER TABLE `monitor`.`t` MODIFY TTL ts + toIntervalDay(90)']);
    expect(d.hint).toBeUndefined();
  });

  test('GIVEN two drifts on every replica THEN both are common (once, no host) and nothing diverged', () => {
    const both: TableSpec = { ...withoutV, ttl: ttl7.ttl };
    const changes = diffReplicas([t], [replica(A, both), replica(B, both)]);
    expect(changes.map((c) => [c.reason, c.host])).toEqual([
      ['missing_column', undefined],
      ['ttl_changed', undefined],
    ]);
  });

  test('GIVEN a drift on two replicas of three THEN it is per host (not common), and the larger group is the reference whatever the order', () => {
    for (const order of [
      [replica(A, withoutV), replica(B, withoutV), replica(C, t)],
      [replica(C, t), replica(A, withoutV), replica(B, withoutV)],
    ]) {
      const changes = diffReplicas([t], order);
      expect(changes.filter((c) => c.reason === 'missing_column').map((c) => c.host)).toEqual([A, B]);
      const d = diverged(changes)!;
      // The hosts as declared are the minority: they are the ones named, and there is nothing to run on them.
      expect(d).toMatchObject({ host: C, statements: [], runnable: false, inPlace: true, destructive: false });
      expect(d.detail).toMatch(new RegExp(`^replicas differ: ${C}: as declared — while ${A}, ${B}: missing_column \\(`));
      expect(d.hint).toBe('the differing replica(s) need a change deploy cannot make in place: fix them by hand, connected to each named host');
    }
  });

  test('GIVEN a one-to-one tie THEN the replica with fewer changes is the reference, whatever the order', () => {
    for (const order of [
      [replica(A, withoutV), replica(B, t)],
      [replica(B, t), replica(A, withoutV)],
    ]) {
      const d = diverged(diffReplicas([t], order))!;
      expect(d.host).toBe(A);
      expect(d.detail).toMatch(new RegExp(`^replicas differ: ${A}: missing_column .* while ${B}: as declared$`));
    }
    const d = diverged(diffReplicas([t], [replica(A, { ...withoutV, ttl: ttl7.ttl }), replica(B, ttl7)]))!;
    expect(d.host).toBe(A);
  });

  test('GIVEN a common drift and one more on one replica THEN the divergence names only the extra one', () => {
    const changes = diffReplicas([t], [replica(A, { ...withoutV, ttl: ttl7.ttl }), replica(B, withoutV)]);
    expect(changes.map((c) => [c.reason, c.host])).toEqual([
      ['missing_column', undefined],
      ['ttl_changed', A],
      ['replica_diverged', A],
    ]);
    const d = diverged(changes)!;
    expect(d.detail).toMatch(new RegExp(`^replicas differ: ${A}: ttl_changed \\([^;]*\\) — while ${B}: as declared$`));
    expect(d.statements).toEqual(['ALTER TABLE `monitor`.`t` MODIFY TTL ts + toIntervalDay(90)']);
  });

  test('GIVEN two drifts on one replica THEN the divergence lists both, separated by ;', () => {
    const d = diverged(diffReplicas([t], [replica(A, t), replica(B, { ...withoutV, ttl: ttl7.ttl })]))!;
    expect(d.detail).toMatch(new RegExp(`^replicas differ: ${B}: missing_column \\(.*\\); ttl_changed \\(.*\\) — while ${A}: as declared$`));
    expect(d).toMatchObject({ runnable: true, inPlace: true, destructive: false, host: B });
    expect(d.statements).toHaveLength(2);
  });

  test('GIVEN a runnable fix and a blocked one on the diverging replica THEN the divergence is not runnable, not in place', () => {
    const d = diverged(diffReplicas([t], [replica(A, t), replica(B, { ...withoutV, orderBy: ['v'] })]))!;
    expect(d.statements.length).toBeGreaterThan(0);
    expect(d).toMatchObject({ runnable: false, inPlace: false });
    expect(d.hint).toMatch(/^the differing replica\(s\) need a change/);
  });

  test('GIVEN only a blocked fix on the diverging replica THEN nothing to run', () => {
    const d = diverged(diffReplicas([t], [replica(A, t), replica(B, rekeyed)]))!;
    expect(d).toMatchObject({ statements: [], runnable: false, host: B });
  });

  test('GIVEN one destructive fix among others THEN the divergence is destructive', () => {
    const d = diverged(diffReplicas([t], [replica(A, t), replica(B, { ...extraCol, ttl: ttl7.ttl })], { allowDestructive: true }))!;
    expect(d).toMatchObject({ destructive: true, runnable: true });
  });

  test('GIVEN a plain MergeTree table or a view diverging THEN no replication-queue hint', () => {
    expect(diverged(diffReplicas([t], [replica(A, t), replica(B, ttl7)]))!.hint).toBeUndefined();
    const view: ObjectSpec = { kind: 'view', database: 'monitor', name: 'v', select: 'SELECT 1' };
    const d = diverged(diffReplicas([view], [replica(A, view), replica(B)]))!;
    expect(d.hint).toBeUndefined();
    expect(d.runnable).toBe(true);
  });
});

describe('execOnCluster', () => {
  const row = (host: string, status: number | null, error: string | null = null): DdlHostStatus => ({
    host,
    port: 9000,
    status,
    error,
    num_hosts_remaining: 0,
    num_hosts_active: 0,
  });
  const fake = (answer: () => Promise<DdlHostStatus[]>) => {
    const calls: { sql: string; settings?: Readonly<Record<string, string | number>> }[] = [];
    const conn: DdlConnection = {
      host: 'ch1:8123',
      query: async <T>(sql: string, _params?: Record<string, unknown>, settings?: Readonly<Record<string, string | number>>) => {
        calls.push({ sql, settings });
        return (await answer()) as unknown as T[];
      },
      exec: async (sql: string) => {
        calls.push({ sql });
        await answer();
      },
    };
    return { conn, calls };
  };
  const stmt = 'ALTER TABLE `monitor`.`t` ON CLUSTER `production` ADD COLUMN IF NOT EXISTS `v` UInt8';

  test('GIVEN every host done WHEN executed THEN the rows come back and the DDL settings were asked for', async () => {
    const { conn, calls } = fake(async () => [row('ch1', 0), row('ch2', 0)]);
    await expect(execOnCluster(conn, stmt, { taskTimeoutSeconds: 30 })).resolves.toHaveLength(2);
    expect(calls[0].settings).toEqual({ distributed_ddl_task_timeout: 30, distributed_ddl_output_mode: 'never_throw' });
  });

  test('GIVEN one host failing and one not finishing WHEN executed THEN the error names both hosts and the statement', async () => {
    const { conn } = fake(async () => [
      row('ch1', 0),
      row('ch2', 60, 'Code: 60. DB::Exception: Table monitor.t does not exist. (UNKNOWN_TABLE)'),
      row('ch3', null),
    ]);
    const err = await execOnCluster(conn, stmt).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OnClusterError);
    const e = err as OnClusterError;
    expect(e.failed).toEqual([{ host: 'ch2:9000', code: '60', error: 'Code: 60. DB::Exception: Table monitor.t does not exist. (UNKNOWN_TABLE)' }]);
    expect(e.unfinished).toEqual(['ch3:9000']);
    expect(e.message).toContain('ch1:8123: ON CLUSTER statement "ALTER TABLE `monitor`.`t` ON CLUSTER');
    expect(e.message).toContain('failed on ch2:9000');
    expect(e.message).toContain('not finished on ch3:9000');
  });

  test('GIVEN a server that rethrows the first host error itself (settings not passed on) WHEN executed THEN the host from its answer is named, with the code', async () => {
    const serverError = Object.assign(
      new Error('ch1:8123: statement failed: ClickHouse error 60: There was an error on [ch2:9000]: Code: 60. DB::Exception: Table monitor.t does not exist'),
      { code: '60' },
    );
    const { conn } = fake(async () => {
      throw serverError;
    });
    const e = (await execOnCluster(conn, stmt).catch((x: unknown) => x)) as OnClusterError;
    expect(e).toBeInstanceOf(OnClusterError);
    expect(e.code).toBe('60');
    expect(e.failed.map((f) => f.host)).toEqual(['ch2:9000']);
  });

  test('GIVEN a network failure WHEN executed THEN it is passed through unchanged', async () => {
    const netError = Object.assign(new Error('ch1:8123: refused'), { code: 'ECONNREFUSED' });
    const { conn } = fake(async () => {
      throw netError;
    });
    await expect(execOnCluster(conn, stmt)).rejects.toBe(netError);
  });

  test('GIVEN an access statement (no FORMAT clause allowed) WHEN executed THEN it goes as a command, and a rethrown host error still names the host', async () => {
    const grant = 'GRANT ON CLUSTER `production` SELECT ON `system`.* TO `monitor`';
    expect(acceptsFormatClause(grant)).toBe(false);
    expect(acceptsFormatClause('CREATE SETTINGS PROFILE IF NOT EXISTS `p` ON CLUSTER `c`')).toBe(false);
    expect(acceptsFormatClause(stmt)).toBe(true);
    const ok = fake(async () => []);
    await expect(execOnCluster(ok.conn, grant)).resolves.toEqual([]);
    expect(ok.calls).toEqual([{ sql: grant }]);
    const failing = fake(async () => {
      throw Object.assign(new Error('There was an error on [ch2:9000]: Code: 192. DB::Exception: There is no user `monitor`'), { code: '192' });
    });
    await expect(execOnCluster(failing.conn, grant)).rejects.toMatchObject({ failed: [{ host: 'ch2:9000', code: '192' }] });
  });

  test('ddlFailures and isOnCluster', () => {
    expect(ddlFailures([row('a', 0)])).toEqual({ failed: [], unfinished: [] });
    expect(isOnCluster(stmt)).toBe(true);
    expect(isOnCluster('ALTER TABLE `monitor`.`t` ADD COLUMN IF NOT EXISTS `on_cluster` UInt8')).toBe(false);
  });
});

describe('accessBlockReason (what the drift check does with access entities on a cluster)', () => {
  const local = { writable: true, replicated: false, types: ['users_xml', 'local_directory'] };
  const replicated = { writable: true, replicated: true, types: ['users_xml', 'replicated'] };
  const readOnly = { writable: false, replicated: false, types: ['users_xml'] };
  test.each([
    ['local storage, cluster, ON CLUSTER (default)', local, { cluster: 'p' }, undefined],
    ['replicated storage, single node', replicated, {}, undefined],
    ['replicated storage, cluster, accessOnCluster default', replicated, { cluster: 'p' }, /replicated storage: set accessOnCluster: false/],
    ['replicated storage, cluster, accessOnCluster true', replicated, { cluster: 'p', accessOnCluster: true }, /replicated storage/],
    ['replicated storage, cluster, accessOnCluster false', replicated, { cluster: 'p', accessOnCluster: false }, undefined],
    ['read-only storage', readOnly, {}, /no writable access storage \(system.user_directories: users_xml\)/],
  ])('%s', (_name, storage, opts, expected) => {
    const why = accessBlockReason(storage, opts, 'ch1:8123');
    if (expected === undefined) expect(why).toBeUndefined();
    else {
      expect(why).toMatch(expected);
      expect(why).toContain('ch1:8123');
    }
  });
});
