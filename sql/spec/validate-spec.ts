// Validation of specs before anything is rendered or sent: the rules a spec must follow (the
// `validate` command is the drift check, cli/validate.ts). Pure: returns every problem found,
// each naming the field, so a caller can report them all at once.
import { columnNameProblem, expressionProblem, identifierProblem } from './identifiers';
import {
  QUOTA_RESOURCES,
  ColumnSpec,
  GrantSpec,
  IndexSpec,
  InnerTableSpec,
  MaterializedViewSpec,
  ObjectSpec,
  ProjectionSpec,
  QuotaSpec,
  RoleSpec,
  RowPolicySpec,
  ApplyTo,
  SettingsProfileSpec,
  TableSpec,
  UserSpec,
  DatabaseSpec,
  UNDECLARED_ATTRIBUTES,
  ViewColumnSpec,
  ViewSpec,
} from './model';
import { privilegeProblem } from './privileges';
import { refreshProblems } from './refresh';
import { splitTopLevel } from './sql-text';
import { validateDictionary } from './validate-dictionary';

export interface Problem {
  /** Field path inside the spec, e.g. 'columns[2].type'. */
  readonly field: string;
  readonly message: string;
}

/**
 * Engines whose tables this project manages: the MergeTree family (plain and replicated),
 * Distributed, and engines that need no external service (Memory, Log, TinyLog, Null, Buffer).
 */
export const KNOWN_ENGINES = new Set([
  'MergeTree',
  'ReplacingMergeTree',
  'SummingMergeTree',
  'AggregatingMergeTree',
  'CollapsingMergeTree',
  'VersionedCollapsingMergeTree',
  'GraphiteMergeTree',
  'ReplicatedMergeTree',
  'ReplicatedReplacingMergeTree',
  'ReplicatedSummingMergeTree',
  'ReplicatedAggregatingMergeTree',
  'ReplicatedCollapsingMergeTree',
  'ReplicatedVersionedCollapsingMergeTree',
  'ReplicatedGraphiteMergeTree',
  'SharedMergeTree',
  'Distributed',
  'Memory',
  'Log',
  'TinyLog',
  'Null',
  'Buffer',
]);

/** Buffer(database, table, num_layers, min_time, max_time, min_rows, max_rows, min_bytes, max_bytes[, flush_time[, flush_rows[, flush_bytes]]]). */
const BUFFER_ARGS = [
  'database',
  'table',
  'num_layers',
  'min_time',
  'max_time',
  'min_rows',
  'max_rows',
  'min_bytes',
  'max_bytes',
  'flush_time',
  'flush_rows',
  'flush_bytes',
];

/** Engine-specific rules: the arguments an engine takes, and the clauses only the MergeTree family has. */
function validateEngineUse(problems: Problem[], t: TableSpec): void {
  const name = typeof t.engine?.name === 'string' ? t.engine.name : '';
  if (!KNOWN_ENGINES.has(name)) return;
  const args = Array.isArray(t.engine.args) ? t.engine.args : [];
  if (name === 'Null' && args.length > 0) problems.push({ field: 'engine.args', message: `the Null engine takes no arguments (got ${args.length})` });
  if (name === 'Buffer') {
    if (args.length < 9 || args.length > 12)
      problems.push({
        field: 'engine.args',
        message: `Buffer takes 9 to 12 arguments (${BUFFER_ARGS.join(', ')}; the flush ones optional), got ${args.length}`,
      });
    args.slice(0, 2).forEach((a, i) => {
      const v = typeof a === 'string' ? a.trim() : '';
      if (!/^(?:[A-Za-z_][A-Za-z0-9_]*|`[^`]+`|'[^'\\]*')$/.test(v))
        problems.push({
          field: `engine.args[${i}]`,
          message: `Buffer's ${BUFFER_ARGS[i]} must be named (e.g. events or 'events'), got ${JSON.stringify(a)}: an expression such as currentDatabase() is evaluated once and printed as its value`,
        });
    });
  }
  if (name.endsWith('MergeTree')) return;
  const keys: [string, boolean][] = [
    ['orderBy', Array.isArray(t.orderBy) && t.orderBy.length > 0],
    ['primaryKey', t.primaryKey !== undefined],
    ['partitionBy', t.partitionBy !== undefined],
    ['sampleBy', t.sampleBy !== undefined],
    ['ttl', t.ttl !== undefined],
  ];
  for (const [field, set] of keys)
    if (set)
      problems.push({
        field,
        message: `only the MergeTree family has ${field}; the ${name} engine takes none (leave it out${field === 'orderBy' ? ', or []' : ''})`,
      });
}

