// The small pure parts of sql/spec: object identity (model.ts), the privilege catalog
// (privileges.ts) on a catalog small enough to read, and bytes, cost lines and runnable
// statements (changes.ts). Each row computes inside its test.
import { Change, ChangeCost, formatBytes, formatCost, runnableStatements } from '../../sql/spec/changes';
import { ObjectSpec, isAccessKind, objectId } from '../../sql/spec/model';
import {
  DEFAULT_PRIVILEGE_CATALOG,
  GrantScope,
  PrivilegeCatalog,
  compactLeaves,
  expandGrant,
  privilegeProblem,
  scopeCovers,
  scopeKey,
  scopeKind,
} from '../../sql/spec/privileges';

describe('objectId and isAccessKind', () => {
  test.each<[Record<string, unknown>, string, boolean]>([
    [{ kind: 'database', name: 'monitor' }, 'database:monitor', false],
    [{ kind: 'table', database: 'monitor', name: 't' }, 'table:monitor.t', false],
    [{ kind: 'materialized_view', database: 'monitor', name: 'v' }, 'materialized_view:monitor.v', false],
    [{ kind: 'user', name: 'u' }, 'user:u', true],
    [{ kind: 'settings_profile', name: 'p' }, 'settings_profile:p', true],
    [{ kind: 'grant', grantee: 'u' }, 'grant:u', true],
  ])('%p is %p', (spec, id, access) => {
    expect(objectId(spec as unknown as ObjectSpec)).toBe(id);
    expect(isAccessKind(spec.kind as ObjectSpec['kind'])).toBe(access);
  });
});

/** ALL > SHOW > (SHOW DATABASES, SHOW TABLES), SELECT, ACCESS > (NAMED COLLECTION, CREATE X), SYSTEM SHUTDOWN. */
const catalog = (): PrivilegeCatalog =>
  new PrivilegeCatalog([
    { privilege: 'ALL', level: null, parent_group: null, aliases: ['ALL PRIVILEGES'] },
    { privilege: 'SHOW', level: null, parent_group: 'ALL' },
    { privilege: 'SHOW DATABASES', level: 'DATABASE', parent_group: 'SHOW', aliases: ['SHOW DB'] },
    { privilege: 'SHOW TABLES', level: 'TABLE', parent_group: 'SHOW' },
    { privilege: 'SELECT', level: 'COLUMN', parent_group: 'ALL' },
    { privilege: 'ACCESS', level: null, parent_group: 'ALL' },
    { privilege: 'NAMED COLLECTION', level: 'NAMED_COLLECTION', parent_group: 'ACCESS' },
    { privilege: 'CREATE X', level: 'DATABASE', parent_group: 'ACCESS' },
    { privilege: 'SYSTEM SHUTDOWN', level: 'GLOBAL', parent_group: 'ALL', aliases: ['SHUTDOWN', 'select'] },
  ]);
const ALL_LEAVES = ['SHOW DATABASES', 'SHOW TABLES', 'SELECT', 'NAMED COLLECTION', 'CREATE X', 'SYSTEM SHUTDOWN'];

