// Normal forms for comparison. ClickHouse prints expressions its own way (INTERVAL 90 DAY
// becomes toIntervalDay(90), `1+2` becomes `1 + 2`, type aliases resolve), so desired and live
// objects are both put through the server's own formatter before the diff compares them;
// otherwise every freshly created object would show drift.
import type { QueryFn } from './client';
import { ColumnSpec, DictionarySpec, InnerTableSpec, LiveSchema, MaterializedViewSpec, ObjectSpec, TableSpec, ViewSpec } from '../spec/model';
import { codecElements, keyElements, keyList, stripOuterBrackets } from '../spec/sql-text';
import { flattenNested } from '../spec/validate-spec';
import { engineArgsNormalForm } from '../spec/identifiers';

/** The parts of a table or view that are SQL text, each mapped by one of these functions. */
interface Mappers {
  expr(e: string): string;
  type(t: string): string;
  key(exprs: readonly string[]): string[];
  codec(c: string): string;
  select(q: string): string;
}

function mapColumn(c: ColumnSpec, m: Mappers): ColumnSpec {
  return {
    ...c,
    type: m.type(c.type),
    ...(c.defaultExpression !== undefined ? { defaultExpression: m.expr(c.defaultExpression) } : {}),
    ...(c.codec !== undefined ? { codec: m.codec(c.codec) } : {}),
    ...(c.ttl !== undefined ? { ttl: m.expr(c.ttl) } : {}),
  };
}

function mapTable(t: TableSpec, m: Mappers): TableSpec {
  return {
    ...t,
    // Nested columns as the server lists them (flattened): the form the diff compares.
    columns: flattenNested(t.columns).map((c) => mapColumn(c, m)),
    engine: { ...t.engine, args: engineArgsNormalForm(t.engine.name, t.engine.args ?? []).map((a) => m.expr(a)) },
    orderBy: m.key(t.orderBy),
    ...(t.primaryKey !== undefined ? { primaryKey: m.key(t.primaryKey) } : {}),
    ...(t.partitionBy !== undefined ? { partitionBy: m.expr(t.partitionBy) } : {}),
    ...(t.sampleBy !== undefined ? { sampleBy: m.expr(t.sampleBy) } : {}),
    ...(t.ttl !== undefined ? { ttl: m.expr(t.ttl) } : {}),
    // An index type is printed like a function call (bloom_filter(0.01), tokenbf_v1(256, 2, 0)).
    ...(t.indexes !== undefined
      ? { indexes: t.indexes.map((ix) => ({ ...ix, expression: m.expr(ix.expression), type: m.expr(ix.type), granularity: ix.granularity ?? 1 })) }
      : {}),
    ...(t.projections !== undefined ? { projections: t.projections.map((p) => ({ ...p, query: m.select(p.query) })) } : {}),
  };
}

function mapInner(t: InnerTableSpec, m: Mappers): InnerTableSpec {
  return {
    ...t,
    engine: { ...t.engine, args: engineArgsNormalForm(t.engine.name, t.engine.args ?? []).map((a) => m.expr(a)) },
    orderBy: m.key(t.orderBy),
    ...(t.primaryKey !== undefined ? { primaryKey: m.key(t.primaryKey) } : {}),
    ...(t.partitionBy !== undefined ? { partitionBy: m.expr(t.partitionBy) } : {}),
    ...(t.ttl !== undefined ? { ttl: m.expr(t.ttl) } : {}),
  };
}

function mapView<V extends MaterializedViewSpec | ViewSpec>(v: V, m: Mappers): V {
  // Stryker disable next-line ConditionalExpression: a view has no inner table; the kind test only narrows the type
  const inner = v.kind === 'materialized_view' && v.inner !== undefined ? { inner: mapInner(v.inner, m) } : {};
  return {
    ...v,
    ...inner,
    select: m.select(v.select),
    ...(v.columns !== undefined ? { columns: v.columns.map((c) => ({ ...c, type: m.type(c.type) })) } : {}),
  };
}

/** A dictionary's attribute types, DEFAULT values and EXPRESSIONs (the rest is compared in sql/diff/dictionaries' normal form). */
function mapDictionary(d: DictionarySpec, m: Mappers): DictionarySpec {
  return {
    ...d,
    attributes: d.attributes.map((a) => ({
      ...a,
      type: m.type(a.type),
      ...(a.default !== undefined ? { default: m.expr(a.default) } : {}),
      ...(a.expression !== undefined ? { expression: m.expr(a.expression) } : {}),
    })),
  };
}

function mapObject(o: ObjectSpec, m: Mappers): ObjectSpec {
  if (o.kind === 'table') return mapTable(o, m);
  if (o.kind === 'materialized_view' || o.kind === 'view') return mapView(o, m);
  if (o.kind === 'dictionary') return mapDictionary(o, m);
  // A row policy's filter is printed by the server's formatter.
  if (o.kind === 'row_policy') return { ...o, using: m.expr(o.using) };
  return o;
}

