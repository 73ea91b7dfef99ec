// The provider never logs or reports a password in any form: its log lines and diagnostics, while
// it plans a user and runs the user's resolved CREATE USER (the placeholder filled with a salted
// hash right before it goes to the server), hold no plaintext, fingerprint, base64 or resolved
// identification (test/support/secret-needles.ts). On a server without writable access storage
// the plan is refused and the statement fails on the server: the statement is still resolved and
// sent, so the log and the error are still what is checked. (The end-to-end scan with Terraform's
// trace log is test/e2e/secrets-scan.test.ts.)
import { randomBytes } from 'crypto';
import { renderCreateUser } from '../../sql/render/access';
import { UserSpec } from '../../sql/spec/model';
import { testClient, uniqueName } from '../support/clickhouse';
import { startProvider, TestProvider } from '../support/provider';
import { leaks } from '../support/secret-needles';
import { serverInfo } from '../support/server-info';

describe('provider: no password in its log or diagnostics', () => {
  const client = testClient();
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const user: UserSpec = { kind: 'user', name: uniqueName('secret_user'), auth: { method: 'sha256_hash', passwordEnv: 'SECRET_TEST_PASSWORD' } };
  const lines: string[] = [];
  let p: TestProvider;

  beforeAll(async () => {
    const info = serverInfo();
    p = await startProvider(
      { url: info.url, username: info.username, password: info.password, stack: 'secrets', record_revisions: false },
      { ...process.env, SECRET_TEST_PASSWORD: password },
      (l) => lines.push(l),
    );
  });
  afterAll(async () => {
    await p.close();
    if (serverInfo().capabilities.accessStorage) await client.command({ query: `DROP USER IF EXISTS ${user.name}` });
    await client.close();
  });

  test('GIVEN a user whose password is in the environment WHEN planned, applied and its resolved CREATE USER run THEN no log line or message holds it', async () => {
    const run = await p.converge(user);
    // The statement apply runs, through the provider's own exec (resolve, run, redact errors).
    const statement = renderCreateUser(user);
    expect(statement).toContain('{{password_sha256:SECRET_TEST_PASSWORD}}');
    const exec = (p.provider as unknown as { exec(s: string, pw: string | undefined): Promise<void> }).exec.bind(p.provider);
    let error = '';
    await exec(statement, undefined).catch((e: Error) => (error = e.message));
    const texts = [...lines, error, ...run.diagnostics.map((d) => `${d.summary}\n${d.detail ?? ''}`)];
    // The capture works: the provider said something (configured, refused or applied).
    expect(lines.length).toBeGreaterThan(0);
    const hits = texts.flatMap((t) => leaks(t, password));
    console.log(
      `[provider-secrets] ${lines.length} log lines, ${run.diagnostics.length} diagnostics, exec ${error ? `failed: ${error.slice(0, 120)}` : 'succeeded'}; ${hits.length} leaks`,
    );
    expect(hits).toEqual([]);
  });
});
