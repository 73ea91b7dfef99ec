// The conversion rules (sql/diff/conversions.ts) against the real engine: each row stores
// thousands of rows with the type's edge values in several partitions, converts the column with
// ALTER TABLE ... MODIFY COLUMN (what deploy runs), and checks every value survived the round
// trip (converted back to the old type, it equals the original) — or, for a conversion the rules
// call lossy, that the server rejected it or a value came back different.
import { ClickHouseClient } from '@clickhouse/client';
import { classifyConversion } from '../../sql/diff/conversions';
import { renderDropDatabase } from '../../sql/render/tables';
import { errorCode } from '../../sql/live/error-codes';
import { queryRows, testClient, uniqueName } from '../support/clickhouse';
import { scaled } from '../support/timeouts';

jest.setTimeout(scaled(300_000));

const client: ClickHouseClient = testClient();
const db = uniqueName('conversions');

/** [from, to, the values stored (SQL literals of type `from`)]: every row of the rule table, in both directions. */
const rows: [string, string, string[]][] = [
  ['LowCardinality(String)', 'String', ["'a'", "''", "'ünï'"]],
  ['String', 'LowCardinality(String)', ["'a'", "''", "'x y'"]],
  ["Enum8('a' = 1, 'b' = -128)", 'String', ["'a'", "'b'"]],
  ["Enum16('a' = 1000, 'b' = -1000)", 'String', ["'a'", "'b'"]],
  ['String', "Enum8('a' = 1)", ["'a'", "'zzz'"]],
  ['String', 'Nullable(String)', ["'a'", "''"]],
  ['UInt8', 'Nullable(UInt8)', ['0', '255']],
  ['Nullable(UInt8)', 'UInt8', ['NULL', '7']],
  ['Nullable(UInt8)', 'Nullable(UInt16)', ['NULL', '255']],
  ['UInt8', 'UInt32', ['0', '255']],
  ['UInt32', 'UInt8', ['0', '4294967295']],
  ['Int8', 'Int64', ['-128', '127']],
  ['Int64', 'Int8', ['-9223372036854775808', '300']],
  ['UInt32', 'Int64', ['0', '4294967295']],
  ['UInt64', 'Int64', ['0', '18446744073709551615']],
  ['UInt64', 'UInt128', ['0', '18446744073709551615']],
  ['UInt32', 'Float64', ['0', '4294967295', '16777217']],
  ['Int32', 'Float64', ['-2147483648', '2147483647']],
  ['Int64', 'Float64', ['9007199254740993', '-9223372036854775807']],
  ['UInt64', 'Float64', ['18446744073709551615', '9007199254740993']],
  ['UInt16', 'Float32', ['0', '65535']],
  ['Int16', 'Float32', ['-32768', '32767']],
  ['UInt32', 'Float32', ['16777217', '4294967295']],
  ['Int32', 'Float32', ['-16777217', '2147483647']],
  ['Float32', 'Float64', ['0.1', '-3.4028235e38', '1.1754944e-38']],
  ['Float64', 'Float32', ['0.1', '1e300']],
  ['Date', 'DateTime', ["'1970-01-01'", "'2149-06-06'"]],
  ['Date', 'DateTime64(3)', ["'1970-01-01'", "'2149-06-06'"]],
  ['DateTime', 'DateTime64(3)', ["'1970-01-01 00:00:00'", "'2106-02-07 06:28:15'"]],
  ['DateTime', 'DateTime64(9)', ["'1970-01-01 00:00:00'", "'2106-02-07 06:28:15'"]],
  ['DateTime64(3)', 'DateTime', ["'2020-01-01 00:00:00.123'"]],
  ['DateTime64(3)', 'DateTime64(6)', ["'1900-01-01 00:00:00.000'", "'2299-12-31 23:59:59.999'"]],
  ['DateTime64(6)', 'DateTime64(3)', ["'2020-01-01 00:00:00.123456'"]],
  ['DateTime64(3)', 'DateTime64(9)', ["'2020-01-01 00:00:00.001'", "'2299-12-31 00:00:00.000'"]],
  ['DateTime', 'Date', ["'2020-01-01 12:00:00'"]],
];