const SIMPLE_TYPES = new Set([
  'String',
  'UInt8',
  'UInt16',
  'UInt32',
  'UInt64',
  'UInt128',
  'UInt256',
  'Int8',
  'Int16',
  'Int32',
  'Int64',
  'Int128',
  'Int256',
  'Float32',
  'Float64',
  'BFloat16',
  'Bool',
  'Boolean',
  'Date',
  'Date32',
  'DateTime',
  'UUID',
  'IPv4',
  'IPv6',
  'JSON',
  'Dynamic',
  'Nothing',
]);
const PARAMETRIC_TYPES = new Set([
  'DateTime',
  'DateTime64',
  'Decimal',
  'Decimal32',
  'Decimal64',
  'Decimal128',
  'Decimal256',
  'FixedString',
  'Nullable',
  'LowCardinality',
  'Array',
  'Map',
  'Tuple',
  'Enum8',
  'Enum16',
  'Enum',
  'Nested',
  'AggregateFunction',
  'SimpleAggregateFunction',
  'Variant',
  'JSON',
  'Dynamic',
  'Time64',
]);
const DATE_TYPES = /^(Nullable\()?(Date|Date32|DateTime|DateTime64)\b/;

/** Returns why `type` is not a ClickHouse type we recognise, or undefined. */
export function typeProblem(type: unknown): string | undefined {
  const base = expressionProblem(type);
  if (base) return base;
  const t = (type as string).trim();
  const m = /^([A-Za-z][A-Za-z0-9]*)\s*(\((.*)\))?$/s.exec(t);
  if (!m) return `${JSON.stringify(t)} is not a ClickHouse type`;
  const [, name, paren, inner] = m;
  if (!paren) return SIMPLE_TYPES.has(name) ? undefined : `unknown type ${JSON.stringify(name)}`;
  if (!PARAMETRIC_TYPES.has(name)) return `unknown parametric type ${JSON.stringify(name)}`;
  if (['Nullable', 'LowCardinality', 'Array'].includes(name)) return typeProblem(inner);
  if (name === 'Nested') {
    const fields = nestedFields(t);
    if (fields === undefined || fields.length === 0) return `Nested takes named fields, e.g. Nested(name String, ts DateTime), got ${JSON.stringify(t)}`;
    for (const f of fields) {
      const bad = identifierProblem(f.name) ?? typeProblem(f.type);
      if (bad) return `Nested field ${JSON.stringify(f.name)}: ${bad}`;
    }
    return undefined;
  }
  if (name === 'Map') {
    const args = splitTopLevel(inner);
    if (args.length !== 2) return `Map takes a key and a value type, got ${JSON.stringify(t)}`;
    return typeProblem(args[0]) ?? typeProblem(args[1]);
  }
  return undefined;
}

/** The fields of a `Nested(name Type, ...)` type, or undefined for another type (or a field without a name). */
export function nestedFields(type: string): { name: string; type: string }[] | undefined {
  const m = /^Nested\s*\((.*)\)$/s.exec(type.trim());
  if (!m) return undefined;
  // splitTopLevel trims each field, so the type (\S.*) runs to the end with no space around it.
  const fields = splitTopLevel(m[1]).map((f) => /^(`(?:[^`\\]|\\.)+`|[A-Za-z_][A-Za-z0-9_]*)\s+(\S.*)/s.exec(f));
  if (fields.some((f) => f === null)) return undefined;
  // Stryker disable next-line Regex: a name is wholly backquoted or a plain identifier, so either anchor alone unquotes it
  return fields.map((f) => ({ name: f![1].replace(/^`(.*)`$/s, '$1'), type: f![2] }));
}

/**
 * Columns as the server lists them: a Nested column `ev Nested(name String, ts DateTime)` becomes
 * `ev.name Array(String)`, `ev.ts Array(DateTime)` (what system.columns shows with the default
 * flatten_nested = 1). The flattened form is the canonical one, so either declaration compares
 * equal to the live table.
 */
export function flattenNested(columns: readonly ColumnSpec[]): ColumnSpec[] {
  return columns.flatMap((c) => {
    const fields = nestedFields(c.type);
    return fields === undefined ? [c] : fields.map((f) => ({ name: `${c.name}.${f.name}`, type: `Array(${f.type})` }));
  });
}

/** Whether a column holds dates: Date/DateTime types, also inside LowCardinality, Nullable or SimpleAggregateFunction(f, T) (its values are T's). */
export function isDateType(type: string): boolean {
  const t = type.trim();
  const simple = /^SimpleAggregateFunction\((.*)\)$/s.exec(t);
  if (simple) {
    const args = splitTopLevel(simple[1]);
    return args.length === 2 && isDateType(args[1]);
  }
  // Stryker disable next-line Regex: without ^ it differs only on Nullable(LowCardinality(T)), a type ClickHouse refuses
  return DATE_TYPES.test(t.replace(/^LowCardinality\(/, ''));
}

function ident(problems: Problem[], field: string, value: unknown): void {
  const p = identifierProblem(value);
  if (p) problems.push({ field, message: p });
}

function expr(problems: Problem[], field: string, value: unknown): void {
  if (value === undefined) return;
  const p = expressionProblem(value);
  if (p) problems.push({ field, message: p });
}

/** An expression that must be there (expr() skips an undefined one). */
function requiredExpr(problems: Problem[], field: string, value: unknown): void {
  const p = expressionProblem(value);
  if (p) problems.push({ field, message: p });
}

function validateColumns(problems: Problem[], columns: readonly ColumnSpec[] | undefined): void {
  if (!Array.isArray(columns) || columns.length === 0) {
    problems.push({ field: 'columns', message: 'a table needs at least one column' });
    return;
  }
  const seen = new Map<string, number>();
  columns.forEach((col, i) => {
    const np = columnNameProblem(col.name);
    if (np) problems.push({ field: `columns[${i}].name`, message: np });
    if (typeof col.name === 'string') {
      if (seen.has(col.name)) problems.push({ field: `columns[${i}].name`, message: `duplicate column "${col.name}" (also columns[${seen.get(col.name)}])` });
      else seen.set(col.name, i);
    }
    const tp = typeProblem(col.type);
    if (tp) problems.push({ field: `columns[${i}].type`, message: tp });
    else if (nestedFields(col.type) !== undefined) {
      if (typeof col.name === 'string' && col.name.includes('.'))
        problems.push({ field: `columns[${i}].name`, message: 'a Nested column has a plain name (its fields become name.field)' });
      for (const part of ['defaultExpression', 'codec', 'ttl', 'comment'] as const)
        if (col[part] !== undefined)
          problems.push({
            field: `columns[${i}].${part}`,
            message: `a Nested column takes no ${part}: declare its flattened columns (name.field Array(T)) instead`,
          });
    }
    expr(problems, `columns[${i}].defaultExpression`, col.defaultExpression);
    expr(problems, `columns[${i}].codec`, col.codec);
    expr(problems, `columns[${i}].ttl`, col.ttl);
  });
}

/** A name in a list of named things (indexes, projections): an identifier, not taken by an earlier entry. */
function uniqueName(problems: Problem[], field: string, what: string, value: unknown, seen: Map<string, number>, i: number): void {
  ident(problems, `${field}[${i}].name`, value);
  if (typeof value !== 'string') return;
  if (seen.has(value)) problems.push({ field: `${field}[${i}].name`, message: `duplicate ${what} "${value}" (also ${field}[${seen.get(value)}])` });
  else seen.set(value, i);
}

/** An index type: a type name with optional arguments, e.g. 'minmax', 'bloom_filter(0.01)', 'tokenbf_v1(256, 2, 0)'. */
const INDEX_TYPE = /^[A-Za-z_][A-Za-z0-9_]*\s*(\(.*\))?$/s;

function validateIndexes(problems: Problem[], indexes: readonly IndexSpec[] | undefined): void {
  if (indexes === undefined) return;
  if (!Array.isArray(indexes)) {
    problems.push({ field: 'indexes', message: 'must be a list of { name, expression, type, granularity? }' });
    return;
  }
  const seen = new Map<string, number>();
  indexes.forEach((ix, i) => {
    uniqueName(problems, 'indexes', 'index', ix?.name, seen, i);
    requiredExpr(problems, `indexes[${i}].expression`, ix?.expression);
    const tp = expressionProblem(ix?.type);
    if (tp) problems.push({ field: `indexes[${i}].type`, message: tp });
    else if (!INDEX_TYPE.test(ix.type.trim()))
      problems.push({
        field: `indexes[${i}].type`,
        message: `${JSON.stringify(ix.type)} is not an index type (e.g. 'minmax', 'set(100)', 'bloom_filter(0.01)')`,
      });
    const g = ix?.granularity;
    if (g !== undefined && (!Number.isInteger(g) || g < 1))
      problems.push({ field: `indexes[${i}].granularity`, message: `must be a whole number of granules, at least 1 (got ${JSON.stringify(g)})` });
  });
}

function validateProjections(problems: Problem[], projections: readonly ProjectionSpec[] | undefined): void {
  if (projections === undefined) return;
  if (!Array.isArray(projections)) {
    problems.push({ field: 'projections', message: 'must be a list of { name, query }' });
    return;
  }
  const seen = new Map<string, number>();
  projections.forEach((p, i) => {
    uniqueName(problems, 'projections', 'projection', p?.name, seen, i);
    requiredExpr(problems, `projections[${i}].query`, p?.query);
    if (typeof p?.query === 'string' && !/^\s*SELECT\b/i.test(p.query))
      problems.push({ field: `projections[${i}].query`, message: "must be a SELECT without FROM, e.g. 'SELECT k, count() GROUP BY k'" });
  });
}

/** ignoreUndeclared must be a list of the attributes the kind knows. */
function ignoreUndeclared(problems: Problem[], kind: keyof typeof UNDECLARED_ATTRIBUTES, value: unknown): void {
  if (value === undefined) return;
  const known: readonly string[] = UNDECLARED_ATTRIBUTES[kind];
  if (!Array.isArray(value)) {
    problems.push({ field: 'ignoreUndeclared', message: `must be a list of ${known.map((k) => `'${k}'`).join(', ')}` });
    return;
  }
  value.forEach((v, i) => {
    if (!known.includes(v))
      problems.push({ field: `ignoreUndeclared[${i}]`, message: `${JSON.stringify(v)} is not one of ${known.map((k) => `'${k}'`).join(', ')}` });
  });
}

/** Names of columns an expression mentions (identifiers that are column names). */
function mentionedColumns(expression: string, columns: readonly ColumnSpec[]): ColumnSpec[] {
  // Stryker disable next-line StringLiteral,ArrayDeclaration: equivalent unless the replacement's words name a column
  const words = new Set(expression.replace(/'(?:[^'\\]|\\.)*'/g, '').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  return columns.filter((c) => words.has(c.name));
}

/** renamedFrom of the table and of its columns: a previous name, not a current one. */
function validateRenames(problems: Problem[], t: TableSpec): void {
  if (t.renamedFrom !== undefined) {
    ident(problems, 'renamedFrom', t.renamedFrom);
    if (t.renamedFrom === t.name) problems.push({ field: 'renamedFrom', message: "is the table's own name: give its previous name, or leave renamedFrom out" });
  }
  if (!Array.isArray(t.columns)) return;
  const seen = new Map<string, string>();
  t.columns.forEach((c, i) => {
    const from = (c as { renamedFrom?: unknown } | undefined)?.renamedFrom;
    if (from === undefined) return;
    const field = `columns[${i}].renamedFrom`;
    if (identifierProblem(from)) return ident(problems, field, from);
    const name = from as string;
    if (name === c.name) problems.push({ field, message: "is the column's own name: give its previous name, or leave renamedFrom out" });
    else if (t.columns.some((o) => o.name === name))
      problems.push({ field, message: `"${name}" is a column the table declares: a column is renamed from a name the table no longer has` });
    else if (seen.has(name)) problems.push({ field, message: `"${name}" is renamed to ${seen.get(name)} already` });
    seen.set(name, c.name);
  });
}

/** rebuild: 'copy', on a MergeTree-family table (the copy goes partition by partition). */
function validateRebuild(problems: Problem[], t: TableSpec): void {
  if (t.rebuild === undefined) return;
  if (t.rebuild !== 'copy') problems.push({ field: 'rebuild', message: `must be "copy", got ${JSON.stringify(t.rebuild)}` });
  else if (typeof t.engine?.name !== 'string' || !t.engine.name.endsWith('MergeTree'))
    problems.push({
      field: 'rebuild',
      message: `a rebuild by copy needs an engine of the MergeTree family (the table's is ${JSON.stringify(t.engine?.name)})`,
    });
  // A replicated shadow would need its own Keeper path, and the swap its replicas in step: not done yet.
  else if (t.engine.name.startsWith('Replicated'))
    problems.push({ field: 'rebuild', message: `a rebuild by copy is for tables that are not replicated (the table's engine is ${t.engine.name})` });
}

