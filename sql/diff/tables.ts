// Desired vs live for databases, tables, materialized views and plain views. Pure: compares normal forms
// (see canonicalize in ../live/canonicalize) and returns changes with reason codes and statements.
import { Change } from '../spec/changes';
import { allowDestructive, blocked, change, missingObject, NEVER } from './change';
import { classifyConversion } from './conversions';
import { normalizeSettingValue } from './access';
import {
  ColumnSpec,
  DatabaseObjectSpec,
  DatabaseSpec,
  DiffOptions,
  IndexSpec,
  InnerTableSpec,
  MaterializedViewSpec,
  ObjectSpec,
  objectId,
  TableSpec,
  UndeclaredAttribute,
  ViewSpec,
} from '../spec/model';
import { codecMatches } from '../spec/sql-text';
import { flattenNested } from '../spec/validate-spec';
import { refreshNormalForm } from '../spec/refresh';
import {
  renderAddColumn,
  renderAlterDatabaseComment,
  renderCommentColumn,
  renderCreateDatabase,
  renderCreateMaterializedView,
  renderCreateTable,
  renderCreateView,
  renderReplaceView,
  renderDropColumn,
  renderDropTable,
  renderDropView,
  renderModifyColumn,
  renderModifyComment,
  renderModifyOrderBy,
  renderModifyQuery,
  renderModifyRefresh,
  renderRefresh,
  renderModifySampleBy,
  renderModifySetting,
  renderModifyTtl,
  renderMoveColumn,
  renderRemoveColumnPart,
  renderResetSetting,
  renderAttach,
  renderAddIndex,
  renderDropIndex,
  renderMaterializeIndex,
  renderAddProjection,
  renderDropProjection,
  renderMaterializeProjection,
  renderRenameColumn,
  renderRenameTable,
} from '../render/tables';
import { isRebuildMarker, oldName, renderFinalComment, renderKeepOld, renderRebuild } from '../render/rebuild';

// What reaches show is text, a key list or none (a live setting may be a number: String prints it as JSON would).
const show = (v: unknown): string => (v === undefined ? 'none' : Array.isArray(v) ? `(${v.join(', ')})` : String(v));
const differs = (desired: unknown, live: unknown): string => `desired ${show(desired)}, live ${show(live)}`;
const emptyAsNone = (s: string | undefined): string | undefined => (s === '' ? undefined : s);
const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Whether an attribute the construct does not declare is left to the server (see UndeclaredAttribute). */
function ignored(desired: { ignoreUndeclared?: readonly UndeclaredAttribute[] }, attribute: UndeclaredAttribute): boolean {
  return desired.ignoreUndeclared?.includes(attribute) ?? false;
}

/**
 * comment_changed when the comment differs from the live one (empty and none are the same): a
 * comment not declared means none, unless ignoreUndeclared has 'comment'. `statement` sets the
 * declared comment ('' when none).
 */
function commentDrift(
  id: string,
  desired: { comment?: string; ignoreUndeclared?: readonly UndeclaredAttribute[] },
  live: { comment?: string },
  statement: () => string,
  opts: DiffOptions,
): Change[] {
  if (desired.comment === undefined && ignored(desired, 'comment')) return [];
  if (emptyAsNone(desired.comment) === emptyAsNone(live.comment)) return [];
  const fix = { statements: [statement()], inPlace: true, destructive: false };
  return [change(id, 'comment_changed', `comment ${differs(emptyAsNone(desired.comment), live.comment)}`, fix, allowDestructive(opts))];
}

function rebuildSteps(t: { database: string; name: string }): string {
  return (
    `rebuild the table — CREATE a new table with the desired definition, ` +
    `INSERT INTO it SELECT * FROM ${t.database}.${t.name}, EXCHANGE TABLES, then drop the old one`
  );
}

function rebuildHint(t: { database: string; name: string }, what: string): string {
  return `${what} cannot be changed in place: ${rebuildSteps(t)} (set rebuild: 'copy' on the table and deploy does it, verified; or declare the live definition)`;
}

/**
 * A declared table or view whose name is taken by a detached one: CREATE ... IF NOT EXISTS would
 * do nothing, so the fix is ATTACH, followed by whatever the detached definition needs to be the
 * declared one (`inner`, the diff against it as if attached). When any of that would not run
 * (a rebuild, or destructive without the opt-in), nothing runs: ATTACH is refused with a hint.
 */
/** 'table', 'materialized view' or 'view': how a detail names the kind. */
const KIND_NAME: Readonly<Record<DatabaseObjectSpec['kind'], string>> = { table: 'table', materialized_view: 'materialized view', view: 'view' };

function detachedDrift<T extends DatabaseObjectSpec>(desired: T, live: T, inner: (attached: T) => Change[], opts: DiffOptions): Change[] {
  const id = objectId(desired);
  const state = live.detached!;
  const what = `${KIND_NAME[desired.kind]} ${desired.database}.${desired.name}`;
  const how = state.permanently ? 'detached permanently' : 'detached';
  const attach = [renderAttach(desired, opts)];
  if (!state.definitionRead) {
    const detail = `${what}: desired attached, live ${how} (its definition cannot be read from here: apply compares it once attached)`;
    return [change(id, 'detached_object', detail, { statements: attach, inPlace: true, destructive: false }, allowDestructive(opts))];
  }
  const rest = inner({ ...live, detached: undefined });
  const held = rest.filter((c) => !c.runnable);
  const also = rest.length ? `; its definition differs: ${[...new Set(rest.map((c) => c.reason))].join(', ')}` : ', with the declared definition';
  const detail = `${what}: desired attached, live ${how}${also}`;
  if (held.length === 0)
    return [change(id, 'detached_object', detail, { statements: attach, inPlace: true, destructive: false }, allowDestructive(opts)), ...rest];
  const hint =
    `the detached definition differs from the declared one in ways deploy does not change (${[...new Set(held.map((c) => c.reason))].join(', ')}): ` +
    `ATTACH TABLE ${desired.database}.${desired.name} by hand and plan again to review them, or declare the detached definition`;
  return [change(id, 'detached_object', detail, { statements: attach, inPlace: false, destructive: false, hint }, NEVER), ...rest];
}

