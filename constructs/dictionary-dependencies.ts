// Deployment order around dictionaries, found from the specs whichever is declared first: a table
// whose columns call dictGet on a dictionary of the stack depends on it, and a dictionary depends
// on the table of the stack it loads from (a CLICKHOUSE source on the same server).
import type { ClickHouseObject } from './clickhouse-object';
import { columnDictionaryReferences, dictionarySourceTable, QualifiedName } from '../sql/spec/dictionary-refs';

const is = (o: ClickHouseObject, kind: string, n: QualifiedName): boolean =>
  o.spec.kind === kind && 'database' in o.spec && o.spec.database === n.database && o.spec.name === n.name;

/** Adds the dependencies between `added` and the objects declared before it (both directions). */
export function linkDictionaryDependencies(added: ClickHouseObject, objects: readonly ClickHouseObject[]): void {
  const others = objects.filter((o) => o !== added);
  const s = added.spec;
  if (s.kind === 'table') {
    const called = columnDictionaryReferences(s.columns, s.database);
    for (const o of others) if (called.some((n) => is(o, 'dictionary', n))) added.addDependency(o);
    for (const o of others)
      if (o.spec.kind === 'dictionary' && is(added, 'table', dictionarySourceTable(o.spec) ?? { database: '', name: '' })) o.addDependency(added);
  }
  if (s.kind === 'dictionary') {
    const source = dictionarySourceTable(s);
    for (const o of others) if (source && is(o, 'table', source)) added.addDependency(o);
    for (const o of others)
      if (o.spec.kind === 'table' && columnDictionaryReferences(o.spec.columns, o.spec.database).some((n) => n.database === s.database && n.name === s.name))
        o.addDependency(added);
  }
}