const ROWS_PER_VALUE = 1000;

async function command(query: string): Promise<void> {
  await client.command({ query });
}

async function count(sql: string): Promise<number> {
  const [row] = await queryRows<{ n: string }>(client, sql);
  return Number(row.n);
}

interface Outcome {
  readonly rowsBefore: number;
  readonly rowsAfter: number;
  /** Values that changed (not equal to the stored one, or not equal once converted back); undefined when the ALTER was rejected. */
  readonly changed?: number;
  readonly rejected?: string;
}

/** Stores the values in table t<i> (4 partitions), keeps a copy, converts, and compares. */
async function convert(i: number, from: string, to: string, values: string[]): Promise<Outcome> {
  const t = `${db}.t${i}`;
  const orig = `${db}.o${i}`;
  await command(`CREATE TABLE ${t} (id UInt32, v ${from}) ENGINE = MergeTree PARTITION BY id % 4 ORDER BY id`);
  await command(
    `INSERT INTO ${t} SELECT number, arrayElement([${values.map((v) => `CAST(${v} AS ${from})`).join(', ')}], number % ${values.length} + 1) FROM numbers(${values.length * ROWS_PER_VALUE})`,
  );
  await command(`CREATE TABLE ${orig} ENGINE = MergeTree ORDER BY id AS SELECT * FROM ${t}`);
  const rowsBefore = await count(`SELECT count() AS n FROM ${t}`);
  try {
    await command(`ALTER TABLE ${t} MODIFY COLUMN v ${to}`);
  } catch (err) {
    // A conversion that fails leaves a stuck mutation behind (and the column unreadable): kill it.
    await command(`KILL MUTATION WHERE database = '${db}' AND table = 't${i}' SYNC`);
    return { rowsBefore, rowsAfter: rowsBefore, rejected: `code ${errorCode(err)}` };
  }
  const [{ type }] = await queryRows<{ type: string }>(client, `SELECT toTypeName(v) AS type FROM ${t} LIMIT 1`);
  expect(type).toBe(to);
  const rowsAfter = await count(`SELECT count() AS n FROM ${t}`);
  // Equal as values (ClickHouse compares across integer, float and date types exactly), and equal
  // once converted back to the old type; NULL equals NULL.
  const same = (a: string, b: string) => `ifNull(${a} = ${b}, isNull(${a}) AND isNull(${b}))`;
  const changed = await count(
    `SELECT count() AS n FROM ${t} AS c INNER JOIN ${orig} AS o USING id WHERE NOT (${same('c.v', 'o.v')} AND ${same(`CAST(c.v AS ${from})`, 'o.v')})`,
  );
  return { rowsBefore, rowsAfter, changed };
}

beforeAll(async () => {
  await command(`CREATE DATABASE ${db}`);
});
afterAll(async () => {
  await command(renderDropDatabase({ name: db }));
  await client.close();
});

describe('conversion rules on real data (ALTER TABLE ... MODIFY COLUMN)', () => {
  const outcomes = new Map<number, Outcome>();
  beforeAll(async () => {
    // Four tables at a time: the server runs them side by side.
    for (let i = 0; i < rows.length; i += 4)
      await Promise.all(rows.slice(i, i + 4).map(([from, to, values], j) => convert(i + j, from, to, values).then((o) => outcomes.set(i + j, o))));
  });

  test.each(rows.map((r, i) => [i, ...r] as const))('#%d %s -> %s', (i, from, to, values) => {
    const o = outcomes.get(i)!;
    const rule = classifyConversion(from, to);
    expect(o.rowsBefore).toBe(values.length * ROWS_PER_VALUE);
    if (rule.lossless) {
      // Every row is still there, and every value converts back to what was stored.
      expect(o).toEqual({ rowsBefore: o.rowsBefore, rowsAfter: o.rowsBefore, changed: 0 });
    } else {
      // The rules call it lossy: here the server rejected it, or some value did not survive.
      expect(o.rejected !== undefined || (o.changed ?? 0) > 0).toBe(true);
    }
  });
});