export function validateTable(t: TableSpec): Problem[] {
  const problems: Problem[] = [];
  ident(problems, 'database', t.database);
  ident(problems, 'name', t.name);
  validateColumns(problems, t.columns);
  validateRenames(problems, t);
  if (!KNOWN_ENGINES.has(t.engine?.name)) {
    problems.push({ field: 'engine', message: `unknown engine ${JSON.stringify(t.engine?.name)}; known: ${[...KNOWN_ENGINES].join(', ')}` });
  }
  // Stryker disable next-line ArrayDeclaration: a list with an entry instead of none is equivalent when the entry is a valid expression
  (t.engine?.args ?? []).forEach((a, i) => expr(problems, `engine.args[${i}]`, a));
  if (t.engine && Array.isArray(t.columns)) validateEngineUse(problems, t);
  if (!Array.isArray(t.orderBy)) problems.push({ field: 'orderBy', message: 'must be a list of expressions ([] for tuple())' });
  else t.orderBy.forEach((e, i) => expr(problems, `orderBy[${i}]`, e));
  // Stryker disable next-line ArrayDeclaration: as for engine.args
  (t.primaryKey ?? []).forEach((e, i) => expr(problems, `primaryKey[${i}]`, e));
  expr(problems, 'partitionBy', t.partitionBy);
  expr(problems, 'sampleBy', t.sampleBy);
  expr(problems, 'ttl', t.ttl);
  ignoreUndeclared(problems, 'table', t.ignoreUndeclared);
  validateRebuild(problems, t);
  validateIndexes(problems, t.indexes);
  validateProjections(problems, t.projections);
  const engineName = typeof t.engine?.name === 'string' ? t.engine.name : '';
  for (const field of ['indexes', 'projections'] as const) {
    if ((t[field]?.length ?? 0) > 0 && !engineName.endsWith('MergeTree'))
      problems.push({ field, message: `${field} need an engine of the MergeTree family (the table's is ${JSON.stringify(engineName)})` });
  }
  for (const [k, v] of Object.entries(t.settings ?? {})) {
    ident(problems, `settings.${k}`, k);
    if (typeof v !== 'number' && typeof v !== 'string') problems.push({ field: `settings.${k}`, message: 'must be a number or string' });
  }
  if (typeof t.ttl === 'string' && Array.isArray(t.columns)) {
    const used = mentionedColumns(t.ttl, t.columns);
    if (used.length === 0) problems.push({ field: 'ttl', message: `TTL ${JSON.stringify(t.ttl)} names no column of the table` });
    const nonDate = used.filter((c) => !isDateType(c.type));
    if (used.length > 0 && nonDate.length === used.length) {
      problems.push({ field: 'ttl', message: `TTL needs a Date/DateTime column; ${nonDate.map((c) => `${c.name} is ${c.type}`).join(', ')}` });
    }
  }
  if (Array.isArray(t.columns) && Array.isArray(t.orderBy)) {
    for (const [field, list] of [
      ['orderBy', t.orderBy],
      ['primaryKey', t.primaryKey ?? []],
    ] as const) {
      list.forEach((e, i) => {
        if (typeof e === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(e) && !t.columns.some((c) => c.name === e)) {
          problems.push({ field: `${field}[${i}]`, message: `"${e}" is not a column of the table` });
        }
      });
    }
  }
  return problems;
}