// ---------------------------------------------------------------------------------------------
// Databases

export function diffDatabase(desired: DatabaseSpec, live: DatabaseSpec | undefined, opts: DiffOptions = {}): Change[] {
  const id = objectId(desired);
  if (!live) return [missingObject(id, `database ${desired.name}`, renderCreateDatabase(desired, opts), opts)];
  const out: Change[] = [];
  const engine = desired.engine ?? 'Atomic';
  if (live.engine !== undefined && engine !== live.engine) {
    out.push(
      change(
        id,
        'database_engine_changed',
        `engine ${differs(engine, live.engine)}`,
        {
          statements: [],
          inPlace: false,
          destructive: false,
          hint: 'a database engine cannot be altered: create a database with the desired engine and move the tables (RENAME TABLE), or declare the live engine',
        },
        allowDestructive(opts),
      ),
    );
  }
  out.push(...commentDrift(id, desired, live, () => renderAlterDatabaseComment(desired, opts), opts));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tables

/** Settings the server refuses to change on an existing MergeTree table. */
const READONLY_SETTINGS = new Set(['index_granularity', 'index_granularity_bytes', 'storage_policy', 'disk']);

const escapeRegExp = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether the expression names `column` (bare or back-quoted), as a whole identifier. */
function mentions(expression: string, column: string): boolean {
  const c = escapeRegExp(column);
  return new RegExp(`(^|[^A-Za-z0-9_.\`])(${c}|\`${c}\`)($|[^A-Za-z0-9_.\`])`).test(expression);
}

/**
 * Columns the server still has under the name they were declared renamed from (renamedFrom),
 * and not under their new one: a RENAME COLUMN each (metadata only, the data kept), and `live`
 * as it will be after them, so the rest of the diff compares the renamed column like any other.
 * A key column cannot be renamed (ClickHouse refuses): that rename is refused with a hint.
 */
function columnRenames(desired: TableSpec, live: TableSpec, opts: DiffOptions): { changes: Change[]; live: TableSpec } {
  const id = objectId(desired);
  const liveNames = new Set(live.columns.map((c) => c.name));
  const desiredNames = new Set(desired.columns.map((c) => c.name));
  const renames = new Map<string, string>();
  for (const c of desired.columns) {
    const from = c.renamedFrom;
    // Stryker disable next-line ConditionalExpression: for the type only; no renamedFrom is skipped by !liveNames.has(from) below as well
    if (from === undefined) continue;
    if (liveNames.has(c.name) || !liveNames.has(from) || desiredNames.has(from) || renames.has(from)) continue;
    renames.set(from, c.name);
  }
  const keys = [...live.orderBy, ...(live.primaryKey ?? []), live.partitionBy, live.sampleBy].filter((e): e is string => e !== undefined);
  const changes = [...renames].map(([from, to]) =>
    keys.some((e) => mentions(e, from))
      ? change(
          id,
          'column_renamed',
          `column ${from} renamed to ${to}: ${from} is in the table's key`,
          {
            statements: [],
            inPlace: false,
            destructive: false,
            hint: `ClickHouse cannot rename a key column (ORDER BY, PRIMARY KEY, PARTITION BY, SAMPLE BY): keep the name ${from}, or rebuild the table with the new one`,
          },
          NEVER,
        )
      : change(
          id,
          'column_renamed',
          `column ${from} renamed to ${to} (its data kept)`,
          { statements: [renderRenameColumn(desired, from, to, opts)], inPlace: true, destructive: false },
          allowDestructive(opts),
        ),
  );
  return { changes, live: { ...live, columns: live.columns.map((c) => (renames.has(c.name) ? { ...c, name: renames.get(c.name)! } : c)) } };
}

function diffColumns(desired: TableSpec, live: TableSpec, opts: DiffOptions, orderByAdds: ReadonlySet<string>, orderByStatement: string | undefined): Change[] {
  const id = objectId(desired);
  const out: Change[] = [];
  const liveCols = new Map(live.columns.map((c) => [c.name, c]));
  const desiredNames = new Set(desired.columns.map((c) => c.name));

  desired.columns.forEach((col, i) => {
    const after = i === 0 ? undefined : desired.columns[i - 1].name;
    const lc = liveCols.get(col.name);
    if (!lc) {
      // A column the new ORDER BY appends must be added in that same ALTER (see renderModifyOrderBy).
      const statement = orderByAdds.has(col.name) && orderByStatement ? orderByStatement : renderAddColumn(desired, col, after, opts);
      out.push(
        change(
          id,
          'missing_column',
          `column ${col.name} ${col.type}: desired present, live missing`,
          { statements: [statement], inPlace: true, destructive: false },
          allowDestructive(opts),
        ),
      );
      return;
    }
    out.push(...diffColumn(desired, col, lc, opts));
  });

  // A column no active part holds on disk (added and never written, e.g. by half of a failed
  // deploy; or any column of an empty table) loses nothing when dropped: safe, not refused.
  const onDisk = opts.data?.columnsOnDisk;
  for (const lc of live.columns) {
    if (desiredNames.has(lc.name)) continue;
    const empty = onDisk !== undefined && !onDisk.includes(lc.name);
    out.push(
      change(
        id,
        'extra_column',
        `column ${lc.name} ${lc.type}: desired absent, live present${empty ? ' (no part holds it on disk: dropping it loses nothing)' : ''}`,
        {
          statements: [renderDropColumn(desired, lc.name, opts)],
          inPlace: true,
          destructive: !empty,
          hint: `dropping column ${lc.name} loses its data: allow destructive changes to drop it, or declare it`,
        },
        allowDestructive(opts),
      ),
    );
  }

  // Order of the columns both sides have; missing ones are added at their place already.
  const common = desired.columns.filter((c) => liveCols.has(c.name)).map((c) => c.name);
  const liveOrder = live.columns.filter((c) => desiredNames.has(c.name)).map((c) => c.name);
  if (!sameList(common, liveOrder)) {
    const statements = common.map((name, i) =>
      renderMoveColumn(
        desired,
        desired.columns.find((c) => c.name === name)!,
        // common[-1] is undefined: the first column goes FIRST.
        common[i - 1],
        opts,
      ),
    );
    out.push(
      change(
        id,
        'column_order_changed',
        `column order ${differs(common, liveOrder)}`,
        { statements, inPlace: true, destructive: false },
        allowDestructive(opts),
      ),
    );
  }
  return out;
}

function diffColumn(t: TableSpec, d: ColumnSpec, l: ColumnSpec, opts: DiffOptions): Change[] {
  const id = objectId(t);
  const out: Change[] = [];
  const col = `column ${d.name}`;
  if (d.type !== l.type) {
    const conversion = classifyConversion(l.type, d.type);
    out.push(
      change(
        id,
        'column_type_changed',
        `${col} type ${differs(d.type, l.type)}`,
        {
          statements: [renderModifyColumn(t, d, opts)],
          inPlace: true,
          destructive: !conversion.lossless,
          ...(conversion.lossless
            ? {}
            : {
                hint: `converting ${l.type} to ${d.type} can lose or reject data (${conversion.why}): allow destructive changes, or migrate through a new column`,
              }),
        },
        allowDestructive(opts),
      ),
    );
  }
  const dKind = d.defaultExpression !== undefined ? (d.defaultKind ?? 'DEFAULT') : undefined;
  const lKind = l.defaultExpression !== undefined || l.defaultKind === 'EPHEMERAL' ? (l.defaultKind ?? 'DEFAULT') : undefined;
  const leftToServer = (declared: unknown, attribute: UndeclaredAttribute) => declared === undefined && ignored(t, attribute);
  if (!leftToServer(dKind, 'columnDefaults') && (dKind !== lKind || (d.defaultExpression ?? '') !== (l.defaultExpression ?? ''))) {
    const shown = (k: string | undefined, e: string | undefined) => (k === undefined ? 'none' : `${k} ${e ?? ''}`.trim());
    const statements =
      dKind === undefined
        ? [renderRemoveColumnPart(t, d.name, (lKind === 'EPHEMERAL' ? 'DEFAULT' : lKind) as 'DEFAULT', opts)]
        : [renderModifyColumn(t, d, opts)];
    // Changing what kind of column it is (e.g. ALIAS -> DEFAULT) changes what is stored.
    const destructive = dKind !== undefined && lKind !== undefined && dKind !== lKind;
    out.push(
      change(
        id,
        'column_default_changed',
        `${col} default ${differs(shown(dKind, d.defaultExpression), shown(lKind, l.defaultExpression))}`,
        {
          statements,
          inPlace: true,
          destructive,
        },
        allowDestructive(opts),
      ),
    );
  }
  if (!leftToServer(d.comment, 'columnComments') && emptyAsNone(d.comment) !== emptyAsNone(l.comment)) {
    out.push(
      change(
        id,
        'column_comment_changed',
        `${col} comment ${differs(emptyAsNone(d.comment), l.comment)}`,
        { statements: [renderCommentColumn(t, d.name, d.comment ?? '', opts)], inPlace: true, destructive: false },
        allowDestructive(opts),
      ),
    );
  }
  if (!leftToServer(d.codec, 'columnCodecs') && !codecMatches(d.codec, l.codec)) {
    const statements = d.codec === undefined ? [renderRemoveColumnPart(t, d.name, 'CODEC', opts)] : [renderModifyColumn(t, d, opts)];
    out.push(
      change(
        id,
        'column_codec_changed',
        `${col} codec ${differs(d.codec, l.codec)}`,
        { statements, inPlace: true, destructive: false },
        allowDestructive(opts),
      ),
    );
  }
  if (!leftToServer(d.ttl, 'columnTtls') && d.ttl !== l.ttl) {
    const statements = d.ttl === undefined ? [renderRemoveColumnPart(t, d.name, 'TTL', opts)] : [renderModifyColumn(t, d, opts)];
    out.push(
      change(id, 'column_ttl_changed', `${col} TTL ${differs(d.ttl, l.ttl)}`, { statements, inPlace: true, destructive: false }, allowDestructive(opts)),
    );
  }
  return out;
}

/** Whether a printed setting value (none when undefined) means `value` (1 and true, 7200 and 7200.0). */
function sameSetting(a: string | number | undefined, value: string | number): boolean {
  // normalizeSettingValue gives undefined for undefined only: none never means a value.
  return normalizeSettingValue(a) === normalizeSettingValue(value);
}

/**
 * Table settings. A declared setting must have its value on the table: printed in its SETTINGS,
 * or, when not printed, as the server's default. A setting the table has and the construct does
 * not declare must be the server's default (index_granularity = 8192 is printed on every
 * MergeTree table by the server itself), unless ignoreUndeclared has 'settings'; a setting the
 * server has no default for (another engine's, or unknown) is drift whatever its value.
 */
function diffSettings(desired: TableSpec, live: TableSpec, opts: DiffOptions): Change[] {
  const id = objectId(desired);
  const out: Change[] = [];
  const liveSettings = live.settings ?? {};
  const defaults = live.settingDefaults ?? {};
  const declared = desired.settings ?? {};
  for (const [name, value] of Object.entries(declared)) {
    const lv = liveSettings[name];
    if (sameSetting(lv ?? defaults[name], value)) continue;
    const readonly = READONLY_SETTINGS.has(name);
    out.push(
      change(
        id,
        'setting_changed',
        `setting ${name} ${differs(String(value), lv === undefined ? undefined : String(lv))}`,
        {
          statements: readonly ? [] : [renderModifySetting(desired, name, value, opts)],
          inPlace: !readonly,
          destructive: false,
          ...(readonly ? { hint: rebuildHint(desired, `setting ${name}`) } : {}),
        },
        allowDestructive(opts),
      ),
    );
  }
  if (ignored(desired, 'settings')) return out;
  for (const [name, lv] of Object.entries(liveSettings)) {
    if (name in declared || sameSetting(defaults[name], lv)) continue;
    const readonly = READONLY_SETTINGS.has(name);
    const serverDefault = defaults[name] === undefined ? 'no server default' : `server default ${defaults[name]}`;
    out.push(
      change(
        id,
        'setting_extra',
        `setting ${name} not declared (${serverDefault}): desired ${defaults[name] ?? 'none'}, live ${lv}`,
        {
          statements: readonly ? [] : [renderResetSetting(desired, name, opts)],
          inPlace: !readonly,
          destructive: false,
          // A reset runs without asking, and a change that runs shows no hint: only the rebuild needs one.
          ...(readonly ? { hint: `${rebuildHint(desired, `setting ${name}`)}; or declare settings.${name} = ${lv}` } : {}),
        },
        allowDestructive(opts),
      ),
    );
  }
  return out;
}

const showIndex = (ix: IndexSpec): string => `${ix.expression} TYPE ${ix.type} GRANULARITY ${ix.granularity ?? 1}`;

/**
 * Skip indexes, by name. Missing: ADD INDEX, then MATERIALIZE INDEX so the parts already written
 * are indexed too. Changed (expression, type or granularity): there is no MODIFY INDEX, so DROP,
 * ADD and MATERIALIZE. Extra (on the server, not declared): DROP INDEX, run by default like a
 * setting reset — an index holds no data of its own, only what MATERIALIZE can rebuild from the
 * table's — unless ignoreUndeclared has 'indexes'. None of these is destructive.
 */
function diffIndexes(desired: TableSpec, live: TableSpec, opts: DiffOptions): Change[] {
  const id = objectId(desired);
  const out: Change[] = [];
  const liveByName = new Map(live.indexes?.map((ix) => [ix.name, ix]));
  const declared = desired.indexes ?? [];
  for (const ix of declared) {
    const lx = liveByName.get(ix.name);
    const add = [renderAddIndex(desired, ix, opts), renderMaterializeIndex(desired, ix.name, opts)];
    if (!lx) {
      const fix = { statements: add, inPlace: true, destructive: false };
      out.push(change(id, 'index_missing', `index ${ix.name}: desired ${showIndex(ix)}, live missing`, fix, allowDestructive(opts)));
    } else if (showIndex(ix) !== showIndex(lx)) {
      const fix = { statements: [renderDropIndex(desired, ix.name, opts), ...add], inPlace: true, destructive: false };
      out.push(change(id, 'index_changed', `index ${ix.name} ${differs(showIndex(ix), showIndex(lx))}`, fix, allowDestructive(opts)));
    }
  }
  if (ignored(desired, 'indexes')) return out;
  for (const lx of live.indexes ?? []) {
    if (declared.some((ix) => ix.name === lx.name)) continue;
    // Runs without asking (safe), so no hint: to keep it, declare it or set ignoreUndeclared: ['indexes'].
    const fix = { statements: [renderDropIndex(desired, lx.name, opts)], inPlace: true, destructive: false };
    out.push(change(id, 'index_extra', `index ${lx.name} ${showIndex(lx)}: desired absent, live present`, fix, allowDestructive(opts)));
  }
  return out;
}

/**
 * Projections, by name, like indexes: missing is ADD + MATERIALIZE PROJECTION, changed (another
 * query) DROP + ADD + MATERIALIZE, extra DROP PROJECTION (its data is derived from the table's)
 * unless ignoreUndeclared has 'projections'. None of these is destructive.
 */
function diffProjections(desired: TableSpec, live: TableSpec, opts: DiffOptions): Change[] {
  const id = objectId(desired);
  const out: Change[] = [];
  const liveByName = new Map(live.projections?.map((p) => [p.name, p]));
  const declared = desired.projections ?? [];
  for (const p of declared) {
    const lp = liveByName.get(p.name);
    const add = [renderAddProjection(desired, p, opts), renderMaterializeProjection(desired, p.name, opts)];
    if (!lp) {
      const fix = { statements: add, inPlace: true, destructive: false };
      out.push(change(id, 'projection_missing', `projection ${p.name}: desired (${p.query}), live missing`, fix, allowDestructive(opts)));
    } else if (p.query !== lp.query || lp.withSettings !== undefined) {
      const fix = { statements: [renderDropProjection(desired, p.name, opts), ...add], inPlace: true, destructive: false };
      const what = p.query !== lp.query ? `query ${differs(p.query, lp.query)}` : `settings: desired none, live WITH SETTINGS (${lp.withSettings})`;
      out.push(change(id, 'projection_changed', `projection ${p.name} ${what}`, fix, allowDestructive(opts)));
    }
  }
  if (ignored(desired, 'projections')) return out;
  for (const lp of live.projections ?? []) {
    if (declared.some((p) => p.name === lp.name)) continue;
    // Runs without asking (safe), so no hint: to keep it, declare it or set ignoreUndeclared: ['projections'].
    const fix = { statements: [renderDropProjection(desired, lp.name, opts)], inPlace: true, destructive: false };
    out.push(change(id, 'projection_extra', `projection ${lp.name} (${lp.query}): desired absent, live present`, fix, allowDestructive(opts)));
  }
  return out;
}

/**
 * The columns `desired` appends to `live` when it is `live` followed only by columns that are new
 * to the table. Called only when the two differ: one no longer than the other is then no prefix.
 */
function appendsNewColumns(desired: readonly string[], live: readonly string[], newColumns: ReadonlySet<string>): string[] | undefined {
  if (!sameList(desired.slice(0, live.length), live)) return undefined;
  const appended = desired.slice(live.length);
  return appended.every((e) => newColumns.has(e)) ? appended : undefined;
}

export function diffTable(desired: TableSpec, live: TableSpec | undefined, opts: DiffOptions = {}): Change[] {
  const id = objectId(desired);
  if (!live) return [missingObject(id, `table ${desired.database}.${desired.name}`, renderCreateTable(desired, opts), opts)];
  if (live.detached) return detachedDrift(desired, live, (attached) => diffTable(desired, attached, opts), opts);
  // A declared Nested column compares as the server lists it: its flattened name.field columns.
  desired = { ...desired, columns: flattenNested(desired.columns) };
  const renamed = columnRenames(desired, live, opts);
  // A rebuild copies from the table as it is, renamed columns under their previous names.
  const asIs = live;
  live = renamed.live;
  const out: Change[] = [...renamed.changes];

  const liveNames = new Set(live.columns.map((c) => c.name));
  const newColumns = new Set(desired.columns.map((c) => c.name).filter((n) => !liveNames.has(n)));
  const orderChanged = !sameList(desired.orderBy, live.orderBy);
  const appended = orderChanged ? appendsNewColumns(desired.orderBy, live.orderBy, newColumns) : undefined;
  // An in-place MODIFY ORDER BY leaves PRIMARY KEY at the old ORDER BY: it runs only when the
  // construct declares a primary key (see the PRIMARY KEY rule below), so that the spec says
  // what the table will be and the plan after it is clean.
  const appendInPlace = desired.primaryKey !== undefined;
  let orderByStatement: string | undefined;
  if (appended && appendInPlace) {
    const added = appended.map((name) => {
      const i = desired.columns.findIndex((c) => c.name === name);
      return { column: desired.columns[i], after: i === 0 ? undefined : desired.columns[i - 1].name };
    });
    orderByStatement = renderModifyOrderBy(desired, added, opts);
  }

  const engineArgs = (e: TableSpec['engine']) => e.args ?? [];
  if (desired.engine.name !== live.engine.name || !sameList(engineArgs(desired.engine), engineArgs(live.engine))) {
    const fmt = (e: TableSpec['engine']) => `${e.name}(${engineArgs(e).join(', ')})`;
    out.push(
      change(
        id,
        'engine_changed',
        `engine ${differs(fmt(desired.engine), fmt(live.engine))}`,
        { statements: [], inPlace: false, destructive: false, hint: rebuildHint(desired, 'the engine') },
        allowDestructive(opts),
      ),
    );
  }
  if (desired.partitionBy !== live.partitionBy) {
    out.push(
      change(
        id,
        'partition_key_changed',
        `PARTITION BY ${differs(desired.partitionBy, live.partitionBy)}`,
        { statements: [], inPlace: false, destructive: false, hint: rebuildHint(desired, 'PARTITION BY') },
        allowDestructive(opts),
      ),
    );
  }

  out.push(...diffColumns(desired, live, opts, new Set(appended), orderByStatement));

  if (orderChanged && appended && !appendInPlace) {
    out.push(
      change(
        id,
        'order_by_changed',
        `ORDER BY ${differs(desired.orderBy, live.orderBy)} (appends new columns ${appended.join(', ')})`,
        {
          statements: [],
          inPlace: false,
          destructive: false,
          hint:
            `ClickHouse can append the new columns in place, but MODIFY ORDER BY keeps PRIMARY KEY at ${show(live.primaryKey ?? live.orderBy)}: ` +
            `declare primaryKey: [${(live.primaryKey ?? live.orderBy).map((e) => JSON.stringify(e)).join(', ')}] to run it in place, or ${rebuildSteps(desired)}`,
        },
        allowDestructive(opts),
      ),
    );
  } else if (orderChanged) {
    out.push(
      orderByStatement
        ? change(
            id,
            'order_by_changed',
            `ORDER BY ${differs(desired.orderBy, live.orderBy)} (appends new columns ${appended!.join(', ')})`,
            { statements: [orderByStatement], inPlace: true, destructive: false },
            allowDestructive(opts),
          )
        : change(
            id,
            'order_by_changed',
            `ORDER BY ${differs(desired.orderBy, live.orderBy)}`,
            {
              statements: [],
              inPlace: false,
              destructive: false,
              hint: `${rebuildHint(desired, 'ORDER BY')}; in place ClickHouse only allows appending columns added in the same ALTER`,
            },
            allowDestructive(opts),
          ),
    );
  }

  // PRIMARY KEY: compared exactly with the declared one; not declared, it must be ORDER BY (what
  // ClickHouse makes it at creation). A table whose key is a shorter prefix of ORDER BY was built
  // that way (PRIMARY KEY (a, b) ORDER BY (a, b, c)) or had columns appended by MODIFY ORDER BY;
  // either way the construct declares that key to be in sync with it.
  const livePk = live.primaryKey ?? live.orderBy;
  if (!sameList(desired.primaryKey ?? desired.orderBy, livePk)) {
    out.push(
      change(
        id,
        'primary_key_changed',
        `PRIMARY KEY ${differs(desired.primaryKey ?? desired.orderBy, livePk)}`,
        { statements: [], inPlace: false, destructive: false, hint: rebuildHint(desired, 'PRIMARY KEY') },
        allowDestructive(opts),
      ),
    );
  }
  const leftToServer = (declared: unknown, attribute: UndeclaredAttribute) => declared === undefined && ignored(desired, attribute);
  if (!leftToServer(desired.sampleBy, 'sampleBy') && desired.sampleBy !== live.sampleBy) {
    out.push(
      change(
        id,
        'sample_by_changed',
        `SAMPLE BY ${differs(desired.sampleBy, live.sampleBy)}`,
        { statements: [renderModifySampleBy(desired, opts)], inPlace: true, destructive: false },
        allowDestructive(opts),
      ),
    );
  }
  if (!leftToServer(desired.ttl, 'ttl') && desired.ttl !== live.ttl) {
    out.push(
      change(
        id,
        'ttl_changed',
        `TTL ${differs(desired.ttl, live.ttl)}`,
        { statements: [renderModifyTtl(desired, opts)], inPlace: true, destructive: false },
        allowDestructive(opts),
      ),
    );
  }
  out.push(...diffSettings(desired, live, opts));
  out.push(...diffIndexes(desired, live, opts));
  out.push(...diffProjections(desired, live, opts));
  out.push(...commentDrift(id, desired, live, () => renderModifyComment(desired, opts), opts));
  return desired.rebuild === 'copy' ? rebuildByCopy(desired, asIs, out, opts) : out;
}

/** Changes ALTER cannot make: a rebuild by copy makes them (see TableSpec.rebuild). */
const needsRebuild = (c: Change): boolean =>
  ['engine_changed', 'partition_key_changed', 'primary_key_changed', 'order_by_changed', 'setting_changed'].includes(c.reason) && c.statements.length === 0;

/**
 * With rebuild: 'copy', the changes of a table that needs a rebuild become one table_rebuild
 * change: the shadow table is created with the whole desired definition, so it makes every other
 * change too. What the copy would take away and is refused on its own (an extra column holding
 * data, a narrowing type without the opt-in) stays refused. A table carrying the rebuild marker
 * as its comment was swapped by a rebuild that did not finish: the change finishes it.
 * Not on a cluster, and only between MergeTree-family tables that are not replicated (the copy
 * goes by partition; a replicated shadow would need its own Keeper path).
 */
function rebuildByCopy(desired: TableSpec, live: TableSpec, out: Change[], opts: DiffOptions): Change[] {
  const marked = isRebuildMarker(live.comment);
  const rebuilds = out.filter(needsRebuild);
  const plain = (e: TableSpec['engine']) => e.name.endsWith('MergeTree') && !e.name.startsWith('Replicated');
  if ((rebuilds.length === 0 && !marked) || opts.cluster !== undefined || !plain(live.engine) || !plain(desired.engine)) return out;
  const id = objectId(desired);
  const held = out.filter((c) => !c.runnable && !needsRebuild(c));
  // The construct's rebuild: 'copy' is the opt-in.
  const optIn = { ...allowDestructive(opts), allowed: true };
  if (rebuilds.length === 0) {
    const statements = [renderKeepOld(desired, oldName(desired.name, opts.now ?? new Date())), renderFinalComment(desired)];
    const detail = `an interrupted rebuild swapped the table in but did not finish (its comment is the marker ${live.comment}): keep the old data, set the comment`;
    return [...held, change(id, 'table_rebuild', detail, { statements, inPlace: false, destructive: false }, optIn)];
  }
  const partitions = opts.data?.partitions;
  const statements = renderRebuild(desired, live, partitions ?? [], opts.now ?? new Date(), opts);
  const also = [...new Set(out.filter((c) => !needsRebuild(c)).map((c) => c.reason))];
  const detail =
    `rebuild by copy (rebuild: 'copy'): ${rebuilds.map((c) => c.detail).join('; ')}${also.length ? `; with ${also.join(', ')}` : ''}; ` +
    `${partitions ? `${partitions.length} partition(s) copied one at a time` : 'partitions read at apply'}, counts verified before EXCHANGE TABLES, ` +
    `the old data kept as ${desired.database}.${oldName(desired.name, opts.now ?? new Date())}`;
  return [...held, change(id, 'table_rebuild', detail, { statements, inPlace: false, destructive: false }, optIn)];
}

// ---------------------------------------------------------------------------------------------
// Materialized views

export function diffView(desired: MaterializedViewSpec, live: MaterializedViewSpec | undefined, opts: DiffOptions = {}): Change[] {
  const id = objectId(desired);
  if (!live) return [missingObject(id, `materialized view ${desired.database}.${desired.name}`, renderCreateMaterializedView(desired, opts), opts)];
  if (live.detached) return detachedDrift(desired, live, (attached) => diffView(desired, attached, opts), opts);
  // Dropping a view that keeps its rows in an inner table drops them; a view with TO holds none.
  const holdsRows = live.to === undefined;
  const recreate = (hint: string) => ({
    statements: [renderDropView(desired, opts), renderCreateMaterializedView(desired, opts)],
    inPlace: false,
    destructive: holdsRows,
    hint: holdsRows
      ? `${hint}; the view keeps its rows in its inner table, which the DROP loses (the new view starts empty: POPULATE is never run): allow destructive changes to run it`
      : `${hint} (inserts in between are not forwarded): allow destructive changes to run it`,
  });
  const targetOf = (v: MaterializedViewSpec) => (v.to !== undefined ? `${v.to.database}.${v.to.name}` : 'none (inner table)');
  // The target was renamed (RENAME TABLE, renamedFrom): ClickHouse does not follow it, and inserts
  // into the view's source fail until the view writes to the new name; recreating it loses
  // nothing, so it runs without an opt-in.
  if (desired.to?.renamedFrom !== undefined && live.to?.database === desired.to.database && live.to.name === desired.to.renamedFrom)
    return [
      change(
        id,
        'mv_retargeted',
        `TO ${live.to.database}.${live.to.name} renamed to ${targetOf(desired)}: the view is recreated to write into it`,
        { statements: [renderDropView(desired, opts), renderCreateMaterializedView(desired, opts)], inPlace: true, destructive: false },
        allowDestructive(opts),
      ),
    ];
  if (targetOf(desired) !== targetOf(live)) {
    // Recreating a view with TO loses no rows (they live in the target), but inserts into the
    // source between DROP and CREATE are not forwarded: gated like a destructive change.
    return [
      change(
        id,
        'mv_target_changed',
        `TO ${differs(targetOf(desired), targetOf(live))}`,
        recreate('the view must be dropped and recreated'),
        allowDestructive(opts),
      ),
    ];
  }
  if (desired.inner !== undefined && live.inner !== undefined) {
    const differences = innerDifferences(desired.inner, live.inner);
    // No ALTER reaches a view's inner engine or keys (MODIFY SETTING is NOT_IMPLEMENTED on a
    // MaterializedView): a rebuild, which loses the rows the inner table holds.
    if (differences.length)
      return [
        change(
          id,
          'mv_inner_changed',
          `inner table ${differences.join('; ')}`,
          recreate("ClickHouse cannot change a view's inner table in place: the view must be dropped and recreated"),
          allowDestructive(opts),
        ),
      ];
  }
  const out: Change[] = [];
  const refresh = (v: MaterializedViewSpec) => renderRefresh(v.refresh === undefined ? undefined : refreshNormalForm(v.refresh));
  if (refresh(desired) !== refresh(live)) {
    // MODIFY REFRESH replaces the whole clause in place, except APPEND (NOT_IMPLEMENTED: "Adding
    // or removing APPEND is not supported"), and it cannot make a view refreshable or regular.
    const inPlace = desired.refresh !== undefined && live.refresh !== undefined && (desired.refresh.append ?? false) === (live.refresh.append ?? false);
    const detail = `refresh ${differs(refresh(desired) || undefined, refresh(live) || undefined)}`;
    const what = desired.refresh === undefined ? 'a regular view' : live.refresh === undefined ? 'a refreshable view' : 'APPEND added or removed';
    out.push(
      inPlace
        ? change(
            id,
            'mv_refresh_changed',
            detail,
            { statements: [renderModifyRefresh({ ...desired, refresh: desired.refresh! }, opts)], inPlace: true, destructive: false },
            allowDestructive(opts),
          )
        : change(
            id,
            'mv_refresh_changed',
            detail,
            recreate(`${what}: ClickHouse has no ALTER for it, the view must be dropped and recreated`),
            allowDestructive(opts),
          ),
    );
    if (!inPlace) return out;
  }
  const listed = (cs: MaterializedViewSpec['columns']) => (cs ?? []).map((c) => `${c.name} ${c.type}`).join(', ');
  // A column list is compared when declared; undeclared, the view has the SELECT's own columns.
  if (desired.columns !== undefined && listed(desired.columns) !== listed(live.columns)) {
    // No ALTER changes a view's column list: recreate it, gated as a change of target is.
    out.push(
      change(
        id,
        'mv_columns_changed',
        `columns ${differs(`(${listed(desired.columns)})`, `(${listed(live.columns)})`)}`,
        recreate('the view must be dropped and recreated with its column list'),
        allowDestructive(opts),
      ),
    );
    return out;
  }
  if (desired.select !== live.select) {
    out.push(
      change(
        id,
        'mv_query_changed',
        `SELECT ${differs(desired.select, live.select)}`,
        { statements: [renderModifyQuery(desired, opts)], inPlace: true, destructive: false },
        allowDestructive(opts),
      ),
    );
  }
  out.push(...commentDrift(id, desired, live, () => renderModifyComment(desired, opts), opts));
  return out;
}

/** What differs between a declared and a live inner table ('ORDER BY desired (k), live (k, s)'), in the order of the CREATE. */
export function innerDifferences(desired: InnerTableSpec, live: InnerTableSpec): string[] {
  const out: string[] = [];
  const engine = (t: InnerTableSpec) => `${t.engine.name}(${(t.engine.args ?? []).join(', ')})`;
  if (engine(desired) !== engine(live)) out.push(`ENGINE ${differs(engine(desired), engine(live))}`);
  if (emptyAsNone(desired.partitionBy) !== emptyAsNone(live.partitionBy)) out.push(`PARTITION BY ${differs(desired.partitionBy, live.partitionBy)}`);
  if (!sameList(desired.orderBy, live.orderBy)) out.push(`ORDER BY ${differs(desired.orderBy, live.orderBy)}`);
  // The server prints PRIMARY KEY only where it was declared: compared when either side has one.
  if ((desired.primaryKey !== undefined || live.primaryKey !== undefined) && !sameList(desired.primaryKey ?? desired.orderBy, live.primaryKey ?? live.orderBy))
    out.push(`PRIMARY KEY ${differs(desired.primaryKey ?? desired.orderBy, live.primaryKey ?? live.orderBy)}`);
  if (desired.ttl !== live.ttl) out.push(`TTL ${differs(desired.ttl, live.ttl)}`);
  const defaults = live.settingDefaults ?? {};
  const declared = desired.settings ?? {};
  const liveSettings = live.settings ?? {};
  for (const [name, value] of Object.entries(declared))
    if (!sameSetting(liveSettings[name] ?? defaults[name], value)) out.push(`setting ${name} ${differs(String(value), liveSettings[name])}`);
  for (const [name, lv] of Object.entries(liveSettings))
    if (!(name in declared) && !sameSetting(defaults[name], lv)) out.push(`setting ${name} not declared: desired ${defaults[name] ?? 'none'}, live ${lv}`);
  for (const u of live.unsupported ?? []) out.push(`${u} (cannot be declared)`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Renamed tables

/** The id of the table `desired` was declared renamed from; undefined when it declares none. */
export function renamedFromId(desired: ObjectSpec): string | undefined {
  return desired.kind === 'table' && desired.renamedFrom !== undefined ? objectId({ ...desired, name: desired.renamedFrom }) : undefined;
}

/**
 * The live table `desired` is to be renamed from: when the server lacks `desired` and still has
 * the (attached) table of its renamedFrom name. Undefined otherwise: then renamedFrom changes nothing.
 */
export function renameSource(desired: ObjectSpec, live: ObjectSpec | undefined, get: (id: string) => ObjectSpec | undefined): TableSpec | undefined {
  const from = renamedFromId(desired);
  if (from === undefined || live !== undefined) return undefined;
  const old = get(from);
  return old?.kind === 'table' && !old.detached ? old : undefined;
}

/** RENAME TABLE for a table declared renamed from `old`, then the diff against `old` as renamed. */
export function diffRenamedTable(desired: TableSpec, old: TableSpec, opts: DiffOptions = {}): Change[] {
  const rename = change(
    objectId(desired),
    'table_renamed',
    `table ${old.database}.${old.name} renamed to ${desired.database}.${desired.name} (its data kept)`,
    { statements: [renderRenameTable(desired.database, old.name, desired.name, opts)], inPlace: true, destructive: false },
    allowDestructive(opts),
  );
  // A rebuild copies from the table under its declared name: the rename has to have run first.
  const rest = diffTable(desired, { ...old, name: desired.name }, opts).map((c) =>
    c.reason === 'table_rebuild'
      ? blocked(
          c.object,
          'table_rebuild',
          c.detail,
          `the table is renamed and rebuilt at once: deploy the rename first (leave the rebuild-only changes out), then the rebuild`,
        )
      : c,
  );
  return [rename, ...rest];
}

// ---------------------------------------------------------------------------------------------
// Plain views

const viewColumnList = (cs: readonly { name: string; type: string }[] | undefined): string => (cs ?? []).map((c) => `${c.name} ${c.type}`).join(', ');

/**
 * A plain view: missing (CREATE VIEW IF NOT EXISTS), detached (ATTACH), its column list (when
 * declared) or its query different (view_columns_changed, view_query_changed: CREATE OR REPLACE
 * VIEW, in place and not destructive, as the view holds no data), its comment (MODIFY COMMENT).
 */
export function diffPlainView(desired: ViewSpec, live: ViewSpec | undefined, opts: DiffOptions = {}): Change[] {
  const id = objectId(desired);
  if (!live) return [missingObject(id, `view ${desired.database}.${desired.name}`, renderCreateView(desired, opts), opts)];
  if (live.detached) return detachedDrift(desired, live, (attached) => diffPlainView(desired, attached, opts), opts);
  const out: Change[] = [];
  // A comment left to the server (ignoreUndeclared) is kept through the replace.
  const keptComment = desired.comment === undefined && ignored(desired, 'comment') && live.comment ? { comment: live.comment } : {};
  const replace = { statements: [renderReplaceView({ ...desired, ...keptComment }, opts)], inPlace: true, destructive: false };
  // A column list is compared when declared; undeclared, the view has the SELECT's own columns.
  if (desired.columns !== undefined && viewColumnList(desired.columns) !== viewColumnList(live.columns))
    out.push(
      change(
        id,
        'view_columns_changed',
        `columns ${differs(`(${viewColumnList(desired.columns)})`, `(${viewColumnList(live.columns)})`)}`,
        replace,
        allowDestructive(opts),
      ),
    );
  if (desired.select !== live.select)
    out.push(change(id, 'view_query_changed', `SELECT ${differs(desired.select, live.select)}`, replace, allowDestructive(opts)));
  // CREATE OR REPLACE sets the declared comment too; MODIFY COMMENT alone when only it differs.
  const comment = commentDrift(id, desired, live, () => renderModifyComment(desired, opts), opts);
  out.push(...(out.length ? comment.map((c) => ({ ...c, statements: replace.statements })) : comment));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Objects found live but not declared

/** A live table or view in a declared database that no desired object names. Reported, never dropped by deploy. */
export function extraObject(live: DatabaseObjectSpec, opts: DiffOptions = {}): Change {
  const statement = live.kind === 'table' ? renderDropTable(live, opts) : renderDropView(live, opts);
  const what = KIND_NAME[live.kind];
  return change(
    objectId(live as ObjectSpec),
    'extra_object',
    `${what} ${live.database}.${live.name}: desired absent, live present`,
    {
      statements: [statement],
      inPlace: true,
      destructive: true,
      hint: 'not declared: declare it, or drop it by hand with the statement shown (deploy never drops undeclared objects)',
    },
    NEVER,
  );
}