describe('PrivilegeCatalog', () => {
  test.each<[string, string | undefined]>([
    ['SELECT', 'SELECT'],
    ['  show   databases ', 'SHOW DATABASES'],
    ['show\tdb', 'SHOW DATABASES'],
    ['shutdown', 'SYSTEM SHUTDOWN'],
    ['select', 'SELECT'],
    ['all privileges', 'ALL'],
    ['SHOWDATABASES', undefined],
    ['nope', undefined],
  ])('canonical(%p) = %p (an alias never takes over a name)', (name, expected) => expect(catalog().canonical(name)).toBe(expected));

  test('level, has, childrenOf', () => {
    const c = catalog();
    expect([c.level('SHOW TABLES'), c.level('SHOW'), c.level('nope')]).toEqual(['TABLE', null, null]);
    expect([c.has('SHOW'), c.has('show'), c.has('SHOW DB')]).toEqual([true, false, false]);
    expect(c.childrenOf('SHOW')).toEqual(['SHOW DATABASES', 'SHOW TABLES']);
    expect(c.childrenOf('SELECT')).toEqual([]);
  });

  test('leaves: every leaf under a name, itself for a leaf, the same list when asked again', () => {
    const c = catalog();
    const first = c.leaves('ALL');
    expect(first).toEqual(ALL_LEAVES);
    expect(c.leaves('ALL')).toBe(first);
    expect(c.leaves('SELECT')).toEqual(['SELECT']);
    expect(c.leaves('UNKNOWN')).toEqual(['UNKNOWN']);
  });

  test.each<[string, string, string[]]>([
    ['ALL', 'global', ALL_LEAVES],
    ['ALL', 'database', ['SHOW DATABASES', 'SHOW TABLES', 'SELECT', 'NAMED COLLECTION', 'CREATE X']],
    ['ALL', 'table', ['SHOW TABLES', 'SELECT']],
    ['ALL', 'column', ['SELECT']],
    ['SYSTEM SHUTDOWN', 'database', ['SYSTEM SHUTDOWN']],
    ['SHOW', 'column', ['SHOW DATABASES', 'SHOW TABLES']],
  ])('applicableLeaves(%p, %p) = %p', (name, kind, expected) => {
    expect(catalog().applicableLeaves(name, kind as 'global')).toEqual(expected);
  });

  test('isParameterized: the levels that take a name', () => {
    const c = catalog();
    expect(['NAMED COLLECTION', 'CREATE X', 'SHOW', 'nope'].map((n) => c.isParameterized(n))).toEqual([true, false, false, false]);
  });

  test('the built-in catalog knows ClickHouse aliases', () => {
    expect(DEFAULT_PRIVILEGE_CATALOG.canonical('all privileges')).toBe('ALL');
  });

  test.each<[string, string | undefined]>([
    ['select', undefined],
    ['ALTER UPDATE', undefined],
    ['1SELECT', '"1SELECT" is not a privilege name'],
    ['SELECT_', '"SELECT_" is not a privilege this ClickHouse knows (see system.privileges)'],
  ])('privilegeProblem(%p) = %p', (privilege, expected) => expect(privilegeProblem(privilege)).toBe(expected));
});

describe('scopes and expandGrant', () => {
  test.each<[GrantScope, string]>([
    [{ database: '*', table: '*' }, 'global'],
    [{ database: '*', table: 't' }, 'global'],
    [{ database: 'd', table: '*' }, 'database'],
    [{ database: 'd', table: 't' }, 'table'],
    [{ database: 'd', table: 't', column: 'c' }, 'column'],
  ])('scopeKind(%p) = %p', (scope, kind) => expect(scopeKind(scope)).toBe(kind));

  test.each<[GrantScope, GrantScope, boolean]>([
    [{ database: '*', table: '*' }, { database: 'd', table: 't', column: 'c' }, true],
    [{ database: 'd', table: '*' }, { database: 'd', table: 't' }, true],
    [{ database: 'd', table: '*' }, { database: 'e', table: 't' }, false],
    [{ database: 'd', table: 't' }, { database: 'd', table: 't', column: 'c' }, true],
    [{ database: 'd', table: 't' }, { database: 'd', table: 'u' }, false],
    [{ database: 'd', table: 't', column: 'c' }, { database: 'd', table: 't', column: 'c' }, true],
    [{ database: 'd', table: 't', column: 'c' }, { database: 'd', table: 't', column: 'e' }, false],
    [{ database: 'd', table: 't', column: 'c' }, { database: 'd', table: 't' }, false],
  ])('scopeCovers(%p, %p) = %p', (outer, inner, expected) => expect(scopeCovers(outer, inner)).toBe(expected));

  test('scopeKey tells scopes apart', () => {
    expect(scopeKey({ database: 'd', table: 't' })).toBe('d\u0000t\u0000');
    expect(scopeKey({ database: 'd', table: 't', column: 'c' })).toBe('d\u0000t\u0000c');
  });

  test('expandGrant: leaves at the scope, no column or revoke key unless there is one', () => {
    expect(expandGrant(catalog(), 'show', { database: 'd', table: '*' }, true)).toStrictEqual([
      { privilege: 'SHOW DATABASES', database: 'd', table: '*', grantOption: true },
      { privilege: 'SHOW TABLES', database: 'd', table: '*', grantOption: true },
    ]);
    expect(expandGrant(catalog(), 'SELECT', { database: 'd', table: 't', column: 'c' }, false, true)).toStrictEqual([
      { privilege: 'SELECT', database: 'd', table: 't', column: 'c', grantOption: false, revoke: true },
    ]);
  });

  test('expandGrant keeps an unknown privilege as one upper-cased leaf', () => {
    expect(expandGrant(catalog(), ' future thing ', { database: '*', table: '*' }, false)).toStrictEqual([
      { privilege: 'FUTURE THING', database: '*', table: '*', grantOption: false },
    ]);
  });
});

