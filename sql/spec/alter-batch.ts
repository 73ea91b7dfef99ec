// One object's ALTER TABLE statements as few statements as ClickHouse runs whole: either every
// command of a statement takes effect or none does, so a failing change leaves no half-applied
// table behind (the first deploy of `ADD COLUMN good, ADD COLUMN bad DEFAULT nosuchfunc(x)` used
// to add `good` and then fail). Pure: statement text in, statement text out.
//
// What ClickHouse does with a multi-command ALTER (measured on 26.7, see
// test/integration/alter-batch.test.ts and test/unit/alter-batch.test.ts):
// - it validates every metadata command (ADD/DROP/MODIFY/COMMENT COLUMN, MODIFY TTL, indexes,
//   projections, settings, comments, ORDER BY, SAMPLE BY) before it changes anything: one bad
//   command and none takes effect, nor does any mutation they would start;
// - a mutation command (MATERIALIZE INDEX/PROJECTION/TTL/COLUMN, CLEAR ..., DELETE, UPDATE)
//   splits it: the commands before it take effect, the mutation starts, then the rest is
//   validated. So mutation commands go in a statement of their own, after the metadata one;
// - two commands on one column both see the table as it was before the ALTER (`MODIFY COLUMN c
//   DEFAULT 4, MODIFY COLUMN c AFTER b` fails with error 179, `MODIFY COLUMN b UInt16, MODIFY
//   COLUMN b REMOVE CODEC` differs from the two run in turn): a second command on a column starts
//   a new statement (a RENAME COLUMN touches its old and its new name: renaming and modifying a
//   column in one ALTER is error 48);
// - MODIFY TTL, MODIFY SETTING and RESET SETTING end in a comma-separated list, and the parser
//   reads a command after them as part of that list (error 62): one of them per statement, last.
//   Several MODIFY SETTINGs merge into one list, RESET SETTINGs too. (`ALTER TABLE t (MODIFY TTL
//   ...), (...)` lifts this since 24.2, but older servers cannot parse it.)
// - MODIFY QUERY (a view's SELECT) takes the rest of the statement: it runs alone.
// Anything that is not an ALTER TABLE (CREATE, ATTACH, DROP, ALTER DATABASE, access statements)
// runs as it is, and keeps its place in the order.

const IDENT = '`(?:[^`\\\\]|\\\\.)*`';
const HEAD = new RegExp(`^(ALTER TABLE ${IDENT}\\.${IDENT}(?: ON CLUSTER ${IDENT})?) ([\\s\\S]+)$`);
const COLUMN_COMMAND = new RegExp(`\\b(?:ADD|MODIFY|DROP|COMMENT|RENAME) COLUMN (?:IF (?:NOT )?EXISTS )?(${IDENT})(?: TO (${IDENT}))?`, 'g');
const MUTATION = /^(?:(?:MATERIALIZE|CLEAR) (?:INDEX|PROJECTION|COLUMN|STATISTICS)\b|MATERIALIZE TTL\b|DELETE WHERE\b|UPDATE\b)/;
const LISTS = { ttl: 'MODIFY TTL ', modify_setting: 'MODIFY SETTING ', reset_setting: 'RESET SETTING ' } as const;
type ListKey = keyof typeof LISTS;

/** How one ALTER TABLE command may share a statement. */
export type AlterCommandKind = 'metadata' | 'mutation' | 'alone' | ListKey;

/** The parts of an ALTER TABLE statement: `ALTER TABLE db.t [ON CLUSTER c]` and its command(s); undefined for any other statement. */
export function splitAlterHead(statement: string): { head: string; action: string } | undefined {
  const m = HEAD.exec(statement);
  return m ? { head: m[1], action: m[2] } : undefined;
}

/** What kind of command an ALTER TABLE action is (its first command, for an action that holds several). */
export function alterCommandKind(action: string): AlterCommandKind {
  if (/^MODIFY QUERY\b/.test(action)) return 'alone';
  if (MUTATION.test(action)) return 'mutation';
  for (const [key, prefix] of Object.entries(LISTS) as [ListKey, string][]) if (action.startsWith(prefix)) return key;
  return 'metadata';
}

/** The columns an action's commands change, by their quoted names (string literals left out). */
function columnsOf(action: string): string[] {
  const bare = action.replace(/'(?:[^'\\]|\\.)*'/g, "''");
  // A RENAME COLUMN touches both names ("Cannot rename and modify the same column in a single ALTER query", error 48).
  return [...bare.matchAll(COLUMN_COMMAND)].flatMap((m) => (m[2] ? [m[1], m[2]] : [m[1]]));
}

interface Batch {
  readonly head: string;
  readonly commands: string[];
  readonly columns: Set<string>;
  /** List-ending commands by kind, in arrival order: the first goes last in the statement, the others in statements of their own. */
  readonly lists: Map<ListKey, string[]>;
  readonly mutations: string[];
}

/**
 * The statements to run for `statements` (in order, each one command or a few already joined):
 * consecutive ALTER TABLEs of one table combined as far as ClickHouse runs them whole (see the
 * file comment). Deploy runs exactly these, and the plan shows exactly these.
 */
export function combineAlters(statements: readonly string[]): string[] {
  const out: string[] = [];
  let batch: Batch | undefined;
  const flush = () => {
    if (!batch) return;
    const lists = [...batch.lists.entries()].map(([key, items]) => `${LISTS[key]}${items.join(', ')}`);
    const main = [...batch.commands, ...lists.slice(0, 1)];
    if (main.length) out.push(`${batch.head} ${main.join(', ')}`);
    for (const list of lists.slice(1)) out.push(`${batch.head} ${list}`);
    if (batch.mutations.length) out.push(`${batch.head} ${batch.mutations.join(', ')}`);
    batch = undefined;
  };
  for (const statement of statements) {
    const parts = splitAlterHead(statement);
    const kind = parts ? alterCommandKind(parts.action) : 'alone';
    if (!parts || kind === 'alone') {
      flush();
      out.push(statement);
      continue;
    }
    const columns = kind === 'metadata' ? columnsOf(parts.action) : [];
    if (batch && (batch.head !== parts.head || columns.some((c) => batch!.columns.has(c)))) flush();
    batch ??= { head: parts.head, commands: [], columns: new Set(), lists: new Map(), mutations: [] };
    if (kind === 'mutation') batch.mutations.push(parts.action);
    else if (kind === 'metadata') {
      batch.commands.push(parts.action);
      for (const c of columns) batch.columns.add(c);
    } else {
      const items = batch.lists.get(kind) ?? [];
      const item = parts.action.slice(LISTS[kind].length);
      // Two TTLs do not merge (a table has one): the later one replaces the earlier.
      batch.lists.set(kind, kind === 'ttl' ? [item] : [...items, item]);
    }
  }
  flush();
  return out;
}

/**
 * Whether an ALTER TABLE may start a mutation (a rewrite of parts in the background): MATERIALIZE
 * or CLEAR, MODIFY TTL (while materialize_ttl_after_modify is 1), MODIFY COLUMN (a new type),
 * DROP COLUMN (on parts that hold it), DELETE, UPDATE.
 */
export function mayStartMutation(statement: string): boolean {
  const parts = splitAlterHead(statement);
  if (!parts) return false;
  const bare = parts.action.replace(/'(?:[^'\\]|\\.)*'/g, "''").replace(new RegExp(IDENT, 'g'), '``');
  return /\b(?:MATERIALIZE|CLEAR|MODIFY TTL|MODIFY COLUMN|DROP COLUMN|DELETE WHERE|UPDATE)\b/.test(bare);
}
