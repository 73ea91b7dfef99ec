import * as sql from '../../sql';

// The barrel a library user imports: it loads (no import cycle leaves a name undefined) and has both halves.
describe('sql/index.ts', () => {
  test.each(['objectId', 'validateSpec', 'renderCreateTable', 'renderGrant', 'diff', 'diffReplicas', 'generateStackCode', 'renderMarkdown', 'ChxError'])(
    'exports the pure %s',
    (name) => expect(typeof (sql as Record<string, unknown>)[name]).toBe('function'),
  );
  test.each([
    'connect',
    'connectWith',
    'introspectDatabases',
    'introspectAccess',
    'canonicalize',
    'checkDrift',
    'readRevisions',
    'execOnCluster',
    'probeLogin',
  ])('exports the live %s', (name) => expect(typeof (sql as Record<string, unknown>)[name]).toBe('function'));
});
