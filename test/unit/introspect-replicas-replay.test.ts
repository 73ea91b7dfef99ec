// introspectReplicas driven by what two embedded servers forming one cluster answered to exactly the
// queries it sends (test/fixtures/live/introspect-replicas.json, recorded by
// scripts/capture-live-fixtures-tables.ts; test/integration/live-fixtures-tables.test.ts checks
// the answers still hold). Node 2 has another column, another setting, no view, another detached
// table and its own MergeTree default (parts_to_throw_insert = 500): each replica is read as its own.
import { readReplicasFixture, RecordedCall, replayQueryFn, REPLICAS_CALLS } from '../support/live-fixtures-tables';
import { introspectReplicas } from '../../sql/live/introspect-tables';

const fixture = readReplicasFixture();

/** Each replica's system.merge_tree_settings as recorded (replica 1, replica 2). */
function replicaDefaults(): Record<string, string>[] {
  const call = fixture.calls['introspectReplicas(production; fx_rep)'].find((c) => c.sql.includes('system.merge_tree_settings'))!;
  const rows = call.rows as { replica: number; name: string; value: string }[];
  return [1, 2].map((r) => Object.fromEntries(rows.filter((x) => x.replica === r).map((x) => [x.name, x.value])));
}

function expected(node1: Record<string, string>, node2: Record<string, string>): Record<string, unknown> {
  return {
    'introspectReplicas(production; fx_rep)': [
      {
        host: '127.0.0.1:9001',
        objects: [
          {
            kind: 'database',
            name: 'fx_rep',
            engine: 'Atomic',
            comment: 'on both',
          },
          {
            kind: 'table',
            database: 'fx_rep',
            name: 'a',
            columns: [
              {
                name: 'k',
                type: 'String',
              },
              {
                name: 'v',
                type: 'UInt8',
                comment: 'v',
              },
            ],
            engine: {
              name: 'MergeTree',
              args: [],
            },
            orderBy: ['k'],
            settings: {
              index_granularity: '1024',
            },
            indexes: [
              {
                name: 'ix',
                expression: 'v',
                type: 'minmax',
                granularity: 1,
              },
            ],
            projections: [
              {
                name: 'p',
                query: 'SELECT v ORDER BY v',
              },
            ],
            settingDefaults: node1,
          },
          {
            kind: 'table',
            database: 'fx_rep',
            name: 'b',
            columns: [
              {
                name: 'k',
                type: 'String',
              },
            ],
            engine: {
              name: 'Log',
              args: [],
            },
            orderBy: [],
          },
          {
            kind: 'materialized_view',
            database: 'fx_rep',
            name: 'mv',
            to: {
              database: 'fx_rep',
              name: 'b',
            },
            select: 'SELECT k FROM fx_rep.a',
            columns: [
              {
                name: 'k',
                type: 'String',
              },
            ],
            columnsListed: true,
          },
          {
            kind: 'view',
            database: 'fx_rep',
            name: 'v',
            select: 'SELECT k FROM fx_rep.a',
            columns: [
              {
                name: 'k',
                type: 'String',
              },
            ],
            columnsListed: true,
          },
          {
            kind: 'table',
            database: 'fx_rep',
            name: 'gone',
            columns: [],
            engine: {
              name: '',
            },
            orderBy: [],
            detached: {
              permanently: true,
              definitionRead: false,
            },
          },
          {
            kind: 'materialized_view',
            database: 'fx_rep',
            name: 'gone',
            to: {
              database: 'fx_rep',
              name: '',
            },
            select: '',
            detached: {
              permanently: true,
              definitionRead: false,
            },
          },
          {
            kind: 'view',
            database: 'fx_rep',
            name: 'gone',
            select: '',
            detached: {
              permanently: true,
              definitionRead: false,
            },
          },
          {
            kind: 'dictionary',
            database: 'fx_rep',
            name: 'gone',
            attributes: [],
            primaryKey: [],
            source: {
              type: '',
            },
            layout: {
              type: '',
            },
            detached: {
              permanently: true,
              definitionRead: false,
            },
          },
        ],
      },
      {
        host: '127.0.0.1:9002',
        objects: [
          {
            kind: 'database',
            name: 'fx_rep',
            engine: 'Atomic',
            comment: 'on both',
          },
          {
            kind: 'table',
            database: 'fx_rep',
            name: 'a',
            columns: [
              {
                name: 'k',
                type: 'String',
              },
              {
                name: 'v',
                type: 'UInt8',
                comment: 'v',
              },
              {
                name: 'w',
                type: 'UInt8',
              },
            ],
            engine: {
              name: 'MergeTree',
              args: [],
            },
            orderBy: ['k'],
            settings: {
              index_granularity: '2048',
            },
            indexes: [
              {
                name: 'ix',
                expression: 'v',
                type: 'minmax',
                granularity: 1,
              },
            ],
            projections: [
              {
                name: 'p',
                query: 'SELECT v ORDER BY v',
              },
            ],
            settingDefaults: node2,
          },
          {
            kind: 'table',
            database: 'fx_rep',
            name: 'b',
            columns: [
              {
                name: 'k',
                type: 'String',
              },
            ],
            engine: {
              name: 'Log',
              args: [],
            },
            orderBy: [],
          },
          {
            kind: 'materialized_view',
            database: 'fx_rep',
            name: 'mv',
            to: {
              database: 'fx_rep',
              name: 'b',
            },
            select: 'SELECT k FROM fx_rep.a',
            columns: [
              {
                name: 'k',
                type: 'String',
              },
            ],
            columnsListed: true,
          },
          {
            kind: 'table',
            database: 'fx_rep',
            name: 'gone2',
            columns: [],
            engine: {
              name: '',
            },
            orderBy: [],
            detached: {
              permanently: false,
              definitionRead: false,
            },
          },
          {
            kind: 'materialized_view',
            database: 'fx_rep',
            name: 'gone2',
            to: {
              database: 'fx_rep',
              name: '',
            },
            select: '',
            detached: {
              permanently: false,
              definitionRead: false,
            },
          },
          {
            kind: 'view',
            database: 'fx_rep',
            name: 'gone2',
            select: '',
            detached: {
              permanently: false,
              definitionRead: false,
            },
          },
          {
            kind: 'dictionary',
            database: 'fx_rep',
            name: 'gone2',
            attributes: [],
            primaryKey: [],
            source: {
              type: '',
            },
            layout: {
              type: '',
            },
            detached: {
              permanently: false,
              definitionRead: false,
            },
          },
        ],
      },
    ],
    'introspectReplicas(production; fx_rep; named)': [
      {
        host: '127.0.0.1:9001',
        objects: [
          {
            kind: 'database',
            name: 'fx_rep',
            engine: 'Atomic',
            comment: 'on both',
          },
          {
            kind: 'table',
            database: 'fx_rep',
            name: 'a',
            columns: [
              {
                name: 'k',
                type: 'String',
              },
              {
                name: 'v',
                type: 'UInt8',
                comment: 'v',
              },
            ],
            engine: {
              name: 'MergeTree',
              args: [],
            },
            orderBy: ['k'],
            settings: {
              index_granularity: '1024',
            },
            indexes: [
              {
                name: 'ix',
                expression: 'v',
                type: 'minmax',
                granularity: 1,
              },
            ],
            projections: [
              {
                name: 'p',
                query: 'SELECT v ORDER BY v',
              },
            ],
            settingDefaults: node1,
          },
          {
            kind: 'table',
            database: 'fx_rep',
            name: 'gone',
            columns: [],
            engine: {
              name: '',
            },
            orderBy: [],
            detached: {
              permanently: true,
              definitionRead: false,
            },
          },
          {
            kind: 'materialized_view',
            database: 'fx_rep',
            name: 'gone',
            to: {
              database: 'fx_rep',
              name: '',
            },
            select: '',
            detached: {
              permanently: true,
              definitionRead: false,
            },
          },
          {
            kind: 'view',
            database: 'fx_rep',
            name: 'gone',
            select: '',
            detached: {
              permanently: true,
              definitionRead: false,
            },
          },
          {
            kind: 'dictionary',
            database: 'fx_rep',
            name: 'gone',
            attributes: [],
            primaryKey: [],
            source: {
              type: '',
            },
            layout: {
              type: '',
            },
            detached: {
              permanently: true,
              definitionRead: false,
            },
          },
        ],
      },
      {
        host: '127.0.0.1:9002',
        objects: [
          {
            kind: 'database',
            name: 'fx_rep',
            engine: 'Atomic',
            comment: 'on both',
          },
          {
            kind: 'table',
            database: 'fx_rep',
            name: 'a',
            columns: [
              {
                name: 'k',
                type: 'String',
              },
              {
                name: 'v',
                type: 'UInt8',
                comment: 'v',
              },
              {
                name: 'w',
                type: 'UInt8',
              },
            ],
            engine: {
              name: 'MergeTree',
              args: [],
            },
            orderBy: ['k'],
            settings: {
              index_granularity: '2048',
            },
            indexes: [
              {
                name: 'ix',
                expression: 'v',
                type: 'minmax',
                granularity: 1,
              },
            ],
            projections: [
              {
                name: 'p',
                query: 'SELECT v ORDER BY v',
              },
            ],
            settingDefaults: node2,
          },
          {
            kind: 'table',
            database: 'fx_rep',
            name: 'gone2',
            columns: [],
            engine: {
              name: '',
            },
            orderBy: [],
            detached: {
              permanently: false,
              definitionRead: false,
            },
          },
          {
            kind: 'materialized_view',
            database: 'fx_rep',
            name: 'gone2',
            to: {
              database: 'fx_rep',
              name: '',
            },
            select: '',
            detached: {
              permanently: false,
              definitionRead: false,
            },
          },
          {
            kind: 'view',
            database: 'fx_rep',
            name: 'gone2',
            select: '',
            detached: {
              permanently: false,
              definitionRead: false,
            },
          },
          {
            kind: 'dictionary',
            database: 'fx_rep',
            name: 'gone2',
            attributes: [],
            primaryKey: [],
            source: {
              type: '',
            },
            layout: {
              type: '',
            },
            detached: {
              permanently: false,
              definitionRead: false,
            },
          },
        ],
      },
    ],
    'introspectReplicas(production; fx_rep; no tables)': [
      {
        host: '127.0.0.1:9001',
        objects: [
          {
            kind: 'database',
            name: 'fx_rep',
            engine: 'Atomic',
            comment: 'on both',
          },
        ],
      },
      {
        host: '127.0.0.1:9002',
        objects: [
          {
            kind: 'database',
            name: 'fx_rep',
            engine: 'Atomic',
            comment: 'on both',
          },
        ],
      },
    ],
    'introspectReplicas(production; no databases)': [
      {
        host: '127.0.0.1:9001',
        objects: [],
      },
      {
        host: '127.0.0.1:9002',
        objects: [],
      },
    ],
  };
}

