// The code `chx import` writes, run: transpiled and evaluated against this project's constructs
// (no tsc, no server), it builds the specs it was generated from, less only what import leaves out
// or writes in its declared form. test/unit/codegen-emit.test.ts checks the same code text for text;
// test/integration/import.test.ts type-checks imported code and deploys it against a server.
import * as path from 'path';
import * as ts from 'typescript';
import { Testing } from 'cdktf';
import { generateStackCode } from '../../sql/codegen';
import { ObjectSpec, objectId } from '../../sql/spec/model';
import { seedDatabase, seedTables, seedView } from '../../stacks/lightbulb/seed-schema';
import { everyKind } from '../support/codegen-fixtures';

type StackFn = (scope: unknown, id?: string) => { clickhouseObjects: readonly { spec: ObjectSpec }[] };

/** The specs of the constructs `code` declares, in the order it declares them. */
function evaluate(code: string, fnName: string): ObjectSpec[] {
  const { outputText, diagnostics } = ts.transpileModule(code, {
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
  });
  expect(diagnostics).toEqual([]);
  const constructs = path.join(__dirname, '..', '..', 'constructs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the generated module's imports, resolved at run time
  const load = (m: string): unknown => (m === 'constructs' ? require('constructs') : require(path.join(constructs, m.replace(/^\.\.\/constructs\//, ''))));
  const mod = { exports: {} as Record<string, StackFn> };
  new Function('exports', 'require', 'module', outputText)(mod.exports, load, mod);
  return mod.exports[fnName](Testing.app(), 'imported').clickhouseObjects.map((o) => o.spec);
}

describe('import round trip: the generated code builds the specs back', () => {
  test('GIVEN the lightbulb seed schema WHEN its code is run THEN the constructs have exactly its specs', () => {
    const seed: ObjectSpec[] = [seedDatabase({ database: 'monitor' }), ...seedTables(), seedView()];
    expect(evaluate(generateStackCode(seed, { stackName: 'monitor' }).code, 'monitorStack')).toEqual(seed);
  });

  test('GIVEN objects of every kind WHEN their code is run THEN each construct has its spec as declared: defaults and live-only fields dropped, references not imported left out, values typed', () => {
    const input = everyKind();
    const live = <K extends ObjectSpec['kind']>(id: string) => input.find((o) => objectId(o) === id) as Extract<ObjectSpec, { kind: K }>;
    const orders = live<'table'>('table:shop.orders');
    const countries = live<'dictionary'>('dictionary:shop.countries');
    const innerMv = live<'materialized_view'>('materialized_view:logs.inner_mv');
    const alice = live<'user'>('user:alice');
    const aliceGrants = live<'grant'>('grant:alice');
    const { settingDefaults: _tableDefaults, ...declaredOrders } = orders;
    const { settingDefaults: _innerDefaults, ...declaredInner } = innerMv.inner!;
    const declared: Record<string, ObjectSpec> = {
      // Atomic is the default engine; the server's defaults are not declared; the source password
      // comes from a variable; names and values as the constructs take them.
      'database:shop': { kind: 'database', name: 'shop', comment: "the shop's data" },
      'table:shop.orders': { ...declaredOrders, settings: { min_bytes_for_wide_part: 0, storage_policy: 'default' } },
      'dictionary:shop.countries': {
        ...countries,
        source: {
          type: 'CLICKHOUSE',
          params: { table: 'country_names', db: 'shop', port: 9000, user: 'reader' },
          passwordEnv: 'SHOP_COUNTRIES_SOURCE_PASSWORD',
        },
        layout: { type: 'HASHED', params: { shards: 4 } },
      },
      'materialized_view:logs.inner_mv': { ...innerMv, inner: { ...declaredInner, settings: { merge_with_ttl_timeout: '3600' } } },
      'settings_profile:base': {
        kind: 'settings_profile',
        name: 'base',
        settings: [
          { name: 'readonly', value: 1 },
          { name: 'log_comment', value: 'x' },
        ],
      },
      'settings_profile:child': {
        kind: 'settings_profile',
        name: 'child',
        settings: [{ name: 'max_threads', value: 4, min: 1, max: 8, writability: 'WRITABLE' }],
        inherit: ['base'],
      },
      'user:alice': {
        ...alice,
        auth: { method: 'sha256_hash', passwordEnv: 'ALICE_PASSWORD', passwordVersion: '1' },
        profiles: ['child'],
        roles: ['reader'],
        defaultRoles: ['reader'],
      },
      'grant:alice': {
        ...aliceGrants,
        grants: [aliceGrants.grants[0], { privilege: 'INSERT', database: 'logs' }, aliceGrants.grants[2], aliceGrants.grants[3]],
      },
    };
    const order = [
      'database:shop',
      'database:logs',
      'table:shop.country_names',
      'table:logs.events',
      'table:shop.daily',
      'dictionary:shop.countries',
      'table:shop.orders',
      'materialized_view:shop.daily_mv',
      'materialized_view:logs.inner_mv',
      'view:shop.big_orders',
      'settings_profile:base',
      'settings_profile:child',
      'role:reader',
      'user:alice',
      'quota:q',
      'row_policy:mine ON shop.orders',
      'grant:alice',
      'grant:reader',
    ];
    const specs = evaluate(generateStackCode(input, { stackName: 's' }).code, 'sStack');
    expect(specs.map(objectId)).toEqual(order);
    expect(specs).toEqual(order.map((id) => declared[id] ?? live(id)));
  });
});
