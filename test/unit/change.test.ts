import { allowDestructive, blocked, change, NEVER, revokeExtra, safe } from '../../sql/diff/change';

// The one runnable rule of every diff: safe fixes run; destructive or rebuild fixes need their opt-in and statements.
describe('change(): when deploy runs a fix', () => {
  const drop = ['ALTER TABLE `d`.`t` DROP COLUMN IF EXISTS `c`'];
  const on = allowDestructive({ allowDestructive: true });
  const off = allowDestructive({});
  test.each([
    ['safe, no opt-in', safe(['CREATE DATABASE IF NOT EXISTS `d`']), off, true],
    ['destructive, opt-in off', { statements: drop, inPlace: true, destructive: true }, off, false],
    ['destructive, opt-in on', { statements: drop, inPlace: true, destructive: true }, on, true],
    ['rebuild with statements, opt-in on', { statements: drop, inPlace: false, destructive: false }, on, true],
    ['rebuild without statements, opt-in on', { statements: [], inPlace: false, destructive: false }, on, false],
    ['destructive, never', { statements: drop, inPlace: true, destructive: true }, NEVER, false],
  ])('GIVEN %s THEN runnable is %s', (_name, fix, optIn, runnable) => {
    expect(change('table:d.t', 'extra_column', 'x', fix, optIn).runnable).toBe(runnable);
  });

  test('GIVEN a refused fix without its own hint THEN the hint names the opt-in that gates it', () => {
    expect(change('table:d.t', 'extra_column', 'x', { statements: drop, inPlace: true, destructive: true }, off).hint).toMatch(/allowDestructive/);
    const revoke = { statements: ['REVOKE SELECT ON `d`.* FROM `u`'], inPlace: true, destructive: true };
    const grant = { kind: 'grant' as const, grantee: 'u', grants: [] };
    expect(change('grant:u', 'grant_extra', 'x', revoke, revokeExtra(grant)).hint).toMatch(/revokeExtra/);
    expect(change('grant:u', 'grant_extra', 'x', revoke, revokeExtra({ ...grant, revokeExtra: true })).runnable).toBe(true);
  });

  test('GIVEN a blocked object THEN nothing runs and the hint says what to do', () => {
    expect(blocked('user:u', 'access_storage_unavailable', 'x', 'do this')).toEqual({
      object: 'user:u',
      reason: 'access_storage_unavailable',
      detail: 'x',
      statements: [],
      inPlace: false,
      destructive: false,
      runnable: false,
      hint: 'do this',
    });
  });
});

// Opt-ins are made inside each test (npm run mutate credits a test only with the code it runs).
// The whole Change, not only runnable: which hint a refusal carries, and reportOnly exactly when
// the opt-in says the construct chose to report (revokeExtra) and the fix did not run.
describe('change(): the hint and reportOnly of each outcome', () => {
  const drop = ['ALTER TABLE `d`.`t` DROP COLUMN IF EXISTS `c`'];
  const grant = { kind: 'grant' as const, grantee: 'u', grants: [] };
  const destructive = { statements: drop, inPlace: true, destructive: true };
  const ALLOW_HINT = 'destructive: deploy runs it only when the construct allows destructive changes (allowDestructive)';
  const REVOKE_HINT = 'declare these privileges, or set revokeExtra: true on the grant to revoke what is not declared';
  test.each([
    ['destructive, allowDestructive off: its hint', destructive, () => allowDestructive({}), { runnable: false, hint: ALLOW_HINT }],
    ['destructive, allowDestructive on: runs, no hint', destructive, () => allowDestructive({ allowDestructive: true }), { runnable: true }],
    ['revokeExtra off: refused and report-only', destructive, () => revokeExtra(grant), { runnable: false, hint: REVOKE_HINT, reportOnly: true }],
    ['revokeExtra on: runs, not report-only', destructive, () => revokeExtra({ ...grant, revokeExtra: true }), { runnable: true }],
    ['a fix with its own hint keeps it', { ...destructive, hint: 'own hint' }, () => allowDestructive({}), { runnable: false, hint: 'own hint' }],
    ['no statements: no opt-in hint', { statements: [], inPlace: false, destructive: false }, () => allowDestructive({}), { runnable: false }],
    ['never: its hint', destructive, () => NEVER, { runnable: false, hint: 'deploy never runs it' }],
  ])('%s', (_name, fix, optIn, expected) => {
    const c = change('table:d.t', 'extra_column', 'x', fix, optIn());
    expect({ runnable: c.runnable, hint: c.hint, reportOnly: c.reportOnly }).toEqual({ hint: undefined, reportOnly: undefined, ...expected });
    expect(Object.keys(c).filter((k) => (c as unknown as Record<string, unknown>)[k] === undefined)).toEqual([]);
  });
});
