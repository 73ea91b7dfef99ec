// Desired vs live: the one code path behind plan, drift report and apply. Pure, no I/O.
// Both sides should be in normal form first (canonicalize in ../live/canonicalize), or printing
// differences show up as drift.
import { Change } from '../spec/changes';
import { diffAccessObject } from './access';
import { diffDictionary, extraDictionary } from './dictionaries';
import { diffDatabase, diffPlainView, diffRenamedTable, diffTable, diffView, extraObject, renamedFromId, renameSource } from './tables';
import { rebuildOwner } from '../render/rebuild';
import { DiffOptions, isDatabaseObject, LiveSchema, MaterializedViewSpec, ObjectSpec, objectId, TableSpec, ViewSpec } from '../spec/model';

/** Options of diff() beyond DiffOptions. */
export interface SchemaDiffOptions extends DiffOptions {
  /** Also report live tables and views of declared databases that nothing declares (extra_object, never runnable). @default false */
  readonly reportExtraObjects?: boolean;
}

/** Desired vs live. Empty array = in sync. Dispatches per kind. */
export function diff(desired: readonly ObjectSpec[], live: LiveSchema, opts: SchemaDiffOptions = {}): Change[] {
  const liveById = new Map(live.objects.map((o) => [objectId(o), o]));
  const out: Change[] = [];
  for (const d of desired) out.push(...diffInSchema(d, (id) => liveById.get(id), opts));
  if (opts.reportExtraObjects) {
    // A table's old name (renamedFrom) is declared too: the plan renames it.
    const declared = new Set<string | undefined>(desired.flatMap((d) => [objectId(d), renamedFromId(d)]));
    // Stryker disable next-line ArrayDeclaration: a name in the list of an access object or a dictionary is no live database name (and dictionaries have their own set below)
    const databases = new Set(desired.flatMap((d) => (d.kind === 'database' ? [d.name] : isDatabaseObject(d) ? [d.database] : [])));
    // Stryker disable next-line ConditionalExpression,ArrayDeclaration: a table's database is in `databases` already, and an access object adds no database name
    const dictionaryDatabases = new Set(desired.flatMap((d) => (d.kind === 'dictionary' ? [d.database] : [])));
    for (const l of live.objects) {
      // A detached object nothing declares is left alone (it may be parked on purpose).
      // A rebuild's shadow or kept-old table of a declared table is the rebuild's (see TableSpec.rebuild), not an undeclared table.
      const owner = l.kind === 'table' ? rebuildOwner(l.name) : undefined;
      if (l.kind === 'table' && owner !== undefined && declared.has(objectId({ ...l, name: owner }))) continue;
      if (isDatabaseObject(l) && !l.detached && databases.has(l.database) && !declared.has(objectId(l))) out.push(extraObject(l, opts));
      if (l.kind === 'dictionary' && !l.detached && (databases.has(l.database) || dictionaryDatabases.has(l.database)) && !declared.has(objectId(l)))
        out.push(extraDictionary(l, opts));
    }
  }
  return live.host === undefined ? out : out.map((c) => ({ ...c, host: live.host }));
}

/**
 * One object among the live ones `get` finds by id: a table declared renamed from a name the
 * server still has (and not the new one) is renamed (RENAME TABLE) and compared as that table.
 */
export function diffInSchema(desired: ObjectSpec, get: (id: string) => ObjectSpec | undefined, opts: DiffOptions = {}): Change[] {
  const live = get(objectId(desired));
  const old = renameSource(desired, live, get);
  return old ? diffRenamedTable(desired as TableSpec, old, opts) : diffObject(desired, live, opts);
}

/** One object: `live` undefined means it does not exist. A live object of another kind under the same id counts as missing. */
export function diffObject(desired: ObjectSpec, live: ObjectSpec | undefined, opts: DiffOptions = {}): Change[] {
  switch (desired.kind) {
    case 'database':
      return diffDatabase(desired, live?.kind === 'database' ? live : undefined, opts);
    case 'table':
      return diffTable(desired, live?.kind === 'table' ? (live as TableSpec) : undefined, opts);
    case 'materialized_view':
      return diffView(desired, live?.kind === 'materialized_view' ? (live as MaterializedViewSpec) : undefined, opts);
    case 'view':
      return diffPlainView(desired, live?.kind === 'view' ? (live as ViewSpec) : undefined, opts);
    case 'dictionary':
      return diffDictionary(desired, live?.kind === 'dictionary' ? live : undefined, opts);
    case 'user':
    case 'role':
    case 'settings_profile':
    case 'grant':
    case 'quota':
    case 'row_policy':
      return diffAccessObject(desired, live, opts);
  }
}
