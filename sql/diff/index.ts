// Desired vs live: the one code path behind plan, drift report and apply. Pure, no I/O.
// Both sides should be in normal form first (canonicalize in ../live/canonicalize), or printing
// differences show up as drift.
import { Change } from '../spec/changes';
import { diffAccessObject } from './access';
import { diffDatabase, diffTable, diffView, extraObject } from './tables';
import { DiffOptions, LiveSchema, MaterializedViewSpec, ObjectSpec, objectId, TableSpec } from '../spec/model';

/** Options of diff() beyond DiffOptions. */
export interface SchemaDiffOptions extends DiffOptions {
  /** Also report live tables and views of declared databases that nothing declares (extra_object, never runnable). @default false */
  readonly reportExtraObjects?: boolean;
}

/** Desired vs live. Empty array = in sync. Dispatches per kind. */
export function diff(desired: readonly ObjectSpec[], live: LiveSchema, opts: SchemaDiffOptions = {}): Change[] {
  const liveById = new Map(live.objects.map((o) => [objectId(o), o]));
  const out: Change[] = [];
  for (const d of desired) out.push(...diffObject(d, liveById.get(objectId(d)), opts));
  if (opts.reportExtraObjects) {
    const declared = new Set(desired.map(objectId));
    const databases = new Set(
      desired.flatMap((d) => (d.kind === 'database' ? [d.name] : d.kind === 'table' || d.kind === 'materialized_view' ? [d.database] : [])),
    );
    for (const l of live.objects) {
      // A detached object nothing declares is left alone (it may be parked on purpose).
      if ((l.kind === 'table' || l.kind === 'materialized_view') && !l.detached && databases.has(l.database) && !declared.has(objectId(l)))
        out.push(extraObject(l, opts));
    }
  }
  return live.host === undefined ? out : out.map((c) => ({ ...c, host: live.host }));
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
    case 'user':
    case 'settings_profile':
    case 'grant':
      return diffAccessObject(desired, live, opts);
  }
}