export function validateDatabase(d: DatabaseSpec): Problem[] {
  const problems: Problem[] = [];
  ident(problems, 'name', d.name);
  if (d.engine !== undefined && !['Atomic', 'Ordinary', 'Replicated', 'Lazy', 'Memory'].some((e) => d.engine === e || d.engine!.startsWith(`${e}(`))) {
    problems.push({ field: 'engine', message: `unknown database engine ${JSON.stringify(d.engine)}` });
  }
  expr(problems, 'engine', d.engine);
  ignoreUndeclared(problems, 'database', d.ignoreUndeclared);
  return problems;
}

/** A view's declared column list (materialized or plain): at least one column, each a name and a type. */
function validateViewColumns(problems: Problem[], columns: readonly ViewColumnSpec[] | undefined): void {
  if (columns === undefined) return;
  if (!Array.isArray(columns) || columns.length === 0) {
    problems.push({ field: 'columns', message: 'a declared column list needs at least one column' });
    return;
  }
  const seen = new Map<string, number>();
  columns.forEach((c, i) => {
    const np = columnNameProblem(c?.name);
    if (np) problems.push({ field: `columns[${i}].name`, message: np });
    else if (seen.has(c.name)) problems.push({ field: `columns[${i}].name`, message: `duplicate column "${c.name}" (also columns[${seen.get(c.name)}])` });
    else seen.set(c.name, i);
    const tp = typeProblem(c?.type);
    if (tp) problems.push({ field: `columns[${i}].type`, message: tp });
  });
}