const SELECT_PREFIX = 'SELECT ';

/**
 * Puts expressions (TTL, PARTITION BY, ORDER BY, PRIMARY KEY, SAMPLE BY, column defaults/codecs/TTL,
 * column types, view SELECTs and column types, engine args, index expressions and types, projection queries) of BOTH desired and live objects into ClickHouse's own
 * printed form, using the server's formatter in ONE batched query, so that an object just created
 * from the spec never shows drift. Objects of other kinds pass through unchanged.
 *
 * Expressions go in as one Array(String) query parameter through formatQuerySingleLineOrNull
 * (one that does not parse stays as written: the diff then shows it, and deploy's parser
 * reports it). Types go through toTypeName(defaultValueOfTypeName(...)), which needs a constant
 * argument: one String parameter per distinct type, all in the same SELECT.
 */
export async function canonicalize(
  query: QueryFn,
  desired: readonly ObjectSpec[],
  live: readonly ObjectSpec[],
): Promise<{ desired: ObjectSpec[]; live: ObjectSpec[] }> {
  const queries: string[] = [];
  const queryIndex = new Map<string, number>();
  const types: string[] = [];
  const typeIndex = new Map<string, number>();
  const addQuery = (q: string) => {
    // Stryker disable next-line ConditionalExpression: a text collected twice is formatted twice with the same answer (the check keeps the query short)
    if (!queryIndex.has(q)) {
      queryIndex.set(q, queries.length);
      queries.push(q);
    }
  };
  const collect: Mappers = {
    expr: (e) => {
      addQuery(SELECT_PREFIX + e);
      return e;
    },
    type: (t) => {
      // Stryker disable next-line ConditionalExpression: as for addQuery
      if (!typeIndex.has(t)) {
        typeIndex.set(t, types.length);
        types.push(t);
      }
      return t;
    },
    key: (k) => {
      addQuery(SELECT_PREFIX + keyList(k));
      // Stryker disable next-line ArrayDeclaration: what the collecting pass returns is discarded
      return [...k];
    },
    codec: (c) => {
      addQuery(`${SELECT_PREFIX}CODEC(${codecElements(c).join(', ')})`);
      return c;
    },
    select: (q) => {
      addQuery(q);
      return q;
    },
  };
  for (const o of [...desired, ...live]) mapObject(o, collect);
  if (queries.length === 0 && types.length === 0) return { desired: [...desired], live: [...live] };

  const params: Record<string, unknown> = { exprs: queries };
  const typeColumns = types.map((t, i) => {
    params[`t${i}`] = t;
    return `toTypeName(defaultValueOfTypeName({t${i}:String})) AS t${i}`;
  });
  const sql = ['SELECT arrayMap(q -> formatQuerySingleLineOrNull(q), {exprs:Array(String)}) AS exprs', ...typeColumns].join(', ');
  const [row] = await query<Record<string, unknown>>(sql, params);
  const formatted = row.exprs as (string | null)[];

  /** The server's printing of `q` (every text looked up was collected above), or undefined when it did not parse. */
  const formattedOf = (q: string): string | undefined => formatted[queryIndex.get(q)!] ?? undefined;
  const exprOf = (q: string): string | undefined => {
    const f = formattedOf(q);
    return f !== undefined && f.startsWith(SELECT_PREFIX) ? f.slice(SELECT_PREFIX.length) : undefined;
  };
  const lookup: Mappers = {
    // Brackets around a whole expression survive the formatter but mean nothing: DEFAULT ('none') is DEFAULT 'none'.
    expr: (e) => stripOuterBrackets(exprOf(SELECT_PREFIX + e) ?? e),
    type: (t) => String(row[`t${typeIndex.get(t)}`] ?? t),
    key: (k) => {
      const f = exprOf(SELECT_PREFIX + keyList(k));
      return f === undefined ? k.map((e) => e.trim()) : keyElements(f);
    },
    codec: (c) => codecElements(exprOf(`${SELECT_PREFIX}CODEC(${codecElements(c).join(', ')})`) ?? c).join(', '),
    select: (q) => formattedOf(q) ?? q.trim(),
  };
  return { desired: desired.map((o) => mapObject(o, lookup)), live: live.map((o) => mapObject(o, lookup)) };
}

/**
 * canonicalize for several live snapshots at once (replicas of a cluster), in one formatter
 * query: the same snapshots, same hosts and order, with canonical objects.
 */
export async function canonicalizeSnapshots(
  query: QueryFn,
  desired: readonly ObjectSpec[],
  snapshots: readonly LiveSchema[],
): Promise<{ desired: ObjectSpec[]; snapshots: LiveSchema[] }> {
  const canon = await canonicalize(
    query,
    desired,
    snapshots.flatMap((r) => r.objects),
  );
  let at = 0;
  return {
    desired: canon.desired,
    snapshots: snapshots.map((r) => ({ ...r, objects: canon.live.slice(at, (at += r.objects.length)) })),
  };
}
