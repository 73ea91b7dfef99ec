// The secrets scans' needles (test/support/secret-needles.ts) find each form a password could leak
// in, including what sql/spec/secrets.ts really produces, so a clean scan means something. No server.
import { createHash } from 'crypto';
import { resolveSecrets, sha256Identification, sha256Placeholder } from '../../sql/spec/secrets';
import { leaks } from '../support/secret-needles';

const pw = 'abc-secret-123';
const fingerprint = createHash('sha256').update(pw).digest('hex');

describe('secret needles', () => {
  test.each<[string, string, string[]]>([
    ['plaintext', `x ${pw} y`, ['plaintext']],
    ['unsalted SHA-256 hex fingerprint', `hash=${fingerprint}`, ['sha256']],
    ['unsalted fingerprint in upper case', fingerprint.toUpperCase(), ['sha256']],
    ['base64', Buffer.from(pw).toString('base64'), ['base64']],
    ['a salted identification as the project renders it', sha256Identification(pw, 'cd'.repeat(16)), ['salted hash']],
    ['a salted identification of another password (found by its shape)', sha256Identification('other-password'), ['salted hash']],
    ['a resolved statement', resolveSecrets(`CREATE USER u ${sha256Placeholder('PW')}`, { PW: pw }), ['salted hash']],
    ['a salt alone', "SALT '0123456789abcdef0123'", ['salted hash']],
    ['the placeholder plans show', `CREATE USER u ${sha256Placeholder('MONITOR_PASSWORD')}`, []],
    ['a short hex id (a revision)', 'revision 0123456789abcdef', []],
  ])('%s', (_name, text, found) => {
    expect(leaks(text, pw)).toEqual(found);
  });
});