/** A view's SELECT: an expression the quoting rules accept, starting with SELECT or WITH. */
function validateSelect(problems: Problem[], select: unknown): void {
  requiredExpr(problems, 'select', select);
  if (typeof select === 'string' && !/^\s*(SELECT|WITH)\b/i.test(select))
    problems.push({ field: 'select', message: 'must be a SELECT (or WITH ... SELECT) query' });
}

export function validateView(v: MaterializedViewSpec): Problem[] {
  const problems: Problem[] = [];
  ident(problems, 'database', v.database);
  ident(problems, 'name', v.name);
  if (v.to !== undefined && v.inner !== undefined)
    problems.push({ field: 'engine', message: 'a view with a TO table has no inner table: declare either to or engine/orderBy, not both' });
  if (v.to === undefined && v.inner === undefined)
    problems.push({ field: 'to', message: 'a materialized view needs a TO table, or an inner table (engine and orderBy)' });
  if (v.to !== undefined) {
    ident(problems, 'to.database', v.to?.database);
    ident(problems, 'to.name', v.to?.name);
  }
  if (v.inner !== undefined && v.to === undefined) validateInner(problems, v.inner);
  if (v.refresh !== undefined) {
    for (const [field, message] of refreshProblems(v.refresh)) problems.push({ field: `refresh.${field}`, message });
    (v.refresh.dependsOn ?? []).forEach((d, i) => {
      ident(problems, `refresh.dependsOn[${i}].database`, d?.database);
      ident(problems, `refresh.dependsOn[${i}].name`, d?.name);
    });
    for (const k of Object.keys(v.refresh.settings ?? {})) ident(problems, `refresh.settings.${k}`, k);
  }
  validateSelect(problems, v.select);
  validateViewColumns(problems, v.columns);
  ignoreUndeclared(problems, 'materialized_view', v.ignoreUndeclared);
  return problems;
}