const sqlOf = (calls: readonly RecordedCall[]) => calls.map((c) => c.sql);

describe('introspectReplicas on recorded cluster answers', () => {
  test('GIVEN the recorded answers WHEN they were taken THEN they come from two replicas with different MergeTree defaults', () => {
    const [node1, node2] = replicaDefaults();
    expect(node1.parts_to_throw_insert).toBe('3000');
    expect(node2.parts_to_throw_insert).toBe('500');
  });

  test.each(Object.keys(REPLICAS_CALLS))(
    'GIVEN the cluster WHEN %s runs THEN it sends the recorded queries and reads each replica as its own',
    async (name) => {
      const recorded = fixture.calls[name];
      const q = replayQueryFn(recorded);
      const result = await REPLICAS_CALLS[name](q);
      expect(q.sent).toEqual(sqlOf(recorded));
      const [node1, node2] = replicaDefaults();
      expect(result).toStrictEqual(expected(node1, node2)[name]);
    },
  );

  test('GIVEN no databases or no tables WHEN read THEN only the databases of each replica are asked, one query', async () => {
    for (const name of ['introspectReplicas(production; no databases)', 'introspectReplicas(production; fx_rep; no tables)']) {
      const q = replayQueryFn(fixture.calls[name]);
      await REPLICAS_CALLS[name](q);
      expect(q.sent).toHaveLength(1);
      expect(q.sent[0]).toContain('clusterAllReplicas({cluster:String}, system.databases)');
    }
    // The same call made directly (this file's own import of the reader, so jest relates it to the module).
    const q = replayQueryFn(fixture.calls['introspectReplicas(production; no databases)']);
    expect((await introspectReplicas(q, 'production', [])).map((r) => r.host)).toStrictEqual(['127.0.0.1:9001', '127.0.0.1:9002']);
  });
});
