// Validation of a dictionary spec (see validate-spec.ts for the other kinds): every problem,
// each naming its field. Pure.
import { expressionProblem, identifierProblem } from './identifiers';
import { DictionarySpec } from './model';
import type { Problem } from './validate-spec';
import { typeProblem } from './validate-spec';

const ENV_VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYWORD = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Layouts keyed by one UInt64: more than one key column needs a COMPLEX_KEY_ layout. */
const SIMPLE_KEY_LAYOUTS = new Set(['FLAT', 'HASHED', 'SPARSE_HASHED', 'HASHED_ARRAY', 'RANGE_HASHED', 'CACHE', 'SSD_CACHE', 'DIRECT']);

function params(problems: Problem[], field: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push({ field, message: 'must be an object of parameter name -> string or number' });
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    if (!KEYWORD.test(k)) problems.push({ field: `${field}.${k}`, message: `${JSON.stringify(k)} is not a parameter name (letters, digits, "_")` });
    if (typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'string')
      problems.push({ field: `${field}.${k}`, message: 'must be a string or a finite number' });
    if (k.toLowerCase() === 'password')
      problems.push({
        field: `${field}.${k}`,
        message: 'a password is never written in the spec: set source.passwordEnv to the environment variable that holds it at apply time',
      });
  }
}

function lifetimeProblem(problems: Problem[], lifetime: unknown, layout: string): void {
  const seconds = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
  if (lifetime === undefined) {
    if (!/DIRECT$/.test(layout))
      problems.push({ field: 'lifetime', message: 'a dictionary needs a LIFETIME (seconds, e.g. 300 or { min: 0, max: 300 }) unless its layout is DIRECT' });
    return;
  }
  if (typeof lifetime === 'number') {
    if (!seconds(lifetime)) problems.push({ field: 'lifetime', message: `must be a whole number of seconds, at least 0 (got ${lifetime})` });
    return;
  }
  const l = lifetime as { min?: unknown; max?: unknown };
  if (l === null || !seconds(l.min) || !seconds(l.max)) problems.push({ field: 'lifetime', message: 'must be seconds, or { min, max } in whole seconds' });
  else if ((l.min as number) > (l.max as number)) problems.push({ field: 'lifetime.min', message: `must not exceed lifetime.max (${l.min} > ${l.max})` });
}

export function validateDictionary(d: DictionarySpec): Problem[] {
  const problems: Problem[] = [];
  const ident = (field: string, v: unknown) => {
    const p = identifierProblem(v);
    if (p) problems.push({ field, message: p });
  };
  ident('database', d.database);
  ident('name', d.name);
  const names = new Map<string, number>();
  if (!Array.isArray(d.attributes) || d.attributes.length === 0)
    problems.push({ field: 'attributes', message: 'a dictionary needs at least its key attribute' });
  else
    d.attributes.forEach((a, i) => {
      ident(`attributes[${i}].name`, a?.name);
      if (typeof a?.name === 'string') {
        if (names.has(a.name))
          problems.push({ field: `attributes[${i}].name`, message: `duplicate attribute "${a.name}" (also attributes[${names.get(a.name)}])` });
        else names.set(a.name, i);
      }
      const tp = typeProblem(a?.type);
      if (tp) problems.push({ field: `attributes[${i}].type`, message: tp });
      for (const part of ['default', 'expression'] as const) {
        if (a?.[part] === undefined) continue;
        const p = expressionProblem(a[part]);
        if (p) problems.push({ field: `attributes[${i}].${part}`, message: p });
      }
      for (const flag of ['hierarchical', 'injective'] as const)
        if (a?.[flag] !== undefined && typeof a[flag] !== 'boolean') problems.push({ field: `attributes[${i}].${flag}`, message: 'must be true or false' });
    });
  if (!Array.isArray(d.primaryKey) || d.primaryKey.length === 0) problems.push({ field: 'primaryKey', message: 'name the key attribute(s)' });
  else
    d.primaryKey.forEach((k, i) => {
      if (!names.has(k)) problems.push({ field: `primaryKey[${i}]`, message: `${JSON.stringify(k)} is not an attribute of the dictionary` });
    });
  const sourceType = typeof d.source?.type === 'string' ? d.source.type.toUpperCase() : undefined;
  if (sourceType === undefined || !KEYWORD.test(sourceType))
    problems.push({ field: 'source.type', message: "must be a source type, e.g. 'CLICKHOUSE', 'HTTP', 'FILE'" });
  params(problems, 'source.params', d.source?.params);
  if (d.source?.passwordEnv !== undefined && (typeof d.source.passwordEnv !== 'string' || !ENV_VAR.test(d.source.passwordEnv)))
    problems.push({
      field: 'source.passwordEnv',
      message: 'must name the environment variable that holds the password at apply time (a name, never the password)',
    });
  const version = d.source?.passwordVersion;
  if (version !== undefined && (typeof version !== 'string' || version.trim() === ''))
    problems.push({ field: 'source.passwordVersion', message: "must be a non-empty string, e.g. '2' (bump it to set the password again)" });
  else if (version !== undefined && d.source.passwordEnv === undefined)
    problems.push({
      field: 'source.passwordVersion',
      message: 'rotates the source password: set source.passwordEnv too (the variable that holds it at apply time)',
    });
  if (sourceType === 'CLICKHOUSE') {
    const keys = new Set(Object.keys(d.source.params ?? {}).map((k) => k.toLowerCase()));
    if (keys.has('query') === keys.has('table'))
      problems.push({
        field: 'source.params',
        message: 'a CLICKHOUSE source reads either a table (table, and db) or a query: set exactly one of table and query',
      });
  }
  const layoutType = typeof d.layout?.type === 'string' ? d.layout.type.toUpperCase() : '';
  if (!KEYWORD.test(layoutType)) problems.push({ field: 'layout.type', message: "must be a layout type, e.g. 'HASHED', 'FLAT', 'COMPLEX_KEY_HASHED'" });
  params(problems, 'layout.params', d.layout?.params);
  if (Array.isArray(d.primaryKey) && d.primaryKey.length > 1 && SIMPLE_KEY_LAYOUTS.has(layoutType))
    problems.push({
      field: 'layout.type',
      message: `${layoutType} takes one key attribute; a key of ${d.primaryKey.length} needs a COMPLEX_KEY_ layout (e.g. COMPLEX_KEY_HASHED)`,
    });
  lifetimeProblem(problems, d.lifetime, layoutType);
  if (d.range !== undefined) {
    for (const end of ['min', 'max'] as const)
      if (!names.has(d.range?.[end]))
        problems.push({ field: `range.${end}`, message: `${JSON.stringify(d.range?.[end])} is not an attribute of the dictionary` });
    if (!/RANGE_HASHED$/.test(layoutType))
      problems.push({ field: 'range', message: `RANGE needs a RANGE_HASHED layout (the layout is ${layoutType || 'none'})` });
  }
  if (d.comment !== undefined && typeof d.comment !== 'string') problems.push({ field: 'comment', message: 'must be a string' });
  return problems;
}