/** The inner table of a view without TO: a known engine, keys that are expressions, the MergeTree-only clauses on MergeTree. */
function validateInner(problems: Problem[], inner: InnerTableSpec): void {
  const name = typeof inner.engine?.name === 'string' ? inner.engine.name : '';
  if (inner.engine?.name === undefined)
    problems.push({ field: 'engine', message: "a view without a TO table needs the engine of its inner table, e.g. { name: 'MergeTree' }" });
  else if (!KNOWN_ENGINES.has(name))
    problems.push({ field: 'engine', message: `unknown engine ${JSON.stringify(inner.engine?.name)}; known: ${[...KNOWN_ENGINES].join(', ')}` });
  (inner.engine?.args ?? []).forEach((a, i) => expr(problems, `engine.args[${i}]`, a));
  if (!Array.isArray(inner.orderBy)) problems.push({ field: 'orderBy', message: 'must be a list of expressions ([] for tuple())' });
  else inner.orderBy.forEach((e, i) => expr(problems, `orderBy[${i}]`, e));
  (inner.primaryKey ?? []).forEach((e, i) => expr(problems, `primaryKey[${i}]`, e));
  expr(problems, 'partitionBy', inner.partitionBy);
  expr(problems, 'ttl', inner.ttl);
  for (const [k, v] of Object.entries(inner.settings ?? {})) {
    ident(problems, `settings.${k}`, k);
    if (typeof v !== 'number' && typeof v !== 'string') problems.push({ field: `settings.${k}`, message: 'must be a number or string' });
  }
  if (name !== '' && !name.endsWith('MergeTree')) {
    const keys: [string, boolean][] = [
      ['orderBy', Array.isArray(inner.orderBy) && inner.orderBy.length > 0],
      ['primaryKey', inner.primaryKey !== undefined],
      ['partitionBy', inner.partitionBy !== undefined],
      ['ttl', inner.ttl !== undefined],
    ];
    for (const [field, set] of keys) if (set) problems.push({ field, message: `only the MergeTree family has ${field}; the ${name} engine takes none` });
  }
}

