// clickhouse_quota and clickhouse_row_policy: access entities whose every change is made by
// CREATE ... OR REPLACE with the whole definition.
import { ApplyTo, QuotaSpec, RowPolicySpec } from '../../sql/spec/model';
import { TfObject, TfValue } from '../protocol/dynamic-value';
import { AttrDef, bool, defined, objects, str, strs } from '../schema/attributes';
import { ResourceType } from './resource-type';

const APPLY_TO: AttrDef = {
  name: 'apply_to',
  nested: {
    nesting: 'single',
    attributes: [
      { name: 'names', type: ['list', 'string'], optional: true, description: 'Users and roles (TO a, b).' },
      { name: 'all', type: 'bool', optional: true, description: 'TO ALL.' },
      { name: 'except', type: ['list', 'string'], optional: true, description: 'With all: ALL EXCEPT these.' },
    ],
  },
  optional: true,
  description: 'Users and roles it applies to. Default: none.',
};

function applyToSpec(v: TfValue | undefined): { applyTo?: ApplyTo } {
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v)) return {};
  const o = v as TfObject;
  const names = strs(o.names);
  const except = strs(o.except);
  const to: ApplyTo = { ...(names?.length ? { names } : {}), ...(bool(o.all) ? { all: true } : {}), ...(except?.length ? { except } : {}) };
  return Object.keys(to).length ? { applyTo: to } : {};
}

function applyToAttr(to: ApplyTo | undefined): TfObject | null {
  if (!to || (!to.all && !to.names?.length)) return null;
  return { names: to.names?.length ? [...to.names] : null, all: to.all ? true : null, except: to.except?.length ? [...to.except] : null };
}

export const quotaType: ResourceType<QuotaSpec> = {
  typeName: 'clickhouse_quota',
  kind: 'quota',
  description: 'A quota (CREATE QUOTA): limits per interval, keyed or not. Changes run as CREATE QUOTA OR REPLACE (usage counted so far restarts).',
  attributes: [
    { name: 'name', type: 'string', required: true, description: 'Quota name.' },
    { name: 'keyed_by', type: 'string', optional: true, description: "KEYED BY, e.g. 'user_name'. Default: not keyed." },
    {
      name: 'intervals',
      nested: {
        nesting: 'list',
        attributes: [
          { name: 'duration_seconds', type: 'number', required: true, description: 'Interval length in seconds.' },
          { name: 'randomized', type: 'bool', optional: true, description: 'RANDOMIZED interval.' },
          { name: 'max', type: ['map', 'number'], required: true, description: 'Limits by resource (queries, errors, result_rows, ...).' },
        ],
      },
      required: true,
      description: 'Intervals with their limits.',
    },
    APPLY_TO,
  ],
  toSpec: (a) => ({
    kind: 'quota',
    name: str(a.name) ?? '',
    ...defined({ keyedBy: str(a.keyed_by) }),
    intervals: objects(a.intervals).map((i) => ({
      durationSeconds: Number(i.duration_seconds),
      ...(bool(i.randomized) ? { randomized: true } : {}),
      max: Object.fromEntries(Object.entries((i.max as TfObject | null) ?? {}).map(([k, v]) => [k, Number(v)])),
    })),
    ...applyToSpec(a.apply_to),
  }),
  fromSpec: (s) => ({
    name: s.name,
    keyed_by: s.keyedBy ?? null,
    intervals: s.intervals.map((i) => ({ duration_seconds: i.durationSeconds, randomized: i.randomized ? true : null, max: { ...i.max } })),
    apply_to: applyToAttr(s.applyTo),
  }),
  identityFromImportId: (id) => ({ kind: 'quota', name: id }),
  reasonAttributes: { quota_keyed_by_changed: ['keyed_by'], quota_limits_changed: ['intervals'], quota_apply_to_changed: ['apply_to'] },
};

export const rowPolicyType: ResourceType<RowPolicySpec> = {
  typeName: 'clickhouse_row_policy',
  kind: 'row_policy',
  description: 'A row policy (CREATE ROW POLICY ... ON db.table USING filter TO ...). Changes run as CREATE ROW POLICY OR REPLACE.',
  attributes: [
    { name: 'name', type: 'string', required: true, description: 'Policy name (unique per table).' },
    { name: 'database', type: 'string', required: true, description: 'Database of the table.' },
    { name: 'table', type: 'string', required: true, description: 'Table the policy filters.' },
    { name: 'using', type: 'string', required: true, description: 'The filter expression (USING).' },
    { name: 'restrictive', type: 'bool', optional: true, description: 'AS RESTRICTIVE. Default: permissive.' },
    APPLY_TO,
  ],
  toSpec: (a) => ({
    kind: 'row_policy',
    name: str(a.name) ?? '',
    database: str(a.database) ?? '',
    table: str(a.table) ?? '',
    using: str(a.using) ?? '',
    ...(bool(a.restrictive) ? { restrictive: true } : {}),
    ...applyToSpec(a.apply_to),
  }),
  fromSpec: (s) => ({
    name: s.name,
    database: s.database,
    table: s.table,
    using: s.using,
    restrictive: s.restrictive ? true : null,
    apply_to: applyToAttr(s.applyTo),
  }),
  identityFromImportId: (id) => {
    // 'name ON db.table'
    const m = /^(.+) ON ([^.]+)\.(.+)$/.exec(id);
    if (!m) throw new Error(`import id "${id}" must be "policy ON database.table"`);
    return { kind: 'row_policy', name: m[1], database: m[2], table: m[3] };
  },
  reasonAttributes: { row_policy_filter_changed: ['using', 'restrictive'], row_policy_apply_to_changed: ['apply_to'] },
};