describe('compactLeaves', () => {
  test.each<[string[], string, string[]]>([
    [['SHOW DATABASES', 'SHOW TABLES', 'SELECT', 'NAMED COLLECTION', 'CREATE X'], 'database', ['ALL']],
    [['SHOW TABLES', 'SHOW DATABASES'], 'database', ['SHOW']],
    [['SHOW TABLES', 'SELECT'], 'database', ['SHOW TABLES', 'SELECT']],
    [['NAMED COLLECTION', 'CREATE X'], 'database', ['NAMED COLLECTION', 'CREATE X']],
    [['SHOW TABLES', 'SELECT'], 'table', ['ALL']],
    [['UNKNOWN', 'SELECT', 'UNKNOWN'], 'column', ['ALL', 'UNKNOWN']],
  ])('%p at a %s scope: %p', (leaves, kind, expected) => expect(compactLeaves(catalog(), leaves, kind as 'global')).toEqual(expected));

  test('a catalog without ALL gives the leaves back', () => {
    const c = new PrivilegeCatalog([{ privilege: 'SELECT', level: 'COLUMN', parent_group: null }]);
    expect(compactLeaves(c, ['SELECT', 'SELECT'], 'table')).toEqual(['SELECT']);
  });
});

describe('changes.ts helpers', () => {
  test.each<[number, string]>([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [3.1 * 1024 ** 2, '3.1 MiB'],
    [1024 ** 3, '1.0 GiB'],
    [2 * 1024 ** 4, '2.0 TiB'],
    [1024 ** 5, '1.0 PiB'],
    [1024 ** 6, '1024.0 PiB'],
  ])('formatBytes(%p) = %p', (bytes, expected) => expect(formatBytes(bytes)).toBe(expected));

  test('formatCost joins the note and pending mutations', () => {
    const cost: ChangeCost = { class: 'rewrites_parts', rows: 48200, bytes: 2048, parts: 12, pendingMutations: 2, note: 'materialize_ttl_after_modify=1' };
    expect(formatCost(cost)).toBe('rewrites 12 part(s), 2.0 KiB, 48,200 row(s) (materialize_ttl_after_modify=1; 2 pending mutation(s) before it)');
    expect(formatCost(cost, false)).toBe('rewrites every part (materialize_ttl_after_modify=1)');
  });

  test('runnableStatements: only runnable changes, in order, without repeats', () => {
    const c = (statements: string[], runnable: boolean): Change =>
      ({ object: 'table:d.t', reason: 'missing_column', detail: '', statements, inPlace: true, destructive: false, runnable }) as Change;
    expect(runnableStatements([c(['a', 'b'], true), c(['x'], false), c(['b', 'c'], true)])).toEqual(['a', 'b', 'c']);
  });
});