export function validatePlainView(v: ViewSpec): Problem[] {
  const problems: Problem[] = [];
  ident(problems, 'database', v.database);
  ident(problems, 'name', v.name);
  validateSelect(problems, v.select);
  validateViewColumns(problems, v.columns);
  ignoreUndeclared(problems, 'view', v.ignoreUndeclared);
  return problems;
}

const ENV_VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;

function validateApplyTo(problems: Problem[], to: ApplyTo | undefined): void {
  (to?.names ?? []).forEach((n, i) => ident(problems, `applyTo.names[${i}]`, n));
  (to?.except ?? []).forEach((n, i) => ident(problems, `applyTo.except[${i}]`, n));
  if (to?.except?.length && !to.all) problems.push({ field: 'applyTo.except', message: 'except needs all: true (TO ALL EXCEPT ...)' });
}

const QUOTA_KEYS = ['user_name', 'ip_address', 'forwarded_ip_address', 'client_key', 'client_key,user_name', 'client_key,ip_address', 'normalized_query_hash'];
const QUOTA_LIMITS: ReadonlySet<string> = new Set(QUOTA_RESOURCES);

export function validateQuota(q: QuotaSpec): Problem[] {
  const problems: Problem[] = [];
  ident(problems, 'name', q.name);
  if (q.keyedBy !== undefined && !QUOTA_KEYS.includes(q.keyedBy))
    problems.push({ field: 'keyedBy', message: `must be one of ${QUOTA_KEYS.join(', ')}, got ${JSON.stringify(q.keyedBy)}` });
  if (!Array.isArray(q.intervals)) problems.push({ field: 'intervals', message: 'must be a list of intervals' });
  const seen = new Set<number>();
  (Array.isArray(q.intervals) ? q.intervals : []).forEach((iv, i) => {
    if (!Number.isInteger(iv?.durationSeconds) || iv.durationSeconds <= 0)
      problems.push({ field: `intervals[${i}].durationSeconds`, message: `must be a whole number of seconds > 0, got ${JSON.stringify(iv?.durationSeconds)}` });
    else if (seen.has(iv.durationSeconds))
      problems.push({ field: `intervals[${i}].durationSeconds`, message: `duplicate interval of ${iv.durationSeconds} seconds` });
    else seen.add(iv.durationSeconds);
    for (const [k, v] of Object.entries(iv?.max ?? {})) {
      if (!QUOTA_LIMITS.has(k)) problems.push({ field: `intervals[${i}].max.${k}`, message: `unknown quota resource; known: ${[...QUOTA_LIMITS].join(', ')}` });
      if (typeof v !== 'number' || !(v >= 0)) problems.push({ field: `intervals[${i}].max.${k}`, message: `must be a number >= 0, got ${JSON.stringify(v)}` });
    }
  });
  validateApplyTo(problems, q.applyTo);
  return problems;
}

