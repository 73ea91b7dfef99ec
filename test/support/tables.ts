// Table declarations the data tests share.
import { ColumnSpec, TableSpec } from '../../sql/spec/model';

/** A MergeTree table of `id UInt64, ts DateTime` and then `more`, ORDER BY id, one partition per month of ts. */
export function monthlyTable(database: string, name: string, more: readonly ColumnSpec[] = []): TableSpec {
  return {
    kind: 'table',
    database,
    name,
    engine: { name: 'MergeTree', args: [] },
    columns: [{ name: 'id', type: 'UInt64' }, { name: 'ts', type: 'DateTime' }, ...more],
    orderBy: ['id'],
    partitionBy: 'toYYYYMM(ts)',
  };
}