export function validateRowPolicy(p: RowPolicySpec): Problem[] {
  const problems: Problem[] = [];
  ident(problems, 'name', p.name);
  ident(problems, 'database', p.database);
  ident(problems, 'table', p.table);
  requiredExpr(problems, 'using', p.using);
  validateApplyTo(problems, p.applyTo);
  return problems;
}

export function validateRole(r: RoleSpec): Problem[] {
  const problems: Problem[] = [];
  ident(problems, 'name', r.name);
  return problems;
}

export function validateUser(u: UserSpec): Problem[] {
  const problems: Problem[] = [];
  ident(problems, 'name', u.name);
  if (!u.auth || !['sha256_hash', 'no_password'].includes(u.auth.method))
    problems.push({ field: 'auth.method', message: `must be 'sha256_hash' or 'no_password'` });
  if (u.auth?.method === 'sha256_hash' && (typeof u.auth.passwordEnv !== 'string' || !ENV_VAR.test(u.auth.passwordEnv))) {
    problems.push({
      field: 'auth.passwordEnv',
      message: 'must name the environment variable that holds the password at apply time (a name, never the password)',
    });
  }
  if (u.defaultDatabase !== undefined) ident(problems, 'defaultDatabase', u.defaultDatabase);
  (u.profiles ?? []).forEach((p, i) => ident(problems, `profiles[${i}]`, p));
  (u.roles ?? []).forEach((r, i) => ident(problems, `roles[${i}]`, r));
  (u.defaultRoles ?? []).forEach((r, i) => {
    ident(problems, `defaultRoles[${i}]`, r);
    if (!(u.roles ?? []).includes(r))
      problems.push({ field: `defaultRoles[${i}]`, message: `"${r}" is not one of the user's roles (a default role must be granted)` });
  });
  for (const [k, list] of Object.entries(u.hosts ?? {})) {
    if (Array.isArray(list)) list.forEach((h, i) => expr(problems, `hosts.${k}[${i}]`, h));
  }
  return problems;
}

export function validateProfile(p: SettingsProfileSpec): Problem[] {
  const problems: Problem[] = [];
  ident(problems, 'name', p.name);
  (p.settings ?? []).forEach((s, i) => {
    ident(problems, `settings[${i}].name`, s.name);
    for (const k of ['value', 'min', 'max'] as const) {
      const v = s[k];
      if (v !== undefined && typeof v !== 'number' && typeof v !== 'string')
        problems.push({ field: `settings[${i}].${k}`, message: 'must be a number or string' });
    }
  });
  (p.inherit ?? []).forEach((n, i) => ident(problems, `inherit[${i}]`, n));
  return problems;
}

export function validateGrant(g: GrantSpec): Problem[] {
  const problems: Problem[] = [];
  ident(problems, 'grantee', g.grantee);
  if (!Array.isArray(g.grants) || g.grants.length === 0) problems.push({ field: 'grants', message: 'declare at least one privilege' });
  (g.grants ?? []).forEach((e, i) => {
    const bad = typeof e.privilege === 'string' ? privilegeProblem(e.privilege) : `${JSON.stringify(e.privilege)} is not a privilege name`;
    if (bad !== undefined) problems.push({ field: `grants[${i}].privilege`, message: bad });
    if (e.database !== '*') ident(problems, `grants[${i}].database`, e.database);
    if (e.table !== undefined && e.table !== '*') ident(problems, `grants[${i}].table`, e.table);
    (e.columns ?? []).forEach((c, j) => ident(problems, `grants[${i}].columns[${j}]`, c));
  });
  return problems;
}

export function validateSpec(spec: ObjectSpec): Problem[] {
  switch (spec.kind) {
    case 'database':
      return validateDatabase(spec);
    case 'table':
      return validateTable(spec);
    case 'materialized_view':
      return validateView(spec);
    case 'view':
      return validatePlainView(spec);
    case 'user':
      return validateUser(spec);
    case 'role':
      return validateRole(spec);
    case 'quota':
      return validateQuota(spec);
    case 'row_policy':
      return validateRowPolicy(spec);
    case 'settings_profile':
      return validateProfile(spec);
    case 'grant':
      return validateGrant(spec);
    case 'dictionary':
      return validateDictionary(spec);
  }
}
